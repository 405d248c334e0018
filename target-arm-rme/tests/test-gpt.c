/*
 * qemu-rme: host unit tests for the reference GPT walker
 * (target-arm-rme/gpt.c).
 *
 * Each test builds GPTs in a small sparse memory model and checks the
 * outcome against the Arm ARM (DDI0487 M.a.a): chapter D9 rules (R_xxxxx),
 * the GPCCR_EL3/GPTBR_EL3/GPCBW_EL3 descriptions (D24.2.55-57) and the
 * J1.3.5 pseudocode.  Expected values are written out from those tables
 * (not computed with the library's own helpers).  Tests marked
 * "[qemu-divergent]" check behaviour where QEMU 10.2's
 * granule_protection_check() differs from the architecture.
 *
 * Output: TAP (tests/lib/tap.h), one test point per tap_begin() below,
 * each holding its assertions; exit status 1 on any failure.  Run by
 * `meson test --suite unit` (scripts/check's "unit" suite).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gpt.h"
#include "tap.h"

/* ------------------------------------------------------------------ */
/* The walker's result as one assertion (tests/lib/tap.h)              */

static void expect_at(const char *file, int line, const char *what,
                      gpt_result r, gpt_result_kind kind, unsigned level,
                      gpt_reason reason)
{
    tap_ok_at(file, line,
              r.kind == kind && r.reason == reason &&
              (kind == GPT_OK || r.level == level),
              "%s: got %s/%s level %u gpi %d, expected %s/%s level %u",
              what, gpt_result_name(r.kind), gpt_reason_name(r.reason),
              r.level, r.gpi, gpt_result_name(kind),
              gpt_reason_name(reason), level);
}

#define EXPECT(what, r, kind, level, reason) \
    expect_at(__FILE__, __LINE__, what, r, kind, level, reason)
#define EXPECT_OK(what, r) \
    expect_at(__FILE__, __LINE__, what, r, GPT_OK, 0, GPT_R_GPI_PERMITS)

/* ------------------------------------------------------------------ */
/* Sparse memory model for the Root PA space                           */

#define MEM_PAGES 192
#define RAM_LO    0x80000000ull     /* reads outside [RAM_LO, RAM_HI) abort */
#define RAM_HI    0x100000000ull
#define L0_BASE   0x80000000ull     /* aligned to 2^31 >= any L0 table */
#define L1_BASE   0xc0000000ull     /* aligned to 2^30 >= any L1 table */

typedef struct mem {
    unsigned npages;
    uint64_t page_pa[MEM_PAGES];
    uint8_t data[MEM_PAGES][4096];
    uint64_t ram_lo, ram_hi;
    uint64_t abort_at[4];
    unsigned nabort;
    unsigned reads;
} mem;

static mem M;

static void mem_reset(void)
{
    M.npages = 0;
    M.ram_lo = RAM_LO;
    M.ram_hi = RAM_HI;
    M.nabort = 0;
    M.reads = 0;
}

static uint8_t *mem_page(uint64_t pa, bool alloc)
{
    uint64_t pg = pa & ~0xfffull;

    for (unsigned i = 0; i < M.npages; i++) {
        if (M.page_pa[i] == pg) {
            return M.data[i];
        }
    }
    if (!alloc) {
        return NULL;
    }
    if (M.npages == MEM_PAGES) {
        tap_bail("test memory exhausted");
    }
    M.page_pa[M.npages] = pg;
    memset(M.data[M.npages], 0, 4096);
    return M.data[M.npages++];
}

/* GPT structures are little-endian (R_BQHPD): store byte by byte. */
static void wr64(uint64_t pa, uint64_t v)
{
    uint8_t *p = mem_page(pa, true) + (pa & 0xfff);

    for (int i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static bool mem_read(void *opaque, uint64_t pa, uint64_t *val)
{
    mem *m = opaque;
    uint8_t *p;

    m->reads++;
    if (pa & 7) {
        tap_bail("unaligned GPT read at 0x%" PRIx64, pa);
    }
    for (unsigned i = 0; i < m->nabort; i++) {
        if (m->abort_at[i] == pa) {
            return false;
        }
    }
    if (pa < m->ram_lo || pa >= m->ram_hi) {
        return false;
    }
    p = mem_page(pa, false);
    *val = 0;
    if (p) {
        p += pa & 0xfff;
        for (int i = 0; i < 8; i++) {
            *val |= (uint64_t)p[i] << (8 * i);
        }
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Register and descriptor builders (field positions from D24.2.56)    */

enum { PPS_4G = 0, PPS_64G, PPS_1T, PPS_4T, PPS_16T, PPS_256T, PPS_4P };
enum { L0SZ_1G = 0x0, L0SZ_16G = 0x4, L0SZ_64G = 0x6, L0SZ_512G = 0x9 };
#define PGS_4K  0u
#define PGS_64K 1u
#define PGS_16K 2u

#define B(n) ((uint64_t)1 << (n))

/* GPC=1, Inner Shareable, Inner/Outer Write-Back (a TF-A-like setting). */
static uint64_t mk_gpccr(unsigned pps, unsigned pgs, unsigned l0sz)
{
    return (uint64_t)(pps & 7) | (uint64_t)(pps >> 3) << 3 |
           1ull << 8 | 1ull << 10 | 3ull << 12 |
           (uint64_t)pgs << 14 | B(16) | (uint64_t)l0sz << 20;
}

static uint64_t d_block(unsigned gpi)
{
    return (uint64_t)gpi << 4 | 0x1;
}

static uint64_t d_table(uint64_t addr)
{
    return addr | 0x3;
}

static uint64_t d_contig(unsigned gpi, unsigned contig)
{
    return (uint64_t)contig << 8 | (uint64_t)gpi << 4 | 0x1;
}

static uint64_t d_granules(unsigned gpi)
{
    uint64_t d = 0;

    for (int i = 0; i < 16; i++) {
        d |= (uint64_t)gpi << (4 * i);
    }
    return d;
}

static uint64_t d_granules_one(unsigned other, unsigned idx, unsigned gpi)
{
    uint64_t d = d_granules(other);

    d &= ~(0xfull << (4 * idx));
    return d | (uint64_t)gpi << (4 * idx);
}

static gpt_config C;

/* A feature-rich PE: FEAT_SEL2 and FEAT_RME_GPC2, 52-bit PA. */
static void cfg_reset(uint64_t gpccr)
{
    mem_reset();
    memset(&C, 0, sizeof(C));
    C.gpccr = gpccr;
    C.gptbr = L0_BASE >> 12;
    C.pa_range_bits = 52;
    C.feat_sel2 = true;
    C.feat_gpc2 = true;
    C.read = mem_read;
    C.opaque = &M;
}

static const gpt_pas all_pas[4] = {
    GPT_PAS_SECURE, GPT_PAS_NONSECURE, GPT_PAS_ROOT, GPT_PAS_REALM,
};
static const gpt_ss all_ss[4] = {
    GPT_SS_SECURE, GPT_SS_NONSECURE, GPT_SS_ROOT, GPT_SS_REALM,
};

/* The Security state that normally uses each PA space. */
static gpt_ss home_ss(gpt_pas pas)
{
    return (gpt_ss)pas;
}

static gpt_result chk(uint64_t pa, gpt_pas pas)
{
    return gpt_check(&C, pa, pas, home_ss(pas));
}

/* ------------------------------------------------------------------ */
/* R_BYRRZ: GPC disabled                                               */

static bool read_always_aborts(void *opaque, uint64_t pa, uint64_t *val)
{
    (void)pa;
    (void)val;
    ((mem *)opaque)->reads++;
    return false;
}

static void test_gpc_disabled(void)
{
    tap_begin("R_BYRRZ: GPCCR_EL3.GPC=0 -> no GPC fault for any PAS, no GPT "
              "fetch, even with a reserved configuration");
    cfg_reset(mk_gpccr(7, 3, 0x1) & ~B(16));   /* PPS/PGS/L0GPTSZ reserved */
    C.gpccr |= 1ull << 12;                     /* and SH reserved */
    C.read = read_always_aborts;
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            gpt_result r = gpt_check(&C, 0x12345000 + i, all_pas[i],
                                     all_ss[j]);
            EXPECT("disabled", r, GPT_OK, 0, GPT_R_GPC_DISABLED);
            TAP_EQ_U64(r.nreads, 0);
            TAP_EQ_U64(r.span_bits, 56);
        }
    }
    TAP_EQ_U64(M.reads, 0);
    tap_end();
}

/* ------------------------------------------------------------------ */
/* Priority 1, R_JWCSM / GPCRegistersConsistent()                      */

static void expect_bad_config(const char *what, unsigned problem)
{
    for (int i = 0; i < 4; i++) {
        gpt_result r = chk(0x1000, all_pas[i]);
        EXPECT(what, r, GPT_FAULT_WALK, 0, GPT_R_BAD_CONFIG);
        TAP_EQ_U64(r.gpcsc, 0x04);            /* EncodeGPCSC: '00010':'0' */
        TAP_EQ_U64(r.priority, 1);
        TAP_EQ_U64(r.nreads, 0);
        TAP_TRUE(r.cfg_problems & problem);
    }
}

static void test_config_invalid(void)
{
    tap_begin("R_JWCSM: GPCCR_EL3.PPS=0b111 (reserved without GPC3) -> GPT "
              "walk fault level 0");
    cfg_reset(mk_gpccr(7, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_block(GPT_GPI_ANY));
    expect_bad_config("pps 0b111", GPT_CFG_PPS_RESERVED);
    tap_end();

    tap_begin("R_JWCSM + GPCCR_EL3.PPS: PPS larger than PAMax is invalid -> "
              "walk fault level 0; PPS == PAMax is fine");
    cfg_reset(mk_gpccr(PPS_256T, PGS_4K, L0SZ_1G));
    C.pa_range_bits = 44;
    expect_bad_config("pps 48 > pamax 44", GPT_CFG_PPS_TOO_LARGE);
    cfg_reset(mk_gpccr(PPS_16T, PGS_4K, L0SZ_1G));
    C.pa_range_bits = 44;
    wr64(L0_BASE, d_block(GPT_GPI_ANY));
    EXPECT_OK("pps 44 == pamax 44", chk(0x1000, GPT_PAS_REALM));
    tap_end();

    tap_begin("R_JWCSM: GPCCR_EL3.PGS=0b11 (reserved) -> walk fault level 0");
    cfg_reset(mk_gpccr(PPS_4G, 3, L0SZ_1G));
    expect_bad_config("pgs 0b11", GPT_CFG_PGS_RESERVED);
    tap_end();

    tap_begin("R_JWCSM + GPCCR_EL3.PGS: granule unsupported at both stages "
              "(TGran*) is reserved -> walk fault level 0");
    cfg_reset(mk_gpccr(PPS_4G, PGS_16K, L0SZ_1G));
    C.pgs_reserved = GPT_PGS_RESERVED_16K;
    expect_bad_config("pgs 16K unsupported", GPT_CFG_PGS_UNSUPPORTED);
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    C.pgs_reserved = GPT_PGS_RESERVED_16K | GPT_PGS_RESERVED_64K;
    wr64(L0_BASE, d_block(GPT_GPI_ANY));
    EXPECT_OK("pgs 4K still supported", chk(0x1000, GPT_PAS_SECURE));
    tap_end();

    tap_begin("R_JWCSM: GPCCR_EL3.SH=0b01 (reserved) -> walk fault level 0");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G) & ~(3ull << 12));
    C.gpccr |= 1ull << 12;
    expect_bad_config("sh 0b01", GPT_CFG_SH_RESERVED);
    tap_end();

    tap_begin("GPCRegistersConsistent: Inner+Outer Non-cacheable needs "
              "SH=0b10; NSH/ISH -> walk fault level 0");
    {
        const uint64_t base = mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G) &
                              ~(0x3full << 8);  /* SH, ORGN, IRGN = 0 */
        cfg_reset(base);                       /* NC, NC, Non-shareable */
        expect_bad_config("nc/nc nsh", GPT_CFG_SH_NC_NOT_OUTER);
        cfg_reset(base | 3ull << 12);          /* NC, NC, Inner Shareable */
        expect_bad_config("nc/nc ish", GPT_CFG_SH_NC_NOT_OUTER);
        cfg_reset(base | 2ull << 12);          /* NC, NC, Outer Shareable */
        wr64(L0_BASE, d_block(GPT_GPI_ANY));
        EXPECT_OK("nc/nc osh", chk(0x1000, GPT_PAS_ROOT));
        cfg_reset(base | 1ull << 8);           /* IWB, ONC, Non-shareable */
        wr64(L0_BASE, d_block(GPT_GPI_ANY));
        EXPECT_OK("wb/nc nsh", chk(0x1000, GPT_PAS_ROOT));
        cfg_reset(base | 1ull << 10);          /* INC, OWB, Non-shareable */
        wr64(L0_BASE, d_block(GPT_GPI_ANY));
        EXPECT_OK("nc/wb nsh", chk(0x1000, GPT_PAS_ROOT));
    }
    tap_end();

    tap_begin("R_JWCSM + GPCCR_EL3.L0GPTSZ: reserved L0GPTSZ -> walk fault "
              "level 0 (register field and l0gptsz_impl)");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, 0x1));
    expect_bad_config("l0gptsz 0b0001", GPT_CFG_L0GPTSZ_RESERVED);
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    C.l0gptsz_impl = 31;
    expect_bad_config("l0gptsz_impl 31", GPT_CFG_L0GPTSZ_RESERVED);
    tap_end();

    tap_begin("Table D9-2: invalid configuration (prio 1) wins over SPAD "
              "(prio 2) and above-PPS (prio 3)");
    cfg_reset(mk_gpccr(7, PGS_4K, L0SZ_1G) | B(7));
    EXPECT("bad cfg + SPAD", gpt_check(&C, 0x1000, GPT_PAS_SECURE,
                                       GPT_SS_SECURE),
           GPT_FAULT_WALK, 0, GPT_R_BAD_CONFIG);
    cfg_reset(mk_gpccr(PPS_4G, 3, L0SZ_1G));
    EXPECT("bad cfg + above PPS", chk(B(40), GPT_PAS_NONSECURE),
           GPT_FAULT_WALK, 0, GPT_R_BAD_CONFIG);
    tap_end();
}

