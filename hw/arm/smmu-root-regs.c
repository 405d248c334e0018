/*
 * qemu-rme: the SMMUv3 Root control page and the SMMU's granule protection
 * check
 *
 * See smmu-root-regs.h and docs/smmu.md.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "smmu-root-regs.h"

#include <string.h>

void smmu_root_reset(SmmuRootRegs *r)
{
    /* IHI0070 G.b 6.3.112: SMMU_ROOT_CR0.{GPCEN, ACCESSEN} reset to 0 */
    r->cr0 = r->accessen_at_reset ? SMMU_ROOT_CR0_ACCESSEN : 0;
    r->cr0ack = r->cr0;
    /* GPT_BASE, GPT_BASE_CFG and TLBI reset to UNKNOWN values: 0 here */
    r->gpt_base = 0;
    r->gpt_base_cfg = 0;
    r->gpf_far = 0;
    r->gpt_cfg_far = 0;
    r->tlbi = 0;
    r->tlbi_ctrl = 0;
    memset(&r->stats, 0, sizeof(r->stats));
}

static bool has_tlbi_regs(const SmmuRootRegs *r)
{
    return r->idr0 & SMMU_ROOT_IDR0_RGPTM;
}

/* The 64-bit register at 8-aligned @off, if there is one. */
static bool is_reg64(const SmmuRootRegs *r, uint64_t off)
{
    switch (off) {
    case SMMU_ROOT_GPT_BASE:
    case SMMU_ROOT_GPT_BASE_CFG:
    case SMMU_ROOT_GPF_FAR:
    case SMMU_ROOT_GPT_CFG_FAR:
        return true;
    case SMMU_ROOT_TLBI:
        return has_tlbi_regs(r);
    default:
        return false;
    }
}

static bool is_reg32(const SmmuRootRegs *r, uint64_t off)
{
    switch (off) {
    case SMMU_ROOT_IDR0:
    case SMMU_ROOT_IIDR:
    case SMMU_ROOT_CR0:
    case SMMU_ROOT_CR0ACK:
        return true;
    case SMMU_ROOT_TLBI_CTRL:
        return has_tlbi_regs(r);
    default:
        return false;
    }
}

static unsigned l0gptsz_encoding(unsigned bits)
{
    switch (bits) {
    case 34:
        return 0x4;
    case 36:
        return 0x6;
    case 39:
        return 0x9;
    default:
        return 0x0;             /* 30 bits */
    }
}

/* GPT_BASE and GPT_BASE_CFG are RO while GPCEN or its ack is 1 */
static bool gpt_regs_locked(const SmmuRootRegs *r)
{
    return (r->cr0 | r->cr0ack) & SMMU_ROOT_CR0_GPCEN;
}

static uint64_t oas_mask(const SmmuRootRegs *r)
{
    unsigned bits = r->oas_bits && r->oas_bits < 52 ? r->oas_bits : 52;

    return (1ull << bits) - 1;
}

static uint64_t reg64_value(const SmmuRootRegs *r, uint64_t off)
{
    switch (off) {
    case SMMU_ROOT_GPT_BASE:
        return r->gpt_base;
    case SMMU_ROOT_GPT_BASE_CFG:
        return r->gpt_base_cfg |
               (uint64_t)l0gptsz_encoding(r->l0gptsz_bits)
               << SMMU_ROOT_GPT_BASE_CFG_L0GPTSZ_SHIFT;
    case SMMU_ROOT_GPF_FAR:
        return r->gpf_far;
    case SMMU_ROOT_GPT_CFG_FAR:
        return r->gpt_cfg_far;
    default:
        return r->tlbi;
    }
}

static uint32_t reg32_value(const SmmuRootRegs *r, uint64_t off)
{
    switch (off) {
    case SMMU_ROOT_IDR0:
        return r->idr0;
    case SMMU_ROOT_IIDR:
        return r->iidr;
    case SMMU_ROOT_CR0:
        return r->cr0;
    case SMMU_ROOT_CR0ACK:
        return r->cr0ack;
    default:
        return r->tlbi_ctrl;
    }
}

