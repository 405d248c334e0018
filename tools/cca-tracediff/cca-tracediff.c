/*
 * cca-tracediff: compare two cca-trace runs on their architectural events.
 *
 *   cca-tracediff [--args N] [--rets N] [--context N] A B
 *
 * Reads two traces, each written by the cca-trace plugin (format=json,
 * JSON Lines), or in Tarmac (Arm FVP's TarmacTrace plugin, or cca-trace
 * format=tarmac with events=insn: tarmac.c derives the same events from
 * its instruction, register and exception lines), told apart by their
 * first line, and aligns them, CPU by CPU, on what the architecture fixes for
 * a given image: SMC/HVC calls (interface, function, the first N argument
 * registers, only those the function defines where cca-decode knows it)
 * and their returns (status, the first N result registers, likewise),
 * world switches (direction, from and to world and EL, cause), and
 * granule protection faults (world and EL, access, PC, FAR, PA and PA
 * space, fault class, the GPI and GPT level).  Not compared: timing
 * (icount, instruction counts), how the CPUs' events interleave, call
 * nesting ids, and how often a polling loop went round: a run of events
 * that repeats itself (up to 8 events long, e.g. a PSCI AFFINITY_INFO
 * poll) counts once.  Instruction, GPT snapshot, MEC, meta and summary
 * lines are skipped.
 *
 * Prints the first divergence with the events before it on both sides,
 * and a summary per CPU.  Exit status 0 equal, 1 different, 2 bad input
 * (a malformed or truncated line names its file and line).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "json.h"
#include "cca-decode.h"
#include "tarmac.h"

#define MAX_PERIOD 8

typedef struct Event {
    char *key;              /* the architectural content, one line */
    char *extra[2];         /* what a tracer may not know, or NULL */
    unsigned line;          /* in its file */
} Event;

typedef struct Trace {
    const char *file;
    GPtrArray *cpus;        /* GPtrArray of Event *, per vCPU index */
    unsigned lines, events;
} Trace;

static unsigned opt_args = 3, opt_rets = 4, opt_context = 3;

static void G_GNUC_NORETURN bad(const char *file, unsigned line,
                                const char *msg)
{
    fprintf(stderr, "cca-tracediff: %s:%u: %s\n", file, line, msg);
    exit(2);
}

static const char *str_of(const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);

    if (!v || v->type == JSON_NULL) {
        return "-";
    }
    if (v->type == JSON_STRING) {
        return v->u.str.s;
    }
    if (v->type == JSON_TRUE) {
        return "true";
    }
    if (v->type == JSON_FALSE) {
        return "false";
    }
    return "?";
}

static void append_int(GString *g, const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);

    if (v && v->type == JSON_INT) {
        g_string_append_printf(g, " %s=%s%" PRIu64, key,
                               v->u.i.neg ? "-" : "", v->u.i.mag);
    } else {
        g_string_append_printf(g, " %s=%s", key, str_of(obj, key));
    }
}

static void append_regs(GString *g, const json_value *obj, const char *key,
                        unsigned n)
{
    const json_value *a = json_get(obj, key);

    g_string_append_printf(g, " %s=[", key);
    for (unsigned i = 0; a && a->type == JSON_ARRAY && i < a->u.arr.n &&
         i < n; i++) {
        const json_value *x = a->u.arr.items[i];

        g_string_append_printf(g, "%s%s", i ? "," : "",
                               x->type == JSON_STRING ? x->u.str.s : "?");
    }
    g_string_append_c(g, ']');
}

/*
 * How many of a call's registers to compare, at most @n: where cca-decode
 * knows the function's register names (DEN0137, DEN0022, the RMM-EL3
 * interface), up to its last named one, since the others are undefined
 * and differ with timing (e.g. RMM_BOOT_COMPLETE has x1 only); @first
 * registers come before the named ones (x0 of a return).
 */
static unsigned defined_regs(const char *name, bool ret, unsigned first,
                             unsigned n)
{
    const cca_call_names *names = name ? cca_call_names_of(name) : NULL;
    unsigned last = 0, count = ret ? 3 : 6;

    if (!names) {
        return n;
    }
    for (unsigned i = 0; i < count; i++) {
        if ((ret ? names->ret[i] : names->arg[i]) != NULL) {
            last = i + 1;
        }
    }
    return MIN(n, first + last);
}

