/*
 * qemu-rme: the Realm register pages of an SMMUv3 with RME DA
 *
 * See smmuv3-realm.h and docs/smmu.md.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "system/memory.h"
#include "hw/arm/smmuv3-realm.h"
#include "rme/arch.h"
#include "trace.h"

static MemoryRegion *realm_inner(SMMUv3RealmState *s)
{
    return &ARM_SMMU(s->smmu)->iomem;
}

static SmmuRealmIds realm_ids(SMMUv3RealmState *s)
{
    /* SMMU_R_IDR3.DPT is the Realm instance's SMMU_IDR3.DPT (bit 15) */
    return (SmmuRealmIds) { .ns_idr0 = s->smmu->idr[0],
                            .idr3 = s->smmu->idr[3] & SMMU_R_IDR3_DPT };
}

static MemTxResult smmuv3_realm_read(void *opaque, hwaddr offset,
                                     uint64_t *data, unsigned size,
                                     MemTxAttrs attrs)
{
    SMMUv3RealmState *s = opaque;
    SmmuRealmIds ids = realm_ids(s);
    unsigned space = attrs.unspecified ? RME_SS_NONSECURE : attrs.space;

    switch (smmu_realm_access(&ids, offset, size, space, false, data)) {
    case SMMU_REALM_NOT_REALM:
        s->stats.refused++;
        trace_smmu_rme_realm_refused(offset, space, false);
        return MEMTX_OK;            /* RAZ/WI (6.2.7) */
    case SMMU_REALM_FORWARD:
        if (memory_region_dispatch_read(realm_inner(s), offset, data,
                                        size_memop(size) | MO_LE,
                                        MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
            *data = 0;
        }
        *data = smmu_realm_forwarded_read(&ids, offset, size, *data);
        break;
    case SMMU_REALM_NO_REGISTER:
        qemu_log_mask(LOG_GUEST_ERROR, "smmuv3-realm: %u-byte read of "
                      "offset 0x%05" HWADDR_PRIx ": no register, RAZ\n",
                      size, offset);
        break;
    case SMMU_REALM_DONE:
        break;
    }
    trace_smmu_rme_realm_read(offset, size, *data);
    return MEMTX_OK;
}

static MemTxResult smmuv3_realm_write(void *opaque, hwaddr offset,
                                      uint64_t data, unsigned size,
                                      MemTxAttrs attrs)
{
    SMMUv3RealmState *s = opaque;
    SmmuRealmIds ids = realm_ids(s);
    unsigned space = attrs.unspecified ? RME_SS_NONSECURE : attrs.space;

    switch (smmu_realm_access(&ids, offset, size, space, true, &data)) {
    case SMMU_REALM_NOT_REALM:
        s->stats.refused++;
        trace_smmu_rme_realm_refused(offset, space, true);
        return MEMTX_OK;            /* RAZ/WI (6.2.7) */
    case SMMU_REALM_FORWARD:
        trace_smmu_rme_realm_write(offset, size, data);
        memory_region_dispatch_write(realm_inner(s), offset, data,
                                     size_memop(size) | MO_LE,
                                     MEMTXATTRS_UNSPECIFIED);
        break;
    case SMMU_REALM_NO_REGISTER:
        qemu_log_mask(LOG_GUEST_ERROR, "smmuv3-realm: %u-byte write of "
                      "offset 0x%05" HWADDR_PRIx ": no register, WI\n",
                      size, offset);
        break;
    case SMMU_REALM_DONE:
        /* RO or RES0 */
        trace_smmu_rme_realm_write(offset, size, data);
        break;
    }
    return MEMTX_OK;
}

static const MemoryRegionOps smmuv3_realm_ops = {
    .read_with_attrs = smmuv3_realm_read,
    .write_with_attrs = smmuv3_realm_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 8,
    .impl.min_access_size = 4,
    .impl.max_access_size = 8,
};

static void smmuv3_realm_reset_hold(Object *obj, ResetType type)
{
    ARM_SMMUV3_REALM(obj)->stats.refused = 0;
}

static void smmuv3_realm_realize(DeviceState *dev, Error **errp)
{
    SMMUv3RealmState *s = ARM_SMMUV3_REALM(dev);

    if (!s->smmu) {
        error_setg(errp, "arm-smmuv3-realm: the 'smmu' link is not set");
        return;
    }
    if (ARM_SMMU(s->smmu)->sec_sid != SMMU_SEC_SID_REALM) {
        error_setg(errp, "arm-smmuv3-realm: the 'smmu' must have sec-sid=2");
        return;
    }
    memory_region_init_io(&s->iomem, OBJECT(s), &smmuv3_realm_ops, s,
                          "smmuv3-realm", SMMU_R_PAGES_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->iomem);
}

static const Property smmuv3_realm_properties[] = {
    DEFINE_PROP_LINK("smmu", SMMUv3RealmState, smmu, TYPE_ARM_SMMUV3,
                     SMMUv3State *),
};

static void smmuv3_realm_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    dc->realize = smmuv3_realm_realize;
    dc->desc = "SMMUv3 Realm register pages, RME DA (qemu-rme)";
    dc->user_creatable = false;
    rc->phases.hold = smmuv3_realm_reset_hold;
    device_class_set_props(dc, smmuv3_realm_properties);
}

static const TypeInfo smmuv3_realm_info = {
    .name = TYPE_ARM_SMMUV3_REALM,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(SMMUv3RealmState),
    .class_init = smmuv3_realm_class_init,
};

static void smmuv3_realm_register_types(void)
{
    type_register_static(&smmuv3_realm_info);
}

type_init(smmuv3_realm_register_types)
