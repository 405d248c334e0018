/*
 * SMC #0 with x0..x10 in and out, for the bare-metal payloads at any EL
 * (SMCCC 1.1 and later pass up to x17; RMI and RSI use x0..x10 at most).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SMCCC_H
#define SMCCC_H

#include <stdint.h>

static inline void smccc_smc(uint64_t r[11])
{
    register uint64_t x0 __asm__("x0") = r[0];
    register uint64_t x1 __asm__("x1") = r[1];
    register uint64_t x2 __asm__("x2") = r[2];
    register uint64_t x3 __asm__("x3") = r[3];
    register uint64_t x4 __asm__("x4") = r[4];
    register uint64_t x5 __asm__("x5") = r[5];
    register uint64_t x6 __asm__("x6") = r[6];
    register uint64_t x7 __asm__("x7") = r[7];
    register uint64_t x8 __asm__("x8") = r[8];
    register uint64_t x9 __asm__("x9") = r[9];
    register uint64_t x10 __asm__("x10") = r[10];

    __asm__ volatile("smc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
                       "+r"(x5), "+r"(x6), "+r"(x7), "+r"(x8), "+r"(x9),
                       "+r"(x10)
                     :
                     : "x11", "x12", "x13", "x14", "x15", "x16", "x17",
                       "memory");
    r[0] = x0; r[1] = x1; r[2] = x2; r[3] = x3; r[4] = x4; r[5] = x5;
    r[6] = x6; r[7] = x7; r[8] = x8; r[9] = x9; r[10] = x10;
}

#endif /* SMCCC_H */