/* ------------------------------------------------------------------ */
/* Priority 2, R_TCWMD: SPAD/NSPAD/RLPAD (FEAT_RME_GPC2)               */

static void test_pas_disable(void)
{
    static const struct {
        unsigned bit;
        gpt_pas pas;
        const char *name;
    } pad[3] = {
        { 7, GPT_PAS_SECURE, "SPAD" },
        { 6, GPT_PAS_NONSECURE, "NSPAD" },
        { 5, GPT_PAS_REALM, "RLPAD" },
    };

    tap_begin("R_TCWMD: GPCCR_EL3.{SPAD,NSPAD,RLPAD}=1 -> GPF level 0 for "
              "that PAS only; Root is never disabled");
    for (int k = 0; k < 3; k++) {
        cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G) | B(pad[k].bit));
        wr64(L0_BASE, d_block(GPT_GPI_ANY));
        for (int i = 0; i < 4; i++) {
            gpt_result r = chk(0x2000, all_pas[i]);
            if (all_pas[i] == pad[k].pas) {
                EXPECT(pad[k].name, r, GPT_FAULT_GPF, 0, GPT_R_PAS_DISABLED);
                TAP_EQ_U64(r.gpcsc, 0x0c);     /* '00110':'0' */
                TAP_EQ_U64(r.priority, 2);
                TAP_EQ_U64(r.nreads, 0);
            } else {
                EXPECT_OK(pad[k].name, r);
            }
        }
    }
    tap_end();

    tap_begin("Table D9-2: NSPAD (prio 2) applies before the above-PPS "
              "Non-secure pass (prio 3)");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G) | B(6));
    EXPECT("NS above PPS + NSPAD", chk(B(33), GPT_PAS_NONSECURE),
           GPT_FAULT_GPF, 0, GPT_R_PAS_DISABLED);
    tap_end();

    tap_begin("GPCCR_EL3.{SPAD,NSPAD,RLPAD} are RES0 without FEAT_RME_GPC2 "
              "-> no effect");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G) | B(5) | B(6) | B(7));
    C.feat_gpc2 = false;
    wr64(L0_BASE, d_block(GPT_GPI_ANY));
    for (int i = 0; i < 4; i++) {
        EXPECT_OK("pad w/o gpc2", chk(0x2000, all_pas[i]));
    }
    tap_end();
}

/* ------------------------------------------------------------------ */
/* Priority 3: PA above PPS (R_CPDSB, R_JFFHB, R_PBPSH), AbovePPS()    */

static void test_above_pps(void)
{
    static const unsigned pps_bits[7] = { 32, 36, 40, 42, 44, 48, 52 };

    tap_begin("R_CPDSB/R_JFFHB: PA >= 2^PPS: Non-secure passes, S/Root/Realm "
              "get GPF level 0, no GPT fetch (each PPS)");
    for (unsigned e = 0; e < 7; e++) {
        unsigned t = pps_bits[e];

        cfg_reset(mk_gpccr(e, PGS_4K, L0SZ_1G));
        C.read = read_always_aborts;
        for (int i = 0; i < 4; i++) {
            gpt_result r = chk(B(t), all_pas[i]);

            if (all_pas[i] == GPT_PAS_NONSECURE) {
                EXPECT("NS above PPS", r, GPT_OK, 0, GPT_R_ABOVE_PPS_PASS);
            } else {
                EXPECT("above PPS", r, GPT_FAULT_GPF, 0, GPT_R_ABOVE_PPS);
                TAP_EQ_U64(r.priority, 3);
                TAP_EQ_U64(r.gpcsc, 0x0c);
            }
            TAP_EQ_U64(r.nreads, 0);
            TAP_EQ_U64(r.span_bits, t);
            /* the last byte below PPS is checked against the GPT */
            r = chk(B(t) - 1, all_pas[i]);
            EXPECT("just below PPS", r, GPT_FAULT_EABT, 0, GPT_R_L0_EABT);
        }
    }
    tap_end();

    tap_begin("R_PBPSH: GPCCR_EL3.APPSAA=1 -> no GPF above PPS for any PAS; "
              "APPSAA is RES0 without FEAT_RME_GPC2");
    cfg_reset(mk_gpccr(PPS_64G, PGS_4K, L0SZ_1G) | B(24));
    for (int i = 0; i < 4; i++) {
        EXPECT("APPSAA", chk(B(36) + 0x5000, all_pas[i]), GPT_OK, 0,
               GPT_R_ABOVE_PPS_PASS);
    }
    C.feat_gpc2 = false;
    EXPECT("APPSAA w/o gpc2", chk(B(36), GPT_PAS_REALM), GPT_FAULT_GPF, 0,
           GPT_R_ABOVE_PPS);
    tap_end();

    tap_begin("gpt_check: PA bits [63:56] are not part of the PA (bits(56))");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_block(GPT_GPI_REALM));
    EXPECT_OK("pa with tag bits", chk(0xff00000000001000ull, GPT_PAS_REALM));
    tap_end();
}

