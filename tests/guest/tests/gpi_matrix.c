/*
 * gpi_matrix.c - every GPI value against every Security state and PA
 * space.  Arm ARM DDI0487 D9.6.5 "GPI field encoding in GPT descriptors"
 * (R_GYQGW) and the pseudocode GPICheck()/GPIValid(); D9.4 R_DQPWS,
 * R_HDDNW (a denied access is a GPF at the level of the entry), R_KYZMZ
 * and R_XNKFZ (a reserved GPI makes the entry invalid: GPT walk fault).
 *
 * Requesters: Secure, Non-secure and Realm EL2 and EL1, and Root (EL3),
 * with translation off, so each accesses its own PA space (D8.2.12.1,
 * AArch64.S1DisabledOutput()); then, with stage 1/2 tables, the PA
 * spaces Table D8-1 (R_FVYPX) lets each Security state reach, for the
 * Non-secure-only GPI.
 * Accesses: data read, data write and instruction fetch.  SCR_EL3.GPF = 1:
 * a denied lower-EL access is a GPC exception, a denied EL3 access an
 * Instruction or Data Abort at EL3 (D1.4.5.3 R_PYTGX).
 */
#include "common.h"
#include "mmu.h"

enum outcome { PASS, GPF, WALK };

static const char *const outcome_name[] = { "pass", "GPF", "walk fault" };

/*
 * GPIValid() for this PE, with GPCCR_EL3.NSO = nso and GPCCR_EL3.{SA, NSP,
 * NA6, NA7} = 0 (FEAT_RME_GDI's GPIs are tested in gdi.c).
 */
static bool gpi_valid(unsigned int gpi, bool nso)
{
    switch (gpi) {
    case GPI_NO_ACCESS:
    case GPI_NONSECURE:
    case GPI_ROOT:
    case GPI_REALM:
    case GPI_ALL:
        return true;
    case GPI_SECURE:
        return cpu_has_sel2();
    case GPI_NSO:
        return nso;
    default:
        return false;
    }
}

/* GPICheck(): PA space pas, requester Security state ss. */
static bool gpi_permits(unsigned int gpi, enum world pas, enum world ss)
{
    switch (gpi) {
    case GPI_ALL:
        return true;
    case GPI_NSO:
        return pas == WORLD_NONSECURE &&
               (ss == WORLD_NONSECURE || ss == WORLD_ROOT);
    case GPI_SECURE:
    case GPI_NONSECURE:
    case GPI_ROOT:
    case GPI_REALM:
        return world_gpi(pas) == gpi;
    default:
        return false;
    }
}

/*
 * Does exc_rec match the expected outcome of access a to addr by r
 * (translation off)?  level is the GPT level of the entry.  Silent.
 */
static bool outcome_ok(struct who r, enum acc a, uint64_t addr,
                       enum outcome want, unsigned int level)
{
    uint64_t esr = exc_rec.esr;

    if (want == PASS) {
        return !exc_rec.taken;
    }
    if (want == WALK) {
        return is_gpc(level ? GPCSC_WALK_L1 : GPCSC_WALK_L0) &&
               exc_rec.from_el == r.el;
    }
    if (r.el == 3) {
        return exc_rec.taken && exc_rec.el == 3 &&
               ESR_EC(esr) == (a == ACC_FETCH ? EC_IABT_CUR : EC_DABT_CUR) &&
               (esr & FSC_MASK) == FSC_GPF && exc_rec.far == addr;
    }
    return is_gpc(level ? GPCSC_GPF_L1 : GPCSC_GPF_L0) &&
           !!(esr & GPC_ISS_IND) == (a == ACC_FETCH) &&
           (a == ACC_FETCH || !!(esr & GPC_ISS_WNR) == (a == ACC_WRITE)) &&
           (esr & FSC_MASK) == FSC_GPF && exc_rec.far == addr &&
           exc_rec.mfar == ((addr & MFAR_FPA_MASK) | mfar_pas_bits(r.w));
}

