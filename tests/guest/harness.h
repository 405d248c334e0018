/*
 * harness.h - the public API of the bare-metal RME test harness.
 *
 * The image is entered at EL3 (Root).  Tests run at EL3 and may call
 * run_at() to execute a function at EL2 or EL1 of the Secure, Non-secure
 * or Realm world.  Exceptions can be expected and inspected at any EL.
 *
 * All harness state lives in the image, in ordinary memory with the MMU
 * off at every EL, so every world reaches it through its own physical
 * address space.  Tests that enable granule protection checks must keep
 * the whole image (and the UART) at GPI "All access" - see gpt-table.h.
 */
#ifndef GUEST_HARNESS_H
#define GUEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "printf.h"
#include "rme/arch.h"

/* ---- worlds and exception levels ------------------------------------ */

/* Security states, numbered {NSE, NS} as everywhere (include/rme/arch.h). */
enum world {
    WORLD_SECURE = RME_SS_SECURE,
    WORLD_NONSECURE = RME_SS_NONSECURE,
    WORLD_ROOT = RME_SS_ROOT,   /* EL3 itself; not a valid run_at() target */
    WORLD_REALM = RME_SS_REALM,
};

const char *world_name(enum world w);

/*
 * Run fn(arg) at Exception level el (1 or 2) of world w and return its
 * result.  Only callable at EL3.  The lower EL runs with the MMU off
 * (its accesses use the world's physical address space), with its own
 * stack, with DAIF masked, and with the harness vectors installed.
 * See world.c for the exact register state.
 *
 * If fn takes an unexpected exception or a fatal assertion fails, the
 * current test is aborted and run_at() does not return.
 */
typedef uint64_t (*lower_fn)(uint64_t arg);
uint64_t run_at(enum world w, unsigned int el, lower_fn fn, uint64_t arg);

/*
 * Extra SCR_EL3 bits OR-ed in by run_at() (for example SCR_GPF, SCR_SMD),
 * and extra HCR_EL2 bits (for example HCR_TSC).  Both reset to 0 before
 * every test.
 */
void run_at_set_scr_extra(uint64_t bits);
/*
 * scr with SCR_EL3.{NSE,NS} selecting world w (D24.2 SCR_EL3.NSE; the
 * enum's numbering is {NSE,NS}), and EEL2 set when FEAT_SEL2 is
 * implemented (Secure EL2 enabled); its other bits are kept.
 */
uint64_t scr_for_world(uint64_t scr, enum world w);
void run_at_set_hcr_extra(uint64_t bits);
/*
 * Extra SCTLR_EL2 bits for the lower EL's entry, e.g. SCTLR_M so that
 * EL2 starts with the stage 1 that mmu_el2_preload() set up (a test whose
 * EL2 code must not run with its MMU off).  Reset to 0 before every test.
 */
void run_at_set_sctlr_el2_extra(uint64_t bits);
/*
 * The CPTR_EL2 and CPACR_EL1 values run_at() writes (default
 * CPTR_EL2_DEFAULT and CPACR_EL1_DEFAULT: FP/SIMD enabled, SVE and SME
 * trapped), e.g. to let EL1 use SVE.  Reset before every test.
 */
void run_at_set_fp_traps(uint64_t cptr_el2, uint64_t cpacr_el1);
uint64_t run_at_get_scr_extra(void);
uint64_t run_at_get_hcr_extra(void);

/* Feature checks (ID_AA64PFR0_EL1). */
bool cpu_has_rme(void);
bool cpu_has_sel2(void);

/* ---- a second PE (smp.c) ---------------------------------------------- */

/*
 * With -smp 2 (run-qemu.sh SMP=2): run fn(arg) at EL3 on CPU 1 and return
 * at once; false if CPU 1 does not answer (a single-PE run).  CPU 1 must
 * not use printf, assertions or run_at(): it reports through memory.
 */
bool smp_cpu1_start(void (*fn)(uint64_t), uint64_t arg);
/* Wait until CPU 1 has finished the function smp_cpu1_start() gave it. */
void smp_cpu1_wait(void);
/*
 * CPU 1 only: run fn(arg) at EL el of world w with the EL1/EL2 registers
 * as the caller set them; fn's result, or (1 << 63) | ESR_ELx if that EL
 * took an exception, or ~0 if EL3 did (ESR_EL3 in smp_cpu1_esr).
 */
uint64_t smp_cpu1_run_lower(enum world w, unsigned int el, lower_fn fn,
                            uint64_t arg);
extern volatile uint64_t smp_cpu1_esr;

/* ---- expected exceptions -------------------------------------------- */