/*
 * The architectural key of one event, or NULL for a line to skip; *@extra
 * gets what only some tracers know, or stays NULL.
 */
static char *event_key(const json_value *ev, const char *kind,
                       char *extra[2])
{
    GString *g = g_string_new(kind);

    if (!strcmp(kind, "call")) {
        g_string_append_printf(g, " %s %s from %s via %s",
                               str_of(ev, "iface"), str_of(ev, "name"),
                               str_of(ev, "world"), str_of(ev, "insn"));
        append_int(g, ev, "el");
        g_string_append_printf(g, " fid=%s", str_of(ev, "fid"));
        append_regs(g, ev, "args",
                    defined_regs(str_of(ev, "name"), false, 0, opt_args));
    } else if (!strcmp(kind, "ret")) {
        g_string_append_printf(g, " %s %s to %s status=%s via %s",
                               str_of(ev, "iface"), str_of(ev, "name"),
                               str_of(ev, "world"), str_of(ev, "status"),
                               str_of(ev, "via"));
        append_int(g, ev, "el");
        append_regs(g, ev, "ret",
                    defined_regs(str_of(ev, "name"), true, 1, opt_rets));
    } else if (!strcmp(kind, "world")) {
        g_string_append_printf(g, " %s %s", str_of(ev, "dir"),
                               str_of(ev, "cause"));
        g_string_append_printf(g, " from=%s", str_of(ev, "from_world"));
        append_int(g, ev, "from_el");
        g_string_append_printf(g, " to=%s", str_of(ev, "to_world"));
        append_int(g, ev, "to_el");
    } else if (!strcmp(kind, "gpf")) {
        const json_value *gpt = json_get(ev, "gpt");

        g_string_append_printf(g, " %s pc=%s far=%s",
                               str_of(ev, "access"), str_of(ev, "pc"),
                               str_of(ev, "far"));
        /*
         * The PA, where the tracer knows it (from MFAR_EL3; cca-trace also
         * from a flat mapping): compared when both traces have it.
         */
        if (strcmp(str_of(ev, "pa"), "-")) {
            extra[0] = g_strdup_printf(" pa=%s pas=%s", str_of(ev, "pa"),
                                       str_of(ev, "pas"));
        }
        g_string_append_printf(g, " in=%s", str_of(ev, "world"));
        append_int(g, ev, "el");
        g_string_append_printf(g, " taken=%s", str_of(ev, "to_world"));
        append_int(g, ev, "to_el");
        append_int(g, ev, "ec");
        append_int(g, ev, "fsc");
        append_int(g, ev, "gpcsc");
        /*
         * The GPT entry behind the fault is known only to a tracer that
         * can read the GPT (cca-trace on qemu-rme): compared when both
         * traces have it.
         */
        if (gpt && gpt->type == JSON_OBJECT) {
            GString *x = g_string_new(NULL);

            g_string_append_printf(x, " gpt=%s", str_of(gpt, "result"));
            append_int(x, gpt, "gpi");
            append_int(x, gpt, "level");
            extra[1] = g_string_free(x, false);
        }
    } else {
        g_string_free(g, true);
        return NULL;
    }
    return g_string_free(g, false);
}

/* Reads one line of any length; false at the end of the file. */
static bool read_line(FILE *f, GString *line, bool *complete)
{
    char buf[4096];

    g_string_truncate(line, 0);
    while (fgets(buf, sizeof(buf), f)) {
        g_string_append(line, buf);
        if (line->len && line->str[line->len - 1] == '\n') {
            *complete = true;
            return true;
        }
    }
    *complete = false;
    return line->len > 0;
}

static void trace_add(Trace *t, unsigned vcpu, char *key, char *extra[2],
                      unsigned line)
{
    GPtrArray *evs;
    Event *e = g_new(Event, 1);

    while (t->cpus->len <= vcpu) {
        g_ptr_array_add(t->cpus, g_ptr_array_new());
    }
    evs = g_ptr_array_index(t->cpus, vcpu);
    e->key = key;
    e->extra[0] = extra[0];
    e->extra[1] = extra[1];
    e->line = line;
    g_ptr_array_add(evs, e);
    t->events++;
}

