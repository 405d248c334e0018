/*
 * fvp-params: FVP Base RevC parameters that concern RME, turned into the
 * qemu-rme options that give the same, from one data file
 * (fvp-params.map; docs/fvp-params.md is its --table output).
 *
 *   fvp-params [--map FILE] [-C] PARAM=VALUE... [-f CONFIG]...
 *   fvp-params [--map FILE] --table
 *
 * PARAM=VALUE as FVP takes them after -C; -f reads an FVP configuration
 * file (PARAM=VALUE lines, # comments).  Prints the qemu-rme options on
 * the first line, then one line per parameter: mapped, same (qemu-rme
 * does so already), differs (a fixed, documented difference), none (no
 * equivalent yet), conflict (two clusters want different values: the
 * PEs of qemu-rme are identical) or ignored (not an RME parameter known
 * here).  Exit status: 0 when every parameter is mapped, same or ignored;
 * 1 when some are not; 2 for bad input (a malformed map or configuration
 * line names its file and line).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#ifndef FVP_PARAMS_MAP
#define FVP_PARAMS_MAP "fvp-params.map"
#endif

enum target { T_MACHINE, T_CPU, T_SAME, T_DIFFERS, T_NONE };
static const char *const target_names[] = {
    "machine", "cpu", "same", "differs", "none",
};

enum vkind { V_ANY, V_LITERAL, V_RANGE };

typedef struct Rule {
    char *param;            /* glob */
    char *value_text;       /* as written, for --table */
    enum vkind kind;
    char *literal;
    uint64_t lo, hi;
    bool pow2;
    enum target target;
    char *option;           /* key=value with %v, or NULL */
    char *note;
} Rule;

static void die_at(const char *file, unsigned line, const char *msg)
{
    fprintf(stderr, "fvp-params: %s:%u: %s\n", file, line, msg);
    exit(2);
}

/* An FVP value as a number: decimal, 0x hex, true/false. */
static bool value_number(const char *s, uint64_t *out)
{
    char *end;

    if (!g_ascii_strcasecmp(s, "true")) {
        *out = 1;
        return true;
    }
    if (!g_ascii_strcasecmp(s, "false")) {
        *out = 0;
        return true;
    }
    if (!*s || *s == '-' || *s == '+') {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(s, &end, 0);
    return errno == 0 && *end == '\0';
}

static void parse_value(Rule *r, const char *v, const char *file,
                        unsigned line)
{
    const char *dots = strstr(v, "..");

    r->value_text = g_strdup(v);
    if (!strcmp(v, "*")) {
        r->kind = V_ANY;
    } else if (dots) {
        g_autofree char *lo = g_strndup(v, dots - v);
        g_autofree char *hi = g_strdup(dots + 2);
        char *slash = strchr(hi, '/');

        if (slash) {
            if (strcmp(slash, "/pow2")) {
                die_at(file, line, "a range ends in /pow2 or nothing");
            }
            *slash = '\0';
            r->pow2 = true;
        }
        if (!value_number(lo, &r->lo) || !value_number(hi, &r->hi) ||
            r->lo > r->hi) {
            die_at(file, line, "bad range (lo..hi, integers, lo <= hi)");
        }
        r->kind = V_RANGE;
    } else {
        r->kind = V_LITERAL;
        r->literal = g_strdup(v);
    }
}

/* The lines of @file, or exit 2. */
static char **read_lines(const char *file)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;

    if (!g_file_get_contents(file, &text, NULL, &err)) {
        fprintf(stderr, "fvp-params: %s\n", err->message);
        exit(2);
    }
    return g_strsplit(text, "\n", -1);
}

