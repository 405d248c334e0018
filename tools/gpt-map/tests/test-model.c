/*
 * Unit tests of tools/gpt-map/model.c (and util.c): the query-rme-gpt
 * object read into a map and checked.  Ranges must be sorted, must not
 * overlap, must not be empty and must lie in [start, end); every name must
 * be one gpt.h / gpt-map.h defines; a GPI range needs a named GPI (D9.6.5:
 * the reserved encodings are invalid entries, a walk fault, never a GPI).
 * Numbers may be integers or "0x..."/decimal strings.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "model.h"
#include "render.h"
#include "tap.h"
#include "util.h"

/* The brief's example, with the TF-A-like GPT of test-gpt-map.c. */
static const char good[] =
    "{\"cpu-index\": 0, \"gpccr-el3\": 79104, \"gptbr-el3\": \"0x10000\",\n"
    " \"gpcbw-el3\": 0, \"gpc\": true, \"pps-bits\": 32, \"pgs-bits\": 12,\n"
    " \"l0gptsz-bits\": 30, \"config-errors\": [], \"start\": 0,\n"
    " \"end\": \"0x100000000\", \"truncated\": false, \"ranges\": [\n"
    "  {\"base\": 0, \"size\": \"0x40000000\", \"kind\": \"gpi\", \"label\":"
    " \"Any\", \"gpi\": 15, \"reason\": \"gpi_permits\", \"level\": 0,"
    " \"desc-kind\": \"block\", \"desc\": 241, \"desc-addr\": 268435456},\n"
    "  {\"base\": \"1073741824\", \"size\": 12288, \"kind\": \"gpi\","
    " \"gpi\": 9, \"level\": 1, \"desc-kind\": \"granules\","
    " \"desc\": \"0x999999999999b999\", \"desc-addr\": \"0x10100000\"},\n"
    "  {\"base\": 1073754112, \"size\": 4096, \"kind\": \"gpi\", \"label\":"
    " \"Realm\", \"gpi\": 11, \"reason\": \"l1_denied\", \"level\": 1},\n"
    "  {\"base\": 1073758208, \"size\": 1073725440, \"kind\": \"gpi\","
    " \"gpi\": 9, \"gpx\": \"ignored\"},\n"
    "  {\"base\": 2147483648, \"size\": 1073741824, \"kind\": \"gpi\","
    " \"label\": \"Root\", \"gpi\": 10, \"gpi-name\": null},\n"
    "  {\"base\": 3221225472, \"size\": 1073741824, \"kind\": \"walk-fault\","
    " \"label\": \"walk-fault\", \"gpi\": null, \"reason\": \"l0_invalid\","
    " \"level\": 0, \"desc-kind\": \"invalid\", \"desc\": 0,"
    " \"desc-addr\": 268435480}\n"
    " ]}\n";

static json_doc *doc_of(const char *s)
{
    json_error e;
    json_doc *doc = json_parse(s, strlen(s), NULL, &e);

    if (!doc) {
        tap_diag("JSON error %u:%u: %s", e.line, e.col, e.msg);
    }
    return doc;
}

/* Reads @s as a map; the map is cleared unless @keep. */
static bool read_map(const char *s, gm_map *map, json_error *e)
{
    json_doc *doc = doc_of(s);
    const json_value *m;
    bool ok;

    if (!doc) {
        snprintf(e->msg, sizeof(e->msg), "(bad JSON)");
        return false;
    }
    m = gm_find_map(json_doc_value(doc, 0));
    if (!m) {
        m = json_doc_value(doc, 0);
    }
    ok = gm_from_json(m, map, e);
    json_doc_free(doc);
    return ok;
}

#define REJECT(s, line, col, what) \
    reject_at(__FILE__, __LINE__, (s), (line), (col), (what))

static void reject_at(const char *file, int fline, const char *s,
                      unsigned line, unsigned col, const char *what)
{
    gm_map map;
    json_error e;

    if (!tap_ok_at(file, fline, !read_map(s, &map, &e), "rejected: %.70s",
                   s)) {
        gm_map_clear(&map);
        return;
    }
    tap_eq_u64_at(file, fline, "line", e.line, line);
    tap_eq_u64_at(file, fline, "column", e.col, col);
    tap_ok_at(file, fline, strstr(e.msg, what) != NULL,
              "message \"%s\" contains \"%s\"", e.msg, what);
}

