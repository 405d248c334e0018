/*
 * Host tests of the SMMU's Device Permission Table check
 * (hw/arm/smmu-dpt.c) against Arm IHI0070 G.b 3.24, on tables in host
 * memory.
 *
 * The DPT: 4 GiB protected (DPTPS 0b000, 32 bits), 1 GiB level 0 entries
 * (L0DPTSZ 0b0000), 4 KiB granules (DPTGS 0b00):
 *   0x00000000-0x3fffffff  level 0 No Access
 *   0x40000000-0x7fffffff  level 0 Table: level 1 entries below
 *   0x80000000-0xbfffffff  level 0 Block, AC 0b10 (any VMID), W 0
 *   0xc0000000-0xffffffff  level 0 Block, AC 0b00, VMID 7, W 1
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "smmu-dpt.h"

#define L0_BASE     0x7f000000ull
#define L1_BASE     0x7e000000ull       /* 1 GiB / 8 KiB = 131072 entries */
#define L1_ENTRIES  131072
#define CFG_4K      0x0u                /* DPTPS 32, DPTGS 4K, L0DPTSZ 30 */

static uint64_t l0[4];
static uint64_t l1[L1_ENTRIES];
static SmmuDptFetch fetch_result = SMMU_DPT_FETCH_OK;
static unsigned fetches;

static SmmuDptFetch read64(void *opaque, uint64_t pa, uint64_t *val)
{
    (void)opaque;
    fetches++;
    if (fetch_result != SMMU_DPT_FETCH_OK) {
        return fetch_result;
    }
    if (pa >= L0_BASE && pa < L0_BASE + sizeof(l0)) {
        *val = l0[(pa - L0_BASE) / 8];
    } else if (pa >= L1_BASE && pa < L1_BASE + sizeof(l1)) {
        *val = l1[(pa - L1_BASE) / 8];
    } else {
        return SMMU_DPT_FETCH_ABORT;
    }
    return SMMU_DPT_FETCH_OK;
}

/* A level 1 or level 0 Block half: AC, W, VMID at their places */
static uint64_t half(unsigned ac, bool w, uint16_t vmid)
{
    return (uint64_t)ac << 3 | (uint64_t)w << 5 | (uint64_t)vmid << 16;
}

static SmmuDptConfig cfg;

static void setup(void)
{
    memset(l1, 0, sizeof(l1));
    l0[0] = 0;                                      /* No Access */
    l0[1] = L1_BASE | 3;                            /* Table */
    l0[2] = half(2, false, 0) | 1;                  /* Block */
    l0[3] = half(0, true, 7) | 1;
    cfg = (SmmuDptConfig) {
        .walk_en = true, .base = L0_BASE, .base_cfg = CFG_4K, .oas_bits = 44,
        .gran4k = true, .gran16k = true, .gran64k = true, .vmid16 = true,
    };
    fetch_result = SMMU_DPT_FETCH_OK;
}

static SmmuDptResult chk(uint64_t pa, bool write, unsigned vmatch,
                         uint16_t vmid)
{
    return smmu_dpt_check(&cfg, pa, write, vmatch, vmid, read64, NULL);
}

/* The level 1 entry for the pair of granules at @pa (in 1..2 GiB) */
static uint64_t *l1e(uint64_t pa)
{
    return &l1[(pa - 0x40000000ull) >> 13];
}

static void test_level0(void)
{
    SmmuDptResult r;

    tap_begin("3.24.3.1.1/2: level 0 No Access and Block entries");
    setup();
    r = chk(0x1000, false, 0, 7);
    TAP_EQ_INT(r.outcome, SMMU_DPT_ACCESS_FAULT);        /* No Access */
    /* Block AC 0b10: any VMID reads; W 0 refuses writes */
    r = chk(0x80001000, false, 0, 99);
    TAP_EQ_INT(r.outcome, SMMU_DPT_PASS);
    TAP_EQ_INT(r.span_bits, 30);
    TAP_EQ_INT(chk(0x80001000, true, 0, 99).outcome, SMMU_DPT_ACCESS_FAULT);
    /* Block AC 0b00 VMID 7: the stream's S2VMID must be 7 */
    TAP_EQ_INT(chk(0xc0000000, true, 0, 7).outcome, SMMU_DPT_PASS);
    TAP_EQ_INT(chk(0xc0000000, true, 0, 8).outcome, SMMU_DPT_ACCESS_FAULT);
    tap_end();
}

