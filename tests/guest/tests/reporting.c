/*
 * reporting.c - how GPC faults are reported: GPC exceptions to EL3 with
 * SCR_EL3.GPF = 1, Data/Instruction Aborts otherwise, HCR_EL2.GPF
 * routing, faults at EL3 itself, and the syndrome/address registers.
 * Arm ARM DDI0487 D1.4.5.3 (R_PYTGX, R_FXMGJ), D24.2.47 ESR_EL3 (ISS
 * encoding for a GPC exception), D24.2.136 MFAR_EL3, D1.4 R_ZTSSH
 * (FAR_EL3 for GPC exceptions), pseudocode TakeGPCException(),
 * ReportAsGPCException(), AArch64.DataAbort().
 */
#include "common.h"

static const enum world lower_worlds[] = {
    WORLD_SECURE, WORLD_NONSECURE, WORLD_REALM,
};

/* A granule no lower world may access, and its GPT set up, GPC on. */
static uintptr_t setup_root_granule(unsigned int n)
{
    uintptr_t pg = scratch_page(50 + n);

    plant_ret(pg + 0x800);
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_ROOT);
    gpc_enable();
    return pg;
}

/*
 * ESR_EL3 for a GPC exception from a data read (D24.2.47): EC 0x1E, IL =
 * 1, ISS bits [24:22] RES0, S2PTW = 0, InD = 0, GPCSC 0b001101, VNCR = 0,
 * bits [12:9] RES0, CM = 0, S1PTW = 0, WnR = 0, xFSC 0b101000.  ELR_EL3 =
 * the load, SPSR_EL3.M = the EL and SP it came from (EL2h/EL1h).  From
 * every lower world and EL.
 */
TEST(report_gpc_exception_syndrome)
{
    uintptr_t pa = setup_root_granule(0) + 0x10;

    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(lower_worlds); i++) {
        for (unsigned int el = 1; el <= 2; el++) {
            struct who r = { lower_worlds[i], el };
            bool ok = true;

            access_by(r, ACC_READ, pa);
            if (!expect_gpc(GPCSC_GPF_L1)) {
                printf("    (%s EL%u)\n", world_name(r.w), el);
                continue;
            }
            ok &= EXPECT_EQ(exc_rec.esr & ESR_IL, ESR_IL);
            ok &= EXPECT_EQ(ESR_ISS(exc_rec.esr) & ~(0x3fUL << 14),
                            FSC_GPF);
            ok &= EXPECT_EQ(exc_rec.esr >> 32, 0);          /* ISS2 */
            ok &= EXPECT_EQ(exc_rec.elr, (uintptr_t)probe_read64);
            ok &= EXPECT_EQ(exc_rec.spsr & 0xf,
                            el == 2 ? SPSR_M_EL2H : SPSR_M_EL1H);
            ok &= EXPECT_EQ(exc_rec.world, r.w);
            if (!ok) {
                printf("    (%s EL%u)\n", world_name(r.w), el);
            }
        }
    }
}

/*
 * MFAR_EL3 after a GPC exception (D24.2.136; TakeGPCException()): FPA =
 * PA[55:12] of the access, bits [11:0] RES0, and {NSE, NS} the PA space:
 * Secure {0,0}, Non-secure {0,1}, Realm {1,1}; Root {1,0} - seen through
 * a GPT walk fault at EL3 (a reserved GPI), which is a GPC exception even
 * at EL3 (R_PYTGX).  FAR_EL3 holds the VA (= PA, MMU off; R_ZTSSH).
 * The reserved granule's level 1 entry is kept out of the No-access
 * granule's 16-byte entry pair (scratch pages 60 and 61 have level 1
 * entries 2n and 2n + 1): with FEAT_RME_GDI level 1 entries are checked
 * for validity in naturally aligned pairs (D9.6 I_VRKNJ), so an invalid
 * neighbour in the pair would turn the GPF into a GPT walk fault.
 */
TEST(report_mfar_pa_space_every_world)
{
    uintptr_t pg = scratch_page(60);
    uintptr_t bad = scratch_page(62);
    uint64_t pa = pg + 0x5a8, pa_bad = bad + 0x7f0;

    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_NO_ACCESS);
    gpt_set_gpi(bad, 0xe);                  /* reserved */
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(lower_worlds); i++) {
        struct who r = { lower_worlds[i], 1 };

        access_by(r, ACC_READ, pa);
        if (expect_gpc(GPCSC_GPF_L1)) {
            EXPECT_EQ(exc_rec.mfar, (pa & MFAR_FPA_MASK) |
                      mfar_pas_bits(r.w));
            EXPECT_EQ(exc_rec.far, pa);
        }
    }
    expect_exception();
    probe_read64(pa_bad);
    exception_taken();
    if (expect_gpc(GPCSC_WALK_L1)) {
        EXPECT_EQ(exc_rec.from_el, 3);
        EXPECT_EQ(exc_rec.mfar, (pa_bad & MFAR_FPA_MASK) | MFAR_NSE);
        EXPECT_EQ(exc_rec.far, pa_bad);
        EXPECT_EQ(exc_rec.elr, (uintptr_t)probe_read64);
    }
}

/*
 * R_PYTGX: GPT walk faults are GPC exceptions whatever SCR_EL3.GPF and
 * HCR_EL2.GPF say (ReportAsGPCException() returns TRUE for GPCF_Walk):
 * NS EL1 and EL2 read a granule with a reserved GPI with SCR_EL3.GPF = 0,
 * HCR_EL2.GPF = 1 - still a GPC exception to EL3 with GPCSC 0b000101.
 */
