/*
 * qemu-rme: the memory protection engine's register frame
 *
 * See mpe-regs.h and docs/mec.md.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "mpe-regs.h"

#include <string.h>

void mpe_regs_init(MpeRegs *r, MpeCore *core)
{
    memset(r, 0, sizeof(*r));
    r->core = core;
    /* A PA space the engine does not encrypt reads its key as 0 */
    for (unsigned p = 0; p < 4; p++) {
        r->pas_key[p] = core->pas_encrypted[p] ? core->pas_key[p] : 0;
    }
}

static uint64_t stat(const MpeRegs *r, unsigned n)
{
    switch (n) {
    case MPE_STAT_CONVERSIONS:
        return r->core->stats.conversions;
    case MPE_STAT_BLOCKS:
        return r->core->stats.blocks;
    case MPE_STAT_REKEYS:
        return r->core->stats.rekeys;
    case MPE_STAT_PAS_REKEYS:
        return r->core->stats.pas_rekeys;
    default:
        return r->tagged;
    }
}

static bool in_keys(uint64_t off)
{
    return off >= MPE_PAS_KEY_LO(0) && off <= MPE_PAS_KEY_HI(3);
}

static bool in_stats(uint64_t off)
{
    return off >= MPE_STAT_LO(0) && off <= MPE_STAT_HI(MPE_NSTATS - 1);
}

MpeRegResult mpe_regs_read(MpeRegs *r, uint64_t offset, unsigned pas,
                           uint32_t *value)
{
    const MpeCore *m = r->core;

    *value = 0;
    if (pas != RME_SS_ROOT) {
        return MPE_REG_REFUSED;
    }
    if (offset & 3 || offset >= MPE_REGS_SIZE) {
        return MPE_REG_BAD_OFFSET;
    }
    if (in_keys(offset)) {
        uint64_t k = r->pas_key[(offset - MPE_PAS_KEY_LO(0)) / 8];

        *value = (uint32_t)(offset & 4 ? k >> 32 : k);
        return MPE_REG_OK;
    }
    if (in_stats(offset)) {
        uint64_t s = stat(r, (unsigned)(offset - MPE_STAT_LO(0)) / 8);

        *value = (uint32_t)(offset & 4 ? s >> 32 : s);
        return MPE_REG_OK;
    }
    switch (offset) {
    case MPE_IIDR:
        *value = MPE_IIDR_VALUE;
        return MPE_REG_OK;
    case MPE_IDR:
        *value = (m->mecid_bits - 1) << MPE_IDR_MECIDW_SHIFT |
                 (m->block_bits - MPE_MIN_BLOCK_BITS) << MPE_IDR_BLKSZ_SHIFT |
                 (uint32_t)m->strategy << MPE_IDR_STRATEGY_SHIFT;
        return MPE_REG_OK;
    case MPE_CTRL:
        *value = (m->enabled ? MPE_CTRL_EN : 0) |
                 (m->ignore_mecid ? MPE_CTRL_IGNORE_MECID : 0);
        return MPE_REG_OK;
    case MPE_REKEY:
        return MPE_REG_OK;
    default:
        return MPE_REG_BAD_OFFSET;
    }
}

MpeRegResult mpe_regs_write(MpeRegs *r, uint64_t offset, unsigned pas,
                            uint32_t value)
{
    MpeCore *m = r->core;

    if (pas != RME_SS_ROOT) {
        return MPE_REG_REFUSED;
    }
    if (offset & 3 || offset >= MPE_REGS_SIZE) {
        return MPE_REG_BAD_OFFSET;
    }
    if (in_keys(offset)) {
        unsigned p = (unsigned)(offset - MPE_PAS_KEY_LO(0)) / 8;
        uint64_t k = r->pas_key[p];

        if (offset & 4) {
            k = (k & 0xffffffffu) | (uint64_t)value << 32;
        } else {
            k = (k & ~(uint64_t)0xffffffffu) | value;
        }
        r->pas_key[p] = k;
        mpe_set_pas_key(m, p, k);
        return MPE_REG_OK_FLUSH;
    }
    if (in_stats(offset)) {
        return MPE_REG_READ_ONLY;
    }
    switch (offset) {
    case MPE_IIDR:
    case MPE_IDR:
        return MPE_REG_READ_ONLY;
    case MPE_CTRL:
        m->enabled = value & MPE_CTRL_EN;
        m->ignore_mecid = value & MPE_CTRL_IGNORE_MECID;
        return MPE_REG_OK_FLUSH;
    case MPE_REKEY:
        mpe_rekey_mecid(m, value & MPE_REKEY_MECID_MASK);
        return MPE_REG_OK_FLUSH;
    default:
        return MPE_REG_BAD_OFFSET;
    }
}