/* A map of one range plus @extra top-level members, for the error cases */
static char *one(const char *range, const char *extra)
{
    return g_strdup_printf("{%s\"ranges\": [%s]}", extra, range);
}

static void test_good(void)
{
    gm_map map;
    json_error e;

    tap_begin("the query-rme-gpt object: numbers as integers, hex and "
              "decimal strings; optional members; unknown members ignored");
    TAP_TRUE(read_map(good, &map, &e));
    if (e.msg[0]) {
        tap_diag("%u:%u: %s", e.line, e.col, e.msg);
    }
    TAP_EQ_U64(map.n, 6);
    TAP_TRUE(map.has_cpu_index && map.cpu_index == 0);
    TAP_EQ_U64(map.gpccr, 0x13500);
    TAP_EQ_U64(map.gptbr, 0x10000);
    TAP_EQ_INT(map.gpc, 1);
    TAP_EQ_INT(map.pps_bits, 32);
    TAP_EQ_U64(map.start, 0);
    TAP_EQ_U64(map.end, 0x100000000ull);
    TAP_EQ_U64(map.config_errors, 0);
    if (map.n == 6) {
        TAP_EQ_U64(map.ranges[1].base, 0x40000000);
        TAP_EQ_U64(map.ranges[1].desc, 0x999999999999b999ull);
        TAP_EQ_U64(map.ranges[1].desc_addr, 0x10100000);
        TAP_EQ_INT(map.ranges[1].reason, -1);
        TAP_EQ_STR(gm_range_label(&map.ranges[2]), "Realm");
        TAP_EQ_INT(map.ranges[2].reason, GPT_R_L1_DENIED);
        TAP_EQ_INT(map.ranges[2].desc_kind, -1);
        TAP_TRUE(!map.ranges[2].has_desc);
        TAP_EQ_INT(map.ranges[5].kind, GPT_MAP_WALK_FAULT);
        TAP_EQ_INT(map.ranges[5].gpi, -1);
        TAP_EQ_INT(map.ranges[5].desc_kind, GPT_DESC_INVALID);
        TAP_EQ_U64(map.ranges[5].line, 10);
    }
    /* R_KYZMZ: the invalid level 0 entry is a walk fault: exit status 1 */
    TAP_EQ_U64(gm_problems(&map), GM_FAULTS);
    gm_map_clear(&map);
    tap_end();
}

static void test_wrappers(void)
{
    char *s;
    gm_map map;
    json_error e;
    json_doc *doc;

    tap_begin("a QMP response {\"return\": {...}}; objects without ranges "
              "are no map; defaults for start and end");
    s = g_strdup_printf("{\"return\": %s, \"id\": 1}", good);
    TAP_TRUE(read_map(s, &map, &e));
    TAP_EQ_U64(map.n, 6);
    gm_map_clear(&map);
    g_free(s);
    doc = doc_of("{\"QMP\": {}} {\"return\": {}} {\"event\": \"X\"} [1]");
    for (size_t i = 0; doc && i < json_doc_count(doc); i++) {
        TAP_TRUE(gm_find_map(json_doc_value(doc, i)) == NULL);
    }
    json_doc_free(doc);
    /* no start/end: the window the ranges cover; gaps allowed */
    TAP_TRUE(read_map("{\"ranges\": [{\"base\": 4096, \"size\": 4096, "
                      "\"kind\": \"gpc-off\"}, {\"base\": 16384, \"size\": "
                      "4096, \"kind\": \"bypass\"}]}", &map, &e));
    TAP_EQ_U64(map.start, 4096);
    TAP_EQ_U64(map.end, 20480);
    TAP_EQ_U64(gm_problems(&map), 0);
    gm_map_clear(&map);
    /* "end": 0 is the end of the PA space, as for gpt_map() */
    TAP_TRUE(read_map("{\"start\": 0, \"end\": 0, \"ranges\": []}", &map, &e));
    TAP_EQ_U64(map.end, GM_PA_END);
    gm_map_clear(&map);
    /* config errors make the exit status 1 */
    TAP_TRUE(read_map("{\"config-errors\": [\"pgs_reserved\", "
                      "\"sh_reserved\"], \"ranges\": [{\"base\": 0, \"size\": "
                      "\"0x100000000000000\", \"kind\": \"bad-config\"}]}",
                      &map, &e));
    TAP_EQ_U64(map.config_errors, GPT_CFG_PGS_RESERVED | GPT_CFG_SH_RESERVED);
    TAP_EQ_U64(gm_problems(&map), GM_CONFIG_ERRORS | GM_FAULTS);
    gm_map_clear(&map);
    tap_end();
}

