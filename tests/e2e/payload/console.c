/*
 * qemu-rme bare-metal payloads at Non-secure EL2 (the demo, the storm and
 * tests/e2e/realm-host): the PL011 console, SMC calls, PSCI SYSTEM_OFF.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "payload.h"

static void putc_(char c)
{
    volatile uint32_t *fr = (uint32_t *)(UART0_BASE + PL011_FR);
    volatile uint32_t *dr = (uint32_t *)(UART0_BASE + PL011_DR);

    while (*fr & PL011_FR_TXFF) {
    }
    *dr = (uint32_t)c;
}

void puts_(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n') {
            putc_('\r');
        }
        putc_(*s);
    }
}

void puthex(uint64_t v)
{
    static const char hex[] = "0123456789abcdef";
    char buf[19];
    int i, n = 0;

    buf[n++] = '0';
    buf[n++] = 'x';
    for (i = 60; i > 0 && !((v >> i) & 0xf); i -= 4) {
    }
    for (; i >= 0; i -= 4) {
        buf[n++] = hex[(v >> i) & 0xf];
    }
    buf[n] = 0;
    puts_(buf);
}

void putdec(uint64_t v)
{
    char buf[21];
    int n = 20;

    buf[n] = 0;
    do {
        buf[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    puts_(&buf[n]);
}

struct smc_ret smc3(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    struct smc_ret r;

    __asm__ volatile("smc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     :
                     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
    r.x0 = x0;
    r.x1 = x1;
    r.x2 = x2;
    r.x3 = x3;
    return r;
}

struct smc_ret smc(uint64_t fid, uint64_t a1, uint64_t a2)
{
    return smc3(fid, a1, a2, 0);
}

void power_off(void)
{
    smc(PSCI_SYSTEM_OFF, 0, 0);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

void unexpected_exception(const char *who, const char *mark, uint64_t kind)
{
    uint64_t esr, elr;

    __asm__ volatile("mrs %0, esr_el2" : "=r"(esr));
    __asm__ volatile("mrs %0, elr_el2" : "=r"(elr));
    puts_(who);
    puts_(" ");
    puts_(mark);
    puts_("unexpected exception, vector ");
    putdec(kind);
    puts_(" ESR_EL2 ");
    puthex(esr);
    puts_(" ELR_EL2 ");
    puthex(elr);
    puts_("\n");
    puts_(who);
    puts_(" RESULT: FAIL\n");
    power_off();
}

void print_version(uint64_t v)
{
    putdec((v >> 16) & 0x7fff);
    puts_(".");
    putdec(v & 0xffff);
}

bool note_unexpected(bool ok, const char *who, const char *what)
{
    if (!ok) {
        puts_(who);
        puts_(" !! unexpected: ");
        puts_(what);
        puts_("\n");
    }
    return ok;
}

struct smc_ret rmi_granule_transition(bool rmi2, uint64_t pa, bool back)
{
    if (rmi2) {
        return smc(back ? RMI2_GRANULE_RANGE_UNDELEGATE :
                          RMI2_GRANULE_RANGE_DELEGATE, pa, pa + 4096);
    }
    return smc(back ? RMI_GRANULE_UNDELEGATE : RMI_GRANULE_DELEGATE, pa, 0);
}

uint64_t rmi2_activate(uint64_t cfg_pa)
{
    uint64_t st = smc(RMI2_RMM_CONFIG_GET, cfg_pa, 0).x0;

    if (st == 0) {
        st = smc(RMI2_RMM_CONFIG_SET, cfg_pa, 0).x0;
    }
    if (st == 0) {
        st = smc(RMI2_RMM_ACTIVATE, 0, 0).x0;
    }
    return st;
}
