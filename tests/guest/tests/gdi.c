/*
 * gdi.c - FEAT_RME_GDI (ID_AA64MMFR4_EL1.RMEGDI != 0): the GPI encodings
 * 0b0100 SA (System Agent), 0b0101 NSP (Non-secure Protected), 0b0110 NA6
 * and 0b0111 NA7 (no access), their enables GPCCR_EL3.{SA, NSP, NA6, NA7}
 * (bits 25-28), and the check of level 1 GPT entries in pairs.  Arm ARM
 * DDI0487 M.a.a D9.6.5 "GPI field encoding in GPT descriptors" (R_GYQGW),
 * D24.2.56 GPCCR_EL3, D9.6 I_VRKNJ ("If FEAT_RME_GDI is implemented, the
 * check of validity on level 1 GPT entries is performed on pairs of
 * entries"), D9.6 R_XNKFZ and R_KYZMZ (an invalid entry is a GPT walk
 * fault at its level), R_HDDNW (a denied access is a GPF at the level of
 * the entry), R_PYTGX (how each is reported).
 *
 * SA and NSP permit accesses to the System Agent and Non-secure Protected
 * PA spaces only, which no PE Security state uses (R_QCLPT); NA6 and NA7
 * permit nothing.  So for a PE every one of them, when enabled, denies
 * every access - read, write, fetch, in every PA space, from every
 * requester - with a GPF; when its enable is 0 the encoding is reserved
 * and a descriptor holding it is invalid (GPT walk fault).
 *
 * Descriptors: a level 0 Block (the level 0 region above the level 1
 * region, nothing of the harness there; faults at level 0), a level 1
 * 2MB Contiguous range and a level 1 Granules descriptor (scratch RAM;
 * faults at level 1).  SCR_EL3.GPF = 1: a GPF from a lower EL is a GPC
 * exception, from EL3 an Instruction/Data Abort at EL3; a GPT walk fault
 * is a GPC exception from every EL.
 */
#include "common.h"
#include "mmu.h"

static const struct who ns_el1 = { WORLD_NONSECURE, 1 };
static const struct who realm_el1 = { WORLD_REALM, 1 };
static const struct who root_el3 = { WORLD_ROOT, 3 };

static const struct gdi_gpi {
    unsigned int gpi;
    uint64_t enable;
    const char *name;
} gdi_gpis[] = {
    { GPI_SA, GPCCR_SA, "SA" },   { GPI_NSP, GPCCR_NSP, "NSP" },
    { GPI_NA6, GPCCR_NA6, "NA6" }, { GPI_NA7, GPCCR_NA7, "NA7" },
};
#define GDI_ENABLES     (GPCCR_SA | GPCCR_NSP | GPCCR_NA6 | GPCCR_NA7)

static void need_gdi(void)
{
    if (!have_gdi()) {
        SKIP("FEAT_RME_GDI not implemented (ID_AA64MMFR4_EL1.RMEGDI = 0)");
    }
}

/* The descriptor kinds a GPI is tested in. */
enum kind { K_BLOCK, K_CONTIG, K_GRANULES, K_COUNT };
static const char *const kind_name[] = { "Block", "Contiguous", "Granules" };

/* 2MB Contiguous range (2MB aligned) and the Granules scratch page. */
#define CONTIG_BASE     ((uintptr_t)BOARD_SCRATCH_BASE + 0x4000000UL)
#define CONTIG_SIZE     0x200000UL
#define GRANULE_PG      scratch_page(200)

/*
 * Build a GPT with a level 0 region outside the harness, as
 * l0_test_layout() does, and return that region's PA; without one (no
 * PPS above L0GPTSZ within PARange) the default GPT and 0: the Block
 * kind is then not tested.
 */
static uint64_t layout(void)
{
    uint64_t r = l0_find_layout();

    if (r) {
        return r;
    }
    ASSERT_TRUE(gpt_init());
    printf("    (no level 0 region outside the harness: Block not tested)\n");
    return 0;
}

