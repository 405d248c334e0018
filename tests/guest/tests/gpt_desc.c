/*
 * gpt_desc.c - GPT descriptor formats and GPT walk faults.  Arm ARM
 * DDI0487 D9.6 "GPT formats" (D9.6.1 Table, D9.6.2 Block, D9.6.3
 * Granules, D9.6.4 Contiguous descriptors, D9.6.5 GPI encodings), D9.4
 * "GPC faults" (R_KYZMZ, R_JCGMZ, R_DFCHJ), D9.7 "GPT lookup process".
 *
 * Level 0 descriptors are tested on the level 0 region just above the
 * level 1 region (l0_test_layout()): nothing of the harness is there, so
 * accesses to it only tell whether the GPC passed (an External abort, or
 * nothing) or failed (a GPC exception).  Level 1 descriptors are tested
 * on scratch granules.  SCR_EL3.GPF = 1 throughout, so every GPC fault
 * from a lower EL is a GPC exception with its GPCSC.
 */
#include "common.h"

static const struct who ns_el1 = { WORLD_NONSECURE, 1 };
static const struct who realm_el1 = { WORLD_REALM, 1 };

/*
 * Reserved GPI encodings for this PE and GPCCR_EL3 (NSO = 0, and SA, NSP,
 * NA6, NA7 = 0 with or without FEAT_RME_GDI).
 */
static const unsigned int reserved_gpis[] = {
    0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0xc, 0xd, 0xe,
};

/* Realm EL1 and NS EL1 read pa; report results against want_*. */
static bool check_l0_region(uint64_t pa, bool realm_ok, bool ns_ok,
                            unsigned int gpcsc)
{
    bool ok = true;

    access_by(realm_el1, ACC_READ, pa);
    ok &= realm_ok ? EXPECT_FALSE(exc_is_gpc_fault()) : expect_gpc(gpcsc);
    access_by(ns_el1, ACC_READ, pa);
    ok &= ns_ok ? EXPECT_FALSE(exc_is_gpc_fault()) : expect_gpc(gpcsc);
    return ok;
}

/*
 * Level 0 Block descriptor (D9.6.2): bits[3:0] = 0b0001 (R_FGPWN),
 * GPI in bits[7:4] (R_FZGCP) for the whole 2^s region.  Each valid
 * GPI is checked from Realm and NS EL1; a denied access is a GPF at level
 * 0 (R_HDDNW, GPCSC 0b001100).
 */
TEST(gpt_l0_block_each_gpi)
{
    static const unsigned int gpis[] = { GPI_NO_ACCESS, GPI_SECURE,
                                         GPI_NONSECURE, GPI_ROOT, GPI_REALM,
                                         GPI_ALL };
    uint64_t r = l0_test_layout();
    uint64_t *d = gpt_l0_desc(r);

    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(gpis); i++) {
        gpt_write(d, GPT_L0_BLOCK(gpis[i]));
        if (!check_l0_region(r + 0x1000, gpis[i] == GPI_REALM ||
                             gpis[i] == GPI_ALL, gpis[i] == GPI_NONSECURE ||
                             gpis[i] == GPI_ALL, GPCSC_GPF_L0)) {
            printf("    (Block GPI 0x%x)\n", gpis[i]);
        }
    }
}

/*
 * Level 0 descriptor desc of region r with each of bits[] set in turn must
 * give a GPT walk fault at level 0 (GPCSC 0b000100), GPC on, SCR_EL3.GPF=1.
 */
static void l0_res0_bits_walk_fault(uint64_t r, uint64_t desc,
                                    const unsigned int *bits, unsigned int n,
                                    const char *what)
{
    uint64_t *d = gpt_l0_desc(r);

    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < n; i++) {
        gpt_write(d, desc | (1UL << bits[i]));
        if (!check_l0_region(r, false, false, GPCSC_WALK_L0)) {
            printf("    (%s with bit %u set)\n", what, bits[i]);
        }
    }
}

/*
 * A Block descriptor with a RES0 bit of [63:8] set is invalid (R_PHBLQ,
 * R_XNKFZ): a GPT walk fault at level 0 (R_KYZMZ, GPCSC 0b000100), even
 * for a requester its GPI would permit.
 */