/*
 * One granule with GPI gpi (level 1 Granules descriptor), GPCCR_EL3 extra
 * bits extra; every requester reads, writes and fetches from it.  Each
 * mismatch is one line; the test fails if there is any.
 */
static void check_gpi(unsigned int gpi, uint64_t extra)
{
    bool nso = extra & GPCCR_NSO;
    uintptr_t pg = scratch_page(20);
    unsigned int bad = 0;

    if ((extra & GPCCR_NSO) && !have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (GPCCR_EL3.NSO is RES0)");
    }
    plant_ret(pg + 0x800);
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, gpi);
    gpc_enable_extra(extra);
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(all_requesters); i++) {
        struct who r = all_requesters[i];

        for (unsigned int a = ACC_READ; a <= ACC_FETCH; a++) {
            uint64_t addr = pg + (a == ACC_FETCH ? 0x800 : 0x100);
            enum outcome want = !gpi_valid(gpi, nso) ? WALK :
                                gpi_permits(gpi, r.w, r.w) ? PASS : GPF;

            access_by(r, a, addr);
            if (!outcome_ok(r, a, addr, want, 1)) {
                bad++;
                printf("    GPI 0x%x, %s EL%u %s: expected %s, got ", gpi,
                       world_name(r.w), r.el, acc_name(a),
                       outcome_name[want]);
                if (exc_rec.taken) {
                    printf("EL%u ESR 0x%lx MFAR 0x%lx\n", exc_rec.el,
                           exc_rec.esr, exc_rec.mfar);
                } else {
                    printf("no exception\n");
                }
            }
        }
    }
    if (bad) {
        test_fail(__FILE__, __LINE__, "GPI 0x%x: %u of %u accesses wrong",
                  gpi, bad, (unsigned int)ARRAY_SIZE(all_requesters) * 3);
    }
}

/* GPI 0b0000: "No accesses permitted". */
TEST(gpi_no_access_denies_every_pas)
{
    check_gpi(GPI_NO_ACCESS, 0);
}

/* GPI 0b1000: "Accesses permitted to Secure PA space only" (FEAT_SEL2). */
TEST(gpi_secure_permits_only_secure_pas)
{
    check_gpi(GPI_SECURE, 0);
}

/* GPI 0b1001: "Accesses permitted to Non-secure PA space only". */
TEST(gpi_nonsecure_permits_only_nonsecure_pas)
{
    check_gpi(GPI_NONSECURE, 0);
}

/* GPI 0b1010: "Accesses permitted to Root PA space only". */
TEST(gpi_root_permits_only_root_pas)
{
    check_gpi(GPI_ROOT, 0);
}

/* GPI 0b1011: "Accesses permitted to Realm PA space only". */
TEST(gpi_realm_permits_only_realm_pas)
{
    check_gpi(GPI_REALM, 0);
}

/* GPI 0b1111: "All accesses permitted". */
TEST(gpi_all_permits_every_pas)
{
    check_gpi(GPI_ALL, 0);
}

/*
 * GPI 0b1101 is reserved when the Effective value of GPCCR_EL3.NSO is 0
 * (D9.6.5): the Granules descriptor is invalid, a GPT walk fault at level
 * 1 from every requester, EL3 included (GPT walk faults are always GPC
 * exceptions, R_PYTGX).
 */
TEST(gpi_nso_reserved_without_gpccr_nso)
{
    check_gpi(GPI_NSO, 0);
}

/*
 * GPI 0b1101 with GPCCR_EL3.NSO = 1 (FEAT_RME_GPC2): "Accesses permitted
 * to Non-secure PA space only, by Non-secure or Root Security states".
 * With translation off only Non-secure EL2/EL1 access the Non-secure PA
 * space: they pass, everyone else gets a GPF.
 */
TEST(gpi_nso_permits_nonsecure_state)
{
    check_gpi(GPI_NSO, GPCCR_NSO);
}

