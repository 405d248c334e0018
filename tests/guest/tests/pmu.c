/*
 * pmu.c - FEAT_PMUv3p7 on an RME PE.
 *
 * Arm ARM DDI0487:
 *  - A2.3: "When FEAT_PMUv3 and FEAT_RME are implemented, FEAT_PMUv3p7 is
 *    implemented" (TF-RMM asserts ID_AA64DFR0_EL1.PMUVer >= 0b0111).
 *  - A2.2 FEAT_PMUv3p7: counters can be frozen on an unsigned overflow;
 *    event counters and the cycle counter can be prohibited from counting
 *    at EL3 alone.
 *  - D13.5.2.1 "Freezing on PMU overflow" with PMCR_EL0.FZO (bit 9) and
 *    MDCR_EL2.HPMFZO (bit 29).
 *  - D13.5 R_GNGCW (prohibited regions with FEAT_PMUv3p7): MDCR_EL3.{SPME,
 *    MPMX (bit 35)}; the cycle counter rules after R_GNGCW with
 *    MDCR_EL3.MCCD (bit 34).
 *  - D13.1.1 event counter ranges: [0, HPMN) is the first range, [HPMN, N)
 *    the second, "This does not depend on whether EL2 is enabled".
 *
 * The tests run at EL3 (Root) with MDCR_EL3.SPME = 1 unless they say
 * otherwise.  Counters are driven by SW_INCR (event 0x00: an overflow
 * exactly when the test writes PMSWINC_EL0) and CPU_CYCLES (event 0x11:
 * advances with time, so "counts" is "a later read is larger" and
 * "frozen" is "two reads around a busy loop are equal").
 */
#include "common.h"

#define PMCR_E          BIT(0)
#define PMCR_P          BIT(1)
#define PMCR_C          BIT(2)
#define PMCR_DP         BIT(5)
#define PMCR_LC         BIT(6)
#define PMCR_FZO        BIT(9)
#define PMCR_N(pmcr)    (((pmcr) >> 11) & 0x1f)

#define MDCR_EL2_HPMN(n) ((uint64_t)(n) & 0x1f)
#define MDCR_EL2_HPME   BIT(7)
#define MDCR_EL2_HPMFZO BIT(29)
#define MDCR_EL3_SPME   BIT(17)
#define MDCR_EL3_SCCD   BIT(23)
#define MDCR_EL3_MCCD   BIT(34)
#define MDCR_EL3_MPMX   BIT(35)

#define EV_SW_INCR      0x00
#define EV_CPU_CYCLES   0x11
#define CYCLE_BIT       BIT(31)

#define ID_AA64DFR0_PMUVER(v)   (((v) >> 8) & 0xf)
#define ID_DFR0_PERFMON(v)      (((v) >> 24) & 0xf)
#define ID_AA64PFR0_EL1_FIELD(v) (((v) >> 4) & 0xf)

static void spin(void)
{
    for (volatile unsigned int i = 0; i < 20000; i++) {
    }
}

static void evtyper_write(unsigned int n, uint64_t v)
{
    write_sysreg(pmselr_el0, n);
    isb();
    write_sysreg(pmxevtyper_el0, v);
    isb();
}

static void evcntr_write(unsigned int n, uint64_t v)
{
    write_sysreg(pmselr_el0, n);
    isb();
    write_sysreg(pmxevcntr_el0, v);
    isb();
}

static uint64_t evcntr(unsigned int n)
{
    write_sysreg(pmselr_el0, n);
    isb();
    return read_sysreg(pmxevcntr_el0);
}

/* Does counter n (31: PMCCNTR_EL0) count now, here?  Read, spin, read. */
static bool counting(unsigned int n)
{
    uint64_t a, b;

    isb();
    a = n == 31 ? read_sysreg(pmccntr_el0) : evcntr(n);
    spin();
    isb();
    b = n == 31 ? read_sysreg(pmccntr_el0) : evcntr(n);
    return b != a;
}

