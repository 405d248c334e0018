/*
 * qemu-rme: -M virt,rme=on
 *
 * One switch that gives the virt board what RME firmware (TF-A
 * PLAT=qemu ENABLE_RME=1 with an RMM at R-EL2) needs: EL3 and EL2 on
 * every CPU, GICv3, FEAT_RME on every CPU, and a Secure RAM window for
 * the monitor and the GPT.  Options that contradict RME are rejected
 * instead of being dropped, and so is a CPU with x-rme=on on a board
 * without EL3 (upstream quietly clears ID_AA64PFR0_EL1.RME there).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qapi-commands-misc-arm.h"
#include "monitor/monitor.h"
#include "monitor/hmp-target.h"
#include "monitor/hmp.h"
#include "qobject/qdict.h"
#include "hw/core/cpu.h"
#include "hw/boards.h"
#include "system/tcg.h"
#include "system/qtest.h"
#include "target/arm/cpu.h"
#include "target/arm/cpu-qom.h"
#include "target/arm/internals.h"
#include "rme/arch.h"
#include "target/arm/rme/gpt-map.h"
#include "hw/misc/arm-mpe.h"
#include "hw/arm/smmuv3-rme.h"
#include "hw/arm/smmuv3-realm.h"
#include "hw/arm/smmuv3-dpt.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties.h"
#include "virt-rme.h"

/*
 * qemu-rme's one numbering of Security states and PA spaces
 * (include/rme/arch.h, used by the walker, the plugins and the tests) is
 * QEMU's ARMSecuritySpace; the tools rely on it.
 */
QEMU_BUILD_BUG_ON(ARMSS_Secure != RME_SS_SECURE);
QEMU_BUILD_BUG_ON(ARMSS_NonSecure != RME_SS_NONSECURE);
QEMU_BUILD_BUG_ON(ARMSS_Root != RME_SS_ROOT);
QEMU_BUILD_BUG_ON(ARMSS_Realm != RME_SS_REALM);
QEMU_BUILD_BUG_ON(SCR_NS != RME_SCR_NS);
QEMU_BUILD_BUG_ON(SCR_NSE != RME_SCR_NSE);
QEMU_BUILD_BUG_ON(SCR_GPF != RME_SCR_GPF);
QEMU_BUILD_BUG_ON(EC_GPC != RME_EC_GPC);

static bool virt_rme_get(Object *obj, Error **errp)
{
    return VIRT_MACHINE(obj)->rme;
}

static void virt_rme_set(Object *obj, bool value, Error **errp)
{
    VIRT_MACHINE(obj)->rme = value;
}

static void virt_rme_get_secure_ram_size(Object *obj, Visitor *v,
                                         const char *name, void *opaque,
                                         Error **errp)
{
    uint64_t value = VIRT_MACHINE(obj)->secure_ram_size;

    visit_type_size(v, name, &value, errp);
}

static void virt_rme_set_secure_ram_size(Object *obj, Visitor *v,
                                         const char *name, void *opaque,
                                         Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);
    uint64_t value;

    if (!visit_type_size(v, name, &value, errp)) {
        return;
    }
    if (value < VIRT_RME_SECURE_RAM_MIN || value > VIRT_RME_SECURE_RAM_MAX ||
        !QEMU_IS_ALIGNED(value, VIRT_RME_SECURE_RAM_ALIGN)) {
        error_setg(errp, "secure-ram-size must be a multiple of 64K "
                   "between 1M and 32M (got 0x%" PRIx64 ")", value);
        return;
    }
    vms->secure_ram_size = value;
    vms->secure_ram_size_set = true;
}

/* ---- mec=on: FEAT_MEC and the memory protection engine ---------------- */

static bool virt_rme_get_mec(Object *obj, Error **errp)
{
    return VIRT_MACHINE(obj)->mec;
}

static void virt_rme_set_mec(Object *obj, bool value, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    vms->mec = value;
    vms->mec_set = true;
}

static void virt_rme_get_mec_block_size(Object *obj, Visitor *v,
                                        const char *name, void *opaque,
                                        Error **errp)
{
    uint64_t value = VIRT_MACHINE(obj)->mec_block_size;

    visit_type_size(v, name, &value, errp);
}

static void virt_rme_set_mec_block_size(Object *obj, Visitor *v,
                                        const char *name, void *opaque,
                                        Error **errp)
{
    uint64_t value;

    if (!visit_type_size(v, name, &value, errp)) {
        return;
    }
    if (!mpe_block_size_valid(value)) {
        error_setg(errp, "mec-block-size must be a power of 2 from %u to "
                   "%u (got %" PRIu64 ")", 1u << MPE_MIN_BLOCK_BITS,
                   MPE_PAGE_SIZE, value);
        return;
    }
    VIRT_MACHINE(obj)->mec_block_size = value;
}

static char *virt_rme_get_mec_strategy(Object *obj, Error **errp)
{
    return g_strdup(VIRT_MACHINE(obj)->mec_strategy);
}

static void virt_rme_set_mec_strategy(Object *obj, const char *value,
                                      Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    if (mpe_strategy_from_name(value) < 0) {
        error_setg(errp, "mec-strategy must be 'scramble' or 'xor' "
                   "(got '%s')", value);
        return;
    }
    g_free(vms->mec_strategy);
    vms->mec_strategy = g_strdup(value);
}

static void virt_rme_get_mec_mecid_width(Object *obj, Visitor *v,
                                         const char *name, void *opaque,
                                         Error **errp)
{
    uint8_t value = VIRT_MACHINE(obj)->mec_mecid_width;

    visit_type_uint8(v, name, &value, errp);
}

static void virt_rme_set_mec_mecid_width(Object *obj, Visitor *v,
                                         const char *name, void *opaque,
                                         Error **errp)
{
    uint8_t value;

    if (!visit_type_uint8(v, name, &value, errp)) {
        return;
    }
    if (value < 1 || value > MPE_MAX_MECID_BITS) {
        error_setg(errp, "mec-mecid-width must be 1..%u (got %u)",
                   MPE_MAX_MECID_BITS, value);
        return;
    }
    VIRT_MACHINE(obj)->mec_mecid_width = value;
}

static bool virt_rme_get_mec_ignore_mecid(Object *obj, Error **errp)
{
    return VIRT_MACHINE(obj)->mec_ignore_mecid;
}