SmmuRootRegResult smmu_root_read(SmmuRootRegs *r, uint64_t offset,
                                 unsigned size, unsigned pas,
                                 uint64_t *value)
{
    uint64_t base = offset & ~7ull;

    *value = 0;
    if (pas != RME_SS_ROOT) {
        return SMMU_ROOT_REG_NOT_ROOT;
    }
    if (size == 8 && !(offset & 7) && is_reg64(r, offset)) {
        *value = reg64_value(r, offset);
        return SMMU_ROOT_REG_OK;
    }
    if (size != 4 || offset & 3) {
        return SMMU_ROOT_REG_BAD_OFFSET;
    }
    if (is_reg64(r, base)) {
        *value = (uint32_t)(reg64_value(r, base) >> (offset & 4 ? 32 : 0));
        return SMMU_ROOT_REG_OK;
    }
    if (is_reg32(r, offset)) {
        *value = reg32_value(r, offset);
        return SMMU_ROOT_REG_OK;
    }
    return SMMU_ROOT_REG_BAD_OFFSET;
}

/* Merge a 32-bit write to one half of a 64-bit register, or take all 64. */
static uint64_t merge(uint64_t old, uint64_t offset, unsigned size,
                      uint64_t value)
{
    if (size == 8) {
        return value;
    }
    if (offset & 4) {
        return (old & 0xffffffffull) | (value << 32);
    }
    return (old & ~0xffffffffull) | (uint32_t)value;
}

/*
 * 6.3.116/117: writes are IGNORED unless they clear FAULT, which clears the
 * whole register.  FAULT is bit 0, in the low half.
 */
static SmmuRootRegResult write_far(uint64_t *far, uint64_t offset,
                                   uint64_t value)
{
    if (!(offset & 4) && (*far & SMMU_ROOT_FAR_FAULT) &&
        !(value & SMMU_ROOT_FAR_FAULT)) {
        *far = 0;
        return SMMU_ROOT_REG_OK;
    }
    return SMMU_ROOT_REG_READ_ONLY;
}

SmmuRootRegResult smmu_root_write(SmmuRootRegs *r, uint64_t offset,
                                  unsigned size, unsigned pas,
                                  uint64_t value)
{
    uint64_t base = offset & ~7ull;

    if (pas != RME_SS_ROOT) {
        return SMMU_ROOT_REG_NOT_ROOT;
    }
    if (size == 8 && !(offset & 7) && is_reg64(r, offset)) {
        /* a 64-bit access */
    } else if (size == 4 && !(offset & 3) && is_reg64(r, base)) {
        value = (uint32_t)value;
    } else if (size == 4 && !(offset & 3) && is_reg32(r, offset)) {
        value = (uint32_t)value;
        base = offset;
    } else {
        return SMMU_ROOT_REG_BAD_OFFSET;
    }

    switch (base) {
    case SMMU_ROOT_CR0:
        /*
         * 6.3.112: the SMMU completes an Update by setting CR0ACK to match;
         * this model has nothing outstanding, so every Update completes at
         * once and CR0 never differs from CR0ACK (when it would be RO).
         */
        r->cr0 = value & SMMU_ROOT_CR0_MASK;
        r->cr0ack = r->cr0;
        return SMMU_ROOT_REG_OK;
    case SMMU_ROOT_GPT_BASE:
        if (gpt_regs_locked(r)) {
            return SMMU_ROOT_REG_READ_ONLY;
        }
        r->gpt_base = merge(r->gpt_base, offset, size, value) &
                      SMMU_ROOT_GPT_BASE_MASK & oas_mask(r);
        return SMMU_ROOT_REG_OK;
    case SMMU_ROOT_GPT_BASE_CFG:
        if (gpt_regs_locked(r)) {
            return SMMU_ROOT_REG_READ_ONLY;
        }
        r->gpt_base_cfg = merge(r->gpt_base_cfg, offset, size, value) &
                          SMMU_ROOT_GPT_BASE_CFG_MASK;
        return SMMU_ROOT_REG_OK;
    case SMMU_ROOT_GPF_FAR:
        return write_far(&r->gpf_far, offset, value);
    case SMMU_ROOT_GPT_CFG_FAR:
        return write_far(&r->gpt_cfg_far, offset, value);
    case SMMU_ROOT_TLBI:
        /* RW while TLBI_CTRL.RUN == 0, which is always so here */
        r->tlbi = merge(r->tlbi, offset, size, value) & SMMU_ROOT_TLBI_MASK;
        return SMMU_ROOT_REG_OK;
    case SMMU_ROOT_TLBI_CTRL:
        /*
         * 6.3.119: only a write of RUN = 1 while RUN is 0 has an effect; the
         * operation is complete at once (no GPT information is cached
         * beyond what the caller drops), and completion clears the
         * register.
         */
        if ((value & SMMU_ROOT_TLBI_CTRL_RUN) &&
            !(r->tlbi_ctrl & SMMU_ROOT_TLBI_CTRL_RUN)) {
            r->stats.tlbis++;
            r->tlbi_ctrl = 0;
            return SMMU_ROOT_REG_INVALIDATE;
        }
        return SMMU_ROOT_REG_OK;
    default:
        return SMMU_ROOT_REG_READ_ONLY;     /* IDR0, IIDR, CR0ACK */
    }
}