/*
 * Every other encoding is reserved for this PE (D9.6.5; 0b0100-0b0111
 * need GPCCR_EL3.{SA,NSP,NA6,NA7}, which are RES0 without FEAT_RME_GDI):
 * GPT walk fault at level 1 for every requester.
 */
TEST(gpi_reserved_encodings_walk_fault)
{
    static const unsigned int reserved[] = { 0x1, 0x2, 0x3, 0x4, 0x5, 0x6,
                                             0x7, 0xc, 0xe };

    for (unsigned int i = 0; i < ARRAY_SIZE(reserved); i++) {
        check_gpi(reserved[i], 0);
        gpc_disable();
    }
}

/*
 * The same matrix for a GPI held in a level 0 Block descriptor: a denied
 * access is a GPF at level 0 (R_HDDNW, GPCSC 0b001100) and a reserved GPI
 * a GPT walk fault at level 0.  Data reads only (the region has no
 * memory: a read that passes may get an External abort, which is not a
 * GPC fault).  EL3 (Root) reads too.
 */
TEST(gpi_l0_block_every_encoding)
{
    uint64_t r0 = l0_test_layout();
    uint64_t *d = gpt_l0_desc(r0);
    unsigned int bad = 0;

    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int gpi = 0; gpi < 16; gpi++) {
        gpt_write(d, GPT_L0_BLOCK(gpi));
        for (unsigned int i = 0; i < ARRAY_SIZE(all_requesters); i++) {
            struct who r = all_requesters[i];
            enum outcome want = !gpi_valid(gpi, false) ? WALK :
                                gpi_permits(gpi, r.w, r.w) ? PASS : GPF;
            bool ok;

            access_by(r, ACC_READ, r0 + 0x2000);
            switch (want) {
            case PASS:
                ok = !exc_is_gpc_fault();
                break;
            case WALK:
                ok = is_gpc(GPCSC_WALK_L0);
                break;
            default:
                ok = r.el == 3 ? (exc_rec.taken && exc_rec.el == 3 &&
                                  ESR_EC(exc_rec.esr) == EC_DABT_CUR &&
                                  (exc_rec.esr & FSC_MASK) == FSC_GPF)
                               : is_gpc(GPCSC_GPF_L0);
                break;
            }
            if (!ok && bad++ < 8) {
                printf("    Block GPI 0x%x, %s EL%u read: expected %s, got "
                       "%s ESR 0x%lx\n", gpi, world_name(r.w), r.el,
                       outcome_name[want], exc_rec.taken ? "exception" :
                       "no exception", exc_rec.esr);
            }
        }
    }
    EXPECT_EQ(bad, 0);
}

/* Tables for gpi_nso_*: page pg reached in the Non-secure PA space. */
struct nso_maps {
    struct mmu s1, s1el2, s2, el3;
};

static void nso_setup(struct nso_maps *m, uintptr_t pg)
{
    if (!have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (GPCCR_EL3.NSO is RES0)");
    }
    ASSERT_TRUE(gpt_init());
    mmu_init(&m->s1, MMU_EL1);
    mmu_map(&m->s1, MMU_TEST_VA, pg, MMU_NS);
    mmu_init(&m->s1el2, MMU_EL2);
    mmu_map(&m->s1el2, MMU_TEST_VA, pg, MMU_NS);
    mmu_init(&m->s2, MMU_S2);
    mmu_map(&m->s2, MMU_TEST_VA, pg, MMU_NS);
    mmu_init(&m->el3, MMU_EL3);
    mmu_map(&m->el3, MMU_TEST_VA, pg, MMU_PAS_NONSECURE | MMU_XN);
    gpt_set_gpi(pg, GPI_NSO);
    gpc_enable_extra(GPCCR_NSO);
}

