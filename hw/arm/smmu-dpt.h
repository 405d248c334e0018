/*
 * qemu-rme: the Device Permission Table check of an SMMUv3
 * (Arm IHI0070 G.b 3.24)
 *
 * Pure C, no QEMU headers: the SMMU (hw/arm/smmuv3-dpt.c) calls it for
 * each ATS-translated transaction of a stream with STE.EATS = 0b11; the
 * host tests and the fuzz target run it on tables in host memory.  The
 * SMMU caches no DPT information, so CMD_DPTI_* have nothing to drop.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_ARM_SMMU_DPT_H
#define HW_ARM_SMMU_DPT_H

#include <stdbool.h>
#include <stdint.h>

/* SMMU_(R_)DPT_BASE_CFG (6.3.159) */
#define SMMU_DPT_CFG_DPTPS_MASK     0x7u
#define SMMU_DPT_CFG_DPTGS_SHIFT    14
#define SMMU_DPT_CFG_L0DPTSZ_SHIFT  20
#define SMMU_DPT_CFG_MASK           0x00f0c007u
#define SMMU_DPT_BASE_MASK          0x00fffffffffff000ull   /* BADDR */
#define SMMU_DPT_BASE_RA            (1ull << 62)

/* SMMU_(R_)DPT_CFG_FAR (6.3.160) */
#define SMMU_DPT_FAR_FAULT          1ull
#define SMMU_DPT_FAR_LEVEL_SHIFT    1
#define SMMU_DPT_FAR_FAULTCODE_SHIFT 4
#define SMMU_DPT_FAR_FADDR_MASK     0x00fffffffffff000ull

/* DPT_FAULTCODE of a DPT lookup fault (3.24.4) */
typedef enum SmmuDptFaultCode {
    SMMU_DPT_DISABLED = 0,
    SMMU_DPT_WALK_FAULT = 1,
    SMMU_DPT_GPC_FAULT = 2,
    SMMU_DPT_EABT = 3,
} SmmuDptFaultCode;

typedef enum SmmuDptFetch {
    SMMU_DPT_FETCH_OK,
    SMMU_DPT_FETCH_GPF,         /* the fetch failed its granule protection check */
    SMMU_DPT_FETCH_ABORT,       /* External abort */
} SmmuDptFetch;

/* Read the 8-byte little-endian descriptor at @pa */
typedef SmmuDptFetch SmmuDptReadFn(void *opaque, uint64_t pa, uint64_t *val);

typedef struct SmmuDptConfig {
    bool walk_en;               /* SMMU_(R_)CR0ACK.DPT_WALK_EN */
    uint64_t base;              /* SMMU_(R_)DPT_BASE */
    uint32_t base_cfg;          /* SMMU_(R_)DPT_BASE_CFG */
    unsigned oas_bits;          /* SMMU_IDR5.OAS */
    bool gran4k, gran16k, gran64k;  /* SMMU_IDR5.GRAN* */
    bool vmid16;                /* SMMU_IDR0.VMID16 */
    bool realm;                 /* the Realm DPT: AC selects the output PAS */
} SmmuDptConfig;

typedef enum SmmuDptOutcome {
    SMMU_DPT_PASS,
    SMMU_DPT_ACCESS_FAULT,      /* Device Access fault (3.24.1) */
    SMMU_DPT_LOOKUP_FAULT,      /* DPT lookup fault (3.24.4) */
} SmmuDptOutcome;

typedef struct SmmuDptResult {
    SmmuDptOutcome outcome;
    SmmuDptFaultCode faultcode; /* SMMU_DPT_LOOKUP_FAULT */
    unsigned level;             /* of the lookup fault, or of the entry */
    uint64_t fetch_pa;          /* SMMU_DPT_FETCH_* failures: the descriptor */
    bool ns_output;             /* PASS: output PA space Non-secure */
    unsigned span_bits;         /* PASS: log2 of the region the entry covers */
} SmmuDptResult;

/*
 * The DPT check of an ATS-translated access to @pa (3.24.1): @write,
 * with the stream's STE.DPT_VMATCH and STE.S2VMID.
 */
SmmuDptResult smmu_dpt_check(const SmmuDptConfig *c, uint64_t pa, bool write,
                             unsigned dpt_vmatch, uint16_t s2vmid,
                             SmmuDptReadFn *read, void *opaque);

/* SMMU_(R_)DPT_CFG_FAR value recording lookup fault @r at @pa */
uint64_t smmu_dpt_far(const SmmuDptResult *r, uint64_t pa);

const char *smmu_dpt_faultcode_name(SmmuDptFaultCode fc);

#endif