/* Access address of a kind (fetches at + 0x800), and its GPT level. */
static uint64_t kind_addr(enum kind k, uint64_t r0, enum acc a)
{
    uint64_t off = a == ACC_FETCH ? 0x800 : 0x100;

    switch (k) {
    case K_BLOCK:
        return r0 + 0x2000 + off;
    case K_CONTIG:
        return CONTIG_BASE + 0x10000 + off;
    default:
        return GRANULE_PG + off;
    }
}

static unsigned int kind_level(enum kind k)
{
    return k == K_BLOCK ? 0 : 1;
}

/* Give the kind's descriptor GPI gpi (TLBI PAALL). */
static void set_kind(enum kind k, uint64_t r0, unsigned int gpi)
{
    switch (k) {
    case K_BLOCK:
        gpt_write(gpt_l0_desc(r0), GPT_L0_BLOCK(gpi));
        break;
    case K_CONTIG:
        for (uint64_t off = 0; off < CONTIG_SIZE; off += 1UL << 16) {
            *gpt_l1_desc(CONTIG_BASE + off) =
                gpi == GPI_ALL ? GPT_L1_GRANULES(GPI_ALL)
                               : GPT_L1_CONTIG(gpi, GPT_CONTIG_2MB);
        }
        dsb_sy();
        tlbi_paall();
        break;
    default:
        gpt_set_gpi(GRANULE_PG, gpi);
        break;
    }
}

/* Executable RET at the fetch addresses in RAM (before GPC is on). */
static void plant_rets(void)
{
    plant_ret(kind_addr(K_CONTIG, 0, ACC_FETCH));
    plant_ret(kind_addr(K_GRANULES, 0, ACC_FETCH));
}

/*
 * Every requester reads, writes and fetches the granule of each kind
 * holding GPI gpi; expect a GPF (denied) or a GPT walk fault (reserved)
 * at the kind's level.  GPCCR_EL3 extra bits: extra.  Returns the number
 * of mismatches (each printed, the first few).
 */
static unsigned int check_gpi_kinds(unsigned int gpi, uint64_t extra,
                                    bool valid, const enum acc *accs,
                                    unsigned int naccs)
{
    uint64_t r0 = layout();
    unsigned int bad = 0;

    plant_rets();
    gpc_enable_extra(extra);
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int k = 0; k < K_COUNT; k++) {
        if (k == K_BLOCK && !r0) {
            continue;
        }
        set_kind(k, r0, gpi);
        for (unsigned int i = 0; i < ARRAY_SIZE(all_requesters); i++) {
            struct who r = all_requesters[i];

            for (unsigned int n = 0; n < naccs; n++) {
                enum acc a = accs[n];
                uint64_t addr = kind_addr(k, r0, a);
                bool ok;

                access_by(r, a, addr);
                ok = valid ? is_gpf_from(r, a, addr, kind_level(k))
                           : is_walk_fault_from(r, kind_level(k));
                if (!ok && bad++ < 8) {
                    printf("    GPI 0x%x in a %s descriptor, GPCCR_EL3 "
                           "extra 0x%lx, %s EL%u %s: expected %s at level "
                           "%u, got ", gpi, kind_name[k], extra,
                           world_name(r.w), r.el, acc_name(a),
                           valid ? "a GPF" : "a walk fault",
                           kind_level(k));
                    print_exc();
                }
            }
        }
        set_kind(k, r0, GPI_ALL);
    }
    gpc_disable();
    return bad;
}

static const enum acc all_accs[] = { ACC_READ, ACC_WRITE, ACC_FETCH };

/*
 * GPI i enabled (its GPCCR_EL3 bit set; the other three clear): it is
 * valid and grants no PE access (R_GYQGW), so in a Block, Contiguous and
 * Granules descriptor every read, write and fetch from Secure,
 * Non-secure and Realm EL2/EL1 and Root EL3 is a GPF at the
 * descriptor's level, reported with the PA and PA space (MFAR_EL3) of
 * the access.  Then with all four enables set (an enable of another GPI
 * changes nothing).
 */
