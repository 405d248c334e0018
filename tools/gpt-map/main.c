/*
 * gpt-map: the Granule Protection Table as a map of the PA space
 *
 *   gpt-map [--svg|--text|--json] [-o OUT] [--index N | --list] FILE.json
 *   gpt-map --dump FILE.bin --dump-base PA --gpccr V --gptbr V [...]
 *
 * Reads the object query-rme-gpt returns (or a QMP response holding it,
 * or a file of them, one per line) or walks a memory dump with the
 * reference walker, and writes a table, an SVG picture or the JSON
 * object.  docs/gpt-map.md is the manual.
 *
 * Exit status: 0 ok; 1 the input is valid but the GPT has configuration
 * errors or fault ranges; 2 bad usage, malformed input or an I/O error.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "dump.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

#define EXIT_PROBLEMS 1
#define EXIT_USAGE    2

#define MAX_DUMP_STDIN ((size_t)1 << 30)
/* An SVG of more would be hundreds of MB, and useless as a picture. */
#define SVG_MAX_RANGES 100000

typedef enum out_format { FMT_DEFAULT, FMT_TEXT, FMT_SVG, FMT_JSON } out_format;

typedef struct opts {
    const char *input;          /* JSON file or "-" */
    const char *dump;           /* dump file or "-" */
    const char *out;
    out_format format;
    const char *format_opt;
    bool list, has_index;
    int64_t index;
    bool has_base, has_gpccr, has_gptbr;
    const char *dump_only;      /* a --dump option seen, for JSON mode */
    gm_dump_opts d;
} opts;

static const char usage_text[] =
"usage: gpt-map [--svg|--text|--json] [-o OUT] [--index N|--list] FILE.json\n"
"       gpt-map --dump FILE.bin --dump-base PA --gpccr V --gptbr V\n"
"               [--gpcbw V] [--pa-bits N] [--l0gptsz N] [--gpc2] [--gpc3]\n"
"               [--gdi] [--start PA] [--end PA] [--max-ranges N]\n"
"               [--svg|--text|--json] [-o OUT]\n"
"\n"
"Shows a Granule Protection Table as a map of the physical address space.\n"
"\n"
"Input (FILE.json, or - for standard input): the object query-rme-gpt\n"
"returns, a QMP response {\"return\": {...}} holding it, or a file of such\n"
"objects one per line (JSON Lines); numbers as integers or \"0x...\"\n"
"strings.  Objects without \"ranges\" are skipped.\n"
"  --index N       show map N of the file (0 the first, -1 the last;\n"
"                  default the last)\n"
"  --list          print how many maps the file has, with their windows\n"
"\n"
"Or a raw dump of the Root PA space, walked with the reference walker:\n"
"  --dump FILE     the dump (- for standard input)\n"
"  --dump-base PA  the PA of its first byte; GPT fetches outside it are\n"
"                  External aborts\n"
"  --gpccr V, --gptbr V, --gpcbw V   GPCCR_EL3, GPTBR_EL3, GPCBW_EL3\n"
"  --pa-bits N     implemented PA size (32 36 40 42 44 48 52 56; 52)\n"
"  --l0gptsz N     the CPU's L0GPTSZ in bits (30 34 36 39; default the\n"
"                  GPCCR_EL3.L0GPTSZ field)\n"
"  --gpc2 --gpc3 --gdi   FEAT_RME_GPC2, FEAT_RME_GPC3, FEAT_RME_GDI\n"
"  --start PA --end PA   the window (default the whole 2^56; end 0 = 2^56)\n"
"  --max-ranges N  stop after N ranges (\"truncated\"; default 65536,\n"
"                  0 = no limit)\n"
"\n"
"Output:\n"
"  --text          one row per range, then a total per label (default on\n"
"                  a terminal, or with -o X.txt)\n"
"  --svg           an SVG picture (default otherwise, or with -o X.svg)\n"
"  --json          the query-rme-gpt object (default with -o X.json)\n"
"  -o, --output OUT   write OUT instead of standard output\n"
"\n"
"Numbers: 0x... hex or decimal.  Exit status: 0 ok; 1 valid input but\n"
"the GPT has configuration errors or fault ranges; 2 bad usage, malformed\n"
"input or an I/O error.  See docs/gpt-map.md.\n";

