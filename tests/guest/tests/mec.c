/*
 * mec.c - FEAT_MEC: which descriptors a Realm EL2 stage 1 walk accepts.
 *
 * Arm ARM DDI0487 M.a.a D8.12.1.2: for Realm EL2 and EL2&0 stage 1
 * TTBR0 translations to the Realm PA space with SCTLR_EL2.M = 1 and
 * SCTLR2_EL2.EMEC = 1, the AMEC bit (bit[63]) of the Block or Page
 * descriptor selects MECID_A0_EL2 when TCR2_EL2.AMEC0 is 1 (R_THGCP) and
 * makes the translation invalid - a Translation fault - when it is 0
 * (R_LZGSD); without EMEC the default MECID is used and AMEC has no say
 * (R_CBJVF); with NS = 1 in the descriptor AMEC is RES0 (R_XVLMT).
 * The second half gives MECIDs their effect through the board's memory
 * protection engine (qemu-rme's mec=on, docs/mec.md): what EL3 writes to
 * the Realm PA space under one MECID reads back under the same MECID and
 * as other, deterministic bytes under another (D8.12: a MECID mismatch
 * reads UNKNOWN data, R_VXMVW), and the engine is Root-only (DEN0129).
 * Those tests run at EL3 only: the suite's code is shared by every world,
 * so Realm EL2 or EL1 code cannot run while the engine encrypts the Realm
 * PA space (docs/mec.md says what covers those regimes instead).
 *
 * GPC stays off: the Realm PA space reaches RAM unchecked.
 */
#include "common.h"
#include "mmu.h"
#include "../mpe.h"

#define DESC_AMEC           BIT(63)
#define DESC_AF             BIT(10)

static void need_mec(void)
{
    if (!have_mec()) {
        SKIP("FEAT_MEC not implemented (ID_AA64MMFR3_EL1.MEC = 0)");
    }
}

/*
 * Let EL2 use SCTLR2_EL2, TCR2_EL2 and the MECID registers (SCR_EL3
 * TCR2En, SCTLR2En, MECEn, plus @scr), and give SCTLR2_EL2 and TCR2_EL2
 * these values (written at EL3; mec_done() clears them).
 */
static void el2_mec(uint64_t scr, uint64_t sctlr2, uint64_t tcr2)
{
    run_at_set_scr_extra(SCR_TCR2EN | SCR_SCTLR2EN | SCR_MECEN | scr);
    write_sysreg_s(SCTLR2_EL2, sctlr2);
    write_sysreg_s(TCR2_EL2, tcr2);
    isb();
}

/*
 * Realm EL2 stage 1 mapping MMU_TEST_VA to a scratch page holding @val,
 * with @set and @clear applied to its Page descriptor; SCTLR2_EL2 and
 * TCR2_EL2 as given (written at EL3; restored by mec_done()).
 */
static void mec_setup(struct mmu *m, uintptr_t pg, uint64_t val,
                      uint64_t set, uint64_t clear, unsigned int attrs,
                      uint64_t sctlr2, uint64_t tcr2)
{
    uint64_t *d;

    *(volatile uint64_t *)pg = val;
    mmu_init(m, MMU_EL2);
    mmu_map(m, MMU_TEST_VA, pg, attrs);
    d = mmu_desc(m, MMU_TEST_VA, 3);
    *d = (*d | set) & ~clear;
    dsb_sy();
    el2_mec(0, sctlr2, tcr2);
}

static void mec_done(void)
{
    write_sysreg_s(SCTLR2_EL2, 0);
    write_sysreg_s(TCR2_EL2, 0);
    isb();
}

/* R_LZGSD: AMEC = 1 while TCR2_EL2.AMEC0 = 0 is a Translation fault. */
TEST(mec_amec_without_amec0_translation_fault)
{
    struct mmu m;

    need_mec();
    mec_setup(&m, scratch_page(150), 0x1111, DESC_AMEC, 0, 0,
              SCTLR2_EMEC, 0);
    mmu_run_at_expecting(WORLD_REALM, 2, &m, NULL, lower_read, MMU_TEST_VA);
    mec_done();
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_TRANS(3));
    EXPECT_EQ(exc_rec.far, MMU_TEST_VA);
}

/* R_THGCP: with TCR2_EL2.AMEC0 = 1 the same descriptor is valid. */
TEST(mec_amec_with_amec0_valid)
{
    struct mmu m;

    need_mec();
    mec_setup(&m, scratch_page(151), 0x2222, DESC_AMEC, 0, 0,
              SCTLR2_EMEC, TCR2_AMEC0);
    EXPECT_EQ(mmu_run_at(WORLD_REALM, 2, &m, NULL, lower_read, MMU_TEST_VA),
              0x2222);
    mec_done();
}

/*
 * R_CBJVF: with SCTLR2_EL2.EMEC = 0 accesses use the default MECID and
 * R_LZGSD does not apply: AMEC = 1 with AMEC0 = 0 translates.
 */
TEST(mec_amec_ignored_without_emec)
{
    struct mmu m;

    need_mec();
    mec_setup(&m, scratch_page(152), 0x3333, DESC_AMEC, 0, 0, 0, 0);
    EXPECT_EQ(mmu_run_at(WORLD_REALM, 2, &m, NULL, lower_read, MMU_TEST_VA),
              0x3333);
    mec_done();
}