static void virt_rme_set_mec_ignore_mecid(Object *obj, bool value,
                                          Error **errp)
{
    VIRT_MACHINE(obj)->mec_ignore_mecid = value;
}

static bool virt_rme_get_smmu(Object *obj, Error **errp)
{
    return VIRT_MACHINE(obj)->smmu_rme;
}

static void virt_rme_set_smmu(Object *obj, bool value, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    vms->smmu_rme = value;
    vms->smmu_rme_set = true;
}

static bool virt_rme_get_smmu_realm(Object *obj, Error **errp)
{
    return VIRT_MACHINE(obj)->smmu_realm;
}

static void virt_rme_set_smmu_realm(Object *obj, bool value, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    vms->smmu_realm = value;
    vms->smmu_realm_set = true;
}

static bool virt_rme_get_smmu_ats(Object *obj, Error **errp)
{
    return VIRT_MACHINE(obj)->smmu_ats;
}

static void virt_rme_set_smmu_ats(Object *obj, bool value, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    vms->smmu_ats = value;
    vms->smmu_ats_set = true;
}

static char *virt_rme_get_smmu_root(Object *obj, Error **errp)
{
    return g_strdup(VIRT_MACHINE(obj)->smmu_root_open ? "open" : "firmware");
}

static void virt_rme_set_smmu_root(Object *obj, const char *value,
                                   Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    if (!strcmp(value, "open")) {
        vms->smmu_root_open = true;
    } else if (!strcmp(value, "firmware")) {
        vms->smmu_root_open = false;
    } else {
        error_setg(errp, "smmu-root must be 'open' or 'firmware' (got '%s')",
                   value);
    }
}

static void virt_rme_smmu_class_init(ObjectClass *oc)
{
    object_class_property_add_bool(oc, "smmu", virt_rme_get_smmu,
                                   virt_rme_set_smmu);
    object_class_property_set_description(oc, "smmu",
        "Set on/off to put an SMMUv3 with RME in front of PCIe: a Root "
        "control page and granule protection checks of DMA (needs "
        "rme=on; default: on with rme=on; implies iommu=smmuv3)");
    object_class_property_add_str(oc, "smmu-root", virt_rme_get_smmu_root,
                                  virt_rme_set_smmu_root);
    object_class_property_set_description(oc, "smmu-root",
        "'firmware': SMMU_ROOT_CR0 resets to 0 as architected, so no DMA "
        "passes until Root firmware sets ACCESSEN; 'open' (default): it "
        "comes out of reset with ACCESSEN set and GPCEN clear, for "
        "firmware that does not program the Root page (TF-A PLAT=qemu)");
    object_class_property_add_bool(oc, "smmu-ats", virt_rme_get_smmu_ats,
                                   virt_rme_set_smmu_ats);
    object_class_property_set_description(oc, "smmu-ats",
        "Set on/off to give the SMMUv3 PCIe ATS and a Device Permission "
        "Table for ATS-translated DMA, in its Non-secure and Realm "
        "interfaces (default: on with smmu=on; off gives FVP's published "
        "SMMU_IDR0.ATS = 0)");
    object_class_property_add_bool(oc, "smmu-realm", virt_rme_get_smmu_realm,
                                   virt_rme_set_smmu_realm);
    object_class_property_set_description(oc, "smmu-realm",
        "Set on/off to give the SMMUv3 the Realm programming interface of "
        "RME DA: Realm register pages at 0x090f0000, a Realm Stream table "
        "and queues for Realm streams (default: on with smmu=on)");
}

void virt_rme_class_init(ObjectClass *oc)
{
    object_class_property_add_bool(oc, "rme", virt_rme_get, virt_rme_set);
    object_class_property_set_description(oc, "rme",
        "Set on/off to enable/disable the Arm Realm Management Extension "
        "(FEAT_RME) for firmware with an EL3 monitor and an RMM. "
        "Implies secure=on, virtualization=on, gic-version=3 and FEAT_RME "
        "on every CPU (default CPU: max); conflicting options are errors");

    object_class_property_add(oc, "secure-ram-size", "size",
                              virt_rme_get_secure_ram_size,
                              virt_rme_set_secure_ram_size, NULL, NULL);
    object_class_property_set_description(oc, "secure-ram-size",
        "Size of the Secure RAM at 0x0e000000 that holds the EL3 monitor, "
        "Secure payloads and, with rme=on, the GPT (needs secure=on; "
        "1M..32M, default 16M as TF-A PLAT=qemu expects)");

    object_class_property_add_bool(oc, "mec", virt_rme_get_mec,
                                   virt_rme_set_mec);
    object_class_property_set_description(oc, "mec",
        "Set on/off to give the CPUs FEAT_MEC and RAM a memory protection "
        "engine, so that each memory encryption context sees its own data "
        "(needs rme=on; default: on with rme=on)");
    object_class_property_add(oc, "mec-block-size", "size",
                              virt_rme_get_mec_block_size,
                              virt_rme_set_mec_block_size, NULL, NULL);
    object_class_property_set_description(oc, "mec-block-size",
        "Size of the blocks the memory protection engine encrypts "
        "(16..4096, a power of 2; default 4096, FVP "
        "bp.mpe.block_size_in_bytes)");
    object_class_property_add_str(oc, "mec-strategy",
                                  virt_rme_get_mec_strategy,
                                  virt_rme_set_mec_strategy);
    object_class_property_set_description(oc, "mec-strategy",
        "What data read through another context looks like: 'scramble' "
        "(a keyed permutation of each block) or 'xor' (a keyed keystream); "
        "FVP bp.mpe.corruption_strategy");
    object_class_property_add(oc, "mec-mecid-width", "uint8",
                              virt_rme_get_mec_mecid_width,
                              virt_rme_set_mec_mecid_width, NULL, NULL);
    object_class_property_set_description(oc, "mec-mecid-width",
        "MECID width in bits, 1..16: MECIDR_EL2.MECIDW + 1 on every CPU "
        "and the engine's (default 16, FVP rme_mecid_width)");
    object_class_property_add_bool(oc, "mec-ignore-mecid",
                                   virt_rme_get_mec_ignore_mecid,
                                   virt_rme_set_mec_ignore_mecid);
    object_class_property_set_description(oc, "mec-ignore-mecid",
        "Set on to let every Realm MECID share one context (FVP "
        "bp.mpe.ignore_mecid)");
    virt_rme_smmu_class_init(oc);
}

