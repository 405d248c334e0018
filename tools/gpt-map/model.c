/*
 * gpt-map: the map being shown, and how it is read from JSON (model.h)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "model.h"
#include "util.h"

void gm_map_init(gm_map *map)
{
    memset(map, 0, sizeof(*map));
    map->gpc = -1;
    map->pps_bits = map->pgs_bits = map->l0gptsz_bits = -1;
}

void gm_map_clear(gm_map *map)
{
    g_free(map->ranges);
    gm_map_init(map);
}

void gm_map_add(gm_map *map, const gm_range *range)
{
    if (map->n == map->cap) {
        map->cap = map->cap ? map->cap * 2 : 64;
        map->ranges = g_renew(gm_range, map->ranges, map->cap);
    }
    map->ranges[map->n++] = *range;
}

/* ---- names ---------------------------------------------------------- */

int gm_kind_from_name(const char *name)
{
    for (int k = 0; k < GM_NKINDS; k++) {
        if (strcmp(name, gpt_map_kind_name((gpt_map_kind)k)) == 0) {
            return k;
        }
    }
    return -1;
}

int gm_reason_from_name(const char *name)
{
    for (int r = 0; r <= GPT_R_BAD_ARGUMENT; r++) {
        if (strcmp(name, gpt_reason_name((gpt_reason)r)) == 0) {
            return r;
        }
    }
    return -1;
}

int gm_desc_kind_from_name(const char *name)
{
    for (int d = 0; d <= GPT_DESC_INVALID; d++) {
        if (strcmp(name, gpt_desc_kind_name((gpt_desc_kind)d)) == 0) {
            return d;
        }
    }
    return -1;
}

int gm_cfg_problem_from_name(const char *name)
{
    for (int b = 0; b < GPT_CFG_NPROBLEMS; b++) {
        if (strcmp(name, gpt_cfg_problem_name(1u << b)) == 0) {
            return (int)(1u << b);
        }
    }
    return -1;
}

/* A GPI with a name: D9.6.5 encodings; the others are reserved. */
static bool gpi_named(int gpi)
{
    return gpi >= 0 && gpi <= 15 &&
           strcmp(gpt_gpi_name((unsigned)gpi), "reserved") != 0;
}

const char *gm_range_label(const gm_range *range)
{
    return range->kind == GPT_MAP_GPI ? gpt_gpi_name((unsigned)range->gpi)
                                      : gpt_map_kind_name(range->kind);
}

static const struct {
    int gpi;                /* -1 for a kind */
    gpt_map_kind kind;
} label_order[GM_NLABELS] = {
    { GPT_GPI_NONSECURE, GPT_MAP_GPI }, { GPT_GPI_SECURE, GPT_MAP_GPI },
    { GPT_GPI_ROOT, GPT_MAP_GPI }, { GPT_GPI_REALM, GPT_MAP_GPI },
    { GPT_GPI_ANY, GPT_MAP_GPI }, { GPT_GPI_NO_ACCESS, GPT_MAP_GPI },
    { GPT_GPI_NSO, GPT_MAP_GPI }, { GPT_GPI_SA, GPT_MAP_GPI },
    { GPT_GPI_NSP, GPT_MAP_GPI }, { GPT_GPI_NA6, GPT_MAP_GPI },
    { GPT_GPI_NA7, GPT_MAP_GPI },
    { -1, GPT_MAP_GPC_OFF }, { -1, GPT_MAP_ABOVE_PPS }, { -1, GPT_MAP_BYPASS },
    { -1, GPT_MAP_BAD_CONFIG }, { -1, GPT_MAP_WALK_FAULT },
    { -1, GPT_MAP_ADDRSIZE }, { -1, GPT_MAP_EABT },
};

unsigned gm_label_index(const gm_range *range)
{
    for (unsigned i = 0; i < GM_NLABELS; i++) {
        if (range->kind == label_order[i].kind &&
            (range->kind != GPT_MAP_GPI || range->gpi == label_order[i].gpi)) {
            return i;
        }
    }
    return 0;   /* not reached for a validated range */
}