/* Everything off and zero, as the PMU is left for the next test. */
static void pmu_quiesce(void)
{
    write_sysreg(pmcntenclr_el0, ~0UL);
    write_sysreg(pmovsclr_el0, ~0UL);
    write_sysreg(pmintenclr_el1, ~0UL);
    write_sysreg(pmcr_el0, PMCR_P | PMCR_C);
    write_sysreg(pmccfiltr_el0, 0);
    isb();
}

/* Number of event counters, PMCR_EL0.N. */
static unsigned int pmu_n(void)
{
    return PMCR_N(read_sysreg(pmcr_el0));
}

/*
 * Common set-up: EL3 counts (MDCR_EL3 given), HPMN and the extra MDCR_EL2
 * bits given, counters reset, PMCR_EL0 = E | LC | pmcr_bits.  Needs at
 * least 4 event counters.
 */
static bool pmu_setup(uint64_t mdcr_el3, unsigned int hpmn,
                      uint64_t mdcr_el2_bits, uint64_t pmcr_bits)
{
    if (pmu_n() < 4) {
        test_skip("PMCR_EL0.N = %u: need 4 event counters", pmu_n());
        return false;
    }
    pmu_quiesce();
    write_sysreg(mdcr_el3, mdcr_el3);
    write_sysreg(mdcr_el2, MDCR_EL2_HPMN(hpmn) | mdcr_el2_bits);
    write_sysreg(pmcr_el0, PMCR_E | PMCR_LC | PMCR_P | PMCR_C | pmcr_bits);
    isb();
    return true;
}

static void pmu_teardown(void)
{
    pmu_quiesce();
    write_sysreg(mdcr_el3, 0);
    write_sysreg(mdcr_el2, MDCR_EL2_HPMN(pmu_n()));
    isb();
}

/*
 * Counter `ovf` counts SW_INCR from 0xffffffff (32-bit overflow on the
 * next increment, PMCR_EL0.LP = 0 / MDCR_EL2.HLP = 0); counter `run`
 * counts CPU_CYCLES.  Both enabled, plus the cycle counter.
 */
static void arm_overflow_pair(unsigned int ovf, unsigned int run)
{
    evtyper_write(ovf, EV_SW_INCR);
    evcntr_write(ovf, 0xffffffffUL);
    evtyper_write(run, EV_CPU_CYCLES);
    evcntr_write(run, 0);
    write_sysreg(pmcntenset_el0, BIT(ovf) | BIT(run) | CYCLE_BIT);
    isb();
}

static void overflow(unsigned int ovf)
{
    write_sysreg(pmswinc_el0, BIT(ovf));
    isb();
}

/*
 * A2.3 (FEAT_RME with FEAT_PMUv3 implies FEAT_PMUv3p7) and A2.2 "The
 * following fields identify the presence of FEAT_PMUv3p7":
 * ID_AA64DFR0_EL1.PMUVer >= 0b0111 (0b1111 is IMPLEMENTATION DEFINED),
 * and ID_DFR0_EL1.PerfMon the same when AArch32 EL0 or EL1 exists
 * (ID_DFR0_EL1 is UNKNOWN otherwise).
 */
TEST(pmu_pmuver_is_v3p7_with_rme)
{
    uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
    uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);

    ASSERT_TRUE(cpu_has_rme());
    EXPECT_TRUE(ID_AA64DFR0_PMUVER(dfr0) >= 7 &&
                ID_AA64DFR0_PMUVER(dfr0) != 0xf);
    if ((pfr0 & 0xf) == 2 || ID_AA64PFR0_EL1_FIELD(pfr0) == 2) {
        uint64_t aa32 = read_sysreg(id_dfr0_el1);
        EXPECT_TRUE(ID_DFR0_PERFMON(aa32) >= 7 &&
                    ID_DFR0_PERFMON(aa32) != 0xf);
    }
}

/*
 * PMCR_EL0.FZO, MDCR_EL2.HPMFZO, MDCR_EL3.{MPMX, MCCD} are read/write
 * fields when FEAT_PMUv3p7 is implemented (D24 register descriptions),
 * not RES0.
 */
