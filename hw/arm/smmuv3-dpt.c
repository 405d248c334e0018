/*
 * qemu-rme: the Device Permission Table of an SMMUv3 with RME DA
 *
 * The check hook of patch "hw/arm/smmuv3: Add the Device Permission
 * Table registers and a check hook": each ATS-translated transaction of a
 * stream with STE.EATS = 0b11 is checked by hw/arm/smmu-dpt.c (pure C,
 * also run by the host tests and the fuzz target) against the DPT that
 * SMMU_(R_)DPT_BASE points at (Arm IHI0070 G.b 3.24).  DPT fetches are
 * made in the PA space of the programming interface and are themselves
 * subject to the SMMU's granule protection check, reported as a
 * translation table walk would be (3.24.4: DPT_GPC_FAULT, with
 * REASON = TRANSLATION and FAULTCODE GPF_WALK_EABT in the Root page).
 * docs/smmu.md.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "system/dma.h"
#include "system/address-spaces.h"
#include "hw/arm/smmuv3.h"
#include "hw/arm/smmuv3-dpt.h"
#include "smmu-dpt.h"
#include "trace.h"

typedef struct DptFetch {
    SMMUv3State *s;
    uint32_t sid;
} DptFetch;

static SmmuDptFetch dpt_read(void *opaque, uint64_t pa, uint64_t *val)
{
    DptFetch *f = opaque;
    uint64_t le;

    if (!smmu_gpc_check(ARM_SMMU(f->s), pa, SMMU_GPC_ACCESS_WALK, f->sid,
                        NULL)) {
        return SMMU_DPT_FETCH_GPF;
    }
    if (dma_memory_read(&address_space_memory, pa, &le, sizeof(le),
                        MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        return SMMU_DPT_FETCH_ABORT;
    }
    *val = le64_to_cpu(le);
    return SMMU_DPT_FETCH_OK;
}

/* SMMU_IDR5.OAS (6.3.6) as bits */
static unsigned oas_bits(uint32_t idr5)
{
    static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };

    return bits[idr5 & 7];
}

static int smmuv3_dpt_check(void *opaque, SMMUv3State *s, uint32_t sid,
                            hwaddr pa, bool write, unsigned dpt_vmatch,
                            uint16_t s2vmid, bool *ns_output, uint64_t *far)
{
    DptFetch f = { .s = s, .sid = sid };
    SmmuDptConfig c = {
        .walk_en = extract32(s->cr0ack, 10, 1),         /* DPT_WALK_EN */
        .base = s->dpt_base,
        .base_cfg = s->dpt_base_cfg,
        .oas_bits = oas_bits(s->idr[5]),
        .gran4k = extract32(s->idr[5], 4, 1),
        .gran16k = extract32(s->idr[5], 5, 1),
        .gran64k = extract32(s->idr[5], 6, 1),
        .vmid16 = extract32(s->idr[0], 18, 1),
        .realm = ARM_SMMU(s)->sec_sid == SMMU_SEC_SID_REALM,
    };
    SmmuDptResult r = smmu_dpt_check(&c, pa, write, dpt_vmatch, s2vmid,
                                     dpt_read, &f);

    switch (r.outcome) {
    case SMMU_DPT_PASS:
        *ns_output = r.ns_output;
        trace_smmu_rme_dpt_pass(ARM_SMMU(s)->sec_sid, sid, pa, write,
                                r.level, r.ns_output);
        return SMMUV3_DPT_PASS;
    case SMMU_DPT_ACCESS_FAULT:
        trace_smmu_rme_dpt_access_fault(ARM_SMMU(s)->sec_sid, sid, pa, write,
                                        r.level);
        return SMMUV3_DPT_ACCESS_FAULT;
    default:
        *far = smmu_dpt_far(&r, pa);
        trace_smmu_rme_dpt_lookup_fault(ARM_SMMU(s)->sec_sid, sid, pa,
                                        smmu_dpt_faultcode_name(r.faultcode),
                                        r.level);
        return SMMUV3_DPT_LOOKUP_FAULT;
    }
}

static SMMUv3DptHook smmuv3_dpt_hook = {
    .check = smmuv3_dpt_check,
};

void smmuv3_rme_enable_dpt(SMMUv3State *s)
{
    smmuv3_set_dpt_hook(s, &smmuv3_dpt_hook);
}
