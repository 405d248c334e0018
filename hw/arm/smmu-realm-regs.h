/*
 * qemu-rme: what an access to the Realm register pages of an SMMUv3 with
 * RME DA does (Arm IHI0070 G.b 6.2.7-6.2.9, 6.3.122-6.3.169)
 *
 * Pure C, no QEMU headers: hw/arm/smmuv3-realm.c acts on the decision, the
 * host fuzz target (tests/unit/fuzz-smmu-realm.c) checks it.  The
 * registers that behave as their Non-secure page 0/1 counterparts are
 * served by a second SMMUv3 instance (sec-sid=2) at the same offset; the
 * Realm pages' own ID registers and RES0 locations are decided here.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_ARM_SMMU_REALM_REGS_H
#define HW_ARM_SMMU_REALM_REGS_H

#include <stdbool.h>
#include <stdint.h>

#define SMMU_R_PAGES_SIZE       0x20000     /* Realm Page 0 and Page 1 */
#define SMMU_R_PAGE1            0x10000

#define SMMU_R_IDR0             0x0000
#define SMMU_R_IDR1             0x0004
#define SMMU_R_IDR2             0x0008
#define SMMU_R_IDR3             0x000c
#define SMMU_R_IDR4             0x0010
#define SMMU_R_AIDR             0x001c
#define SMMU_R_CR0              0x0020
#define SMMU_R_S2PII            0x0030
#define SMMU_R_GBPA             0x0044
#define SMMU_R_AGBPA            0x0048
#define SMMU_R_EVENTQ_PROD      0x00a8      /* in Page 1 */
#define SMMU_R_EVENTQ_CONS      0x00ac

/* SMMU_IDR0 fields SMMU_R_IDR0 repeats */
#define SMMU_IDR0_ATS           (1u << 10)
#define SMMU_IDR0_MSI           (1u << 13)
#define SMMU_IDR0_PRI           (1u << 16)
#define SMMU_R_IDR0_STALL_MODEL_SHIFT 24
#define SMMU_R_IDR1_RME_DA_IMPL (1u << 31)
#define SMMU_R_IDR3_DPT         (1u << 15)
#define SMMU_R_IDR3_MEC         (1u << 16)
#define SMMU_R_IDR3_XT          (1u << 17)
#define SMMU_R_CR0_SMMUEN       (1u << 0)
#define SMMU_R_CR0_PRIQEN       (1u << 1)
#define SMMU_R_CR0_EVENTQEN     (1u << 2)
#define SMMU_R_CR0_CMDQEN       (1u << 3)
#define SMMU_R_CR0_ATSCHK       (1u << 4)
#define SMMU_R_CR0_VMW          (7u << 6)
#define SMMU_R_CR0_DPT_WALK_EN  (1u << 10)
#define SMMU_R_GBPA_ABORT       (1u << 20)

typedef enum SmmuRealmAction {
    SMMU_REALM_NOT_REALM,   /* neither Realm nor Root: RAZ/WI (6.2.7) */
    SMMU_REALM_DONE,        /* the Realm page's own: read *data, or WI */
    SMMU_REALM_FORWARD,     /* the Realm SMMUv3 at the same offset, *data */
    SMMU_REALM_NO_REGISTER, /* nothing there: RAZ/WI */
} SmmuRealmAction;

/* What the Realm pages report, from the SMMU they belong to */
typedef struct SmmuRealmIds {
    uint32_t ns_idr0;       /* SMMU_IDR0 */
    uint32_t idr3;          /* SMMU_R_IDR3 */
} SmmuRealmIds;

/* SMMU_R_IDR0 (6.3.122) */
uint32_t smmu_realm_idr0(const SmmuRealmIds *ids);

/*
 * An access of @size bytes (4 or 8) at @offset in the pages from PA space
 * @space (RME_SS_*): what to do.  For a read that is DONE or
 * NOT_REALM/NO_REGISTER, *data is the value; for a write that is
 * FORWARD, *data is what to write (RES0 and RO bits cleared).
 */
SmmuRealmAction smmu_realm_access(const SmmuRealmIds *ids, uint64_t offset,
                                  unsigned size, unsigned space, bool write,
                                  uint64_t *data);

/*
 * The value a forwarded read of @offset returns, from the Realm instance's
 * @data: R_CR0 and R_CR0ACK read ATSCHK as one with ATS (6.3.128/129:
 * the Realm interface is always in ATS safe mode).
 */
uint64_t smmu_realm_forwarded_read(const SmmuRealmIds *ids, uint64_t offset,
                                   unsigned size, uint64_t data);

#endif
