/*
 * harness.c - test runner, assertions and panic.
 *
 * Output (one line per test, then the summary line):
 *     PASS <name>
 *     FAIL <name>: <first failure>
 *     SKIP <name>: <why it cannot run on this configuration>
 *     <N> passed, <N> failed[, <N> skipped]
 * Failure details are printed as indented lines before the FAIL line.
 * ", <N> skipped" is only printed when a test was skipped.
 * The run then ends through platform_exit(): exit code 0 if all passed.
 */
#include "board.h"
#include "internal.h"
#include "mmu.h"
#include "sysreg.h"

/* Written by start.S after .bss is cleared. */
uint64_t boot_current_el;

extern const struct test_case __tests_start[], __tests_end[];

static struct cpu_ctx test_ctx;         /* where an aborted test resumes */
static volatile bool test_failed;
static volatile bool test_aborting;
static volatile bool test_skipped;
static char fail_reason[192];
static char skip_reason[160];
static unsigned int n_passed, n_failed, n_skipped;

static const char *basename(const char *path)
{
    const char *b = path;

    for (; *path; path++) {
        if (*path == '/') {
            b = path + 1;
        }
    }
    return b;
}

bool test_fail(const char *file, int line, const char *fmt, ...)
{
    char msg[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    if (file) {
        printf("    %s:%d: %s\n", basename(file), line, msg);
    }
    if (!test_failed) {
        if (file) {
            snprintf(fail_reason, sizeof(fail_reason), "%s:%d: %s",
                     basename(file), line, msg);
        } else {
            snprintf(fail_reason, sizeof(fail_reason), "%s", msg);
        }
        test_failed = true;
    }
    return false;
}

bool expect_u64(const char *file, int line, const char *op,
                const char *sa, const char *sb, uint64_t a, uint64_t b)
{
    bool ok;

    if (op[0] == '=') {
        ok = a == b;
    } else if (op[0] == '!') {
        ok = a != b;
    } else {
        /* EXPECT_TRUE / EXPECT_FALSE: b holds the wanted truth value */
        if (a == b) {
            return true;
        }
        return test_fail(file, line, "expected %s(%s)", op, sa);
    }
    if (ok) {
        return true;
    }
    return test_fail(file, line, "expected %s %s %s, got 0x%lx (%ld) vs "
                     "0x%lx (%ld)", sa, op, sb, a, (long)a, b, (long)b);
}

void test_skip(const char *fmt, ...)
{
    va_list ap;

    if (current_el() != 3) {
        test_fail(__FILE__, __LINE__, "test_skip() called below EL3");
        test_abort();
    }
    va_start(ap, fmt);
    vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
    va_end(ap);
    test_skipped = true;
    test_abort_el3();
}

static void print_summary(unsigned int passed, unsigned int failed)
{
    printf("%u passed, %u failed", passed, failed);
    if (n_skipped) {
        printf(", %u skipped", n_skipped);
    }
    printf("\n");
}

void test_abort_el3(void)
{
    ctx_restore(&test_ctx, 1);
}

void test_abort(void)
{
    register uint64_t x0 __asm__("x0") = HSMC_ABORT;

    if (current_el() == 3) {
        test_abort_el3();
    }
    /*
     * At a lower EL: ask EL3 to unwind.  If the SMC itself cannot reach
     * EL3 (a test set SCR_EL3.SMD or HCR_EL2.TSC), the resulting
     * exception comes back here; stop the run instead of looping.
     */
    if (test_aborting) {
        panic("cannot return to EL3 to abort the test\n");
    }
    test_aborting = true;
    __asm__ volatile("smc #" STR(HARNESS_SMC_IMM) : : "r"(x0) : "memory");
    panic("harness abort SMC returned\n");
}

void panic(const char *fmt, ...)
{
    va_list ap;

    printf("PANIC (EL%u): ", current_el());
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    print_summary(n_passed, n_failed + 1);
    platform_exit(1);
}

/* Does name contain the substring sub? */
static bool __attribute__((unused)) name_has(const char *name,
                                             const char *sub)
{
    size_t n = strlen(sub);

    for (const char *p = name; *p; p++) {
        size_t i = 0;

        while (i < n && p[i] == sub[i]) {
            i++;
        }
        if (i == n) {
            return true;
        }
    }
    return false;
}

static bool test_selected(const struct test_case *t)
{
#ifdef TEST_EXCLUDE
    /* make EXCLUDE=substring: leave out tests whose name contains it */
    if (name_has(t->name, TEST_EXCLUDE)) {
        return false;
    }
#endif
#ifdef TEST_FILTER
    /* make FILTER=substring: run only tests whose name contains it */
    return name_has(t->name, TEST_FILTER);
#else
    (void)t;
    return true;
#endif
}

/* Put EL3 and the lower ELs back into the documented state. */
static void reset_state(void)
{
    test_failed = false;
    test_aborting = false;
    test_skipped = false;
    fail_reason[0] = '\0';
    skip_reason[0] = '\0';
    world_reset();
    gpc_reset();
    mpe_reset();
    mmu_reset();
    exc_reset();
}

void harness_main(void)
{
    const struct test_case *t;

    uart_init();
    printf("guest-tests on %s: entered at EL%lu\n", BOARD_NAME,
           boot_current_el);
    if (boot_current_el != 3) {
        printf("FAIL entry: the harness must be entered at EL3, "
               "not EL%lu\n", boot_current_el);
        printf("0 passed, 1 failed\n");
        platform_exit(1);
    }

    for (t = __tests_start; t < __tests_end; t++) {
        if (!test_selected(t)) {
            continue;
        }
        reset_state();
        if (ctx_save(&test_ctx) == 0) {
            t->fn();
        }
        /* Reached when the test returns or is aborted. */
        if (test_failed) {
            n_failed++;
            printf("FAIL %s: %s\n", t->name, fail_reason);
        } else if (test_skipped) {
            n_skipped++;
            printf("SKIP %s: %s\n", t->name, skip_reason);
        } else {
            n_passed++;
            printf("PASS %s\n", t->name);
        }
        reset_state();
    }

    /* What an observer of the run can count too (tests/e2e/test_trace_events.py) */
    printf("harness: %u GPC exceptions taken to EL3\n", exc_gpc_count);
    print_summary(n_passed, n_failed);
    platform_exit(n_failed ? 1 : 0);
}