/* One event object: its key added to @t (false: not an event object). */
static bool add_json(Trace *t, const char *s, size_t len, unsigned line,
                     char **msg)
{
    const json_value *ev, *kind, *vcpu;
    json_doc *doc;
    json_error err;
    char *key, *extra[2] = { NULL, NULL };

    doc = json_parse(s, len, NULL, &err);
    if (!doc) {
        *msg = g_strdup_printf("column %u: %s", err.col, err.msg);
        return false;
    }
    if (json_doc_count(doc) != 1 ||
        (ev = json_doc_value(doc, 0))->type != JSON_OBJECT ||
        !(kind = json_get(ev, "ev")) || kind->type != JSON_STRING) {
        json_doc_free(doc);
        *msg = g_strdup("not a cca-trace event (an object with \"ev\")");
        return false;
    }
    key = event_key(ev, kind->u.str.s, extra);
    if (key) {
        vcpu = json_get(ev, "vcpu");
        if (!vcpu || vcpu->type != JSON_INT || vcpu->u.i.neg ||
            vcpu->u.i.mag > 4096) {
            json_doc_free(doc);
            g_free(key);
            *msg = g_strdup("event without a valid \"vcpu\"");
            return false;
        }
        trace_add(t, vcpu->u.i.mag, key, extra, line);
    }
    json_doc_free(doc);
    return true;
}

static void tarmac_event(void *opaque, const char *json, unsigned line)
{
    Trace *t = opaque;
    g_autofree char *msg = NULL;

    if (!add_json(t, json, strlen(json), line, &msg)) {
        bad(t->file, line, msg);    /* not reached: tarmac.c's objects */
    }
}

static void trace_read(Trace *t, const char *file)
{
    tarmac_reader *tm = NULL;
    bool first = true;

    g_autoptr(GString) line = g_string_new(NULL);
    FILE *f = fopen(file, "r");
    bool complete;

    t->file = file;
    t->cpus = g_ptr_array_new();
    if (!f) {
        fprintf(stderr, "cca-tracediff: %s: %s\n", file, strerror(errno));
        exit(2);
    }
    while (read_line(f, line, &complete)) {
        g_autofree char *msg = NULL;

        t->lines++;
        if (first) {
            /* JSON Lines start with an object, Tarmac with a record */
            first = false;
            if (line->str[0] != '{') {
                tm = tarmac_new(tarmac_event, t);
            }
        }
        /* the bulk of an events=insn trace: skip without parsing */
        if (complete && g_str_has_prefix(line->str, "{\"ev\":\"insn\"")) {
            continue;
        }
        if (!complete) {
            bad(file, t->lines, "truncated line (no newline at the end)");
        }
        if (tm) {
            g_strchomp(line->str);
            if (!tarmac_line(tm, line->str, t->lines, &msg)) {
                bad(file, t->lines, msg);
            }
        } else if (!add_json(t, line->str, line->len, t->lines, &msg)) {
            bad(file, t->lines, msg);
        }
    }
    fclose(f);
    if (tm) {
        tarmac_finish(tm, t->lines);
        if (!tarmac_insns(tm) && t->lines) {
            bad(file, t->lines, "a Tarmac trace without instruction lines "
                "(IT/IS): cca-trace needs events=insn for one to compare");
        }
        tarmac_free(tm);
    }
    if (t->lines == 0) {
        bad(file, 1, "empty trace");
    }
}

/* Equal events: the same key, and the same extra where both have one. */
static bool event_eq(const Event *a, const Event *b)
{
    for (int i = 0; i < 2; i++) {
        if (a->extra[i] && b->extra[i] && strcmp(a->extra[i], b->extra[i])) {
            return false;
        }
    }
    return !strcmp(a->key, b->key);
}

static bool same_run(GPtrArray *evs, unsigned a, unsigned b, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (!event_eq(evs->pdata[a + i], evs->pdata[b + i])) {
            return false;
        }
    }
    return true;
}

/*
 * Drop each copy of a run of 1..MAX_PERIOD events that repeats the run
 * just before it: a polling loop counts once however often it went round.
 */