/* ------------------------------------------------------------------ */
/* Priority 4 and GPTBR_EL3                                            */

static void test_gptbr(void)
{
    tap_begin("R_XVCKY: GPTBR_EL3.BADDR above PPS -> GPT address size fault "
              "level 0 (GPCSC 0b000000)");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    C.gptbr = B(32) >> 12;
    for (int i = 0; i < 4; i++) {
        gpt_result r = chk(0x1000, all_pas[i]);
        EXPECT("base above PPS", r, GPT_FAULT_ADDRSIZE, 0,
               GPT_R_BASE_ABOVE_PPS);
        TAP_EQ_U64(r.gpcsc, 0x00);
        TAP_EQ_U64(r.priority, 4);
        TAP_EQ_U64(r.nreads, 0);
    }
    tap_end();

    tap_begin("Table D9-2: above-PPS GPF (prio 3) before the GPTBR address "
              "size fault (prio 4); NS above PPS still passes");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    C.gptbr = B(32) >> 12;
    EXPECT("S above PPS", chk(B(32), GPT_PAS_SECURE), GPT_FAULT_GPF, 0,
           GPT_R_ABOVE_PPS);
    EXPECT("NS above PPS", chk(B(32), GPT_PAS_NONSECURE), GPT_OK, 0,
           GPT_R_ABOVE_PPS_PASS);
    tap_end();

    tap_begin("GPTBR_EL3 bits [63:40] are RES0 (no FEAT_RME_GPC3) and do not "
              "move the table [qemu-divergent]");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    C.gptbr = (L0_BASE >> 12) | B(40) | B(63);
    wr64(L0_BASE, d_block(GPT_GPI_REALM));
    {
        gpt_result r = chk(0x3000, GPT_PAS_REALM);
        gpt_regs regs;

        EXPECT_OK("gptbr res0 bits", r);
        TAP_EQ_U64(r.desc_addr, L0_BASE);
        gpt_decode_regs(&C, &regs);
        TAP_EQ_U64(regs.gptbr_res0, B(40) | B(63));
    }
    tap_end();

    tap_begin("GPTBR_EL3.BADDR: bits [x:0], x = Max(pps - l0gptsz + 2, 11), "
              "are treated as zero (GPTWalk alignment)");
    /* PPS 40, L0GPTSZ 30: 1024 entries, 8KB table: address bit 12 ignored */
    cfg_reset(mk_gpccr(PPS_1T, PGS_4K, L0SZ_1G));
    C.gptbr = (L0_BASE | 0x1000) >> 12;
    wr64(L0_BASE + 8 * 3, d_block(GPT_GPI_ROOT));
    {
        gpt_result r = chk(3 * B(30) + 0x7000, GPT_PAS_ROOT);
        EXPECT_OK("aligned down", r);
        TAP_EQ_U64(r.desc_addr, L0_BASE + 8 * 3);
    }
    /* PPS 52, L0GPTSZ 30: 2^22 entries, table aligned to 32MB */
    cfg_reset(mk_gpccr(PPS_4P, PGS_4K, L0SZ_1G));
    C.gptbr = (L0_BASE | 0x1fff000) >> 12;
    wr64(L0_BASE + 8 * 5, d_block(GPT_GPI_ROOT));
    EXPECT_OK("aligned down 32MB", chk(5 * B(30), GPT_PAS_ROOT));
    /* a small table is only 4KB aligned: bit 12 is kept */
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    C.gptbr = (L0_BASE | 0x1000) >> 12;
    wr64(L0_BASE + 0x1000 + 8, d_block(GPT_GPI_ROOT));
    EXPECT_OK("4KB aligned", chk(B(30), GPT_PAS_ROOT));
    tap_end();
}

/* ------------------------------------------------------------------ */
/* GPI encodings and GPICheck(), D9.6.5 (R_GYQGW)                      */

/*
 * Expected permission of each GPI for each (PA space, Security state),
 * transcribed from the GPI table in D9.6.5: 'Y' permitted, '-' GPF.
 * Rows: GPI 0..15; columns: PAS S, NS, Root, Realm.  For NSO (0b1101)
 * the NS column depends on the Security state and is handled separately.
 * 'W' marks encodings that are reserved (walk fault) even with every
 * feature enabled.
 */
static const char *const gpi_table[16] = {
    [0x0] = "----",
    [0x1] = "WWWW", [0x2] = "WWWW", [0x3] = "WWWW",
    [0x4] = "----", [0x5] = "----", [0x6] = "----", [0x7] = "----",
    [0x8] = "Y---",
    [0x9] = "-Y--",
    [0xa] = "--Y-",
    [0xb] = "---Y",
    [0xc] = "WWWW",
    [0xd] = "-N--",
    [0xe] = "WWWW",
    [0xf] = "YYYY",
};

/* Everything enabled: SEL2, GPC2 with NSO, GDI with SA/NSP/NA6/NA7. */
static void cfg_reset_all_gpis(uint64_t gpccr)
{
    cfg_reset(gpccr | B(19) | B(25) | B(26) | B(27) | B(28));
    C.feat_sel2 = true;
    C.feat_gpc2 = true;
    C.feat_gdi = true;
}

static void check_gpi_row(unsigned gpi, unsigned level, uint64_t pa)
{
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            gpt_pas pas = all_pas[i];
            gpt_ss ss = all_ss[j];
            gpt_result r = gpt_check(&C, pa, pas, ss);
            char e = gpi_table[gpi][i];
            char what[64];

            snprintf(what, sizeof(what), "gpi 0x%x pas %s ss %s", gpi,
                     gpt_pas_name(pas), gpt_ss_name(ss));
            if (e == 'N') {
                /* GPICheck: NSO permits NS PAS from Root or NS state */
                e = (ss == GPT_SS_NONSECURE || ss == GPT_SS_ROOT) ? 'Y' : '-';
            }
            if (e == 'W') {
                EXPECT(what, r, GPT_FAULT_WALK, level,
                       level ? GPT_R_L1_INVALID : GPT_R_L0_INVALID);
            } else if (e == 'Y') {
                EXPECT_OK(what, r);
                TAP_EQ_U64(r.gpi, gpi);
                TAP_EQ_U64(r.level, level);
            } else {
                EXPECT(what, r, GPT_FAULT_GPF, level,
                       level ? GPT_R_L1_DENIED : GPT_R_L0_DENIED);
                TAP_EQ_U64(r.gpcsc, 0x0c | level);
                TAP_EQ_U64(r.gpi, gpi);
            }
        }
    }
}

