/*
 * worlds.c - Security states and the PA spaces they reach.  Arm ARM
 * DDI0487 D24.2.169 SCR_EL3.{NSE,NS}, D8.1 Table D8-1 (R_FVYPX: which PA
 * spaces each Security state can output to), D8.4.6 "Controlling memory
 * access Security state" (R_XTYPW EL3 {NSE,NS}, R_LXLSC Realm EL2 NS,
 * R_KZLVM Secure NS, R_VZYQL Non-secure), D8.3 stage 2 descriptor bit 55
 * (NS, Realm state), D8.4.4 instruction fetch restrictions (R_ZWRVD,
 * R_YBDFF, R_PKTDS, R_YMCSL), D1.4.4.2 illegal exception returns.
 *
 * The PA space of an access is observed through the GPT: four granules
 * whose GPIs each permit exactly one PA space (Secure, Non-secure, Root,
 * Realm); an access passes only for the granule of its PA space, and a
 * GPC exception's MFAR_EL3.{NSE,NS} names the PA space it used.
 */
#include "common.h"
#include "mmu.h"

enum { P_SECURE, P_NONSECURE, P_ROOT, P_REALM, P_COUNT };

static const unsigned int p_gpi[P_COUNT] = {
    GPI_SECURE, GPI_NONSECURE, GPI_ROOT, GPI_REALM,
};
static const char *const p_name[P_COUNT] = {
    "Secure", "Non-secure", "Root", "Realm",
};
static const uint64_t p_mfar[P_COUNT] = {
    0, MFAR_NS, MFAR_NSE, MFAR_NSE | MFAR_NS,
};

/* Granule with GPI of PA space p. */
static uintptr_t p_page(unsigned int p)
{
    return scratch_page(100 + p);
}

/* GPT with the four single-PA-space granules, GPC on. */
static void setup_pas_pages(void)
{
    ASSERT_TRUE(gpt_init());
    for (unsigned int p = 0; p < P_COUNT; p++) {
        *(volatile uint64_t *)p_page(p) = 0x1000 + p;
        gpt_set_gpi(p_page(p), p_gpi[p]);
    }
    gpc_enable();
}

/*
 * R_XTYPW (Table D8-88): the EL3 stage 1 Block/Page descriptor's
 * {NSE, NS} select the output PA space: {0,0} Secure (FEAT_SEL2),
 * {0,1} Non-secure, {1,0} Root, {1,1} Realm.  EL3 maps each of the four
 * granules with each encoding: a read passes exactly when the encoding's
 * PA space is the granule's (else a GPF: Data Abort at EL3), and returns
 * the data written at the PA.  Root state reaches all four (Table D8-1).
 */
TEST(worlds_el3_nse_ns_select_pas)
{
    static const unsigned int enc[P_COUNT] = {
        MMU_PAS_SECURE, MMU_PAS_NONSECURE, MMU_PAS_ROOT, MMU_PAS_REALM,
    };
    uint64_t got[P_COUNT][P_COUNT];
    bool exc[P_COUNT][P_COUNT], exc_ok[P_COUNT][P_COUNT];
    struct mmu m;

    setup_pas_pages();
    mmu_init(&m, MMU_EL3);
    for (unsigned int e = 0; e < P_COUNT; e++) {
        for (unsigned int p = 0; p < P_COUNT; p++) {
            mmu_map(&m, MMU_TEST_VA + (e * P_COUNT + p) * 0x1000UL,
                    p_page(p), enc[e] | MMU_XN);
        }
    }
    mmu_el3_on(&m);
    for (unsigned int e = 0; e < P_COUNT; e++) {
        for (unsigned int p = 0; p < P_COUNT; p++) {
            uint64_t va = MMU_TEST_VA + (e * P_COUNT + p) * 0x1000UL;

            expect_exception();
            got[e][p] = probe_read64(va);
            exc[e][p] = exception_taken();
            exc_ok[e][p] = exc_rec.el == 3 &&
                           ESR_EC(exc_rec.esr) == EC_DABT_CUR &&
                           (exc_rec.esr & FSC_MASK) == FSC_GPF;
        }
    }
    mmu_el3_off();
    for (unsigned int e = 0; e < P_COUNT; e++) {
        for (unsigned int p = 0; p < P_COUNT; p++) {
            bool ok = true;


            if (e == p) {
                ok &= EXPECT_FALSE(exc[e][p]);
                ok &= EXPECT_EQ(got[e][p], 0x1000 + p);
            } else {
                ok &= EXPECT_TRUE(exc[e][p] && exc_ok[e][p]);
            }
            if (!ok) {
                printf("    (EL3 descriptor for the %s PA space, %s "
                       "granule)\n", p_name[e], p_name[p]);
            }
        }
    }
}

