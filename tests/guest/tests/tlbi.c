/*
 * tlbi.c - caching of GPT information and its invalidation.  Arm ARM
 * DDI0487 D9.5 "GPT caching and invalidation", C5.5.19 TLBI PAALL,
 * C5.5.20 TLBI PAALLOS, C5.5.27 TLBI RPALOS, C5.5.28 TLBI RPAOS,
 * D24.2.56 GPCCR_EL3 ("permitted to be cached in a TLB").
 *
 * Only what the architecture requires is asserted: after a TLBI PA*
 * that covers a changed entry (with the DSB/ISB of the sequence), the new
 * entry must be used.  Whether an old entry is still used before that is
 * not checked (D9.5 R_YMSWK, I_JMYRB: it may be).  The "before" access is
 * made at EL3 itself, so that no world switch happens between it and the
 * access after the TLBI: only the TLBI can make the new entry visible.
 */
#include "common.h"
#include "mmu.h"

static const struct who root_el3 = { WORLD_ROOT, 3 };

/* Set pa's GPI in its Granules descriptor: store and DSB, no TLBI. */
static void set_gpi_notlbi(uintptr_t pa, unsigned int gpi)
{
    uint64_t *d = gpt_l1_desc(pa);
    unsigned int shift = ((pa >> gpt_info()->pgs_bits) & 0xf) * 4;

    gpt_write_notlbi(d, (*d & ~(0xfUL << shift)) | ((uint64_t)gpi << shift));
}

/*
 * EL3 reads a Root granule (the result may now be cached), the GPI
 * becomes Realm with no TLB maintenance, then inv(pa) runs: the next EL3
 * read must use the new GPI, a GPF (Data Abort at EL3).
 */
static bool check_invalidation(uintptr_t pa, void (*inv)(uintptr_t pa))
{
    bool ok = true;

    gpt_set_gpi(pa, GPI_ROOT);
    access_by(root_el3, ACC_READ, pa);
    ok &= expect_none();
    set_gpi_notlbi(pa, GPI_REALM);
    isb();
    inv(pa);
    access_by(root_el3, ACC_READ, pa);
    ok &= expect_gpf_abort(3, false);
    return ok;
}

static void inv_paall(uintptr_t pa)
{
    (void)pa;
    tlbi_paall();
}

static void inv_paallos(uintptr_t pa)
{
    (void)pa;
    tlbi_paallos();
}

static void inv_rpaos_4k(uintptr_t pa)
{
    tlbi_rpaos(tlbi_rpa_arg(pa & ~0xfffUL, 0));
}

static void inv_rpalos_4k(uintptr_t pa)
{
    tlbi_rpalos(tlbi_rpa_arg(pa & ~0xfffUL, 0));
}

/* TLBI PAALL (C5.5.19; I_ZDVNB: all TLB entries with GPT information). */
TEST(tlbi_paall_new_gpi_used)
{
    ASSERT_TRUE(gpt_init());
    gpc_enable();
    check_invalidation(scratch_page(70) + 0x20, inv_paall);
}

/* TLBI PAALLOS (C5.5.20; R_LRKLF: Outer Shareable covers this PE). */
TEST(tlbi_paallos_new_gpi_used)
{
    ASSERT_TRUE(gpt_init());
    gpc_enable();
    check_invalidation(scratch_page(71) + 0x20, inv_paallos);
}

/*
 * TLBI RPAOS, SIZE = 4KB at the granule (C5.5.28; I_PLYZN: entries from
 * any level of the walk for the range).
 */
TEST(tlbi_rpaos_granule_new_gpi_used)
{
    ASSERT_TRUE(gpt_init());
    gpc_enable();
    check_invalidation(scratch_page(72) + 0x20, inv_rpaos_4k);
}

/*
 * TLBI RPALOS, SIZE = 4KB at the granule (C5.5.27; I_VLLLY: entries from
 * the final level of the walk - a level 1 Granules descriptor is that).
 */
TEST(tlbi_rpalos_granule_new_gpi_used)
{
    ASSERT_TRUE(gpt_init());
    gpc_enable();
    check_invalidation(scratch_page(73) + 0x20, inv_rpalos_4k);
}

/*
 * TLBI RPAOS and RPALOS with every SIZE encoding, 4KB to 512GB (C5.5.27,
 * C5.5.28 SIZE), the range aligned to its size and containing the
 * changed granule: each must invalidate it.
 */