static void test_ranges_rejected(void)
{
    tap_begin("ranges: unsorted, overlapping, zero-size, outside the window "
              "or the 56-bit PA space are rejected");
    REJECT("{\"ranges\": [\n"
           "{\"base\": 8192, \"size\": 4096, \"kind\": \"gpc-off\"},\n"
           "{\"base\": 0, \"size\": 4096, \"kind\": \"gpc-off\"}]}",
           3, 1, "not sorted: ranges[1].base 0x0 is below ranges[0].base");
    REJECT("{\"ranges\": [\n"
           "{\"base\": 0, \"size\": 8192, \"kind\": \"gpc-off\"},\n"
           "  {\"base\": 4096, \"size\": 8192, \"kind\": \"gpc-off\"}]}",
           3, 3, "ranges[1] [0x1000, 0x3000) overlaps ranges[0] [0x0, 0x2000)");
    REJECT("{\"ranges\": [\n"
           "{\"base\": 0, \"size\": 4096, \"kind\": \"gpc-off\"},\n"
           "{\"base\": 0, \"size\": 4096, \"kind\": \"gpc-off\"}]}",
           3, 1, "overlaps");
    REJECT("{\"ranges\": [{\"base\": 0, \"size\": 0, \"kind\": \"gpc-off\"}]}",
           1, 33, "ranges[0].size: zero");
    REJECT("{\"ranges\": [{\"base\": 0, \"size\": \"0x0\", "
           "\"kind\": \"gpc-off\"}]}", 1, 33, "ranges[0].size: zero");
    REJECT("{\"start\": 4096, \"end\": 8192, \"ranges\": [{\"base\": 0, "
           "\"size\": 4096, \"kind\": \"gpc-off\"}]}", 1, 41,
           "outside [start, end)");
    REJECT("{\"start\": 0, \"end\": 8192, \"ranges\": [{\"base\": 4096, "
           "\"size\": 8192, \"kind\": \"gpc-off\"}]}", 1, 38,
           "outside [start, end)");
    REJECT("{\"ranges\": [{\"base\": \"0xfffffffffffff000\", \"size\": "
           "\"0x2000\", \"kind\": \"gpc-off\"}]}", 1, 13,
           "ends beyond the 56-bit PA space");
    REJECT("{\"end\": \"0x100000000000001\", \"ranges\": []}", 1, 9,
           "beyond the 56-bit PA space");
    REJECT("{\"start\": 8192, \"end\": 4096, \"ranges\": []}", 1, 11,
           "not below end");
    REJECT("{\"start\": 4096, \"end\": 4096, \"ranges\": []}", 1, 11,
           "an empty window");
    REJECT("{\"ranges\": []}", 1, 1, "no window");
    tap_end();
}

