/*
 * gpccr.c - GPCCR_EL3 and GPTBR_EL3: protected PA size, granule size,
 * L0GPTSZ, GPT fetch attributes, GPC on/off, GPCP, the FEAT_RME_GPC2
 * address space disables and APPSAA.  Arm ARM DDI0487 D24.2.56 GPCCR_EL3,
 * D24.2.57 GPTBR_EL3, D9.4 "GPC faults" (Table D9-2), D9.7 "GPT lookup
 * process".
 *
 * Not tested here, because they cannot be observed on the PE that runs
 * the suite: an invalid GPCCR_EL3 configuration (reserved PPS/PGS/SH, PPS
 * above PARange, Non-cacheable GPT fetches that are not Outer Shareable;
 * R_JWCSM) and a GPTBR_EL3 base above PPS (R_XVCKY) make *every* access
 * below PPS fault, including the instruction fetches of the GPC exception
 * handler itself, so the PE can only loop on the exception vector.  The
 * reference walker's host tests (target-arm-rme/tests/test-gpt.c) cover
 * them.
 */
#include "common.h"
#include "mmu.h"

static const struct who ns_el1 = { WORLD_NONSECURE, 1 };
static const struct who realm_el1 = { WORLD_REALM, 1 };
static const struct who secure_el1 = { WORLD_SECURE, 1 };
static const struct who root_el3 = { WORLD_ROOT, 3 };

/*
 * L0GPTSZ is read-only (D24.2.56: "Access to this field is RO") and
 * advertises one of 30, 34, 36 or 39 bits ("All other values are
 * reserved").  A write of another value leaves it unchanged.
 */
TEST(gpccr_l0gptsz_read_only_and_valid)
{
    uint64_t before = read_sysreg_s(GPCCR_EL3);
    uint64_t field = (before >> GPCCR_L0GPTSZ_SHIFT) & GPCCR_L0GPTSZ_MASK;
    uint64_t after;

    ASSERT_TRUE(cpu_has_rme());
    EXPECT_TRUE(field == 0x0 || field == 0x4 || field == 0x6 || field == 0x9);
    write_sysreg_s(GPCCR_EL3, before ^ (GPCCR_L0GPTSZ_MASK <<
                                        GPCCR_L0GPTSZ_SHIFT));
    isb();
    after = read_sysreg_s(GPCCR_EL3);
    EXPECT_EQ((after >> GPCCR_L0GPTSZ_SHIFT) & GPCCR_L0GPTSZ_MASK, field);
    printf("    L0GPTSZ = %u bits, PARange = %u bits\n", gpt_l0gptsz_bits(),
           gpt_pamax_bits());
}

/*
 * Every PPS encoding that does not exceed the implemented PA size
 * (D24.2.56 PPS; AArch64.PAMax() from ID_AA64MMFR0_EL1.PARange) gives a
 * working GPT: the level 0 table is indexed by PA[t-1:s] (R_RDYKY; one
 * entry when t <= s), the level 1 table by PA[s-1:16] (R_RSHYW), and an
 * access is checked against the GPI found (R_DQPWS, R_HDDNW).  Checked
 * with a Realm granule and a Non-secure granule, from Realm and
 * Non-secure EL1, for each PPS.
 */
TEST(gpccr_pps_each_value_within_parange)
{
    uintptr_t realm_pg = scratch_page(0) + 0x40, ns_pg = scratch_page(1) + 0x40;
    unsigned int pamax = gpt_pamax_bits(), tested = 0;

    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int pps = 0; pps <= 6; pps++) {
        unsigned int t = gpt_pps_bits(pps);
        bool ok = true;

        if (t > pamax) {
            continue;
        }
        tested++;
        ASSERT_TRUE(gpt_init_layout(pps, GPCCR_PGS_4KB));
        gpt_set_gpi(realm_pg, GPI_REALM);
        gpt_set_gpi(ns_pg, GPI_NONSECURE);
        gpc_enable();
        access_by(realm_el1, ACC_READ, realm_pg);
        ok &= expect_none();
        access_by(ns_el1, ACC_READ, ns_pg);
        ok &= expect_none();
        access_by(ns_el1, ACC_READ, realm_pg);
        ok &= expect_gpc(GPCSC_GPF_L1);
        access_by(realm_el1, ACC_READ, ns_pg);
        ok &= expect_gpc(GPCSC_GPF_L1);
        gpc_disable();
        if (!ok) {
            printf("    (PPS = %u, %u bits)\n", pps, t);
        }
    }
    EXPECT_NE(tested, 0);
}