TEST(gpt_l0_block_res0_bits_walk_fault)
{
    static const unsigned int bits[] = { 8, 11, 12, 31, 51, 52, 63 };
    uint64_t r = l0_test_layout();

    l0_res0_bits_walk_fault(r, GPT_L0_BLOCK(GPI_ALL), bits, ARRAY_SIZE(bits),
                            "Block");
}

/*
 * Level 0 entries other than Block (0b0001) and Table (0b0011) are
 * invalid (R_TRCQY, R_TXFXH): GPT walk fault at level 0 (R_KYZMZ).
 * Every other bits[3:0] value, with GPI "All access" in bits[7:4].
 */
TEST(gpt_l0_invalid_types_walk_fault)
{
    uint64_t r = l0_test_layout();
    uint64_t *d = gpt_l0_desc(r);

    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int type = 0; type < 16; type++) {
        if (type == 0x1 || type == 0x3) {
            continue;
        }
        gpt_write(d, ((uint64_t)GPI_ALL << 4) | type);
        if (!check_l0_region(r, false, false, GPCSC_WALK_L0)) {
            printf("    (level 0 bits[3:0] = 0x%x)\n", type);
        }
    }
}

/*
 * A Block descriptor with a reserved GPI encoding is invalid (R_XNKFZ,
 * D9.6.5 R_GYQGW): GPT walk fault at level 0.
 */
TEST(gpt_l0_block_reserved_gpi_walk_fault)
{
    uint64_t r = l0_test_layout();
    uint64_t *d = gpt_l0_desc(r);

    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(reserved_gpis); i++) {
        gpt_write(d, GPT_L0_BLOCK(reserved_gpis[i]));
        if (!check_l0_region(r, false, false, GPCSC_WALK_L0)) {
            printf("    (Block GPI 0x%x)\n", reserved_gpis[i]);
        }
    }
}

/* A level 1 table for the region r: all Granules "gpi", aligned. */
static uintptr_t new_l1_table(unsigned int gpi)
{
    const struct gpt_info *gi = gpt_info();
    uint64_t entries = 1UL << (gi->l0_bits - gi->pgs_bits - 4);
    uint64_t half = entries > 0x10000 ? 0x8000 : entries;
    uintptr_t t = gpt_alloc(entries * 8, entries * 8);

    /* At most the first and last 32768 entries are written. */
    for (uint64_t i = 0; i < half; i++) {
        ((volatile uint64_t *)t)[i] = GPT_L1_GRANULES(gpi);
        ((volatile uint64_t *)t)[entries - 1 - i] = GPT_L1_GRANULES(gpi);
    }
    dsb_sy();
    return t;
}

/*
 * Level 0 Table descriptor (D9.6.1): bits[3:0] = 0b0011 (R_GPPXX), next
 * level table address in bits[51:12] (R_NWCYC); the level 1 table it
 * points to decides (R_RSHYW).  A table of Realm granules makes Realm
 * reads pass and NS reads GPF at level 1 (GPCSC 0b001101).
 */
TEST(gpt_l0_table_descriptor)
{
    uint64_t r = l0_test_layout();
    uintptr_t t = new_l1_table(GPI_REALM);

    gpt_write(gpt_l0_desc(r), GPT_L0_TABLE(t));
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    check_l0_region(r, true, false, GPCSC_GPF_L1);
    check_l0_region(r + (1UL << gpt_info()->l0_bits) - 0x1000, true, false,
                    GPCSC_GPF_L1);
}

/*
 * Table descriptor RES0 bits: [11:4] (R_SFPYD), [63:52] (R_KCDQS, no
 * FEAT_RME_GPC3 56-bit PPS), and [s-p-2:12] (R_DBTFW: the level 1 table
 * is aligned to its size).  Any of them set makes the entry invalid
 * (R_XNKFZ): a GPT walk fault at level 0.
 */
