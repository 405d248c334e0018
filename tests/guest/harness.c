/*
 * harness.c - test runner, assertions and panic.
 *
 * Output (one line per test, then the summary line):
 *     PASS <name>
 *     FAIL <name>: <first failure>
 *     <N> passed, <N> failed
 * Failure details are printed as indented lines before the FAIL line.
 * The run then ends through platform_exit(): exit code 0 if all passed.
 */
#include "board.h"
#include "internal.h"
#include "sysreg.h"

/* Written by start.S after .bss is cleared. */
uint64_t boot_current_el;

extern const struct test_case __tests_start[], __tests_end[];

static struct cpu_ctx test_ctx;         /* where an aborted test resumes */
static volatile bool test_failed;
static volatile bool test_aborting;
static char fail_reason[192];
static unsigned int n_passed, n_failed;

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
    printf("%u passed, %u failed\n", n_passed, n_failed + 1);
    platform_exit(1);
}

static bool test_selected(const struct test_case *t)
{
#ifdef TEST_FILTER
    /* make FILTER=substring: run only tests whose name contains it */
    const char *f = TEST_FILTER;
    size_t n = strlen(f);

    for (const char *p = t->name; *p; p++) {
        size_t i = 0;

        while (i < n && p[i] == f[i]) {
            i++;
        }
        if (i == n) {
            return true;
        }
    }
    return false;
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
    fail_reason[0] = '\0';
    world_reset();
    gpc_reset();
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
        } else {
            n_passed++;
            printf("PASS %s\n", t->name);
        }
        reset_state();
    }

    printf("%u passed, %u failed\n", n_passed, n_failed);
    platform_exit(n_failed ? 1 : 0);
}
