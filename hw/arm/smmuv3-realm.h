/*
 * qemu-rme: the Realm register pages of an SMMUv3 with RME DA
 *
 * The Realm programming interface (Arm IHI0070 G.b 2.7, 6.2.7-6.2.9) is a
 * second SMMUv3 programming interface, serving the streams whose SEC_SID
 * is Realm.  Its logic is QEMU's SMMUv3, a second instance with sec-sid=2
 * (patches "hw/arm/smmu: Let an SMMU serve the Realm streams of another",
 * "hw/arm/smmuv3: Hand Realm streams to the Realm programming interface");
 * this device is its two register pages as the architecture lays them
 * out: reachable from the Realm and Root PA spaces only, with the Realm
 * page's own ID registers and the fields that differ from the Non-secure
 * page 0 (decided in smmu-realm-regs.c, pure C, which the host fuzz target
 * also runs).  docs/smmu.md.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_ARM_SMMUV3_REALM_H
#define HW_ARM_SMMUV3_REALM_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "hw/arm/smmuv3.h"
#include "smmu-realm-regs.h"

#define TYPE_ARM_SMMUV3_REALM "arm-smmuv3-realm"
OBJECT_DECLARE_SIMPLE_TYPE(SMMUv3RealmState, ARM_SMMUV3_REALM)

/* What the page is, for info rme and the tests */
typedef struct SMMUv3RealmStats {
    uint64_t refused;           /* accesses from outside Realm and Root */
} SMMUv3RealmStats;

struct SMMUv3RealmState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    /* Properties */
    SMMUv3State *smmu;          /* the SMMUv3 instance with sec-sid=2 */

    SMMUv3RealmStats stats;
};

#endif