TEST(gpt_l0_table_res0_bits_walk_fault)
{
    uint64_t r = l0_test_layout();
    const struct gpt_info *gi = gpt_info();
    uintptr_t t = new_l1_table(GPI_ALL);
    unsigned int bits[] = { 4, 7, 11, 52, 55, 63, 12,
                            gi->l0_bits - gi->pgs_bits - 2 };

    l0_res0_bits_walk_fault(r, GPT_L0_TABLE(t), bits, ARRAY_SIZE(bits),
                            "Table descriptor");
}

/*
 * R_JCGMZ: a Table descriptor whose next-level address exceeds PPS is a
 * GPT address size fault at level 0 (Table D9-2 priority 7; GPCSC
 * 0b000000), not a walk fault.  Address 2^t (bit t of the descriptor,
 * below the RES0 bits 63:52).
 */
TEST(gpt_l0_table_above_pps_address_size_fault)
{
    uint64_t r = l0_test_layout();
    unsigned int t = gpt_info()->pps_bits;

    if (t >= 52) {
        SKIP("PPS = 52 bits: no table address above PPS below bit 52");
    }
    gpt_write(gpt_l0_desc(r), GPT_L0_TABLE(1UL << t));
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    check_l0_region(r, false, false, GPCSC_ADDRSIZE_L0);
}

/*
 * R_DFCHJ: an External abort on a level 1 GPT fetch is a "Synchronous
 * External abort on GPT fetch at level 1" (GPCSC 0b010101), a GPC
 * exception.  The Table descriptor points at a PA with nothing behind it.
 */
TEST(gpt_l1_fetch_external_abort)
{
#ifdef BOARD_UNMAPPED_PA
    uint64_t r = l0_test_layout();
    const struct gpt_info *gi = gpt_info();
    uint64_t l1_size = 1UL << (gi->l0_bits - gi->pgs_bits - 1);

    if (((uint64_t)BOARD_UNMAPPED_PA & (l1_size - 1)) ||
        (uint64_t)BOARD_UNMAPPED_PA >> gi->pps_bits) {
        SKIP("BOARD_UNMAPPED_PA is not a possible level 1 table address");
    }
    gpt_write(gpt_l0_desc(r), GPT_L0_TABLE(BOARD_UNMAPPED_PA));
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    check_l0_region(r, false, false, GPCSC_EABT_L1);
#else
    SKIP("no BOARD_UNMAPPED_PA for this board");
#endif
}

/* Scratch descriptor: 16 granules at a 64KB-aligned scratch page. */
static uintptr_t desc_base(void)
{
    return scratch_page(16);
}

/*
 * Level 1 Granules descriptor (D9.6.3): 16 GPIs, the one for PA[15:12]
 * = i in bits[4i+3:4i] (R_HJWQH, R_QDCZJ).  Sixteen different
 * neighbours: each granule is read by Realm EL1 and NS EL1 and must give
 * the result of its own GPI.
 */
TEST(gpt_l1_granules_gpi_per_granule)
{
    static const unsigned int pattern[16] = {
        GPI_REALM, GPI_NONSECURE, GPI_ALL, GPI_NO_ACCESS, GPI_SECURE,
        GPI_ROOT, GPI_NONSECURE, GPI_REALM, GPI_ALL, GPI_REALM,
        GPI_NO_ACCESS, GPI_NONSECURE, GPI_ROOT, GPI_SECURE, GPI_REALM,
        GPI_NONSECURE,
    };
    uintptr_t base = desc_base();
    uint64_t d = 0;

    if (!cpu_has_sel2()) {
        SKIP("FEAT_SEL2 not implemented: the Secure GPI is reserved");
    }
    ASSERT_TRUE(gpt_init());
    for (unsigned int i = 0; i < 16; i++) {
        d |= (uint64_t)pattern[i] << (4 * i);
    }
    gpt_write(gpt_l1_desc(base), d);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < 16; i++) {
        uint64_t pa = base + i * 0x1000UL + 0x18;
        bool ok = true;

        access_by(realm_el1, ACC_READ, pa);
        ok &= (pattern[i] == GPI_REALM || pattern[i] == GPI_ALL) ?
              expect_none() : expect_gpc(GPCSC_GPF_L1);
        access_by(ns_el1, ACC_READ, pa);
        ok &= (pattern[i] == GPI_NONSECURE || pattern[i] == GPI_ALL) ?
              expect_none() : expect_gpc(GPCSC_GPF_L1);
        if (!ok) {
            printf("    (granule %u, GPI 0x%x)\n", i, pattern[i]);
        }
    }
}