static void test_gpi_matrix(void)
{
    char name[160];

    for (unsigned gpi = 0; gpi < 16; gpi++) {
        snprintf(name, sizeof(name), "R_GYQGW/GPICheck: L0 Block GPI 0x%x "
                 "(%s) x every PAS x every Security state", gpi,
                 gpt_gpi_name(gpi));
        tap_begin(name);
        cfg_reset_all_gpis(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
        wr64(L0_BASE + 8, d_block(gpi));
        check_gpi_row(gpi, 0, B(30) + 0x5000);
        tap_end();
    }
    for (unsigned gpi = 0; gpi < 16; gpi++) {
        snprintf(name, sizeof(name), "R_GYQGW/GPICheck: L1 Granules GPI 0x%x "
                 "(%s) x every PAS x every Security state", gpi,
                 gpt_gpi_name(gpi));
        tap_begin(name);
        cfg_reset_all_gpis(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
        wr64(L0_BASE, d_table(L1_BASE));
        /* all 16 GPIs equal (0x1...1 decodes as a bad Contiguous entry) */
        wr64(L1_BASE + 8 * 2, d_granules(gpi));
        check_gpi_row(gpi, 1, 2 * B(16) + 7 * B(12));
        tap_end();
    }
    for (unsigned gpi = 0; gpi < 16; gpi++) {
        snprintf(name, sizeof(name), "R_GYQGW/GPICheck: L1 Contiguous GPI 0x%x "
                 "(%s) x every PAS x every Security state", gpi,
                 gpt_gpi_name(gpi));
        tap_begin(name);
        cfg_reset_all_gpis(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
        wr64(L0_BASE, d_table(L1_BASE));
        wr64(L1_BASE + 8 * 40, d_contig(gpi, 1));
        check_gpi_row(gpi, 1, 40 * B(16));
        tap_end();
    }
}

static void test_gpi_features(void)
{
    tap_begin("GPIValid: Secure GPI (0b1000) is reserved without FEAT_SEL2 "
              "-> GPT walk fault (L0 and L1)");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    C.feat_sel2 = false;
    wr64(L0_BASE, d_block(GPT_GPI_SECURE));
    wr64(L0_BASE + 8, d_table(L1_BASE));
    wr64(L1_BASE, d_granules(GPT_GPI_SECURE));
    EXPECT("L0", chk(0x1000, GPT_PAS_SECURE), GPT_FAULT_WALK, 0,
           GPT_R_L0_INVALID);
    EXPECT("L1", chk(B(30), GPT_PAS_SECURE), GPT_FAULT_WALK, 1,
           GPT_R_L1_INVALID);
    tap_end();

    tap_begin("GPCCR_EL3.NSO: NSO GPI (0b1101) reserved when NSO=0, and when "
              "FEAT_RME_GPC2 is absent (NSO is RES0)");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_block(GPT_GPI_NSO));
    EXPECT("NSO=0", chk(0x1000, GPT_PAS_NONSECURE), GPT_FAULT_WALK, 0,
           GPT_R_L0_INVALID);
    C.gpccr |= B(19);
    EXPECT_OK("NSO=1", chk(0x1000, GPT_PAS_NONSECURE));
    C.feat_gpc2 = false;
    EXPECT("NSO=1, no GPC2", chk(0x1000, GPT_PAS_NONSECURE), GPT_FAULT_WALK,
           0, GPT_R_L0_INVALID);
    tap_end();

    tap_begin("GPCCR_EL3.{SA,NSP,NA6,NA7}: GDI GPIs 0b0100..0b0111 reserved "
              "unless FEAT_RME_GDI and the enable bit; valid ones deny a PE");
    for (unsigned gpi = 4; gpi <= 7; gpi++) {
        uint64_t enable = B(25 + (gpi - 4));

        cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G) | enable);
        wr64(L0_BASE, d_block(gpi));
        EXPECT("no GDI", chk(0x1000, GPT_PAS_NONSECURE), GPT_FAULT_WALK, 0,
               GPT_R_L0_INVALID);
        C.feat_gdi = true;
        for (int i = 0; i < 4; i++) {
            EXPECT("GDI enabled", chk(0x1000, all_pas[i]), GPT_FAULT_GPF, 0,
                   GPT_R_L0_DENIED);
        }
        C.gpccr &= ~enable;
        EXPECT("GDI, bit clear", chk(0x1000, GPT_PAS_ROOT), GPT_FAULT_WALK,
               0, GPT_R_L0_INVALID);
    }
    tap_end();
}

static void test_nso(void)
{
    tap_begin("GPICheck NSO: Non-secure PAS from Non-secure or Root state "
              "only; Secure/Realm state -> GPF level 1");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G) | B(19));
    wr64(L0_BASE, d_table(L1_BASE));
    wr64(L1_BASE, d_granules_one(GPT_GPI_NONSECURE, 3, GPT_GPI_NSO));
    EXPECT_OK("ns", gpt_check(&C, 3 * B(12), GPT_PAS_NONSECURE,
                              GPT_SS_NONSECURE));
    EXPECT_OK("root", gpt_check(&C, 3 * B(12), GPT_PAS_NONSECURE,
                                GPT_SS_ROOT));
    EXPECT("secure state", gpt_check(&C, 3 * B(12), GPT_PAS_NONSECURE,
                                     GPT_SS_SECURE),
           GPT_FAULT_GPF, 1, GPT_R_L1_DENIED);
    EXPECT("realm state", gpt_check(&C, 3 * B(12), GPT_PAS_NONSECURE,
                                    GPT_SS_REALM),
           GPT_FAULT_GPF, 1, GPT_R_L1_DENIED);
    /* the neighbouring granule is plain Non-secure */
    EXPECT_OK("plain NS from realm state",
              gpt_check(&C, 4 * B(12), GPT_PAS_NONSECURE, GPT_SS_REALM));
    tap_end();
}

/* ------------------------------------------------------------------ */
/* Level 0 descriptors (D9.6.1, D9.6.2)                                */

static void test_l0_invalid(void)
{
    tap_begin("R_TXFXH/R_TRCQY: L0 entry types other than Block (0b0001) and "
              "Table (0b0011) are invalid -> walk fault level 0");
    for (unsigned ty = 0; ty < 16; ty++) {
        gpt_result r;

        if (ty == GPT_L0_TYPE_BLOCK || ty == GPT_L0_TYPE_TABLE) {
            continue;
        }
        cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
        wr64(L0_BASE, (uint64_t)GPT_GPI_ANY << 4 | ty);
        r = chk(0x1000, GPT_PAS_ROOT);
        EXPECT("type", r, GPT_FAULT_WALK, 0, GPT_R_L0_INVALID);
        TAP_EQ_U64(r.gpcsc, 0x04);
        TAP_EQ_U64(r.priority, 6);
        TAP_EQ_U64(r.desc_kind, GPT_DESC_INVALID);
    }
    tap_end();

    tap_begin("R_PHBLQ/R_XNKFZ: Block descriptor bits [63:8] RES0 -> walk "
              "fault level 0 if any is set");
    for (unsigned bit = 8; bit < 64; bit++) {
        cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
        wr64(L0_BASE, d_block(GPT_GPI_ANY) | B(bit));
        EXPECT("block res0", chk(0x1000, GPT_PAS_ROOT), GPT_FAULT_WALK, 0,
               GPT_R_L0_INVALID);
    }
    tap_end();

    tap_begin("R_KCDQS/R_SFPYD: Table descriptor bits [63:52] and [11:4] RES0 "
              "-> walk fault level 0");
    for (unsigned bit = 4; bit < 64; bit++) {
        if (bit == 12) {
            bit = 52;
        }
        cfg_reset(mk_gpccr(PPS_4P, PGS_4K, L0SZ_1G));
        wr64(L0_BASE, d_table(L1_BASE) | B(bit));
        EXPECT("table res0", chk(0x1000, GPT_PAS_ROOT), GPT_FAULT_WALK, 0,
               GPT_R_L0_INVALID);
    }
    tap_end();

    tap_begin("R_DBTFW: Table descriptor bits [s-p-2:12] RES0 (L1 table "
              "aligned to its size), every L0GPTSZ x PGS");
    {
        static const unsigned l0[4] = { L0SZ_1G, L0SZ_16G, L0SZ_64G,
                                        L0SZ_512G };
        static const unsigned s_of[4] = { 30, 34, 36, 39 };
        static const unsigned pgs[3] = { PGS_4K, PGS_16K, PGS_64K };
        static const unsigned p_of[3] = { 12, 14, 16 };

        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 3; b++) {
                unsigned top = s_of[a] - p_of[b] - 2;
                gpt_result r;

                cfg_reset(mk_gpccr(PPS_4P, pgs[b], l0[a]));
                C.pa_range_bits = 52;
                wr64(L0_BASE, d_table(L1_BASE | B(12)));
                EXPECT("bit 12", chk(0, GPT_PAS_ROOT), GPT_FAULT_WALK, 0,
                       GPT_R_L0_INVALID);
                wr64(L0_BASE, d_table(L1_BASE | B(top)));
                EXPECT("bit s-p-2", chk(0, GPT_PAS_ROOT), GPT_FAULT_WALK, 0,
                       GPT_R_L0_INVALID);
                /* bit s-p-1 is an address bit: the walk reaches level 1 */
                wr64(L0_BASE, d_table(L1_BASE | B(top + 1)));
                wr64(L1_BASE | B(top + 1), d_granules(GPT_GPI_ROOT));
                r = chk(0, GPT_PAS_ROOT);
                EXPECT_OK("bit s-p-1", r);
                TAP_EQ_U64(r.desc_addr, L1_BASE | B(top + 1));
            }
        }
    }
    tap_end();
}

static void test_l0_table_above_pps(void)
{
    tap_begin("R_JCGMZ: L0 Table address above PPS -> GPT address size fault "
              "level 0, priority 7 [qemu-divergent]");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_table(B(32)));
    {
        gpt_result r = chk(0x1000, GPT_PAS_REALM);

        EXPECT("table above 4GB PPS", r, GPT_FAULT_ADDRSIZE, 0,
               GPT_R_L0_TABLE_ABOVE_PPS);
        TAP_EQ_U64(r.gpcsc, 0x00);
        TAP_EQ_U64(r.priority, 7);
        TAP_EQ_U64(r.nreads, 1);
    }
    /* PPS 48: bits [51:48] are address bits above PPS -> address size;
     * bit 52 is RES0 -> walk fault */
    cfg_reset(mk_gpccr(PPS_256T, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_table(L1_BASE | B(51)));
    EXPECT("bit 51, PPS 48", chk(0x1000, GPT_PAS_REALM), GPT_FAULT_ADDRSIZE,
           0, GPT_R_L0_TABLE_ABOVE_PPS);
    wr64(L0_BASE, d_table(L1_BASE | B(48)));
    EXPECT("bit 48, PPS 48", chk(0x1000, GPT_PAS_REALM), GPT_FAULT_ADDRSIZE,
           0, GPT_R_L0_TABLE_ABOVE_PPS);
    wr64(L0_BASE, d_table(L1_BASE | B(52)));
    EXPECT("bit 52 RES0", chk(0x1000, GPT_PAS_REALM), GPT_FAULT_WALK, 0,
           GPT_R_L0_INVALID);
    tap_end();

    tap_begin("Table D9-2: invalid L0 Table (prio 6) is reported before its "
              "address size fault (prio 7)");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_table(B(32)) | B(4));
    EXPECT("invalid + above", chk(0x1000, GPT_PAS_REALM), GPT_FAULT_WALK, 0,
           GPT_R_L0_INVALID);
    tap_end();
}