void virt_rme_instance_init(VirtMachineState *vms)
{
    vms->smmu_root_open = true;
    vms->rme = false;
    vms->secure_ram_size = VIRT_RME_SECURE_RAM_DEFAULT;
    vms->mec_block_size = MPE_PAGE_SIZE;
    vms->mec_mecid_width = MPE_MAX_MECID_BITS;
    vms->mec_strategy = g_strdup("scramble");
}

const char *virt_rme_default_cpu_type(const MachineState *ms)
{
    return VIRT_MACHINE(ms)->rme ? ARM_CPU_TYPE_NAME("max") : NULL;
}

void virt_rme_machine_init(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);

    if (vms->secure_ram_size_set && !vms->secure && !vms->rme) {
        error_report("secure-ram-size needs secure=on (or rme=on)");
        exit(1);
    }
    vms->memmap[VIRT_SECURE_MEM].size = vms->secure_ram_size;

    if (vms->mec_set && vms->mec && !vms->rme) {
        error_report("mec=on needs rme=on: FEAT_MEC is an extension of "
                     "RME");
        exit(1);
    }
    if (!vms->mec_set) {
        vms->mec = vms->rme && VIRT_RME_MEC_DEFAULT;
    }
    if (vms->smmu_rme_set && vms->smmu_rme && !vms->rme) {
        error_report("smmu=on needs rme=on: an SMMU with RME checks DMA "
                     "against the GPT of RME firmware");
        exit(1);
    }
    if (!vms->smmu_rme_set) {
        vms->smmu_rme = vms->rme;
    }
    if (vms->smmu_realm_set && vms->smmu_realm && !vms->smmu_rme) {
        error_report("smmu-realm=on needs the SMMU with RME (rme=on, "
                     "smmu=on): the Realm interface is part of it");
        exit(1);
    }
    if (!vms->smmu_realm_set) {
        vms->smmu_realm = vms->smmu_rme;
    }
    if (vms->smmu_ats_set && vms->smmu_ats && !vms->smmu_rme) {
        error_report("smmu-ats=on needs the SMMU with RME (rme=on, "
                     "smmu=on)");
        exit(1);
    }
    if (!vms->smmu_ats_set) {
        vms->smmu_ats = vms->smmu_rme;
    }
    if (!vms->rme) {
        return;
    }
    if (vms->smmu_rme) {
        if (vms->iommu == VIRT_IOMMU_VIRTIO) {
            error_report("smmu=on (the default with rme=on) conflicts with "
                         "iommu=virtio; give smmu=off");
            exit(1);
        }
        vms->iommu = VIRT_IOMMU_SMMUV3;
    }
    if (!tcg_enabled() && !qtest_enabled()) {
        error_report("rme=on: FEAT_RME is only emulated with TCG, not %s",
                     current_accel_name());
        exit(1);
    }
    if (vms->secure_set && !vms->secure) {
        error_report("rme=on conflicts with secure=off: "
                     "RME needs EL3 and the Secure state");
        exit(1);
    }
    if (vms->virt_set && !vms->virt) {
        error_report("rme=on conflicts with virtualization=off: "
                     "RME needs EL2 (the RMM runs at Realm EL2)");
        exit(1);
    }
    if (vms->gic_version == VIRT_GIC_VERSION_2) {
        error_report("rme=on conflicts with gic-version=2: "
                     "RME firmware needs a GICv3 (gic-version=3)");
        exit(1);
    }
    vms->secure = true;
    vms->virt = true;
    if (vms->gic_version == VIRT_GIC_VERSION_NOSEL) {
        vms->gic_version = VIRT_GIC_VERSION_3;
    }
    if (ms->ram_size < VIRT_RME_MIN_RAM) {
        warn_report("rme=on with %" PRIu64 " MiB of RAM: TF-A PLAT=qemu "
                    "ENABLE_RME=1 reserves RAM at 0x40100000 for the RMM "
                    "and loads BL33 at 0x60000000; give -m 1G or more",
                    ms->ram_size / MiB);
    }
}

void virt_rme_cpu_init(VirtMachineState *vms, Object *cpuobj)
{
    const char *type = object_get_typename(cpuobj);
    bool has_rme_prop = object_property_find(cpuobj, "x-rme") != NULL;

    if (vms->rme) {
        if (!has_rme_prop) {
            error_report("rme=on: CPU type '%s' does not implement FEAT_RME; "
                         "use -cpu max (the default with rme=on)", type);
            exit(1);
        }
        object_property_set_bool(cpuobj, "x-rme", true, &error_fatal);
        /*
         * FVP keeps the SVE register bits that a reduced vector length
         * made inaccessible and gives them back when it grows; firmware
         * test suites written against it check that they survive a round
         * trip through another world.  DDI0487 R_YRPDH permits both that
         * and QEMU's zeroes: take FVP's unless -cpu said otherwise.
         */
        if (object_property_find(cpuobj, "x-sve-retain")) {
            g_autofree char *retain =
                object_property_get_str(cpuobj, "x-sve-retain", &error_fatal);

            if (!strcmp(retain, "auto")) {
                object_property_set_str(cpuobj, "x-sve-retain", "on",
                                        &error_fatal);
            }
        }
        if (object_property_find(cpuobj, "x-mecid-width")) {
            object_property_set_uint(cpuobj, "x-mecid-width",
                                     vms->mec_mecid_width, &error_fatal);
        }
        if (object_property_find(cpuobj, "x-mec")) {
            if (!vms->mec) {
                object_property_set_bool(cpuobj, "x-mec", false, &error_fatal);
            } else if (!object_property_get_bool(cpuobj, "x-mec", NULL)) {
                if (vms->mec_set) {
                    error_report("mec=on conflicts with -cpu ...,x-mec=off: "
                                 "the memory protection engine needs "
                                 "FEAT_MEC");
                    exit(1);
                }
                /* the CPU was asked for without FEAT_MEC: no engine */
                vms->mec = false;
            }
        } else if (vms->mec) {
            error_report("mec=on: CPU type '%s' does not implement "
                         "FEAT_MEC; use -cpu max or mec=off", type);
            exit(1);
        }
        return;
    }
    if (has_rme_prop && object_property_get_bool(cpuobj, "x-rme", NULL)) {
        if (!vms->secure) {
            error_report("x-rme=on needs EL3, which secure=off removes; "
                         "use -M virt,rme=on (or secure=on)");
            exit(1);
        }
        if (!vms->virt) {
            error_report("x-rme=on needs EL2 for the Realm world, which "
                         "virtualization=off removes; use -M virt,rme=on");
            exit(1);
        }
    }
}