TEST(tlbi_rpa_every_size)
{
    static const unsigned int size_bits[] = { 12, 14, 16, 21, 25, 29, 30,
                                              34, 36, 39 };
    uintptr_t pa = scratch_page(74) + 0x20;

    ASSERT_TRUE(gpt_init());
    gpc_enable();
    for (unsigned int last = 0; last <= 1; last++) {
        for (unsigned int sz = 0; sz < ARRAY_SIZE(size_bits); sz++) {
            uint64_t base = pa & ~((1UL << size_bits[sz]) - 1);
            uint64_t xt = tlbi_rpa_arg(base, sz);
            bool ok = true;

            if (size_bits[sz] > gpt_pamax_bits()) {
                continue;
            }
            gpt_set_gpi(pa, GPI_ROOT);
            access_by(root_el3, ACC_READ, pa);
            ok &= expect_none();
            set_gpi_notlbi(pa, GPI_REALM);
            isb();
            if (last) {
                tlbi_rpalos(xt);
            } else {
                tlbi_rpaos(xt);
            }
            access_by(root_el3, ACC_READ, pa);
            ok &= expect_gpf_abort(3, false);
            if (!ok) {
                printf("    (TLBI %s, SIZE %u = 2^%u bytes at 0x%lx)\n",
                       last ? "RPALOS" : "RPAOS", sz, size_bits[sz], base);
            }
        }
    }
}

/*
 * C5.5.28 SIZE: "If SIZE gives a range smaller than the configured
 * physical granule size in GPCCR_EL3.PGS, then the Effective value of
 * SIZE is taken to be the size configured by GPCCR_EL3.PGS."  With PGS =
 * 64KB, TLBI RPAOS with SIZE = 4KB at the start of a 64KB granule
 * invalidates the whole granule: an access at offset 60KB sees the new
 * GPI.
 */
TEST(tlbi_rpa_size_below_pgs_covers_granule)
{
    uintptr_t g = scratch_page(75);
    uintptr_t pa = g + 0xf008;

    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_4GB, GPCCR_PGS_64KB));
    gpc_enable();
    gpt_set_gpi(g, GPI_ROOT);
    access_by(root_el3, ACC_READ, pa);
    expect_none();
    set_gpi_notlbi(g, GPI_REALM);
    isb();
    tlbi_rpaos(tlbi_rpa_arg(g, 0));
    access_by(root_el3, ACC_READ, pa);
    expect_gpf_abort(3, false);
}

static uint64_t do_paall(uint64_t u)
{
    (void)u;
    __asm__ volatile("sys #6, c8, c7, #4" ::: "memory");
    return 0;
}

static uint64_t do_paallos(uint64_t u)
{
    (void)u;
    __asm__ volatile("sys #6, c8, c1, #4" ::: "memory");
    return 0;
}

static uint64_t do_rpaos(uint64_t xt)
{
    __asm__ volatile("sys #6, c8, c4, #3, %0" : : "r"(xt) : "memory");
    return 0;
}

static uint64_t do_rpalos(uint64_t xt)
{
    __asm__ volatile("sys #6, c8, c4, #7, %0" : : "r"(xt) : "memory");
    return 0;
}

/*
 * I_YBBZK: "The TLBI *PA* instructions are only present at EL3. They are
 * UNDEFINED at EL2 and below" (C5.5.19/20/27/28 pseudocode): each of the
 * four at EL2 and EL1 of every lower world is an exception to that EL
 * with EC 0x00.
 */
TEST(tlbi_pa_undefined_below_el3)
{
    static const lower_fn fns[] = { do_paall, do_paallos, do_rpaos,
                                    do_rpalos };
    static const char *const names[] = { "PAALL", "PAALLOS", "RPAOS",
                                         "RPALOS" };
    static const enum world worlds[] = { WORLD_SECURE, WORLD_NONSECURE,
                                         WORLD_REALM };

    for (unsigned int i = 0; i < ARRAY_SIZE(fns); i++) {
        for (unsigned int w = 0; w < ARRAY_SIZE(worlds); w++) {
            for (unsigned int el = 1; el <= 2; el++) {
                bool ok = true;

                expect_exception();
                run_at(worlds[w], el, fns[i], 0);
                ok &= EXPECT_TRUE(exception_taken());
                ok &= EXPECT_EQ(exc_rec.el, el);
                ok &= EXPECT_EQ(ESR_EC(exc_rec.esr), EC_UNKNOWN);
                if (!ok) {
                    printf("    (TLBI %s at %s EL%u)\n", names[i],
                           world_name(worlds[w]), el);
                }
            }
        }
    }
}

