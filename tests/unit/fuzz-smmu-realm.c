/*
 * Register-level fuzz target of the SMMUv3's Realm register pages
 * (hw/arm/smmu-realm-regs.c: which accesses the Realm pages serve
 * themselves, which they hand to the Realm SMMUv3 instance and with what
 * value), built with AddressSanitizer and UBSan and run by make check.
 *
 *   fuzz-smmu-realm [-runs=N] [-seed=S]
 *
 * Random 8- to 64-bit accesses from every PA space at any offset (mostly
 * the pages' registers, also misaligned and beyond the pages) with random
 * and boundary values, against random SMMU_IDR0/SMMU_R_IDR3 contents.
 * The Realm instance behind the pages is a register file here.  Checked
 * per access (IHI0070 G.b):
 *  - an access that is neither Realm nor Root is RAZ/WI and reaches
 *    nothing (6.2.7);
 *  - what is handed on is a register of Realm Page 0 or the Page 1 queue
 *    pointers (6.2.8/6.2.9), naturally aligned, 4 or 8 bytes;
 *  - SMMU_R_IDR0 reports STALL_MODEL 0b01 and ATS/MSI/PRI as SMMU_IDR0,
 *    nothing else (6.3.122); SMMU_R_IDR1 is RME_DA_IMPL (6.3.123);
 *    SMMU_R_IDR2/IDR4 read 0, SMMU_R_IDR3 its value (6.3.124-126);
 *  - SMMU_R_GBPA is never written (RO, 6.3.133);
 *  - a write of SMMU_R_CR0 carries no RES0 bit: never ATSCHK without ATS,
 *    PRIQEN without PRI, DPT_WALK_EN without SMMU_R_IDR3.DPT (6.3.128).
 * Prints TAP: one result per run.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "rme/arch.h"
#include "smmu-realm-regs.h"

static uint32_t inner[SMMU_R_PAGES_SIZE / 4];   /* the Realm SMMUv3 */

/* A failed invariant of the access at @off */
static void fail_at(unsigned long op, uint64_t off, const char *what)
{
    fuzz_fail(op, "offset 0x%05" PRIx64 ": %s", off, what);
}

static uint64_t value(void)
{
    switch (below(6)) {
    case 0:
        return 0;
    case 1:
        return ~0ull;
    case 2:
        return 1ull << below(64);
    default:
        return rnd();
    }
}

static uint64_t offset(void)
{
    switch (below(8)) {
    case 0:
        return rnd() & 0x3ffff;                 /* anywhere, beyond too */
    case 1:
        return SMMU_R_PAGE1 + (below(64) << 2);
    default:
        return below(0x240 / 4) << 2;           /* Page 0's registers */
    }
}

static bool forwardable(uint64_t off, unsigned size)
{
    if (off >= SMMU_R_PAGE1) {
        return off >= SMMU_R_PAGE1 + SMMU_R_EVENTQ_PROD &&
               off + size <= SMMU_R_PAGE1 + SMMU_R_EVENTQ_CONS + 4;
    }
    return (off >= 0x1c && off + size <= 0x30) ||
           (off >= 0x44 && off + size <= 0x48) ||
           (off >= 0x50 && off + size <= 0x58) ||
           (off >= 0x60 && off + size <= 0x78) ||
           (off >= 0x80 && off + size <= 0xc0) ||
           (off >= 0x200 && off + size <= 0x218);
}