static void virt_rme_mec_fill(ARMCPU *cpu, void *opaque, hwaddr paddr,
                              MemTxAttrs attrs, uint16_t mecid)
{
    /* every TLB fill: no QOM casts here */
    arm_mpe_fill(opaque, &cpu->parent_obj, paddr, attrs.space, mecid);
}

void virt_rme_create_devices(VirtMachineState *vms, MemoryRegion *sysmem,
                             MemoryRegion *secure_sysmem)
{
    MachineState *ms = MACHINE(vms);
    DeviceState *dev;
    CPUState *cs;

    if (!vms->mec) {
        return;
    }
    dev = qdev_new(TYPE_ARM_MPE);
    object_property_set_link(OBJECT(dev), "ram", OBJECT(ms->ram),
                             &error_abort);
    qdev_prop_set_uint64(dev, "ram-base", vms->memmap[VIRT_MEM].base);
    qdev_prop_set_uint32(dev, "block-size", vms->mec_block_size);
    qdev_prop_set_uint32(dev, "mecid-width", vms->mec_mecid_width);
    qdev_prop_set_string(dev, "strategy", vms->mec_strategy);
    qdev_prop_set_bit(dev, "ignore-mecid", vms->mec_ignore_mecid);
    object_property_add_child(OBJECT(vms), "mpe", OBJECT(dev));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    /* Root-only: not in the Non-secure (and Realm) address space at all */
    memory_region_add_subregion(secure_sysmem, VIRT_RME_MPE_BASE,
                                sysbus_mmio_get_region(SYS_BUS_DEVICE(dev),
                                                       0));
    vms->mpe = dev;

    CPU_FOREACH(cs) {
        arm_register_mec_fill_hook(ARM_CPU(cs), virt_rme_mec_fill, dev);
    }
}

/*
 * The Realm programming interface (IHI0070 G.b 2.7): a second SMMUv3
 * instance serving Realm streams, stage 1 and 2 as 2.7.1 requires, and its
 * two register pages, in the system address space (Non-secure and Secure
 * accesses read zero, 6.2.7).
 */
static Object *virt_rme_smmu_realm_init(const VirtMachineState *vms,
                                        DeviceState *smmu)
{
    DeviceState *rsmmu = qdev_new(TYPE_ARM_SMMUV3);
    DeviceState *pages = qdev_new(TYPE_ARM_SMMUV3_REALM);

    qdev_prop_set_uint8(rsmmu, "sec-sid", SMMU_SEC_SID_REALM);
    object_property_set_link(OBJECT(rsmmu), "primary-smmu", OBJECT(smmu),
                             &error_abort);
    qdev_prop_set_string(rsmmu, "stage", "nested");
    if (vms->smmu_ats) {
        qdev_prop_set_bit(rsmmu, "ats", true);
        smmuv3_rme_enable_dpt(ARM_SMMUV3(rsmmu));
    }
    object_property_add_child(OBJECT(vms), "smmu-realm-interface",
                              OBJECT(rsmmu));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(rsmmu), &error_fatal);

    object_property_set_link(OBJECT(pages), "smmu", OBJECT(rsmmu),
                             &error_abort);
    object_property_add_child(OBJECT(vms), "smmu-realm-pages",
                              OBJECT(pages));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(pages), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(pages), 0, VIRT_RME_SMMU_REALM_BASE);
    return OBJECT(rsmmu);
}

void virt_rme_smmu_init(const VirtMachineState *vms, DeviceState *smmu)
{
    DeviceState *dev;
    Object *gpt_memory;
    Object *realm;
    Object *cpu0 = OBJECT(qemu_get_cpu(0));

    if (!vms->rme || !vms->smmu_rme) {
        return;
    }
    if (vms->smmu_ats) {
        /*
         * PCIe ATS and a Device Permission Table (IHI0070 G.b 3.9, 3.24).
         * The SMMU is realized; it reads "ats" at its reset, which has not
         * happened yet.
         */
        ARM_SMMUV3(smmu)->ats = true;
        smmuv3_rme_enable_dpt(ARM_SMMUV3(smmu));
    }
    /* GPT fetches go to the Root PA space: the CPUs' secure address space */
    gpt_memory = object_property_get_link(cpu0, "secure-memory", &error_abort);
    dev = qdev_new(TYPE_ARM_SMMUV3_ROOT);
    object_property_set_link(OBJECT(dev), "smmu", OBJECT(smmu), &error_abort);
    object_property_set_link(OBJECT(dev), "gpt-memory", gpt_memory,
                             &error_abort);
    qdev_prop_set_bit(dev, "accessen-reset", vms->smmu_root_open);
    /* GPT_BASE_CFG.L0GPTSZ is RO: the system's, as the PEs have it */
    if (object_property_find(cpu0, "x-l0gptsz")) {
        qdev_prop_set_uint8(dev, "l0gptsz",
                            object_property_get_uint(cpu0, "x-l0gptsz",
                                                     &error_abort));
    }
    if (vms->smmu_realm) {
        uint32_t ba = (VIRT_RME_SMMU_REALM_BASE - vms->memmap[VIRT_SMMU].base -
                       0x20000) / 0x10000;

        realm = virt_rme_smmu_realm_init(vms, smmu);
        object_property_set_link(OBJECT(dev), "realm-smmu", realm,
                                 &error_abort);
        qdev_prop_set_uint32(dev, "idr0", SMMU_ROOT_IDR0_FVP |
                             SMMU_ROOT_IDR0_REALM_IMPL |
                             ba << SMMU_ROOT_IDR0_BA_REALM_SHIFT);
    }
    object_property_add_child(OBJECT(vms), "smmu-root-page", OBJECT(dev));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, VIRT_RME_SMMU_ROOT_BASE);
}