const char *gm_label_name(unsigned index)
{
    if (index >= GM_NLABELS) {
        return "?";
    }
    return label_order[index].gpi >= 0
           ? gpt_gpi_name((unsigned)label_order[index].gpi)
           : gpt_map_kind_name(label_order[index].kind);
}

bool gm_kind_is_fault(gpt_map_kind kind)
{
    return kind == GPT_MAP_BAD_CONFIG || kind == GPT_MAP_WALK_FAULT ||
           kind == GPT_MAP_ADDRSIZE || kind == GPT_MAP_EABT;
}

unsigned gm_problems(const gm_map *map)
{
    unsigned p = map->config_errors ? GM_CONFIG_ERRORS : 0;

    for (size_t i = 0; i < map->n; i++) {
        if (gm_kind_is_fault(map->ranges[i].kind)) {
            p |= GM_FAULTS;
            break;
        }
    }
    return p;
}

/* ---- reading -------------------------------------------------------- */

static bool fail(json_error *err, unsigned line, unsigned col,
                 const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static bool fail(json_error *err, unsigned line, unsigned col,
                 const char *fmt, ...)
{
    va_list ap;

    err->line = line;
    err->col = col;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return false;
}

#define FAIL_AT(err, v, ...) fail((err), (v)->line, (v)->col, __VA_ARGS__)

const json_value *gm_find_map(const json_value *v)
{
    const json_value *ret;

    if (!v || v->type != JSON_OBJECT) {
        return NULL;
    }
    if (json_get(v, "ranges")) {
        return v;
    }
    ret = json_get(v, "return");
    if (ret && ret->type == JSON_OBJECT && json_get(ret, "ranges")) {
        return ret;
    }
    return NULL;
}

/* A member that is absent or null counts as not given. */
static const json_value *member(const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);

    return v && v->type != JSON_NULL ? v : NULL;
}

/* A number: a JSON integer >= 0, or a "0x..." / decimal string. */
static bool get_u64(const json_value *v, const char *what, uint64_t *out,
                    json_error *err)
{
    if (v->type == JSON_INT) {
        if (v->u.i.neg) {
            return FAIL_AT(err, v, "%s: negative (-%" PRIu64 ")", what,
                           v->u.i.mag);
        }
        *out = v->u.i.mag;
        return true;
    }
    if (v->type == JSON_STRING) {
        if (!gm_parse_u64(v->u.str.s, out)) {
            return FAIL_AT(err, v, "%s: not a number (\"0x...\" hex or "
                           "decimal digits, at most 64 bits)", what);
        }
        return true;
    }
    return FAIL_AT(err, v, "%s: expected an integer or a \"0x...\" string, "
                   "found %s", what, json_type_name(v->type));
}

static bool get_int(const json_value *v, const char *what, int64_t min,
                    int64_t max, int64_t *out, json_error *err)
{
    int64_t x;

    if (v->type == JSON_INT && v->u.i.neg) {
        /* mag <= 2^63, so -(mag - 1) - 1 is representable */
        x = -(int64_t)(v->u.i.mag - 1) - 1;
    } else {
        uint64_t u;

        if (!get_u64(v, what, &u, err)) {
            return false;
        }
        if (u > INT64_MAX) {
            return FAIL_AT(err, v, "%s: %" PRIu64 " is out of range", what,
                           u);
        }
        x = (int64_t)u;
    }
    if (x < min || x > max) {
        return FAIL_AT(err, v, "%s: %" PRId64 " is out of range (%" PRId64
                       "..%" PRId64 ")", what, x, min, max);
    }
    *out = x;
    return true;
}

static bool get_bool(const json_value *v, const char *what, bool *out,
                     json_error *err)
{
    if (v->type != JSON_TRUE && v->type != JSON_FALSE) {
        return FAIL_AT(err, v, "%s: expected true or false, found %s", what,
                       json_type_name(v->type));
    }
    *out = v->type == JSON_TRUE;
    return true;
}