/*
 * A Granules descriptor is invalid if *any* of its 16 GPI fields holds a
 * reserved encoding (R_XNKFZ: "A field in the entry is configured with an
 * encoding marked as reserved"; GPTGranulesDescriptorValid() checks all
 * 16).  An access to a granule whose own GPI is "All access" then gets a
 * GPT walk fault at level 1 (R_KYZMZ, GPCSC 0b000101).  Each reserved
 * value in a neighbouring field, and in the accessed field.
 */
TEST(gpt_l1_granules_reserved_gpi_any_field_walk_fault)
{
    uintptr_t base = desc_base();
    unsigned int bad = 0;
    uint64_t *d;

    ASSERT_TRUE(gpt_init());
    d = gpt_l1_desc(base);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(reserved_gpis); i++) {
        for (unsigned int field = 0; field < 16; field += 5) {
            unsigned int acc = field == 0 ? 0 : 3;      /* 0: same field */
            uint64_t v = (GPT_L1_GRANULES(GPI_ALL) & ~(0xfUL << (4 * field))) |
                         ((uint64_t)reserved_gpis[i] << (4 * field));

            gpt_write(d, v);
            access_by(realm_el1, ACC_READ, base + acc * 0x1000UL);
            if (!is_gpc(GPCSC_WALK_L1) && bad++ < 4) {
                printf("    GPI 0x%x in field %u, read of granule %u: %s "
                       "(ESR 0x%lx)\n", reserved_gpis[i], field, acc,
                       exc_rec.taken ? "wrong exception" : "no exception",
                       exc_rec.esr);
            }
        }
    }
    EXPECT_EQ(bad, 0);
}

/*
 * Level 1 Contiguous descriptor (D9.6.4): bits[3:0] = 0b0001 (R_BSSVP),
 * GPI bits[7:4] (R_JLQNJ), Contig bits[9:8] = 2MB, 32MB or 512MB
 * (R_BFCGF), naturally aligned (R_CZJSQ).  Every level 1 entry of the
 * range holds the same descriptor, so the range is not misprogrammed and
 * is checked against its GPI (R_NNHCF): Realm reads of the first, a
 * middle and the last granule pass, NS reads GPF at level 1.
 */
static void check_contig(unsigned int contig, unsigned int bits)
{
    uint64_t size = 1UL << bits;
    uintptr_t base = ((uintptr_t)BOARD_SCRATCH_BASE + size - 1) & ~(size - 1);
    uint64_t offs[] = { 0, size / 2 + 0x3000, size - 8 };

    if (base + size > (uintptr_t)BOARD_SCRATCH_BASE + BOARD_SCRATCH_SIZE) {
        SKIP("the scratch area has no aligned %lu MB range", size >> 20);
    }
    ASSERT_TRUE(gpt_init());
    for (uint64_t off = 0; off < size; off += 1UL << 16) {
        *gpt_l1_desc(base + off) = GPT_L1_CONTIG(GPI_REALM, contig);
    }
    dsb_sy();
    tlbi_paall();
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(offs); i++) {
        bool ok = true;

        access_by(realm_el1, ACC_READ, base + offs[i]);
        ok &= expect_none();
        access_by(ns_el1, ACC_READ, base + offs[i]);
        ok &= expect_gpc(GPCSC_GPF_L1);
        if (!ok) {
            printf("    (offset 0x%lx of the %lu MB range)\n", offs[i],
                   size >> 20);
        }
    }
}

TEST(gpt_l1_contig_2mb)
{
    check_contig(GPT_CONTIG_2MB, 21);
}

TEST(gpt_l1_contig_32mb)
{
    check_contig(GPT_CONTIG_32MB, 25);
}