TEST(report_walk_fault_always_gpc_exception)
{
    uintptr_t pg = scratch_page(62);

    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, 0x3);                   /* reserved */
    gpc_enable();
    run_at_set_hcr_extra(HCR_GPF);
    for (unsigned int el = 1; el <= 2; el++) {
        struct who r = { WORLD_NONSECURE, el };

        access_by(r, ACC_READ, pg);
        if (expect_gpc(GPCSC_WALK_L1)) {
            EXPECT_EQ(exc_rec.from_el, el);
        }
    }
}

/*
 * R_PYTGX: a GPF at EL3 is an Instruction Abort or Data Abort, never a
 * GPC exception (ReportAsGPCException(): PSTATE.EL != EL3), even with
 * SCR_EL3.GPF = 1.  EL3 executes from a Realm granule: Instruction Abort
 * taken to EL3 (R_FXMGJ), EC 0x21, IFSC 0b101000, FAR_EL3 = ELR_EL3 = the
 * instruction; and writes to it: Data Abort, EC 0x25, WnR = 1.
 */
TEST(report_gpf_at_el3_is_abort)
{
    static const struct who el3 = { WORLD_ROOT, 3 };
    uintptr_t pg = scratch_page(63);

    plant_ret(pg + 0x800);
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_REALM);
    gpc_enable();
    write_sysreg(scr_el3, read_sysreg(scr_el3) | SCR_GPF);
    isb();
    access_by(el3, ACC_FETCH, pg + 0x800);
    if (expect_gpf_abort(3, true)) {
        EXPECT_EQ(exc_rec.far, pg + 0x800);
        EXPECT_EQ(exc_rec.elr, pg + 0x800);
    }
    access_by(el3, ACC_WRITE, pg + 0x10);
    if (expect_gpf_abort(3, false)) {
        EXPECT_EQ(exc_rec.esr & ISS_WNR, ISS_WNR);
        EXPECT_EQ(exc_rec.far, pg + 0x10);
    }
}

/*
 * SCR_EL3.GPF = 0 (R_PYTGX, R_FXMGJ, AArch64.DataAbort()): a GPF at EL2
 * is a Data Abort taken to EL2, at EL1 one taken to EL1 when HCR_EL2.GPF
 * is 0 and to EL2 when it is 1 - in each lower world (Secure EL2 is
 * enabled, SCR_EL3.EEL2 = 1).  DFSC 0b101000, FAR_ELx = the address,
 * WnR for a store.
 */
TEST(report_gpf_routing_scr_gpf0_every_world)
{
    uintptr_t pa = setup_root_granule(1) + 0x40;

    for (unsigned int i = 0; i < ARRAY_SIZE(lower_worlds); i++) {
        enum world w = lower_worlds[i];
        struct who el2 = { w, 2 }, el1 = { w, 1 };
        bool ok = true;

        run_at_set_hcr_extra(0);
        access_by(el2, ACC_READ, pa);
        ok &= expect_gpf_abort(2, false);
        ok &= EXPECT_EQ(exc_rec.far, pa);
        access_by(el1, ACC_WRITE, pa);
        ok &= expect_gpf_abort(1, false);
        ok &= EXPECT_EQ(exc_rec.esr & ISS_WNR, ISS_WNR);
        ok &= EXPECT_EQ(exc_rec.far, pa);
        run_at_set_hcr_extra(HCR_GPF);
        access_by(el1, ACC_READ, pa);
        ok &= expect_gpf_abort(2, false);
        ok &= EXPECT_EQ(exc_rec.from_el, 1);
        ok &= EXPECT_EQ(exc_rec.far, pa);
        if (!ok) {
            printf("    (%s)\n", world_name(w));
        }
    }
}

/*
 * SCR_EL3.GPF = 1 takes priority over HCR_EL2.GPF: "GPF at EL2, EL1, or
 * EL0 when SCR_EL3.GPF is 1 -> GPC exception" (R_PYTGX); GPC exceptions
 * are taken to EL3 (R_FXMGJ).
 */
TEST(report_scr_gpf_overrides_hcr_gpf)
{
    uintptr_t pa = setup_root_granule(2);
    struct who r = { WORLD_NONSECURE, 1 };

    run_at_set_scr_extra(SCR_GPF);
    run_at_set_hcr_extra(HCR_GPF);
    access_by(r, ACC_READ, pa);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.from_el, 1);
    }
}

/*
 * A GPF Data Abort (SCR_EL3.GPF = 0) has the syndrome of a Data Abort
 * (D24.2.45/46 ESR_ELx): EC 0x25 for the same EL, IL = 1, DFSC 0b101000;
 * a GPC exception is not used, so EL3 sees nothing.  Instruction Abort
 * likewise with IFSC 0b101000 from a fetch at EL2.
 */
TEST(report_gpf_abort_syndrome)
{
    uintptr_t pg = setup_root_granule(3);
    struct who el2 = { WORLD_REALM, 2 };

    access_by(el2, ACC_READ, pg + 0x8);
    if (expect_gpf_abort(2, false)) {
        EXPECT_EQ(exc_rec.esr & ESR_IL, ESR_IL);
        EXPECT_EQ(exc_rec.esr & ISS_WNR, 0);
        EXPECT_EQ(exc_rec.elr, (uintptr_t)probe_read64);
    }
    access_by(el2, ACC_FETCH, pg + 0x800);
    if (expect_gpf_abort(2, true)) {
        EXPECT_EQ(exc_rec.far, pg + 0x800);
    }
}