/* The GPT configuration the SMMU walks with */
static void gpt_config_of(const SmmuRootRegs *r, gpt_config *cfg,
                          gpt_read64_fn read, void *opaque)
{
    memset(cfg, 0, sizeof(*cfg));
    /*
     * 3.25: the GPT's format and meaning are FEAT_RME's; GPT_BASE_CFG holds
     * GPCCR_EL3's fields but GPC, which is SMMU_ROOT_CR0.GPCEN; GPT_BASE.ADDR
     * is GPTBR_EL3.BADDR as a PA.  This SMMU version has no FEAT_RME_GPC2,
     * GPC3 or GDI fields (6.3.115: bits [63:24] and [19:18] are RES0).
     */
    cfg->gpccr = r->gpt_base_cfg | 1ull << GPT_GPCCR_GPC_SHIFT;
    cfg->gptbr = r->gpt_base >> 12;
    /* PPS beyond SMMU_IDR5.OAS is invalid (6.3.115) */
    cfg->pa_range_bits = r->oas_bits;
    cfg->l0gptsz_impl = r->l0gptsz_bits;
    cfg->pgs_reserved = r->pgs_reserved;
    cfg->feat_sel2 = r->feat_sel2;
    cfg->read = read;
    cfg->opaque = opaque;
}

/* Per kind of access: its name, and REASON/FAULTCODE of 6.3.116 */
static const struct {
    const char *name;
    unsigned char reason, faultcode;
} access_kinds[SMMU_GPC_NKINDS] = {
    [SMMU_GPC_CLIENT] = { "client", SMMU_ROOT_REASON_TRANSACTION, 0 },
    [SMMU_GPC_STE] = { "ste", SMMU_ROOT_REASON_TRANSLATION,
                       SMMU_ROOT_FC_GPF_STE_FETCH },
    [SMMU_GPC_CD] = { "cd", SMMU_ROOT_REASON_TRANSLATION,
                      SMMU_ROOT_FC_GPF_CD_FETCH },
    [SMMU_GPC_WALK] = { "walk", SMMU_ROOT_REASON_TRANSLATION,
                        SMMU_ROOT_FC_GPF_WALK_EABT },
    [SMMU_GPC_VMS] = { "vms", SMMU_ROOT_REASON_TRANSLATION,
                       SMMU_ROOT_FC_GPF_VMS_FETCH },
    [SMMU_GPC_CMDQ] = { "cmdq", SMMU_ROOT_REASON_GERROR,
                        SMMU_ROOT_FC_CMDQ_GPF },
    [SMMU_GPC_EVENTQ] = { "eventq", SMMU_ROOT_REASON_GERROR,
                          SMMU_ROOT_FC_EVENTQ_GPF },
    [SMMU_GPC_PRIQ] = { "priq", SMMU_ROOT_REASON_GERROR,
                        SMMU_ROOT_FC_PRIQ_GPF },
    [SMMU_GPC_OTHER] = { "other", SMMU_ROOT_REASON_GERROR,
                         SMMU_ROOT_FC_OTHER_GPF },
};

static SmmuGpcAccess valid_kind(SmmuGpcAccess kind)
{
    return (unsigned)kind < SMMU_GPC_NKINDS ? kind : SMMU_GPC_OTHER;
}

/* The syndrome of 6.3.116/117, into @far unless it holds an active fault */
static bool record(uint64_t *far, uint64_t pa, unsigned pas,
                   SmmuGpcAccess kind, unsigned cfg_err, bool cfg)
{
    unsigned reason = access_kinds[valid_kind(kind)].reason;
    unsigned faultcode = access_kinds[valid_kind(kind)].faultcode;

    if (*far & SMMU_ROOT_FAR_FAULT) {
        return false;           /* 3.25.5: the first fault stays */
    }
    *far = (uint64_t)(pas & 3) << SMMU_ROOT_FAR_FPAS_SHIFT |
           (pa & SMMU_ROOT_FAR_FADDR_MASK) |
           (uint64_t)faultcode << SMMU_ROOT_FAR_FAULTCODE_SHIFT |
           (uint64_t)reason << SMMU_ROOT_FAR_REASON_SHIFT |
           SMMU_ROOT_FAR_FAULT;
    if (cfg) {
        *far |= (uint64_t)(cfg_err & 0xf) << SMMU_ROOT_FAR_CFG_ERR_SHIFT;
    }
    return true;
}

