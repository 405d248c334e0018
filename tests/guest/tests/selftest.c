/*
 * selftest.c - tests of the harness itself: entry state, run_at() in
 * every world and EL, and exception catching at EL1, EL2 and EL3.
 * Each test cites the Arm ARM (DDI0487 M.a) rule or section it checks.
 */
#include "board.h"
#include "harness.h"
#include "sysreg.h"

/* tests/insns.S */
void do_udf(void);
uint64_t do_smc_1234(uint64_t x0);
extern char do_smc_1234_next[];

static const enum world lower_worlds[] = {
    WORLD_SECURE, WORLD_NONSECURE, WORLD_REALM,
};

/*
 * D1.6.3 "Reset behavior": on reset the PE enters the highest implemented
 * Exception level; with EL3 implemented that is EL3, and CurrentEL.EL
 * (bits [3:2]) reads 3.  The loader must not have changed that.
 */
TEST(entry_at_el3)
{
    EXPECT_EQ(boot_current_el, 3);
    EXPECT_EQ(current_el(), 3);
}

static uint64_t report_el(uint64_t arg)
{
    return (arg << 8) | current_el();
}

/*
 * D1.4.4.1 "Legal exception returns from AArch64 state": ERET from EL3
 * with SPSR_EL3.M = EL2h and SCR_EL3.NS = 1 enters Non-secure EL2, where
 * CurrentEL reads 2.  Also checks the 64-bit result gets back to EL3.
 */
TEST(run_at_nonsecure_el2)
{
    uint64_t r = run_at(WORLD_NONSECURE, 2, report_el, 0x00abcdef12345678UL);

    EXPECT_EQ(r & 0xff, 2);
    EXPECT_EQ(r >> 8, 0x00abcdef12345678UL);
}

static uint64_t el_then_smc(uint64_t arg)
{
    uint64_t el = current_el();

    do_smc_1234(arg);
    return el;
}

/*
 * Every (world, EL) that run_at() offers is reachable: CurrentEL is the
 * requested EL, and an SMC from there arrives at EL3 with SPSR_EL3.M
 * naming that EL and SCR_EL3.{NSE,NS} naming that world (D24.2 SCR_EL3:
 * Secure {0,0}, Non-secure {0,1}, Realm {1,1}).  Realm needs FEAT_RME
 * (ID_AA64PFR0_EL1.RME != 0), Secure EL2 needs FEAT_SEL2.
 */
TEST(run_at_every_world_and_el)
{
    uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);

    ASSERT_NE(id_field(pfr0, ID_AA64PFR0_RME_SHIFT), 0);
    ASSERT_NE(id_field(pfr0, ID_AA64PFR0_SEL2_SHIFT), 0);

    for (unsigned int i = 0; i < ARRAY_SIZE(lower_worlds); i++) {
        for (unsigned int el = 2; el >= 1; el--) {
            enum world w = lower_worlds[i];
            bool ok = true;
            uint64_t r;

            expect_exception();
            r = run_at(w, el, el_then_smc, 0);
            ok &= EXPECT_EQ(r, el);
            ok &= EXPECT_TRUE(exception_taken());
            ok &= EXPECT_EQ(exc_rec.el, 3);
            ok &= EXPECT_EQ(exc_rec.from_el, el);
            ok &= EXPECT_EQ(exc_rec.world, w);
            if (!ok) {
                printf("    (in %s EL%u)\n", world_name(w), el);
            }
        }
    }
}

static uint64_t undef_fn(uint64_t arg)
{
    (void)arg;
    expect_exception();
    do_udf();
    return exception_taken();
}

/*
 * UDF is UNDEFINED.  With HCR_EL2.TGE == 0 nothing routes the Undefined
 * Instruction exception away from EL1, so it is taken to EL1 (D1.4.5,
 * R_DPLSC) with ESR_EL1.EC = 0x00 "Unknown reason", IL = 1, ISS = 0
 * (D24.2 ESR_EL1), and ELR_EL1 = the UDF itself, the preferred return
 * address of an UNDEFINED instruction (D1.4, R_LBLBR).  In every world.
 */
TEST(undef_at_el1_taken_to_el1)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(lower_worlds); i++) {
        enum world w = lower_worlds[i];
        bool ok = true;

        ok &= EXPECT_EQ(run_at(w, 1, undef_fn, 0), 1);
        ok &= EXPECT_EQ(exc_rec.el, 1);
        ok &= EXPECT_EQ(exc_rec.from_el, 1);
        ok &= EXPECT_EQ(exc_rec.world, w);
        ok &= EXPECT_EQ(ESR_EC(exc_rec.esr), EC_UNKNOWN);
        ok &= EXPECT_EQ(exc_rec.esr & ESR_IL, ESR_IL);
        ok &= EXPECT_EQ(ESR_ISS(exc_rec.esr), 0);
        ok &= EXPECT_EQ(exc_rec.elr, (uintptr_t)do_udf);
        if (!ok) {
            printf("    (in %s EL1)\n", world_name(w));
        }
    }
}

