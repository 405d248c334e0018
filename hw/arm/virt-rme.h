/*
 * qemu-rme: -M virt,rme=on
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_ARM_VIRT_RME_H
#define HW_ARM_VIRT_RME_H

#include "hw/arm/virt.h"

/* Default and limits of the Secure RAM window at VIRT_SECURE_MEM. */
#define VIRT_RME_SECURE_RAM_DEFAULT   (16 * MiB)
#define VIRT_RME_SECURE_RAM_MIN       (1 * MiB)
/* The window may grow up to the PCIe MMIO window at 0x10000000. */
#define VIRT_RME_SECURE_RAM_MAX       (32 * MiB)
#define VIRT_RME_SECURE_RAM_ALIGN     (64 * KiB)
/* What TF-A PLAT=qemu ENABLE_RME=1 assumes: BL33 at RAM base + 512 MiB. */
#define VIRT_RME_MIN_RAM              (1 * GiB)
/*
 * The memory protection engine's Root-only register frame, in the Secure
 * (and Root) address space only, in the gap after VIRT_ACPI_PCIHP.
 */
#define VIRT_RME_MPE_BASE             0x090d0000
/* mec=on is the default with rme=on (docs/mec.md: the cost it has). */
#define VIRT_RME_MEC_DEFAULT          true
/*
 * The SMMUv3's Root control page (docs/smmu.md), in the system address
 * space so that every PA space reaches it (those other than Root read
 * zero).  FVP puts it 0x20000 after the SMMU's page 0, which on virt is
 * VIRT_PCDIMM_ACPI; the next free 64 KiB after the engine's frame instead.
 */
#define VIRT_RME_SMMU_ROOT_BASE       0x090e0000
/*
 * The SMMUv3's two Realm register pages (docs/smmu.md): page 0 + 0x20000 +
 * BA_REALM * 0x10000 with BA_REALM even (IHI0070 G.b 6.3.110), the first
 * such place free on virt (BA_REALM = 8).  virt's SMMU page 0 is only
 * 64 KiB aligned, so no such place is 128 KiB aligned (6.2.7).
 */
#define VIRT_RME_SMMU_REALM_BASE      0x090f0000

/* virt_machine_class_init: add "rme" and "secure-ram-size". */
void virt_rme_class_init(ObjectClass *oc);
/* virt_instance_init: defaults. */
void virt_rme_instance_init(VirtMachineState *vms);
/* virt_get_default_cpu_type: "max" when rme=on, else NULL. */
const char *virt_rme_default_cpu_type(const MachineState *ms);
/*
 * machvirt_init, once the memory map is set and before anything uses
 * secure/virtualization/gic-version: apply what rme=on implies, reject
 * what conflicts with it (exits with a message).
 */
void virt_rme_machine_init(VirtMachineState *vms);
/* machvirt_init, for each CPU before it is realized. */
void virt_rme_cpu_init(VirtMachineState *vms, Object *cpuobj);
/*
 * machvirt_init, once the CPUs are realized and RAM and the Secure RAM
 * exist: the memory protection engine with mec=on.
 */
void virt_rme_create_devices(VirtMachineState *vms, MemoryRegion *sysmem,
                             MemoryRegion *secure_sysmem);
/*
 * create_smmu, once the SMMUv3 @smmu is realized (and before the machine
 * is reset): with rme=on and smmu=on, its Root control page.
 */
void virt_rme_smmu_init(const VirtMachineState *vms, DeviceState *smmu);

#endif