static void G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN usage_error(const char *fmt,
                                                            ...)
{
    va_list ap;

    fputs("gpt-map: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (gpt-map --help for usage)\n", stderr);
    exit(EXIT_USAGE);
}

static void G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN fatal(const char *fmt, ...)
{
    va_list ap;

    fputs("gpt-map: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(EXIT_USAGE);
}

/* An option's value as it was given, printable (freed at exit). */
static const char *shown(const char *v)
{
    GString *s = g_string_new(NULL);

    gm_append_printable(s, v);
    return g_string_free(s, FALSE);
}

static uint64_t num_arg(const char *opt, const char *v)
{
    uint64_t x;

    if (!gm_parse_u64(v, &x)) {
        usage_error("%s: '%s' is not a number (0x... hex or decimal, at "
                    "most 64 bits)", opt, shown(v));
    }
    return x;
}

static unsigned choice_arg(const char *opt, const char *v,
                           const unsigned *allowed, size_t n)
{
    uint64_t x = num_arg(opt, v);
    GString *list = g_string_new(NULL);

    for (size_t i = 0; i < n; i++) {
        if (x == allowed[i]) {
            g_string_free(list, TRUE);
            return allowed[i];
        }
        g_string_append_printf(list, "%s%u", i == 0 ? "" : i + 1 < n ? ", "
                               : " or ", allowed[i]);
    }
    usage_error("%s: %s is not %s", opt, shown(v), list->str);
}

static void set_format(opts *o, const char *opt, out_format f)
{
    if (o->format != FMT_DEFAULT && o->format != f) {
        usage_error("%s and %s: choose one output format", o->format_opt,
                    opt);
    }
    o->format = f;
    o->format_opt = opt;
}

enum {
    O_HELP, O_OUT, O_SVG, O_TEXT, O_JSON, O_LIST, O_INDEX, O_DUMP, O_BASE,
    O_GPCCR, O_GPTBR, O_GPCBW, O_PA_BITS, O_L0GPTSZ, O_GPC2, O_GPC3, O_GDI,
    O_START, O_END, O_MAX,
};

static const struct {
    const char *name;
    int id;
    bool arg, dump_only;
} options[] = {
    { "-h", O_HELP, false, false }, { "--help", O_HELP, false, false },
    { "-o", O_OUT, true, false }, { "--output", O_OUT, true, false },
    { "--svg", O_SVG, false, false }, { "--text", O_TEXT, false, false },
    { "--json", O_JSON, false, false }, { "--list", O_LIST, false, false },
    { "--index", O_INDEX, true, false }, { "--dump", O_DUMP, true, true },
    { "--dump-base", O_BASE, true, true },
    { "--gpccr", O_GPCCR, true, true }, { "--gptbr", O_GPTBR, true, true },
    { "--gpcbw", O_GPCBW, true, true },
    { "--pa-bits", O_PA_BITS, true, true },
    { "--l0gptsz", O_L0GPTSZ, true, true },
    { "--gpc2", O_GPC2, false, true }, { "--gpc3", O_GPC3, false, true },
    { "--gdi", O_GDI, false, true }, { "--start", O_START, true, true },
    { "--end", O_END, true, true }, { "--max-ranges", O_MAX, true, true },
};

static void parse_args(int argc, char **argv, opts *o)
{
    static const unsigned pa_bits[] = { 32, 36, 40, 42, 44, 48, 52, 56 };
    static const unsigned l0gptsz[] = { 30, 34, 36, 39 };
    bool only_files = false;

    memset(o, 0, sizeof(*o));
    o->d.pa_bits = 52;          /* QEMU's max CPU: FEAT_LPA */
    o->d.max_ranges = 65536;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = NULL, *eq;
        size_t namelen;
        int id = -1;
        bool takes = false;

        if (only_files || arg[0] != '-' || arg[1] == 0) {
            if (o->input) {
                usage_error("more than one input file ('%s', then '%s')",
                            shown(o->input), shown(arg));
            }
            o->input = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_files = true;
            continue;
        }
        eq = strchr(arg, '=');
        namelen = eq && arg[1] == '-' ? (size_t)(eq - arg) : strlen(arg);
        for (size_t k = 0; k < G_N_ELEMENTS(options); k++) {
            if (strlen(options[k].name) == namelen &&
                strncmp(options[k].name, arg, namelen) == 0) {
                id = options[k].id;
                takes = options[k].arg;
                if (options[k].dump_only && !o->dump_only) {
                    o->dump_only = options[k].name;
                }
                break;
            }
        }
        if (id < 0) {
            usage_error("unknown option '%s'", shown(arg));
        }
        if (takes) {
            if (namelen < strlen(arg)) {
                val = arg + namelen + 1;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                usage_error("option '%s' needs a value", shown(arg));
            }
        } else if (namelen < strlen(arg)) {
            usage_error("option '%.*s' takes no value", (int)namelen, arg);
        }
        switch (id) {
        case O_HELP:
            fputs(usage_text, stdout);
            exit(0);
        case O_OUT:
            o->out = val;
            break;
        case O_SVG:
            set_format(o, "--svg", FMT_SVG);
            break;
        case O_TEXT:
            set_format(o, "--text", FMT_TEXT);
            break;
        case O_JSON:
            set_format(o, "--json", FMT_JSON);
            break;
        case O_LIST:
            o->list = true;
            break;
        case O_INDEX: {
            bool neg = val[0] == '-';
            uint64_t x = num_arg("--index", val + neg);

            if (x > INT32_MAX) {
                usage_error("--index: %s is out of range", shown(val));
            }
            o->index = neg ? -(int64_t)x : (int64_t)x;
            o->has_index = true;
            break;
        }
        case O_DUMP:
            o->dump = val;
            break;
        case O_BASE:
            o->d.base = num_arg("--dump-base", val);
            o->has_base = true;
            break;
        case O_GPCCR:
            o->d.gpccr = num_arg("--gpccr", val);
            o->has_gpccr = true;
            break;
        case O_GPTBR:
            o->d.gptbr = num_arg("--gptbr", val);
            o->has_gptbr = true;
            break;
        case O_GPCBW:
            o->d.gpcbw = num_arg("--gpcbw", val);
            break;
        case O_PA_BITS:
            o->d.pa_bits = choice_arg("--pa-bits", val, pa_bits,
                                      G_N_ELEMENTS(pa_bits));
            break;
        case O_L0GPTSZ:
            o->d.l0gptsz = choice_arg("--l0gptsz", val, l0gptsz,
                                      G_N_ELEMENTS(l0gptsz));
            break;
        case O_GPC2:
            o->d.gpc2 = true;
            break;
        case O_GPC3:
            o->d.gpc3 = true;
            break;
        case O_GDI:
            o->d.gdi = true;
            break;
        case O_START:
            o->d.start = num_arg("--start", val);
            break;
        case O_END:
            o->d.end = num_arg("--end", val);
            break;
        case O_MAX: {
            uint64_t x = num_arg("--max-ranges", val);

            o->d.max_ranges = x > SIZE_MAX ? SIZE_MAX : (size_t)x;
            break;
        }
        }
    }

    if (o->dump) {
        if (o->input) {
            usage_error("--dump %s and a JSON input '%s': give one",
                        shown(o->dump), shown(o->input));
        }
        if (o->list || o->has_index) {
            usage_error("%s is for JSON input, not --dump",
                        o->list ? "--list" : "--index");
        }
        if (!o->has_base || !o->has_gpccr || !o->has_gptbr) {
            usage_error("--dump needs %s", !o->has_base ? "--dump-base PA"
                        : !o->has_gpccr ? "--gpccr V" : "--gptbr V");
        }
        if (o->d.end > GM_PA_END) {
            usage_error("--end: 0x%" PRIx64 " is beyond the 56-bit PA space",
                        o->d.end);
        }
        if (o->d.start >= (o->d.end ? o->d.end : GM_PA_END)) {
            usage_error("--start 0x%" PRIx64 " is not below --end",
                        o->d.start);
        }
    } else {
        if (o->dump_only) {
            usage_error("%s is only for --dump", o->dump_only);
        }
        if (!o->input) {
            usage_error("no input (give FILE.json, - for standard input, or "
                        "--dump FILE.bin)");
        }
        if (o->list && o->has_index) {
            usage_error("--list and --index: choose one");
        }
    }
    if (o->format == FMT_DEFAULT) {
        if (o->out && strcmp(o->out, "-") != 0) {
            o->format = g_str_has_suffix(o->out, ".txt") ? FMT_TEXT
                      : g_str_has_suffix(o->out, ".json") ? FMT_JSON
                      : FMT_SVG;
        } else {
            o->format = isatty(STDOUT_FILENO) ? FMT_TEXT : FMT_SVG;
        }
    }
}

