/*
 * gpc.c - granule protection checks (FEAT_RME), the first conformance
 * tests built on the harness.  Arm ARM DDI0487 M.a chapter D9 "The
 * Granule Protection Check", D1.4.5.3 "Granule Protection Check faults",
 * D24.2.47 ESR_EL3 (ISS for a GPC exception), D24.2.136 MFAR_EL3.
 *
 * Each test builds the GPT of gpt-table.h, gives the granules of gpc_pages[]
 * the GPIs below and turns GPC on; the harness turns it off afterwards.
 */
#include "common.h"

enum page { PG_ROOT, PG_SECURE, PG_NONSECURE, PG_REALM, PG_ALL, PG_NONE,
            PG_COUNT };

static const unsigned int page_gpi[PG_COUNT] = {
    [PG_ROOT] = GPI_ROOT,           [PG_SECURE] = GPI_SECURE,
    [PG_NONSECURE] = GPI_NONSECURE, [PG_REALM] = GPI_REALM,
    [PG_ALL] = GPI_ALL,             [PG_NONE] = GPI_NO_ACCESS,
};

static const char *const page_name[PG_COUNT] = {
    "Root", "Secure", "Non-secure", "Realm", "All", "No access",
};

/* One granule per GPI; lives in the image, so inside the L1 region. */
static uint8_t gpc_pages[PG_COUNT][GPT_GRANULE]
    __attribute__((aligned(GPT_GRANULE)));

static uintptr_t page_pa(enum page p, unsigned int offset)
{
    return (uintptr_t)gpc_pages[p] + offset;
}

/* GPI values of the pages, GPC on.  Aborts the test on failure. */
static void gpc_setup(void)
{
    ASSERT_TRUE(gpt_init());
    for (unsigned int p = 0; p < PG_COUNT; p++) {
        gpt_set_gpi(page_pa(p, 0), page_gpi[p]);
    }
    gpc_enable();
}

/* Is an access in world w's PA space permitted by GPI gpi? (D9.6.5) */
static bool gpi_permits(unsigned int gpi, enum world w)
{
    return gpi == GPI_ALL || gpi == world_gpi(w);
}

/*
 * A Non-secure read of a granule whose GPI is Root fails the check at
 * level 1 (D9.4 R_DQPWS, R_HDDNW).  With SCR_EL3.GPF = 1 the GPF from EL2
 * is reported as a GPC exception (D1.4.5.3 R_PYTGX) taken to EL3
 * (R_FXMGJ), with (D24.2.47) EC 0x1E, GPCSC 0b001101 "GPF at level 1",
 * InD 0, WnR 0, xFSC 0b101000; FAR_EL3 holds the VA; MFAR_EL3 holds
 * PA[55:12] in FPA and the PA space in {NSE,NS} = {0,1} (D24.2.136).
 */
TEST(gpc_ns_read_of_root_granule_is_gpc_exception)
{
    uintptr_t pa = page_pa(PG_ROOT, 0x18);

    gpc_setup();
    run_at_set_scr_extra(SCR_GPF);

    expect_exception();
    run_at(WORLD_NONSECURE, 2, lower_read, pa);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 3);
    EXPECT_EQ(exc_rec.from_el, 2);
    EXPECT_EQ(exc_rec.world, WORLD_NONSECURE);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_GPC);
    EXPECT_EQ(GPC_ISS_GPCSC(exc_rec.esr), GPCSC_GPF_L1);
    EXPECT_EQ(exc_rec.esr & GPC_ISS_IND, 0);
    EXPECT_EQ(exc_rec.esr & GPC_ISS_WNR, 0);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
    EXPECT_EQ(exc_rec.far, pa);
    EXPECT_EQ(exc_rec.elr, (uintptr_t)probe_read64);
    EXPECT_EQ(exc_rec.mfar & MFAR_FPA_MASK, pa & MFAR_FPA_MASK);
    EXPECT_EQ(exc_rec.mfar & (MFAR_NSE | MFAR_NS), MFAR_NS);
}

/*
 * MFAR_EL3 bits [11:0] are RES0 for a GPC exception: the pseudocode
 * AArch64.ReportException (J1.1) clears faultaddr<11:0> when the
 * exception is Exception_GPC, and D24.2.136 lists bits [11:0] as RES0.
 * Checked with an access at a non-zero offset in the granule.
 */
TEST(gpc_mfar_low_bits_are_zero)
{
    gpc_setup();
    run_at_set_scr_extra(SCR_GPF);

    expect_exception();
    run_at(WORLD_REALM, 1, lower_read, page_pa(PG_SECURE, 0xa48));
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_GPC);
    EXPECT_EQ(exc_rec.mfar & 0xfff, 0);
}