/*
 * R_XVLMT: with NS = 1 the descriptor maps the Non-secure PA space and
 * AMEC is RES0: no fault whatever TCR2_EL2.AMEC0 says.
 */
TEST(mec_amec_res0_with_ns)
{
    struct mmu m;

    need_mec();
    mec_setup(&m, scratch_page(153), 0x4444, DESC_AMEC, 0, MMU_NS,
              SCTLR2_EMEC, 0);
    EXPECT_EQ(mmu_run_at(WORLD_REALM, 2, &m, NULL, lower_read, MMU_TEST_VA),
              0x4444);
    mec_done();
}

/*
 * The invalid descriptor's Translation fault comes before the Access
 * flag fault a valid one with AF = 0 gets (R_LZGSD; fault priority,
 * D8.15: a Translation fault is reported for an invalid descriptor).
 */
TEST(mec_amec_fault_before_access_flag)
{
    struct mmu m;

    need_mec();
    mec_setup(&m, scratch_page(154), 0x5555, DESC_AMEC, DESC_AF, 0,
              SCTLR2_EMEC, 0);
    mmu_run_at_expecting(WORLD_REALM, 2, &m, NULL, lower_read, MMU_TEST_VA);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_TRANS(3));
    /* the control: AMEC0 = 1 leaves the Access flag fault (0b0010LL) */
    write_sysreg_s(TCR2_EL2, TCR2_AMEC0);
    isb();
    mmu_run_at_expecting(WORLD_REALM, 2, &m, NULL, lower_read, MMU_TEST_VA);
    mec_done();
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.esr & FSC_MASK, 0x08 | 3);
}

/*
 * R_FCSBF: Realm EL2 with its MMU off and SCTLR2_EL2.EMEC = 1 accesses the
 * Realm PA space with MECID_P0_EL2.  Made visible as a GPC exception:
 * the granule is Non-secure, so the access faults (GPCSC GPF at level 1)
 * and reaches EL3 with MFAR_EL3 in the Realm PA space - the event the
 * cca-trace plugin reports with this MECID (tests/plugins:
 * cca_trace.guest.mec_p0).  The engine stays off: this is the suite's
 * shared code running at Realm EL2.
 */
TEST(mec_realm_el2_mmu_off_gpf_has_mecid_p0)
{
    uintptr_t pg = scratch_page(307);

    need_mec();
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_NONSECURE);
    gpc_enable();
    el2_mec(SCR_GPF, SCTLR2_EMEC, 0);
    write_sysreg_s(MECID_P0_EL2, 0x77);
    isb();
    access_by((struct who){ WORLD_REALM, 2 }, ACC_READ, pg);
    write_sysreg_s(MECID_P0_EL2, 0);
    mec_done();
    EXPECT_TRUE(is_gpf_from((struct who){ WORLD_REALM, 2 }, ACC_READ, pg, 1));
}

/*
 * MECIDR_EL2.MECIDW is the MECID width minus one (D24.2, MECIDR_EL2:
 * -M virt,mec-mecid-width, 16 by default); a MECID register holds only
 * that many bits, the rest reads as zero.
 */
TEST(mec_mecid_registers_hold_mecidw_bits)
{
    unsigned int w;

    need_mec();
    w = (unsigned int)(read_sysreg_s(MECIDR_EL2) & 0xf) + 1;
    write_sysreg_s(MECID_P0_EL2, ~0UL);
    write_sysreg_s(VMECID_A_EL2, 0x12345UL);
    isb();
    EXPECT_EQ(read_sysreg_s(MECID_P0_EL2), (1UL << w) - 1);
    EXPECT_EQ(read_sysreg_s(VMECID_A_EL2), 0x12345UL & ((1UL << w) - 1));
    printf("    MECIDR_EL2.MECIDW + 1 = %u bits\n", w);
    write_sysreg_s(MECID_P0_EL2, 0);
    write_sysreg_s(VMECID_A_EL2, 0);
    isb();
}

/* ---- the memory protection engine (mec=on) --------------------------- */

#define MEC_WORDS           64      /* 512 bytes of the page */

static void need_mpe(void)
{
    need_mec();
    if (!have_mpe()) {
        SKIP("no memory protection engine on this board");
    }
}

/* EL3's MECID controls for its Realm PA space accesses (R_FMLTL) */
static void el3_mecid(bool emec, uint16_t mecid)
{
    write_sysreg_s(SCTLR2_EL3, emec ? SCTLR2_EMEC : 0);
    write_sysreg_s(MECID_RL_A_EL3, mecid);
    isb();
}

/* EL3 stage 1: MMU_TEST_VA + i * 4K -> pg in the PA space attrs[i] */
static void el3_map(struct mmu *m, uintptr_t pg, const unsigned int *attrs,
                    unsigned int n)
{
    mmu_init(m, MMU_EL3);
    for (unsigned int i = 0; i < n; i++) {
        mmu_map(m, MMU_TEST_VA + i * 0x1000UL, pg, attrs[i] | MMU_XN);
    }
}

static volatile uint64_t *va(unsigned int i)
{
    return (volatile uint64_t *)(MMU_TEST_VA + i * 0x1000UL);
}