static const char *display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* All of @path (or stdin), at most @max bytes; false with *@why set. */
static bool read_all(const char *path, size_t max, GByteArray **out,
                     const char **why)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    GByteArray *buf;
    unsigned char chunk[65536];
    size_t n;

    if (!f) {
        *why = g_strerror(errno);
        return false;
    }
    buf = g_byte_array_new();
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (buf->len + n > max) {
            *why = max == JSON_DEFAULT_MAX_BYTES
                   ? "larger than the JSON reader's limit of 64 MiB"
                   : "larger than the limit of 1 GiB for a dump on stdin";
            g_byte_array_free(buf, TRUE);
            if (f != stdin) {
                fclose(f);
            }
            return false;
        }
        g_byte_array_append(buf, chunk, (guint)n);
    }
    if (ferror(f)) {
        *why = g_strerror(errno);
        g_byte_array_free(buf, TRUE);
        if (f != stdin) {
            fclose(f);
        }
        return false;
    }
    if (f != stdin) {
        fclose(f);
    }
    *out = buf;
    return true;
}

static void write_output(const opts *o, const GString *s)
{
    if (o->out && strcmp(o->out, "-") != 0) {
        GError *err = NULL;

        if (!g_file_set_contents(o->out, s->str, (gssize)s->len, &err)) {
            fatal("cannot write %s", err->message);
        }
        return;
    }
    if (fwrite(s->str, 1, s->len, stdout) != s->len || fflush(stdout) != 0) {
        fatal("cannot write to standard output: %s", g_strerror(errno));
    }
}

