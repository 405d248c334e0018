/*
 * qemu-rme: the SMMUv3 Root control page and the SMMU's granule protection
 * check (docs/smmu.md)
 *
 * Arm IHI0070 G.b section 3.25 "Granule Protection Checks" and the
 * SMMU_ROOT_* register descriptions (6.3.110 to 6.3.119), as pure C11
 * over the reference GPT walker (target-arm-rme/gpt.h), so that the host
 * tests and the register fuzz target (tests/unit/fuzz-smmu-root.c) run the
 * code QEMU runs.  hw/arm/smmuv3-rme.c puts it on the bus and in front of
 * the SMMU's accesses.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_ARM_SMMU_ROOT_REGS_H
#define HW_ARM_SMMU_ROOT_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "gpt.h"

#define SMMU_ROOT_PAGE_SIZE         0x10000

/* Register offsets in the Root control page (IHI0070 G.b 6.3.110-119) */
#define SMMU_ROOT_IDR0              0x0000  /* 32-bit, RO */
#define SMMU_ROOT_IIDR              0x0008  /* 32-bit, RO */
#define SMMU_ROOT_CR0               0x0020  /* 32-bit, RW */
#define SMMU_ROOT_CR0ACK            0x0024  /* 32-bit, RO */
#define SMMU_ROOT_GPT_BASE          0x0028  /* 64-bit */
#define SMMU_ROOT_GPT_BASE_CFG      0x0030  /* 64-bit */
#define SMMU_ROOT_GPF_FAR           0x0038  /* 64-bit */
#define SMMU_ROOT_GPT_CFG_FAR       0x0040  /* 64-bit */
#define SMMU_ROOT_TLBI              0x0050  /* 64-bit, with IDR0.RGPTM */
#define SMMU_ROOT_TLBI_CTRL         0x0058  /* 32-bit, with IDR0.RGPTM */

/* SMMU_ROOT_IDR0 */
#define SMMU_ROOT_IDR0_ROOT_IMPL    (1u << 0)
#define SMMU_ROOT_IDR0_BGPTM        (1u << 1)
#define SMMU_ROOT_IDR0_RGPTM        (1u << 2)
#define SMMU_ROOT_IDR0_REALM_IMPL   (1u << 3)
/* Realm Page 0 at page 0 + 0x20000 + BA_REALM * 0x10000 */
#define SMMU_ROOT_IDR0_BA_REALM_SHIFT 22
#define SMMU_ROOT_IDR0_BA_REALM_MASK (0x3ffu << SMMU_ROOT_IDR0_BA_REALM_SHIFT)
/* FVP's published configuration: SMMU_ROOT_IDR0=3, SMMU_ROOT_IIDR=0x43B */
#define SMMU_ROOT_IDR0_FVP          0x3u
#define SMMU_ROOT_IIDR_FVP          0x43bu

/* SMMU_ROOT_CR0 and SMMU_ROOT_CR0ACK */
#define SMMU_ROOT_CR0_ACCESSEN      (1u << 0)
#define SMMU_ROOT_CR0_GPCEN         (1u << 1)
#define SMMU_ROOT_CR0_MASK          (SMMU_ROOT_CR0_ACCESSEN | \
                                     SMMU_ROOT_CR0_GPCEN)

/* SMMU_ROOT_GPT_BASE.ADDR, bits [51:12] */
#define SMMU_ROOT_GPT_BASE_MASK     0x000ffffffffff000ull
/*
 * SMMU_ROOT_GPT_BASE_CFG: GPCCR_EL3's PPS [2:0], IRGN [9:8], ORGN [11:10],
 * SH [13:12], PGS [15:14], GPCP [17] and L0GPTSZ [23:20] (RO); no GPC bit
 * (SMMU_ROOT_CR0.GPCEN instead), everything else RES0.  GPCP is treated
 * as RES0 with an Effective value of 0, which 6.3.115 permits, so the
 * writable fields are these:
 */
#define SMMU_ROOT_GPT_BASE_CFG_MASK 0x0000ff07ull
#define SMMU_ROOT_GPT_BASE_CFG_L0GPTSZ_SHIFT 20