static uint64_t pattern(unsigned int i)
{
    return 0x0123456789abcdefUL * (i + 1) ^ (uint64_t)i << 56;
}

static void put(volatile uint64_t *p)
{
    for (unsigned int i = 0; i < MEC_WORDS; i++) {
        p[i] = pattern(i);
    }
}

/* words of p that differ from the pattern */
static unsigned int differ(volatile uint64_t *p)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < MEC_WORDS; i++) {
        n += p[i] != pattern(i);
    }
    return n;
}

/*
 * R_FMLTL: with SCTLR2_EL3.EMEC = 1 EL3's accesses to the Realm PA space
 * use MECID_RL_A_EL3.  The same MECID reads back what it wrote; another
 * MECID reads other bytes (R_VXMVW: UNKNOWN data; the engine's are the
 * same on every read); back under the first, the data is intact.
 */
TEST(mec_el3_mecid_sees_its_own_data)
{
    static const unsigned int realm[] = { MMU_PAS_REALM };
    uint64_t first;
    struct mmu m;

    need_mpe();
    el3_map(&m, scratch_page(300), realm, 1);
    mpe_write(MPE_CTRL, MPE_CTRL_EN);
    el3_mecid(true, 5);
    mmu_el3_on(&m);
    put(va(0));
    EXPECT_EQ(differ(va(0)), 0);
    /* R_LPNPC: no TLB maintenance is needed after a MECID write */
    el3_mecid(true, 6);
    EXPECT_EQ(differ(va(0)), MEC_WORDS);
    first = va(0)[0];
    EXPECT_EQ(va(0)[0], first);
    el3_mecid(true, 5);
    EXPECT_EQ(differ(va(0)), 0);
    mmu_el3_off();
}

/*
 * R_CCSND: with SCTLR2_EL3.EMEC = 0 EL3 uses the default MECID (0), a
 * context of its own: data written under MECID_RL_A_EL3 = 9 does not read
 * back without EMEC, and does with it.
 */
TEST(mec_el3_default_mecid_without_emec)
{
    static const unsigned int realm[] = { MMU_PAS_REALM };
    struct mmu m;

    need_mpe();
    el3_map(&m, scratch_page(301), realm, 1);
    mpe_write(MPE_CTRL, MPE_CTRL_EN);
    el3_mecid(true, 9);
    mmu_el3_on(&m);
    put(va(0));
    el3_mecid(false, 9);
    EXPECT_EQ(differ(va(0)), MEC_WORDS);
    el3_mecid(true, 9);
    EXPECT_EQ(differ(va(0)), 0);
    mmu_el3_off();
}

/*
 * MPE_REKEY invalidates one MECID's context (docs/mec.md): data written
 * under it before reads back as other bytes under the same MECID; other
 * MECIDs keep theirs; new data under the re-keyed MECID reads back.
 */
TEST(mec_rekey_makes_old_data_unreadable)
{
    static const unsigned int realm[] = { MMU_PAS_REALM };
    struct mmu m7, m8;
    uint32_t rekeys;

    need_mpe();
    el3_map(&m7, scratch_page(302), realm, 1);
    el3_map(&m8, scratch_page(303), realm, 1);
    mpe_write(MPE_CTRL, MPE_CTRL_EN);
    rekeys = mpe_read(MPE_STAT_LO(MPE_STAT_REKEYS));
    el3_mecid(true, 7);
    mmu_el3_on(&m7);
    put(va(0));
    el3_mecid(true, 8);
    mmu_el3_on(&m8);
    put(va(0));
    mmu_el3_off();
    mpe_write(MPE_REKEY, 7);
    EXPECT_EQ(mpe_read(MPE_STAT_LO(MPE_STAT_REKEYS)), rekeys + 1);
    EXPECT_EQ(mpe_read(MPE_REKEY), 0);
    el3_mecid(true, 8);
    mmu_el3_on(&m8);
    EXPECT_EQ(differ(va(0)), 0);
    el3_mecid(true, 7);
    mmu_el3_on(&m7);
    EXPECT_EQ(differ(va(0)), MEC_WORDS);
    put(va(0));
    EXPECT_EQ(differ(va(0)), 0);
    mmu_el3_off();
}

/*
 * Each PA space has its own default context (R_GKRVJ, R_YJVST, R_MRKMQ:
 * Root, Secure and Non-secure have only MECID 0).  The engine encrypts
 * the Realm PA space always and the others when their key is not zero
 * (docs/mec.md): what EL3 writes through the Root PA space reads back
 * through the Non-secure PA space while its key is 0, not through the
 * Realm PA space; with a Non-secure key it no longer reads back there.
 */
TEST(mec_pa_space_default_contexts)
{
    static const unsigned int pas[] = { MMU_PAS_ROOT, MMU_PAS_NONSECURE,
                                        MMU_PAS_REALM };
    struct mmu m;

    need_mpe();
    el3_map(&m, scratch_page(304), pas, 3);
    mpe_write(MPE_CTRL, MPE_CTRL_EN);
    el3_mecid(false, 0);
    mmu_el3_on(&m);
    put(va(0));
    EXPECT_EQ(differ(va(1)), 0);
    EXPECT_EQ(differ(va(2)), MEC_WORDS);
    EXPECT_EQ(differ(va(0)), 0);
    mmu_el3_off();
    EXPECT_EQ(mpe_read(MPE_PAS_KEY_LO(RME_SS_NONSECURE)), 0);
    mpe_write(MPE_PAS_KEY_LO(RME_SS_NONSECURE), 0x5a5a5a5a);
    mmu_el3_on(&m);
    EXPECT_EQ(differ(va(1)), MEC_WORDS);
    EXPECT_EQ(differ(va(0)), 0);
    mmu_el3_off();
    mpe_write(MPE_PAS_KEY_LO(RME_SS_NONSECURE), 0);
}