/* ------------------------------------------------------------------ */
/* Level 1 descriptors (D9.6.3, D9.6.4)                                */

static void test_l1_granules(void)
{
    static const unsigned pgs[3] = { PGS_4K, PGS_16K, PGS_64K };
    static const unsigned p_of[3] = { 12, 14, 16 };

    tap_begin("R_QDCZJ: Granules descriptor GPI i = bits [4i+3:4i], i = "
              "PA[p+3:p], for 4KB/16KB/64KB");
    for (int b = 0; b < 3; b++) {
        for (unsigned k = 0; k < 16; k++) {
            unsigned p = p_of[b];
            uint64_t pa = 5 * B(p + 4) + (uint64_t)k * B(p) + 0x123;
            gpt_result r;

            cfg_reset(mk_gpccr(PPS_4G, pgs[b], L0SZ_1G));
            wr64(L0_BASE, d_table(L1_BASE));
            wr64(L1_BASE + 5 * 8,
                 d_granules_one(GPT_GPI_NONSECURE, k, GPT_GPI_REALM));
            r = chk(pa, GPT_PAS_REALM);
            EXPECT_OK("selected granule", r);
            TAP_EQ_U64(r.desc_kind, GPT_DESC_GRANULES);
            TAP_EQ_U64(r.span_bits, p);
            EXPECT("same granule, NS", chk(pa, GPT_PAS_NONSECURE),
                   GPT_FAULT_GPF, 1, GPT_R_L1_DENIED);
            EXPECT_OK("next granule, NS",
                      chk(pa ^ B(p), GPT_PAS_NONSECURE));
        }
    }
    tap_end();

    tap_begin("GPTGranulesDescriptorValid/R_XNKFZ: a reserved GPI in any of "
              "the 16 fields makes the entry invalid -> walk fault level 1 "
              "[qemu-divergent]");
    for (unsigned k = 1; k < 16; k++) {
        static const unsigned reserved[5] = { 0x1, 0x2, 0x3, 0xc, 0xe };
        gpt_result r;

        cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
        wr64(L0_BASE, d_table(L1_BASE));
        wr64(L1_BASE, d_granules_one(GPT_GPI_ANY, k, reserved[k % 5]));
        r = chk(0, GPT_PAS_NONSECURE);      /* granule 0 is "any" */
        EXPECT("reserved neighbour", r, GPT_FAULT_WALK, 1, GPT_R_L1_INVALID);
        TAP_EQ_U64(r.gpcsc, 0x05);
        TAP_EQ_U64(r.priority, 10);
    }
    tap_end();
}

static void test_l1_contig(void)
{
    static const unsigned bits[4] = { 0, 21, 25, 29 };

    tap_begin("R_BFCGF/DecodeGPTContiguous: Contig 0b01/0b10/0b11 = "
              "2MB/32MB/512MB, level 1, GPI from bits [7:4]");
    for (unsigned c = 1; c < 4; c++) {
        gpt_result r;

        cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
        wr64(L0_BASE, d_table(L1_BASE));
        wr64(L1_BASE + 8 * 9, d_contig(GPT_GPI_REALM, c));
        r = chk(9 * B(16) + 0x4000, GPT_PAS_REALM);
        EXPECT_OK("contig realm", r);
        TAP_EQ_U64(r.level, 1);
        TAP_EQ_U64(r.desc_kind, GPT_DESC_CONTIG);
        TAP_EQ_U64(r.span_bits, bits[c]);
        EXPECT("contig NS", chk(9 * B(16), GPT_PAS_NONSECURE),
               GPT_FAULT_GPF, 1, GPT_R_L1_DENIED);
    }
    tap_end();

    tap_begin("R_BFCGF/R_MVVWZ: Contig=0b00 reserved, bits [63:10] RES0, "
              "reserved GPI -> walk fault level 1");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_table(L1_BASE));
    wr64(L1_BASE, d_contig(GPT_GPI_ANY, 0));
    EXPECT("contig 0", chk(0, GPT_PAS_ROOT), GPT_FAULT_WALK, 1,
           GPT_R_L1_INVALID);
    for (unsigned bit = 10; bit < 64; bit++) {
        wr64(L1_BASE, d_contig(GPT_GPI_ANY, 1) | B(bit));
        EXPECT("contig res0", chk(0, GPT_PAS_ROOT), GPT_FAULT_WALK, 1,
               GPT_R_L1_INVALID);
    }
    wr64(L1_BASE, d_contig(0xe, 2));
    EXPECT("contig reserved gpi", chk(0, GPT_PAS_ROOT), GPT_FAULT_WALK, 1,
           GPT_R_L1_INVALID);
    tap_end();

    tap_begin("R_SMQTZ (CONSTRAINED UNPREDICTABLE, QEMU's choice): a "
              "misprogrammed Contiguous range uses the GPI of the entry the "
              "PA indexes");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_table(L1_BASE));
    wr64(L1_BASE + 0, d_contig(GPT_GPI_REALM, 1));      /* claims 2MB */
    wr64(L1_BASE + 8, d_granules(GPT_GPI_NONSECURE));   /* but differs */
    EXPECT_OK("entry 0", chk(0x1000, GPT_PAS_REALM));
    EXPECT_OK("entry 1", chk(B(16) + 0x1000, GPT_PAS_NONSECURE));
    tap_end();
}

/* ------------------------------------------------------------------ */
/* External aborts on GPT fetch (R_DFCHJ)                              */

static void test_eabt(void)
{
    tap_begin("R_DFCHJ: External abort on the L0 fetch -> GPCSC 0b010100, "
              "priority 5");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    M.abort_at[M.nabort++] = L0_BASE + 8;
    {
        gpt_result r = chk(B(30), GPT_PAS_NONSECURE);

        EXPECT("l0 abort", r, GPT_FAULT_EABT, 0, GPT_R_L0_EABT);
        TAP_EQ_U64(r.gpcsc, 0x14);
        TAP_EQ_U64(r.priority, 5);
        TAP_EQ_U64(r.desc_addr, L0_BASE + 8);
    }
    /* a GPT outside memory */
    C.gptbr = 0x40000000 >> 12;
    EXPECT("l0 outside RAM", chk(0, GPT_PAS_NONSECURE), GPT_FAULT_EABT, 0,
           GPT_R_L0_EABT);
    tap_end();

    tap_begin("R_DFCHJ: External abort on the L1 fetch -> GPCSC 0b010101, "
              "priority 9");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    wr64(L0_BASE, d_table(L1_BASE));
    M.abort_at[M.nabort++] = L1_BASE + 8 * 3;
    {
        gpt_result r = chk(3 * B(16), GPT_PAS_NONSECURE);

        EXPECT("l1 abort", r, GPT_FAULT_EABT, 1, GPT_R_L1_EABT);
        TAP_EQ_U64(r.gpcsc, 0x15);
        TAP_EQ_U64(r.priority, 9);
        TAP_EQ_U64(r.nreads, 2);
    }
    /* an all-zero L1 entry is a valid Granules descriptor: no access */
    EXPECT("l1 neighbour", chk(4 * B(16), GPT_PAS_NONSECURE),
           GPT_FAULT_GPF, 1, GPT_R_L1_DENIED);
    tap_end();
}

/* ------------------------------------------------------------------ */
/* Indexing: R_QNGFY, R_RDYKY, R_RSHYW for every PPS x L0GPTSZ x PGS   */

/* R_RDYKY: top bit of the level 0 index for each PPS[3:0] encoding. */
static unsigned l0_index_top(unsigned pps_enc)
{
    switch (pps_enc) {
    case 0x0: return 31;
    case 0x1: return 35;
    case 0x2: return 39;
    case 0x3: return 41;
    case 0x4: return 43;
    case 0x8: return 45;
    case 0x9: return 46;
    case 0x5: return 47;
    case 0x6: return 51;
    case 0x7: return 55;
    default: tap_bail("no level 0 index for PPS encoding 0x%x", pps_enc);
    }
}

/* Extract PA[hi:lo] (0 if hi < lo). */
static uint64_t pa_bits(uint64_t pa, unsigned hi, unsigned lo)
{
    if (hi < lo) {
        return 0;
    }
    return (pa >> lo) & (hi - lo >= 63 ? ~0ull : (B(hi - lo + 1) - 1));
}

