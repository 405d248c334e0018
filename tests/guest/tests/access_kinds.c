/*
 * access_kinds.c - granule protection checks on each kind of access:
 * instruction fetch, data read, data write, and the descriptor fetches of
 * stage 1 and stage 2 translation table walks, with translation off and
 * on.  Arm ARM DDI0487 D1.4.5.3 "Granule Protection Check faults" (a GPC
 * fault can occur at any point of the translation process that accesses
 * a PA: the output PA, each stage 1 descriptor, each stage 2 descriptor),
 * D24.2.47 ESR_EL3 "ISS encoding for a Granule Protection Check
 * exception" (S2PTW, InD, GPCSC, S1PTW, WnR, xFSC), the pseudocode
 * FetchDescriptor() (fault.gpcfs2walk = fault.secondstage) and
 * AArch64.DataAbort() (routing).
 *
 * Walk faults here are on level 0 or level 1 translation table fetches
 * (TTBR1_EL1 tables, which start at level 0).  Fetches at levels 2 and 3
 * are in walks.c, which runs last.
 */
#include "common.h"
#include "mmu.h"

static const struct who ns_el1 = { WORLD_NONSECURE, 1 };
static const struct who ns_el2 = { WORLD_NONSECURE, 2 };

/*
 * Instruction fetch, SCR_EL3.GPF = 1: a GPC exception (EC 0x1E) with
 * ISS.InD = 1, WnR = 0 (RES0 when InD is 1), xFSC 0b101000 (GPF not on a
 * walk), GPCSC 0b001101; ELR_EL3 and FAR_EL3 both hold the address of the
 * instruction (the fetch is to the branch target, D1.4 R_ZTSSH),
 * MFAR_EL3 its PA and the Non-secure PA space.
 */
TEST(access_fetch_gpf_is_gpc_exception_ind)
{
    uintptr_t pg = scratch_page(30) + 0x400;

    plant_ret(pg);
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_REALM);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int el = 1; el <= 2; el++) {
        struct who r = { WORLD_NONSECURE, el };

        access_by(r, ACC_FETCH, pg);
        if (!expect_gpc(GPCSC_GPF_L1)) {
            continue;
        }
        EXPECT_EQ(exc_rec.from_el, el);
        EXPECT_EQ(exc_rec.esr & GPC_ISS_IND, GPC_ISS_IND);
        EXPECT_EQ(exc_rec.esr & GPC_ISS_WNR, 0);
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
        EXPECT_EQ(exc_rec.elr, pg);
        EXPECT_EQ(exc_rec.far, pg);
        EXPECT_EQ(exc_rec.mfar, (pg & MFAR_FPA_MASK) | MFAR_NS);
    }
}

/*
 * Instruction fetch, SCR_EL3.GPF = 0: an Instruction Abort with IFSC
 * 0b101000 (R_PYTGX), taken to the EL of the fetch for EL2 (EC 0x21), to
 * EL1 from EL1 with HCR_EL2.GPF = 0 (EC 0x21) and to EL2 with
 * HCR_EL2.GPF = 1 (EC 0x20) (R_FXMGJ); FAR_ELx = the address.
 */
TEST(access_fetch_gpf_instruction_abort)
{
    uintptr_t pg = scratch_page(31) + 0x200;

    plant_ret(pg);
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_ROOT);
    gpc_enable();

    access_by(ns_el2, ACC_FETCH, pg);
    if (expect_gpf_abort(2, true)) {
        EXPECT_EQ(exc_rec.far, pg);
        EXPECT_EQ(exc_rec.elr, pg);
    }
    access_by(ns_el1, ACC_FETCH, pg);
    if (expect_gpf_abort(1, true)) {
        EXPECT_EQ(exc_rec.far, pg);
    }
    run_at_set_hcr_extra(HCR_GPF);
    access_by(ns_el1, ACC_FETCH, pg);
    if (expect_gpf_abort(2, true)) {
        EXPECT_EQ(exc_rec.from_el, 1);
        EXPECT_EQ(exc_rec.far, pg);
    }
}

/*
 * Data read and write, SCR_EL3.GPF = 1: GPC exceptions with InD = 0 and
 * WnR = 0 for the load, 1 for the store (D24.2.47 WnR).  D1.4.5.3: a store
 * that takes a GPC fault leaves the location unchanged.
 */
TEST(access_read_write_gpf_wnr)
{
    uintptr_t pg = scratch_page(32) + 0x300;

    *(volatile uint64_t *)pg = 0x1111222233334444UL;
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_SECURE);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    access_by(ns_el1, ACC_READ, pg);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & (GPC_ISS_IND | GPC_ISS_WNR), 0);
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
    }
    access_by(ns_el1, ACC_WRITE, pg);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & (GPC_ISS_IND | GPC_ISS_WNR), GPC_ISS_WNR);
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
    }
    gpc_disable();
    EXPECT_EQ(*(volatile uint64_t *)pg, 0x1111222233334444UL);
}