/*
 * MPE_CTRL.EN = 0: memory encryption contexts have no effect; MECIDs
 * still select (the mec=off identity, as far as EL3 can see it).
 */
TEST(mec_engine_off_is_identity)
{
    static const unsigned int pas[] = { MMU_PAS_REALM, MMU_PAS_NONSECURE };
    struct mmu m;

    need_mpe();
    el3_map(&m, scratch_page(305), pas, 2);
    EXPECT_EQ(mpe_read(MPE_CTRL) & MPE_CTRL_EN, 0);
    el3_mecid(true, 11);
    mmu_el3_on(&m);
    put(va(0));
    el3_mecid(true, 12);
    EXPECT_EQ(differ(va(0)), 0);
    EXPECT_EQ(differ(va(1)), 0);
    mmu_el3_off();
}

/*
 * The engine's registers are Root-only (DEN0129): EL3 reads MPE_IIDR
 * through the Root PA space; through the Secure, Non-secure and Realm PA
 * spaces the access gets an error response, a synchronous External abort
 * (FSC 0b010000) taken to EL3.
 */
TEST(mec_mpe_registers_root_only)
{
#ifndef BOARD_MPE_BASE
    SKIP("the board has no memory protection engine frame (board.h)");
#else
    static const unsigned int pas[] = { MMU_PAS_ROOT, MMU_PAS_SECURE,
                                        MMU_PAS_NONSECURE, MMU_PAS_REALM };
    struct mmu m;

    need_mpe();
    EXPECT_EQ(mpe_read(MPE_IIDR), MPE_IIDR_VALUE);
    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        mmu_map(&m, MMU_TEST_VA + i * 0x1000UL, BOARD_MPE_BASE,
                pas[i] | MMU_DEVICE | MMU_XN);
    }
    mmu_el3_on(&m);
    EXPECT_EQ(*(volatile uint32_t *)MMU_TEST_VA, MPE_IIDR_VALUE);
    for (unsigned int i = 1; i < ARRAY_SIZE(pas); i++) {
        expect_exception();
        (void)*(volatile uint32_t *)(MMU_TEST_VA + i * 0x1000UL);
        EXPECT_TRUE(exception_taken());
        EXPECT_EQ(exc_rec.el, 3);
        EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
        EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_SEA);
        /* and a write changes nothing */
        expect_exception();
        *(volatile uint32_t *)(MMU_TEST_VA + i * 0x1000UL + MPE_CTRL) =
            MPE_CTRL_EN;
        EXPECT_TRUE(exception_taken());
    }
    mmu_el3_off();
    EXPECT_EQ(mpe_read(MPE_CTRL), 0);
#endif
}

/* DC CIPAE, Xt (C5.3.10): {NS [63], NSE [62]} select the PA space */
#define CIPAE_REALM         (BIT(63) | BIT(62))

static inline void dc_cipae(uint64_t xt)
{
    /* DC CIPAE is SYS #4, C7, C14, #0 */
    __asm__ volatile("sys #4, c7, c14, #0, %0" : : "r"(xt) : "memory");
}

static uint64_t lower_cipae(uint64_t xt)
{
    dc_cipae(xt);
    return 0;
}

/*
 * DC CIPAE cleans and invalidates every cached copy of a Realm PA space
 * location to the Point of Encryption whatever MECID it carries, writing
 * back with the entry's own MECID (D7.5.9.8): memory keeps what each
 * context wrote, so the data still reads back under its MECID.  It can
 * be executed only at EL3 and Realm EL2 (C5.3.10): UNDEFINED at
 * Non-secure EL2.
 */
TEST(mec_dc_cipae_keeps_data)
{
    static const unsigned int realm[] = { MMU_PAS_REALM };
    uintptr_t pg = scratch_page(306);
    struct mmu m;

    need_mpe();
    el3_map(&m, pg, realm, 1);
    mpe_write(MPE_CTRL, MPE_CTRL_EN);
    el3_mecid(true, 13);
    mmu_el3_on(&m);
    put(va(0));
    for (unsigned int off = 0; off < MEC_WORDS * 8; off += 64) {
        dc_cipae(CIPAE_REALM | (pg + off));
    }
    __asm__ volatile("dsb sy" : : : "memory");
    EXPECT_EQ(differ(va(0)), 0);
    el3_mecid(true, 14);
    EXPECT_EQ(differ(va(0)), MEC_WORDS);
    mmu_el3_off();
    expect_exception();
    run_at(WORLD_NONSECURE, 2, lower_cipae, CIPAE_REALM | pg);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_UNKNOWN);
}

/* The image's code, and its end (guest.ld.S) */
extern char __text_end[], __image_end[];