/*
 * R_JFFHB: with APPSAA = 0, a Secure, Realm or Root PA above the PPS
 * range is a Granule protection fault at level 0 (Table D9-2 priority 3),
 * before any GPT lookup.  From Secure and Realm EL1 with SCR_EL3.GPF = 1
 * that is a GPC exception with GPCSC 0b001100 and MFAR_EL3.FPA = the PA.
 * PPS = 32 bits, PA = 4GB.
 */
TEST(gpccr_pa_above_pps_gpf_level0)
{
    uint64_t pa = 1UL << 32;
    static const struct who reqs[] = { { WORLD_SECURE, 1 },
                                       { WORLD_REALM, 1 },
                                       { WORLD_REALM, 2 } };

    if (gpt_pamax_bits() <= 32) {
        SKIP("PARange is 32 bits: no PA above PPS = 32 bits");
    }
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_4GB, GPCCR_PGS_4KB));
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(reqs); i++) {
        bool ok = true;

        access_by(reqs[i], ACC_READ, pa);
        ok &= expect_gpc(GPCSC_GPF_L0);
        ok &= EXPECT_EQ(exc_rec.mfar & MFAR_FPA_MASK, pa);
        ok &= EXPECT_EQ(exc_rec.mfar & (MFAR_NSE | MFAR_NS),
                        mfar_pas_bits(reqs[i].w));
        if (!ok) {
            printf("    (%s EL%u)\n", world_name(reqs[i].w), reqs[i].el);
        }
    }
}

/*
 * R_JFFHB for the Root PA space: EL3 (MMU off, Root PA space) reading a
 * PA above PPS gets a GPF, which at EL3 is a Data Abort taken to EL3 with
 * DFSC 0b101000 (D1.4.5.3 R_PYTGX, R_FXMGJ).
 */
TEST(gpccr_pa_above_pps_root_gpf_at_el3)
{
    uint64_t pa = 1UL << 32;

    if (gpt_pamax_bits() <= 32) {
        SKIP("PARange is 32 bits: no PA above PPS = 32 bits");
    }
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_4GB, GPCCR_PGS_4KB));
    gpc_enable();
    access_by(root_el3, ACC_READ, pa);
    if (expect_gpf_abort(3, false)) {
        EXPECT_EQ(exc_rec.far, pa);
    }
}

/*
 * R_CPDSB: a Non-secure PA above PPS never generates a GPF; the access
 * continues to the memory system (nothing is there, so at most an
 * External abort, which is not a GPC fault).  From NS EL1 and EL2, with
 * SCR_EL3.GPF = 1 so that a GPF would be a GPC exception.
 */
TEST(gpccr_pa_above_pps_nonsecure_no_gpf)
{
    uint64_t pa = 1UL << 32;

    if (gpt_pamax_bits() <= 32) {
        SKIP("PARange is 32 bits: no PA above PPS = 32 bits");
    }
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_4GB, GPCCR_PGS_4KB));
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int el = 1; el <= 2; el++) {
        struct who r = { WORLD_NONSECURE, el };

        access_by(r, ACC_READ, pa);
        if (!EXPECT_FALSE(exc_is_gpc_fault())) {
            printf("    (NS EL%u: ESR 0x%lx)\n", el, exc_rec.esr);
        }
    }
}