static bool get_name(const json_value *v, const char *what,
                     int (*lookup)(const char *), int *out, json_error *err)
{
    GString *shown;
    int x;

    if (v->type != JSON_STRING) {
        return FAIL_AT(err, v, "%s: expected a string, found %s", what,
                       json_type_name(v->type));
    }
    x = lookup(v->u.str.s);
    if (x >= 0) {
        *out = x;
        return true;
    }
    shown = g_string_new(NULL);
    gm_append_printable(shown, v->u.str.s);
    if (shown->len > 40) {
        g_string_truncate(shown, 37);
        g_string_append(shown, "...");
    }
    FAIL_AT(err, v, "%s: unknown name \"%s\"", what, shown->str);
    g_string_free(shown, TRUE);
    return false;
}

static bool opt_u64(const json_value *obj, const char *key, bool *has,
                    uint64_t *out, json_error *err)
{
    const json_value *v = member(obj, key);

    *has = v != NULL;
    return !v || get_u64(v, key, out, err);
}

static bool opt_small(const json_value *obj, const char *key, int *out,
                      json_error *err)
{
    const json_value *v = member(obj, key);
    int64_t x;

    if (!v) {
        return true;
    }
    if (!get_int(v, key, 0, 64, &x, err)) {
        return false;
    }
    *out = (int)x;
    return true;
}

static bool read_range(const json_value *r, size_t i, gm_range *out,
                       json_error *err)
{
    const json_value *v;
    char what[64];
    int x;

#define WHAT(field) (snprintf(what, sizeof(what), "ranges[%zu].%s", i, \
                              (field)), what)
    memset(out, 0, sizeof(*out));
    out->gpi = out->reason = out->level = out->desc_kind = -1;
    out->line = r->line;
    out->col = r->col;
    if (r->type != JSON_OBJECT) {
        return FAIL_AT(err, r, "ranges[%zu]: expected an object, found %s",
                       i, json_type_name(r->type));
    }
    v = member(r, "base");
    if (!v) {
        return FAIL_AT(err, r, "ranges[%zu]: no \"base\"", i);
    }
    if (!get_u64(v, WHAT("base"), &out->base, err)) {
        return false;
    }
    v = member(r, "size");
    if (!v) {
        return FAIL_AT(err, r, "ranges[%zu]: no \"size\"", i);
    }
    if (!get_u64(v, WHAT("size"), &out->size, err)) {
        return false;
    }
    if (out->size == 0) {
        return FAIL_AT(err, v, "ranges[%zu].size: zero (a range is never "
                       "empty)", i);
    }
    if (out->base > GM_PA_END || out->size > GM_PA_END - out->base) {
        return FAIL_AT(err, r, "ranges[%zu]: [0x%" PRIx64 ", +0x%" PRIx64
                       ") ends beyond the 56-bit PA space", i, out->base,
                       out->size);
    }
    v = member(r, "kind");
    if (!v) {
        return FAIL_AT(err, r, "ranges[%zu]: no \"kind\"", i);
    }
    if (!get_name(v, WHAT("kind"), gm_kind_from_name, &x, err)) {
        return false;
    }
    out->kind = (gpt_map_kind)x;
    v = member(r, "gpi");
    if (out->kind == GPT_MAP_GPI) {
        int64_t gpi;

        if (!v) {
            return FAIL_AT(err, r, "ranges[%zu]: kind \"gpi\" but no "
                           "\"gpi\"", i);
        }
        if (!get_int(v, WHAT("gpi"), 0, 15, &gpi, err)) {
            return false;
        }
        if (!gpi_named((int)gpi)) {
            return FAIL_AT(err, v, "ranges[%zu].gpi: %" PRId64 " is a "
                           "reserved GPI encoding (DDI0487 D9.6.5), which "
                           "no GPT entry can give", i, gpi);
        }
        out->gpi = (int)gpi;
    } else if (v) {
        return FAIL_AT(err, v, "ranges[%zu].gpi: given for kind \"%s\" "
                       "(only kind \"gpi\" has one)", i,
                       gpt_map_kind_name(out->kind));
    }
    v = member(r, "label");
    if (v) {
        const char *want = gm_range_label(out);

        if (v->type != JSON_STRING) {
            return FAIL_AT(err, v, "ranges[%zu].label: expected a string, "
                           "found %s", i, json_type_name(v->type));
        }
        if (strcmp(v->u.str.s, want) != 0) {
            return FAIL_AT(err, v, "ranges[%zu].label: does not match its "
                           "%s (expected \"%s\")", i,
                           out->kind == GPT_MAP_GPI ? "gpi" : "kind", want);
        }
    }
    v = member(r, "reason");
    if (v && !get_name(v, WHAT("reason"), gm_reason_from_name,
                       &out->reason, err)) {
        return false;
    }
    v = member(r, "level");
    if (v) {
        int64_t level;

        if (!get_int(v, WHAT("level"), 0, 1, &level, err)) {
            return false;
        }
        out->level = (int)level;
    }
    v = member(r, "desc-kind");
    if (v && !get_name(v, WHAT("desc-kind"), gm_desc_kind_from_name,
                       &out->desc_kind, err)) {
        return false;
    }
    v = member(r, "desc");
    if (v) {
        out->has_desc = true;
        if (!get_u64(v, WHAT("desc"), &out->desc, err)) {
            return false;
        }
    }
    v = member(r, "desc-addr");
    if (v) {
        out->has_desc_addr = true;
        if (!get_u64(v, WHAT("desc-addr"), &out->desc_addr, err)) {
            return false;
        }
    }