#define PAGE_4K             0x1000UL
#define MEC_P0              0x21
#define MEC_A0              0x22
#define MEC_VP              0x31
#define MEC_VA              0x32
#define MEC_EL3_VA          (MMU_TEST_VA + 0x40000000UL)

/*
 * Rewrite the page at EL3 VA slot @slot (mapped in the Realm PA space)
 * with the 4 KiB at @src (read through EL3's identity map, the Root PA
 * space) under the current MECID_RL_A_EL3: it then holds that context's
 * data.
 */
static void realm_rewrite(const void *src, unsigned int slot)
{
    volatile uint64_t *dst = (volatile uint64_t *)(MEC_EL3_VA +
                                                   slot * PAGE_4K);
    const volatile uint64_t *from = src;
    static uint64_t buf[512];

    for (unsigned int i = 0; i < 512; i++) {
        buf[i] = from[i];
    }
    for (unsigned int i = 0; i < 512; i++) {
        dst[i] = buf[i];
    }
}

/*
 * Realm EL2 data accesses with SCTLR2_EL2.EMEC = 1 and stage 1 on: a Page
 * descriptor with AMEC = 0 gives MECID_P0_EL2 (R_THGCP), one with AMEC = 1
 * under TCR2_EL2.AMEC0 = 1 gives MECID_A0_EL2; each write reads back at
 * EL3 only under the same MECID (MECID_RL_A_EL3, R_FMLTL).
 *
 * Realm EL2 runs the suite's own code, so everything it uses must hold
 * that code in its own context: the engine encrypts the Realm PA space.
 * Its stage 1 maps the image's code to a copy that EL3 writes through the
 * Realm PA space under MECID_P0_EL2 (instruction fetches, AMEC = 0), its
 * data, bss and stacks with NS = 1 (Realm EL2 may read and write, not
 * fetch, the Non-secure PA space: R_PKTDS), and its translation tables
 * are rewritten the same way (every lookup level uses MECID_P0_EL2,
 * R_RXMFG).  EL2 starts with that stage 1 on, so no access is made with
 * the MMU off (which would use MECID_P0_EL2 on the shared image, R_FCSBF).
 */
/*
 * A Realm-side view of the image for @m (MMU_EL2 stage 1 or MMU_S2): its
 * code from a copy at @copy, everything after it in the Non-secure PA
 * space, and two test pages d0 and d1 (the second with AMEC = 1) at
 * MMU_TEST_VA; then EL3 writes the copy and every table of @m through the
 * Realm PA space under @mecid, the MECID its fetches and walks use.
 * Leaves the engine on and MECID_RL_A_EL3 = @mecid.
 */
static void realm_view(struct mmu *m, struct mmu *el3, uintptr_t copy,
                       uintptr_t d0, uintptr_t d1, uint16_t mecid)
{
    uintptr_t img = BOARD_IMAGE_BASE;
    uintptr_t text_end = ((uintptr_t)__text_end + PAGE_4K - 1) &
                         ~(PAGE_4K - 1);
    unsigned int ntext = (text_end - img) / PAGE_4K;
    uint64_t tables[5];
    uint64_t *desc;

    ASSERT_TRUE(ntext <= 48);
    m->root[BOARD_DRAM_BASE >> 30] = 0;
    for (uintptr_t va = img; va < (uintptr_t)__image_end; va += PAGE_4K) {
        if (va < text_end) {
            mmu_map(m, va, copy + (va - img), 0);
        } else {
            mmu_map(m, va, va, MMU_NS | MMU_XN);
        }
    }
    mmu_map(m, MMU_TEST_VA, d0, MMU_XN);
    mmu_map(m, MMU_TEST_VA + PAGE_4K, d1, MMU_XN);
    desc = mmu_desc(m, MMU_TEST_VA + PAGE_4K, 3);
    *desc |= DESC_AMEC;
    tables[0] = (uintptr_t)m->root;
    tables[1] = mmu_table_pa(m, img, 2);
    tables[2] = mmu_table_pa(m, img, 3);
    tables[3] = mmu_table_pa(m, MMU_TEST_VA, 2);
    tables[4] = mmu_table_pa(m, MMU_TEST_VA, 3);

    mmu_init(el3, MMU_EL3);
    for (unsigned int i = 0; i < ntext; i++) {
        mmu_map(el3, MEC_EL3_VA + i * PAGE_4K, copy + i * PAGE_4K,
                MMU_PAS_REALM | MMU_XN);
    }
    for (unsigned int i = 0; i < 5; i++) {
        mmu_map(el3, MEC_EL3_VA + (ntext + i) * PAGE_4K, tables[i],
                MMU_PAS_REALM | MMU_XN);
    }
    mmu_map(el3, MMU_TEST_VA, d0, MMU_PAS_REALM | MMU_XN);
    mmu_map(el3, MMU_TEST_VA + PAGE_4K, d1, MMU_PAS_REALM | MMU_XN);

    mpe_write(MPE_CTRL, MPE_CTRL_EN);
    el3_mecid(true, mecid);
    mmu_el3_on(el3);
    for (unsigned int i = 0; i < ntext; i++) {
        realm_rewrite((const void *)(img + i * PAGE_4K), i);
    }
    for (unsigned int i = 0; i < 5; i++) {
        realm_rewrite((const void *)(uintptr_t)tables[i], ntext + i);
    }
    va(0)[0] = 0;
    va(1)[0] = 0;
    mmu_el3_off();
}