static void check_enabled(unsigned int i)
{
    const struct gdi_gpi *g = &gdi_gpis[i];
    unsigned int bad;

    need_gdi();
    bad = check_gpi_kinds(g->gpi, g->enable, true, all_accs, 3);
    bad += check_gpi_kinds(g->gpi, GDI_ENABLES, true, all_accs, 1);
    if (bad) {
        test_fail(__FILE__, __LINE__, "GPI %s (0x%x) enabled: %u accesses "
                  "wrong", g->name, g->gpi, bad);
    }
}

/*
 * GPI i with its enable 0 is reserved (R_GYQGW: "Reserved if GPCCR_EL3.x
 * is 0"): a descriptor holding it is invalid (R_XNKFZ), a GPT walk fault
 * at level 0 for a Block and at level 1 for a Contiguous or Granules
 * descriptor (R_KYZMZ), from every requester and for every access kind -
 * also with the other three GDI enables set (each bit enables only its
 * own encoding).
 */
static void check_disabled(unsigned int i)
{
    const struct gdi_gpi *g = &gdi_gpis[i];
    unsigned int bad;

    need_gdi();
    bad = check_gpi_kinds(g->gpi, 0, false, all_accs, 3);
    bad += check_gpi_kinds(g->gpi, GDI_ENABLES & ~g->enable, false,
                           all_accs, 1);
    if (bad) {
        test_fail(__FILE__, __LINE__, "GPI %s (0x%x) disabled: %u accesses "
                  "wrong", g->name, g->gpi, bad);
    }
}

/* GPI 0b0100 "System Agent" (GPCCR_EL3.SA, bit 25). */
TEST(gdi_gpi_sa_enabled_denies_pe_accesses)
{
    check_enabled(0);
}

TEST(gdi_gpi_sa_reserved_when_disabled)
{
    check_disabled(0);
}

/* GPI 0b0101 "Non-secure Protected" (GPCCR_EL3.NSP, bit 26). */
TEST(gdi_gpi_nsp_enabled_denies_pe_accesses)
{
    check_enabled(1);
}

TEST(gdi_gpi_nsp_reserved_when_disabled)
{
    check_disabled(1);
}

/* GPI 0b0110 "No access" (GPCCR_EL3.NA6, bit 27). */
TEST(gdi_gpi_na6_enabled_denies_pe_accesses)
{
    check_enabled(2);
}

TEST(gdi_gpi_na6_reserved_when_disabled)
{
    check_disabled(2);
}

/* GPI 0b0111 "No access" (GPCCR_EL3.NA7, bit 28). */
TEST(gdi_gpi_na7_enabled_denies_pe_accesses)
{
    check_enabled(3);
}

TEST(gdi_gpi_na7_reserved_when_disabled)
{
    check_disabled(3);
}

/* EL3 stage 1: MMU_TEST_VA + i * 4KB -> pa in PA space pas. */
static const unsigned int pas_attr[] = { MMU_PAS_SECURE, MMU_PAS_NONSECURE,
                                         MMU_PAS_ROOT, MMU_PAS_REALM };
static const char *const pas_name[] = { "Secure", "Non-secure", "Root",
                                        "Realm" };

/*
 * Every PA space (GPICheck(): SA and NSP match only the System Agent and
 * Non-secure Protected PA spaces; NA6/NA7 nothing): EL3 reads a Granules
 * descriptor's granule through its stage 1 in the Secure, Non-secure,
 * Root and Realm PA spaces (R_XTYPW) - a GPF Data Abort at EL3 for each
 * when the GPI is enabled, a GPT walk fault at level 1 (a GPC exception
 * even at EL3, R_PYTGX) when it is not.  And the Non-secure PA space from
 * other Security states: Secure EL1 (stage 1 NS = 1, R_KZLVM) and Realm
 * EL2 (NS = 1) - a GPF at level 1 (GPC exception, MFAR_EL3.NS = 1).
 */
