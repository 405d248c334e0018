/*
 * negative.c - tests that must FAIL, to prove the harness's failure
 * paths work (a harness that cannot report a failure is useless).
 * Built only with "make NEGATIVE=1"; check-harness.sh runs that build and
 * checks that every negative_* test fails, that the run goes on after
 * each of them, and that the final summary counts them.
 */
#include "gpt-table.h"
#include "harness.h"
#include "sysreg.h"

void do_udf(void);

static uint64_t udf_fn(uint64_t arg)
{
    do_udf();
    return arg;
}

static uint64_t assert_fn(uint64_t arg)
{
    ASSERT_EQ(arg, 1);
    return 0;
}

static uint64_t read_fn(uint64_t addr)
{
    return probe_read64(addr);
}

TEST(negative_expect_eq)
{
    EXPECT_EQ(1 + 1, 3);
}

TEST(negative_expected_exception_not_taken)
{
    expect_exception();
    EXPECT_TRUE(exception_taken());
}

TEST(negative_unexpected_undef_at_el3)
{
    do_udf();
    test_fail(__FILE__, __LINE__, "not reached: the test was not aborted");
}

TEST(negative_unexpected_undef_at_ns_el1)
{
    run_at(WORLD_NONSECURE, 1, udf_fn, 0);
    test_fail(__FILE__, __LINE__, "not reached: run_at() returned");
}

TEST(negative_unexpected_undef_at_realm_el2)
{
    run_at(WORLD_REALM, 2, udf_fn, 0);
    test_fail(__FILE__, __LINE__, "not reached: run_at() returned");
}

TEST(negative_assert_at_secure_el1)
{
    run_at(WORLD_SECURE, 1, assert_fn, 2);
    test_fail(__FILE__, __LINE__, "not reached: run_at() returned");
}

/* The abort SMC from EL1 is trapped by HCR_EL2.TSC and relayed by EL2. */
TEST(negative_abort_with_hcr_tsc)
{
    run_at_set_hcr_extra(HCR_TSC);
    run_at(WORLD_NONSECURE, 1, udf_fn, 0);
    test_fail(__FILE__, __LINE__, "not reached: run_at() returned");
}

/* Aborted with GPC on and a Root granule: the next test must not care. */
static uint8_t neg_page[GPT_GRANULE] __attribute__((aligned(GPT_GRANULE)));

TEST(negative_unexpected_gpc_exception)
{
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi((uintptr_t)neg_page, GPI_ROOT);
    gpc_enable();
    run_at_set_scr_extra(SCR_GPF);
    run_at(WORLD_NONSECURE, 1, read_fn, (uintptr_t)neg_page);
    test_fail(__FILE__, __LINE__, "not reached: run_at() returned");
}

/* A failure recorded before SKIP() makes the test FAIL, not SKIP. */
TEST(negative_fail_then_skip)
{
    EXPECT_EQ(1, 2);
    SKIP("must not hide the failure above");
}

/* Must print "SKIP skip_is_reported: ..." and count as skipped. */
TEST(skip_is_reported)
{
    SKIP("the harness's SKIP path works");
}

static uint64_t id_fn(uint64_t arg)
{
    return arg + current_el();
}

/* Must PASS: the state after the failures above is the documented one. */
TEST(after_negative_state_is_clean)
{
    EXPECT_EQ(read_sysreg_s(GPCCR_EL3) & GPCCR_GPC, 0);
    EXPECT_EQ(read_sysreg(scr_el3), SCR_RES1 | SCR_RW | SCR_HCE);
    EXPECT_EQ(read_sysreg(hcr_el2) & HCR_TSC, 0);
    EXPECT_EQ(run_at(WORLD_NONSECURE, 1, id_fn, 100), 101);
    EXPECT_EQ(probe_read64((uintptr_t)neg_page), 0);
}