/* ---- info rme ---------------------------------------------------------- */

/* The Security state a CPU executes in (DDI0487 D1.3), by its one name. */
static const char *virt_rme_world(CPUARMState *env)
{
    uint64_t scr = env->cp15.scr_el3;
    unsigned ss;

    if (arm_current_el(env) == 3) {
        return rme_ss_name(RME_SS_ROOT);
    }
    ss = rme_ss_from_nse_ns(!!(scr & SCR_NSE), !!(scr & SCR_NS));
    return ss == RME_SS_ROOT ? "reserved" : rme_ss_name(ss);
}

static RmeSmmuInfo *virt_rme_smmu_info(VirtMachineState *vms)
{
    Object *o = object_resolve_path_component(OBJECT(vms), "smmu-root-page");
    SMMUv3RootState *s;
    RmeSmmuInfo *e;

    if (!o) {
        return NULL;
    }
    s = ARM_SMMUV3_ROOT(o);
    e = g_new0(RmeSmmuInfo, 1);
    e->base = VIRT_RME_SMMU_ROOT_BASE;
    e->smmu_base = vms->memmap[VIRT_SMMU].base;
    qemu_mutex_lock(&s->lock);
    e->idr0 = s->regs.idr0;
    e->iidr = s->regs.iidr;
    e->cr0ack = s->regs.cr0ack;
    e->gpt_base = s->regs.gpt_base;
    e->gpt_base_cfg = s->regs.gpt_base_cfg;
    e->gpf_far = s->regs.gpf_far;
    e->gpt_cfg_far = s->regs.gpt_cfg_far;
    e->checks = s->regs.stats.checks;
    e->gpfs = s->regs.stats.gpfs;
    e->cfg_errors = s->regs.stats.cfg_errors;
    qemu_mutex_unlock(&s->lock);
    return e;
}

RmeInfo *qmp_query_rme(Error **errp)
{
    Object *machine = qdev_get_machine();
    RmeInfo *info = g_new0(RmeInfo, 1);
    RmeCpuInfoList **tail = &info->cpus;
    CPUState *cs;

    if (object_dynamic_cast(machine, TYPE_VIRT_MACHINE)) {
        VirtMachineState *vms = VIRT_MACHINE(machine);
        RmeVirtInfo *m = g_new0(RmeVirtInfo, 1);

        m->rme = vms->rme;
        m->secure = vms->secure;
        m->virtualization = vms->virt;
        m->gic_version = vms->gic_version;
        if (vms->secure) {
            m->has_secure_ram_base = m->has_secure_ram_size = true;
            m->secure_ram_base = vms->memmap[VIRT_SECURE_MEM].base;
            m->secure_ram_size = vms->memmap[VIRT_SECURE_MEM].size;
        }
        m->mec = vms->mec;
        if (vms->mpe) {
            ArmMpeState *s = ARM_MPE(vms->mpe);
            RmeMpeInfo *e = g_new0(RmeMpeInfo, 1);
            MpeStats stats;

            arm_mpe_get_stats(s, &stats, &e->tagged_pages, &e->enabled);
            e->base = VIRT_RME_MPE_BASE;
            e->block_size = s->block_size;
            e->mecid_width = s->mecid_width;
            e->strategy = g_strdup(s->strategy);
            e->ignore_mecid = s->ignore_mecid;
            e->conversions = stats.conversions;
            e->rekeys = stats.rekeys;
            e->pas_rekeys = stats.pas_rekeys;
            m->mpe = e;
        }
        m->smmu = virt_rme_smmu_info(vms);
        info->machine = m;
    }

    CPU_FOREACH(cs) {
        ARMCPU *cpu = ARM_CPU(cs);
        CPUARMState *env = &cpu->env;
        RmeCpuInfo *c = g_new0(RmeCpuInfo, 1);

        c->cpu_index = cs->cpu_index;
        c->rme = FIELD_EX64_IDREG(&cpu->isar, ID_AA64PFR0, RME);
        c->rmegdi = FIELD_EX64_IDREG(&cpu->isar, ID_AA64MMFR4, RMEGDI);
        c->mec = FIELD_EX64_IDREG(&cpu->isar, ID_AA64MMFR3, MEC);
        c->el = arm_current_el(env);
        c->security_state = g_strdup(virt_rme_world(env));
        c->scr_el3 = env->cp15.scr_el3;
        c->gpccr_el3 = env->cp15.gpccr_el3;
        c->gptbr_el3 = env->cp15.gptbr_el3;
        c->gpcbw_el3 = env->cp15.gpcbw_el3;
        c->mfar_el3 = env->cp15.mfar_el3;
        QAPI_LIST_APPEND(tail, c);
    }
    return info;
}