/*
 * R_PBPSH (FEAT_RME_GPC2): with GPCCR_EL3.APPSAA = 1, a Secure, Realm or
 * Root PA above PPS does not generate a GPF because of PPS.  Realm and
 * Secure EL1 read 4GB with PPS = 32 bits: no GPC fault (an External abort
 * from the empty PA is fine).
 */
TEST(gpccr_appsaa_above_pps_no_gpf)
{
    uint64_t pa = 1UL << 32;

    if (!have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (APPSAA is RES0)");
    }
    if (gpt_pamax_bits() <= 32) {
        SKIP("PARange is 32 bits: no PA above PPS = 32 bits");
    }
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_4GB, GPCCR_PGS_4KB));
    gpc_enable_extra(GPCCR_APPSAA);
    run_at_set_scr_extra(SCR_GPF);
    access_by(realm_el1, ACC_READ, pa);
    EXPECT_FALSE(exc_is_gpc_fault());
    access_by(secure_el1, ACC_READ, pa);
    EXPECT_FALSE(exc_is_gpc_fault());
}

/* Is a stage 1 granule size implemented (ID_AA64MMFR0_EL1.TGranN)? */
static bool pgs_supported(unsigned int pgs)
{
    uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);

    switch (pgs) {
    case GPCCR_PGS_4KB:
        return id_field(mmfr0, ID_AA64MMFR0_TGRAN4_SHIFT) != 0xf;
    case GPCCR_PGS_16KB:
        return id_field(mmfr0, ID_AA64MMFR0_TGRAN16_SHIFT) != 0;
    default:
        return id_field(mmfr0, ID_AA64MMFR0_TGRAN64_SHIFT) != 0xf;
    }
}

/*
 * The granule size in GPCCR_EL3.PGS: a Granules descriptor holds the
 * GPIs of 16 granules of 2^p bytes, GPI i = PA[p+3:p] (R_QDCZJ), and the
 * level 1 index is PA[s-1:p+4] (R_RSHYW); accesses are checked at the
 * PGS granularity whatever the translation granule (R_VJLXG, I_KLTDM).
 * Sixteen granules with a pattern of Non-secure, Realm and All-access
 * GPIs, and the first granule of the next descriptor Realm, read by NS
 * EL1 at the first and last doubleword of each granule.
 */
static void check_pgs(unsigned int pgs)
{
    unsigned int p = gpt_pgs_bits(pgs);
    uint64_t g = 1UL << p;
    uintptr_t base = BOARD_SCRATCH_BASE + 0x1000000UL;     /* 1MB aligned */
    unsigned int gpi[17];

    if (!pgs_supported(pgs)) {
        SKIP("%u KB translation granule not implemented", 1U << (p - 10));
    }
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_4GB, pgs));
    for (unsigned int i = 0; i < 17; i++) {
        gpi[i] = i == 16 ? GPI_REALM :
                 i % 3 == 0 ? GPI_NONSECURE : i % 3 == 1 ? GPI_REALM : GPI_ALL;
        gpt_set_gpi(base + i * g, gpi[i]);
    }
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < 17; i++) {
        for (unsigned int last = 0; last <= 1; last++) {
            uint64_t pa = base + i * g + (last ? g - 8 : 0);
            bool ok = true;

            access_by(ns_el1, ACC_READ, pa);
            if (gpi[i] == GPI_REALM) {
                ok &= expect_gpc(GPCSC_GPF_L1);
                ok &= EXPECT_EQ(exc_rec.mfar & MFAR_FPA_MASK,
                                pa & MFAR_FPA_MASK);
            } else {
                ok &= expect_none();
            }
            if (!ok) {
                printf("    (granule %u of %lu bytes, PA 0x%lx)\n", i, g, pa);
            }
        }
    }
}

TEST(gpccr_pgs_4kb_granules)
{
    check_pgs(GPCCR_PGS_4KB);
}

TEST(gpccr_pgs_16kb_granules)
{
    check_pgs(GPCCR_PGS_16KB);
}

TEST(gpccr_pgs_64kb_granules)
{
    check_pgs(GPCCR_PGS_64KB);
}