/*
 * Fetch at EL3 from a PA space other than Root: "During execution at
 * EL3, if FEAT_RME is implemented, then any attempt to execute an
 * instruction fetched from" another PA space "generates a Permission
 * fault" (D8.4.4.2 R_ZWRVD; R_YBDFF: PrivExecute removed when the stage 1
 * OA of Root state is not in the Root PA space).  EL3 executes a RET
 * mapped through each PA space (GPI All access, so the GPC passes):
 * Instruction Abort at EL3 with IFSC Permission fault level 3 for
 * Secure, Non-secure and Realm; the Root mapping executes.
 */
TEST(worlds_el3_fetch_only_from_root_pas)
{
    static const unsigned int enc[P_COUNT] = {
        MMU_PAS_SECURE, MMU_PAS_NONSECURE, MMU_PAS_ROOT, MMU_PAS_REALM,
    };
    static const struct who el3 = { WORLD_ROOT, 3 };
    uintptr_t pg = scratch_page(104);
    uint64_t esr[P_COUNT];
    bool taken[P_COUNT];
    struct mmu m;

    plant_ret(pg);
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL3);
    for (unsigned int e = 0; e < P_COUNT; e++) {
        mmu_map(&m, MMU_TEST_VA + e * 0x1000UL, pg, enc[e]);
    }
    gpc_enable();
    mmu_el3_on(&m);
    for (unsigned int e = 0; e < P_COUNT; e++) {
        taken[e] = access_by(el3, ACC_FETCH, MMU_TEST_VA + e * 0x1000UL);
        esr[e] = exc_rec.esr;
    }
    mmu_el3_off();
    for (unsigned int e = 0; e < P_COUNT; e++) {
        bool ok = true;

        if (e == P_ROOT) {
            ok &= EXPECT_FALSE(taken[e]);
        } else {
            ok &= EXPECT_TRUE(taken[e]);
            ok &= EXPECT_EQ(ESR_EC(esr[e]), EC_IABT_CUR);
            ok &= EXPECT_EQ(esr[e] & FSC_MASK, FSC_PERM(3));
        }
        if (!ok) {
            printf("    (EL3 fetch through the %s PA space)\n", p_name[e]);
        }
    }
}

/*
 * Read the four granules through a stage 1 (and/or stage 2) mapping at
 * (w, el); the mapping's PA space is want_p.  The granule of want_p reads
 * its data; the others are GPC exceptions whose MFAR_EL3 names want_p.
 */
static void check_pas_reads(enum world w, unsigned int el,
                            const struct mmu *s1, const struct mmu *s2,
                            unsigned int want_p, const char *what)
{
    for (unsigned int p = 0; p < P_COUNT; p++) {
        uint64_t va = MMU_TEST_VA + p * 0x1000UL;
        uint64_t v;
        bool ok = true;

        expect_exception();
        v = mmu_run_at(w, el, s1, s2, lower_read, va);
        exception_taken();
        if (p == want_p) {
            ok &= expect_none();
            ok &= EXPECT_EQ(v, 0x1000 + p);
        } else {
            ok &= expect_gpc(GPCSC_GPF_L1);
            ok &= EXPECT_EQ(exc_rec.mfar & (MFAR_NSE | MFAR_NS),
                            p_mfar[want_p]);
        }
        if (!ok) {
            printf("    (%s EL%u, %s, %s granule)\n", world_name(w), el,
                   what, p_name[p]);
        }
    }
}

/* A stage 1 (regime r) or stage 2 map of the four granules, attrs. */
static void map_pas_pages(struct mmu *m, enum mmu_regime r,
                          unsigned int attrs)
{
    mmu_init(m, r);
    for (unsigned int p = 0; p < P_COUNT; p++) {
        mmu_map(m, MMU_TEST_VA + p * 0x1000UL, p_page(p), attrs);
    }
}

