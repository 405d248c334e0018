/*
 * Fuzz target of the SMMU's Device Permission Table check
 * (hw/arm/smmu-dpt.c), built with AddressSanitizer and UBSan and run by
 * make check.
 *
 *   fuzz-smmu-dpt [-runs=N] [-seed=S]
 *
 * Random DPT_BASE/DPT_BASE_CFG (valid, reserved and oversized encodings),
 * random OAS, granule support and VMID width, level 0 and level 1 tables
 * in memory whose descriptors are random, random-but-valid or boundary
 * values, fetches that fail their GPC or abort now and then, and random
 * accesses (PA, read or write, DPT_VMATCH, S2VMID).  Checked per check
 * (IHI0070 G.b 3.24):
 *  - with DPT_WALK_EN = 0, DPT_DISABLED at level 0 and no fetch (3.24.4);
 *  - at most two fetches (two levels, 3.24.3), each inside the level 0
 *    table or one level 1 table of the configured size;
 *  - a lookup fault has a DPT_FAULTCODE of 3.24.4 and level 0 or 1; a
 *    fetch failure is reported as DPT_GPC_FAULT/DPT_EABT at its level;
 *  - a PA at or above 2^DPTPS never passes (Table 3.35);
 *  - a pass covers at least a granule and at most L0DPTSZ; the
 *    Non-secure DPT always outputs Non-secure (3.24.1);
 *  - a write that passes also passes as a read (the DPT has no
 *    write-only permission), and the same check twice gives the same
 *    result.
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

#include "smmu-dpt.h"

#define MEM_BASE    0x80000000ull
#define MEM_WORDS   (1u << 18)          /* 2 MiB of descriptors */

static uint64_t mem[MEM_WORDS];
static unsigned fetches, fail_one_in;
static uint64_t fetched[4];

static SmmuDptFetch read64(void *opaque, uint64_t pa, uint64_t *val)
{
    (void)opaque;
    if (fetches < 4) {
        fetched[fetches] = pa;
    }
    fetches++;
    if (fail_one_in && below(fail_one_in) == 0) {
        return below(2) ? SMMU_DPT_FETCH_GPF : SMMU_DPT_FETCH_ABORT;
    }
    if (pa & 7) {
        return SMMU_DPT_FETCH_ABORT;
    }
    if (pa >= MEM_BASE && pa < MEM_BASE + sizeof(mem)) {
        *val = mem[(pa - MEM_BASE) / 8];
        return SMMU_DPT_FETCH_OK;
    }
    *val = rnd();                       /* memory we do not model */
    return SMMU_DPT_FETCH_OK;
}

static uint64_t descriptor(void)
{
    uint64_t half = (uint64_t)below(3) << 3 | (uint64_t)below(2) << 5 |
                    (uint64_t)below(16) << 16;

    switch (below(6)) {
    case 0:
        return rnd();
    case 1:
        return 0;
    case 2:                             /* a table into our memory */
        return below(4) ? (MEM_BASE + ((uint64_t)below(2) << 20)) | 3 :
               (MEM_BASE + ((rnd() % MEM_WORDS) * 8 & ~0xfffull)) | 3;
    case 3:                             /* a block */
        return half | 1;
    default:                            /* a level 1 entry */
        return half | (half << 32) | below(4) |
               (below(4) ? 0 : (uint64_t)below(9) << 8);
    }
}

static const unsigned ps_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 0 };

