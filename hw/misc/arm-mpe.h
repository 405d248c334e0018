/*
 * qemu-rme: a memory protection engine for FEAT_MEC
 *
 * Sits between the PEs and RAM: every access that reaches RAM through a
 * memory encryption context (the PA space and, in the Realm PA space, the
 * MECID, DDI0487 D8.12) sees the data as that context would after the
 * engine decrypted it, so data written under one MECID reads back as
 * pseudo-random bytes under another (RME system architecture DEN0129,
 * the memory protection engine).  hw/misc/mpe-core.c is the model;
 * this device holds the per-page state, converts pages when the
 * context that uses them changes, and gives EL3 a Root-only register
 * frame (docs/mec.md).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MISC_ARM_MPE_H
#define HW_MISC_ARM_MPE_H

#include "hw/sysbus.h"
#include "qemu/thread.h"
#include "qom/object.h"
#include "hw/misc/mpe-core.h"
#include "hw/misc/mpe-regs.h"

#define TYPE_ARM_MPE "arm-mpe"
OBJECT_DECLARE_SIMPLE_TYPE(ArmMpeState, ARM_MPE)

struct ArmMpeState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    /* The RAM the engine protects, and its physical address */
    MemoryRegion *ram;
    uint64_t ram_base;

    /* Properties: the reset configuration (docs/mec.md, FVP bp.mpe.*) */
    bool prop_enable;
    uint32_t block_size;
    uint32_t mecid_width;
    char *strategy;
    bool ignore_mecid;
    uint64_t seed;

    /* Guards core and tags: TLB fills of every vCPU consult them. */
    QemuMutex lock;
    MpeCore *core;
    /* per page of RAM: its context, MPE_FILLED (arm-mpe.c) */
    MpeTag *tags;
    uint64_t npages;
    uint64_t ntagged;           /* qatomic: pages holding encrypted data */
    bool engine_on;             /* qatomic: core->enabled */
    MpeRegs regs;               /* the register frame, over core */
};

/*
 * The engine's check of a TLB fill: the page at @paddr is about to be
 * accessed in PA space @space with MECID @mecid.  If the page holds the
 * data of another context it is converted, and every CPU's TLB entries
 * and translated code for it are dropped.
 */
void arm_mpe_fill(ArmMpeState *s, CPUState *cs, hwaddr paddr,
                  unsigned space, unsigned mecid);

/* For info rme / query-rme. */
void arm_mpe_get_stats(ArmMpeState *s, MpeStats *stats, uint64_t *tagged,
                       bool *enabled);

#endif /* HW_MISC_ARM_MPE_H */