TEST(pmu_v3p7_controls_are_writable)
{
    if (!pmu_setup(MDCR_EL3_SPME | MDCR_EL3_MPMX | MDCR_EL3_MCCD, pmu_n(),
                   MDCR_EL2_HPMFZO, PMCR_FZO)) {
        return;
    }
    EXPECT_EQ(read_sysreg(pmcr_el0) & PMCR_FZO, PMCR_FZO);
    EXPECT_EQ(read_sysreg(mdcr_el2) & MDCR_EL2_HPMFZO, MDCR_EL2_HPMFZO);
    EXPECT_EQ(read_sysreg(mdcr_el3) & (MDCR_EL3_MPMX | MDCR_EL3_MCCD),
              MDCR_EL3_MPMX | MDCR_EL3_MCCD);
    write_sysreg(pmcr_el0, PMCR_E);
    isb();
    EXPECT_EQ(read_sysreg(pmcr_el0) & PMCR_FZO, 0);
    pmu_teardown();
}

/*
 * D13.5.2.1 / PMCR_EL0.FZO = 1: event counters in the first range do not
 * count while PMOVSCLR_EL0.P<m> is 1 for a counter m in the first range;
 * clearing the flag lets them count again.  The overflow itself sets
 * PMOVSCLR_EL0.P<m> (D13.3) and wraps the counter to 0.
 */
TEST(pmu_fzo_overflow_freezes_first_range)
{
    if (!pmu_setup(MDCR_EL3_SPME, pmu_n(), 0, PMCR_FZO)) {
        return;
    }
    arm_overflow_pair(0, 1);
    EXPECT_TRUE(counting(1));
    overflow(0);
    EXPECT_EQ(read_sysreg(pmovsclr_el0) & BIT(0), BIT(0));
    EXPECT_EQ(evcntr(0) & 0xffffffffUL, 0);
    EXPECT_FALSE(counting(1));
    /* PMCCNTR with PMCR_EL0.DP = 0 is not affected by FZO. */
    EXPECT_TRUE(counting(31));
    write_sysreg(pmovsclr_el0, BIT(0));
    isb();
    EXPECT_TRUE(counting(1));
    pmu_teardown();
}

/* The same with PMCR_EL0.FZO = 0: an overflow freezes nothing. */
TEST(pmu_fzo_clear_overflow_does_not_freeze)
{
    if (!pmu_setup(MDCR_EL3_SPME, pmu_n(), 0, 0)) {
        return;
    }
    arm_overflow_pair(0, 1);
    overflow(0);
    EXPECT_EQ(read_sysreg(pmovsclr_el0) & BIT(0), BIT(0));
    EXPECT_TRUE(counting(1));
    EXPECT_TRUE(counting(31));
    pmu_teardown();
}

/*
 * PMCR_EL0.FZO: "If PMCR_EL0.DP is 1, the cycle counter PMCCNTR_EL0" is
 * affected too; D13.5 "The cycle counter, PMCCNTR, counts unless ...
 * PMCR.DP is 1 and ... event counting by event counters in first range
 * is frozen by PMCR.FZO".
 */
TEST(pmu_fzo_freezes_cycle_counter_only_with_dp)
{
    if (!pmu_setup(MDCR_EL3_SPME, pmu_n(), 0, PMCR_FZO | PMCR_DP)) {
        return;
    }
    arm_overflow_pair(0, 1);
    EXPECT_TRUE(counting(31));
    overflow(0);
    EXPECT_FALSE(counting(31));
    EXPECT_FALSE(counting(1));
    write_sysreg(pmovsclr_el0, BIT(0));
    isb();
    EXPECT_TRUE(counting(31));
    pmu_teardown();
}

/*
 * An overflow of the cycle counter (PMOVSCLR_EL0.C) is not an event
 * counter overflow: FZO freezes on PMOVSCLR_EL0.P<m> only.  Setting C
 * through PMOVSSET_EL0 leaves the first range counting; setting P0 that
 * way freezes it, as a real overflow does (the condition is the flag).
 */