TEST(gdi_gpis_deny_every_pa_space)
{
    uintptr_t pg = scratch_page(201);
    struct mmu el3, s1, s1el2;
    unsigned int bad = 0;

    need_gdi();
    ASSERT_TRUE(gpt_init());
    mmu_init(&el3, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas_attr); i++) {
        mmu_map(&el3, MMU_TEST_VA + i * 0x1000UL, pg, pas_attr[i] | MMU_XN);
    }
    mmu_init(&s1, MMU_EL1);
    mmu_map(&s1, MMU_TEST_VA, pg, MMU_NS);
    mmu_init(&s1el2, MMU_EL2);
    mmu_map(&s1el2, MMU_TEST_VA, pg, MMU_NS);
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int g = 0; g < ARRAY_SIZE(gdi_gpis); g++) {
        for (unsigned int en = 0; en <= 1; en++) {
            uint64_t extra = en ? gdi_gpis[g].enable : 0;

            gpt_set_gpi(pg, gdi_gpis[g].gpi);
            gpc_enable_extra(extra);
            mmu_el3_on(&el3);
            for (unsigned int i = 0; i < ARRAY_SIZE(pas_attr); i++) {
                bool ok;

                access_by(root_el3, ACC_READ, MMU_TEST_VA + i * 0x1000UL);
                ok = en ? (exc_rec.taken && exc_rec.el == 3 &&
                           ESR_EC(exc_rec.esr) == EC_DABT_CUR &&
                           (exc_rec.esr & FSC_MASK) == FSC_GPF)
                        : is_walk_fault_from(root_el3, 1);
                if (!ok && bad++ < 8) {
                    printf("    GPI %s %s, EL3 read in the %s PA space: ",
                           gdi_gpis[g].name, en ? "enabled" : "disabled",
                           pas_name[i]);
                    print_exc();
                }
            }
            mmu_el3_off();
            for (unsigned int el = 1; el <= 2; el++) {
                enum world w = el == 1 ? WORLD_SECURE : WORLD_REALM;
                bool ok;

                mmu_run_at_expecting(w, el, el == 1 ? &s1 : &s1el2, NULL,
                                     lower_read, MMU_TEST_VA + 0x10);
                ok = en ? is_gpc(GPCSC_GPF_L1) &&
                          exc_rec.mfar == (pg | MFAR_NS)
                        : is_gpc(GPCSC_WALK_L1);
                if (!ok && bad++ < 8) {
                    printf("    GPI %s %s, %s EL%u read in the Non-secure "
                           "PA space: ", gdi_gpis[g].name,
                           en ? "enabled" : "disabled", world_name(w), el);
                    print_exc();
                }
            }
            gpc_disable();
        }
    }
    EXPECT_EQ(bad, 0);
}

/*
 * GPCCR_EL3.{SA, NSP, NA6, NA7} are read/write with FEAT_RME_GDI
 * (D24.2.56): each reads back as written, alone and all together, and
 * clears again (GPC = 0).
 */
TEST(gdi_gpccr_enable_bits_read_back)
{
    uint64_t base;

    need_gdi();
    ASSERT_TRUE(gpt_init());
    base = gpt_gpccr();
    for (unsigned int i = 0; i <= ARRAY_SIZE(gdi_gpis); i++) {
        uint64_t bit = i < ARRAY_SIZE(gdi_gpis) ? gdi_gpis[i].enable
                                                : GDI_ENABLES;

        gpccr_write(base | bit);
        EXPECT_EQ(read_sysreg_s(GPCCR_EL3) & GDI_ENABLES, bit);
        gpccr_write(base);
        EXPECT_EQ(read_sysreg_s(GPCCR_EL3) & GDI_ENABLES, 0);
    }
}

/*
 * Without FEAT_RME_GDI, GPCCR_EL3 bits [28:25] are RES0 (D24.2.56) and
 * GPIs 0b0100-0b0111 are reserved (R_GYQGW): with all four bits written
 * 1, each of the four GPIs in a Block, Contiguous and Granules descriptor
 * is still a GPT walk fault at the descriptor's level for every
 * requester.  (Whether RES0 bits read back as written is IMPLEMENTATION
 * DEFINED, Glossary "RES0"; the value is printed, not checked.)
 */