/*
 * R_KZLVM: in a Secure translation regime the Block/Page descriptor's NS
 * selects the Secure (0) or Non-secure (1) PA space.  Secure EL1 and
 * Secure EL2 read the four granules through NS = 0 and NS = 1 mappings.
 */
TEST(worlds_secure_ns_bit_selects_pas)
{
    struct mmu s0, s1, e0, e1;

    setup_pas_pages();
    map_pas_pages(&s0, MMU_EL1, 0);
    map_pas_pages(&s1, MMU_EL1, MMU_NS);
    map_pas_pages(&e0, MMU_EL2, 0);
    map_pas_pages(&e1, MMU_EL2, MMU_NS);
    run_at_set_scr_extra(SCR_GPF);
    check_pas_reads(WORLD_SECURE, 1, &s0, NULL, P_SECURE, "NS = 0");
    check_pas_reads(WORLD_SECURE, 1, &s1, NULL, P_NONSECURE, "NS = 1");
    check_pas_reads(WORLD_SECURE, 2, &e0, NULL, P_SECURE, "NS = 0");
    check_pas_reads(WORLD_SECURE, 2, &e1, NULL, P_NONSECURE, "NS = 1");
}

/*
 * R_LXLSC: Realm EL2 stage 1 - NS = 1 outputs to the Non-secure PA
 * space, NS = 0 to the Realm PA space.
 */
TEST(worlds_realm_el2_ns_bit_selects_pas)
{
    struct mmu r0, r1;

    setup_pas_pages();
    map_pas_pages(&r0, MMU_EL2, 0);
    map_pas_pages(&r1, MMU_EL2, MMU_NS);
    run_at_set_scr_extra(SCR_GPF);
    check_pas_reads(WORLD_REALM, 2, &r0, NULL, P_REALM, "NS = 0");
    check_pas_reads(WORLD_REALM, 2, &r1, NULL, P_NONSECURE, "NS = 1");
}

/*
 * Realm EL1&0 stage 2: descriptor bit 55 is NS in Realm state (D8.3
 * stage 2 Block/Page attributes): NS = 1 outputs to the Non-secure PA
 * space, NS = 0 to the Realm PA space.  Realm EL1 with stage 1 off (its
 * OA is a Realm IPA, I_TGPMX).
 */
TEST(worlds_realm_s2_ns_bit_selects_pas)
{
    struct mmu r0, r1;

    setup_pas_pages();
    map_pas_pages(&r0, MMU_S2, 0);
    map_pas_pages(&r1, MMU_S2, MMU_NS);
    run_at_set_scr_extra(SCR_GPF);
    check_pas_reads(WORLD_REALM, 1, NULL, &r0, P_REALM, "stage 2 NS = 0");
    check_pas_reads(WORLD_REALM, 1, NULL, &r1, P_NONSECURE, "stage 2 NS = 1");
}

/*
 * R_VZYQL: in a Non-secure translation regime the OA is always in the
 * Non-secure PA space (Table D8-1: Non-secure state reaches only it).
 * NS EL1 and EL2 with stage 1, and NS EL1 with stage 2.
 */
TEST(worlds_nonsecure_only_nonsecure_pas)
{
    struct mmu s1, s2, e2;

    setup_pas_pages();
    map_pas_pages(&s1, MMU_EL1, 0);
    map_pas_pages(&e2, MMU_EL2, 0);
    map_pas_pages(&s2, MMU_S2, 0);
    run_at_set_scr_extra(SCR_GPF);
    check_pas_reads(WORLD_NONSECURE, 1, &s1, NULL, P_NONSECURE, "stage 1");
    check_pas_reads(WORLD_NONSECURE, 2, &e2, NULL, P_NONSECURE, "stage 1");
    check_pas_reads(WORLD_NONSECURE, 1, NULL, &s2, P_NONSECURE, "stage 2");
}

/*
 * R_PKTDS: Realm EL2 executing an instruction fetched from a PA space
 * other than Realm gets a stage 1 Permission fault (Instruction Abort to
 * EL2, EC 0x21, IFSC Permission level 3), although the granule's GPI
 * permits the access.
 */