/* SMMU_ROOT_GPF_FAR and SMMU_ROOT_GPT_CFG_FAR */
#define SMMU_ROOT_FAR_FAULT         (1ull << 0)
#define SMMU_ROOT_FAR_REASON_SHIFT  1       /* [3:1] */
#define SMMU_ROOT_FAR_FAULTCODE_SHIFT 4     /* [11:4] */
#define SMMU_ROOT_FAR_FADDR_MASK    0x00fffffffffff000ull  /* [55:12] */
#define SMMU_ROOT_FAR_CFG_ERR_SHIFT 56      /* [59:56], GPT_CFG_FAR only */
#define SMMU_ROOT_FAR_FPAS_SHIFT    62      /* [63:62] */

/* FAR.REASON: who made the access */
#define SMMU_ROOT_REASON_TRANSLATION 1  /* SMMU access for a translation */
#define SMMU_ROOT_REASON_GERROR      2  /* other SMMU access */
#define SMMU_ROOT_REASON_TRANSACTION 3  /* a client transaction's output */

/* FAR.FAULTCODE with REASON == TRANSLATION */
#define SMMU_ROOT_FC_GPF_STE_FETCH  0x03
#define SMMU_ROOT_FC_GPF_CD_FETCH   0x09
#define SMMU_ROOT_FC_GPF_WALK_EABT  0x0b
#define SMMU_ROOT_FC_GPF_VMS_FETCH  0x25
/* FAR.FAULTCODE with REASON == GERROR */
#define SMMU_ROOT_FC_CMDQ_GPF       0x00
#define SMMU_ROOT_FC_EVENTQ_GPF     0x02
#define SMMU_ROOT_FC_PRIQ_GPF       0x03
#define SMMU_ROOT_FC_OTHER_GPF      0x10

/* SMMU_ROOT_GPT_CFG_FAR.CFG_ERR */
#define SMMU_ROOT_CFG_ERR_REGS      0x0 /* invalid GPT configuration regs */
#define SMMU_ROOT_CFG_ERR_BASE      0x1 /* GPT_BASE.ADDR beyond PPS */
#define SMMU_ROOT_CFG_ERR_EABT      0x2 /* External abort on a GPT fetch */
#define SMMU_ROOT_CFG_ERR_ENTRY     0x3 /* invalid GPT entry */
#define SMMU_ROOT_CFG_ERR_NEXT      0x4 /* table address beyond PPS */

/* SMMU_ROOT_TLBI_CTRL.RUN */
#define SMMU_ROOT_TLBI_CTRL_RUN     (1u << 0)
#define SMMU_ROOT_TLBI_MASK         0x000ffffffffff0f3ull

/* The accesses the SMMU checks, which decide REASON and FAULTCODE */
typedef enum SmmuGpcAccess {
    SMMU_GPC_CLIENT,        /* a client transaction's output address */
    SMMU_GPC_STE,           /* Stream table (STE or L1STD) fetch */
    SMMU_GPC_CD,            /* Context descriptor fetch */
    SMMU_GPC_WALK,          /* translation table walk */
    SMMU_GPC_VMS,           /* VMS fetch */
    SMMU_GPC_CMDQ,          /* Command queue read */
    SMMU_GPC_EVENTQ,        /* Event queue write */
    SMMU_GPC_PRIQ,          /* PRI queue write */
    SMMU_GPC_OTHER,         /* any other SMMU-originated access */
    SMMU_GPC_NKINDS
} SmmuGpcAccess;

typedef struct SmmuRootStats {
    uint64_t checks;        /* accesses checked with GPCEN set */
    uint64_t gpfs;          /* GPFs (and accesses refused by ACCESSEN) */
    uint64_t cfg_errors;    /* GPT lookup errors */
    uint64_t tlbis;         /* register TLBI by PA operations */
} SmmuRootStats;

