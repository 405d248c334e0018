/*
 * gpt-map: the map as the query-rme-gpt JSON object (render.h)
 *
 * Numbers are JSON integers, as QMP writes them; members the map does not
 * have (a dump has no CPU) are left out.  One range per line, so the
 * output diffs well and the reader's line numbers point at a range.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "render.h"

void gm_render_json(GString *out, const gm_map *map)
{
    const char *sep = "";

    g_string_append(out, "{\n");
    if (map->has_cpu_index) {
        g_string_append_printf(out, "  \"cpu-index\": %" PRId64 ",\n",
                               map->cpu_index);
    }
    if (map->has_gpccr) {
        g_string_append_printf(out, "  \"gpccr-el3\": %" PRIu64 ",\n",
                               map->gpccr);
    }
    if (map->has_gptbr) {
        g_string_append_printf(out, "  \"gptbr-el3\": %" PRIu64 ",\n",
                               map->gptbr);
    }
    if (map->has_gpcbw) {
        g_string_append_printf(out, "  \"gpcbw-el3\": %" PRIu64 ",\n",
                               map->gpcbw);
    }
    if (map->gpc >= 0) {
        g_string_append_printf(out, "  \"gpc\": %s,\n",
                               map->gpc ? "true" : "false");
    }
    if (map->pps_bits >= 0) {
        g_string_append_printf(out, "  \"pps-bits\": %d,\n", map->pps_bits);
    }
    if (map->pgs_bits >= 0) {
        g_string_append_printf(out, "  \"pgs-bits\": %d,\n", map->pgs_bits);
    }
    if (map->l0gptsz_bits >= 0) {
        g_string_append_printf(out, "  \"l0gptsz-bits\": %d,\n",
                               map->l0gptsz_bits);
    }
    g_string_append(out, "  \"config-errors\": [");
    for (unsigned b = 0; b < GPT_CFG_NPROBLEMS; b++) {
        if (map->config_errors & (1u << b)) {
            g_string_append_printf(out, "%s\"%s\"", sep,
                                   gpt_cfg_problem_name(1u << b));
            sep = ", ";
        }
    }
    g_string_append(out, "],\n");
    g_string_append_printf(out, "  \"start\": %" PRIu64 ",\n  \"end\": %"
                           PRIu64 ",\n  \"truncated\": %s,\n  \"ranges\": [",
                           map->start, map->end,
                           map->truncated ? "true" : "false");
    for (size_t i = 0; i < map->n; i++) {
        const gm_range *r = &map->ranges[i];

        g_string_append_printf(out, "%s\n    {\"base\": %" PRIu64
                               ", \"size\": %" PRIu64 ", \"kind\": \"%s\", "
                               "\"label\": \"%s\"", i ? "," : "", r->base,
                               r->size, gpt_map_kind_name(r->kind),
                               gm_range_label(r));
        if (r->kind == GPT_MAP_GPI) {
            g_string_append_printf(out, ", \"gpi\": %d", r->gpi);
        }
        if (r->reason >= 0) {
            g_string_append_printf(out, ", \"reason\": \"%s\"",
                                   gpt_reason_name((gpt_reason)r->reason));
        }
        if (r->level >= 0) {
            g_string_append_printf(out, ", \"level\": %d", r->level);
        }
        if (r->desc_kind >= 0) {
            g_string_append_printf(out, ", \"desc-kind\": \"%s\"",
                                   gpt_desc_kind_name(
                                       (gpt_desc_kind)r->desc_kind));
        }
        if (r->has_desc) {
            g_string_append_printf(out, ", \"desc\": %" PRIu64, r->desc);
        }
        if (r->has_desc_addr) {
            g_string_append_printf(out, ", \"desc-addr\": %" PRIu64,
                                   r->desc_addr);
        }
        g_string_append_c(out, '}');
    }
    g_string_append(out, map->n ? "\n  ]\n}\n" : "]\n}\n");
}
