/*
 * printf.c - minimal printf for the guest suite (see printf.h).
 */
#include <stdbool.h>
#include <stdint.h>

#include "printf.h"

/* Where formatted characters go. */
struct sink {
    char *buf;          /* NULL: UART */
    size_t size;
    size_t len;         /* characters produced (even if truncated) */
};

static void sink_put(struct sink *s, char c)
{
    if (!s->buf) {
        uart_putc(c);
    } else if (s->len + 1 < s->size) {
        s->buf[s->len] = c;
    }
    s->len++;
}

static void put_padded(struct sink *s, const char *str, size_t len,
                       int width, bool left, char pad)
{
    int fill = width > (int)len ? width - (int)len : 0;

    if (!left) {
        while (fill-- > 0) {
            sink_put(s, pad);
        }
    }
    for (size_t i = 0; i < len; i++) {
        sink_put(s, str[i]);
    }
    if (left) {
        while (fill-- > 0) {
            sink_put(s, ' ');
        }
    }
}

static void put_number(struct sink *s, uint64_t val, bool negative,
                       unsigned int base, bool upper, int width,
                       bool left, bool zero)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;

    do {
        tmp[sizeof(tmp) - 1 - n++] = digits[val % base];
        val /= base;
    } while (val);

    if (negative) {
        if (zero && !left) {
            /* "-0042": sign before the zero padding */
            sink_put(s, '-');
            width = width > 0 ? width - 1 : 0;
        } else {
            tmp[sizeof(tmp) - 1 - n++] = '-';
        }
    }
    put_padded(s, &tmp[sizeof(tmp) - n], n, width, left,
               zero && !left ? '0' : ' ');
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        bool left = false, zero = false;
        int width = 0, lng = 0;

        if (*fmt != '%') {
            sink_put(s, *fmt);
            continue;
        }
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-') {
                left = true;
            } else if (*fmt == '0') {
                zero = true;
            } else {
                break;
            }
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z') {
            lng++;
            fmt++;
        }

        switch (*fmt) {
        case 'c':
            sink_put(s, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            size_t len = 0;

            if (!str) {
                str = "(null)";
            }
            while (str[len]) {
                len++;
            }
            put_padded(s, str, len, width, left, ' ');
            break;
        }
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);

            put_number(s, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10,
                       false, width, left, zero);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = lng ? va_arg(ap, unsigned long)
                             : va_arg(ap, unsigned int);

            put_number(s, v, false, *fmt == 'u' ? 10 : 16, *fmt == 'X',
                       width, left, zero);
            break;
        }
        case 'p':
            sink_put(s, '0');
            sink_put(s, 'x');
            put_number(s, (uintptr_t)va_arg(ap, void *), false, 16, false,
                       width, left, zero);
            break;
        case '%':
            sink_put(s, '%');
            break;
        case '\0':
            return;
        default:
            /* Unknown conversion: print it verbatim. */
            sink_put(s, '%');
            sink_put(s, *fmt);
            break;
        }
    }
}

int vprintf(const char *fmt, va_list ap)
{
    struct sink s = { 0 };

    format(&s, fmt, ap);
    return (int)s.len;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = { .buf = buf, .size = size };

    format(&s, fmt, ap);
    if (size) {
        buf[s.len < size ? s.len : size - 1] = '\0';
    }
    return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
