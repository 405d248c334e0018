/*
 * qemu-rme: the Root control page of an SMMUv3 with RME
 *
 * Makes an SMMUv3 an SMMU with RME (Arm IHI0070 G.b 3.25): the
 * SMMU_ROOT_* registers, reachable from the Root PA space only, and the
 * granule protection check of every client transaction's output address
 * and of every access the SMMU makes for itself, done by the reference
 * GPT walker (target-arm-rme/gpt.c, through hw/arm/smmu-root-regs.c)
 * against the GPT that SMMU_ROOT_GPT_BASE points at.  docs/smmu.md.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_ARM_SMMUV3_RME_H
#define HW_ARM_SMMUV3_RME_H

#include "hw/sysbus.h"
#include "qemu/thread.h"
#include "qom/object.h"
#include "hw/arm/smmu-common.h"
#include "smmu-root-regs.h"

#define TYPE_ARM_SMMUV3_ROOT "arm-smmuv3-root"
OBJECT_DECLARE_SIMPLE_TYPE(SMMUv3RootState, ARM_SMMUV3_ROOT)

/* The two edge-triggered interrupts of 3.25.5 */
enum {
    SMMU_ROOT_IRQ_GPF_FAR,
    SMMU_ROOT_IRQ_GPT_CFG_FAR,
    SMMU_ROOT_NUM_IRQS,
};

struct SMMUv3RootState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq[SMMU_ROOT_NUM_IRQS];

    /* Properties */
    SMMUState *smmu;            /* the SMMU it controls */
    SMMUState *realm_smmu;      /* its Realm programming interface, or NULL */
    MemoryRegion *gpt_memory;   /* where GPT fetches go: the Root PA space */
    uint32_t idr0;
    uint32_t iidr;
    uint8_t l0gptsz;
    uint8_t oas;
    bool accessen_reset;

    AddressSpace gpt_as;
    QemuMutex lock;             /* regs: vCPUs and DMA both use them */
    SmmuRootRegs regs;
};

#endif
