/*
 * Host unit tests of gpt-map.c: the GPT as ranges of the PA space.
 *
 * One GPT like TF-A's on the virt board (PPS 32 bits, 4 KiB granules,
 * L0GPTSZ 30 bits, DDI0487 D9.6): level 0 entry 0 a Block (GPI Any),
 * entry 1 a Table whose Granules descriptors give Non-secure with one
 * Realm granule, entry 2 a Block (Root), entry 3 invalid.  Expected:
 * the ranges the architecture says each PA has (D9.6.5 GPIs; R_KYZMZ an
 * invalid level 0 entry is a GPT walk fault; R_JFFHB above PPS).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "gpt-map.h"
#include "tap.h"

#define GIB         0x40000000ull
#define L0_BASE     0x10000000ull               /* 4 entries, 32 bytes */
#define L1_BASE     0x10100000ull               /* 1 GiB / 4 KiB / 16 */
#define L1_ENTRIES  (GIB / 0x1000 / 16)
#define REALM_PA    (GIB + 0x3000)

static uint64_t l0[4];
static uint64_t l1[L1_ENTRIES];
static unsigned reads;

static bool mem_read(void *opaque, uint64_t pa, uint64_t *val)
{
    (void)opaque;
    reads++;
    if (pa >= L0_BASE && pa < L0_BASE + sizeof(l0)) {
        *val = l0[(pa - L0_BASE) / 8];
        return true;
    }
    if (pa >= L1_BASE && pa < L1_BASE + sizeof(l1)) {
        *val = l1[(pa - L1_BASE) / 8];
        return true;
    }
    *val = 0;
    return true;
}

/* D9.6.1: Block descriptor, GPI in [7:4], type 0b0001. */
static uint64_t d_block(unsigned gpi)
{
    return (uint64_t)gpi << 4 | GPT_L0_TYPE_BLOCK;
}

/* D9.6.2: Table descriptor, L1 address in [51:12], type 0b0011. */
static uint64_t d_table(uint64_t addr)
{
    return addr | GPT_L0_TYPE_TABLE;
}

/* D9.6.4: Granules descriptor, sixteen 4-bit GPIs. */
static uint64_t d_granules(unsigned gpi)
{
    uint64_t d = 0;

    for (unsigned i = 0; i < 16; i++) {
        d |= (uint64_t)gpi << (4 * i);
    }
    return d;
}

static gpt_config cfg;

static void setup(bool gpc)
{
    /* GPCCR_EL3: PPS 0 (32 bits), PGS 4 KiB, SH inner, IRGN/ORGN WB, GPC */
    cfg = (gpt_config){
        .gpccr = (3u << GPT_GPCCR_SH_SHIFT) | (1u << GPT_GPCCR_IRGN_SHIFT) |
                 (1u << GPT_GPCCR_ORGN_SHIFT) |
                 ((uint64_t)gpc << GPT_GPCCR_GPC_SHIFT),
        .gptbr = L0_BASE >> 12,
        .pa_range_bits = 48,
        .l0gptsz_impl = 30,
        .feat_sel2 = true,
        .feat_gpc2 = true,
        .read = mem_read,
    };
    l0[0] = d_block(GPT_GPI_ANY);
    l0[1] = d_table(L1_BASE);
    l0[2] = d_block(GPT_GPI_ROOT);
    l0[3] = 0;                          /* invalid */
    for (uint64_t i = 0; i < L1_ENTRIES; i++) {
        l1[i] = d_granules(GPT_GPI_NONSECURE);
    }
    /* The Realm granule: GPI field (REALM_PA >> 12) % 16 of its descriptor */
    {
        uint64_t g = (REALM_PA - GIB) >> 12;
        unsigned sh = (unsigned)(g % 16) * 4;

        l1[g / 16] = (l1[g / 16] & ~(0xfull << sh)) |
                     ((uint64_t)GPT_GPI_REALM << sh);
    }
}

#define MAXR 16
static gpt_map_range got[MAXR];
static unsigned ngot, stop_after;
static uint64_t stopped;

static bool collect(void *opaque, const gpt_map_range *r)
{
    (void)opaque;
    if (ngot < MAXR) {
        got[ngot] = *r;
    }
    ngot++;
    return !stop_after || ngot < stop_after;
}

static void run_budget(uint64_t start, uint64_t end, unsigned stop,
                       uint64_t budget)
{
    ngot = 0;
    stop_after = stop;
    reads = 0;
    stopped = gpt_map(&cfg, start, end, budget, collect, NULL);
}

static void run(uint64_t start, uint64_t end, unsigned stop)
{
    run_budget(start, end, stop, 0);
}

static void expect_range(unsigned i, uint64_t base, uint64_t size,
                         const char *label, unsigned level,
                         gpt_desc_kind desc_kind)
{
    TAP_EQ_U64(got[i].base, base);
    TAP_EQ_U64(got[i].size, size);
    TAP_EQ_STR(gpt_map_range_label(&got[i]), label);
    TAP_EQ_U64(got[i].level, level);
    TAP_EQ_STR(gpt_desc_kind_name(got[i].desc_kind),
               gpt_desc_kind_name(desc_kind));
}

