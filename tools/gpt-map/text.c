/*
 * gpt-map: the map as a table of text (render.h)
 *
 *   0x0000000040000000-0x0000000040002fff       12 KiB  NS          L1 granules    desc 0x9999999999999999 @0x10108000
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "render.h"
#include "util.h"

static void pad_to(GString *out, gsize from, gsize width)
{
    while (out->len < from + width) {
        g_string_append_c(out, ' ');
    }
}

/* "12 KiB" right-aligned in @width columns */
static void append_size_right(GString *out, uint64_t size, gsize width)
{
    GString *s = g_string_new(NULL);

    gm_append_size(s, size);
    for (gsize i = s->len; i < width; i++) {
        g_string_append_c(out, ' ');
    }
    g_string_append(out, s->str);
    g_string_free(s, TRUE);
}

void gm_format_range(GString *out, const gm_range *r, bool columns)
{
    gsize from;

    if (columns) {
        g_string_append_printf(out, "0x%016" PRIx64 "-0x%016" PRIx64 "  ",
                               r->base, r->base + r->size - 1);
        append_size_right(out, r->size, 11);
        g_string_append(out, "  ");
    } else {
        g_string_append_printf(out, "0x%" PRIx64 "-0x%" PRIx64 " ", r->base,
                               r->base + r->size - 1);
        gm_append_size(out, r->size);
        g_string_append_c(out, ' ');
    }
    from = out->len;
    g_string_append(out, gm_range_label(r));
    if (columns) {
        pad_to(out, from, 10);
    }
    /* Level and descriptor kind only where a GPT entry decided. */
    if (r->level >= 0 && r->desc_kind != GPT_DESC_NONE) {
        g_string_append_printf(out, " L%d", r->level);
    } else if (columns) {
        g_string_append(out, "   ");
    }
    if (r->desc_kind > GPT_DESC_NONE) {
        from = out->len;
        g_string_append_printf(out, " %s",
                               gpt_desc_kind_name((gpt_desc_kind)r->desc_kind));
        if (columns) {
            pad_to(out, from, 11);
        }
    } else if (columns) {
        pad_to(out, out->len, 11);
    }
    /* A descriptor only where one was fetched. */
    if (r->desc_kind > GPT_DESC_NONE && r->has_desc) {
        g_string_append_printf(out, "%sdesc 0x%016" PRIx64,
                               columns ? "  " : " ", r->desc);
        if (r->has_desc_addr) {
            g_string_append_printf(out, " @0x%" PRIx64, r->desc_addr);
        }
    }
    if (r->kind != GPT_MAP_GPI && r->reason >= 0) {
        g_string_append_printf(out, "%s(%s)", columns ? "  " : " ",
                               gpt_reason_name((gpt_reason)r->reason));
    }
    if (columns) {
        /* no trailing blanks */
        while (out->len && out->str[out->len - 1] == ' ') {
            g_string_truncate(out, out->len - 1);
        }
    }
}

void gm_format_regs(GString *out, const gm_map *map)
{
    const char *sep = "";

    if (map->has_cpu_index) {
        g_string_append_printf(out, "cpu %" PRId64, map->cpu_index);
        sep = "  ";
    }
    if (map->has_gpccr) {
        g_string_append_printf(out, "%sGPCCR_EL3 0x%" PRIx64, sep,
                               map->gpccr);
        sep = "  ";
    }
    if (map->has_gptbr) {
        g_string_append_printf(out, "%sGPTBR_EL3 0x%" PRIx64, sep,
                               map->gptbr);
        sep = "  ";
    }
    if (map->has_gpcbw) {
        g_string_append_printf(out, "%sGPCBW_EL3 0x%" PRIx64, sep,
                               map->gpcbw);
        sep = "  ";
    }
    if (map->gpc >= 0) {
        g_string_append_printf(out, "%sGPC %s", sep, map->gpc ? "on" : "off");
        sep = ", ";
    }
    if (map->pps_bits >= 0) {
        g_string_append_printf(out, "%sPPS %d bits", sep, map->pps_bits);
        sep = ", ";
    }
    if (map->pgs_bits >= 0) {
        g_string_append_printf(out, "%sPGS %d bits", sep, map->pgs_bits);
        sep = ", ";
    }
    if (map->l0gptsz_bits >= 0) {
        g_string_append_printf(out, "%sL0GPTSZ %d bits", sep,
                               map->l0gptsz_bits);
    }
}

static void append_config_errors(GString *out, unsigned mask)
{
    const char *sep = "";

    for (unsigned b = 0; b < GPT_CFG_NPROBLEMS; b++) {
        if (mask & (1u << b)) {
            g_string_append_printf(out, "%s%s", sep,
                                   gpt_cfg_problem_name(1u << b));
            sep = ", ";
        }
    }
}

static void gap_row(GString *out, uint64_t base, uint64_t end)
{
    g_string_append_printf(out, "0x%016" PRIx64 "-0x%016" PRIx64 "  ", base,
                           end - 1);
    append_size_right(out, end - base, 11);
    g_string_append(out, "  (unlisted)\n");
}

void gm_render_text(GString *out, const gm_map *map)
{
    uint64_t total[GM_NLABELS] = { 0 }, count[GM_NLABELS] = { 0 };
    uint64_t pos = map->start, unlisted = 0;
    GString *regs = g_string_new(NULL);

    g_string_append_printf(out, "# GPT map of [0x%" PRIx64 ", 0x%" PRIx64
                           "): %zu range%s%s\n", map->start, map->end,
                           map->n, map->n == 1 ? "" : "s",
                           map->truncated ? " (truncated)" : "");
    gm_format_regs(regs, map);
    if (regs->len) {
        g_string_append_printf(out, "# %s\n", regs->str);
    }
    g_string_free(regs, TRUE);
    if (map->config_errors) {
        g_string_append(out, "# config errors: ");
        append_config_errors(out, map->config_errors);
        g_string_append_c(out, '\n');
    }
    for (size_t i = 0; i < map->n; i++) {
        const gm_range *r = &map->ranges[i];
        unsigned l = gm_label_index(r);

        if (r->base > pos) {
            gap_row(out, pos, r->base);
            unlisted += r->base - pos;
        }
        gm_format_range(out, r, true);
        g_string_append_c(out, '\n');
        total[l] += r->size;
        count[l]++;
        pos = r->base + r->size;
    }
    if (map->end > pos) {
        if (map->truncated) {
            g_string_append(out, "# truncated: the list ends here\n");
        }
        gap_row(out, pos, map->end);
        unlisted += map->end - pos;
    }
    g_string_append(out, "totals\n");
    for (unsigned l = 0; l < GM_NLABELS; l++) {
        gsize from;

        if (!count[l]) {
            continue;
        }
        g_string_append(out, "  ");
        from = out->len;
        g_string_append(out, gm_label_name(l));
        pad_to(out, from, 18);
        append_size_right(out, total[l], 11);
        g_string_append_printf(out, "  in %" PRIu64 " range%s\n", count[l],
                               count[l] == 1 ? "" : "s");
    }
    if (unlisted) {
        g_string_append(out, "  (unlisted)        ");
        append_size_right(out, unlisted, 11);
        g_string_append_c(out, '\n');
    }
}