/*
 * GPT fetch attributes (R_RKFVK, D24.2.56 SH/IRGN/ORGN): every legal
 * combination gives a working GPT - any Shareability (Non, Outer, Inner)
 * when at least one of IRGN/ORGN is Cacheable, and Outer Shareable when
 * both are Non-cacheable (the only legal SH then).  Checked by one
 * permitted and one denied access for each combination.
 */
TEST(gpccr_sh_irgn_orgn_legal_combinations)
{
    static const unsigned int sh[] = { GPCCR_SH_NON, GPCCR_SH_OUTER,
                                       GPCCR_SH_INNER };
    uintptr_t pg = scratch_page(2) + 0x80;

    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_REALM);
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int irgn = 0; irgn < 4; irgn++) {
        for (unsigned int orgn = 0; orgn < 4; orgn++) {
            for (unsigned int i = 0; i < ARRAY_SIZE(sh); i++) {
                uint64_t v;
                bool ok = true;

                if (irgn == 0 && orgn == 0 && sh[i] != GPCCR_SH_OUTER) {
                    continue;       /* invalid, see the file comment */
                }
                v = (gpt_gpccr() & ~(0x3fUL << GPCCR_IRGN_SHIFT)) |
                    ((uint64_t)irgn << GPCCR_IRGN_SHIFT) |
                    ((uint64_t)orgn << GPCCR_ORGN_SHIFT) |
                    ((uint64_t)sh[i] << GPCCR_SH_SHIFT);
                write_sysreg_s(GPTBR_EL3, gpt_info()->l0 >> 12);
                gpccr_write(v);
                gpccr_write(v | GPCCR_GPC);
                tlbi_paall();
                access_by(realm_el1, ACC_READ, pg);
                ok &= expect_none();
                access_by(ns_el1, ACC_READ, pg);
                ok &= expect_gpc(GPCSC_GPF_L1);
                gpc_disable();
                if (!ok) {
                    printf("    (IRGN %u ORGN %u SH %u)\n", irgn, orgn,
                           sh[i]);
                }
            }
        }
    }
}

/*
 * R_BYRRZ: with GPCCR_EL3.GPC = 0 no access is subject to granule
 * protection checks, whatever the GPT says.  A No-access granule is read,
 * written and executed from every world and EL; then, with GPC = 1, the
 * same read faults (so the GPT really denied it).
 */
TEST(gpccr_gpc_off_no_checks)
{
    uintptr_t pg = scratch_page(3);

    plant_ret(pg + 0x800);
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_NO_ACCESS);
    write_sysreg_s(GPTBR_EL3, gpt_info()->l0 >> 12);
    gpccr_write(gpt_gpccr());
    tlbi_paall();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(all_requesters); i++) {
        for (unsigned int a = ACC_READ; a <= ACC_FETCH; a++) {
            access_by(all_requesters[i], a, pg + (a == ACC_FETCH ? 0x800 : 0x100));
            if (!expect_none()) {
                printf("    (%s EL%u %s)\n", world_name(all_requesters[i].w),
                       all_requesters[i].el, acc_name(a));
            }
        }
    }
    gpc_enable();
    access_by(ns_el1, ACC_READ, pg + 0x100);
    expect_gpc(GPCSC_GPF_L1);
}

/*
 * GPCCR_EL3.GPCP = 1 only allows GPC faults on fetches of stage 2 Table
 * descriptors to be omitted (D24.2.56 GPCP, D1.4.5.3); "All other GPC
 * faults are reported".  With GPCP = 1: a denied data read is a GPC
 * exception, and so is a denied stage 1 table fetch at EL1.
 */
