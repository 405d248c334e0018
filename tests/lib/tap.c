/*
 * qemu-rme: a tiny TAP producer for the host unit tests; see tap.h.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define MAX_FAILURE_DIAGS 12

static struct {
    bool started;               /* "TAP version" line printed */
    bool verbose;               /* TAP_VERBOSE set */
    unsigned planned;           /* 0: no plan yet */
    unsigned points, failed, skipped;
    unsigned long asserts;
    bool open;                  /* inside tap_begin() ... tap_end() */
    char name[512];
    unsigned long cur_asserts;
    unsigned cur_failures;
} T;

static void start(void)
{
    const char *v;

    if (!T.started) {
        T.started = true;
        v = getenv("TAP_VERBOSE");
        T.verbose = v && *v && strcmp(v, "0") != 0;
        printf("TAP version 13\n");
    }
}

/* A description: one line, '#' escaped (TAP 14), '\' too. */
static void put_name(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r') {
            putchar(' ');
        } else {
            if (*s == '#' || *s == '\\') {
                putchar('\\');
            }
            putchar(*s);
        }
    }
}

static void point(bool ok, const char *name, const char *skip_reason)
{
    T.points++;
    printf("%sok %u - ", ok ? "" : "not ", T.points);
    put_name(name);
    if (skip_reason) {
        printf(" # SKIP %s", skip_reason);
        T.skipped++;
    }
    putchar('\n');
    if (!ok) {
        T.failed++;
    }
    fflush(stdout);
}

void tap_plan(unsigned n)
{
    start();
    if (T.planned || T.points) {
        tap_bail("tap_plan(%u) after a plan or a test point", n);
    }
    T.planned = n;
    printf("1..%u\n", n);
}

void tap_begin(const char *name)
{
    start();
    if (T.open) {
        tap_bail("tap_begin(\"%s\") inside test \"%s\"", name, T.name);
    }
    T.open = true;
    snprintf(T.name, sizeof(T.name), "%s", name);
    T.cur_asserts = 0;
    T.cur_failures = 0;
}

void tap_end(void)
{
    if (!T.open) {
        tap_bail("tap_end() without tap_begin()");
    }
    T.open = false;
    point(T.cur_failures == 0, T.name, NULL);
    if (T.verbose) {
        printf("# %lu assertions\n", T.cur_asserts);
    }
}

void tap_skip(const char *name, const char *reason)
{
    start();
    if (T.open) {
        tap_bail("tap_skip(\"%s\") inside test \"%s\"", name, T.name);
    }
    point(true, name, reason && *reason ? reason : "skipped");
}

static void vdiag(const char *fmt, va_list ap)
{
    start();
    printf("# ");
    vprintf(fmt, ap);
    putchar('\n');
}

void tap_diag(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vdiag(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

void tap_bail(const char *fmt, ...)
{
    va_list ap;

    start();
    printf("Bail out! ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    exit(2);
}

int tap_done(void)
{
    bool plan_ok;

    start();
    if (T.open) {
        tap_bail("tap_done() inside test \"%s\"", T.name);
    }
    if (!T.planned) {
        printf("1..%u\n", T.points);
    }
    plan_ok = !T.planned || T.planned == T.points;
    printf("# %lu assertions in %u tests: %u failed, %u skipped\n",
           T.asserts, T.points, T.failed, T.skipped);
    if (!plan_ok) {
        printf("# planned %u tests, ran %u\n", T.planned, T.points);
    }
    fflush(stdout);
    return T.failed || !plan_ok ? 1 : 0;
}

/*
 * Every assertion: count it; on failure print "# file:line: what" (the
 * caller then prints got/expected) and return true if details should
 * follow.  Outside a named test the assertion is its own test point.
 */
static bool failure_head(const char *file, int line, bool ok,
                         const char *fmt, va_list ap)
{
    start();
    T.asserts++;
    T.cur_asserts++;
    if (ok) {
        return false;
    }
    if (++T.cur_failures > MAX_FAILURE_DIAGS) {
        if (T.cur_failures == MAX_FAILURE_DIAGS + 1) {
            printf("# (further failures of this test not shown)\n");
        }
        return false;
    }
    printf("# %s:%d: ", file, line);
    vprintf(fmt, ap);
    putchar('\n');
    return true;
}

/* For an assertion outside a named test: its own test point. */
static void standalone_begin(void)
{
    if (!T.open) {
        T.cur_asserts = 0;
        T.cur_failures = 0;
    }
}

static void standalone_end(bool ok, const char *what)
{
    if (!T.open) {
        point(ok, what, NULL);
    } else if (!ok) {
        fflush(stdout);
    }
}

static bool head(const char *file, int line, bool ok, const char *fmt, ...)
    TAP_PRINTF(4, 5);

static bool head(const char *file, int line, bool ok, const char *fmt, ...)
{
    va_list ap;
    bool r;

    va_start(ap, fmt);
    r = failure_head(file, line, ok, fmt, ap);
    va_end(ap);
    return r;
}

bool tap_ok_at(const char *file, int line, bool ok, const char *fmt, ...)
{
    char what[512];
    va_list ap;

    standalone_begin();
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    head(file, line, ok, "%s", what);
    standalone_end(ok, what);
    return ok;
}

bool tap_true_at(const char *file, int line, bool ok, const char *what)
{
    standalone_begin();
    if (head(file, line, ok, "%s", what)) {
        printf("#     got:      false\n#     expected: true\n");
    }
    standalone_end(ok, what);
    return ok;
}

bool tap_eq_u64_at(const char *file, int line, const char *what,
                   uint64_t got, uint64_t want)
{
    bool ok = got == want;

    standalone_begin();
    if (head(file, line, ok, "%s", what)) {
        printf("#     got:      0x%" PRIx64 " (%" PRIu64 ")\n", got, got);
        printf("#     expected: 0x%" PRIx64 " (%" PRIu64 ")\n", want, want);
    }
    standalone_end(ok, what);
    return ok;
}

bool tap_eq_i64_at(const char *file, int line, const char *what,
                   int64_t got, int64_t want)
{
    bool ok = got == want;

    standalone_begin();
    if (head(file, line, ok, "%s", what)) {
        printf("#     got:      %" PRId64 " (0x%" PRIx64 ")\n", got,
               (uint64_t)got);
        printf("#     expected: %" PRId64 " (0x%" PRIx64 ")\n", want,
               (uint64_t)want);
    }
    standalone_end(ok, what);
    return ok;
}

static void put_str(const char *label, const char *s)
{
    printf("#     %s", label);
    if (s) {
        printf("\"%s\"\n", s);
    } else {
        printf("NULL\n");
    }
}

bool tap_eq_str_at(const char *file, int line, const char *what,
                   const char *got, const char *want)
{
    bool ok = (got == NULL) == (want == NULL) &&
              (got == NULL || strcmp(got, want) == 0);

    standalone_begin();
    if (head(file, line, ok, "%s", what)) {
        put_str("got:      ", got);
        put_str("expected: ", want);
    }
    standalone_end(ok, what);
    return ok;
}
