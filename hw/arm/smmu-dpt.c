/*
 * qemu-rme: the Device Permission Table check of an SMMUv3
 * (Arm IHI0070 G.b 3.24).  See smmu-dpt.h.
 *
 * The level 0 Block entry's figure (3.24.3.1.2) is not in the text we
 * work from; its fields are taken at the positions of the lower half of
 * a level 1 entry (3.24.3.1.4), whose AC and W "are the same as for the
 * AC and W fields in a Level 0 Block entry": A/type [1:0], AC [4:3],
 * W [5], VMID [31:16], everything else RES0.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "smmu-dpt.h"

#define BIT64(n)            (1ull << (n))
#define MASK64(hi, lo)      ((~0ull >> (63 - (hi))) & ~(BIT64(lo) - 1))

static uint64_t bits(uint64_t v, unsigned hi, unsigned lo)
{
    return (v & MASK64(hi, lo)) >> lo;
}

const char *smmu_dpt_faultcode_name(SmmuDptFaultCode fc)
{
    switch (fc) {
    case SMMU_DPT_DISABLED:
        return "DPT_DISABLED";
    case SMMU_DPT_WALK_FAULT:
        return "DPT_WALK_FAULT";
    case SMMU_DPT_GPC_FAULT:
        return "DPT_GPC_FAULT";
    case SMMU_DPT_EABT:
        return "DPT_EABT";
    }
    return "?";
}

static SmmuDptResult lookup_fault(SmmuDptFaultCode fc, unsigned level,
                                  uint64_t fetch_pa)
{
    return (SmmuDptResult) { .outcome = SMMU_DPT_LOOKUP_FAULT,
                             .faultcode = fc, .level = level,
                             .fetch_pa = fetch_pa };
}

static SmmuDptResult access_fault(unsigned level)
{
    return (SmmuDptResult) { .outcome = SMMU_DPT_ACCESS_FAULT,
                             .level = level };
}

/* DPTPS (6.3.159): bits, 0 if reserved */
static unsigned dptps_bits(unsigned v)
{
    static const unsigned b[8] = { 32, 36, 40, 42, 44, 48, 52, 0 };

    return b[v & 7];
}

static unsigned dptgs_bits(const SmmuDptConfig *c, unsigned v)
{
    switch (v) {
    case 0:
        return c->gran4k ? 12 : 0;
    case 1:
        return c->gran64k ? 16 : 0;
    case 2:
        return c->gran16k ? 14 : 0;
    }
    return 0;
}

static unsigned l0dptsz_bits(unsigned v)
{
    switch (v) {
    case 0:
        return 30;
    case 4:
        return 34;
    case 6:
        return 36;
    case 9:
        return 39;
    }
    return 0;
}

/* Contig (3.24.3.1.4): region bits, 0 if reserved */
static unsigned contig_bits(unsigned v, unsigned gs)
{
    static const unsigned b[8] = { 0, 16, 21, 25, 29, 30, 34, 36 };

    if (v == 0 || v > 7 || (v == 1 && gs == 16)) {
        return 0;
    }
    return b[v];
}

/*
 * One set of attributes (AC, W, VMID) of an entry, from the low word
 * layout at @shift (0: AC0/W0/VMID0; 32: AC1/W1/VMID1); false if it is
 * invalid (AC reserved, or VMID bits that must be zero are not).
 */
typedef struct Attrs {
    unsigned ac;
    bool w;
    uint16_t vmid;
} Attrs;

static bool attrs_of(const SmmuDptConfig *c, uint64_t d, unsigned shift,
                     Attrs *a)
{
    uint32_t w = (uint32_t)(d >> shift);

    a->ac = bits(w, 4, 3);
    a->w = bits(w, 5, 5);
    a->vmid = bits(w, 31, 16);
    if (a->ac == 3) {
        return false;                   /* Reserved, invalid */
    }
    if (a->ac == 2 && a->vmid) {
        return false;                   /* VMID RES0 with AC 0b10 */
    }
    if (!c->vmid16 && (a->vmid >> 8)) {
        return false;
    }
    return true;
}

/* The half-word attributes must all be zero (A[x] = 0 makes them RES0) */
static bool attrs_zero(uint64_t d, unsigned shift)
{
    return ((d >> shift) & 0xffff0038u) == 0;
}

/* 3.24.1: the check of @a for this access */
static SmmuDptResult check(const SmmuDptConfig *c, const Attrs *a,
                           bool write, unsigned vmatch, uint16_t s2vmid,
                           unsigned level, unsigned span)
{
    bool need_vmid;

    if (write && !a->w) {
        return access_fault(level);
    }
    switch (vmatch) {
    case 1:
        need_vmid = a->ac == 0;
        break;
    case 2:
        need_vmid = false;
        break;
    default:                            /* 0b11 behaves as 0b00 */
        need_vmid = a->ac == 0 || a->ac == 1;
        break;
    }
    if (need_vmid && a->vmid != s2vmid) {
        return access_fault(level);
    }
    return (SmmuDptResult) {
        .outcome = SMMU_DPT_PASS, .level = level, .span_bits = span,
        /* the Non-secure DPT outputs Non-secure; the Realm one by AC */
        .ns_output = !c->realm || a->ac == 1 || a->ac == 2,
    };
}

static SmmuDptResult fetch_fault(SmmuDptFetch f, unsigned level,
                                 uint64_t pa)
{
    return lookup_fault(f == SMMU_DPT_FETCH_GPF ? SMMU_DPT_GPC_FAULT :
                        SMMU_DPT_EABT, level, pa);
}