static void geometry_case(unsigned pps_enc, unsigned l0enc, unsigned s,
                          unsigned pgs, unsigned p, unsigned l1lo,
                          uint64_t pa)
{
    /* R_RDYKY: L0 index PA[top:s]; one entry if PPS <= L0GPTSZ */
    uint64_t l0a = L0_BASE + 8 * pa_bits(pa, l0_index_top(pps_enc), s);
    /* R_RSHYW: L1 index PA[s-1:16|18|20]; R_QDCZJ: GPI index PA[p+3:p] */
    uint64_t l1a = L1_BASE + 8 * pa_bits(pa, s - 1, l1lo);
    unsigned gi = (unsigned)pa_bits(pa, p + 3, p);
    gpt_result r;

    cfg_reset(mk_gpccr(pps_enc, pgs, l0enc));
    C.pa_range_bits = pps_enc == 7 ? 56 : 52;
    C.feat_gpc3 = pps_enc >= 7;
    wr64(l0a, d_table(L1_BASE));
    wr64(l1a, d_granules_one(GPT_GPI_NONSECURE, gi, GPT_GPI_REALM));
    r = chk(pa, GPT_PAS_REALM);
    EXPECT_OK("realm granule", r);
    TAP_EQ_U64(r.nreads, 2);
    TAP_EQ_U64(r.desc_addr, l1a);
    TAP_EQ_U64(r.gpi, GPT_GPI_REALM);
    EXPECT("NS in realm granule", chk(pa, GPT_PAS_NONSECURE), GPT_FAULT_GPF,
           1, GPT_R_L1_DENIED);

    /* The same L0 entry as a Block */
    wr64(l0a, d_block(GPT_GPI_ROOT));
    r = chk(pa, GPT_PAS_ROOT);
    EXPECT_OK("root block", r);
    TAP_EQ_U64(r.nreads, 1);
    TAP_EQ_U64(r.desc_addr, l0a);
    TAP_EQ_U64(r.level, 0);
}

static void test_geometry(void)
{
    static const unsigned pps_encs[7] = { 0, 1, 2, 3, 4, 5, 6 };
    static const unsigned t_of[7] = { 32, 36, 40, 42, 44, 48, 52 };
    static const unsigned l0[4] = { L0SZ_1G, L0SZ_16G, L0SZ_64G, L0SZ_512G };
    static const unsigned s_of[4] = { 30, 34, 36, 39 };
    static const unsigned pgs[3] = { PGS_4K, PGS_16K, PGS_64K };
    static const unsigned p_of[3] = { 12, 14, 16 };
    static const unsigned l1lo[3] = { 16, 18, 20 };
    static const uint64_t patterns[3] = {
        0xa5a5a5a5a5a5a5a5ull, 0x5a5a5a5a5a5a5a5aull, 0xfffffffffffff123ull,
    };
    char name[160];

    for (int e = 0; e < 7; e++) {
        for (int a = 0; a < 4; a++) {
            snprintf(name, sizeof(name), "R_QNGFY/R_RDYKY/R_RSHYW: L0/L1/GPI "
                     "indexing, PPS %u bits, L0GPTSZ %u bits, all PGS%s",
                     t_of[e], s_of[a],
                     t_of[e] <= s_of[a] ? " (single L0 entry) "
                     "[qemu-divergent: extract64 assert]" : "");
            tap_begin(name);
            for (int b = 0; b < 3; b++) {
                for (int k = 0; k < 3; k++) {
                    uint64_t pa = patterns[k] & (B(t_of[e]) - 1);

                    geometry_case(pps_encs[e], l0[a], s_of[a], pgs[b],
                                  p_of[b], l1lo[b], pa);
                }
            }
            tap_end();
        }
    }
}

/* ------------------------------------------------------------------ */
/* FEAT_RME_GDI: level 1 pairs (R_PGHWX)                               */

static void test_gdi_pairs(void)
{
    tap_begin("R_PGHWX: with FEAT_RME_GDI the 16-byte L1 pair is fetched and "
              "an invalid sibling gives a walk fault level 1");
    for (int odd = 0; odd < 2; odd++) {
        uint64_t mine = L1_BASE + 16 * 4 + 8 * odd;
        uint64_t sib = mine ^ 8;
        uint64_t pa = (uint64_t)(8 + odd) * B(16);
        gpt_result r;

        cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
        C.feat_gdi = true;
        wr64(L0_BASE, d_table(L1_BASE));
        wr64(mine, d_granules(GPT_GPI_REALM));
        wr64(sib, d_granules(GPT_GPI_ANY));
        r = chk(pa, GPT_PAS_REALM);
        EXPECT_OK("valid pair", r);
        TAP_EQ_U64(r.nreads, 3);
        TAP_EQ_U64(r.desc_addr, mine);
        TAP_EQ_U64(r.desc, d_granules(GPT_GPI_REALM));
        wr64(sib, d_contig(GPT_GPI_ANY, 0));         /* invalid */
        EXPECT("invalid sibling", chk(pa, GPT_PAS_REALM), GPT_FAULT_WALK, 1,
               GPT_R_L1_INVALID);
        C.feat_gdi = false;
        EXPECT_OK("no GDI: sibling not read", chk(pa, GPT_PAS_REALM));
        C.feat_gdi = true;
        wr64(sib, d_granules(GPT_GPI_ANY));
        M.abort_at[M.nabort++] = sib;
        EXPECT("sibling abort", chk(pa, GPT_PAS_REALM), GPT_FAULT_EABT, 1,
               GPT_R_L1_EABT);
    }
    tap_end();
}

/* ------------------------------------------------------------------ */
/* FEAT_RME_GPC3: PPS3, 46/47/56-bit PPS, GPTBR BADDR[43:40], windows  */

static void test_gpc3(void)
{
    gpt_regs regs;

    tap_begin("GPCCR_EL3.PPS3 is RES0 without FEAT_RME_GPC3: {1,000} is PPS "
              "32 bits");
    cfg_reset(mk_gpccr(0x8, PGS_4K, L0SZ_1G));
    TAP_EQ_U64(gpt_decode_regs(&C, &regs), 0);
    TAP_EQ_U64(regs.pps_bits, 32);
    TAP_EQ_U64(regs.gpccr_res0, B(3));
    EXPECT("above 32 bits", chk(B(32), GPT_PAS_REALM), GPT_FAULT_GPF, 0,
           GPT_R_ABOVE_PPS);
    tap_end();

    tap_begin("GPCCR_EL3.PPS[3:0] with FEAT_RME_GPC3: 0b1000=46, 0b1001=47, "
              "0b0111=56 bits; others reserved; 56 needs a 56-bit PAMax");
    {
        static const struct {
            unsigned enc, bits;
        } v[3] = { { 0x8, 46 }, { 0x9, 47 }, { 0x7, 56 } };

        for (int i = 0; i < 3; i++) {
            cfg_reset(mk_gpccr(v[i].enc, PGS_4K, L0SZ_512G));
            C.feat_gpc3 = true;
            C.pa_range_bits = 56;
            TAP_EQ_U64(gpt_decode_regs(&C, &regs), 0);
            TAP_EQ_U64(regs.pps_bits, v[i].bits);
        }
        for (unsigned enc = 0xa; enc < 16; enc++) {
            cfg_reset(mk_gpccr(enc, PGS_4K, L0SZ_1G));
            C.feat_gpc3 = true;
            C.pa_range_bits = 56;
            expect_bad_config("pps reserved", GPT_CFG_PPS_RESERVED);
        }
        cfg_reset(mk_gpccr(0x7, PGS_4K, L0SZ_1G));
        C.feat_gpc3 = true;
        expect_bad_config("pps 56 > pamax 52", GPT_CFG_PPS_TOO_LARGE);
    }
    tap_end();

    tap_begin("R_RDYKY: L0 index PA[45:s] for PPS 46, PA[46:s] for 47, "
              "PA[55:s] for 56 (FEAT_RME_GPC3)");
    {
        static const unsigned encs[3] = { 0x8, 0x9, 0x7 };
        static const unsigned t_of[3] = { 46, 47, 56 };

        for (int e = 0; e < 3; e++) {
            uint64_t pa = 0xa5a5a5a5a5a5a5a5ull & (B(t_of[e]) - 1);
            uint64_t l0a = L0_BASE + 8 * pa_bits(pa, l0_index_top(encs[e]),
                                                 39);
            gpt_result r;

            cfg_reset(mk_gpccr(encs[e], PGS_4K, L0SZ_512G));
            C.feat_gpc3 = true;
            C.pa_range_bits = 56;
            wr64(l0a, d_block(GPT_GPI_REALM));
            r = chk(pa, GPT_PAS_REALM);
            EXPECT_OK("block", r);
            TAP_EQ_U64(r.desc_addr, l0a);
            if (t_of[e] < 56) {
                EXPECT("above", chk(B(t_of[e]), GPT_PAS_REALM), GPT_FAULT_GPF,
                       0, GPT_R_ABOVE_PPS);
            }
        }
    }
    tap_end();

    tap_begin("GPTBR_EL3.BADDR[43:40] is GPT base PA[55:52] with "
              "FEAT_RME_GPC3; R_XVCKY against a 52-bit PPS");
    cfg_reset(mk_gpccr(PPS_4P, PGS_4K, L0SZ_1G));
    C.feat_gpc3 = true;
    C.pa_range_bits = 56;
    C.gptbr = (L0_BASE >> 12) | B(40);          /* base bit 52 */
    EXPECT("base bit 52, PPS 52", chk(0, GPT_PAS_ROOT), GPT_FAULT_ADDRSIZE,
           0, GPT_R_BASE_ABOVE_PPS);
    C.gpccr = mk_gpccr(0x7, PGS_4K, L0SZ_1G);   /* PPS 56 */
    M.ram_hi = B(56) - 1;
    M.ram_lo = 0;
    wr64(L0_BASE | B(52), d_block(GPT_GPI_ROOT));
    {
        gpt_result r = chk(0, GPT_PAS_ROOT);
        EXPECT_OK("base bit 52, PPS 56", r);
        TAP_EQ_U64(r.desc_addr, L0_BASE | B(52));
    }
    tap_end();

    tap_begin("R_LHVFM: Table descriptor bits [55:52] are address bits with "
              "FEAT_RME_GPC3 and a 56-bit PPS, RES0 otherwise");
    cfg_reset(mk_gpccr(0x7, PGS_4K, L0SZ_1G));
    C.feat_gpc3 = true;
    C.pa_range_bits = 56;
    M.ram_lo = 0;
    M.ram_hi = B(56) - 1;
    wr64(L0_BASE, d_table(L1_BASE | B(53)));
    wr64(L1_BASE | B(53), d_granules(GPT_GPI_REALM));
    EXPECT_OK("56-bit table address", chk(0, GPT_PAS_REALM));
    wr64(L0_BASE, d_table(L1_BASE | B(56)));
    EXPECT("bit 56 RES0", chk(0, GPT_PAS_REALM), GPT_FAULT_WALK, 0,
           GPT_R_L0_INVALID);
    C.gpccr = mk_gpccr(PPS_4P, PGS_4K, L0SZ_1G);
    C.gptbr = L0_BASE >> 12;
    wr64(L0_BASE, d_table(L1_BASE | B(53)));
    EXPECT("bit 53 RES0 with PPS 52", chk(0, GPT_PAS_REALM), GPT_FAULT_WALK,
           0, GPT_R_L0_INVALID);
    tap_end();
}