/* EL3 reads d0 under @m0 and d1 under @m1: what the lower EL wrote */
static void expect_written_under(struct mmu *el3, uint16_t m0, uint16_t m1)
{
    const uint64_t w = 0x5a5a5a5a5a5a5a5aUL;

    mmu_el3_on(el3);
    el3_mecid(true, m0);
    EXPECT_EQ(va(0)[0], w);
    EXPECT_NE(va(1)[0], w);
    el3_mecid(true, m1);
    EXPECT_EQ(va(1)[0], w);
    EXPECT_NE(va(0)[0], w);
    mmu_el3_off();
}

TEST(mec_realm_el2_primary_and_alternate)
{
    struct mmu el2, el3;

    need_mpe();
    mmu_init(&el2, MMU_EL2);
    realm_view(&el2, &el3, scratch_page(330), scratch_page(320),
               scratch_page(321), MEC_P0);
    el2_mec(0, SCTLR2_EMEC, TCR2_AMEC0);
    write_sysreg_s(MECID_P0_EL2, MEC_P0);
    write_sysreg_s(MECID_A0_EL2, MEC_A0);
    mmu_el2_preload(&el2);
    mmu_tlbi_world(WORLD_REALM);
    run_at_set_sctlr_el2_extra(SCTLR_M);
    run_at(WORLD_REALM, 2, lower_write, MMU_TEST_VA);
    run_at(WORLD_REALM, 2, lower_write, MMU_TEST_VA + PAGE_4K);
    run_at_set_sctlr_el2_extra(0);
    mec_done();
    expect_written_under(&el3, MEC_P0, MEC_A0);
}

/*
 * Realm EL1 with stage 1 off and stage 2 on, SCTLR2_EL2.EMEC = 1: a stage
 * 2 descriptor with AMEC = 0 gives VMECID_P_EL2, one with AMEC = 1
 * VMECID_A_EL2 (R_XMTZH); stage 2 walks use VMECID_P_EL2 (R_PDCWV).  As
 * above, the image's code comes from a copy in VMECID_P_EL2's context and
 * its data from the Non-secure PA space (stage 2 NS, bit 55).
 */
TEST(mec_realm_el1_vmecid_primary_and_alternate)
{
    struct mmu s2, el3;

    need_mpe();
    mmu_init(&s2, MMU_S2);
    realm_view(&s2, &el3, scratch_page(340), scratch_page(322),
               scratch_page(323), MEC_VP);
    el2_mec(0, SCTLR2_EMEC, 0);
    write_sysreg_s(VMECID_P_EL2, MEC_VP);
    write_sysreg_s(VMECID_A_EL2, MEC_VA);
    isb();
    mmu_run_at(WORLD_REALM, 1, NULL, &s2, lower_write, MMU_TEST_VA);
    mmu_run_at(WORLD_REALM, 1, NULL, &s2, lower_write,
               MMU_TEST_VA + PAGE_4K);
    mec_done();
    expect_written_under(&el3, MEC_VP, MEC_VA);
}

/*
 * Two Realms with different MECIDs share nothing: what Realm A (EL1,
 * VMECID_P_EL2 = 0x41) writes to a granule, Realm B (0x42) reads as
 * other bytes, and A still reads back (D8.12: a MECID mismatch reads
 * UNKNOWN data, R_VXMVW; each context is one key).  Each Realm runs from
 * its own copy of the code, in its own context.
 */
TEST(mec_two_realms_share_nothing)
{
    struct mmu s2a, s2b, el3a, el3b;
    uintptr_t shared = scratch_page(324);
    uint64_t got;

    need_mpe();
    mmu_init(&s2a, MMU_S2);
    realm_view(&s2a, &el3a, scratch_page(350), shared, scratch_page(325),
               0x41);
    mmu_init(&s2b, MMU_S2);
    realm_view(&s2b, &el3b, scratch_page(360), shared, scratch_page(326),
               0x42);
    el2_mec(0, SCTLR2_EMEC, 0);
    write_sysreg_s(VMECID_P_EL2, 0x41);
    isb();
    mmu_run_at(WORLD_REALM, 1, NULL, &s2a, lower_write, MMU_TEST_VA);
    write_sysreg_s(VMECID_P_EL2, 0x42);
    isb();
    got = mmu_run_at(WORLD_REALM, 1, NULL, &s2b, lower_read, MMU_TEST_VA);
    EXPECT_NE(got, 0x5a5a5a5a5a5a5a5aUL);
    write_sysreg_s(VMECID_P_EL2, 0x41);
    isb();
    got = mmu_run_at(WORLD_REALM, 1, NULL, &s2a, lower_read, MMU_TEST_VA);
    EXPECT_EQ(got, 0x5a5a5a5a5a5a5a5aUL);
    mec_done();
}