static GPtrArray *load_map(const char *file)
{
    GPtrArray *rules = g_ptr_array_new();
    char **lines = read_lines(file);
    for (unsigned i = 0; lines[i]; i++) {
        char *s = g_strstrip(lines[i]);
        char *f[4];
        Rule *r;
        unsigned n = 0;
        int t;

        if (!*s || *s == '#') {
            continue;
        }
        /* four whitespace-separated fields, the note is the rest */
        while (n < 4) {
            f[n++] = s;
            s += strcspn(s, " \t");
            if (!*s) {
                break;
            }
            *s++ = '\0';
            s += strspn(s, " \t");
        }
        if (n < 4 || !*s) {
            die_at(file, i + 1, "expected PARAMETER VALUE TARGET OPTION NOTE");
        }
        r = g_new0(Rule, 1);
        r->param = g_strdup(f[0]);
        parse_value(r, f[1], file, i + 1);
        for (t = 0; t < (int)G_N_ELEMENTS(target_names); t++) {
            if (!strcmp(f[2], target_names[t])) {
                break;
            }
        }
        if (t == (int)G_N_ELEMENTS(target_names)) {
            die_at(file, i + 1, "TARGET is machine, cpu, same, differs "
                   "or none");
        }
        r->target = t;
        if ((t == T_MACHINE || t == T_CPU) != (strcmp(f[3], "-") != 0) ||
            ((t == T_MACHINE || t == T_CPU) && !strchr(f[3], '='))) {
            die_at(file, i + 1, "machine and cpu rules give key=value, "
                   "the others -");
        }
        r->option = strcmp(f[3], "-") ? g_strdup(f[3]) : NULL;
        r->note = g_strdup(s);
        g_ptr_array_add(rules, r);
    }
    g_strfreev(lines);
    return rules;
}

static bool rule_matches(const Rule *r, const char *param, const char *value)
{
    uint64_t v, l;

    if (!g_pattern_match_simple(r->param, param)) {
        return false;
    }
    switch (r->kind) {
    case V_ANY:
        return true;
    case V_LITERAL:
        if (value_number(value, &v) && value_number(r->literal, &l)) {
            return v == l;
        }
        return !strcmp(value, r->literal);
    case V_RANGE:
        return value_number(value, &v) && v >= r->lo && v <= r->hi &&
               (!r->pow2 || (v & (v - 1)) == 0);
    }
    return false;
}

/* OPTION with %v replaced by the value */
static char *expand(const char *option, const char *value)
{
    g_auto(GStrv) parts = g_strsplit(option, "%v", -1);

    return g_strjoinv(value, parts);
}

typedef struct Options {
    GPtrArray *machine, *cpu;       /* key=value, first come first */
} Options;

/* Add key=value; false if the key already has another value. */
static bool add_option(GPtrArray *opts, const char *kv)
{
    size_t klen = strcspn(kv, "=");

    for (unsigned i = 0; i < opts->len; i++) {
        const char *o = g_ptr_array_index(opts, i);

        if (!strncmp(o, kv, klen + 1)) {
            return !strcmp(o, kv);
        }
    }
    g_ptr_array_add(opts, g_strdup(kv));
    return true;
}

static const char *status_for(enum target t)
{
    switch (t) {
    case T_MACHINE:
    case T_CPU:
        return "mapped";
    case T_SAME:
        return "same";
    case T_DIFFERS:
        return "differs";
    default:
        return "none";
    }
}

/* One PARAM=VALUE; appends its report line; false if not equivalent. */
static bool translate(GPtrArray *rules, Options *o, const char *pv,
                      GString *report, const char *file, unsigned line)
{
    g_autofree char *param = NULL;
    const char *eq = strchr(pv, '=');
    const char *value;
    g_autofree char *opt = NULL;
    const Rule *r = NULL;

    if (!eq || eq == pv) {
        if (file) {
            die_at(file, line, "expected PARAMETER=VALUE");
        }
        fprintf(stderr, "fvp-params: '%s': expected PARAMETER=VALUE\n", pv);
        exit(2);
    }
    param = g_strndup(pv, eq - pv);
    g_strstrip(param);
    value = eq + 1;
    while (*value == ' ' || *value == '\t') {
        value++;
    }
    for (unsigned i = 0; i < rules->len && !r; i++) {
        const Rule *c = g_ptr_array_index(rules, i);

        if (rule_matches(c, param, value)) {
            r = c;
        }
    }
    if (!r) {
        bool known = false;

        for (unsigned i = 0; i < rules->len && !known; i++) {
            known = g_pattern_match_simple(
                ((const Rule *)g_ptr_array_index(rules, i))->param, param);
        }
        g_string_append_printf(report, "%s=%s: %s\n", param, value,
                               known ? "none: this value is not mapped"
                                     : "ignored: not an RME parameter "
                                       "known to fvp-params");
        return !known;
    }
    if (r->option) {
        opt = expand(r->option, value);
        if (!add_option(r->target == T_MACHINE ? o->machine : o->cpu, opt)) {
            g_string_append_printf(report, "%s=%s: conflict: %s, but an "
                                   "earlier parameter set another value; "
                                   "qemu-rme's PEs are all alike\n",
                                   param, value, opt);
            return false;
        }
        g_string_append_printf(report, "%s=%s: mapped: %s,%s (%s)\n",
                               param, value,
                               r->target == T_MACHINE ? "-M virt" : "-cpu max",
                               opt, r->note);
        return true;
    }
    g_string_append_printf(report, "%s=%s: %s: %s\n", param, value,
                           status_for(r->target), r->note);
    return r->target == T_SAME;
}