static void test_virt_like(void)
{
    uint64_t sum = 0;

    tap_begin("D9.6: a TF-A-like GPT maps to its GPIs, the invalid entry "
              "and the region above PPS");
    setup(true);
    run(0, 0, 0);
    TAP_EQ_U64(ngot, 7);
    expect_range(0, 0, GIB, "Any", 0, GPT_DESC_BLOCK);
    expect_range(1, GIB, REALM_PA - GIB, "NS", 1, GPT_DESC_GRANULES);
    expect_range(2, REALM_PA, 0x1000, "Realm", 1, GPT_DESC_GRANULES);
    expect_range(3, REALM_PA + 0x1000, 2 * GIB - REALM_PA - 0x1000, "NS", 1,
                 GPT_DESC_GRANULES);
    expect_range(4, 2 * GIB, GIB, "Root", 0, GPT_DESC_BLOCK);
    /* R_KYZMZ: an invalid level 0 entry makes a GPT walk fault */
    expect_range(5, 3 * GIB, GIB, "walk-fault", 0, GPT_DESC_INVALID);
    /* R_JFFHB: everything from 2^PPS up is above PPS */
    expect_range(6, 4 * GIB, (1ull << 56) - 4 * GIB, "above-pps", 0,
                 GPT_DESC_NONE);
    for (unsigned i = 0; i < ngot && i < MAXR; i++) {
        sum += got[i].size;
        if (i) {
            TAP_EQ_U64(got[i].base, got[i - 1].base + got[i - 1].size);
        }
    }
    TAP_EQ_U64(sum, 1ull << 56);
    /* The deciding entry and its PA (the Realm granule's descriptor) */
    TAP_EQ_U64(got[2].desc_addr, L1_BASE + ((REALM_PA - GIB) >> 12) / 16 * 8);
    TAP_EQ_U64(got[4].desc, d_block(GPT_GPI_ROOT));
    TAP_EQ_U64(stopped, 1ull << 56);
    /*
     * A Granules descriptor of 16 equal GPIs is one check (D9.6.4): the
     * 1 GiB table is 16384 descriptors, two reads each (L0 entry, L1).
     */
    TAP_TRUE(reads < 3 * L1_ENTRIES);
    tap_end();
}

static void test_window(void)
{
    tap_begin("a PA window: [start, end) cut at both ends");
    setup(true);
    run(REALM_PA - 0x2000, REALM_PA + 0x3000, 0);
    TAP_EQ_U64(ngot, 3);
    expect_range(0, REALM_PA - 0x2000, 0x2000, "NS", 1, GPT_DESC_GRANULES);
    expect_range(1, REALM_PA, 0x1000, "Realm", 1, GPT_DESC_GRANULES);
    expect_range(2, REALM_PA + 0x1000, 0x2000, "NS", 1, GPT_DESC_GRANULES);
    tap_end();
}

static void test_gpc_off(void)
{
    tap_begin("R_BYRRZ: GPCCR_EL3.GPC == 0: one range, no GPT read");
    setup(false);
    run(0, 0, 0);
    TAP_EQ_U64(ngot, 1);
    expect_range(0, 0, 1ull << 56, "gpc-off", 0, GPT_DESC_NONE);
    TAP_EQ_U64(reads, 0);
    tap_end();
}

static void test_bad_config(void)
{
    tap_begin("R_JWCSM: an invalid GPCCR_EL3 (PGS 0b11) is one bad-config "
              "range with its problem");
    setup(true);
    cfg.gpccr |= 3u << GPT_GPCCR_PGS_SHIFT;
    run(0, 0, 0);
    TAP_EQ_U64(ngot, 1);
    TAP_EQ_STR(gpt_map_range_label(&got[0]), "bad-config");
    TAP_TRUE(got[0].cfg_problems & GPT_CFG_PGS_RESERVED);
    tap_end();
}

static void test_stop(void)
{
    tap_begin("the callback can stop the walk (max rows): the PA returned "
              "is where the refused range starts");
    setup(true);
    run(0, 0, 3);
    TAP_EQ_U64(ngot, 3);
    TAP_EQ_U64(stopped, got[2].base);
    tap_end();
}

static void test_budget(void)
{
    uint64_t sum = 0;

    tap_begin("a GPT that is guest memory cannot make the walk unbounded: "
              "PPS 48 bits, every level 0 entry a Table to the same level 1 "
              "table of alternating GPIs, stops at the budget");
    setup(true);
    cfg.gpccr |= 5u << GPT_GPCCR_PPS_SHIFT;            /* 48 bits */
    for (uint64_t i = 0; i < L1_ENTRIES; i++) {
        l1[i] = 0x9b9b9b9b9b9b9b9bull;                 /* NS, Realm, ... */
    }
    for (unsigned i = 0; i < 4; i++) {
        l0[i] = d_table(L1_BASE);
    }
    run_budget(0, 4 * GIB, 0, 1000);
    /* 1000 checks, one granule each, each its own range */
    TAP_EQ_U64(stopped, 1000 * 0x1000ull);
    TAP_EQ_U64(ngot, 1000);
    for (unsigned i = 0; i < ngot && i < MAXR; i++) {
        sum += got[i].size;
    }
    TAP_EQ_U64(sum, MAXR * 0x1000ull);
    tap_end();
}

int main(void)
{
    test_virt_like();
    test_window();
    test_gpc_off();
    test_bad_config();
    test_stop();
    test_budget();
    return tap_done();
}