static uint64_t smc_fn(uint64_t arg)
{
    return do_smc_1234(arg);
}

/*
 * With SCR_EL3.SMD == 0 and HCR_EL2.TSC == 0, SMC at EL1 generates a
 * Secure Monitor Call exception taken to EL3 (C6.2 "SMC"; D24.2 SCR_EL3.SMD):
 * ESR_EL3.EC = 0x17, ISS[15:0] = imm16; ELR_EL3 is the instruction after
 * the SMC (D1.4, R_DKWPP).  General-purpose registers are unchanged by
 * the exception, so x0 comes back.
 */
TEST(smc_from_ns_el1_taken_to_el3)
{
    uint64_t r;

    expect_exception();
    r = run_at(WORLD_NONSECURE, 1, smc_fn, 0x5a5a);
    EXPECT_EQ(r, 0x5a5a);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 3);
    EXPECT_EQ(exc_rec.from_el, 1);
    EXPECT_EQ(exc_rec.world, WORLD_NONSECURE);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_SMC64);
    EXPECT_EQ(exc_rec.esr & 0xffff, 0x1234);
    EXPECT_EQ(exc_rec.esr & ESR_IL, ESR_IL);
    EXPECT_EQ(exc_rec.elr, (uintptr_t)do_smc_1234_next);
}

/*
 * HCR_EL2.TSC == 1 traps SMC at EL1 to EL2 (D24.2 HCR_EL2.TSC) with
 * EC 0x17; a trapped exception-generating instruction has the
 * instruction itself as preferred return address (D1.4, R_LBLBR), unlike
 * an SMC taken to EL3.
 */
TEST(smc_trapped_by_hcr_tsc_taken_to_el2)
{
    uint64_t r;

    run_at_set_hcr_extra(HCR_TSC);
    expect_exception();
    r = run_at(WORLD_NONSECURE, 1, smc_fn, 0x77);
    EXPECT_EQ(r, 0x77);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 2);
    EXPECT_EQ(exc_rec.from_el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_SMC64);
    EXPECT_EQ(exc_rec.esr & 0xffff, 0x1234);
    EXPECT_EQ(exc_rec.elr, (uintptr_t)do_smc_1234);
}

#ifdef BOARD_UNMAPPED_PA
static uint64_t read_fn(uint64_t addr)
{
    return probe_read64(addr);
}

/*
 * A read of a PA with nothing behind it gets a synchronous External
 * abort.  With SCR_EL3.EA == 0 and HCR_EL2.{TGE,TEA} == {0,0} it is taken
 * from EL1 to EL1 (D1.4.5.2, table of synchronous External abort
 * targets): ESR_EL1.EC = 0x25 (Data Abort, same EL), DFSC = 0b010000,
 * FAR_EL1 = the address, ELR_EL1 = the load.
 */
TEST(external_abort_on_unmapped_pa)
{
    expect_exception();
    run_at(WORLD_NONSECURE, 1, read_fn, BOARD_UNMAPPED_PA);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_SEA);
    EXPECT_EQ(exc_rec.far, BOARD_UNMAPPED_PA);
    EXPECT_EQ(exc_rec.elr, (uintptr_t)probe_read64);
}
#endif

#if BOARD_SECURE_MEM_NS_ABORTS
static uint64_t read_secure_mem(uint64_t addr)
{
    return probe_read64(addr);
}

/*
 * With stage 1 translation disabled, an access uses the PA space of the
 * current Security state (D8.19, AArch64.S1DisabledOutput()).  The board's secure-only memory answers only in the
 * Secure PA space (board.h), so it tells the worlds apart: Secure EL1
 * reads it without an exception, Non-secure EL1 gets a synchronous
 * External abort at EL1 (D1.4.5.2).
 */
TEST(secure_memory_only_in_secure_world)
{
    expect_exception();
    run_at(WORLD_SECURE, 1, read_secure_mem, BOARD_SECURE_MEM_BASE);
    EXPECT_FALSE(exception_taken());

    expect_exception();
    run_at(WORLD_NONSECURE, 1, read_secure_mem, BOARD_SECURE_MEM_BASE);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 1);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_DABT_CUR);
    EXPECT_EQ(exc_rec.esr & FSC_MASK, FSC_SEA);
    EXPECT_EQ(exc_rec.far, BOARD_SECURE_MEM_BASE);
}
#endif