#undef WHAT
    return true;
}

static bool check_ranges(const gm_map *map, bool window, json_error *err);

static bool read_map(const json_value *obj, gm_map *map, json_error *err)
{
    const json_value *v, *ranges;
    bool has;

    if (obj->type != JSON_OBJECT) {
        return FAIL_AT(err, obj, "expected an object, found %s",
                       json_type_name(obj->type));
    }
    v = member(obj, "cpu-index");
    if (v) {
        if (!get_int(v, "cpu-index", INT64_MIN, INT64_MAX, &map->cpu_index,
                     err)) {
            return false;
        }
        map->has_cpu_index = true;
    }
    if (!opt_u64(obj, "gpccr-el3", &map->has_gpccr, &map->gpccr, err) ||
        !opt_u64(obj, "gptbr-el3", &map->has_gptbr, &map->gptbr, err) ||
        !opt_u64(obj, "gpcbw-el3", &map->has_gpcbw, &map->gpcbw, err) ||
        !opt_small(obj, "pps-bits", &map->pps_bits, err) ||
        !opt_small(obj, "pgs-bits", &map->pgs_bits, err) ||
        !opt_small(obj, "l0gptsz-bits", &map->l0gptsz_bits, err)) {
        return false;
    }
    v = member(obj, "gpc");
    if (v) {
        bool gpc = false;

        if (!get_bool(v, "gpc", &gpc, err)) {
            return false;
        }
        map->gpc = gpc;
    }
    v = member(obj, "truncated");
    if (v && !get_bool(v, "truncated", &map->truncated, err)) {
        return false;
    }
    v = member(obj, "config-errors");
    if (v) {
        if (v->type != JSON_ARRAY) {
            return FAIL_AT(err, v, "config-errors: expected an array, "
                           "found %s", json_type_name(v->type));
        }
        for (size_t i = 0; i < v->u.arr.n; i++) {
            char what[40];
            int bit;

            snprintf(what, sizeof(what), "config-errors[%zu]", i);
            if (!get_name(v->u.arr.items[i], what, gm_cfg_problem_from_name,
                          &bit, err)) {
                return false;
            }
            map->config_errors |= (unsigned)bit;
        }
    }
    ranges = member(obj, "ranges");
    if (!ranges) {
        return FAIL_AT(err, obj, "no \"ranges\"");
    }
    if (ranges->type != JSON_ARRAY) {
        return FAIL_AT(err, ranges, "ranges: expected an array, found %s",
                       json_type_name(ranges->type));
    }
    for (size_t i = 0; i < ranges->u.arr.n; i++) {
        gm_range r;

        if (!read_range(ranges->u.arr.items[i], i, &r, err)) {
            return false;
        }
        gm_map_add(map, &r);
    }
    /* Order first: the defaults below assume it. */
    if (!check_ranges(map, false, err)) {
        return false;
    }
    /* Defaults: the window the ranges cover. */
    map->start = map->n ? map->ranges[0].base : 0;
    if (!opt_u64(obj, "start", &has, &map->start, err)) {
        return false;
    }
    map->end = map->n ? map->ranges[map->n - 1].base +
                        map->ranges[map->n - 1].size
                      : map->start;
    if (!opt_u64(obj, "end", &has, &map->end, err)) {
        return false;
    }
    if (has && map->end == 0) {
        map->end = GM_PA_END;   /* as gpt_map(): 0 is the end of PA space */
    }
    v = member(obj, "end");
    if (map->end > GM_PA_END) {
        return FAIL_AT(err, v ? v : obj, "end: 0x%" PRIx64 " is beyond the 56-bit PA "
                       "space (at most 0x%" PRIx64 ")", map->end, GM_PA_END);
    }
    if (map->start >= map->end) {
        v = member(obj, "start");
        if (!v && !member(obj, "end") && map->n == 0) {
            return FAIL_AT(err, obj, "no window: \"ranges\" is empty and "
                           "there is no \"start\" and \"end\"");
        }
        return FAIL_AT(err, v ? v : obj, "start: 0x%" PRIx64 " is not below "
                       "end 0x%" PRIx64 " (an empty window)", map->start,
                       map->end);
    }
    return gm_validate(map, err);
}