static unsigned collapse_repeats(GPtrArray *evs)
{
    unsigned dropped = 0;

    for (unsigned i = 0; i < evs->len; i++) {
        for (unsigned p = 1; p <= MAX_PERIOD; p++) {
            while (i + 2 * p <= evs->len && same_run(evs, i, i + p, p)) {
                for (unsigned k = 0; k < p; k++) {
                    Event *e = evs->pdata[i + p + k];

                    g_free(e->key);
                    g_free(e->extra[0]);
                    g_free(e->extra[1]);
                    g_free(e);
                }
                g_ptr_array_remove_range(evs, i + p, p);
                dropped += p;
            }
        }
    }
    return dropped;
}

static void show(const char *tag, const Trace *t, const Event *e)
{
    printf("  %s %s:%u: %s%s%s\n", tag, t->file, e->line, e->key,
           e->extra[0] ? e->extra[0] : "", e->extra[1] ? e->extra[1] : "");
}

int main(int argc, char **argv)
{
    Trace a = { 0 }, b = { 0 };
    const char *files[2];
    unsigned nfiles = 0, ncpus;
    bool differ = false;

    for (int i = 1; i < argc; i++) {
        unsigned *opt = !strcmp(argv[i], "--args") ? &opt_args :
                        !strcmp(argv[i], "--rets") ? &opt_rets :
                        !strcmp(argv[i], "--context") ? &opt_context : NULL;

        if (opt) {
            char *end;

            if (i + 1 >= argc) {
                fprintf(stderr, "cca-tracediff: %s needs a number\n", argv[i]);
                return 2;
            }
            *opt = strtoul(argv[++i], &end, 10);
            if (*end || *opt > 64) {
                fprintf(stderr, "cca-tracediff: %s: 0..64\n", argv[i - 1]);
                return 2;
            }
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: cca-tracediff [--args N] [--rets N] "
                   "[--context N] A B\n");
            return 0;
        } else if (nfiles < 2 && argv[i][0] != '-') {
            files[nfiles++] = argv[i];
        } else {
            fprintf(stderr, "cca-tracediff: unexpected argument %s\n",
                    argv[i]);
            return 2;
        }
    }
    if (nfiles != 2) {
        fprintf(stderr, "usage: cca-tracediff [--args N] [--rets N] "
                "[--context N] A B\n");
        return 2;
    }
    trace_read(&a, files[0]);
    trace_read(&b, files[1]);

    ncpus = MAX(a.cpus->len, b.cpus->len);
    while (a.cpus->len < ncpus) {
        g_ptr_array_add(a.cpus, g_ptr_array_new());
    }
    while (b.cpus->len < ncpus) {
        g_ptr_array_add(b.cpus, g_ptr_array_new());
    }
    for (unsigned c = 0; c < ncpus; c++) {
        GPtrArray *ea = a.cpus->pdata[c], *eb = b.cpus->pdata[c];
        unsigned da = collapse_repeats(ea), db = collapse_repeats(eb);
        unsigned n = MIN(ea->len, eb->len), i;

        for (i = 0; i < n; i++) {
            if (!event_eq(ea->pdata[i], eb->pdata[i])) {
                break;
            }
        }
        if (i == n && ea->len == eb->len) {
            printf("CPU %u: equal, %u events (repeats dropped: %u and %u)\n",
                   c, n, da, db);
            continue;
        }
        differ = true;
        printf("CPU %u: first divergence after %u equal events\n", c, i);
        for (unsigned k = i > opt_context ? i - opt_context : 0; k < i; k++) {
            show(" ", &a, ea->pdata[k]);
        }
        if (i < ea->len) {
            show("-", &a, ea->pdata[i]);
        } else {
            printf("  - %s: (no more events)\n", a.file);
        }
        if (i < eb->len) {
            show("+", &b, eb->pdata[i]);
        } else {
            printf("  + %s: (no more events)\n", b.file);
        }
        printf("  (%u events in %s, %u in %s after dropping repeats)\n",
               ea->len, a.file, eb->len, b.file);
    }
    printf("%s: %u lines, %u events; %s: %u lines, %u events: %s\n",
           a.file, a.lines, a.events, b.file, b.lines, b.events,
           differ ? "DIFFERENT" : "EQUAL");
    return differ ? 1 : 0;
}