/*
 * GPCCR_EL3.GPC: "If any stage of translation is enabled, this bit is
 * permitted to be cached in a TLB" (D24.2.56) - so with every stage off
 * it is not: setting GPC takes effect at the next context synchronization
 * (the ISB), with no TLBI.  EL3 with its MMU off reads a No-access
 * granule with GPC = 0 (passes), sets GPC = 1, ISB, and reads it again:
 * a GPF (Data Abort at EL3).  (R_VFKSY: GPT information in TLBs has no
 * effect until GPC or a stage of translation is enabled.)
 */
TEST(tlbi_gpc_enable_needs_no_tlbi_with_mmu_off)
{
    uintptr_t pa = scratch_page(76) + 0x30;

    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pa, GPI_NO_ACCESS);
    write_sysreg_s(GPTBR_EL3, gpt_info()->l0 >> 12);
    gpccr_write(gpt_gpccr());
    tlbi_paall();
    access_by(root_el3, ACC_READ, pa);
    expect_none();
    gpccr_write(gpt_gpccr() | GPCCR_GPC);
    access_by(root_el3, ACC_READ, pa);
    expect_gpf_abort(3, false);
}

/*
 * The converse: with every stage of translation off, clearing GPC takes
 * effect without TLBI (R_BYRRZ applies as soon as GPC is 0): the denied
 * granule is then read by EL3.
 */
TEST(tlbi_gpc_disable_needs_no_tlbi_with_mmu_off)
{
    uintptr_t pa = scratch_page(77) + 0x30;

    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pa, GPI_NO_ACCESS);
    gpc_enable();
    access_by(root_el3, ACC_READ, pa);
    expect_gpf_abort(3, false);
    gpccr_write(gpt_gpccr());
    access_by(root_el3, ACC_READ, pa);
    expect_none();
}

/*
 * A new GPTBR_EL3 is used after TLBI PAALL (I_BKJTM, I_ZDVNB): two GPTs
 * that differ in one granule (Root in the first, Realm in the second).
 * EL3 reads it through the first, switches GPTBR_EL3, TLBI PAALL, reads
 * again: a GPF; and back.
 */
TEST(tlbi_gptbr_switch_after_paall)
{
    uintptr_t pa = scratch_page(78) + 0x8;
    const struct gpt_info *gi;
    uint64_t l0_size, n1, *l0b, *l1b;
    uintptr_t b0, b1;

    ASSERT_TRUE(gpt_init());
    gi = gpt_info();
    gpt_set_gpi(pa, GPI_ROOT);
    /* Table B: copies of the level 0 table and of the used level 1 part. */
    l0_size = gi->l0_entries * 8;
    b0 = gpt_alloc(l0_size, l0_size);
    n1 = 1UL << (gi->l0_bits - gi->pgs_bits - 4);
    b1 = gpt_alloc(n1 * 8, n1 * 8);
    if (gi->l1_region + (1UL << gi->l0_bits) > 0x100000000UL) {
        n1 = (0x100000000UL - gi->l1_region) >> (gi->pgs_bits + 4);
    }
    l0b = (uint64_t *)b0;
    l1b = (uint64_t *)b1;
    for (uint64_t i = 0; i < gi->l0_entries; i++) {
        l0b[i] = ((uint64_t *)gi->l0)[i];
    }
    for (uint64_t i = 0; i < n1; i++) {
        l1b[i] = ((uint64_t *)gi->l1)[i];
    }
    l0b[gpt_l0_desc(gi->l1_region) - (uint64_t *)gi->l0] =
        GPT_L0_TABLE(b1);
    l1b[gpt_l1_desc(pa) - (uint64_t *)gi->l1] =
        (*gpt_l1_desc(pa) & ~(0xfUL << (((pa >> 12) & 0xf) * 4))) |
        ((uint64_t)GPI_REALM << (((pa >> 12) & 0xf) * 4));
    dsb_sy();
    gpc_enable();

    access_by(root_el3, ACC_READ, pa);
    expect_none();
    write_sysreg_s(GPTBR_EL3, b0 >> 12);
    isb();
    tlbi_paall();
    access_by(root_el3, ACC_READ, pa);
    expect_gpf_abort(3, false);
    write_sysreg_s(GPTBR_EL3, gi->l0 >> 12);
    isb();
    tlbi_paall();
    access_by(root_el3, ACC_READ, pa);
    expect_none();
}