/*
 * With stage 1 translation on, the PA of the output is checked (D1.4.5.3
 * "The PA that the VA translates to"): NS EL1 and NS EL2 map a VA to a
 * Realm granule; the load is a GPC exception with FAR_EL3 = the VA and
 * MFAR_EL3 = the PA; the same VA mapped to an All-access granule reads.
 */
TEST(access_s1_output_pa_checked)
{
    uintptr_t deny = scratch_page(33), allow = scratch_page(34);
    struct mmu m1, m2;

    *(volatile uint64_t *)allow = 0xabcdef;
    ASSERT_TRUE(gpt_init());
    mmu_init(&m1, MMU_EL1);
    mmu_map(&m1, MMU_TEST_VA, deny, 0);
    mmu_map(&m1, MMU_TEST_VA + 0x1000, allow, 0);
    mmu_init(&m2, MMU_EL2);
    mmu_map(&m2, MMU_TEST_VA, deny, 0);
    gpt_set_gpi(deny, GPI_REALM);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);

    EXPECT_EQ(mmu_run_at(WORLD_NONSECURE, 1, &m1, NULL, lower_read,
                         MMU_TEST_VA + 0x1000), 0xabcdef);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &m1, NULL,
                         lower_read, MMU_TEST_VA + 0x28);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.far, MMU_TEST_VA + 0x28);
        EXPECT_EQ(exc_rec.mfar, deny | MFAR_NS);
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
    }
    mmu_run_at_expecting(WORLD_NONSECURE, 2, &m2, NULL,
                         lower_read, MMU_TEST_VA);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.from_el, 2);
        EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
    }
}

/*
 * A stage 1 translation table walk is checked: NS EL1, TTBR1 walk whose
 * level 1 table is in a Root granule.  SCR_EL3.GPF = 1: GPC exception,
 * GPCSC 0b001101 (GPT level 1), xFSC 0b100101 (GPF on a translation table
 * walk, lookup level 1), S1PTW = 0 and S2PTW = 0 (no stage 2), FAR_EL3 =
 * the VA, MFAR_EL3 = the table's PA in the Non-secure PA space.
 */
TEST(access_s1_walk_gpf_level1_gpc_exception)
{
    uint64_t va = MMU_TTBR1_VA + 0x3000;
    uintptr_t table;
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, va, scratch_page(35), 0);
    table = mmu_table_pa(&m, va, 1);
    gpt_set_gpi(table, GPI_ROOT);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &m, NULL, lower_read, va);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(1));
        EXPECT_EQ(exc_rec.esr & (GPC_ISS_S1PTW | GPC_ISS_S2PTW), 0);
        EXPECT_EQ(exc_rec.esr & GPC_ISS_IND, 0);
        EXPECT_EQ(exc_rec.far, va);
        EXPECT_EQ(exc_rec.mfar, table | MFAR_NS);
    }
}

/*
 * The level in xFSC is the translation lookup level; GPCSC has the GPT
 * level (D24.2.47).  A GPF on the level 0 table fetch (TTBR1 root in a
 * Realm granule, GPT level 1): xFSC 0b100100, GPCSC 0b001101.
 */
TEST(access_s1_walk_gpf_level0_gpcsc_is_gpt_level)
{
    uint64_t va = MMU_TTBR1_VA + 0x4000;
    uintptr_t root;
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, va, scratch_page(36), 0);
    root = mmu_table_pa(&m, va, 0);
    gpt_set_gpi(root, GPI_REALM);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &m, NULL, lower_read, va);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(0));
        EXPECT_EQ(exc_rec.mfar, root | MFAR_NS);
    }
}

/*
 * A GPF on a stage 1 walk with SCR_EL3.GPF = 0 is a Data Abort at EL1
 * (R_PYTGX, R_FXMGJ; not a stage 2 access, so not routed to EL2) with
 * DFSC 0b100101 (GPF on a walk, level 1) and ISS.S1PTW = 0; with
 * HCR_EL2.GPF = 1 it goes to EL2 (EC 0x24).  FAR = the VA.
 */
TEST(access_s1_walk_gpf_data_abort)
{
    uint64_t va = MMU_TTBR1_VA + 0x5000;
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, va, scratch_page(37), 0);
    gpt_set_gpi(mmu_table_pa(&m, va, 1), GPI_SECURE);
    gpc_enable();
    expect_exception();
    mmu_run_at(WORLD_NONSECURE, 1, &m, NULL, lower_read, va);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(1));
    EXPECT_EQ(exc_rec.esr & ISS_S1PTW, 0);
    EXPECT_EQ(exc_rec.far, va);

    run_at_set_hcr_extra(HCR_GPF);
    expect_exception();
    mmu_run_at(WORLD_NONSECURE, 1, &m, NULL, lower_read, va);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_LOW);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(1));
    EXPECT_EQ(exc_rec.far, va);
}