TEST(pmu_fzo_condition_is_the_event_counter_flag)
{
    if (!pmu_setup(MDCR_EL3_SPME, pmu_n(), 0, PMCR_FZO | PMCR_DP)) {
        return;
    }
    arm_overflow_pair(0, 1);
    write_sysreg(pmovsset_el0, CYCLE_BIT);
    isb();
    EXPECT_TRUE(counting(1));
    EXPECT_TRUE(counting(31));
    write_sysreg(pmovsset_el0, BIT(0));
    isb();
    EXPECT_FALSE(counting(1));
    EXPECT_FALSE(counting(31));
    pmu_teardown();
}

/*
 * MDCR_EL2.HPMFZO = 1: the event counters of the second range ([HPMN, N))
 * do not count while PMOVSCLR_EL0 has a flag of a second-range counter
 * set; the first range and PMCCNTR are not affected.  With HPMN = 2, an
 * overflow of counter 2 freezes counter 3 but not counter 1.  Tested at
 * EL3: "This applies even when EL2 is disabled in the current Security
 * state", and the ranges do not depend on it (D13.1.1).
 */
TEST(pmu_hpmfzo_overflow_freezes_second_range)
{
    if (!pmu_setup(MDCR_EL3_SPME, 2, MDCR_EL2_HPME | MDCR_EL2_HPMFZO,
                   PMCR_FZO | PMCR_DP)) {
        return;
    }
    arm_overflow_pair(2, 3);
    evtyper_write(1, EV_CPU_CYCLES);
    write_sysreg(pmcntenset_el0, BIT(1));
    isb();
    EXPECT_TRUE(counting(3));
    overflow(2);
    EXPECT_EQ(read_sysreg(pmovsclr_el0) & BIT(2), BIT(2));
    EXPECT_FALSE(counting(3));
    EXPECT_TRUE(counting(1));
    EXPECT_TRUE(counting(31));
    write_sysreg(pmovsclr_el0, BIT(2));
    isb();
    EXPECT_TRUE(counting(3));
    pmu_teardown();
}

/*
 * The two freezes are separate: PMCR_EL0.FZO looks only at first-range
 * flags and stops only the first range, so an overflow in the first
 * range leaves the second range counting even with HPMFZO = 1.
 */
TEST(pmu_first_range_overflow_leaves_second_range_counting)
{
    if (!pmu_setup(MDCR_EL3_SPME, 2, MDCR_EL2_HPME | MDCR_EL2_HPMFZO,
                   PMCR_FZO)) {
        return;
    }
    arm_overflow_pair(0, 1);
    evtyper_write(3, EV_CPU_CYCLES);
    write_sysreg(pmcntenset_el0, BIT(3));
    isb();
    overflow(0);
    EXPECT_FALSE(counting(1));
    EXPECT_TRUE(counting(3));
    pmu_teardown();
}

/* HPMFZO = 0: a second-range overflow freezes nothing. */
TEST(pmu_hpmfzo_clear_overflow_does_not_freeze)
{
    if (!pmu_setup(MDCR_EL3_SPME, 2, MDCR_EL2_HPME, PMCR_FZO)) {
        return;
    }
    arm_overflow_pair(2, 3);
    overflow(2);
    EXPECT_EQ(read_sysreg(pmovsclr_el0) & BIT(2), BIT(2));
    EXPECT_TRUE(counting(3));
    pmu_teardown();
}

/*
 * R_GNGCW: at EL3, counting is permitted with MDCR_EL3.{SPME, MPMX} =
 * {1, 0} (all ranges), with {1, 1} only for event counters in the second
 * range, and not at all with {0, x}.
 */
TEST(pmu_mpmx_prohibits_first_range_at_el3)
{
    static const struct {
        uint64_t mdcr_el3;
        bool first, second;
    } rows[] = {
        { MDCR_EL3_SPME, true, true },
        { MDCR_EL3_SPME | MDCR_EL3_MPMX, false, true },
        { MDCR_EL3_MPMX, false, false },
        { 0, false, false },
    };

    for (unsigned int i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (!pmu_setup(rows[i].mdcr_el3, 2, MDCR_EL2_HPME, 0)) {
            return;
        }
        evtyper_write(1, EV_CPU_CYCLES);
        evtyper_write(3, EV_CPU_CYCLES);
        write_sysreg(pmcntenset_el0, BIT(1) | BIT(3));
        isb();
        if (!EXPECT_EQ(counting(1), rows[i].first) ||
            !EXPECT_EQ(counting(3), rows[i].second)) {
            printf("  MDCR_EL3 = 0x%lx\n", (unsigned long)rows[i].mdcr_el3);
        }
    }
    pmu_teardown();
}

