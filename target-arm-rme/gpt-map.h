/*
 * qemu-rme: the GPT as a map of the physical address space
 *
 * Walks a live or dumped Granule Protection Table with the reference
 * walker (gpt.h) and reports the PA space as maximal ranges over which the
 * same GPT entry outcome holds: the GPI (DDI0487 D9.6.5) with the level
 * and the kind of descriptor that supply it, or why there is none (GPC
 * disabled, above PPS, a bypass window, an invalid configuration, a GPT
 * walk fault, an address size fault, an External abort on a GPT fetch).
 *
 * Each PA is checked as a Root access to the Root PA space: that reaches
 * the GPT whatever SPAD/NSPAD/RLPAD say (R_TCWMD disables only the Secure,
 * Non-secure and Realm PA spaces), and GPICheck() then reports the GPI
 * found whether or not it permits Root.
 *
 * Pure C11 like gpt.c: no allocation, no global state, no stdio.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TARGET_ARM_RME_GPT_MAP_H
#define TARGET_ARM_RME_GPT_MAP_H

#include "gpt.h"

typedef enum gpt_map_kind {
    GPT_MAP_GPI = 0,        /* a GPT entry gives the GPI in .gpi */
    GPT_MAP_GPC_OFF,        /* GPCCR_EL3.GPC == 0: no check (R_BYRRZ) */
    GPT_MAP_ABOVE_PPS,      /* above the protected PA size (R_JFFHB) */
    GPT_MAP_BYPASS,         /* a GPC bypass window (FEAT_RME_GPC3) */
    GPT_MAP_BAD_CONFIG,     /* GPCCR_EL3/GPCBW_EL3 invalid (R_JWCSM) */
    GPT_MAP_WALK_FAULT,     /* invalid GPT entry: GPT walk fault */
    GPT_MAP_ADDRSIZE,       /* GPT address size fault */
    GPT_MAP_EABT,           /* External abort on a GPT fetch */
} gpt_map_kind;

typedef struct gpt_map_range {
    uint64_t base;
    uint64_t size;          /* never 0 */
    gpt_map_kind kind;
    unsigned gpi;           /* GPT_MAP_GPI only */
    gpt_reason reason;      /* the walker's reason, for every kind */
    unsigned level;         /* GPT level of the entry that decides it */
    gpt_desc_kind desc_kind;
    uint64_t desc;          /* the deciding entry at .base, and its PA */
    uint64_t desc_addr;
    unsigned cfg_problems;  /* GPT_MAP_BAD_CONFIG: the GPT_CFG_* mask */
} gpt_map_range;

/* Called for each range in address order; return false to stop. */
typedef bool (*gpt_map_fn)(void *opaque, const gpt_map_range *range);

/*
 * Reports [@start, @end) as ranges of equal outcome (kind, GPI or reason,
 * level, descriptor kind), calling @fn for each.  @end == 0 means 2^56,
 * the end of the pseudocode's PA space.
 *
 * The GPT is guest memory: a large PPS with small granules of one GPI is
 * 2^40 granules and more.  @max_checks (0: no limit) bounds the walker
 * calls; a Granules descriptor's run of equal GPIs costs one.  When the
 * budget or @fn stops the walk, the ranges reported end where it stopped.
 *
 * Returns the PA after the last one reported: @end (or 2^56) when the
 * whole window was mapped.
 */
uint64_t gpt_map(const gpt_config *cfg, uint64_t start, uint64_t end,
                 uint64_t max_checks, gpt_map_fn fn, void *opaque);

/* "gpi", "gpc-off", "above-pps", "bypass", "bad-config", "walk-fault",
 * "address-size-fault", "external-abort". */
const char *gpt_map_kind_name(gpt_map_kind kind);

/*
 * The PA space a range is shown as: the GPI's name ("Realm", "NS", ...,
 * "NoAccess", "Any", "NSO") for GPT_MAP_GPI, else the kind's name.
 */
const char *gpt_map_range_label(const gpt_map_range *range);

#endif /* TARGET_ARM_RME_GPT_MAP_H */