/*
 * A changed GPCCR_EL3 field that is "permitted to be cached in a TLB"
 * takes effect after TLBI PAALL (I_BKJTM: "A TLBI PAALL* instruction also
 * applies to any TLB entry derived from GPC configuration register fields
 * that are permitted to be cached").  EL3, MMU on, reads a Realm PA space
 * page (GPI All access); RLPAD is set; after TLBI PAALL the read is a GPF.
 */
TEST(tlbi_gpccr_field_change_after_paall)
{
    uintptr_t pg = scratch_page(79);
    struct mmu m;

    if (!have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (RLPAD is RES0)");
    }
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL3);
    mmu_map(&m, MMU_TEST_VA, pg, MMU_PAS_REALM | MMU_XN);
    gpc_enable();
    mmu_el3_on(&m);
    access_by(root_el3, ACC_READ, MMU_TEST_VA);
    expect_none();
    gpccr_write(gpccr_on() | GPCCR_RLPAD);
    tlbi_paall();
    access_by(root_el3, ACC_READ, MMU_TEST_VA);
    mmu_el3_off();
    expect_gpf_abort(3, false);
}

/*
 * R_QBKYP: "GPT entries may only be cached in a TLB if they are reachable
 * and valid."  An access that finds an invalid level 1 entry (reserved
 * GPI: GPT walk fault) cannot have cached it; once a valid entry is
 * written (DSB, ISB, no TLBI) the next access uses it.  At EL3: walk
 * fault, then Root GPI, then the read succeeds.
 */
TEST(tlbi_invalid_entry_not_cached)
{
    uintptr_t pa = scratch_page(80) + 0x100;

    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pa, 0xc);                   /* reserved: invalid entry */
    gpc_enable();
    access_by(root_el3, ACC_READ, pa);
    expect_gpc(GPCSC_WALK_L1);
    set_gpi_notlbi(pa, GPI_ROOT);
    isb();
    access_by(root_el3, ACC_READ, pa);
    expect_none();
}

/*
 * R_GXNNL: replacing a level 0 Block descriptor by a Table descriptor to
 * a level 1 table whose entries all have the Block's GPI (and back)
 * needs no TLBI: checks "continue to be made correctly".  GPI Realm:
 * Realm EL1 reads pass and NS EL1 reads GPF throughout.
 */
TEST(tlbi_l0_block_table_same_gpi_without_tlbi)
{
    static const struct who realm = { WORLD_REALM, 1 };
    static const struct who ns = { WORLD_NONSECURE, 1 };
    uint64_t r0 = l0_test_layout();
    const struct gpt_info *gi = gpt_info();
    uint64_t entries = 1UL << (gi->l0_bits - gi->pgs_bits - 4);
    uint64_t n = entries > 0x1000 ? 0x1000 : entries;
    uintptr_t t = gpt_alloc(entries * 8, entries * 8);
    uint64_t *d = gpt_l0_desc(r0);

    for (uint64_t i = 0; i < n; i++) {
        ((volatile uint64_t *)t)[i] = GPT_L1_GRANULES(GPI_REALM);
    }
    gpt_write(d, GPT_L0_BLOCK(GPI_REALM));
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int step = 0; step < 3; step++) {
        bool ok = true;

        access_by(realm, ACC_READ, r0 + 0x3000);
        ok &= EXPECT_FALSE(exc_is_gpc_fault());
        access_by(ns, ACC_READ, r0 + 0x3000);
        ok &= EXPECT_TRUE(is_gpc(GPCSC_GPF_L0) || is_gpc(GPCSC_GPF_L1));
        if (!ok) {
            printf("    (step %u: %s)\n", step, step == 1 ? "Table" : "Block");
        }
        gpt_write_notlbi(d, step == 0 ? GPT_L0_TABLE(t)
                                      : GPT_L0_BLOCK(GPI_REALM));
        isb();
    }
}

/*
 * A delegation storm, for scripts/bench delegate and as a test: EL3 moves
 * granules between the Non-secure and Realm PA spaces one at a time, each
 * change followed by TLBI RPALOS of that granule (what TF-A's GPT library
 * does for each RMI_GRANULE_DELEGATE/UNDELEGATE), and between changes
 * reads a working set of TLBI_BENCH_WS pages through its stage 1 MMU.
 * TLBI RPALOS invalidates only GPT information for the range it names
 * (D9.5, I_XZTJV; C5.5.27), so the working set's translations need not
 * be refilled; each granule's new GPI must be used right after its TLBI:
 * at the end EL3 reads the last delegated granule through the Root PA
 * space and takes a GPF, and the working set read back what it holds.
 */
