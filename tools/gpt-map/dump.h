/*
 * gpt-map: a map from a memory dump, walked with gpt_map()
 *
 * The dump holds the Root PA space from @base on (the GPT's level 0 and
 * level 1 tables somewhere in it); a GPT fetch outside it is reported as
 * an External abort on a GPT fetch (R_DFCHJ), as the walker's reader
 * returning false means.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GPT_MAP_DUMP_H
#define GPT_MAP_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef struct gm_dump_opts {
    uint64_t base;          /* PA of the dump's first byte */
    uint64_t gpccr, gptbr, gpcbw;
    unsigned pa_bits;       /* AArch64.PAMax(); 32..56 as PARange allows */
    unsigned l0gptsz;       /* 30/34/36/39, or 0: GPCCR_EL3.L0GPTSZ */
    bool gpc2, gpc3, gdi;   /* FEAT_RME_GPC2, FEAT_RME_GPC3, FEAT_RME_GDI */
    uint64_t start, end;    /* the window; end 0 is 2^56 */
    size_t max_ranges;      /* then "truncated"; 0 = no limit */
} gm_dump_opts;

/*
 * Fills @map (initialised here) with the registers, as decoded, and the
 * ranges of [start, end).  FEAT_SEL2 is taken as implemented (GPI Secure
 * valid), as on QEMU's max CPU; every PGS is taken as supported.
 */
void gm_map_from_dump(const unsigned char *data, size_t len,
                      const gm_dump_opts *opts, gm_map *map);

#endif /* GPT_MAP_DUMP_H */