static bool read_config(GPtrArray *rules, Options *o, const char *file,
                        GString *report)
{
    char **lines = read_lines(file);
    bool ok = true;

    for (unsigned i = 0; lines[i]; i++) {
        char *s = g_strstrip(lines[i]);

        if (*s && *s != '#') {
            ok &= translate(rules, o, s, report, file, i + 1);
        }
    }
    g_strfreev(lines);
    return ok;
}

static void print_table(GPtrArray *rules)
{
    printf("| FVP parameter | value | qemu-rme | note |\n");
    printf("|---|---|---|---|\n");
    for (unsigned i = 0; i < rules->len; i++) {
        const Rule *r = g_ptr_array_index(rules, i);
        g_autofree char *what = NULL;

        switch (r->target) {
        case T_MACHINE:
            what = g_strdup_printf("`-M virt,%s`", r->option);
            break;
        case T_CPU:
            what = g_strdup_printf("`-cpu max,%s`", r->option);
            break;
        case T_SAME:
            what = g_strdup("the same");
            break;
        case T_DIFFERS:
            what = g_strdup("differs");
            break;
        default:
            what = g_strdup("**no equivalent yet**");
        }
        printf("| `%s` | `%s` | %s | %s |\n", r->param, r->value_text, what,
               r->note);
    }
}

static void print_joined(const char *flag, const char *base, GPtrArray *o)
{
    printf("%s %s", flag, base);
    for (unsigned i = 0; i < o->len; i++) {
        printf(",%s", (const char *)g_ptr_array_index(o, i));
    }
}

int main(int argc, char **argv)
{
    const char *map = FVP_PARAMS_MAP;
    g_autoptr(GString) report = g_string_new(NULL);
    Options o = { g_ptr_array_new_with_free_func(g_free),
                  g_ptr_array_new_with_free_func(g_free) };
    GPtrArray *rules;
    bool table = false, ok = true, any = false;
    int i;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--map") && i + 1 < argc) {
            map = argv[++i];
        } else if (!strcmp(argv[i], "--table")) {
            table = true;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: fvp-params [--map FILE] [-C] PARAM=VALUE... "
                   "[-f CONFIG]...\n"
                   "       fvp-params [--map FILE] --table\n");
            return 0;
        }
    }
    rules = load_map(map);
    if (table) {
        print_table(rules);
        return 0;
    }
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--map")) {
            i++;
        } else if (!strcmp(argv[i], "-C") || !strcmp(argv[i], "-f")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "fvp-params: %s needs an argument\n",
                        argv[i]);
                return 2;
            }
            if (argv[i][1] == 'f') {
                ok &= read_config(rules, &o, argv[i + 1], report);
            } else {
                ok &= translate(rules, &o, argv[i + 1], report, NULL, 0);
            }
            any = true;
            i++;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "fvp-params: unknown option %s\n", argv[i]);
            return 2;
        } else {
            ok &= translate(rules, &o, argv[i], report, NULL, 0);
            any = true;
        }
    }
    if (!any) {
        fprintf(stderr, "fvp-params: no FVP parameters given (-h for "
                "help)\n");
        return 2;
    }
    print_joined("-M", "virt", o.machine);
    if (o.cpu->len) {
        printf(" ");
        print_joined("-cpu", "max", o.cpu);
    }
    printf("\n%s", report->str);
    return ok ? 0 : 1;
}
