/*
 * gpt-map: the map as an SVG picture (render.h)
 *
 * A horizontal bar of the window [start, end), left to right in address
 * order, one <rect class="range"> per range (and one <rect class="gap">
 * per unlisted stretch), coloured by label (the palette below, also in
 * docs/gpt-map.md), with the true addresses under the range edges and a
 * legend.
 *
 * The scale is not linear, or a 4 KiB granule would vanish next to
 * 2^56 bytes above PPS.  Every piece of the bar (range or gap) of size S
 * is MIN_W + K * w(S) pixels wide, with
 *
 *     w(S) = max(1, log2(S) - 11)        (4 KiB: 1, 2 MiB: 10, 1 GiB: 19)
 *
 * and K chosen per map so that the bar is TARGET_W pixels long, but never
 * below 1 (many pieces make a longer bar instead).  So a bigger range is
 * always wider, a 4 KiB granule is at least MIN_W + K pixels, and widths
 * say "how many powers of two", not bytes: read the addresses.
 *
 * Address labels stand at range edges, rotated 45 degrees, at least
 * TICK_GAP pixels apart: first the window's ends, 1 GiB multiples and
 * powers of two ("sensible ticks"), then the other edges where room is
 * left.  Every edge gets a tick mark.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "render.h"
#include "util.h"

#define MARGIN      16.0
#define BAR_H       56.0
#define MIN_W       3.0
#define TARGET_W    1200.0
#define TICK_GAP    15
#define CHAR_W      6.6         /* a character at font-size 11 */
#define ADDR_CHAR_W 6.0         /* a monospace character at font-size 10 */
#define LEGEND_COL  300.0
#define LEGEND_ROW  20.0
#define GIB         (UINT64_C(1) << 30)

/* The palette, in gm_label_name() order: fill and text colour. */
static const struct {
    const char *fill, *ink;
} palette[GM_NLABELS] = {
    { "#4e79a7", "#ffffff" },   /* NS */
    { "#59a14f", "#ffffff" },   /* Secure */
    { "#e15759", "#ffffff" },   /* Root */
    { "#f28e2b", "#000000" },   /* Realm */
    { "#edc948", "#000000" },   /* Any */
    { "#222222", "#ffffff" },   /* NoAccess */
    { "#76b7b2", "#000000" },   /* NSO */
    { "#b07aa1", "#ffffff" },   /* SA */
    { "#9c755f", "#ffffff" },   /* NSP */
    { "#ff9da7", "#000000" },   /* NA6 */
    { "#ff9da7", "#000000" },   /* NA7 */
    { "#d9d9d9", "#000000" },   /* gpc-off */
    { "#eeeeee", "#000000" },   /* above-pps */
    { "url(#p-bypass)", "#000000" },
    { "url(#p-bad-config)", "#000000" },
    { "url(#p-walk-fault)", "#000000" },
    { "url(#p-address-size-fault)", "#000000" },
    { "url(#p-external-abort)", "#000000" },
};
#define GAP_FILL "#ffffff"

static const char patterns[] =
    "<defs>\n"
    "<pattern id=\"p-bypass\" width=\"6\" height=\"6\" "
    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
    "<rect width=\"6\" height=\"6\" fill=\"#c8c8c8\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" "
    "stroke-width=\"2\"/></pattern>\n"
    "<pattern id=\"p-bad-config\" width=\"6\" height=\"6\" "
    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
    "<rect width=\"6\" height=\"6\" fill=\"#8c8c8c\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" "
    "stroke-width=\"1.5\"/><line x1=\"0\" y1=\"0\" x2=\"6\" y2=\"0\" "
    "stroke=\"#ffffff\" stroke-width=\"1.5\"/></pattern>\n"
    "<pattern id=\"p-walk-fault\" width=\"6\" height=\"6\" "
    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
    "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#555555\" "
    "stroke-width=\"2\"/></pattern>\n"
    "<pattern id=\"p-address-size-fault\" width=\"6\" height=\"6\" "
    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
    "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#555555\" "
    "stroke-width=\"1.5\"/><line x1=\"0\" y1=\"0\" x2=\"6\" y2=\"0\" "
    "stroke=\"#555555\" stroke-width=\"1.5\"/></pattern>\n"
    "<pattern id=\"p-external-abort\" width=\"6\" height=\"6\" "
    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">"
    "<rect width=\"6\" height=\"6\" fill=\"#b4b4b4\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#333333\" "
    "stroke-width=\"2\"/></pattern>\n"
    "</defs>\n";