/*
 * A register-level fuzz of the engine through QEMU's own MMIO path: random
 * 8-, 16-, 32- and 64-bit reads and writes at random offsets of the
 * engine's frame, through the Root, Secure, Non-secure and Realm PA spaces,
 * mixed with EL3 accesses to two Realm PA space pages under changing
 * MECIDs (hw/misc/arm-mpe.c between the CPU and the register frame; the
 * host fuzz target tests/unit/fuzz-mpe-regs.c runs the frame's logic alone
 * under ASan/UBSan).  Checked on every operation against a model of the
 * frame (docs/mec.md):
 *   - only an aligned 32-bit access through the Root PA space completes;
 *     any other PA space gets an error or finds nothing (DEN0129: a
 *     Root-only completer), and other sizes or misaligned addresses are
 *     not valid accesses to the frame: each takes a synchronous abort to
 *     EL3 and changes nothing;
 *   - MPE_IIDR and MPE_IDR never change, MPE_CTRL and the keys read back
 *     what was written (masked), MPE_REKEY and unknown offsets read 0.
 * At the end the engine still works: the same MECID reads back its data,
 * another does not (R_VXMVW).  The keys of the Root, Secure and
 * Non-secure PA spaces are only ever written 0: the suite's own code and
 * stacks live there.
 */
#ifndef MEC_FUZZ_OPS
#define MEC_FUZZ_OPS        100000
#endif

#ifdef BOARD_MPE_BASE

/* What a Root read of @off must return, or -1 when any value may be. */
static int64_t mpe_model_read(unsigned int off, uint32_t idr, uint32_t ctrl,
                              const uint32_t *key)
{
    if (off == MPE_IIDR) {
        return MPE_IIDR_VALUE;
    } else if (off == MPE_IDR) {
        return idr;
    } else if (off == MPE_CTRL) {
        return ctrl;
    } else if (off >= MPE_PAS_KEY_LO(0) && off <= MPE_PAS_KEY_HI(3)) {
        return key[(off - MPE_PAS_KEY_LO(0)) / 4];
    } else if (off >= MPE_STAT_LO(0) && off <= MPE_STAT_HI(MPE_NSTATS - 1)) {
        return -1;
    }
    return 0;                   /* MPE_REKEY, unknown offsets */
}

static uint64_t fuzz_access(uintptr_t a, unsigned int size, bool write,
                            uint64_t v)
{
    switch (size) {
    case 1:
        if (write) {
            *(volatile uint8_t *)a = (uint8_t)v;
            return 0;
        }
        return *(volatile uint8_t *)a;
    case 2:
        if (write) {
            *(volatile uint16_t *)a = (uint16_t)v;
            return 0;
        }
        return *(volatile uint16_t *)a;
    case 4:
        if (write) {
            *(volatile uint32_t *)a = (uint32_t)v;
            return 0;
        }
        return *(volatile uint32_t *)a;
    default:
        if (write) {
            *(volatile uint64_t *)a = v;
            return 0;
        }
        return *(volatile uint64_t *)a;
    }
}

#endif /* BOARD_MPE_BASE */