static void test_vmatch(void)
{
    tap_begin("3.24.1, STE.DPT_VMATCH: which AC needs the VMID to match");
    setup();
    for (unsigned ac = 0; ac < 3; ac++) {
        static const bool need[4][3] = {
            { true, true, false },      /* 0b00 */
            { true, false, false },     /* 0b01 */
            { false, false, false },    /* 0b10 */
            { true, true, false },      /* 0b11 behaves as 0b00 */
        };

        l0[3] = half(ac, true, ac == 2 ? 0 : 7) | 1;
        for (unsigned vm = 0; vm < 4; vm++) {
            SmmuDptResult r = chk(0xc0000000, false, vm, 8);

            TAP_CHECK(r.outcome == (need[vm][ac] ? SMMU_DPT_ACCESS_FAULT :
                                                   SMMU_DPT_PASS),
                      "AC %u DPT_VMATCH %u, VMID 7 vs 8: outcome %d", ac, vm,
                      r.outcome);
        }
    }
    tap_end();
}

static void test_level1(void)
{
    uint64_t pa = 0x40002000ull;    /* the lower granule of a pair */

    tap_begin("3.24.3.1.4: level 1 entries, two granules or a contiguous "
              "region");
    setup();
    /* A 0b00: No Access to both */
    TAP_EQ_INT(chk(pa, false, 2, 0).outcome, SMMU_DPT_ACCESS_FAULT);
    /* A 0b01: lower granule only */
    *l1e(pa) = half(2, true, 0) | 1;
    TAP_EQ_INT(chk(pa, true, 2, 0).outcome, SMMU_DPT_PASS);
    TAP_EQ_INT(chk(pa, true, 2, 0).span_bits, 12);
    TAP_EQ_INT(chk(pa, true, 2, 0).level, 1);
    TAP_EQ_INT(chk(pa + 0x1000, false, 2, 0).outcome, SMMU_DPT_ACCESS_FAULT);
    /* A 0b10: upper granule only, with its own W */
    *l1e(pa) = half(2, false, 0) << 32 | 2;
    TAP_EQ_INT(chk(pa, false, 2, 0).outcome, SMMU_DPT_ACCESS_FAULT);
    TAP_EQ_INT(chk(pa + 0x1000, false, 2, 0).outcome, SMMU_DPT_PASS);
    TAP_EQ_INT(chk(pa + 0x1000, true, 2, 0).outcome, SMMU_DPT_ACCESS_FAULT);
    /* A 0b11, Contig 0: each half its own VMID */
    *l1e(pa) = half(0, true, 5) | half(0, true, 6) << 32 | 3;
    TAP_EQ_INT(chk(pa, false, 0, 5).outcome, SMMU_DPT_PASS);
    TAP_EQ_INT(chk(pa, false, 0, 6).outcome, SMMU_DPT_ACCESS_FAULT);
    TAP_EQ_INT(chk(pa + 0x1000, false, 0, 6).outcome, SMMU_DPT_PASS);
    /* A 0b11, Contig 0b0010: a 2 MiB region from the lower attributes */
    *l1e(0x40200000ull) = half(2, true, 0) | 2ull << 8 | 3;
    TAP_EQ_INT(chk(0x40200000ull, true, 2, 0).outcome, SMMU_DPT_PASS);
    TAP_EQ_INT(chk(0x40200000ull, true, 2, 0).span_bits, 21);
    tap_end();
}

static void test_output_pas(void)
{
    tap_begin("3.24.1: output PA space: Non-secure DPT always Non-secure; "
              "Realm DPT Non-secure for AC 0b01/0b10, else Realm");
    setup();
    for (unsigned ac = 0; ac < 3; ac++) {
        l0[3] = half(ac, true, ac == 2 ? 0 : 7) | 1;
        cfg.realm = false;
        TAP_TRUE(chk(0xc0000000, false, 2, 7).ns_output);
        cfg.realm = true;
        TAP_EQ_INT(chk(0xc0000000, false, 0, 7).ns_output, ac != 0);
    }
    tap_end();
}