/* A piece of the bar: a range, or an unlisted gap (r == NULL). */
typedef struct piece {
    uint64_t base, size;
    const gm_range *r;
    double x, w;
} piece;

static double weight(uint64_t size)
{
    double w = log2((double)size) - 11.0;

    return w > 1.0 ? w : 1.0;
}

static void append_text(GString *out, double x, double y, const char *attrs,
                        const char *text)
{
    g_string_append_printf(out, "<text x=\"%.2f\" y=\"%.2f\"%s%s>", x, y,
                           *attrs ? " " : "", attrs);
    gm_append_xml(out, text);
    g_string_append(out, "</text>\n");
}

static bool major_edge(const gm_map *map, uint64_t a)
{
    return a == map->start || a == map->end || a % GIB == 0 ||
           (a & (a - 1)) == 0;
}

static void size_text(GString *s, uint64_t size)
{
    g_string_truncate(s, 0);
    gm_append_size(s, size);
}

static void append_attr_hex(GString *out, const char *name, uint64_t v)
{
    g_string_append_printf(out, " %s=\"0x%" PRIx64 "\"", name, v);
}

static void append_piece(GString *out, const piece *p, double y)
{
    GString *t = g_string_new(NULL);
    const gm_range *r = p->r;

    g_string_append_printf(out, "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" "
                           "width=\"%.2f\" height=\"%.2f\" fill=\"%s\" "
                           "stroke=\"%s\" stroke-width=\"0.5\"",
                           r ? "range" : "gap", p->x, y, p->w, BAR_H,
                           r ? palette[gm_label_index(r)].fill : GAP_FILL,
                           r ? "#ffffff" : "#999999");
    if (!r) {
        g_string_append(out, " stroke-dasharray=\"3,2\"");
    }
    append_attr_hex(out, "data-base", p->base);
    append_attr_hex(out, "data-size", p->size);
    append_attr_hex(out, "data-end", p->base + p->size);
    if (r) {
        g_string_append_printf(out, " data-label=\"%s\" data-kind=\"%s\"",
                               gm_range_label(r), gpt_map_kind_name(r->kind));
        if (r->kind == GPT_MAP_GPI) {
            g_string_append_printf(out, " data-gpi=\"%d\"", r->gpi);
        }
        if (r->reason >= 0) {
            g_string_append_printf(out, " data-reason=\"%s\"",
                                   gpt_reason_name((gpt_reason)r->reason));
        }
        if (r->level >= 0) {
            g_string_append_printf(out, " data-level=\"%d\"", r->level);
        }
        if (r->desc_kind >= 0) {
            g_string_append_printf(out, " data-desc-kind=\"%s\"",
                                   gpt_desc_kind_name(
                                       (gpt_desc_kind)r->desc_kind));
        }
        if (r->has_desc) {
            append_attr_hex(out, "data-desc", r->desc);
        }
        if (r->has_desc_addr) {
            append_attr_hex(out, "data-desc-addr", r->desc_addr);
        }
        gm_format_range(t, r, false);
    } else {
        g_string_append_printf(t, "0x%" PRIx64 "-0x%" PRIx64 " ", p->base,
                               p->base + p->size - 1);
        gm_append_size(t, p->size);
        g_string_append(t, " unlisted");
    }
    g_string_append(out, "><title>");
    gm_append_xml(out, t->str);
    g_string_append(out, "</title></rect>\n");
    g_string_free(t, TRUE);
}

