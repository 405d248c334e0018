/*
 * gpt-map: a map from a memory dump, walked with gpt_map() (dump.h)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "dump.h"

typedef struct dump {
    const unsigned char *data;
    size_t len;
    uint64_t base;
} dump;

typedef struct collect {
    gm_map *map;
    size_t max;
} collect;

/* gpt_read64_fn: little-endian (R_BQHPD); outside the dump: abort. */
static bool dump_read(void *opaque, uint64_t pa, uint64_t *val)
{
    const dump *d = opaque;
    uint64_t off, v = 0;

    if (pa < d->base) {
        return false;
    }
    off = pa - d->base;
    if (off > d->len || d->len - off < 8) {
        return false;
    }
    for (int i = 7; i >= 0; i--) {
        v = v << 8 | d->data[off + (unsigned)i];
    }
    *val = v;
    return true;
}

static bool add_range(void *opaque, const gpt_map_range *r)
{
    collect *c = opaque;
    gm_range g = {
        .base = r->base,
        .size = r->size,
        .kind = r->kind,
        .gpi = r->kind == GPT_MAP_GPI ? (int)r->gpi : -1,
        .reason = (int)r->reason,
        .level = (int)r->level,
        .desc_kind = (int)r->desc_kind,
        .has_desc = true,
        .has_desc_addr = true,
        .desc = r->desc,
        .desc_addr = r->desc_addr,
    };

    if (c->max && c->map->n == c->max) {
        c->map->truncated = true;
        return false;
    }
    gm_map_add(c->map, &g);
    return true;
}

void gm_map_from_dump(const unsigned char *data, size_t len,
                      const gm_dump_opts *o, gm_map *map)
{
    dump d = { .data = data, .len = len, .base = o->base };
    gpt_config cfg = {
        .gpccr = o->gpccr,
        .gptbr = o->gptbr,
        .gpcbw = o->gpcbw,
        .pa_range_bits = o->pa_bits,
        .l0gptsz_impl = o->l0gptsz,
        .feat_sel2 = true,
        .feat_gpc2 = o->gpc2,
        .feat_gpc3 = o->gpc3,
        .feat_gdi = o->gdi,
        .read = dump_read,
        .opaque = &d,
    };
    collect c = { .map = map, .max = o->max_ranges };
    gpt_regs regs;

    gm_map_init(map);
    map->has_gpccr = map->has_gptbr = map->has_gpcbw = true;
    map->gpccr = o->gpccr;
    map->gptbr = o->gptbr;
    map->gpcbw = o->gpcbw;
    map->config_errors = gpt_decode_regs(&cfg, &regs);
    map->gpc = regs.gpc;
    map->pps_bits = (int)regs.pps_bits;
    map->pgs_bits = (int)regs.pgs_bits;
    map->l0gptsz_bits = (int)regs.l0gptsz_bits;
    map->start = o->start;
    map->end = o->end == 0 || o->end > GM_PA_END ? GM_PA_END : o->end;
    if (map->start < map->end) {
        /* As query-rme-gpt: a bounded walk says where it stopped. */
        uint64_t stop = gpt_map(&cfg, map->start, map->end, 1u << 24,
                                add_range, &c);

        if (stop < map->end && !map->truncated) {
            /* the budget, not --max-ranges: map what was walked */
            map->truncated = true;
            map->end = stop;
        }
    }
}