/*
 * What the exception vector at the EL that took an expected exception
 * recorded.  The handler then resumes the interrupted code: for aborts,
 * UNDEFINED instructions and traps it skips the faulting instruction
 * (ELR + 4); for SVC, HVC and an SMC taken to EL3, whose preferred return
 * address is already the next instruction, it returns to ELR unchanged.
 * An instruction fetch fault (Instruction Abort, or a GPC exception with
 * ISS.InD = 1) resumes at the interrupted code's link register (x30):
 * that returns from a function whose first instruction could not be
 * fetched.  An Illegal Execution state exception resumes at ELR + 4 with
 * SPSR.IL cleared.
 */
struct exc_record {
    unsigned int taken;     /* number of exceptions recorded (0 or 1) */
    unsigned int el;        /* EL the exception was taken to */
    unsigned int from_el;   /* EL it was taken from (SPSR.M[3:2]) */
    enum world world;       /* security state it was taken from */
    uint64_t esr;
    uint64_t far;
    uint64_t elr;           /* ELR_ELx as the exception left it */
    uint64_t spsr;
    uint64_t mfar;          /* MFAR_EL3 (only when el == 3 and RME) */
    uint64_t hpfar;         /* HPFAR_EL2 (only when el == 2) */
};

/* The record; valid after expect_exception() and the access. */
extern volatile struct exc_record exc_rec;

/* Arm the catcher for exactly one exception and clear the record. */
void expect_exception(void);
/* Disarm; returns true if an exception was recorded since arming. */
bool exception_taken(void);

/* ---- tests ------------------------------------------------------------ */

struct test_case {
    const char *name;
    void (*fn)(void);
};

/*
 * Define a test:   TEST(my_test) { ... EXPECT_EQ(a, b); ... }
 * Tests run in link order (Makefile TEST_SRCS order, then file order).
 */
#define TEST(tname)                                                        \
    static void test_fn_##tname(void);                                     \
    static const struct test_case test_case_##tname                        \
        __attribute__((used, section(".tests"), aligned(8))) = {           \
            .name = #tname, .fn = test_fn_##tname,                         \
        };                                                                 \
    static void test_fn_##tname(void)

/*
 * Record a failure; returns false.  Usable at any EL and in any world.
 * The first failure of a test becomes the reason on its FAIL line.
 * file may be NULL for failures without a source location.
 */
bool test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Abort the current test (after a failure was recorded). Any EL. */
void test_abort(void) __attribute__((noreturn));
/*
 * End the current test as skipped: it prints "SKIP <name>: <reason>" and
 * counts in the summary's ", N skipped" (unless a failure was already
 * recorded, which makes it a FAIL).  For tests that cannot run on this
 * configuration (e.g. a GPCCR_EL3.L0GPTSZ or PARange they do not cover).
 * EL3 only.
 */
void test_skip(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));
#define SKIP(...) test_skip(__VA_ARGS__)
bool expect_u64(const char *file, int line, const char *op,
                const char *sa, const char *sb, uint64_t a, uint64_t b);

/* Non-fatal assertions: record a failure and continue. */
#define EXPECT_EQ(a, b) expect_u64(__FILE__, __LINE__, "==", #a, #b, \
                                   (uint64_t)(a), (uint64_t)(b))
#define EXPECT_NE(a, b) expect_u64(__FILE__, __LINE__, "!=", #a, #b, \
                                   (uint64_t)(a), (uint64_t)(b))
#define EXPECT_TRUE(c)  expect_u64(__FILE__, __LINE__, "true", #c, "", \
                                   (uint64_t)!!(c), 1)
#define EXPECT_FALSE(c) expect_u64(__FILE__, __LINE__, "false", #c, "", \
                                   (uint64_t)!!(c), 0)

/* Fatal assertions: record a failure and abort the test. */
#define ASSERT_EQ(a, b) do { if (!EXPECT_EQ(a, b)) test_abort(); } while (0)
#define ASSERT_NE(a, b) do { if (!EXPECT_NE(a, b)) test_abort(); } while (0)
#define ASSERT_TRUE(c)  do { if (!EXPECT_TRUE(c)) test_abort(); } while (0)
#define ASSERT_FALSE(c) do { if (!EXPECT_FALSE(c)) test_abort(); } while (0)

/* ---- small utilities -------------------------------------------------- */

/* CurrentEL at image entry, saved by start.S. */
extern uint64_t boot_current_el;

/*
 * Single memory accesses that can fault; the faulting instruction is the
 * one the exception handler skips.  The value read is UNKNOWN if the
 * access faulted.
 */
uint64_t probe_read64(uintptr_t addr);
void probe_write64(uintptr_t addr, uint64_t val);

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);

/*
 * The run's arguments (semihosting SYS_GET_CMDLINE; run-qemu.sh's
 * GUEST_ARGS), "" if none; and the value of NAME=VALUE among them (it
 * ends at a space or NUL), or NULL.
 */
const char *platform_cmdline(void);
const char *platform_arg(const char *name);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* GUEST_HARNESS_H */