#ifndef TLBI_BENCH_GRANULES
#define TLBI_BENCH_GRANULES 64
#endif
#define TLBI_BENCH_WS       512
#define TLBI_BENCH_VA       (MMU_TEST_VA + 0x200000UL)

TEST(tlbi_bench_delegate_storm)
{
    uintptr_t ws = scratch_page(600), first = scratch_page(700);
    uint64_t sum = 0, want = 0, last = 0;
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    for (unsigned int p = 0; p < TLBI_BENCH_WS; p++) {
        ((volatile uint64_t *)(ws + p * 0x1000UL))[0] = p * 3 + 1;
    }
    mmu_init(&m, MMU_EL3);
    for (unsigned int p = 0; p < TLBI_BENCH_WS; p++) {
        mmu_map(&m, TLBI_BENCH_VA + p * 0x1000UL, ws + p * 0x1000UL,
                MMU_PAS_ROOT | MMU_XN);
    }
    mmu_map(&m, MMU_TEST_VA, first, MMU_PAS_ROOT | MMU_XN);
    for (unsigned int i = 0; i < 16; i++) {
        gpt_set_gpi(first + i * 0x1000UL, GPI_NONSECURE);
    }
    gpc_enable();
    mmu_el3_on(&m);
    for (unsigned int i = 0; i < TLBI_BENCH_GRANULES; i++) {
        uintptr_t g = first + (i % 16) * 0x1000UL;
        unsigned int gpi = (i / 16) % 2 ? GPI_NONSECURE : GPI_REALM;

        set_gpi_notlbi(g, gpi);
        tlbi_rpalos(tlbi_rpa_arg(g, 0));
        if (gpi == GPI_REALM) {
            last = g;
        }
        for (unsigned int p = 0; p < TLBI_BENCH_WS; p++) {
            sum += ((volatile uint64_t *)(TLBI_BENCH_VA + p * 0x1000UL))[0];
        }
    }
    for (unsigned int p = 0; p < TLBI_BENCH_WS; p++) {
        want += p * 3 + 1;
    }
    EXPECT_EQ(sum, want * TLBI_BENCH_GRANULES);
    /* the last granule made Realm: a Root PA space read of it is a GPF */
    mmu_el3_off();
    ASSERT_TRUE(last != 0);
    set_gpi_notlbi(last, GPI_REALM);
    tlbi_rpalos(tlbi_rpa_arg(last, 0));
    access_by(root_el3, ACC_READ, last);
    expect_gpf_abort(3, false);
}

/*
 * TLBI RPAOS and RPALOS are broadcast to the Outer Shareable domain
 * (C5.5.27, C5.5.28; D9.5 R_LRKLF): with -smp 2, CPU 1 reads two
 * Non-secure granules at Non-secure EL1 through stage 1 and keeps reading
 * them, then stops; CPU 0 makes the first Realm from EL3 and invalidates
 * a range around it, once.  CPU 1's next read of the first must use the new GPI:
 * a GPF, reported with SCR_EL3.GPF = 0 and HCR_EL2.GPF = 0 as a Data
 * Abort at EL1 with DFSC 0b101000 (R_PYTGX, R_FXMGJ).  The second granule,
 * outside the range, still reads (I_XZTJV: only the range's GPT
 * information is invalidated).  The GPC registers are per PE, so CPU 1
 * programs its own from CPU 0's.
 */
#define RPA_SMP_VA      MMU_TEST_VA

static volatile struct {
    uint64_t gptbr, gpccr;
    uint64_t a1, b1, b2, r;
    unsigned int ready, stop, stopped, go, past_b;
} rpa_sh;
static struct mmu rpa_m;

static uint64_t rpa_cpu1_read(uint64_t unused)
{
    volatile uint64_t *a = (volatile uint64_t *)RPA_SMP_VA;
    volatile uint64_t *b = (volatile uint64_t *)(RPA_SMP_VA + 0x1000UL);

    (void)unused;
    rpa_sh.a1 = *a;
    rpa_sh.b1 = *b;
    dsb_sy();
    rpa_sh.ready = 1;
    dsb_sy();
    while (!rpa_sh.stop) {
        (void)*a;
        (void)*b;
    }
    /* No access while CPU 0 changes the GPT: only the TLBI may tell. */
    rpa_sh.stopped = 1;
    dsb_sy();
    while (!rpa_sh.go) {
    }
    rpa_sh.b2 = *b;
    rpa_sh.past_b = 1;
    dsb_sy();
    return *a;
}