TEST(gdi_gpccr_bits_res0_without_gdi)
{
    unsigned int bad = 0;

    if (have_gdi()) {
        SKIP("FEAT_RME_GDI implemented: GPCCR_EL3.{SA,NSP,NA6,NA7} are "
             "fields");
    }
    ASSERT_TRUE(gpt_init());
    gpccr_write(gpt_gpccr() | GDI_ENABLES);
    printf("    GPCCR_EL3 = 0x%lx after writing bits [28:25]\n",
           read_sysreg_s(GPCCR_EL3));
    gpccr_write(gpt_gpccr());
    for (unsigned int g = 0; g < ARRAY_SIZE(gdi_gpis); g++) {
        bad += check_gpi_kinds(gdi_gpis[g].gpi, GDI_ENABLES, false,
                               all_accs, 1);
    }
    EXPECT_EQ(bad, 0);
}

/*
 * FEAT_RME_GDI adds only 0b0100-0b0111 (R_GYQGW): with all four enables
 * set, 0b0001-0b0011, 0b1100, 0b1110 and 0b1101 (GPCCR_EL3.NSO = 0) stay
 * reserved - a GPT walk fault for every requester, in each descriptor
 * kind.
 */
TEST(gdi_other_reserved_gpis_stay_reserved)
{
    static const unsigned int reserved[] = { 0x1, 0x2, 0x3, 0xc, 0xd, 0xe };
    unsigned int bad = 0;

    need_gdi();
    for (unsigned int i = 0; i < ARRAY_SIZE(reserved); i++) {
        bad += check_gpi_kinds(reserved[i], GDI_ENABLES, false, all_accs, 1);
    }
    EXPECT_EQ(bad, 0);
}

/*
 * Level 1 entry pairs.  PAIR_BASE is 128KB aligned, so (4KB PGS) its
 * level 1 entry e0 and the next one e1 form a naturally aligned 16-byte
 * pair; e(-1) and e2 belong to the neighbouring pairs.
 */
#define PAIR_BASE       ((uintptr_t)BOARD_SCRATCH_BASE + 0x5000000UL)
#define ENTRY_SPAN      0x10000UL
static uint64_t *pair_entry(int k)
{
    return gpt_l1_desc(PAIR_BASE + (int64_t)k * (int64_t)ENTRY_SPAN);
}

/* A granule of entry k (granule 3 or 5 of its 16). */
static uint64_t pair_pa(int k)
{
    return PAIR_BASE + (int64_t)k * (int64_t)ENTRY_SPAN +
           (k & 1 ? 0x5000 : 0x3000) + 0x18;
}

static const struct who pair_reqs[] = { { WORLD_NONSECURE, 1 },
                                        { WORLD_REALM, 1 },
                                        { WORLD_ROOT, 3 } };

/*
 * NS EL1, Realm EL1 and EL3 read pa: expect a GPT walk fault at level 1
 * reported for pa (walk = true) or no fault.  Returns mismatches.
 */
static unsigned int pair_check(uint64_t pa, bool walk, const char *what)
{
    unsigned int bad = 0;

    for (unsigned int i = 0; i < ARRAY_SIZE(pair_reqs); i++) {
        struct who r = pair_reqs[i];
        bool ok;

        access_by(r, ACC_READ, pa);
        ok = walk ? is_walk_fault_from(r, 1) && exc_rec.far == pa &&
                    exc_rec.mfar == ((pa & MFAR_FPA_MASK) |
                                     mfar_pas_bits(r.w))
                  : !exc_rec.taken;
        if (!ok) {
            bad++;
            printf("    %s: %s EL%u read of 0x%lx: expected %s, got ", what,
                   world_name(r.w), r.el, pa,
                   walk ? "a level 1 walk fault" : "no fault");
            print_exc();
        }
    }
    return bad;
}

