/*
 * printf.h - a small freestanding formatter.
 *
 * Conversions: %c %s %d %i %u %x %X %p %%, length modifiers l, ll, z,
 * flags '0' and '-', and a field width.  Output goes to the UART
 * (printf) or to a buffer (snprintf, always NUL-terminated).
 */
#ifndef GUEST_PRINTF_H
#define GUEST_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* UART (uart.c) */
void uart_init(void);
void uart_putc(char c);
void uart_puts(const char *s);

#endif /* GUEST_PRINTF_H */