/* The label and size inside a piece, where they fit. */
static void append_piece_text(GString *out, const piece *p, double y)
{
    const char *label = p->r ? gm_range_label(p->r) : "unlisted";
    const char *ink = p->r ? palette[gm_label_index(p->r)].ink : "#666666";
    GString *s = g_string_new(NULL), *attrs = g_string_new(NULL);
    double cx = p->x + p->w / 2;

    if (strlen(label) * CHAR_W + 6 <= p->w) {
        g_string_printf(attrs, "text-anchor=\"middle\" fill=\"%s\"", ink);
        append_text(out, cx, y + 24, attrs->str, label);
        size_text(s, p->size);
        if (s->len * CHAR_W + 6 <= p->w) {
            append_text(out, cx, y + 40, attrs->str, s->str);
        }
    }
    g_string_free(s, TRUE);
    g_string_free(attrs, TRUE);
}

void gm_render_svg(GString *out, const gm_map *map)
{
    GArray *pieces = g_array_new(FALSE, FALSE, sizeof(piece));
    uint64_t total[GM_NLABELS] = { 0 }, count[GM_NLABELS] = { 0 };
    uint64_t pos = map->start, unlisted = 0;
    double sum_w = 0, k, bar_w = 0, bar_y, width, height, label_h = 0;
    double legend_y, head_w;
    GString *s = g_string_new(NULL), *head[4];
    unsigned nhead = 0, nlegend = 0, ncols, row, col;
    unsigned char *occupied;
    size_t nocc;
    piece p;

    /* the pieces of the bar */
    for (size_t i = 0; i <= map->n; i++) {
        const gm_range *r = i < map->n ? &map->ranges[i] : NULL;
        uint64_t next = r ? r->base : map->end;

        if (next > pos) {
            p = (piece){ .base = pos, .size = next - pos };
            g_array_append_val(pieces, p);
            unlisted += next - pos;
        }
        if (r) {
            p = (piece){ .base = r->base, .size = r->size, .r = r };
            g_array_append_val(pieces, p);
            total[gm_label_index(r)] += r->size;
            count[gm_label_index(r)]++;
            pos = r->base + r->size;
        }
    }
    for (guint i = 0; i < pieces->len; i++) {
        sum_w += weight(g_array_index(pieces, piece, i).size);
    }
    k = sum_w > 0 ? (TARGET_W - pieces->len * MIN_W) / sum_w : 1.0;
    if (k < 1.0) {
        k = 1.0;
    }
    for (guint i = 0; i < pieces->len; i++) {
        piece *q = &g_array_index(pieces, piece, i);

        q->x = MARGIN + bar_w;
        q->w = MIN_W + k * weight(q->size);
        bar_w += q->w;
    }

    /* the heading: what, the registers, config errors, the scale */
    for (unsigned i = 0; i < G_N_ELEMENTS(head); i++) {
        head[i] = g_string_new(NULL);
    }
    g_string_printf(head[nhead++], "GPT map of [0x%" PRIx64 ", 0x%" PRIx64
                    "): %zu range%s%s", map->start, map->end, map->n,
                    map->n == 1 ? "" : "s",
                    map->truncated ? " (truncated: the list ends early)"
                                   : "");
    gm_format_regs(head[nhead], map);
    if (head[nhead]->len) {
        nhead++;
    }
    if (map->config_errors) {
        const char *sep = "config errors: ";

        for (unsigned b = 0; b < GPT_CFG_NPROBLEMS; b++) {
            if (map->config_errors & (1u << b)) {
                g_string_append_printf(head[nhead], "%s%s", sep,
                                       gpt_cfg_problem_name(1u << b));
                sep = ", ";
            }
        }
        nhead++;
    }
    g_string_printf(head[nhead++], "Scale: not linear. A piece of S bytes "
                    "is %.0f + %.2f * max(1, log2(S) - 11) px wide "
                    "(4 KiB: %.2f px, 1 GiB: %.2f px); addresses at the "
                    "edges.", MIN_W, k, MIN_W + k, MIN_W + 19 * k);
    head_w = 0;
    for (unsigned i = 0; i < nhead; i++) {
        double w = head[i]->len * CHAR_W * (i == 0 ? 14.0 / 11.0 : 1.0);

        head_w = w > head_w ? w : head_w;
    }
    bar_y = 24 + 18.0 * nhead;

    /* address labels: which edges get one */
    nocc = (size_t)bar_w + 2 * TICK_GAP + 4;
    occupied = g_malloc0(nocc);
    {
        GString *ticks = g_string_new(NULL), *labels = g_string_new(NULL);
        size_t nedges = pieces->len ? pieces->len + 1 : 0;

        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < nedges; i++) {
                bool last = i == pieces->len;
                const piece *q = &g_array_index(pieces, piece,
                                                last ? i - 1 : i);
                uint64_t a = last ? q->base + q->size : q->base;
                double x = last ? q->x + q->w : q->x;
                size_t slot = (size_t)(x - MARGIN + 0.5) + TICK_GAP;
                bool labelled = !occupied[slot];
                double ext;

                if (major_edge(map, a) != (pass == 0)) {
                    continue;
                }
                /* every edge gets a tick, a long one when labelled */
                g_string_append_printf(ticks, "<line x1=\"%.2f\" y1=\"%.2f\""
                                       " x2=\"%.2f\" y2=\"%.2f\" stroke=\"#000"
                                       "000\" stroke-width=\"%s\"/>\n", x,
                                       bar_y + BAR_H, x,
                                       bar_y + BAR_H + (labelled ? 8 : 4),
                                       labelled ? "0.8" : "0.5");
                if (!labelled) {
                    continue;
                }
                memset(occupied + slot - TICK_GAP, 1, 2 * TICK_GAP + 1);
                g_string_printf(s, "0x%" PRIx64, a);
                g_string_append_printf(labels, "<text class=\"addr\" "
                                       "transform=\"translate(%.2f,%.2f) "
                                       "rotate(45)\" font-family=\"monospace\""
                                       " font-size=\"10\">%s</text>\n",
                                       x - 3, bar_y + BAR_H + 12, s->str);
                ext = (s->len * ADDR_CHAR_W + 4) * 0.7072 + 16;
                label_h = ext > label_h ? ext : label_h;
            }
        }
        g_free(occupied);

        for (unsigned l = 0; l < GM_NLABELS; l++) {
            nlegend += count[l] != 0;
        }
        nlegend += unlisted != 0;
        width = 2 * MARGIN + bar_w + label_h;
        if (width < 2 * MARGIN + head_w) {
            width = 2 * MARGIN + head_w;
        }
        if (width < 2 * MARGIN + LEGEND_COL) {
            width = 2 * MARGIN + LEGEND_COL;
        }
        ncols = (unsigned)((width - 2 * MARGIN) / LEGEND_COL);
        legend_y = bar_y + BAR_H + (label_h > 24 ? label_h : 24) + 8;
        height = legend_y + LEGEND_ROW * ((nlegend + ncols - 1) / ncols) +
                 MARGIN;

        g_string_append_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8"
                               "\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg"
                               "\" version=\"1.1\" width=\"%.0f\" height=\""
                               "%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family"
                               "=\"sans-serif\" font-size=\"11\">\n",
                               ceil(width), ceil(height), ceil(width),
                               ceil(height));
        g_string_append(out, "<title>");
        gm_append_xml(out, head[0]->str);
        g_string_append(out, "</title>\n<desc>");
        g_string_printf(s, "Granule Protection Table as a map of the "
                        "physical address space, drawn by gpt-map "
                        "(docs/gpt-map.md). Scale: not linear; every piece "
                        "of the bar (a range, or an unlisted gap) of S bytes "
                        "is %.0f + K * max(1, log2(S) - 11) pixels wide, K = "
                        "%.4f for this map (the bar is %.0f px when that "
                        "leaves K >= 1), so a 4 KiB granule stays visible "
                        "next to 2^56 bytes; the addresses under the edges "
                        "are the true ones. Colour by label: NS %s, Secure "
                        "%s, Root %s, Realm %s, Any %s, NoAccess %s, NSO "
                        "%s, SA %s, NSP %s, NA6/NA7 %s, gpc-off %s, "
                        "above-pps %s; bypass, bad-config, walk-fault, "
                        "address-size-fault and external-abort hatched "
                        "grey; unlisted white, dashed. Data: each range is "
                        "a rect of class range with data-base, data-size, "
                        "data-end (hex), data-label, data-kind, data-gpi, "
                        "data-reason, data-level, data-desc-kind, data-desc"
                        ", data-desc-addr and a title.", MIN_W, k, TARGET_W,
                        palette[0].fill, palette[1].fill, palette[2].fill,
                        palette[3].fill, palette[4].fill, palette[5].fill,
                        palette[6].fill, palette[7].fill, palette[8].fill,
                        palette[9].fill, palette[11].fill, palette[12].fill);
        gm_append_xml(out, s->str);
        g_string_append(out, "</desc>\n");
        g_string_append(out, patterns);
        g_string_append_printf(out, "<rect width=\"%.0f\" height=\"%.0f\" "
                               "fill=\"#ffffff\"/>\n", ceil(width),
                               ceil(height));
        for (unsigned i = 0; i < nhead; i++) {
            const char *attrs = i == 0 ? "font-size=\"14\" font-weight=\"bold\""
                              : map->config_errors && i == nhead - 2
                              ? "fill=\"#b00000\"" : "fill=\"#333333\"";

            append_text(out, MARGIN, 22 + 18.0 * i, attrs, head[i]->str);
        }
        g_string_append(out, "<g id=\"ranges\">\n");
        for (guint i = 0; i < pieces->len; i++) {
            append_piece(out, &g_array_index(pieces, piece, i), bar_y);
        }
        g_string_append(out, "</g>\n<g id=\"range-labels\">\n");
        for (guint i = 0; i < pieces->len; i++) {
            append_piece_text(out, &g_array_index(pieces, piece, i), bar_y);
        }
        g_string_append(out, "</g>\n<g id=\"edges\">\n");
        g_string_append(out, ticks->str);
        g_string_append(out, labels->str);
        g_string_append(out, "</g>\n");
        g_string_free(ticks, TRUE);
        g_string_free(labels, TRUE);
    }

    /* the legend: the labels present, with their totals */
    g_string_append(out, "<g id=\"legend\">\n");
    row = col = 0;
    for (unsigned l = 0; l <= GM_NLABELS; l++) {
        bool gap = l == GM_NLABELS;
        double x = MARGIN + col * LEGEND_COL, y = legend_y + row * LEGEND_ROW;
        const char *name = gap ? "unlisted" : gm_label_name(l);

        if (gap ? !unlisted : !count[l]) {
            continue;
        }
        g_string_append_printf(out, "<rect class=\"legend\" x=\"%.2f\" y=\""
                               "%.2f\" width=\"14\" height=\"14\" fill=\"%s\""
                               " stroke=\"#666666\" stroke-width=\"0.5\" "
                               "data-label=\"%s\"/>\n", x, y,
                               gap ? GAP_FILL : palette[l].fill, name);
        g_string_printf(s, "%s: ", name);
        gm_append_size(s, gap ? unlisted : total[l]);
        if (!gap) {
            g_string_append_printf(s, " in %" PRIu64 " range%s", count[l],
                                   count[l] == 1 ? "" : "s");
        }
        append_text(out, x + 20, y + 11, "", s->str);
        if (++col == ncols) {
            col = 0;
            row++;
        }
    }
    g_string_append(out, "</g>\n</svg>\n");

    for (unsigned i = 0; i < G_N_ELEMENTS(head); i++) {
        g_string_free(head[i], TRUE);
    }
    g_string_free(s, TRUE);
    g_array_free(pieces, TRUE);
}