/* GPCBW_EL3: BWADDR [25:0], BWSTRIDE [36:32], BWSIZE [39:37] */
static uint64_t mk_gpcbw(unsigned bwsize, unsigned bwstride, uint64_t bwaddr)
{
    return (uint64_t)bwsize << 37 | (uint64_t)bwstride << 32 |
           (bwaddr >> 30);
}

static void test_bypass_windows(void)
{
    tap_begin("R_SRQWF/PAWithinGPCBypassWindow: PA in a GPC bypass window "
              "passes as 'All access' for every PAS, repeated every stride");
    cfg_reset(mk_gpccr(PPS_16T, PGS_4K, L0SZ_1G) | B(29));
    C.feat_gpc3 = true;
    /* 1GB window at 1GB, 1TB stride; the GPT itself is all-invalid */
    C.gpcbw = mk_gpcbw(0, 0, B(30));
    for (int i = 0; i < 4; i++) {
        gpt_result r = chk(B(30) + 0x1234000, all_pas[i]);

        EXPECT("window", r, GPT_OK, 0, GPT_R_BYPASS_WINDOW);
        TAP_EQ_U64(r.nreads, 0);
        TAP_EQ_U64(r.span_bits, 30);
        EXPECT("window + stride", chk(B(40) + B(30) + 0x1000, all_pas[i]),
               GPT_OK, 0, GPT_R_BYPASS_WINDOW);
        EXPECT("outside window", chk(2 * B(30), all_pas[i]), GPT_FAULT_WALK,
               0, GPT_R_L0_INVALID);
    }
    C.gpccr &= ~B(29);
    EXPECT("GPCBW=0", chk(B(30), GPT_PAS_REALM), GPT_FAULT_WALK, 0,
           GPT_R_L0_INVALID);
    tap_end();

    tap_begin("I_XNHTX: the window check follows priority 3 (above PPS) and "
              "precedes priority 4 (GPTBR above PPS)");
    cfg_reset(mk_gpccr(PPS_16T, PGS_4K, L0SZ_1G) | B(29));
    C.feat_gpc3 = true;
    C.gpcbw = mk_gpcbw(0, 0x10, 0);             /* 1GB at 0, no stride */
    C.gptbr = B(44) >> 12;                      /* base above PPS */
    EXPECT("window beats base", chk(0x1000, GPT_PAS_SECURE), GPT_OK, 0,
           GPT_R_BYPASS_WINDOW);
    EXPECT("base fault outside", chk(B(30), GPT_PAS_SECURE),
           GPT_FAULT_ADDRSIZE, 0, GPT_R_BASE_ABOVE_PPS);
    EXPECT("above PPS first", chk(B(44), GPT_PAS_SECURE), GPT_FAULT_GPF, 0,
           GPT_R_ABOVE_PPS);
    tap_end();

    tap_begin("R_JWCSM + GPCBW_EL3: reserved BWSIZE/BWSTRIDE, unaligned "
              "BWADDR, BWADDR >= stride -> walk fault level 0 when GPCBW=1");
    {
        static const unsigned problem[4] = {
            GPT_CFG_BWSIZE_RESERVED, GPT_CFG_BWSTRIDE_RESERVED,
            GPT_CFG_BWADDR_UNALIGNED, GPT_CFG_BWADDR_BEYOND_STRIDE,
        };
        uint64_t v[4];

        v[0] = mk_gpcbw(3, 0, 0);               /* BWSIZE 0b011 */
        v[1] = mk_gpcbw(0, 1, 0);               /* BWSTRIDE 0b00001 */
        v[2] = mk_gpcbw(2, 0, B(30));           /* 4GB window at 1GB */
        v[3] = mk_gpcbw(0, 0, B(40));           /* base 1TB, stride 1TB */
        for (int i = 0; i < 4; i++) {
            cfg_reset(mk_gpccr(PPS_16T, PGS_4K, L0SZ_1G) | B(29));
            C.feat_gpc3 = true;
            C.gpcbw = v[i];
            expect_bad_config("gpcbw", problem[i]);
            C.gpccr &= ~B(29);
            wr64(L0_BASE, d_block(GPT_GPI_ANY));
            EXPECT_OK("ignored when GPCBW=0", chk(0x1000, GPT_PAS_SECURE));
        }
        /* valid: 2GB window at 2GB, 64PB "no stride" */
        cfg_reset(mk_gpccr(PPS_16T, PGS_4K, L0SZ_1G) | B(29));
        C.feat_gpc3 = true;
        C.gpcbw = mk_gpcbw(1, 0x10, 2 * B(30));
        EXPECT("2GB window", chk(3 * B(30) + 0x1000, GPT_PAS_REALM), GPT_OK,
               0, GPT_R_BYPASS_WINDOW);
        EXPECT("no stride", chk(B(40) + 3 * B(30), GPT_PAS_REALM),
               GPT_FAULT_WALK, 0, GPT_R_L0_INVALID);
    }
    tap_end();
}

/* ------------------------------------------------------------------ */
/* span_bits: the result is uniform over the reported aligned block    */

static void check_span_uniform(const char *what, uint64_t pa, gpt_pas pas)
{
    gpt_result r = chk(pa, pas);
    uint64_t lo = pa & ~(B(r.span_bits) - 1);
    uint64_t probes[3] = {
        lo, lo + (B(r.span_bits) - 1), lo + B(r.span_bits) / 2,
    };

    for (int i = 0; i < 3; i++) {
        gpt_result q = chk(probes[i], pas);

        TAP_CHECK(q.kind == r.kind && q.reason == r.reason &&
                  q.gpi == r.gpi, "%s: span %u not uniform at 0x%" PRIx64,
                  what, r.span_bits, probes[i]);
    }
}

static void test_span(void)
{
    tap_begin("span_bits = GPTEntry.contig_size: Block min(L0GPTSZ, PPS), "
              "Contiguous 2/32/512MB, Granules PGS; uniform over the block");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_64G));
    wr64(L0_BASE, d_block(GPT_GPI_REALM));
    TAP_EQ_U64(chk(0x1000, GPT_PAS_REALM).span_bits, 32);
    check_span_uniform("block pps<l0", 0x1000, GPT_PAS_REALM);
    cfg_reset(mk_gpccr(PPS_1T, PGS_16K, L0SZ_16G));
    wr64(L0_BASE + 8, d_block(GPT_GPI_REALM));
    TAP_EQ_U64(chk(B(34), GPT_PAS_REALM).span_bits, 34);
    check_span_uniform("block", B(34) + 0x1000, GPT_PAS_NONSECURE);
    wr64(L0_BASE, d_table(L1_BASE));
    wr64(L1_BASE + 8 * 7, d_contig(GPT_GPI_ROOT, 2));
    TAP_EQ_U64(chk(7 * B(18), GPT_PAS_ROOT).span_bits, 25);
    wr64(L1_BASE + 8 * 0x101, d_granules_one(GPT_GPI_ROOT, 3, GPT_GPI_ANY));
    TAP_EQ_U64(chk(0x101 * B(18) + 3 * B(14), GPT_PAS_ROOT).span_bits, 14);
    check_span_uniform("granule", 0x101 * B(18) + 3 * B(14), GPT_PAS_REALM);
    check_span_uniform("above pps", B(41) + 0x1000, GPT_PAS_SECURE);
    tap_end();
}

/* ------------------------------------------------------------------ */
/* Decoder, EncodeGPCSC, names, arguments                              */