TEST(gpccr_gpcp_other_faults_still_reported)
{
    uintptr_t data = scratch_page(4), pg = scratch_page(5);
    uint64_t va = MMU_TTBR1_VA + 0x5000;
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, va, pg, 0);
    gpt_set_gpi(data, GPI_ROOT);
    gpt_set_gpi(mmu_table_pa(&m, va, 1), GPI_ROOT);
    gpc_enable_extra(GPCCR_GPCP);
    run_at_set_scr_extra(SCR_GPF);
    access_by(ns_el1, ACC_READ, data);
    expect_gpc(GPCSC_GPF_L1);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &m, NULL, lower_read, va);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(1));
    }
}

/* EL3 stage 1 tables with MMU_TEST_VA + i * 4KB -> pa in PA space pas. */
static void el3_map(struct mmu *m, unsigned int i, uintptr_t pa,
                    unsigned int pas)
{
    mmu_map(m, MMU_TEST_VA + i * 0x1000UL, pa, pas | MMU_XN);
}

/*
 * R_TCWMD (FEAT_RME_GPC2): with GPCCR_EL3.xPAD = 1 every access to that
 * PA space is a Granule protection fault at level 0 (Table D9-2 priority
 * 2), even to an All-access granule; the other PA spaces are unaffected.
 * Checked from EL3 with its stage 1 selecting each PA space (D8.4.6
 * R_XTYPW): the disabled one gets a GPF Data Abort at EL3, the others
 * read the All-access granule.
 */
static void check_pas_disable(uint64_t bit, unsigned int disabled_pas)
{
    static const unsigned int pas[] = { MMU_PAS_SECURE, MMU_PAS_NONSECURE,
                                        MMU_PAS_ROOT, MMU_PAS_REALM };
    static const char *const pas_name[] = { "Secure", "Non-secure", "Root",
                                            "Realm" };
    uintptr_t pg = scratch_page(6);
    struct mmu m;

    if (!have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (SPAD/NSPAD/RLPAD are RES0)");
    }
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        el3_map(&m, i, pg, pas[i]);
    }
    gpc_enable_extra(bit);
    mmu_el3_on(&m);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        bool ok;

        access_by(root_el3, ACC_READ, MMU_TEST_VA + i * 0x1000UL);
        if (pas[i] == disabled_pas) {
            ok = expect_gpf_abort(3, false);
        } else {
            ok = expect_none();
        }
        if (!ok) {
            printf("    (EL3 access to the %s PA space)\n", pas_name[i]);
        }
    }
    mmu_el3_off();
}

TEST(gpccr_spad_disables_secure_pas)
{
    check_pas_disable(GPCCR_SPAD, MMU_PAS_SECURE);
}

TEST(gpccr_nspad_disables_nonsecure_pas)
{
    check_pas_disable(GPCCR_NSPAD, MMU_PAS_NONSECURE);
}

TEST(gpccr_rlpad_disables_realm_pas)
{
    check_pas_disable(GPCCR_RLPAD, MMU_PAS_REALM);
}

/*
 * R_TCWMD reports a Granule protection fault at *level 0*: Secure EL1
 * with a stage 1 page in the Non-secure PA space (NS = 1, R_KZLVM) and
 * NSPAD = 1 takes a GPC exception with GPCSC 0b001100 and MFAR_EL3.NS = 1,
 * although the granule's level 1 GPI is All access.
 */
TEST(gpccr_nspad_gpf_is_level0)
{
    uintptr_t pg = scratch_page(7);
    struct mmu m;

    if (!have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (NSPAD is RES0)");
    }
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, MMU_TEST_VA, pg, MMU_NS);
    gpc_enable_extra(GPCCR_NSPAD);
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_SECURE, 1, &m, NULL, lower_read, MMU_TEST_VA);
    if (expect_gpc(GPCSC_GPF_L0)) {
        EXPECT_EQ(exc_rec.mfar & (MFAR_NSE | MFAR_NS), MFAR_NS);
        EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
    }
}

/*
 * Table D9-2 (R_GMGRR): a disabled PA space (priority 2) is reported
 * before an invalid level 1 entry (priority 10).  EL3 reads, through the
 * Realm PA space with RLPAD = 1, a granule whose Granules descriptor has
 * a reserved GPI: a GPF (Data Abort at EL3), not a GPT walk fault (which
 * would be a GPC exception, EC 0x1E).
 */