static int run(unsigned n, uint64_t seed, unsigned long ops)
{
    unsigned long before = fuzz_failures, own = 0, fwd = 0, refused = 0;

    fuzz_seed(seed);
    memset(inner, 0, sizeof(inner));
    for (unsigned long op = 0; op < ops; op++) {
        SmmuRealmIds ids = { .ns_idr0 = (uint32_t)value(),
                             .idr3 = (uint32_t)value() &
                                     (SMMU_R_IDR3_DPT | SMMU_R_IDR3_MEC |
                                      SMMU_R_IDR3_XT) };
        static const unsigned sizes[] = { 1, 2, 4, 8 };
        unsigned size = below(8) ? 4u << below(2) : sizes[below(4)];
        unsigned space = below(4);
        bool write = below(2);
        uint64_t off = offset(), data = write ? value() : 0xdeadbeef;
        uint64_t orig = data;
        SmmuRealmAction a;

        if (below(4) == 0) {
            off |= below(8);                    /* misaligned */
        }
        a = smmu_realm_access(&ids, off, size, space, write, &data);
        if (space != RME_SS_REALM && space != RME_SS_ROOT) {
            refused++;
            if (a != SMMU_REALM_NOT_REALM || (!write && data != 0)) {
                fail_at(op, off, "not Realm or Root, yet not RAZ/WI");
            }
            continue;
        }
        if (a == SMMU_REALM_NOT_REALM) {
            fail_at(op, off, "a Realm or Root access refused");
            continue;
        }
        if (a == SMMU_REALM_NO_REGISTER && !write && data != 0) {
            fail_at(op, off, "no register, yet a read gave a value");
        }
        if (a == SMMU_REALM_FORWARD) {
            fwd++;
            if ((size != 4 && size != 8) || (off & (size - 1)) ||
                !forwardable(off, size)) {
                fail_at(op, off, "handed on an access that is no register");
                continue;
            }
            if (write && off <= SMMU_R_GBPA && off + size > SMMU_R_GBPA) {
                fail_at(op, off, "SMMU_R_GBPA written");
            }
            if (write && off == SMMU_R_CR0) {
                uint64_t res0 = ~(uint64_t)(SMMU_R_CR0_SMMUEN |
                                            SMMU_R_CR0_EVENTQEN |
                                            SMMU_R_CR0_CMDQEN |
                                            SMMU_R_CR0_VMW);

                if (ids.ns_idr0 & SMMU_IDR0_PRI) {
                    res0 &= ~(uint64_t)SMMU_R_CR0_PRIQEN;
                }
                if (ids.idr3 & SMMU_R_IDR3_DPT) {
                    res0 &= ~(uint64_t)SMMU_R_CR0_DPT_WALK_EN;
                }
                if (data & res0) {
                    fail_at(op, off, "SMMU_R_CR0 written with a RES0 bit");
                }
                if ((data & ~res0) != (orig & ~res0)) {
                    fail_at(op, off, "SMMU_R_CR0 write lost an allowed bit");
                }
            }
            if (write) {
                memcpy((char *)inner + off, &data, size);
            } else {
                memcpy(&data, (char *)inner + off, size);
            }
            continue;
        }
        if (a == SMMU_REALM_DONE) {
            own++;
            if (write) {
                continue;
            }
            if (off == SMMU_R_IDR0 && size == 4 &&
                data != ((ids.ns_idr0 & (SMMU_IDR0_ATS | SMMU_IDR0_MSI |
                                         SMMU_IDR0_PRI)) | 1u << 24)) {
                fail_at(op, off,
                        "SMMU_R_IDR0 is not ATS/MSI/PRI + STALL_MODEL 1");
            }
            if (off == SMMU_R_IDR1 && size == 4 &&
                data != SMMU_R_IDR1_RME_DA_IMPL) {
                fail_at(op, off, "SMMU_R_IDR1 is not RME_DA_IMPL");
            }
            if (off == SMMU_R_IDR3 && size == 4 && data != ids.idr3) {
                fail_at(op, off, "SMMU_R_IDR3 is not its value");
            }
            if ((off == SMMU_R_IDR2 || off == SMMU_R_IDR4) && data != 0) {
                fail_at(op, off, "SMMU_R_IDR2/IDR4 not zero");
            }
        }
    }
    if (!own || !fwd || !refused) {
        fail_at(ops, 0, "a kind of access never happened");
    }
    printf("%s %u - seed 0x%" PRIx64 ": %lu accesses: %lu the pages' own, "
           "%lu handed on, %lu refused (not Realm or Root)\n",
           fuzz_failures == before ? "ok" : "not ok", n, seed, ops, own, fwd,
           refused);
    return fuzz_failures == before;
}

int main(int argc, char **argv)
{
    return fuzz_main(argc, argv, 200000, 0x524c4d53, 4, run, &fuzz_failures);
}
