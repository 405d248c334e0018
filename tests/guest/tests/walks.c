/*
 * walks.c - granule protection faults on translation table fetches at
 * lookup levels 2 and 3, stage 1 and stage 2, at EL1, EL2 and EL3.  Arm
 * ARM DDI0487 D1.4.5.3 (GPCs on "the PA of each stage 1 descriptor" and
 * "of each stage 2 descriptor"; R_FXMGJ routing), D24.2.47 ESR_EL3 ISS
 * for a GPC exception (S2PTW, S1PTW, xFSC 0b1001LL "GPF on translation
 * table walk, level LL", GPCSC with the GPT level), D1.4 R_FKLWR and the
 * HPFAR_EL2 rule for GPC exceptions on stage 2 walks, pseudocode
 * FetchDescriptor() and AArch64.S2Translate() (s2fs1walk).
 *
 * This file runs last: QEMU 10.2 stops with an assertion failure
 * (tlb_helper.c report_as_gpc_exception(): fi->level <= 1) on the first
 * of these faults, because it reports the translation lookup level where
 * the GPT level belongs.  Leave them out with make EXCLUDE=walk_l23.
 */
#include "common.h"
#include "mmu.h"

/*
 * Stage 1, EL1: the level 3 table of the walk is in a Root granule.
 * SCR_EL3.GPF = 1: GPC exception, GPCSC 0b001101 (GPT level 1), xFSC
 * 0b100111 (walk level 3), S1PTW = S2PTW = 0, FAR_EL3 = VA, MFAR_EL3 =
 * the table's PA, Non-secure.
 */
TEST(walk_l23_s1_level3_gpc_exception)
{
    uintptr_t l3;
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, MMU_TEST_VA, scratch_page(110), 0);
    l3 = mmu_table_pa(&m, MMU_TEST_VA, 3);
    gpt_set_gpi(l3, GPI_ROOT);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &m, NULL, lower_read, MMU_TEST_VA);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(3));
        EXPECT_EQ(exc_rec.esr & (GPC_ISS_S1PTW | GPC_ISS_S2PTW), 0);
        EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
        EXPECT_EQ(exc_rec.mfar, l3 | MFAR_NS);
    }
}

/*
 * Stage 1, EL1, level 2 table in a Realm granule, SCR_EL3.GPF = 0: Data
 * Abort at EL1 with DFSC 0b100110 (walk level 2), FAR_EL1 = VA.
 */
TEST(walk_l23_s1_level2_data_abort)
{
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, MMU_TEST_VA, scratch_page(111), 0);
    gpt_set_gpi(mmu_table_pa(&m, MMU_TEST_VA, 2), GPI_REALM);
    gpc_enable();
    expect_exception();
    mmu_run_at(WORLD_NONSECURE, 1, &m, NULL, lower_read, MMU_TEST_VA);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(2));
    EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
}

/*
 * R_DVGRP: Realm EL2 stage 1 walks read the Realm PA space.  The level 3
 * table in a Non-secure granule: GPC exception, MFAR_EL3.{NSE,NS} =
 * {1,1}, xFSC 0b100111; in a Realm granule the walk works.
 */
TEST(walk_l23_realm_el2_walk_in_realm_pas)
{
    uintptr_t pg = scratch_page(112), l3;
    struct mmu m;

    *(volatile uint64_t *)pg = 0x77;
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL2);
    mmu_map(&m, MMU_TEST_VA, pg, 0);
    l3 = mmu_table_pa(&m, MMU_TEST_VA, 3);
    gpt_set_gpi(l3, GPI_REALM);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    EXPECT_EQ(mmu_run_at(WORLD_REALM, 2, &m, NULL, lower_read, MMU_TEST_VA),
              0x77);
    gpt_set_gpi(l3, GPI_NONSECURE);
    mmu_run_at_expecting(WORLD_REALM, 2, &m, NULL, lower_read, MMU_TEST_VA);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(3));
        EXPECT_EQ(exc_rec.mfar, l3 | MFAR_NSE | MFAR_NS);
    }
}

/*
 * D8.4.6.1: a Secure stage 1 Table descriptor with NSTable = 1 puts the
 * next-level table in the Non-secure PA space.  Secure EL1: the level 2
 * table behind an NSTable = 1 level 1 descriptor is read in the
 * Non-secure PA space - with a Secure GPI the walk takes a GPF (MFAR_EL3
 * Non-secure, xFSC 0b100110); with a Non-secure GPI it works.
 */
TEST(walk_l23_secure_nstable_walk_in_nonsecure_pas)
{
    uintptr_t pg = scratch_page(113), l2;
    struct mmu m;

    *(volatile uint64_t *)pg = 0x55;
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, MMU_TEST_VA, pg, MMU_NSTABLE_AT(1));
    l2 = mmu_table_pa(&m, MMU_TEST_VA, 2);
    gpt_set_gpi(l2, GPI_NONSECURE);
    gpt_set_gpi(mmu_table_pa(&m, MMU_TEST_VA, 3), GPI_NONSECURE);
    gpt_set_gpi(pg, GPI_NONSECURE);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    EXPECT_EQ(mmu_run_at(WORLD_SECURE, 1, &m, NULL, lower_read, MMU_TEST_VA),
              0x55);
    gpt_set_gpi(l2, GPI_SECURE);
    mmu_run_at_expecting(WORLD_SECURE, 1, &m, NULL, lower_read, MMU_TEST_VA);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(2));
        EXPECT_EQ(exc_rec.mfar, l2 | MFAR_NS);
    }
}