SmmuDptResult smmu_dpt_check(const SmmuDptConfig *c, uint64_t pa, bool write,
                             unsigned vmatch, uint16_t s2vmid,
                             SmmuDptReadFn *read, void *opaque)
{
    unsigned ps, gs, l0sz, oas = c->oas_bits;
    uint64_t l0_base, l0_pa, l1_base, l1_pa, d, l1_size;
    unsigned a, contig, span;
    SmmuDptFetch f;
    Attrs at;

    /* Priority 1 (3.24.4): DPT_WALK_EN = 0 */
    if (!c->walk_en) {
        return lookup_fault(SMMU_DPT_DISABLED, 0, 0);
    }
    /* Priority 2: invalid register configuration */
    ps = dptps_bits(c->base_cfg & SMMU_DPT_CFG_DPTPS_MASK);
    gs = dptgs_bits(c, bits(c->base_cfg, 15, 14));
    l0sz = l0dptsz_bits(bits(c->base_cfg, 23, 20));
    if (!ps || ps > oas || !gs || !l0sz || l0sz > oas || l0sz > ps) {
        return lookup_fault(SMMU_DPT_WALK_FAULT, 0, 0);
    }
    /* Table 3.35: PA bits [oas-1:dptps] non-zero: No Access */
    if (oas < 64 && (pa >> oas)) {
        return access_fault(0);
    }
    if (pa >> ps) {
        return access_fault(0);
    }

    /* Level 0: aligned to the greater of 4KB and the table's size */
    l0_base = c->base & SMMU_DPT_BASE_MASK & ~((BIT64(ps - l0sz) * 8) - 1);
    if (oas < 64) {
        l0_base &= BIT64(oas) - 1;      /* RES0 above OAS */
    }
    l0_pa = l0_base + bits(pa, ps - 1, l0sz) * 8;
    f = read(opaque, l0_pa, &d);
    if (f != SMMU_DPT_FETCH_OK) {
        return fetch_fault(f, 0, l0_pa);
    }
    switch (d & 3) {
    case 0:                             /* No Access; the rest RES0 */
        if (d != 0) {
            return lookup_fault(SMMU_DPT_WALK_FAULT, 0, l0_pa);
        }
        return access_fault(0);
    case 1:                             /* Block */
        if ((d & ~0xffff003bull) || !attrs_of(c, d, 0, &at)) {
            return lookup_fault(SMMU_DPT_WALK_FAULT, 0, l0_pa);
        }
        return check(c, &at, write, vmatch, s2vmid, 0, l0sz);
    case 2:
        return lookup_fault(SMMU_DPT_WALK_FAULT, 0, l0_pa);
    default:                            /* Table */
        break;
    }
    if ((d & ~(SMMU_DPT_BASE_MASK | 3)) ||
        (oas < 56 && (d & SMMU_DPT_BASE_MASK) >> oas)) {
        return lookup_fault(SMMU_DPT_WALK_FAULT, 0, l0_pa);
    }

    /* Level 1: (L0DPTSZ / DPTGS) / 2 entries, aligned to their size */
    l1_size = BIT64(l0sz - gs - 1) * 8;
    l1_base = d & SMMU_DPT_BASE_MASK & ~(l1_size - 1);
    l1_pa = l1_base + bits(pa, l0sz - 1, gs + 1) * 8;
    f = read(opaque, l1_pa, &d);
    if (f != SMMU_DPT_FETCH_OK) {
        return fetch_fault(f, 1, l1_pa);
    }
    /* MBZ: bit 2, [7:6], [15:12], [33:32], 34, [47:38] */
    if (d & 0x0000ffc70000f0c4ull) {
        return lookup_fault(SMMU_DPT_WALK_FAULT, 1, l1_pa);
    }
    a = d & 3;
    contig = bits(d, 11, 8);
    if (a != 3 && contig) {
        return lookup_fault(SMMU_DPT_WALK_FAULT, 1, l1_pa);
    }
    if (a == 3 && contig) {
        span = contig_bits(contig, gs);
        if (!span || span > l0sz || !attrs_zero(d, 32) ||
            !attrs_of(c, d, 0, &at)) {
            return lookup_fault(SMMU_DPT_WALK_FAULT, 1, l1_pa);
        }
        return check(c, &at, write, vmatch, s2vmid, 1, span);
    }
    /* Two granules: the upper one for PA bit [dptgs] = 1 */
    if (!(a & 1) ? !attrs_zero(d, 0) : !attrs_of(c, d, 0, &at)) {
        return lookup_fault(SMMU_DPT_WALK_FAULT, 1, l1_pa);
    }
    if (!(a & 2) ? !attrs_zero(d, 32) : !attrs_of(c, d, 32, &at) ) {
        return lookup_fault(SMMU_DPT_WALK_FAULT, 1, l1_pa);
    }
    if (!((a >> bits(pa, gs, gs)) & 1)) {
        return access_fault(1);
    }
    attrs_of(c, d, bits(pa, gs, gs) ? 32 : 0, &at);
    return check(c, &at, write, vmatch, s2vmid, 1, gs);
}

uint64_t smmu_dpt_far(const SmmuDptResult *r, uint64_t pa)
{
    return (pa & SMMU_DPT_FAR_FADDR_MASK) |
           (uint64_t)r->faultcode << SMMU_DPT_FAR_FAULTCODE_SHIFT |
           (uint64_t)(r->level & 1) << SMMU_DPT_FAR_LEVEL_SHIFT |
           SMMU_DPT_FAR_FAULT;
}
