/*
 * qemu-rme: the GPT as a map of the physical address space (gpt-map.h)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gpt-map.h"

#define PA_BITS 56      /* the pseudocode's PA is bits(56) */

static gpt_map_kind kind_of(const gpt_result *r)
{
    switch (r->reason) {
    case GPT_R_GPI_PERMITS:
    case GPT_R_L0_DENIED:
    case GPT_R_L1_DENIED:
        return GPT_MAP_GPI;
    case GPT_R_GPC_DISABLED:
        return GPT_MAP_GPC_OFF;
    case GPT_R_ABOVE_PPS_PASS:
    case GPT_R_ABOVE_PPS:
        return GPT_MAP_ABOVE_PPS;
    case GPT_R_BYPASS_WINDOW:
        return GPT_MAP_BYPASS;
    case GPT_R_BAD_CONFIG:
        return GPT_MAP_BAD_CONFIG;
    case GPT_R_BASE_ABOVE_PPS:
    case GPT_R_L0_TABLE_ABOVE_PPS:
        return GPT_MAP_ADDRSIZE;
    case GPT_R_L0_EABT:
    case GPT_R_L1_EABT:
        return GPT_MAP_EABT;
    case GPT_R_L0_INVALID:
    case GPT_R_L1_INVALID:
    default:
        /* GPT_R_PAS_DISABLED cannot happen for the Root PA space. */
        return GPT_MAP_WALK_FAULT;
    }
}

static void to_range(gpt_map_range *out, uint64_t base, const gpt_result *r)
{
    out->base = base;
    out->size = 0;
    out->kind = kind_of(r);
    out->gpi = out->kind == GPT_MAP_GPI ? (unsigned)r->gpi : 0;
    out->reason = r->reason;
    out->level = r->level;
    out->desc_kind = r->desc_kind;
    out->desc = r->desc;
    out->desc_addr = r->desc_addr;
    out->cfg_problems = r->cfg_problems;
}

static bool same(const gpt_map_range *a, const gpt_map_range *b)
{
    if (a->kind != b->kind || a->level != b->level ||
        a->desc_kind != b->desc_kind) {
        return false;
    }
    return a->kind == GPT_MAP_GPI ? a->gpi == b->gpi : a->reason == b->reason;
}

/*
 * A Granules descriptor (D9.6.4) holds the GPIs of 16 granules: the end of
 * the run of granules from @pa's on that share its GPI, within the
 * descriptor (0 if @r is not from a Granules descriptor).
 */
static uint64_t granules_run_end(const gpt_config *cfg, uint64_t pa,
                                 const gpt_result *r)
{
    gpt_regs regs;
    unsigned p, i, n = 1;

    if (r->desc_kind != GPT_DESC_GRANULES || r->gpi < 0) {
        return 0;
    }
    gpt_decode_regs(cfg, &regs);
    p = regs.pgs_bits;
    if (!p) {
        return 0;
    }
    i = (unsigned)(pa >> p) & 15;
    while (i + n < 16 &&
           ((r->desc >> (4 * (i + n))) & 0xf) == (uint64_t)r->gpi) {
        n++;
    }
    return (pa & ~(((uint64_t)1 << p) - 1)) + ((uint64_t)n << p);
}

uint64_t gpt_map(const gpt_config *cfg, uint64_t start, uint64_t end,
                 uint64_t max_checks, gpt_map_fn fn, void *opaque)
{
    const uint64_t pa_end = (uint64_t)1 << PA_BITS;
    gpt_map_range cur, next;
    uint64_t pa = start, checks = 0;
    bool have = false;

    if (end == 0 || end > pa_end) {
        end = pa_end;
    }
    while (pa < end) {
        gpt_result r;
        uint64_t span, stop, run;

        if (max_checks && checks++ >= max_checks) {
            break;
        }
        r = gpt_check(cfg, pa, GPT_PAS_ROOT, GPT_SS_ROOT);
        if (r.kind == GPT_BAD_ARGUMENT) {
            break;
        }
        to_range(&next, pa, &r);
        /*
         * The result holds for the aligned 2^span_bits block around pa.
         * Everything above PPS, and everything when the check is off or
         * the configuration invalid, shares one outcome: skip to the end.
         */
        span = (uint64_t)1 << (r.span_bits < PA_BITS ? r.span_bits : PA_BITS);
        stop = (pa & ~(span - 1)) + span;
        run = next.kind == GPT_MAP_GPI ? granules_run_end(cfg, pa, &r) : 0;
        if (run > stop) {
            stop = run;
        }
        if (next.kind == GPT_MAP_ABOVE_PPS || next.kind == GPT_MAP_GPC_OFF ||
            next.kind == GPT_MAP_BAD_CONFIG || stop > end || stop <= pa) {
            stop = end;
        }
        if (have && same(&cur, &next)) {
            cur.size += stop - pa;
        } else {
            if (have && !fn(opaque, &cur)) {
                return cur.base;
            }
            cur = next;
            cur.size = stop - pa;
            have = true;
        }
        pa = stop;
    }
    if (have && !fn(opaque, &cur)) {
        return cur.base;
    }
    return pa;
}

const char *gpt_map_kind_name(gpt_map_kind kind)
{
    static const char *const names[] = {
        [GPT_MAP_GPI] = "gpi",
        [GPT_MAP_GPC_OFF] = "gpc-off",
        [GPT_MAP_ABOVE_PPS] = "above-pps",
        [GPT_MAP_BYPASS] = "bypass",
        [GPT_MAP_BAD_CONFIG] = "bad-config",
        [GPT_MAP_WALK_FAULT] = "walk-fault",
        [GPT_MAP_ADDRSIZE] = "address-size-fault",
        [GPT_MAP_EABT] = "external-abort",
    };
    return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind]
                                                             : "?";
}

const char *gpt_map_range_label(const gpt_map_range *range)
{
    return range->kind == GPT_MAP_GPI ? gpt_gpi_name(range->gpi)
                                      : gpt_map_kind_name(range->kind);
}