/*
 * The Non-secure-only GPI checks the requester's Security state, not only
 * the PA space (GPICheck(); D9.6.5 I_LJQWQ).  Accesses to the Non-secure
 * PA space through translation tables (Table D8-1, R_FVYPX), SCR_EL3.GPF
 * = 0: from Secure EL1 with a stage 1 NS = 1 page (R_KZLVM), from Realm
 * EL2 with NS = 1 (R_LXLSC) and from Realm EL1 through a stage 2 NS = 1
 * page - denied, a GPF Data Abort at the EL of the access (R_FXMGJ); from
 * Non-secure EL1 and from EL3 with {NSE,NS} = {0,1} (R_XTYPW) -
 * permitted.
 */
TEST(gpi_nso_checks_requester_security_state)
{
    uintptr_t pg = scratch_page(21);
    struct nso_maps m;

    nso_setup(&m, pg);
    mmu_run_at_expecting(WORLD_SECURE, 1, &m.s1, NULL, lower_read, MMU_TEST_VA);
    if (!expect_gpf_abort(1, false)) {
        printf("    (Secure EL1, stage 1 NS = 1)\n");
    }
    mmu_run_at_expecting(WORLD_REALM, 2, &m.s1el2, NULL,
                         lower_read, MMU_TEST_VA);
    if (!expect_gpf_abort(2, false)) {
        printf("    (Realm EL2, stage 1 NS = 1)\n");
    }
    mmu_run_at_expecting(WORLD_REALM, 1, NULL, &m.s2, lower_read, MMU_TEST_VA);
    if (!expect_gpf_abort(1, false)) {
        printf("    (Realm EL1, stage 2 NS = 1)\n");
    }
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &m.s1, NULL,
                         lower_read, MMU_TEST_VA);
    if (!expect_none()) {
        printf("    (Non-secure EL1)\n");
    }
    mmu_el3_on(&m.el3);
    expect_exception();
    probe_read64(MMU_TEST_VA);
    exception_taken();
    mmu_el3_off();
    if (!expect_none()) {
        printf("    (EL3, {NSE,NS} = {0,1})\n");
    }
}

/*
 * The same through two stages: Secure EL1 with a stage 1 NS = 1 page (a
 * Non-secure IPA, R_KZLVM) and stage 2 mapping it to the Non-secure PA
 * space (VTCR_EL2.NSA = 1).  The requester is still in Secure state, so
 * the Non-secure-only granule is denied (GPICheck()): a GPF Data Abort at
 * EL1 (not a stage 2 walk access, HCR_EL2.GPF = 0; R_FXMGJ).  Non-secure
 * EL1 through the same two stages reads it.
 */
TEST(gpi_nso_secure_two_stage_requester_state)
{
    uintptr_t pg = scratch_page(24);
    struct mmu s1, s2;

    if (!have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (GPCCR_EL3.NSO is RES0)");
    }
    if (!cpu_has_sel2()) {
        SKIP("FEAT_SEL2 not implemented: no Secure stage 2");
    }
    ASSERT_TRUE(gpt_init());
    mmu_init(&s1, MMU_EL1);
    mmu_map(&s1, MMU_TEST_VA, MMU_TEST_VA + 0x100000, MMU_NS);
    mmu_init(&s2, MMU_S2);
    mmu_map(&s2, MMU_TEST_VA + 0x100000, pg, 0);
    gpt_set_gpi(pg, GPI_NSO);
    gpc_enable_extra(GPCCR_NSO);
    mmu_run_at_expecting(WORLD_NONSECURE, 1, &s1, &s2, lower_read, MMU_TEST_VA);
    if (!expect_none()) {
        printf("    (Non-secure EL1, two stages)\n");
    }
    mmu_run_at_expecting(WORLD_SECURE, 1, &s1, &s2, lower_read, MMU_TEST_VA);
    if (expect_gpf_abort(1, false)) {
        EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
    } else {
        printf("    (Secure EL1, two stages)\n");
    }
}