static void test_lookup_faults(void)
{
    SmmuDptResult r;
    uint64_t far;

    tap_begin("3.24.4: DPT lookup faults, in priority order, and "
              "SMMU_(R_)DPT_CFG_FAR (6.3.160)");
    setup();
    cfg.walk_en = false;
    fetches = 0;
    r = chk(0x1000, false, 0, 0);
    TAP_EQ_INT(r.outcome, SMMU_DPT_LOOKUP_FAULT);
    TAP_EQ_INT(r.faultcode, SMMU_DPT_DISABLED);
    TAP_EQ_INT(fetches, 0);
    cfg.walk_en = true;
    /* invalid configuration: DPTPS reserved, above OAS; DPTGS reserved or
     * not implemented; L0DPTSZ reserved, above DPTPS */
    static const struct { uint32_t cfg; bool g4k; } bad[] = {
        { 7, true }, { 6, true } /* 52 > OAS 44 */, { 3u << 14, true },
        { 0, false } /* 4K granule not implemented */,
        { 1u << 20, true }, { 9u << 20, true } /* 39 > DPTPS 32 */,
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cfg.base_cfg = bad[i].cfg;
        cfg.gran4k = bad[i].g4k;
        r = chk(0x1000, false, 0, 0);
        TAP_CHECK(r.outcome == SMMU_DPT_LOOKUP_FAULT &&
                  r.faultcode == SMMU_DPT_WALK_FAULT && r.level == 0,
                  "DPT_BASE_CFG 0x%x: DPT_WALK_FAULT level 0", bad[i].cfg);
    }
    setup();
    /* GPC fault and External abort on the level 0 fetch */
    fetch_result = SMMU_DPT_FETCH_GPF;
    r = chk(0x40000000, false, 0, 0);
    TAP_EQ_INT(r.faultcode, SMMU_DPT_GPC_FAULT);
    TAP_EQ_U64(r.fetch_pa, L0_BASE + 8);
    fetch_result = SMMU_DPT_FETCH_ABORT;
    TAP_EQ_INT(chk(0x40000000, false, 0, 0).faultcode, SMMU_DPT_EABT);
    fetch_result = SMMU_DPT_FETCH_OK;
    /* invalid level 0 descriptors: 0b10, RES0 bits, AC 0b11 */
    static const uint64_t bad0[] = { 2, 1ull << 40 | 1, 3u << 3 | 1,
                                     1ull << 60 | L1_BASE | 3, 4 };
    for (unsigned i = 0; i < sizeof(bad0) / sizeof(bad0[0]); i++) {
        l0[0] = bad0[i];
        r = chk(0x1000, false, 2, 0);
        TAP_CHECK(r.outcome == SMMU_DPT_LOOKUP_FAULT &&
                  r.faultcode == SMMU_DPT_WALK_FAULT && r.level == 0,
                  "level 0 descriptor 0x%llx: DPT_WALK_FAULT level 0",
                  (unsigned long long)bad0[i]);
    }
    /* invalid level 1 descriptors: MBZ bits, Contig with A != 0b11,
     * Contig reserved or larger than L0DPTSZ, AC 0b11, attributes of a
     * No Access half */
    const uint64_t bad1[] = {
        1ull << 2 | 1, 1ull << 40 | 1, 2ull << 8 | 1, 8ull << 8 | 3,
        6ull << 8 | 3 /* 16 GiB > 1 GiB */, 3u << 3 | 1,
        half(2, true, 0) << 32 | 1, half(0, false, 3) | 2,
    };
    for (unsigned i = 0; i < sizeof(bad1) / sizeof(bad1[0]); i++) {
        *l1e(0x40000000ull) = bad1[i];
        r = chk(0x40000000ull, false, 2, 0);
        TAP_CHECK(r.outcome == SMMU_DPT_LOOKUP_FAULT &&
                  r.faultcode == SMMU_DPT_WALK_FAULT && r.level == 1,
                  "level 1 descriptor 0x%llx: DPT_WALK_FAULT level 1",
                  (unsigned long long)bad1[i]);
    }
    /* the FAR records FADDR, DPT_FAULTCODE, LEVEL, FAULT */
    far = smmu_dpt_far(&r, 0x40000123ull);
    TAP_EQ_U64(far, 0x40000000ull | 1u << 4 | 1u << 1 | 1);
    tap_end();
}

static void test_outside_dptps(void)
{
    tap_begin("Table 3.35: a PA outside DPTPS is No Access, a Device "
              "Access fault without a walk");
    setup();
    fetches = 0;
    TAP_EQ_INT(chk(0x100000000ull, false, 2, 0).outcome,
               SMMU_DPT_ACCESS_FAULT);
    TAP_EQ_INT(fetches, 0);
    tap_end();
}

int main(void)
{
    test_level0();
    test_vmatch();
    test_level1();
    test_output_pas();
    test_lookup_faults();
    test_outside_dptps();
    return tap_done();
}