static void virt_rme_print_gpccr(Monitor *mon, uint64_t gpccr, bool gpc3,
                                 bool gdi)
{
    /* GPCCR_EL3.PPS, with PPS3 as bit [3] under FEAT_RME_GPC3 */
    static const unsigned pps_bits[16] = {
        32, 36, 40, 42, 44, 48, 52, 56, 46, 47,
    };
    static const char *const pgs[4] = { "4K", "64K", "16K", "reserved" };
    static const char *const sh[4] = { "NSH", "reserved", "OSH", "ISH" };
    unsigned pps = FIELD_EX64(gpccr, GPCCR, PPS) |
                   (gpc3 ? FIELD_EX64(gpccr, GPCCR, PPS3) << 3 : 0);

    monitor_printf(mon, "    GPCCR_EL3  0x%016" PRIx64 ": GPC=%d GPCP=%d "
                   "PPS=%u", gpccr, (int)FIELD_EX64(gpccr, GPCCR, GPC),
                   (int)FIELD_EX64(gpccr, GPCCR, GPCP), pps);
    if (pps_bits[pps] && (gpc3 || pps != 7)) {
        monitor_printf(mon, " (%u-bit)", pps_bits[pps]);
    } else {
        monitor_printf(mon, " (reserved)");
    }
    monitor_printf(mon, " PGS=%s L0GPTSZ=%u-bit SH=%s IRGN=%d ORGN=%d\n",
                   pgs[FIELD_EX64(gpccr, GPCCR, PGS)],
                   30 + (unsigned)FIELD_EX64(gpccr, GPCCR, L0GPTSZ),
                   sh[FIELD_EX64(gpccr, GPCCR, SH)],
                   (int)FIELD_EX64(gpccr, GPCCR, IRGN),
                   (int)FIELD_EX64(gpccr, GPCCR, ORGN));
    monitor_printf(mon, "               SPAD=%d NSPAD=%d RLPAD=%d NSO=%d "
                   "TBGPCD=%d APPSAA=%d\n",
                   (int)FIELD_EX64(gpccr, GPCCR, SPAD),
                   (int)FIELD_EX64(gpccr, GPCCR, NSPAD),
                   (int)FIELD_EX64(gpccr, GPCCR, RLPAD),
                   (int)FIELD_EX64(gpccr, GPCCR, NSO),
                   (int)FIELD_EX64(gpccr, GPCCR, TBGPCD),
                   (int)FIELD_EX64(gpccr, GPCCR, APPSAA));
    if (gpc3 || gdi) {
        monitor_printf(mon, "              ");
        if (gpc3) {
            monitor_printf(mon, " GPCBW=%d",
                           (int)FIELD_EX64(gpccr, GPCCR, GPCBW));
        }
        if (gdi) {
            monitor_printf(mon, " SA=%d NSP=%d NA6=%d NA7=%d",
                           (int)FIELD_EX64(gpccr, GPCCR, SA),
                           (int)FIELD_EX64(gpccr, GPCCR, NSP),
                           (int)FIELD_EX64(gpccr, GPCCR, NA6),
                           (int)FIELD_EX64(gpccr, GPCCR, NA7));
        }
        monitor_printf(mon, "\n");
    }
}

/* GPCBW_EL3 (FEAT_RME_GPC3): the bypass windows it describes */
static void virt_rme_print_gpcbw(Monitor *mon, uint64_t gpcbw)
{
    unsigned bwsize = FIELD_EX64(gpcbw, GPCBW, BWSIZE);
    unsigned bwstride = FIELD_EX64(gpcbw, GPCBW, BWSTRIDE);

    monitor_printf(mon, "    GPCBW_EL3  0x%016" PRIx64 ": window base 0x%"
                   PRIx64 " BWSIZE=%u BWSTRIDE=0x%x\n", gpcbw,
                   (uint64_t)FIELD_EX64(gpcbw, GPCBW, BWADDR) << 30,
                   bwsize, bwstride);
}

/* ---- query-rme-gpt: the live GPT as ranges ------------------------------ */

/* The GPT is read in the Root PA space, as granule_protection_check() does. */
static bool virt_rme_gpt_read(void *opaque, uint64_t pa, uint64_t *val)
{
    CPUState *cs = opaque;
    MemTxAttrs attrs = { .secure = true, .space = ARMSS_Root };
    MemTxResult res;

    *val = address_space_ldq_le(arm_addressspace(cs, attrs), pa, attrs, &res);
    return res == MEMTX_OK;
}

/* What the walker needs to know of the CPU (DDI0487 D9, GPCCR_EL3). */
static void virt_rme_gpt_config(ARMCPU *cpu, gpt_config *cfg)
{
    CPUARMState *env = &cpu->env;
    unsigned rme = FIELD_EX64_IDREG(&cpu->isar, ID_AA64PFR0, RME);

    *cfg = (gpt_config) {
        .gpccr = env->cp15.gpccr_el3,
        .gptbr = env->cp15.gptbr_el3,
        .pa_range_bits = arm_pamax(cpu),
        /* GPCCR_EL3.PGS: a granule size neither stage supports */
        .pgs_reserved =
            (!cpu_isar_feature(aa64_tgran4, cpu) &&
             !cpu_isar_feature(aa64_tgran4_2, cpu) ? GPT_PGS_RESERVED_4K : 0) |
            (!cpu_isar_feature(aa64_tgran64, cpu) &&
             !cpu_isar_feature(aa64_tgran64_2, cpu) ?
             GPT_PGS_RESERVED_64K : 0) |
            (!cpu_isar_feature(aa64_tgran16, cpu) &&
             !cpu_isar_feature(aa64_tgran16_2, cpu) ?
             GPT_PGS_RESERVED_16K : 0),
        .feat_sel2 = cpu_isar_feature(aa64_sel2, cpu),
        .feat_gpc2 = rme >= 2,
        .feat_gpc3 = rme >= 3,
        .feat_gdi = cpu_isar_feature(aa64_rme_gdi, cpu),
        .gpcbw = rme >= 3 ? env->cp15.gpcbw_el3 : 0,
        .read = virt_rme_gpt_read,
        .opaque = CPU(cpu),
    };
}

/*
 * At most this many walker calls per query-rme-gpt (a few seconds): a GPT
 * of one GPI in 4 KiB granules over a 48-bit PPS would be 2^32 of them.
 * A Granules descriptor's run of equal GPIs is one call.
 */
#define VIRT_RME_GPT_MAX_CHECKS (1u << 22)

typedef struct VirtRmeGptCollect {
    RmeGptRangeList **tail;
    int64_t left;
} VirtRmeGptCollect;

static bool virt_rme_gpt_range(void *opaque, const gpt_map_range *r)
{
    VirtRmeGptCollect *c = opaque;
    RmeGptRange *g;

    if (c->left-- <= 0) {
        return false;
    }
    g = g_new0(RmeGptRange, 1);
    g->base = r->base;
    g->size = r->size;
    g->kind = g_strdup(gpt_map_kind_name(r->kind));
    g->label = g_strdup(gpt_map_range_label(r));
    if (r->kind == GPT_MAP_GPI) {
        g->has_gpi = true;
        g->gpi = r->gpi;
    }
    g->reason = g_strdup(gpt_reason_name(r->reason));
    g->level = r->level;
    g->desc_kind = g_strdup(gpt_desc_kind_name(r->desc_kind));
    g->desc = r->desc;
    g->desc_addr = r->desc_addr;
    QAPI_LIST_APPEND(c->tail, g);
    return true;
}