TEST(worlds_realm_el2_no_fetch_from_nonsecure_pas)
{
    uintptr_t pg = scratch_page(105);
    struct mmu m;

    plant_ret(pg);
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL2);
    mmu_map(&m, MMU_TEST_VA, pg, MMU_NS);
    mmu_map(&m, MMU_TEST_VA + 0x1000, pg, 0);
    gpc_enable();
    expect_exception();
    mmu_run_at(WORLD_REALM, 2, &m, NULL, lower_fetch, MMU_TEST_VA + 0x1000);
    EXPECT_FALSE(exception_taken());
    expect_exception();
    mmu_run_at(WORLD_REALM, 2, &m, NULL, lower_fetch, MMU_TEST_VA);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_IABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_PERM(3));
    EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
}

/*
 * R_YMCSL: Realm EL1 executing from a Non-secure PA (stage 2 NS = 1)
 * gets a stage 2 Permission fault: Instruction Abort taken to EL2 (EC
 * 0x20), IFSC Permission level 3, HPFAR_EL2 = IPA[51:12] in bits [43:4]
 * (D1.4 R_FKLWR).  The NS = 0 mapping of the same page executes.
 */
TEST(worlds_realm_s2_ns_no_execute)
{
    uintptr_t pg = scratch_page(106);
    uint64_t ipa = MMU_TEST_VA;
    struct mmu s2;

    plant_ret(pg);
    ASSERT_TRUE(gpt_init());
    mmu_init(&s2, MMU_S2);
    mmu_map(&s2, ipa, pg, MMU_NS);
    mmu_map(&s2, ipa + 0x1000, pg, 0);
    gpc_enable();
    expect_exception();
    mmu_run_at(WORLD_REALM, 1, NULL, &s2, lower_fetch, ipa + 0x1000);
    EXPECT_FALSE(exception_taken());
    expect_exception();
    mmu_run_at(WORLD_REALM, 1, NULL, &s2, lower_fetch, ipa);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(exc_rec.from_el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_IABT_LOW);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_PERM(3));
    EXPECT_EQ(exc_rec.hpfar, (ipa >> 12) << 4);
}

/* tests/insns.S */
uint64_t illegal_eret(uint64_t spsr);
extern char illegal_eret_target[];

/*
 * D1.4.4.2 "Illegal exception returns from AArch64 state": with FEAT_RME,
 * SCR_EL3.{NSE, NS} = {1, 0} (reserved, D24.2.169 SCR_EL3.NS) makes an
 * exception return from EL3 to a lower EL illegal: PSTATE.{EL, SP} are
 * unchanged, PSTATE.IL = 1 and the PC = ELR_EL3, where the next
 * instruction takes an Illegal Execution state exception (EC 0x0E) to
 * EL3, with ELR_EL3 = the target and SPSR_EL3.IL = 1, M = EL3h.  Both
 * for EL2h and EL1h as the target.
 */
TEST(worlds_eret_with_nse1_ns0_is_illegal)
{
    static const uint64_t targets[] = { SPSR_M_EL2H, SPSR_M_EL1H };
    uint64_t scr = read_sysreg(scr_el3);

    for (unsigned int i = 0; i < ARRAY_SIZE(targets); i++) {
        bool ok = true;

        write_sysreg(scr_el3, (scr & ~SCR_NS) | SCR_NSE);
        isb();
        expect_exception();
        illegal_eret(targets[i] | SPSR_DAIF);
        write_sysreg(scr_el3, scr);
        isb();
        ok &= EXPECT_TRUE(exception_taken());
        ok &= EXPECT_EQ(exc_rec.el, 3);
        ok &= EXPECT_EQ(exc_rec.from_el, 3);
        ok &= EXPECT_EQ(ESR_EC(exc_rec.esr), EC_ILLEGAL_STATE);
        ok &= EXPECT_EQ(exc_rec.elr, (uintptr_t)illegal_eret_target);
        ok &= EXPECT_EQ(exc_rec.spsr & SPSR_IL, SPSR_IL);
        ok &= EXPECT_EQ(exc_rec.spsr & 0xf, 0xd);           /* EL3h */
        if (!ok) {
            printf("    (ERET to M = 0x%lx)\n", targets[i]);
        }
    }
}
