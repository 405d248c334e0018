/*
 * qemu-rme: what an access to the Realm register pages of an SMMUv3 with
 * RME DA does.  See smmu-realm-regs.h.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stddef.h>

#include "rme/arch.h"
#include "smmu-realm-regs.h"

/*
 * Realm Page 0 registers that behave as their Non-secure page 0
 * counterparts at the same offset (6.2.8 against 6.2.1), and the Page 1
 * queue pointers (6.2.9).
 */
static const struct {
    uint64_t start, end;        /* [start, end) */
} forwarded[] = {
    { 0x001c, 0x0030 },         /* AIDR, CR0, CR0ACK, CR1, CR2 */
    { 0x0044, 0x0048 },         /* GBPA: read only here (6.3.133) */
    { 0x0050, 0x0058 },         /* IRQ_CTRL, IRQ_CTRLACK */
    { 0x0060, 0x0078 },         /* GERROR, GERRORN, GERROR_IRQ_CFG0-2 */
    { 0x0080, 0x00c0 },         /* STRTAB_*, CMDQ_*, EVENTQ_* */
    { 0x0200, 0x0218 },         /* DPT_BASE, DPT_BASE_CFG, DPT_CFG_FAR */
    { SMMU_R_PAGE1 + SMMU_R_EVENTQ_PROD, SMMU_R_PAGE1 + SMMU_R_EVENTQ_CONS + 4 },
};

static bool is_forwarded(uint64_t offset, unsigned size)
{
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
        if (offset >= forwarded[i].start &&
            offset + size <= forwarded[i].end) {
            return true;
        }
    }
    return false;
}

uint32_t smmu_realm_idr0(const SmmuRealmIds *ids)
{
    /* ATS, MSI, PRI: "the same value as SMMU_IDR0"; ECMDQ not supported */
    return (ids->ns_idr0 & (SMMU_IDR0_ATS | SMMU_IDR0_MSI | SMMU_IDR0_PRI)) |
           /* STALL_MODEL 0b01, "the only permitted value" */
           1u << SMMU_R_IDR0_STALL_MODEL_SHIFT;
}

/* The Realm page's own registers and its RES0 holes among them */
static bool own_read(const SmmuRealmIds *ids, uint64_t offset,
                     unsigned size, uint64_t *data)
{
    if (size == 4) {
        switch (offset) {
        case SMMU_R_IDR0:
            *data = smmu_realm_idr0(ids);
            return true;
        case SMMU_R_IDR1:
            *data = SMMU_R_IDR1_RME_DA_IMPL;        /* 6.3.123 */
            return true;
        case SMMU_R_IDR3:
            *data = ids->idr3;
            return true;
        }
    }
    /*
     * IDR2 and IDR4 are zero (6.3.124/126), 0x14/0x18 RES0 (no IDR5,
     * no R_IIDR), AGBPA is RAZ/WI without an IMPLEMENTATION DEFINED use,
     * S2PII needs SMMU_IDR3.S2PI.
     */
    if (offset + size <= SMMU_R_AIDR ||
        (offset >= SMMU_R_AGBPA && offset + size <= SMMU_R_AGBPA + 4) ||
        (offset >= SMMU_R_S2PII && offset + size <= SMMU_R_S2PII + 8)) {
        *data = 0;
        return true;
    }
    return false;
}

SmmuRealmAction smmu_realm_access(const SmmuRealmIds *ids, uint64_t offset,
                                  unsigned size, unsigned space, bool write,
                                  uint64_t *data)
{
    uint64_t dummy;

    if (!write) {
        *data = 0;
    }
    /* 6.2.7: "only accessible in Realm and Root PA spaces" */
    if (space != RME_SS_REALM && space != RME_SS_ROOT) {
        return SMMU_REALM_NOT_REALM;
    }
    if (offset >= SMMU_R_PAGES_SIZE || (size != 4 && size != 8) ||
        (offset & (size - 1))) {
        return SMMU_REALM_NO_REGISTER;
    }
    if (!write) {
        if (own_read(ids, offset, size, data)) {
            return SMMU_REALM_DONE;
        }
        return is_forwarded(offset, size) ? SMMU_REALM_FORWARD :
                                            SMMU_REALM_NO_REGISTER;
    }
    if (own_read(ids, offset, size, &dummy) ||
        (offset == SMMU_R_GBPA && size == 4)) {
        /* ID registers RO, RES0 holes WI, GBPA RO with ABORT RES1 */
        return SMMU_REALM_DONE;
    }
    if (!is_forwarded(offset, size)) {
        return SMMU_REALM_NO_REGISTER;
    }
    if (offset == SMMU_R_CR0 && size == 4) {
        /*
         * 6.3.128: ATSCHK is RES0 without ATS (RO one with it), PRIQEN
         * needs PRI, DPT_WALK_EN SMMU_R_IDR3.DPT; bits [31:11], 9 and 5
         * are RES0.
         */
        uint32_t mask = SMMU_R_CR0_SMMUEN | SMMU_R_CR0_EVENTQEN |
                        SMMU_R_CR0_CMDQEN | SMMU_R_CR0_VMW;

        if (ids->ns_idr0 & SMMU_IDR0_PRI) {
            mask |= SMMU_R_CR0_PRIQEN;
        }
        if (ids->idr3 & SMMU_R_IDR3_DPT) {
            mask |= SMMU_R_CR0_DPT_WALK_EN;
        }
        *data &= mask;
    }
    if (offset < SMMU_R_CR0 + 4 && offset + size > SMMU_R_CR0 &&
        size == 8) {
        /* a 64-bit write over CR0: not a register of that size */
        return SMMU_REALM_NO_REGISTER;
    }
    return SMMU_REALM_FORWARD;
}

uint64_t smmu_realm_forwarded_read(const SmmuRealmIds *ids, uint64_t offset,
                                   unsigned size, uint64_t data)
{
    if (size == 4 && (offset == SMMU_R_CR0 || offset == SMMU_R_CR0 + 4) &&
        (ids->ns_idr0 & SMMU_IDR0_ATS)) {
        data |= SMMU_R_CR0_ATSCHK;
    }
    return data;
}