RmeGpt *qmp_query_rme_gpt(bool has_cpu_index, int64_t cpu_index,
                          bool has_start, uint64_t start,
                          bool has_size, uint64_t size,
                          bool has_max_ranges, int64_t max_ranges,
                          Error **errp)
{
    CPUState *cs = has_cpu_index ? qemu_get_cpu(cpu_index) : first_cpu;
    VirtRmeGptCollect c;
    gpt_config cfg;
    gpt_regs regs;
    ARMCPU *cpu;
    RmeGpt *g;
    uint64_t end;

    if (!cs || !object_dynamic_cast(OBJECT(cs), TYPE_ARM_CPU)) {
        error_setg(errp, "query-rme-gpt: no Arm CPU %" PRId64,
                   has_cpu_index ? cpu_index : 0);
        return NULL;
    }
    cpu = ARM_CPU(cs);
    if (!FIELD_EX64_IDREG(&cpu->isar, ID_AA64PFR0, RME)) {
        error_setg(errp, "query-rme-gpt: CPU %d has no FEAT_RME",
                   cs->cpu_index);
        return NULL;
    }
    if (has_max_ranges && max_ranges < 1) {
        error_setg(errp, "query-rme-gpt: max-ranges must be at least 1");
        return NULL;
    }
    start = has_start ? start : 0;
    if (start >= (1ULL << 56)) {
        error_setg(errp, "query-rme-gpt: start 0x%" PRIx64 " is beyond "
                   "the 56-bit physical address space", start);
        return NULL;
    }
    if (has_size && (size == 0 || size > (1ULL << 56) - start)) {
        error_setg(errp, "query-rme-gpt: size 0x%" PRIx64 " must be "
                   "non-zero and end within the 56-bit physical address "
                   "space", size);
        return NULL;
    }
    end = has_size ? start + size : 0;

    virt_rme_gpt_config(cpu, &cfg);
    gpt_decode_regs(&cfg, &regs);
    g = g_new0(RmeGpt, 1);
    g->cpu_index = cs->cpu_index;
    g->gpccr_el3 = cfg.gpccr;
    g->gptbr_el3 = cfg.gptbr;
    g->gpcbw_el3 = cfg.gpcbw;
    g->gpc = regs.gpc;
    g->pps_bits = regs.pps_bits;
    g->pgs_bits = regs.pgs_bits;
    g->l0gptsz_bits = regs.l0gptsz_bits;
    for (unsigned b = 0; b < GPT_CFG_NPROBLEMS; b++) {
        if (regs.problems & (1u << b)) {
            QAPI_LIST_PREPEND(g->config_errors,
                              g_strdup(gpt_cfg_problem_name(1u << b)));
        }
    }
    c = (VirtRmeGptCollect) {
        .tail = &g->ranges,
        .left = has_max_ranges ? max_ranges : 4096,
    };
    /* The GPT is guest memory: bound the work one command does. */
    g->end = gpt_map(&cfg, start, end, VIRT_RME_GPT_MAX_CHECKS,
                     virt_rme_gpt_range, &c);
    g->start = start;
    g->truncated = g->end < (end ? end : 1ULL << 56);
    return g;
}

static void hmp_info_rme_gpt(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;
    g_autoptr(RmeGpt) g = qmp_query_rme_gpt(
        false, 0, qdict_haskey(qdict, "start"),
        qdict_get_try_int(qdict, "start", 0), qdict_haskey(qdict, "size"),
        qdict_get_try_int(qdict, "size", 0), qdict_haskey(qdict, "max"),
        qdict_get_try_int(qdict, "max", 0), &err);
    RmeGptRangeList *l;
    strList *e;

    if (hmp_handle_error(mon, err)) {
        return;
    }
    monitor_printf(mon, "CPU %" PRId64 ": GPCCR_EL3=0x%" PRIx64
                   " GPTBR_EL3=0x%" PRIx64 " GPC=%d PPS=%" PRId64
                   "-bit PGS=%" PRId64 "-bit L0GPTSZ=%" PRId64 "-bit\n",
                   g->cpu_index, g->gpccr_el3, g->gptbr_el3, g->gpc,
                   g->pps_bits, g->pgs_bits, g->l0gptsz_bits);
    for (e = g->config_errors; e; e = e->next) {
        monitor_printf(mon, "configuration error: %s\n", e->value);
    }
    for (l = g->ranges; l; l = l->next) {
        RmeGptRange *r = l->value;

        monitor_printf(mon, "  0x%014" PRIx64 "-0x%014" PRIx64 " %-10s",
                       r->base, r->base + r->size - 1, r->label);
        if (r->has_gpi) {
            monitor_printf(mon, " GPI 0x%" PRIx64 " L%" PRId64 " %s 0x%016"
                           PRIx64 " @0x%" PRIx64 "\n", r->gpi, r->level,
                           r->desc_kind, r->desc, r->desc_addr);
        } else {
            monitor_printf(mon, " (%s)\n", r->reason);
        }
    }
    if (g->truncated) {
        monitor_printf(mon, "  ... (stopped at 0x%" PRIx64 ": max-ranges or "
                       "the walk budget reached; continue from there)\n",
                       g->end);
    }
}

/* SMMU_ROOT_GPF_FAR / GPT_CFG_FAR decoded (IHI0070 G.b 6.3.116/117) */
static void virt_rme_print_far(Monitor *mon, const char *name, uint64_t far,
                               bool cfg)
{
    unsigned reason = (far >> SMMU_ROOT_FAR_REASON_SHIFT) & 7;

    if (!(far & SMMU_ROOT_FAR_FAULT)) {
        monitor_printf(mon, "    %s: no fault\n", name);
        return;
    }
    monitor_printf(mon, "    %s 0x%016" PRIx64 ": %s access to 0x%" PRIx64
                   " in the %s PA space, faultcode 0x%02x%s%s\n", name, far,
                   smmu_root_reason_name(reason),
                   (uint64_t)(far & SMMU_ROOT_FAR_FADDR_MASK),
                   rme_ss_name((far >> SMMU_ROOT_FAR_FPAS_SHIFT) & 3),
                   (unsigned)(far >> SMMU_ROOT_FAR_FAULTCODE_SHIFT) & 0xff,
                   cfg ? ", " : "",
                   cfg ? smmu_root_cfg_err_name(
                             (far >> SMMU_ROOT_FAR_CFG_ERR_SHIFT) & 0xf) : "");
}