static void G_GNUC_NORETURN input_error(const char *name, const json_error *e)
{
    if (e->line) {
        fatal("%s:%u:%u: %s", name, e->line, e->col, e->msg);
    }
    fatal("%s: %s", name, e->msg);
}

/* The map to show from a JSON input, or exit. */
static void map_from_json_file(const opts *o, gm_map *map)
{
    const char *name = display_name(o->input), *why;
    GByteArray *buf;
    GPtrArray *maps;
    json_doc *doc;
    json_error e;
    int64_t idx;

    if (!read_all(o->input, JSON_DEFAULT_MAX_BYTES, &buf, &why)) {
        fatal("%s: %s", name, why);
    }
    doc = json_parse((const char *)buf->data, buf->len, NULL, &e);
    g_byte_array_free(buf, TRUE);
    if (!doc) {
        input_error(name, &e);
    }
    maps = g_ptr_array_new();
    for (size_t i = 0; i < json_doc_count(doc); i++) {
        const json_value *v = json_doc_value(doc, i);
        const json_value *m = gm_find_map(v);

        if (v->type != JSON_OBJECT) {
            e.line = v->line;
            e.col = v->col;
            snprintf(e.msg, sizeof(e.msg), "expected an object, found %s",
                     json_type_name(v->type));
            input_error(name, &e);
        }
        if (m) {
            g_ptr_array_add(maps, (gpointer)m);
        }
    }
    if (maps->len == 0) {
        fatal("%s: no GPT map in it (an object with \"ranges\", or a QMP "
              "response whose \"return\" has one)", name);
    }
    if (o->list) {
        GString *s = g_string_new(NULL);

        g_string_append_printf(s, "%s: %u GPT map%s (without --index the "
                               "last, %u, is shown)\n", name, maps->len,
                               maps->len == 1 ? "" : "s", maps->len - 1);
        for (guint i = 0; i < maps->len; i++) {
            if (!gm_from_json(g_ptr_array_index(maps, i), map, &e)) {
                input_error(name, &e);
            }
            g_string_append_printf(s, "%u: start 0x%" PRIx64 " end 0x%"
                                   PRIx64 ", %zu range%s%s\n", i, map->start,
                                   map->end, map->n, map->n == 1 ? "" : "s",
                                   map->truncated ? ", truncated" : "");
            gm_map_clear(map);
        }
        write_output(o, s);
        exit(0);
    }
    idx = o->has_index ? o->index : -1;
    if (idx < 0) {
        idx += maps->len;
    }
    if (idx < 0 || idx >= maps->len) {
        usage_error("--index %" PRId64 ": %s has %u GPT map%s", o->index,
                    name, maps->len, maps->len == 1 ? "" : "s");
    }
    if (!gm_from_json(g_ptr_array_index(maps, idx), map, &e)) {
        input_error(name, &e);
    }
    g_ptr_array_free(maps, TRUE);
    json_doc_free(doc);
}