TEST(mec_mpe_mmio_fuzz)
{
#ifndef BOARD_MPE_BASE
    SKIP("the board has no memory protection engine frame (board.h)");
#else
    static const unsigned int pas[] = { MMU_PAS_SECURE, MMU_PAS_NONSECURE,
                                        MMU_PAS_ROOT, MMU_PAS_REALM };
    static const unsigned int ss[] = { RME_SS_SECURE, RME_SS_NONSECURE,
                                       RME_SS_ROOT, RME_SS_REALM };
    unsigned int bad_read = 0, bad_abort = 0, aborts = 0, root_ok = 0;
    uint32_t idr, ctrl, key[8] = { 0 };
    uintptr_t data = MMU_TEST_VA + 4 * 0x1000UL;
    uint64_t seed = 0x9e3779b97f4a7c15UL;
    struct mmu m;

    need_mpe();
    idr = mpe_read(MPE_IDR);
    ctrl = mpe_read(MPE_CTRL);
    for (unsigned int i = 0; i < 8; i++) {
        key[i] = mpe_read(MPE_PAS_KEY_LO(0) + 4 * i);
    }
    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        mmu_map(&m, MMU_TEST_VA + i * 0x1000UL, BOARD_MPE_BASE,
                pas[i] | MMU_DEVICE | MMU_XN);
    }
    mmu_map(&m, data, scratch_page(370), MMU_PAS_REALM | MMU_XN);
    mmu_map(&m, data + 0x1000UL, scratch_page(371), MMU_PAS_REALM | MMU_XN);
    mmu_el3_on(&m);
    for (unsigned int op = 0; op < MEC_FUZZ_OPS; op++) {
        uint64_t r = test_rand(&seed), v = test_rand(&seed);
        unsigned int p = r & 3, size = 1u << ((r >> 2) & 3);
        bool write = (r >> 4) & 1, root = ss[p] == RME_SS_ROOT;
        /* mostly the registers, sometimes anywhere in the 4 KiB frame */
        unsigned int off = (r >> 5) & 7 ? (r >> 8) & 0xff : (r >> 8) & 0xfff;
        bool completes, taken;
        uint64_t got;

        if ((r >> 20) % 64 == 0) {
            /* a Realm PA space access under one of three MECIDs */
            el3_mecid(true, 1 + (r >> 26) % 3);
            if (write) {
                ((volatile uint64_t *)data)[(v >> 3) & 0x3ff] = v;
            } else {
                (void)((volatile uint64_t *)data)[(v >> 3) & 0x3ff];
            }
            continue;
        }
        if ((r >> 40) % 4 == 0) {
            off &= ~3u;                 /* more aligned accesses */
            size = 4;
        }
        if (write && off >= MPE_PAS_KEY_LO(0) && off <= MPE_PAS_KEY_HI(3) + 3 &&
            (off - MPE_PAS_KEY_LO(0)) / 8 != RME_SS_REALM) {
            v = 0;                      /* see above: only the Realm key */
        }
        completes = root && size == 4 && !(off & 3);
        expect_exception();
        got = fuzz_access(MMU_TEST_VA + p * 0x1000UL + off, size, write, v);
        taken = exception_taken();
        if (taken != !completes ||
            (taken && (exc_rec.el != 3 || ESR_EC(exc_rec.esr) != EC_DABT_CUR))) {
            if (bad_abort++ < 4) {
                printf("    op %u: %s %u bytes at +0x%03x via PA space %u: "
                       "%s\n", op, write ? "write" : "read", size, off,
                       ss[p], taken ? "aborted" : "completed");
            }
            continue;
        }
        if (taken) {
            aborts++;
            continue;
        }
        root_ok++;
        if (write) {
            if (off == MPE_CTRL) {
                ctrl = (uint32_t)v & MPE_CTRL_MASK;
            } else if (off >= MPE_PAS_KEY_LO(0) && off <= MPE_PAS_KEY_HI(3)) {
                key[(off - MPE_PAS_KEY_LO(0)) / 4] = (uint32_t)v;
            }
        } else {
            int64_t want = mpe_model_read(off, idr, ctrl, key);

            if (want >= 0 && got != (uint64_t)want && bad_read++ < 4) {
                printf("    op %u: read +0x%03x = 0x%lx, want 0x%lx\n", op,
                       off, (unsigned long)got, (unsigned long)want);
            }
        }
    }
    mmu_el3_off();
    printf("    %u operations: %u completed through the Root PA space, "
           "%u aborted\n", MEC_FUZZ_OPS, root_ok, aborts);
    EXPECT_EQ(bad_abort, 0);
    EXPECT_EQ(bad_read, 0);
    EXPECT_TRUE(root_ok > MEC_FUZZ_OPS / 16);
    EXPECT_TRUE(aborts > MEC_FUZZ_OPS / 2);

    /* the engine still gives MECIDs their effect (R_VXMVW) */
    mpe_write(MPE_CTRL, MPE_CTRL_EN);
    mmu_el3_on(&m);
    el3_mecid(true, 1);
    put((volatile uint64_t *)data);
    EXPECT_EQ(differ((volatile uint64_t *)data), 0);
    el3_mecid(true, 2);
    EXPECT_EQ(differ((volatile uint64_t *)data), MEC_WORDS);
    mmu_el3_off();
#endif
}

/*
 * A Realm-heavy workload with matching MECIDs, for scripts/bench mec: EL3
 * writes and reads back a working set of MEC_BENCH_PAGES pages in the
 * Realm PA space under one MECID (MECID_RL_A_EL3 = 5, R_FMLTL), round
 * after round, with the engine on when the board has one and FEAT_MEC's
 * MECID selection when the PE has it - the same guest work either way, so
 * mec=on and mec=off runs compare.  The working set is larger than the
 * TLB, so the engine's check runs on every refill: the cost it measures.
 * In the suite it runs two rounds and checks the data, a test like the
 * others (same MECID, same data).
 */
#ifndef MEC_BENCH_ROUNDS
#define MEC_BENCH_ROUNDS    2
#endif
#define MEC_BENCH_PAGES     512
#define MEC_BENCH_VA        (MMU_TEST_VA + 0x100000UL)

TEST(mec_bench_realm_working_set)
{
    bool mec = have_mec();
    unsigned int bad = 0;
    struct mmu m;

    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < MEC_BENCH_PAGES; i++) {
        mmu_map(&m, MEC_BENCH_VA + i * 0x1000UL, scratch_page(400) + i * 0x1000UL,
                MMU_PAS_REALM | MMU_XN);
    }
    if (have_mpe()) {
        mpe_write(MPE_CTRL, MPE_CTRL_EN);
    }
    if (mec) {
        el3_mecid(true, 5);
    }
    mmu_el3_on(&m);
    for (unsigned int r = 0; r < MEC_BENCH_ROUNDS; r++) {
        for (unsigned int i = 0; i < MEC_BENCH_PAGES; i++) {
            volatile uint64_t *p = (volatile uint64_t *)(MEC_BENCH_VA +
                                                         i * 0x1000UL);

            for (unsigned int w = 0; w < 8; w++) {
                p[w * 64] = pattern(w) ^ i ^ r;
            }
        }
        for (unsigned int i = 0; i < MEC_BENCH_PAGES; i++) {
            volatile uint64_t *p = (volatile uint64_t *)(MEC_BENCH_VA +
                                                         i * 0x1000UL);

            for (unsigned int w = 0; w < 8; w++) {
                bad += p[w * 64] != (pattern(w) ^ i ^ r);
            }
        }
    }
    mmu_el3_off();
    EXPECT_EQ(bad, 0);
}