static void rpa_cpu1_job(uint64_t unused)
{
    (void)unused;
    write_sysreg_s(GPTBR_EL3, rpa_sh.gptbr);
    write_sysreg_s(GPCCR_EL3, rpa_sh.gpccr);
    isb();
    tlbi_paall();
    rpa_sh.r = mmu_cpu1_run(WORLD_NONSECURE, 1, &rpa_m, rpa_cpu1_read, 0);
    write_sysreg_s(GPCCR_EL3, rpa_sh.gpccr & ~GPCCR_GPC);
    isb();
    tlbi_paall();
}

static void rpa_smp(bool last_level, unsigned int size_enc,
                    unsigned int size_bits)
{
    uintptr_t pa = scratch_page(76), pb = scratch_page(120);
    uint64_t a = 0xa1a1000000000076UL, b = 0xb2b2000000000120UL;
    uint64_t xt = tlbi_rpa_arg(pa & ~((1UL << size_bits) - 1), size_enc);
    uint64_t t0 = read_sysreg(cntpct_el0);

    if (!cpu_has_rme()) {
        SKIP("no FEAT_RME: no GPC");
    }
    ASSERT_TRUE(gpt_init());
    /* pb lies outside the range: a different 2MB block for every size */
    ASSERT_TRUE((pa ^ pb) >> size_bits != 0);
    gpt_set_gpi(pa, GPI_NONSECURE);
    gpt_set_gpi(pb, GPI_NONSECURE);
    *(volatile uint64_t *)pa = a;
    *(volatile uint64_t *)pb = b;
    gpc_enable();
    mmu_init(&rpa_m, MMU_EL1);
    mmu_map(&rpa_m, RPA_SMP_VA, pa, 0);
    mmu_map(&rpa_m, RPA_SMP_VA + 0x1000UL, pb, 0);
    rpa_sh.gptbr = read_sysreg_s(GPTBR_EL3);
    rpa_sh.gpccr = read_sysreg_s(GPCCR_EL3);
    rpa_sh.a1 = rpa_sh.b1 = rpa_sh.b2 = rpa_sh.r = 0;
    rpa_sh.ready = rpa_sh.stop = rpa_sh.stopped = 0;
    rpa_sh.go = rpa_sh.past_b = 0;
    dsb_sy();

    if (!smp_cpu1_start(rpa_cpu1_job, 0)) {
        SKIP("a single PE: the broadcast needs -smp 2 (run-qemu.sh SMP=2)");
    }
    while (!rpa_sh.ready) {
        if (read_sysreg(cntpct_el0) - t0 > read_sysreg(cntfrq_el0) * 10) {
            rpa_sh.stop = rpa_sh.go = 1;
            ASSERT_TRUE(!"CPU 1 did not start reading within 10 s");
        }
    }
    rpa_sh.stop = 1;
    dsb_sy();
    while (!rpa_sh.stopped) {
    }
    set_gpi_notlbi(pa, GPI_REALM);
    if (last_level) {
        tlbi_rpalos(xt);
    } else {
        tlbi_rpaos(xt);
    }
    rpa_sh.go = 1;
    dsb_sy();
    smp_cpu1_wait();

    EXPECT_EQ(smp_cpu1_esr, 0);
    EXPECT_EQ(rpa_sh.a1, a);
    EXPECT_EQ(rpa_sh.b1, b);
    EXPECT_EQ(rpa_sh.past_b, 1);
    EXPECT_EQ(rpa_sh.b2, b);
    /* (1 << 63) | ESR_EL1: EC 0x25 (Data Abort, same EL), DFSC 0b101000 */
    EXPECT_EQ(rpa_sh.r >> 63, 1);
    EXPECT_EQ((rpa_sh.r >> 26) & 0x3f, 0x25);
    EXPECT_EQ(rpa_sh.r & 0x3f, 0x28);
}

TEST(tlbi_smp_rpalos_4k_reaches_other_pe)
{
    rpa_smp(true, 0, 12);
}

TEST(tlbi_smp_rpaos_64k_reaches_other_pe)
{
    rpa_smp(false, 2, 16);
}

TEST(tlbi_smp_rpalos_2m_reaches_other_pe)
{
    rpa_smp(true, 3, 21);
}