void hmp_info_rme(Monitor *mon, const QDict *qdict)
{
    const char *sub = qdict_get_try_str(qdict, "gpt");
    g_autoptr(RmeInfo) info = NULL;
    RmeCpuInfoList *l;

    if (sub) {
        if (strcmp(sub, "gpt")) {
            monitor_printf(mon, "info rme: unknown argument '%s' (try "
                           "'info rme gpt [start [size [max-ranges]]]')\n",
                           sub);
            return;
        }
        hmp_info_rme_gpt(mon, qdict);
        return;
    }
    info = qmp_query_rme(NULL);

    if (info->machine) {
        RmeVirtInfo *m = info->machine;

        monitor_printf(mon, "machine: rme=%s secure=%s virtualization=%s "
                       "gic-version=%" PRId64 "\n", m->rme ? "on" : "off",
                       m->secure ? "on" : "off",
                       m->virtualization ? "on" : "off", m->gic_version);
        if (m->has_secure_ram_base) {
            monitor_printf(mon, "secure RAM: 0x%" PRIx64 "..0x%" PRIx64
                           " (%" PRIu64 " KiB)\n", m->secure_ram_base,
                           m->secure_ram_base + m->secure_ram_size - 1,
                           m->secure_ram_size / KiB);
        }
        if (m->mpe) {
            RmeMpeInfo *e = m->mpe;

            monitor_printf(mon, "MEC: memory protection engine at 0x%" PRIx64
                           " (Root only), %s, %" PRIu64 "-byte blocks, "
                           "%" PRIu64 "-bit MECIDs, strategy %s%s\n",
                           e->base, e->enabled ? "enabled" : "disabled",
                           e->block_size, e->mecid_width, e->strategy,
                           e->ignore_mecid ? ", MECIDs ignored" : "");
            monitor_printf(mon, "    %" PRIu64 " pages hold encrypted data; "
                           "%" PRIu64 " conversions, %" PRIu64 " MECID "
                           "re-keys, %" PRIu64 " PAS key writes\n",
                           e->tagged_pages, e->conversions, e->rekeys,
                           e->pas_rekeys);
        } else {
            monitor_printf(mon, "MEC: off (mec=off: no FEAT_MEC, no memory "
                           "protection engine)\n");
        }
        if (m->smmu) {
            RmeSmmuInfo *e = m->smmu;

            monitor_printf(mon, "SMMU: SMMUv3 with RME at 0x%" PRIx64 ", Root "
                           "control page at 0x%" PRIx64 " (Root only): "
                           "IDR0 0x%" PRIx32 " IIDR 0x%" PRIx32 ", "
                           "ACCESSEN %d GPCEN %d\n", e->smmu_base, e->base,
                           e->idr0, e->iidr,
                           !!(e->cr0ack & SMMU_ROOT_CR0_ACCESSEN),
                           !!(e->cr0ack & SMMU_ROOT_CR0_GPCEN));
            monitor_printf(mon, "    GPT_BASE 0x%" PRIx64 " GPT_BASE_CFG 0x%"
                           PRIx64 "; %" PRIu64 " checks, %" PRIu64 " GPFs, "
                           "%" PRIu64 " GPT lookup errors\n", e->gpt_base,
                           e->gpt_base_cfg, e->checks, e->gpfs,
                           e->cfg_errors);
            virt_rme_print_far(mon, "GPF_FAR", e->gpf_far, false);
            virt_rme_print_far(mon, "GPT_CFG_FAR", e->gpt_cfg_far, true);
            if (e->idr0 & SMMU_ROOT_IDR0_REALM_IMPL) {
                /* IHI0070 G.b 6.3.110: where BA_REALM puts Realm Page 0 */
                uint64_t ba = (e->idr0 & SMMU_ROOT_IDR0_BA_REALM_MASK) >>
                              SMMU_ROOT_IDR0_BA_REALM_SHIFT;

                monitor_printf(mon, "    Realm programming interface: "
                               "REALM_IMPL, Realm pages at 0x%" PRIx64
                               " (Realm and Root only)\n", e->smmu_base +
                               0x20000 + ba * 0x10000);
            } else {
                monitor_printf(mon, "    no Realm programming interface "
                               "(REALM_IMPL 0)\n");
            }
        } else {
            monitor_printf(mon, "SMMU: no SMMU with RME (smmu=off)\n");
        }
    }

    for (l = info->cpus; l; l = l->next) {
        RmeCpuInfo *c = l->value;
        uint64_t scr = c->scr_el3, mfar = c->mfar_el3;

        monitor_printf(mon, "CPU %" PRId64 ": FEAT_RME %s%s "
                       "(ID_AA64PFR0_EL1.RME=%" PRId64
                       " ID_AA64MMFR4_EL1.RMEGDI=%" PRId64 ")", c->cpu_index,
                       !c->rme ? "absent" : c->rme >= 3 ? "with GPC2, GPC3" :
                       c->rme >= 2 ? "with GPC2" : "present",
                       c->rme && c->rmegdi ? ", GDI" : "", c->rme, c->rmegdi);
        if (!c->rme) {
            monitor_printf(mon, "\n");
            continue;
        }
        monitor_printf(mon, ", EL%" PRId64 " in %s state, SCR_EL3=0x%" PRIx64
                       " (NSE=%d NS=%d GPF=%d)\n", c->el, c->security_state,
                       scr, !!(scr & SCR_NSE), !!(scr & SCR_NS),
                       !!(scr & SCR_GPF));
        virt_rme_print_gpccr(mon, c->gpccr_el3, c->rme >= 3, c->rmegdi);
        monitor_printf(mon, "    GPTBR_EL3  0x%016" PRIx64
                       ": L0 GPT at PA 0x%" PRIx64 "\n", c->gptbr_el3,
                       (uint64_t)extract64(c->gptbr_el3, 0, 44) << 12);
        if (c->rme >= 3) {
            virt_rme_print_gpcbw(mon, c->gpcbw_el3);
        }
        monitor_printf(mon, "    MFAR_EL3   0x%016" PRIx64
                       ": last GPC fault PA 0x%" PRIx64 " NSE=%d NS=%d\n",
                       mfar, (uint64_t)FIELD_EX64(mfar, MFAR, FPA) << 12,
                       (int)FIELD_EX64(mfar, MFAR, NSE),
                       (int)FIELD_EX64(mfar, MFAR, NS));
    }
}
