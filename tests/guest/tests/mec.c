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
 * MECIDs themselves are not observable by software until a memory
 * protection engine gives them an effect.
 *
 * GPC stays off: the Realm PA space reaches RAM unchecked.
 */
#include "common.h"
#include "mmu.h"

#define ID_AA64MMFR3_EL1    S3_0_C0_C7_3
#define ID_AA64MMFR3_MEC_SHIFT 28
#define SCTLR2_EL2          S3_4_C1_C0_3
#define TCR2_EL2            S3_4_C2_C0_3
#define SCTLR2_EMEC         BIT(1)
#define TCR2_AMEC0          BIT(12)
/* SCR_EL3.{TCR2En, SCTLR2En, MECEn}: EL2 may use TCR2_EL2, SCTLR2_EL2
 * is in effect, MECID registers do not trap. */
#define SCR_TCR2EN          BIT(43)
#define SCR_SCTLR2EN        BIT(44)
#define SCR_MECEN           BIT(49)
#define DESC_AMEC           BIT(63)
#define DESC_AF             BIT(10)

static void need_mec(void)
{
    if (id_field(read_sysreg_s(ID_AA64MMFR3_EL1),
                 ID_AA64MMFR3_MEC_SHIFT) == 0) {
        SKIP("FEAT_MEC not implemented (ID_AA64MMFR3_EL1.MEC = 0)");
    }
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
    run_at_set_scr_extra(SCR_TCR2EN | SCR_SCTLR2EN | SCR_MECEN);
    write_sysreg_s(SCTLR2_EL2, sctlr2);
    write_sysreg_s(TCR2_EL2, tcr2);
    isb();
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
