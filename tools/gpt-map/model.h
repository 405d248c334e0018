/*
 * gpt-map: the map being shown, and how it is read from JSON
 *
 * A gm_map is the object query-rme-gpt returns (docs/gpt-map.md): the GPC
 * registers as decoded, the window [start, end) of the PA space and the
 * ranges gpt_map() reported over it.  gm_from_json() reads one from a JSON
 * object (numbers as integers or as "0x..."/decimal strings) and checks
 * it: every name is one gpt.h / gpt-map.h define, the window is not
 * empty and ends at 2^56 at most ("end": 0 means 2^56, as for gpt_map()),
 * ranges lie inside [start, end), are sorted, do not overlap and are not
 * empty.  Gaps are allowed (a reader may list only part of the window;
 * "truncated" says the list stops early); they are shown as "unlisted".
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GPT_MAP_MODEL_H
#define GPT_MAP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gpt-map.h"
#include "json.h"

/* The end of the pseudocode's PA space (bits(56)): the largest "end". */
#define GM_PA_END  (UINT64_C(1) << 56)

typedef struct gm_range {
    uint64_t base, size;
    gpt_map_kind kind;
    int gpi;                /* GPT_MAP_GPI only, else -1 */
    int reason;             /* gpt_reason, or -1 if not given */
    int level;              /* 0 or 1, or -1 if not given */
    int desc_kind;          /* gpt_desc_kind, or -1 if not given */
    bool has_desc, has_desc_addr;
    uint64_t desc, desc_addr;
    unsigned line, col;     /* where it was read from, 0 if not JSON */
} gm_range;

typedef struct gm_map {
    bool has_cpu_index;
    int64_t cpu_index;
    bool has_gpccr, has_gptbr, has_gpcbw;
    uint64_t gpccr, gptbr, gpcbw;
    int gpc;                /* 0/1, -1 if not given */
    int pps_bits, pgs_bits, l0gptsz_bits;   /* -1 if not given */
    unsigned config_errors; /* GPT_CFG_* mask */
    uint64_t start, end;    /* [start, end), end <= GM_PA_END */
    bool truncated;
    gm_range *ranges;
    size_t n, cap;
} gm_map;

void gm_map_init(gm_map *map);
void gm_map_clear(gm_map *map);
void gm_map_add(gm_map *map, const gm_range *range);

/*
 * The map object in @v: @v itself if it has "ranges", else the object of
 * its "return" member (a QMP response) if that has "ranges"; else NULL.
 */
const json_value *gm_find_map(const json_value *v);

/*
 * Reads @obj (as gm_find_map() returns) into @map (initialised here) and
 * validates it.  On error fills @err (with the line and column of the
 * offending value) and returns false; @map is then cleared.
 */
bool gm_from_json(const json_value *obj, gm_map *map, json_error *err);

/* The checks gm_from_json() makes on the ranges, for maps built in C. */
bool gm_validate(const gm_map *map, json_error *err);

/* What makes the exit status 1. */
#define GM_CONFIG_ERRORS  1u    /* config-errors is not empty */
#define GM_FAULTS         2u    /* a bad-config/fault/abort range */
unsigned gm_problems(const gm_map *map);

/* A range's kind is a fault (bad-config, walk, address size, abort). */
bool gm_kind_is_fault(gpt_map_kind kind);

/* "Realm", "NS", ... for GPI ranges, else the kind's name. */
const char *gm_range_label(const gm_range *range);

/* Names <-> values, from gpt.h / gpt-map.h; -1 if unknown. */
int gm_kind_from_name(const char *name);
int gm_reason_from_name(const char *name);
int gm_desc_kind_from_name(const char *name);
int gm_cfg_problem_from_name(const char *name);     /* a GPT_CFG_* bit */

#define GM_NKINDS  (GPT_MAP_EABT + 1)

/*
 * The labels in the order of the legend and the totals: the GPIs (the
 * four PA spaces first), then the kinds without a GPI.
 */
#define GM_NLABELS 18
unsigned gm_label_index(const gm_range *range);
const char *gm_label_name(unsigned index);

#endif /* GPT_MAP_MODEL_H */