/*
 * The full matrix of lower-EL worlds against GPIs, for reads and writes:
 * an access is permitted exactly when the GPI is "All access" or names
 * the world's own PA space (D9.6.5; with the MMU off the PA space is the
 * Security state's, D8.19 AArch64.S1DisabledOutput()).  Every denied access is a GPC exception at EL3
 * reporting that PA space in MFAR_EL3 and WnR for the direction.
 */
TEST(gpc_world_by_gpi_matrix)
{
    gpc_setup();
    run_at_set_scr_extra(SCR_GPF);

    for (unsigned int i = 0; i < 3; i++) {
        static const enum world worlds[] = {
            WORLD_SECURE, WORLD_NONSECURE, WORLD_REALM,
        };
        enum world w = worlds[i];

        for (unsigned int el = 2; el >= 1; el--) {
            for (unsigned int p = 0; p < PG_COUNT; p++) {
                for (unsigned int wr = 0; wr <= 1; wr++) {
                    uintptr_t pa = page_pa(p, 0x100);
                    bool allowed = gpi_permits(page_gpi[p], w);
                    bool ok = true;

                    expect_exception();
                    run_at(w, el, wr ? lower_write : lower_read, pa);
                    ok &= EXPECT_EQ(exception_taken(), !allowed);
                    if (!allowed && exc_rec.taken) {
                        ok &= EXPECT_EQ(exc_rec.el, 3);
                        ok &= EXPECT_EQ(ESR_EC(exc_rec.esr), EC_GPC);
                        ok &= EXPECT_EQ(GPC_ISS_GPCSC(exc_rec.esr),
                                        GPCSC_GPF_L1);
                        ok &= EXPECT_EQ(!!(exc_rec.esr & GPC_ISS_WNR), wr);
                        ok &= EXPECT_EQ(exc_rec.mfar & (MFAR_NSE | MFAR_NS),
                                        mfar_pas_bits(w));
                        ok &= EXPECT_EQ(exc_rec.mfar & MFAR_FPA_MASK,
                                        pa & MFAR_FPA_MASK);
                    }
                    if (!ok) {
                        printf("    (%s EL%u %s of the %s granule)\n",
                               world_name(w), el, wr ? "write" : "read",
                               page_name[p]);
                    }
                }
            }
        }
    }
}

/*
 * EL3 accesses the Root PA space (MMU off).  A GPF at EL3 is never a GPC
 * exception: it is reported as a Data Abort (D1.4.5.3 R_PYTGX, and
 * ReportAsGPCException() returns FALSE at EL3), taken to EL3 with EC 0x25
 * and DFSC 0b101000, even with SCR_EL3.GPF = 1.  Root and All-access
 * granules are readable.
 */
TEST(gpc_gpf_at_el3_is_data_abort)
{
    gpc_setup();
    write_sysreg(scr_el3, read_sysreg(scr_el3) | SCR_GPF);
    isb();

    for (unsigned int p = 0; p < PG_COUNT; p++) {
        uintptr_t pa = page_pa(p, 0x40);
        bool allowed = gpi_permits(page_gpi[p], WORLD_ROOT);
        bool ok = true;

        expect_exception();
        probe_read64(pa);
        ok &= EXPECT_EQ(exception_taken(), !allowed);
        if (!allowed && exc_rec.taken) {
            ok &= EXPECT_EQ(exc_rec.el, 3);
            ok &= EXPECT_EQ(exc_rec.from_el, 3);
            ok &= EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
            ok &= EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
            ok &= EXPECT_EQ(exc_rec.far, pa);
        }
        if (!ok) {
            printf("    (EL3 read of the %s granule)\n", page_name[p]);
        }
    }
}

/*
 * With SCR_EL3.GPF = 0 a GPF at EL2 or EL1 is a Data Abort (R_PYTGX).
 * R_FXMGJ: from EL2 it is taken to EL2; from EL1 to EL1 when
 * HCR_EL2.{TGE,GPF} = {0,0}, and to EL2 when HCR_EL2.GPF = 1.
 * DFSC = 0b101000 in every case.
 */
TEST(gpc_gpf_without_scr_gpf_is_data_abort)
{
    uintptr_t pa = page_pa(PG_REALM, 0x80);

    gpc_setup();

    expect_exception();
    run_at(WORLD_NONSECURE, 2, lower_read, pa);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
    EXPECT_EQ(exc_rec.far, pa);

    expect_exception();
    run_at(WORLD_NONSECURE, 1, lower_read, pa);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
    EXPECT_EQ(exc_rec.far, pa);

    run_at_set_hcr_extra(HCR_GPF);
    expect_exception();
    run_at(WORLD_NONSECURE, 1, lower_read, pa);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(exc_rec.from_el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_LOW);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF);
    EXPECT_EQ(exc_rec.far, pa);
}