/*
 * Stage 2 walk: NS EL1 (stage 1 off) reads an IPA whose stage 2 level 3
 * table is in a Root granule.  SCR_EL3.GPF = 1: GPC exception with
 * S2PTW = 1 (FetchDescriptor(): gpcfs2walk = secondstage), S1PTW = 0
 * (not for a stage 1 walk), xFSC 0b100111, and HPFAR_EL2 = the IPA ("For
 * GPC exceptions due to a fault on an access for a stage 2 translation
 * table walk, an IPA ... is captured in HPFAR_EL2", D1.4).
 */
TEST(walk_l23_s2_level3_gpc_exception)
{
    uint64_t ipa = MMU_TEST_VA + 0x2000;
    uintptr_t l3;
    struct mmu s2;

    ASSERT_TRUE(gpt_init());
    mmu_init(&s2, MMU_S2);
    mmu_map(&s2, ipa, scratch_page(114), 0);
    l3 = mmu_table_pa(&s2, ipa, 3);
    gpt_set_gpi(l3, GPI_ROOT);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, NULL, &s2, lower_read, ipa);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(3));
        EXPECT_EQ(exc_rec.esr & GPC_ISS_S2PTW, GPC_ISS_S2PTW);
        EXPECT_EQ(exc_rec.esr & GPC_ISS_S1PTW, 0);
        EXPECT_EQ(exc_rec.mfar, l3 | MFAR_NS);
        EXPECT_EQ(read_sysreg(hpfar_el2) & ~0xfUL, (ipa >> 12) << 4);
    }
}

/*
 * The same with SCR_EL3.GPF = 0: "EL2 when the GPF is on an access for a
 * stage 2 translation table" (R_FXMGJ; IsSecondStage() in
 * AArch64.DataAbort()): Data Abort to EL2, EC 0x24, DFSC 0b100111,
 * HPFAR_EL2 = the IPA (D1.4 R_FKLWR).
 */
TEST(walk_l23_s2_walk_gpf_to_el2)
{
    uint64_t ipa = MMU_TEST_VA + 0x2000;
    struct mmu s2;

    ASSERT_TRUE(gpt_init());
    mmu_init(&s2, MMU_S2);
    mmu_map(&s2, ipa, scratch_page(115), 0);
    gpt_set_gpi(mmu_table_pa(&s2, ipa, 3), GPI_REALM);
    gpc_enable();
    expect_exception();
    mmu_run_at(WORLD_NONSECURE, 1, NULL, &s2, lower_read, ipa);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(exc_rec.from_el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_LOW);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(3));
    EXPECT_EQ(exc_rec.hpfar & ~0xfUL, (ipa >> 12) << 4);
}

/*
 * A stage 2 walk made for a stage 1 descriptor fetch: NS EL1, stage 1 on
 * (TTBR1), stage 2 maps the IPA of the stage 1 level 1 table through a
 * stage 2 level 3 table in a Root granule.  AArch64.S2Translate() marks
 * the fault s2fs1walk (access type TTW) and secondstage: GPC exception
 * with S2PTW = 1 and S1PTW = 1, xFSC 0b100111 (the stage 2 level).
 */
TEST(walk_l23_s2_walk_for_s1_walk)
{
    uint64_t va = MMU_TTBR1_VA + 0x8000;
    uint64_t tbl_ipa = MMU_TEST_VA + 0x40000;
    uintptr_t l1_pa;
    struct mmu s1, s2;

    ASSERT_TRUE(gpt_init());
    mmu_init(&s1, MMU_EL1);
    mmu_map(&s1, va, scratch_page(116), 0);
    l1_pa = mmu_table_pa(&s1, va, 1);
    /* Let the level 0 descriptor point at the level 1 table's IPA. */
    *mmu_desc(&s1, va, 0) = (*mmu_desc(&s1, va, 0) & ~0x0000fffffffff000UL) |
                            tbl_ipa;
    mmu_init(&s2, MMU_S2);
    mmu_map(&s2, tbl_ipa, l1_pa, 0);
    gpt_set_gpi(mmu_table_pa(&s2, tbl_ipa, 3), GPI_ROOT);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &s1, &s2, lower_read, va);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(3));
        EXPECT_EQ(exc_rec.esr & GPC_ISS_S2PTW, GPC_ISS_S2PTW);
        EXPECT_EQ(exc_rec.esr & GPC_ISS_S1PTW, GPC_ISS_S1PTW);
        EXPECT_EQ(exc_rec.far, va);
    }
}

/*
 * R_CFPDJ: EL3 stage 1 walks read the Root PA space; a level 3 table in
 * a Realm granule makes the walk GPF, which at EL3 is a Data Abort taken
 * to EL3 (R_PYTGX) with DFSC 0b100111.
 */
TEST(walk_l23_el3_walk_gpf_data_abort)
{
    uintptr_t pg = scratch_page(117);
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL3);
    mmu_map(&m, MMU_TEST_VA, pg, MMU_PAS_ROOT | MMU_XN);
    gpt_set_gpi(mmu_table_pa(&m, MMU_TEST_VA, 3), GPI_REALM);
    gpc_enable();
    mmu_el3_on(&m);
    expect_exception();
    probe_read64(MMU_TEST_VA);
    exception_taken();
    mmu_el3_off();
    ASSERT_TRUE(exc_rec.taken);
    EXPECT_EQ(exc_rec.el, 3);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(3));
    EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
}
