/*
 * gpt-map: the three outputs of a map (text.c, svg.c, jsonout.c)
 *
 * Each appends to a GString; none fails.  The outputs depend on the map
 * only (no file names, no time), so equal maps render to equal bytes.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GPT_MAP_RENDER_H
#define GPT_MAP_RENDER_H

#include <glib.h>

#include "model.h"

/* One row per range (and per unlisted gap), then a total per label. */
void gm_render_text(GString *out, const gm_map *map);

/*
 * One range as "base-last size label Llevel desc-kind desc 0x.. @0x.."
 * (the SVG's tooltips); @columns pads the fields to the text table's
 * columns.
 */
void gm_format_range(GString *out, const gm_range *range, bool columns);

/* The register line: "GPCCR_EL3 0x.. GPTBR_EL3 0x.. ...", or "". */
void gm_format_regs(GString *out, const gm_map *map);

/* The SVG picture (docs/gpt-map.md: palette and scale). */
void gm_render_svg(GString *out, const gm_map *map);

/* The query-rme-gpt object, one range per line. */
void gm_render_json(GString *out, const gm_map *map);

#endif /* GPT_MAP_RENDER_H */