/*
 * MDCR_EL3.MPMX with PMCR_EL0.DP = 1 also disables PMCCNTR at EL3 ("If
 * PMCR_EL0.DP is 1, PMCCNTR_EL0 is disabled at EL3"); with DP = 0 the
 * cycle counter is not affected by MPMX.
 */
TEST(pmu_mpmx_cycle_counter_follows_dp)
{
    if (!pmu_setup(MDCR_EL3_SPME | MDCR_EL3_MPMX, 2, MDCR_EL2_HPME, 0)) {
        return;
    }
    write_sysreg(pmcntenset_el0, CYCLE_BIT);
    isb();
    EXPECT_TRUE(counting(31));
    write_sysreg(pmcr_el0, PMCR_E | PMCR_LC | PMCR_DP);
    isb();
    EXPECT_FALSE(counting(31));
    pmu_teardown();
}

static uint64_t lower_spin(uint64_t arg)
{
    (void)arg;
    spin();
    return 0;
}

static uint64_t lower_read_evcntr1(uint64_t arg)
{
    (void)arg;
    return evcntr(1);
}

/*
 * D13.5 cycle counter rules: "FEAT_PMUv3p7 is implemented, the PE is at
 * EL3, EL3 is using AArch64, and MDCR_EL3.{SCCD, MCCD} is not {0, 0}"
 * stops PMCCNTR_EL0.  MCCD affects EL3 only: the counter still counts at
 * Non-secure EL2.  "This field does not affect the CPU_CYCLES event".
 */
TEST(pmu_mccd_stops_cycle_counter_at_el3_only)
{
    uint64_t a, b;

    if (!pmu_setup(MDCR_EL3_SPME | MDCR_EL3_MCCD, pmu_n(), 0, 0)) {
        return;
    }
    evtyper_write(1, EV_CPU_CYCLES);
    write_sysreg(pmcntenset_el0, CYCLE_BIT | BIT(1));
    write_sysreg(pmccfiltr_el0, BIT(27));   /* NSH: count at EL2 */
    isb();
    EXPECT_FALSE(counting(31));
    EXPECT_TRUE(counting(1));
    a = read_sysreg(pmccntr_el0);
    run_at(WORLD_NONSECURE, 2, lower_spin, 0);
    b = read_sysreg(pmccntr_el0);
    EXPECT_TRUE(b > a);
    pmu_teardown();
}

/*
 * R_GNGCW: "Counting ... is prohibited at EL2, EL1, and EL0 in Secure
 * state unless ... MDCR_EL3.{SPME, MPMX} is not {0, 0}".  So MPMX alone
 * (SPME = 0) lets Secure EL1 count while EL3 does not.  Counter 1 counts
 * CPU_CYCLES across a Secure EL1 spin; EL3 itself is prohibited.
 */
TEST(pmu_mpmx_alone_permits_secure_el1)
{
    static const uint64_t mdcr[] = { MDCR_EL3_MPMX, 0 };
    uint64_t a, b;

    for (unsigned int i = 0; i < 2; i++) {
        if (!pmu_setup(mdcr[i], pmu_n(), 0, 0)) {
            return;
        }
        evtyper_write(1, EV_CPU_CYCLES);
        write_sysreg(pmcntenset_el0, BIT(1));
        isb();
        EXPECT_FALSE(counting(1));
        a = evcntr(1);
        run_at(WORLD_SECURE, 1, lower_spin, 0);
        b = run_at(WORLD_SECURE, 1, lower_read_evcntr1, 0);
        if (!EXPECT_EQ(b > a, mdcr[i] != 0)) {
            printf("  MDCR_EL3 = 0x%lx\n", (unsigned long)mdcr[i]);
        }
    }
    pmu_teardown();
}