static void map_from_dump_file(const opts *o, gm_map *map)
{
    const char *name = display_name(o->dump), *why;
    GMappedFile *mf = NULL;
    GByteArray *buf = NULL;
    const unsigned char *data = NULL;
    size_t len = 0;

    if (strcmp(o->dump, "-") != 0) {
        mf = g_mapped_file_new(o->dump, FALSE, NULL);
    }
    if (mf) {
        data = (const unsigned char *)g_mapped_file_get_contents(mf);
        len = g_mapped_file_get_length(mf);
    } else {
        if (!read_all(o->dump, MAX_DUMP_STDIN, &buf, &why)) {
            fatal("%s: %s", name, why);
        }
        data = buf->data;
        len = buf->len;
    }
    gm_map_from_dump(data, data ? len : 0, &o->d, map);
    if (mf) {
        g_mapped_file_unref(mf);
    }
    if (buf) {
        g_byte_array_free(buf, TRUE);
    }
}

/* Why the exit status is 1, on one line. */
static void report_problems(const char *name, const gm_map *map)
{
    GString *s = g_string_new(NULL);
    uint64_t nfault = 0;
    bool kinds[GM_NKINDS] = { false };
    const char *sep = "";

    if (map->config_errors) {
        g_string_append(s, "config errors (");
        for (unsigned b = 0; b < GPT_CFG_NPROBLEMS; b++) {
            if (map->config_errors & (1u << b)) {
                g_string_append_printf(s, "%s%s", sep,
                                       gpt_cfg_problem_name(1u << b));
                sep = ", ";
            }
        }
        g_string_append(s, ")");
    }
    for (size_t i = 0; i < map->n; i++) {
        if (gm_kind_is_fault(map->ranges[i].kind)) {
            nfault++;
            kinds[map->ranges[i].kind] = true;
        }
    }
    if (nfault) {
        g_string_append_printf(s, "%s%" PRIu64 " fault range%s (",
                               s->len ? " and " : "", nfault,
                               nfault == 1 ? "" : "s");
        sep = "";
        for (int k = 0; k < GM_NKINDS; k++) {
            if (kinds[k]) {
                g_string_append_printf(s, "%s%s", sep,
                                       gpt_map_kind_name((gpt_map_kind)k));
                sep = ", ";
            }
        }
        g_string_append(s, ")");
    }
    fprintf(stderr, "gpt-map: %s: the GPT has %s: exit status 1\n", name,
            s->str);
    g_string_free(s, TRUE);
}

int main(int argc, char **argv)
{
    opts o;
    gm_map map;
    GString *out = g_string_new(NULL);
    int status = 0;

    parse_args(argc, argv, &o);
    if (o.dump) {
        map_from_dump_file(&o, &map);
    } else {
        map_from_json_file(&o, &map);
    }
    if (o.format == FMT_SVG && map.n > SVG_MAX_RANGES) {
        fatal("%s: %zu ranges are too many for a picture (at most %d); "
              "use --text or --json%s",
              display_name(o.dump ? o.dump : o.input), map.n, SVG_MAX_RANGES,
              o.dump ? ", or --start/--end" : "");
    }
    switch (o.format) {
    case FMT_TEXT:
        gm_render_text(out, &map);
        break;
    case FMT_JSON:
        gm_render_json(out, &map);
        break;
    default:
        gm_render_svg(out, &map);
        break;
    }
    write_output(&o, out);
    if (gm_problems(&map)) {
        report_problems(display_name(o.dump ? o.dump : o.input), &map);
        status = EXIT_PROBLEMS;
    }
    g_string_free(out, TRUE);
    gm_map_clear(&map);
    return status;
}