/*
 * A GPF from the Non-secure-only GPI is an ordinary GPF (GPICheck() ->
 * GPCFault(GPCF_Fail, level)): with SCR_EL3.GPF = 1 a GPC exception to
 * EL3 (R_PYTGX) with GPCSC 0b001101 and MFAR_EL3 = the PA in the
 * Non-secure PA space; with HCR_EL2.GPF = 1 (and SCR_EL3.GPF = 0) a Data
 * Abort routed to EL2 (R_FXMGJ).  Secure EL1 through a stage 1 NS = 1
 * page.
 */
TEST(gpi_nso_gpf_reporting)
{
    uintptr_t pg = scratch_page(23);
    struct nso_maps m;

    nso_setup(&m, pg);
    run_at_set_scr_extra(SCR_GPF);
    mmu_run_at_expecting(WORLD_SECURE, 1, &m.s1, NULL,
                         lower_read, MMU_TEST_VA + 0x10);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.mfar, pg | MFAR_NS);
        EXPECT_EQ(exc_rec.far, MMU_TEST_VA + 0x10);
    }
    run_at_set_scr_extra(0);
    run_at_set_hcr_extra(HCR_GPF);
    mmu_run_at_expecting(WORLD_SECURE, 1, &m.s1, NULL, lower_read, MMU_TEST_VA);
    if (expect_gpf_abort(2, false)) {
        EXPECT_EQ(exc_rec.from_el, 1);
    }
}

/*
 * The requester of a translation table walk is the PE in its Security
 * state: a Secure EL1 stage 1 walk that reads a table in the Non-secure
 * PA space (NSTable = 1, D8.4.6.1) from a granule with the Non-secure-only
 * GPI is denied (GPICheck() with ss = Secure): a GPF on the walk, GPC
 * exception with GPCSC 0b001101 and xFSC "GPF on translation table walk,
 * level 1" (0b100101), MFAR_EL3 naming the Non-secure PA space.  The
 * same tables walked by Non-secure EL1 (for which NSTable is RES0 and all
 * lookups are Non-secure, R_VZYQL) pass.  TTBR1 (walk from level 0), so
 * the Non-secure table is the level 1 one.
 */
TEST(gpi_nso_secure_walk_in_nonsecure_pas_gpf)
{
    uintptr_t pg = scratch_page(22);
    uint64_t va = MMU_TTBR1_VA + 0x7000;
    struct mmu sec, ns;

    if (!have_gpc2()) {
        SKIP("FEAT_RME_GPC2 not implemented (GPCCR_EL3.NSO is RES0)");
    }
    ASSERT_TRUE(gpt_init());
    mmu_init(&sec, MMU_EL1);
    mmu_map(&sec, va, pg, MMU_NSTABLE_AT(0));
    mmu_init(&ns, MMU_EL1);
    mmu_map(&ns, va, pg, 0);
    gpt_set_gpi(mmu_table_pa(&sec, va, 1), GPI_NSO);
    gpt_set_gpi(mmu_table_pa(&ns, va, 1), GPI_NSO);
    gpc_enable_extra(GPCCR_NSO);
    run_at_set_scr_extra(SCR_GPF);

    mmu_run_at_expecting(WORLD_NONSECURE, 1, &ns, NULL, lower_read, va);
    if (!expect_none()) {
        printf("    (Non-secure EL1 walk)\n");
    }

    mmu_run_at_expecting(WORLD_SECURE, 1, &sec, NULL, lower_read, va);
    if (expect_gpc(GPCSC_GPF_L1)) {
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_GPF_WALK(1));
        EXPECT_EQ(exc_rec.mfar & (MFAR_NSE | MFAR_NS), MFAR_NS);
        EXPECT_EQ(exc_rec.mfar & MFAR_FPA_MASK, mmu_table_pa(&sec, va, 1));
        EXPECT_EQ(exc_rec.far, va);
    } else {
        printf("    (Secure EL1 walk)\n");
    }
}