static int run(unsigned n, uint64_t seed, unsigned long ops)
{
    unsigned long before = fuzz_failures, passes = 0, access = 0, lookup = 0;

    fuzz_seed(seed);
    for (unsigned i = 0; i < MEM_WORDS; i++) {
        mem[i] = descriptor();
    }
    for (unsigned long op = 0; op < ops; op++) {
        SmmuDptConfig c = {
            .walk_en = below(16) != 0,
            .base = below(8) ? MEM_BASE + (rnd() % (MEM_WORDS * 8)) : rnd(),
            .base_cfg = below(4) ? (below(8) | below(4) << 14 |
                                    (uint32_t)(below(2) ? 0 : below(16)) << 20)
                                 : (uint32_t)rnd(),
            .oas_bits = (unsigned[]){ 32, 36, 40, 42, 44, 48, 52 }[below(7)],
            .gran4k = below(4) != 0, .gran16k = below(2), .gran64k = below(2),
            .vmid16 = below(2), .realm = below(2),
        };

        if (below(4)) {
            /* mostly a usable configuration: 4 GiB or 64 GiB, 4 KiB
             * granules, 1 GiB level 0 entries, tables in our memory */
            c.base = MEM_BASE + (below(4) ? 0 : (uint64_t)below(64) << 12);
            c.base_cfg = below(2);
            c.oas_bits = 44;
            c.gran4k = true;
        }
        uint64_t pa = below(4) ? rnd() & ((1ull << (below(2) ? 32 :
                                                      c.oas_bits)) - 1)
                               : rnd();
        bool write = below(2);
        unsigned vm = below(4), vmid = below(4) ? below(16) : (unsigned)rnd();
        SmmuDptResult r, r2, rr;
        unsigned ps = ps_bits[c.base_cfg & 7];

        if (below(8) == 0) {
            mem[rnd() % MEM_WORDS] = descriptor();
        }
        fail_one_in = below(8) ? 0 : 4;
        fetches = 0;
        r = smmu_dpt_check(&c, pa, write, vm, vmid, read64, NULL);
        if (fetches > 2) {
            fuzz_fail(op, "more than two fetches");
        }
        if (!c.walk_en && (r.outcome != SMMU_DPT_LOOKUP_FAULT ||
                           r.faultcode != SMMU_DPT_DISABLED || fetches)) {
            fuzz_fail(op, "DPT_WALK_EN = 0 but not DPT_DISABLED without fetch");
        }
        if (fetches && ps && (fetched[0] & 7)) {
            fuzz_fail(op, "a misaligned level 0 fetch");
        }
        switch (r.outcome) {
        case SMMU_DPT_PASS:
            passes++;
            if (ps && (pa >> ps)) {
                fuzz_fail(op, "a PA outside DPTPS passed");
            }
            if (r.span_bits < 12 || r.span_bits > 39) {
                fuzz_fail(op, "a pass covers less than a granule or more than "
                              "the largest L0DPTSZ");
            }
            if (!c.realm && !r.ns_output) {
                fuzz_fail(op, "the Non-secure DPT output a Realm PA");
            }
            break;
        case SMMU_DPT_ACCESS_FAULT:
            access++;
            break;
        case SMMU_DPT_LOOKUP_FAULT:
            lookup++;
            if (r.faultcode > SMMU_DPT_EABT || r.level > 1) {
                fuzz_fail(op, "a lookup fault with a bad code or level");
            }
            break;
        default:
            fuzz_fail(op, "an unknown outcome");
        }
        if (fail_one_in) {
            continue;                   /* fetch fuzz_failures are random */
        }
        r2 = smmu_dpt_check(&c, pa, write, vm, vmid, read64, NULL);
        if (memcmp(&r, &r2, sizeof(r))) {
            fuzz_fail(op, "the same check gave another result");
        }
        if (write && r.outcome == SMMU_DPT_PASS) {
            rr = smmu_dpt_check(&c, pa, false, vm, vmid, read64, NULL);
            if (rr.outcome != SMMU_DPT_PASS) {
                fuzz_fail(op, "a write passes where the read does not");
            }
        }
    }
    if (!passes || !access || !lookup) {
        fuzz_fail(ops, "some outcome never happened");
    }
    printf("%s %u - seed 0x%" PRIx64 ": %lu checks: %lu passed, %lu Device "
           "Access faults, %lu lookup faults\n",
           fuzz_failures == before ? "ok" : "not ok", n, seed, ops, passes,
           access, lookup);
    return fuzz_failures == before;
}

int main(int argc, char **argv)
{
    return fuzz_main(argc, argv, 200000, 0x44505400, 4, run, &fuzz_failures);
}