static void test_fields_rejected(void)
{
    static const struct {
        const char *range, *extra;
        unsigned col;
        const char *what;
    } cases[] = {
        { "{\"size\": 1, \"kind\": \"gpc-off\"}", "", 13,
          "ranges[0]: no \"base\"" },
        { "{\"base\": 0, \"kind\": \"gpc-off\"}", "", 13,
          "ranges[0]: no \"size\"" },
        { "{\"base\": 0, \"size\": 1}", "", 13, "ranges[0]: no \"kind\"" },
        { "{\"base\": -4096, \"size\": 1, \"kind\": \"gpc-off\"}", "", 22,
          "ranges[0].base: negative" },
        { "{\"base\": 1.5, \"size\": 1, \"kind\": \"gpc-off\"}", "", 22,
          "ranges[0].base: expected an integer or a \"0x...\" string, found "
          "non-integer number" },
        { "{\"base\": \"0x\", \"size\": 1, \"kind\": \"gpc-off\"}", "", 22,
          "ranges[0].base: not a number" },
        { "{\"base\": \"0x10000000000000000\", \"size\": 1, \"kind\": "
          "\"gpc-off\"}", "", 22, "not a number" },
        { "{\"base\": \"12a\", \"size\": 1, \"kind\": \"gpc-off\"}", "", 22,
          "not a number" },
        { "{\"base\": \" 1\", \"size\": 1, \"kind\": \"gpc-off\"}", "", 22,
          "not a number" },
        { "{\"base\": true, \"size\": 1, \"kind\": \"gpc-off\"}", "", 22,
          "expected an integer or a \"0x...\" string, found boolean" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"granted\"}", "", 44,
          "ranges[0].kind: unknown name \"granted\"" },
        { "{\"base\": 0, \"size\": 1, \"kind\": 3}", "", 44,
          "ranges[0].kind: expected a string" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpi\"}", "", 13,
          "kind \"gpi\" but no \"gpi\"" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpi\", \"gpi\": 16}", "", 58,
          "ranges[0].gpi: 16 is out of range" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpi\", \"gpi\": 3}", "", 58,
          "3 is a reserved GPI encoding" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpi\", \"gpi\": 14}", "", 58,
          "reserved GPI" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\", \"gpi\": 9}", "",
          62, "ranges[0].gpi: given for kind \"gpc-off\"" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpi\", \"gpi\": 9, "
          "\"label\": \"Realm\"}", "", 70,
          "ranges[0].label: does not match its gpi (expected \"NS\")" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"walk-fault\", "
          "\"label\": \"NS\"}", "", 67, "expected \"walk-fault\"" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\", "
          "\"reason\": \"because\"}", "", 65, "unknown name \"because\"" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\", "
          "\"level\": 2}", "", 64, "ranges[0].level: 2 is out of range" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\", "
          "\"desc-kind\": \"leaf\"}", "", 68, "unknown name \"leaf\"" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\", "
          "\"desc\": [1]}", "", 63, "ranges[0].desc: expected an integer" },
        { "7", "", 13, "ranges[0]: expected an object, found integer" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\"}",
          "\"config-errors\": [\"too_big\"], ", 20,
          "config-errors[0]: unknown name \"too_big\"" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\"}",
          "\"config-errors\": \"pgs_reserved\", ", 19,
          "config-errors: expected an array" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\"}",
          "\"gpc\": 1, ", 9, "gpc: expected true or false" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\"}",
          "\"pps-bits\": 65, ", 14, "pps-bits: 65 is out of range" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\"}",
          "\"truncated\": \"no\", ", 15, "truncated: expected true or false" },
        { "{\"base\": 0, \"size\": 1, \"kind\": \"gpc-off\"}",
          "\"cpu-index\": \"-1\", ", 15, "cpu-index: not a number" },
    };

    tap_begin("fields: missing, wrong type, unknown names, reserved GPIs, "
              "labels that contradict the GPI");
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *s = one(cases[i].range, cases[i].extra);
        gm_map map;
        json_error e;

        if (!cases[i].what[0]) {
            /* the JSON reader refuses it already */
            json_doc *doc = json_parse(s, strlen(s), NULL, &e);

            TAP_TRUE(doc == NULL);
            json_doc_free(doc);
        } else if (TAP_CHECK(!read_map(s, &map, &e), "rejected: %s", s)) {
            TAP_EQ_U64(e.col, cases[i].col);
            TAP_CHECK(strstr(e.msg, cases[i].what) != NULL,
                      "message \"%s\" contains \"%s\"", e.msg,
                      cases[i].what);
        } else {
            gm_map_clear(&map);
        }
        g_free(s);
    }
    tap_end();
}

