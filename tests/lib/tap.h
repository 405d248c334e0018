/*
 * qemu-rme: a tiny TAP producer for the host unit tests.
 *
 * Output is TAP version 13 (also valid TAP 14), read by `meson test`
 * (protocol: 'tap') and by scripts/check through tests/lib/meson-tap.py:
 *
 *     TAP version 13
 *     ok 1 - EncodeGPCSC: ...
 *     # ../../target-arm-rme/tests/test-gpt.c:312: r.gpcsc == 0x0c
 *     #     got:      0x5 (5)
 *     #     expected: 0xc (12)
 *     not ok 2 - R_XVCKY: GPTBR_EL3.BADDR above PPS -> ...
 *     ok 3 - windows # SKIP no FEAT_RME_GPC3
 *     1..3
 *     # 5649 assertions in 3 tests: 1 failed, 1 skipped
 *
 * A test point is either a named test, tap_begin() ... tap_end(), that
 * holds any number of assertions and fails if one of them fails, or a
 * single assertion made outside such a test (it is then its own test point,
 * named by its expression).  Assertions never abort: every one runs, and
 * each failure prints "# file:line: what" plus got/expected for the
 * comparisons (at most 12 per test point).  Diagnostics of a test point
 * precede its ok/not ok line, so a crash loses nothing already printed.
 * The plan is printed at the end (tap_done()) unless tap_plan() gave it
 * first.  tap_done() returns the exit status: 1 on any failure or plan
 * mismatch, else 0 (meson test shows a TAP test that exits non-zero as
 * ERROR rather than FAIL; both count as failed).  TAP_VERBOSE=1 in the
 * environment adds a "# N assertions" line after each test point.
 *
 * Why not GLib's g_test (QEMU's own unit tests use it): the code under test
 * (target-arm-rme/gpt.c, plugins/cca-decode.c) is plain C11 with no
 * dependencies, gpt.c even builds freestanding into tests/diff's guest
 * image, and its tests should build wherever it does with a C compiler
 * alone (the host build then needs GLib only for the plugins).  GTest also
 * fits these tests poorly: its assertions abort the test binary unless
 * g_test_set_nonfatal_assertions() is called, test cases are functions
 * registered under '/'-separated paths before g_test_run() (the names here
 * cite rules like "R_CPDSB/R_JFFHB" and hundreds are made in loops).
 * tap.c is about 300 lines with one static struct of state.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_RME_TAP_H
#define QEMU_RME_TAP_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TAP_NORETURN __attribute__((noreturn))
#else
#define TAP_PRINTF(f, a)
#define TAP_NORETURN
#endif

/* Optional: announce the number of test points up front ("1..n"). */
void tap_plan(unsigned n);

/* A named test point; its assertions are those made until tap_end(). */
void tap_begin(const char *name);
void tap_end(void);

/* A test point that did not run: "ok N - name # SKIP reason". */
void tap_skip(const char *name, const char *reason);

/* A "# ..." diagnostic line. */
void tap_diag(const char *fmt, ...) TAP_PRINTF(1, 2);

/* "Bail out! ...", then exit(2): for broken test set-ups, not failures. */
void tap_bail(const char *fmt, ...) TAP_PRINTF(1, 2) TAP_NORETURN;

/* Trailing plan and summary; returns the process exit status. */
int tap_done(void);

/*
 * Assertions.  Each returns whether it held.  The _at functions take the
 * caller's position, for helpers that check on behalf of their caller
 * (wrap the helper in a macro passing __FILE__, __LINE__); "what" names
 * the check in the failure message (the macros pass the expression).
 */
bool tap_ok_at(const char *file, int line, bool ok, const char *fmt, ...)
    TAP_PRINTF(4, 5);
bool tap_true_at(const char *file, int line, bool ok, const char *what);
bool tap_eq_u64_at(const char *file, int line, const char *what,
                   uint64_t got, uint64_t want);
bool tap_eq_i64_at(const char *file, int line, const char *what,
                   int64_t got, int64_t want);
/* Strings: equal, or both NULL. */
bool tap_eq_str_at(const char *file, int line, const char *what,
                   const char *got, const char *want);

#define TAP_TRUE(cond) \
    tap_true_at(__FILE__, __LINE__, (cond), #cond)
#define TAP_CHECK(cond, ...) \
    tap_ok_at(__FILE__, __LINE__, (cond), __VA_ARGS__)
#define TAP_EQ_U64(got, want) \
    tap_eq_u64_at(__FILE__, __LINE__, #got " == " #want, \
                  (uint64_t)(got), (uint64_t)(want))
#define TAP_EQ_INT(got, want) \
    tap_eq_i64_at(__FILE__, __LINE__, #got " == " #want, \
                  (int64_t)(got), (int64_t)(want))
#define TAP_EQ_STR(got, want) \
    tap_eq_str_at(__FILE__, __LINE__, #got " == " #want, (got), (want))

#endif /* QEMU_RME_TAP_H */