TEST(gpccr_pas_disable_beats_invalid_l1_entry)
{
    uintptr_t pg = scratch_page(8);
    struct mmu m;

    if (!have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (RLPAD is RES0)");
    }
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL3);
    el3_map(&m, 0, pg, MMU_PAS_REALM);
    gpt_set_gpi(pg, 0xc);                   /* reserved */
    gpc_enable_extra(GPCCR_RLPAD);
    mmu_el3_on(&m);
    access_by(root_el3, ACC_READ, MMU_TEST_VA);
    mmu_el3_off();
    expect_gpf_abort(3, false);
}

/*
 * GPTBR_EL3 RES0 bits (D24.2.57): without FEAT_RME_GPC3, BADDR is bits
 * [39:0] (PA[51:12]) and bits [63:40] are RES0; with FEAT_RME_GPC3
 * (ID_AA64PFR0_EL1.RME >= 3) BADDR is bits [43:0] (PA[55:12]) and only
 * [63:44] are RES0.  Setting RES0 bits must not change the level 0 table
 * address.  GPTBR_EL3 is rewritten with the lowest RES0 bit (40, or 44
 * with GPC3: PA bit 52 or 56 if it were used) and bit 63 set; a granule
 * that was never accessed is then read by EL3 with no TLB maintenance -
 * with the RES0 bits ignored the GPT is the same, so the read succeeds.
 * (The exception vectors and the harness are used once beforehand, so
 * that an implementation that used the bits, and so faulted every
 * uncached access with a GPT address size fault, can still report it.)
 * QEMU 10.2 uses GPTBR_EL3[51:40].  With GPC3, BADDR[43:40] are address
 * bits, not RES0 (gpc3.c checks that they are used).
 */
TEST(gptbr_res0_bits_ignored)
{
    uintptr_t pg = scratch_page(9);
    unsigned int res0_lo = have_gpc3() ? 44 : 40;
    uint64_t gptbr;

    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_ROOT);
    gpc_enable();
    gptbr = read_sysreg_s(GPTBR_EL3);
    /* Warm the exception path, the probe and the UART at EL3. */
    probe_read64(scratch_page(11));
    expect_exception();
    __asm__ volatile("udf #0" ::: "memory");
    EXPECT_TRUE(exception_taken());
    printf("    GPTBR_EL3 = 0x%lx, RES0 bits [63:%u]\n", gptbr, res0_lo);

    write_sysreg_s(GPTBR_EL3, gptbr | (1UL << res0_lo) | (1UL << 63));
    isb();
    expect_exception();
    probe_read64(pg + 0x10);
    exception_taken();
    write_sysreg_s(GPTBR_EL3, gptbr);
    isb();
    tlbi_paall();
    expect_none();
}

/*
 * GPTBR_EL3.BADDR: "Bits [x:0] of the base address are treated as zero",
 * x = Max(pps - l0gptsz + 2, 11) (D24.2.57; GPTWalk()).  With a level 0
 * table of 8KB or more, GPTBR_EL3 bit 0 (PA bit 12) is set: the walk
 * still uses the table at the aligned base.  (A walk that used the
 * unaligned address would read the table's second half, all Block
 * descriptors "All access", and so miss the Realm granule.)
 */
TEST(gptbr_base_low_bits_ignored)
{
    unsigned int s = gpt_l0gptsz_bits(), pamax = gpt_pamax_bits(), pps;
    uintptr_t pg = scratch_page(10);

    for (pps = 0; pps <= 6; pps++) {
        unsigned int t = gpt_pps_bits(pps);

        if (t <= pamax && t > s + 9) {
            break;
        }
    }
    if (pps > 6) {
        SKIP("no PPS within PARange (%u bits) gives a level 0 table of "
             "8KB or more with L0GPTSZ = %u bits", pamax, s);
    }
    ASSERT_TRUE(gpt_init_layout(pps, GPCCR_PGS_4KB));
    gpt_set_gpi(pg, GPI_REALM);
    gpc_enable();
    write_sysreg_s(GPTBR_EL3, (gpt_info()->l0 >> 12) | 1);
    isb();
    tlbi_paall();
    run_at_set_scr_extra(SCR_GPF);
    access_by(ns_el1, ACC_READ, pg);
    expect_gpc(GPCSC_GPF_L1);
    access_by(realm_el1, ACC_READ, pg);
    expect_none();
}

