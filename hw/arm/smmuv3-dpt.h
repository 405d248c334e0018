/*
 * qemu-rme: the Device Permission Table of an SMMUv3 with RME DA
 * (Arm IHI0070 G.b 3.24).  See smmuv3-dpt.c and docs/smmu.md.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_ARM_SMMUV3_DPT_H
#define HW_ARM_SMMUV3_DPT_H

#include "hw/arm/smmuv3.h"

/* Give @s (with its "ats" on) a DPT checked by hw/arm/smmu-dpt.c */
void smmuv3_rme_enable_dpt(SMMUv3State *s);

#endif
