/*
 * uart.c - polled PL011 output (Arm PrimeCell UART PL011 TRM, DDI0183).
 *
 * The UART is left as the platform configured it (QEMU needs no setup;
 * on FVP the model's UART works at reset).  Only the enables are set.
 * Lines end in a bare '\n' (no '\r'), so captured output matches line
 * by line.  Usable from every EL and world with the MMU off: with GPC enabled the
 * UART granule must be GPI "All access".
 */
#include <stdint.h>

#include "board.h"
#include "printf.h"

#define UARTDR      0x000   /* data */
#define UARTFR      0x018   /* flags */
#define UARTCR      0x030   /* control */
#define FR_TXFF     (1u << 5)   /* transmit FIFO full */
#define CR_UARTEN   (1u << 0)
#define CR_TXE      (1u << 8)

static inline volatile uint32_t *uart_reg(unsigned int off)
{
    return (volatile uint32_t *)(uintptr_t)(BOARD_UART_BASE + off);
}

void uart_init(void)
{
    *uart_reg(UARTCR) |= CR_UARTEN | CR_TXE;
}

void uart_putc(char c)
{
    while (*uart_reg(UARTFR) & FR_TXFF) {
        /* wait for room in the FIFO */
    }
    *uart_reg(UARTDR) = (uint32_t)(unsigned char)c;
}

void uart_puts(const char *s)
{
    while (*s) {
        uart_putc(*s++);
    }
}