/* Invalid level 1 entries (R_XNKFZ) for the other half of a pair. */
static const struct {
    uint64_t desc;
    const char *what;
} invalid_l1[] = {
    { (GPT_L1_GRANULES(GPI_ALL) & ~(0xfUL << 28)) | (0xeUL << 28),
      "Granules, reserved GPI 0b1110 in field 7" },
    { (GPT_L1_GRANULES(GPI_ALL) & ~0xfUL) | 0x2UL,
      "Granules, reserved GPI 0b0010 in field 0" },
    { GPT_L1_CONTIG(GPI_ALL, 0), "Contiguous, Contig = 0b00" },
    { GPT_L1_CONTIG(GPI_ALL, GPT_CONTIG_2MB) | (1UL << 10),
      "Contiguous, RES0 bit 10 set" },
    { GPT_L1_CONTIG(GPI_NA6, GPT_CONTIG_2MB),
      "Contiguous, GPI 0b0110 with GPCCR_EL3.NA6 = 0" },
    { GPT_L1_GRANULES(GPI_ALL) & ~(0xfUL << 60),
      "Granules, GPI 0b0000 in field 15 (valid: control)" },
};

/*
 * I_VRKNJ: with FEAT_RME_GDI, level 1 entries are checked for validity
 * in naturally aligned 16-byte pairs: if the other entry of the pair is
 * invalid, an access to a granule of a valid All-access entry is a GPT
 * walk fault at level 1 (GPCSC 0b000101, a GPC exception from every EL,
 * R_PYTGX; FAR and MFAR_EL3 name the PA accessed).  Each kind of invalid
 * entry, as the upper and as the lower half of the pair; a valid
 * neighbour (No access in one field) is the control: no fault.
 */
TEST(gdi_l1_pair_invalid_neighbour_walk_fault)
{
    unsigned int bad = 0;

    need_gdi();
    ASSERT_TRUE(gpt_init());
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(invalid_l1); i++) {
        bool valid = i == ARRAY_SIZE(invalid_l1) - 1;

        for (int side = 0; side <= 1; side++) {
            char what[96];

            snprintf(what, sizeof(what), "e%d valid, e%d %s", side,
                     1 - side, invalid_l1[i].what);
            gpt_write(pair_entry(1 - side), invalid_l1[i].desc);
            bad += pair_check(pair_pa(side), !valid, what);
            gpt_write(pair_entry(1 - side), GPT_L1_GRANULES(GPI_ALL));
        }
    }
    EXPECT_EQ(bad, 0);
}

/*
 * I_VRKNJ: the pairs are naturally aligned (entries 2n and 2n + 1), not
 * any two adjacent entries: with the entries just below and just above a
 * valid pair invalid (in the neighbouring pairs), accesses to both
 * entries of the pair pass; the invalid entries themselves give level 1
 * walk faults.
 */
TEST(gdi_l1_pairs_naturally_aligned)
{
    uint64_t bad_desc = invalid_l1[0].desc;
    unsigned int bad = 0;

    need_gdi();
    ASSERT_TRUE(gpt_init());
    gpt_write(pair_entry(-1), bad_desc);
    gpt_write(pair_entry(2), bad_desc);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    bad += pair_check(pair_pa(0), false, "e0 of a valid pair, e-1 invalid");
    bad += pair_check(pair_pa(1), false, "e1 of a valid pair, e2 invalid");
    bad += pair_check(pair_pa(-1), true, "invalid e-1");
    bad += pair_check(pair_pa(2), true, "invalid e2");
    EXPECT_EQ(bad, 0);
}

/*
 * The validity of the other entry of the pair is judged with the current
 * GPCCR_EL3 (R_GYQGW, R_XNKFZ): a neighbour holding GPI 0b0110 is invalid
 * with GPCCR_EL3.NA6 = 0 (walk fault on the All-access entry's granule)
 * and valid with NA6 = 1 (no fault; the NA6 granule itself is then a GPF
 * at level 1 for Realm EL1).  Likewise GPI 0b1101 with GPCCR_EL3.NSO
 * (FEAT_RME_GPC2; Non-secure only, so Realm EL1 is denied too).
 */