static void test_decode(void)
{
    gpt_regs r;

    tap_begin("gpt_decode_regs: GPCCR_EL3 fields (D24.2.56) and RES0 "
              "reporting");
    cfg_reset(mk_gpccr(PPS_1T, PGS_64K, L0SZ_16G) | B(17) | B(18) | B(19) |
              B(24) | B(7) | B(6) | B(5) | B(4) | B(40));
    TAP_EQ_U64(gpt_decode_regs(&C, &r), 0);
    TAP_EQ_U64(r.pps, 2);
    TAP_EQ_U64(r.pps_bits, 40);
    TAP_EQ_U64(r.pgs, 1);
    TAP_EQ_U64(r.pgs_bits, 16);
    TAP_EQ_U64(r.l0gptsz, 4);
    TAP_EQ_U64(r.l0gptsz_bits, 34);
    TAP_EQ_U64(r.sh, 3);
    TAP_EQ_U64(r.irgn, 1);
    TAP_EQ_U64(r.orgn, 1);
    TAP_TRUE(r.gpc && r.gpcp && r.tbgpcd);
    TAP_TRUE(r.nso && r.appsaa && r.spad && r.nspad && r.rlpad);
    TAP_TRUE(!r.sa && !r.gpcbw);
    TAP_EQ_U64(r.gpccr_res0, B(4) | B(40));
    TAP_EQ_U64(r.l0_entries, 64);
    TAP_EQ_U64(r.l0_base, L0_BASE);
    C.feat_gpc2 = false;
    gpt_decode_regs(&C, &r);
    TAP_TRUE(!r.nso && !r.appsaa && !r.spad && !r.nspad && !r.rlpad);
    TAP_EQ_U64(r.gpccr_res0, B(4) | B(5) | B(6) | B(7) | B(19) | B(24) |
               B(40));
    C.l0gptsz_impl = 39;
    gpt_decode_regs(&C, &r);
    TAP_EQ_U64(r.l0gptsz_bits, 39);
    TAP_EQ_U64(r.l0_entries, 2);
    tap_end();

    tap_begin("EncodeGPCSC: AddressSize 0b00000L, Walk 0b00010L, Fail "
              "0b00110L, EABT 0b01010L");
    TAP_EQ_U64(gpt_encode_gpcsc(GPT_FAULT_ADDRSIZE, 0), 0x00);
    TAP_EQ_U64(gpt_encode_gpcsc(GPT_FAULT_WALK, 0), 0x04);
    TAP_EQ_U64(gpt_encode_gpcsc(GPT_FAULT_WALK, 1), 0x05);
    TAP_EQ_U64(gpt_encode_gpcsc(GPT_FAULT_GPF, 0), 0x0c);
    TAP_EQ_U64(gpt_encode_gpcsc(GPT_FAULT_GPF, 1), 0x0d);
    TAP_EQ_U64(gpt_encode_gpcsc(GPT_FAULT_EABT, 0), 0x14);
    TAP_EQ_U64(gpt_encode_gpcsc(GPT_FAULT_EABT, 1), 0x15);
    tap_end();

    tap_begin("names: GPI/PAS/SS/result/reason/descriptor/problem names are "
              "defined and distinct");
    TAP_TRUE(!strcmp(gpt_gpi_name(GPT_GPI_REALM), "Realm"));
    TAP_TRUE(!strcmp(gpt_gpi_name(GPT_GPI_NSO), "NSO"));
    TAP_TRUE(!strcmp(gpt_gpi_name(0xe), "reserved"));
    TAP_TRUE(!strcmp(gpt_pas_name(GPT_PAS_ROOT), "Root"));
    TAP_TRUE(!strcmp(gpt_ss_name(GPT_SS_SECURE), "Secure"));
    TAP_TRUE(!strcmp(gpt_result_name(GPT_FAULT_GPF),
                     "granule_protection_fault"));
    TAP_TRUE(!strcmp(gpt_desc_kind_name(GPT_DESC_CONTIG), "contiguous"));
    for (int a = 0; a <= GPT_R_BAD_ARGUMENT; a++) {
        for (int b = a + 1; b <= GPT_R_BAD_ARGUMENT; b++) {
            TAP_TRUE(strcmp(gpt_reason_name((gpt_reason)a),
                            gpt_reason_name((gpt_reason)b)));
        }
        TAP_TRUE(strcmp(gpt_reason_name((gpt_reason)a), "invalid"));
    }
    for (int a = 0; a < GPT_CFG_NPROBLEMS; a++) {
        TAP_TRUE(strcmp(gpt_cfg_problem_name(1u << a), "unknown"));
    }
    for (unsigned g = 0; g < 16; g++) {
        bool known = gpi_table[g][0] != 'W';
        TAP_TRUE(known == (strcmp(gpt_gpi_name(g), "reserved") != 0));
    }
    tap_end();

    tap_begin("gpt_check: bad PAS / Security state / missing reader are "
              "reported, not walked");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    TAP_EQ_U64(gpt_check(&C, 0, (gpt_pas)4, GPT_SS_ROOT).kind,
               GPT_BAD_ARGUMENT);
    TAP_EQ_U64(gpt_check(&C, 0, GPT_PAS_ROOT, (gpt_ss)7).kind,
               GPT_BAD_ARGUMENT);
    TAP_EQ_U64(gpt_check(NULL, 0, GPT_PAS_ROOT, GPT_SS_ROOT).kind,
               GPT_BAD_ARGUMENT);
    C.read = NULL;
    TAP_EQ_U64(chk(0, GPT_PAS_ROOT).kind, GPT_BAD_ARGUMENT);
    tap_end();

    tap_begin("gpt_gpi_valid/gpt_gpi_permits follow GPIValid/GPICheck");
    cfg_reset(mk_gpccr(PPS_4G, PGS_4K, L0SZ_1G));
    TAP_TRUE(gpt_gpi_valid(&C, GPT_GPI_SECURE));
    TAP_TRUE(!gpt_gpi_valid(&C, GPT_GPI_NSO));
    C.gpccr |= B(19);
    TAP_TRUE(gpt_gpi_valid(&C, GPT_GPI_NSO));
    TAP_TRUE(!gpt_gpi_valid(&C, GPT_GPI_SA));
    TAP_TRUE(gpt_gpi_permits(GPT_GPI_ANY, GPT_PAS_REALM, GPT_SS_SECURE));
    TAP_TRUE(!gpt_gpi_permits(GPT_GPI_NSO, GPT_PAS_NONSECURE, GPT_SS_REALM));
    tap_end();
}

/* A TF-A-like GPT: 1GB L0 entries, 4KB granules, mixed PAS. */
static void test_tfa_like(void)
{
    tap_begin("Example GPT like TF-A on virt: L0 blocks + L1 granules, "
              "Root/Realm/Secure/NS granules checked end to end");
    cfg_reset(mk_gpccr(PPS_1T, PGS_4K, L0SZ_1G));
    C.gptbr = 0x8e000000ull >> 12;
    wr64(0x8e000000ull + 0, d_block(GPT_GPI_ANY));          /* 0-1GB devs */
    wr64(0x8e000000ull + 8, d_block(GPT_GPI_NONSECURE));    /* 1-2GB */
    wr64(0x8e000000ull + 16, d_table(0x8e100000ull));      /* 2-3GB */
    /* L1 index PA[29:16]: 0x8e000000 -> 0xe00 */
    wr64(0x8e100000ull + 8 * 0xe00, d_granules(GPT_GPI_ROOT));
    wr64(0x8e100000ull + 8 * 0xe11,
         d_granules_one(GPT_GPI_REALM, 15, GPT_GPI_SECURE));
    wr64(0x8e100000ull + 8 * 0x10, d_contig(GPT_GPI_NONSECURE, 1));
    EXPECT_OK("uart any", gpt_check(&C, 0x09000000, GPT_PAS_SECURE,
                                    GPT_SS_SECURE));
    EXPECT("ns ram from realm", gpt_check(&C, 0x40000000, GPT_PAS_REALM,
                                          GPT_SS_REALM),
           GPT_FAULT_GPF, 0, GPT_R_L0_DENIED);
    EXPECT_OK("gpt is root", chk(0x8e000123, GPT_PAS_ROOT));
    EXPECT("gpt from ns", chk(0x8e000123, GPT_PAS_NONSECURE), GPT_FAULT_GPF,
           1, GPT_R_L1_DENIED);
    EXPECT_OK("realm granule", chk(0x8e110000, GPT_PAS_REALM));
    EXPECT_OK("secure granule", chk(0x8e11f000, GPT_PAS_SECURE));
    EXPECT_OK("ns contig", chk(0x80100000, GPT_PAS_NONSECURE));
    EXPECT("unpopulated L1", chk(0x80200000, GPT_PAS_NONSECURE),
           GPT_FAULT_GPF, 1, GPT_R_L1_DENIED);   /* zero entry = no access */
    EXPECT("beyond the L0 table", chk(0xc0000000, GPT_PAS_NONSECURE),
           GPT_FAULT_WALK, 0, GPT_R_L0_INVALID);
    tap_end();
}

int main(void)
{
    test_gpc_disabled();
    test_config_invalid();
    test_pas_disable();
    test_above_pps();
    test_gptbr();
    test_gpi_matrix();
    test_gpi_features();
    test_nso();
    test_l0_invalid();
    test_l0_table_above_pps();
    test_l1_granules();
    test_l1_contig();
    test_eabt();
    test_geometry();
    test_gdi_pairs();
    test_gpc3();
    test_bypass_windows();
    test_span();
    test_decode();
    test_tfa_like();
    return tap_done();
}