typedef struct SmmuRootRegs {
    /* What the implementation is (set before smmu_root_reset()) */
    uint32_t idr0;
    uint32_t iidr;
    unsigned oas_bits;      /* SMMU_IDR5.OAS, in bits */
    unsigned l0gptsz_bits;  /* GPT_BASE_CFG.L0GPTSZ (RO): 30/34/36/39 */
    unsigned pgs_reserved;  /* GPT_PGS_RESERVED_*: granules not in IDR5 */
    bool feat_sel2;         /* GPI 0b1000 (Secure) is valid */
    /*
     * Non-architectural: come out of reset with ACCESSEN = 1, as if Root
     * firmware had opened the SMMU to accesses without GPC (docs/smmu.md:
     * for firmware that does not program the Root page).
     */
    bool accessen_at_reset;

    /* State */
    uint32_t cr0, cr0ack;
    uint64_t gpt_base, gpt_base_cfg;
    uint64_t gpf_far, gpt_cfg_far;
    uint64_t tlbi;
    uint32_t tlbi_ctrl;
    SmmuRootStats stats;
} SmmuRootRegs;

typedef enum SmmuRootRegResult {
    SMMU_ROOT_REG_OK,
    SMMU_ROOT_REG_NOT_ROOT,     /* RAZ/WI: not a Root access */
    SMMU_ROOT_REG_BAD_OFFSET,   /* no register there: RAZ/WI */
    SMMU_ROOT_REG_READ_ONLY,    /* ignored: RO register, or RO now */
    SMMU_ROOT_REG_INVALIDATE,   /* a TLBI by PA ran: drop cached GPT info */
} SmmuRootRegResult;

/* Put the registers in their reset state (keeps the implementation). */
void smmu_root_reset(SmmuRootRegs *r);

/*
 * An access of @size bytes (4 or 8) at @offset of the Root control page
 * from PA space @pas (RME_SS_*).  64-bit registers take 64-bit accesses
 * and 32-bit accesses to either half; 32-bit registers 32-bit accesses.
 * Every other access, and every access from a PA space other than Root,
 * reads as zero and ignores writes (IHI0070 G.b 6.3.110-119: "When an
 * access is not Root, accesses to this register are RAZ/WI").
 */
SmmuRootRegResult smmu_root_read(SmmuRootRegs *r, uint64_t offset,
                                 unsigned size, unsigned pas,
                                 uint64_t *value);
SmmuRootRegResult smmu_root_write(SmmuRootRegs *r, uint64_t offset,
                                  unsigned size, unsigned pas,
                                  uint64_t value);

/* What a granule protection check of one SMMU access decided. */
typedef struct SmmuGpcOutcome {
    bool pass;
    bool recorded;          /* it became the active fault of a FAR */
    bool cfg_error;         /* a GPT lookup error (GPT_CFG_FAR), else GPF */
    bool access_disabled;   /* refused because ACCESSEN is 0 */
    bool checked;           /* GPCEN was set: the GPT decided */
    gpt_result res;         /* the walk, when checked */
} SmmuGpcOutcome;

/*
 * The granule protection check of an access of kind @kind to @pa in PA
 * space @pas by a requester in Security state @ss (IHI0070 G.b 3.25): the
 * SMMU_ROOT_CR0ACK.ACCESSEN gate, then with GPCEN the GPT that
 * SMMU_ROOT_GPT_BASE and SMMU_ROOT_GPT_BASE_CFG describe, read through
 * @read (the Root PA space).  A failure is recorded in SMMU_ROOT_GPF_FAR
 * or SMMU_ROOT_GPT_CFG_FAR unless that register holds an active fault
 * (3.25.5).
 */
SmmuGpcOutcome smmu_root_gpc(SmmuRootRegs *r, uint64_t pa, unsigned pas,
                             unsigned ss, SmmuGpcAccess kind,
                             gpt_read64_fn read, void *opaque);

/* Names for tracing and info rme; never NULL. */
const char *smmu_gpc_access_name(SmmuGpcAccess kind);
const char *smmu_root_reason_name(unsigned reason);
const char *smmu_root_cfg_err_name(unsigned cfg_err);

#endif