/*
 * Stage 1 walk under stage 2: the stage 1 descriptor's IPA is translated
 * by stage 2 and the descriptor fetch at the resulting PA is checked
 * (D1.4.5.3 "The PA of each stage 1 descriptor").  That fetch is part of
 * the stage 1 walk, not of the stage 2 walk: FetchDescriptor() sets
 * gpcfs2walk = secondstage = FALSE, and the fault is not a stage 2 fault
 * (s2fs1walk = FALSE).  So, SCR_EL3.GPF = 1: GPC exception with S2PTW = 0,
 * S1PTW = 0, xFSC 0b100101; SCR_EL3.GPF = 0, HCR_EL2.GPF = 0: a Data Abort
 * taken to EL1 (AArch64.DataAbort(): IsSecondStage() is FALSE), DFSC
 * 0b100101.
 */
TEST(access_s1_walk_under_s2_gpf_is_stage1)
{
    uint64_t va = MMU_TTBR1_VA + 0x6000;
    struct mmu s1, s2;

    ASSERT_TRUE(gpt_init());
    mmu_init(&s1, MMU_EL1);
    mmu_map(&s1, va, scratch_page(38), 0);
    mmu_init(&s2, MMU_S2);              /* IPA = PA for the harness */
    gpt_set_gpi(mmu_table_pa(&s1, va, 1), GPI_REALM);
    gpc_enable();

    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &s1, &s2, lower_read, va);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(1));
        EXPECT_EQ(exc_rec.esr & GPC_ISS_S2PTW, 0);
        EXPECT_EQ(exc_rec.esr & GPC_ISS_S1PTW, 0);
        EXPECT_EQ(exc_rec.far, va);
    }

    run_at_set_scr_extra(0);
    expect_exception();
    mmu_run_at(WORLD_NONSECURE, 1, &s1, &s2, lower_read, va);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(1));
    EXPECT_EQ(exc_rec.esr & ISS_S1PTW, 0);
}

/*
 * With stage 2 translation the final PA is checked after both stages:
 * NS EL1 with stage 1 off reads an IPA that stage 2 maps to a Root
 * granule: GPF not on a walk (xFSC 0b101000), FAR = the VA; SCR_EL3.GPF =
 * 0: Data Abort at EL1 (the output access is not a stage 2 walk access).
 */
TEST(access_s2_output_pa_checked)
{
    uintptr_t pg = scratch_page(39);
    uint64_t ipa = MMU_TEST_VA + 0x9000;
    struct mmu s2;

    ASSERT_TRUE(gpt_init());
    mmu_init(&s2, MMU_S2);
    mmu_map(&s2, ipa, pg, 0);
    gpt_set_gpi(pg, GPI_ROOT);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, NULL, &s2, lower_read, ipa);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
        EXPECT_EQ(exc_rec.esr & (GPC_ISS_S1PTW | GPC_ISS_S2PTW), 0);
        EXPECT_EQ(exc_rec.far, ipa);
        EXPECT_EQ(exc_rec.mfar, pg | MFAR_NS);
    }
    run_at_set_scr_extra(0);
    expect_exception();
    mmu_run_at(WORLD_NONSECURE, 1, NULL, &s2, lower_read, ipa);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 1);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
}

/*
 * Instruction fetch with stage 1 on (NS EL1): a VA mapped to a Root
 * granule holding code: GPC exception with InD = 1 and FAR = the VA.
 */
TEST(access_s1_fetch_gpf)
{
    uintptr_t pg = scratch_page(40);
    struct mmu m;

    plant_ret(pg);
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, MMU_TEST_VA, pg, 0);
    gpt_set_gpi(pg, GPI_ROOT);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &m, NULL,
                         lower_fetch, MMU_TEST_VA);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & GPC_ISS_IND, GPC_ISS_IND);
        EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
        EXPECT_EQ(exc_rec.elr, MMU_TEST_VA);
        EXPECT_EQ(exc_rec.mfar, pg | MFAR_NS);
    }
}

/*
 * D1.4.5.3: "When a load or store instruction results in accesses to two
 * granules, the access to each granule is subject to a GPC."  A 16-byte
 * LDP (8-byte aligned, Normal memory with stage 1 on) whose second half
 * is in the next granule, a Realm one, faults for NS EL1 with MFAR_EL3
 * naming the second granule.
 */
static uint64_t ldp_fn(uint64_t addr)
{
    uint64_t a, b;

    __asm__ volatile("ldp %0, %1, [%2]" : "=&r"(a), "=&r"(b) : "r"(addr)
                     : "memory");
    return a ^ b;
}

TEST(access_two_granules_each_checked)
{
    uintptr_t pg = scratch_page(41);
    struct mmu m;

    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL1);
    mmu_map(&m, MMU_TEST_VA, pg, 0);
    mmu_map(&m, MMU_TEST_VA + 0x1000, pg + 0x1000, 0);
    gpt_set_gpi(pg + 0x1000, GPI_REALM);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &m, NULL,
                         ldp_fn, MMU_TEST_VA + 0xff8);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.mfar, (pg + 0x1000) | MFAR_NS);
    }
}