static uint64_t read_gpccr(uint64_t unused)
{
    (void)unused;
    return read_sysreg_s(GPCCR_EL3);
}

static uint64_t read_gptbr(uint64_t unused)
{
    (void)unused;
    return read_sysreg_s(GPTBR_EL3);
}

static uint64_t read_mfar(uint64_t unused)
{
    (void)unused;
    return read_sysreg_s(MFAR_EL3);
}

/*
 * GPCCR_EL3, GPTBR_EL3 and MFAR_EL3 are EL3 registers: MRS at EL2 or EL1
 * is UNDEFINED (the accessibility pseudocode of D24.2.56, D24.2.57,
 * D24.2.136), an exception to the same EL with EC 0x00.
 */
TEST(gpccr_gptbr_mfar_undefined_below_el3)
{
    static const lower_fn fns[] = { read_gpccr, read_gptbr, read_mfar };
    static const char *const names[] = { "GPCCR_EL3", "GPTBR_EL3",
                                         "MFAR_EL3" };

    for (unsigned int i = 0; i < ARRAY_SIZE(fns); i++) {
        for (unsigned int el = 1; el <= 2; el++) {
            bool ok = true;

            expect_exception();
            run_at(WORLD_NONSECURE, el, fns[i], 0);
            ok &= EXPECT_TRUE(exception_taken());
            ok &= EXPECT_EQ(exc_rec.el, el);
            ok &= EXPECT_EQ(ESR_EC(exc_rec.esr), EC_UNKNOWN);
            if (!ok) {
                printf("    (MRS %s at EL%u)\n", names[i], el);
            }
        }
    }
}

/*
 * A level 0 entry covers exactly 2^s bytes, s from L0GPTSZ, and the level
 * 0 index is PA[t-1:s] (R_QNGFY, R_RDYKY, D9.7 I_GRXPD): the two level 0
 * entries above the level 1 region are Blocks with GPIs Realm and
 * Non-secure; Realm and NS EL1 read the first and last doubleword of each
 * region.  (Nothing need be there: a read that passes the GPC may get an
 * External abort; only GPC faults count.)
 */
TEST(gpccr_l0_entry_covers_l0gptsz)
{
    uint64_t r0 = l0_test_layout();
    unsigned int s = gpt_info()->l0_bits;
    uint64_t size = 1UL << s;
    bool two = (r0 >> s) + 1 < gpt_info()->l0_entries;

    *gpt_l0_desc(r0) = GPT_L0_BLOCK(GPI_REALM);
    if (two) {
        *gpt_l0_desc(r0 + size) = GPT_L0_BLOCK(GPI_NONSECURE);
    }
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int e = 0; e < (two ? 2U : 1U); e++) {
        for (unsigned int last = 0; last <= 1; last++) {
            uint64_t pa = r0 + e * size + (last ? size - 8 : 0);
            bool ok = true;

            access_by(realm_el1, ACC_READ, pa);
            if (e == 0) {
                ok &= EXPECT_FALSE(exc_is_gpc_fault());
            } else {
                ok &= expect_gpc(GPCSC_GPF_L0);
            }
            access_by(ns_el1, ACC_READ, pa);
            if (e == 0) {
                ok &= expect_gpc(GPCSC_GPF_L0);
            } else {
                ok &= EXPECT_FALSE(exc_is_gpc_fault());
            }
            if (!ok) {
                printf("    (PA 0x%lx, level 0 entry %lu)\n", pa, pa >> s);
            }
        }
    }
}
