/*
 * gpt-map: fuzz target for the JSON reader, the model and the renderers
 *
 * Each input is parsed with the JSON reader (tighter limits than the
 * tool's, so that one input stays fast); every GPT map object in it is
 * read into a gm_map and, if valid, rendered as text, SVG and JSON.  The
 * JSON rendering must read back to a map that renders to the same bytes:
 * the tool reads what it writes.  Any inconsistency abort()s, which both
 * libFuzzer and fuzz-driver.c report as a crash.
 *
 * Built by meson setup -Dfuzz=true (tools/meson.build).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "json.h"
#include "model.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * How far the last input got: 0 not JSON, 1 JSON, 2 a GPT map object in
 * it, 3 a valid map.  fuzz-driver.c keeps the inputs that get far.
 */
extern int gm_fuzz_stage;
int gm_fuzz_stage;

static const json_limits limits = {
    .max_bytes = (size_t)1 << 20,
    .max_depth = 64,
    .max_values = (size_t)1 << 16,
};

/* How far inputs get, printed at exit: a fuzz run that never reaches
 * the renderers tests only the reader. */
static uint64_t n_inputs, n_json, n_maps, n_valid;

static void print_stats(void)
{
    fprintf(stderr, "fuzz-json: %" PRIu64 " inputs: %" PRIu64 " valid JSON, "
            "%" PRIu64 " GPT map objects, %" PRIu64 " valid maps rendered "
            "and round-tripped\n", n_inputs, n_json, n_maps, n_valid);
}

static void check_round_trip(const gm_map *map)
{
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    json_error e;
    json_doc *doc;
    gm_map again;

    gm_render_json(a, map);
    doc = json_parse(a->str, a->len, NULL, &e);
    if (!doc || json_doc_count(doc) != 1 ||
        !gm_from_json(gm_find_map(json_doc_value(doc, 0)), &again, &e)) {
        abort();
    }
    gm_render_json(b, &again);
    if (!g_string_equal(a, b)) {
        abort();
    }
    g_string_truncate(a, 0);
    g_string_truncate(b, 0);
    gm_render_svg(a, map);
    gm_render_svg(b, &again);
    if (!g_string_equal(a, b)) {
        abort();
    }
    gm_map_clear(&again);
    json_doc_free(doc);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error e;
    json_doc *doc;

    if (n_inputs++ == 0) {
        atexit(print_stats);
    }
    gm_fuzz_stage = 0;
    doc = json_parse((const char *)data, size, &limits, &e);
    if (!doc) {
        if (!e.msg[0]) {
            abort();            /* every error says what it is */
        }
        return 0;
    }
    n_json++;
    gm_fuzz_stage = 1;
    for (size_t i = 0; i < json_doc_count(doc); i++) {
        const json_value *m = gm_find_map(json_doc_value(doc, i));
        gm_map map;

        if (!m) {
            continue;
        }
        n_maps++;
        gm_fuzz_stage = gm_fuzz_stage > 2 ? gm_fuzz_stage : 2;
        if (!gm_from_json(m, &map, &e)) {
            if (!e.msg[0]) {
                abort();
            }
            continue;
        }
        if (!gm_validate(&map, &e)) {
            abort();
        } else {
            GString *s = g_string_new(NULL);

            gm_render_text(s, &map);
            gm_render_svg(s, &map);
            g_string_free(s, TRUE);
            check_round_trip(&map);
            n_valid++;
            gm_fuzz_stage = 3;
        }
        gm_map_clear(&map);
    }
    json_doc_free(doc);
    return 0;
}