static void test_round_trip(void)
{
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    gm_map map, again;
    json_error e;

    tap_begin("the JSON the tool writes reads back to the same map");
    TAP_TRUE(read_map(good, &map, &e));
    gm_render_json(a, &map);
    TAP_TRUE(read_map(a->str, &again, &e));
    gm_render_json(b, &again);
    TAP_EQ_STR(b->str, a->str);
    g_string_truncate(a, 0);
    g_string_truncate(b, 0);
    gm_render_svg(a, &map);
    gm_render_svg(b, &again);
    TAP_TRUE(g_string_equal(a, b));
    gm_map_clear(&map);
    gm_map_clear(&again);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
    tap_end();
}

static void test_validate(void)
{
    gm_map map;
    gm_range r = { .base = 0x1000, .size = 0x1000, .kind = GPT_MAP_GPI,
                   .gpi = GPT_GPI_REALM, .reason = -1, .level = 1,
                   .desc_kind = -1 };
    json_error e;

    tap_begin("gm_validate(), for maps built in C");
    gm_map_init(&map);
    map.start = 0;
    map.end = 0x4000;
    gm_map_add(&map, &r);
    TAP_TRUE(gm_validate(&map, &e));
    r.base = 0x1800;
    gm_map_add(&map, &r);
    TAP_TRUE(!gm_validate(&map, &e) && strstr(e.msg, "overlaps"));
    map.ranges[1].base = 0x2000;
    map.ranges[1].gpi = 1;              /* reserved */
    TAP_TRUE(!gm_validate(&map, &e) && strstr(e.msg, "inconsistent"));
    map.ranges[1].gpi = GPT_GPI_ROOT;
    map.ranges[1].size = 0x4000;
    TAP_TRUE(!gm_validate(&map, &e) && strstr(e.msg, "outside"));
    gm_map_clear(&map);
    tap_end();
}

static void test_util(void)
{
    static const struct {
        uint64_t size;
        const char *text;
    } sizes[] = {
        { 0, "0 B" }, { 1023, "1023 B" }, { 4096, "4 KiB" },
        { 12288, "12 KiB" }, { 1536, "1.50 KiB" }, { 1 << 30, "1 GiB" },
        { (1u << 30) - 0x4000, "1023.98 MiB" },
        { (UINT64_C(1) << 56) - (UINT64_C(1) << 32), "63.99 PiB" },
        { UINT64_C(1) << 56, "64 PiB" }, { UINT64_MAX, "15.99 EiB" },
    };
    static const struct {
        const char *s;
        bool ok;
        uint64_t v;
    } nums[] = {
        { "0", true, 0 }, { "4096", true, 4096 }, { "0x1000", true, 4096 },
        { "0X1F", true, 31 }, { "0x0000000000000000001", true, 1 },
        { "18446744073709551615", true, UINT64_MAX },
        { "0xffffffffffffffff", true, UINT64_MAX },
        { "18446744073709551616", false, 0 },
        { "0x10000000000000000", false, 0 }, { "", false, 0 },
        { "0x", false, 0 }, { "-1", false, 0 }, { "+1", false, 0 },
        { "1 ", false, 0 }, { "1k", false, 0 }, { "0x1g", false, 0 },
    };
    GString *s = g_string_new(NULL);

    tap_begin("sizes in binary units (never rounded up), numbers in "
              "strings and options");
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        g_string_truncate(s, 0);
        gm_append_size(s, sizes[i].size);
        TAP_EQ_STR(s->str, sizes[i].text);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(nums); i++) {
        uint64_t v = 0;
        bool ok = gm_parse_u64(nums[i].s, &v);

        TAP_CHECK(ok == nums[i].ok && (!ok || v == nums[i].v),
                  "gm_parse_u64(\"%s\")", nums[i].s);
    }
    g_string_truncate(s, 0);
    gm_append_xml(s, "a<b>&\"'\x01\xff\xc3\xa9");
    TAP_EQ_STR(s->str, "a&lt;b&gt;&amp;&quot;&apos;\xef\xbf\xbd\xef\xbf\xbd"
               "\xc3\xa9");
    g_string_free(s, TRUE);
    tap_end();
}

int main(void)
{
    test_good();
    test_wrappers();
    test_ranges_rejected();
    test_fields_rejected();
    test_round_trip();
    test_validate();
    test_util();
    return tap_done();
}