/* 6.3.117 CFG_ERR for a GPT lookup error found by the walk */
static unsigned cfg_err_of(gpt_reason reason)
{
    switch (reason) {
    case GPT_R_BASE_ABOVE_PPS:
        return SMMU_ROOT_CFG_ERR_BASE;
    case GPT_R_L0_EABT:
    case GPT_R_L1_EABT:
        return SMMU_ROOT_CFG_ERR_EABT;
    case GPT_R_L0_INVALID:
    case GPT_R_L1_INVALID:
        return SMMU_ROOT_CFG_ERR_ENTRY;
    case GPT_R_L0_TABLE_ABOVE_PPS:
        return SMMU_ROOT_CFG_ERR_NEXT;
    default:
        return SMMU_ROOT_CFG_ERR_REGS;      /* GPT_R_BAD_CONFIG */
    }
}

SmmuGpcOutcome smmu_root_gpc(SmmuRootRegs *r, uint64_t pa, unsigned pas,
                             unsigned ss, SmmuGpcAccess kind,
                             gpt_read64_fn read, void *opaque)
{
    SmmuGpcOutcome out;
    gpt_config cfg;

    memset(&out, 0, sizeof(out));
    /*
     * 6.3.112 ACCESSEN (higher priority than GPCEN): with 0, SMMU-originated
     * accesses are terminated as though they experienced a GPF reported in
     * SMMU_ROOT_GPF_FAR, client accesses as any access with a GPF.
     */
    if (!(r->cr0ack & SMMU_ROOT_CR0_ACCESSEN)) {
        out.access_disabled = true;
        out.recorded = record(&r->gpf_far, pa, pas, kind, 0, false);
        r->stats.gpfs++;
        return out;
    }
    if (!(r->cr0ack & SMMU_ROOT_CR0_GPCEN)) {
        out.pass = true;        /* 6.3.112: all accesses bypass the GPC */
        return out;
    }
    r->stats.checks++;
    gpt_config_of(r, &cfg, read, opaque);
    out.checked = true;
    out.res = gpt_check(&cfg, pa, (gpt_pas)(pas & 3), (gpt_ss)(ss & 3));
    switch (out.res.kind) {
    case GPT_OK:
        out.pass = true;
        break;
    case GPT_FAULT_GPF:
        /* 3.25.4: PA beyond PPS (not Non-secure) or forbidden by the GPT */
        out.recorded = record(&r->gpf_far, pa, pas, kind, 0, false);
        r->stats.gpfs++;
        break;
    default:
        /* 3.25.4: a GPT lookup error, reported in SMMU_ROOT_GPT_CFG_FAR */
        out.cfg_error = true;
        out.recorded = record(&r->gpt_cfg_far, pa, pas, kind,
                              cfg_err_of(out.res.reason), true);
        r->stats.cfg_errors++;
        break;
    }
    return out;
}

const char *smmu_gpc_access_name(SmmuGpcAccess kind)
{
    return (unsigned)kind < SMMU_GPC_NKINDS ? access_kinds[kind].name : "?";
}

const char *smmu_root_reason_name(unsigned reason)
{
    switch (reason) {
    case SMMU_ROOT_REASON_TRANSLATION:
        return "TRANSLATION";
    case SMMU_ROOT_REASON_GERROR:
        return "GERROR";
    case SMMU_ROOT_REASON_TRANSACTION:
        return "TRANSACTION";
    default:
        return "none";
    }
}

const char *smmu_root_cfg_err_name(unsigned cfg_err)
{
    switch (cfg_err) {
    case SMMU_ROOT_CFG_ERR_REGS:
        return "invalid GPT configuration registers";
    case SMMU_ROOT_CFG_ERR_BASE:
        return "GPT base beyond PPS";
    case SMMU_ROOT_CFG_ERR_EABT:
        return "External abort on a GPT fetch";
    case SMMU_ROOT_CFG_ERR_ENTRY:
        return "invalid GPT entry";
    case SMMU_ROOT_CFG_ERR_NEXT:
        return "GPT table address beyond PPS";
    default:
        return "reserved";
    }
}