TEST(gpt_l1_contig_512mb)
{
    check_contig(GPT_CONTIG_512MB, 29);
}

/*
 * Invalid Contiguous descriptors (R_XNKFZ): Contig = 0b00 is reserved
 * (R_BFCGF), bits[63:10] are RES0 (R_MVVWZ), and a reserved GPI.  Each is
 * a GPT walk fault at level 1 (R_KYZMZ).
 */
TEST(gpt_l1_contig_invalid_walk_fault)
{
    const uint64_t bad[] = {
        GPT_L1_CONTIG(GPI_ALL, 0),
        GPT_L1_CONTIG(GPI_ALL, GPT_CONTIG_2MB) | (1UL << 10),
        GPT_L1_CONTIG(GPI_ALL, GPT_CONTIG_2MB) | (1UL << 63),
        GPT_L1_CONTIG(0xc, GPT_CONTIG_2MB),
        GPT_L1_CONTIG(0x2, GPT_CONTIG_2MB),
    };
    uintptr_t base = BOARD_SCRATCH_BASE + 0x200000UL;   /* 2MB aligned */

    ASSERT_TRUE(gpt_init());
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        for (uint64_t off = 0; off < 0x200000UL; off += 1UL << 16) {
            *gpt_l1_desc(base + off) = bad[i];
        }
        dsb_sy();
        tlbi_paall();
        access_by(realm_el1, ACC_READ, base + 0x10000);
        if (!expect_gpc(GPCSC_WALK_L1)) {
            printf("    (descriptor 0x%lx)\n", bad[i]);
        }
    }
}

/*
 * R_RDYKY: when PPS is not larger than L0GPTSZ the level 0 table has one
 * entry, at offset 0 from the base, used for every PA below PPS.  PPS =
 * 32 bits with L0GPTSZ >= 34 bits: entry 0 is the Table descriptor of the
 * level 1 region and the next doubleword is an invalid descriptor that
 * must never be read as an entry.
 */
TEST(gpt_l0_single_entry_when_pps_not_above_l0gptsz)
{
    uintptr_t pg = scratch_page(17);
    uint64_t *l0;

    if (gpt_l0gptsz_bits() < 32) {
        SKIP("L0GPTSZ = %u bits: every PPS is larger", gpt_l0gptsz_bits());
    }
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_4GB, GPCCR_PGS_4KB));
    ASSERT_EQ(gpt_info()->l0_entries, 1);
    l0 = (uint64_t *)gpt_info()->l0;
    l0[1] = 0;
    l0[2] = GPT_L0_BLOCK(GPI_NO_ACCESS);
    gpt_set_gpi(pg, GPI_REALM);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    access_by(realm_el1, ACC_READ, pg);
    expect_none();
    access_by(ns_el1, ACC_READ, pg);
    expect_gpc(GPCSC_GPF_L1);
    /* PAs near the top of the 4GB PPS also use entry 0. */
    access_by(ns_el1, ACC_READ, 0xfffff000UL);
    EXPECT_FALSE(exc_is_gpc_fault());
}

/*
 * R_GRGXY, R_THJVJ: GPT fetches are made to the Root PA space and are
 * not themselves subject to granule protection checks.  The granules
 * holding the level 0 table and the level 1 descriptors used are given
 * GPI "No access"; walks through them still work.
 */
TEST(gpt_fetches_not_subject_to_gpc)
{
    uintptr_t pg = scratch_page(18);
    uintptr_t l1d;

    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_REALM);
    l1d = (uintptr_t)gpt_l1_desc(pg);
    gpt_set_gpi(l1d, GPI_NO_ACCESS);
    gpt_set_gpi(gpt_info()->l0, GPI_NO_ACCESS);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    access_by(realm_el1, ACC_READ, pg);
    expect_none();
    access_by(ns_el1, ACC_READ, pg);
    expect_gpc(GPCSC_GPF_L1);
    /* ... while ordinary accesses to those granules are denied. */
    access_by(realm_el1, ACC_READ, l1d);
    expect_gpc(GPCSC_GPF_L1);
}