bool gm_from_json(const json_value *obj, gm_map *map, json_error *err)
{
    gm_map_init(map);
    memset(err, 0, sizeof(*err));
    if (!read_map(obj, map, err)) {
        gm_map_clear(map);
        return false;
    }
    return true;
}

/* The ranges on their own, and (@window) inside [start, end). */
static bool check_ranges(const gm_map *map, bool window, json_error *err)
{
    for (size_t i = 0; i < map->n; i++) {
        const gm_range *r = &map->ranges[i];

        if (r->size == 0) {
            return fail(err, r->line, r->col, "ranges[%zu]: size zero", i);
        }
        if (window && (r->base < map->start || r->base > map->end ||
                       r->size > map->end - r->base)) {
            return fail(err, r->line, r->col, "ranges[%zu]: [0x%" PRIx64
                        ", 0x%" PRIx64 ") is outside [start, end) = [0x%"
                        PRIx64 ", 0x%" PRIx64 ")", i, r->base,
                        r->base + r->size, map->start, map->end);
        }
        if ((r->kind == GPT_MAP_GPI) != gpi_named(r->gpi) ||
            (r->kind != GPT_MAP_GPI && r->gpi != -1) ||
            (unsigned)r->kind >= GM_NKINDS || r->level < -1 ||
            r->level > 1) {
            return fail(err, r->line, r->col, "ranges[%zu]: inconsistent "
                        "kind, gpi or level", i);
        }
        if (i) {
            const gm_range *p = &map->ranges[i - 1];

            if (r->base < p->base) {
                return fail(err, r->line, r->col, "ranges are not sorted: "
                            "ranges[%zu].base 0x%" PRIx64 " is below "
                            "ranges[%zu].base 0x%" PRIx64, i, r->base,
                            i - 1, p->base);
            }
            if (r->base - p->base < p->size) {
                return fail(err, r->line, r->col, "ranges[%zu] [0x%" PRIx64
                            ", 0x%" PRIx64 ") overlaps ranges[%zu] [0x%"
                            PRIx64 ", 0x%" PRIx64 ")", i, r->base,
                            r->base + r->size, i - 1, p->base,
                            p->base + p->size);
            }
        }
    }
    return true;
}

bool gm_validate(const gm_map *map, json_error *err)
{
    if (map->end > GM_PA_END || map->start >= map->end) {
        return fail(err, 0, 0, "[start, end) = [0x%" PRIx64 ", 0x%" PRIx64
                    ") is not a window of the 56-bit PA space", map->start,
                    map->end);
    }
    return check_ranges(map, true, err);
}