TEST(gdi_l1_pair_validity_follows_gpccr)
{
    static const struct {
        unsigned int gpi;
        uint64_t bit;
    } cases[] = { { GPI_NA6, GPCCR_NA6 }, { GPI_NSO, GPCCR_NSO } };
    unsigned int bad = 0;

    need_gdi();
    ASSERT_TRUE(gpt_init());
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int c = 0; c < ARRAY_SIZE(cases); c++) {
        /* field 5 of e1: the granule pair_pa(1) reads */
        uint64_t d = (GPT_L1_GRANULES(GPI_ALL) & ~(0xfUL << 20)) |
                     ((uint64_t)cases[c].gpi << 20);
        char what[64];

        if (cases[c].bit == GPCCR_NSO && !have_gpc2()) {
            continue;
        }
        gpt_write(pair_entry(1), d);
        gpc_enable();
        snprintf(what, sizeof(what), "e1 holds GPI 0x%x, enable 0",
                 cases[c].gpi);
        bad += pair_check(pair_pa(0), true, what);
        gpc_disable();
        gpc_enable_extra(cases[c].bit);
        snprintf(what, sizeof(what), "e1 holds GPI 0x%x, enable 1",
                 cases[c].gpi);
        bad += pair_check(pair_pa(0), false, what);
        access_by(realm_el1, ACC_READ, pair_pa(1));
        if (!is_gpf_from(realm_el1, ACC_READ, pair_pa(1), 1)) {
            bad++;
            printf("    GPI 0x%x enabled, Realm EL1 read of it: ",
                   cases[c].gpi);
            print_exc();
        }
        gpc_disable();
        gpt_write(pair_entry(1), GPT_L1_GRANULES(GPI_ALL));
    }
    EXPECT_EQ(bad, 0);
}

/*
 * Without FEAT_RME_GDI only the level 1 entry of the PA is checked
 * (I_VRKNJ applies only "if FEAT_RME_GDI is implemented"; GPTWalk()
 * reads and validates the one entry): an invalid other half of the pair
 * does not affect an access to a valid entry's granule, while the invalid
 * entry's own granule is a walk fault at level 1.
 */
TEST(gdi_l1_single_entry_checked_without_gdi)
{
    unsigned int bad = 0;

    if (have_gdi()) {
        SKIP("FEAT_RME_GDI implemented: level 1 entries are checked in "
             "pairs");
    }
    ASSERT_TRUE(gpt_init());
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i + 1 < ARRAY_SIZE(invalid_l1); i++) {
        gpt_write(pair_entry(1), invalid_l1[i].desc);
        bad += pair_check(pair_pa(0), false, invalid_l1[i].what);
        bad += pair_check(pair_pa(1), true, invalid_l1[i].what);
        gpt_write(pair_entry(1), GPT_L1_GRANULES(GPI_ALL));
    }
    EXPECT_EQ(bad, 0);
}

/*
 * The pair check is a walk fault, not a GPF, so it is reported as a GPC
 * exception whatever SCR_EL3.GPF says (R_PYTGX; ReportAsGPCException()
 * is TRUE for GPCF_Walk): NS EL1 with SCR_EL3.GPF = 0 and HCR_EL2.GPF = 1
 * reading the All-access half of a pair whose other half is invalid still
 * takes a GPC exception to EL3, GPCSC 0b000101.
 */
TEST(gdi_l1_pair_fault_is_gpc_exception)
{
    need_gdi();
    ASSERT_TRUE(gpt_init());
    gpt_write(pair_entry(1), invalid_l1[0].desc);
    gpc_enable();
    run_at_set_hcr_extra(HCR_GPF);
    access_by(ns_el1, ACC_READ, pair_pa(0));
    if (expect_gpc(GPCSC_WALK_L1)) {
        EXPECT_EQ(exc_rec.from_el, 1);
        EXPECT_EQ(exc_rec.mfar, (pair_pa(0) & MFAR_FPA_MASK) | MFAR_NS);
    }
    access_by(realm_el1, ACC_READ, pair_pa(0));
    expect_gpc(GPCSC_WALK_L1);
}
