/*
 * qemu-rme: the Root control page of an SMMUv3 with RME
 *
 * See smmuv3-rme.h and docs/smmu.md.  The register logic and the check are
 * hw/arm/smmu-root-regs.c (pure C, also run by the host tests and the fuzz
 * target); this file puts them on the bus, reads the GPT from the Root PA
 * space and hooks the check into the SMMU (smmu_set_gpc_hook()).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "system/address-spaces.h"
#include "system/memory.h"
#include "hw/arm/smmuv3-rme.h"
#include "trace.h"

/* The GPT is read from the Root PA space; GPT fetches are not checked */
static bool root_read64(void *opaque, uint64_t pa, uint64_t *val)
{
    SMMUv3RootState *s = opaque;
    MemTxAttrs attrs = { .secure = 1, .space = RME_SS_ROOT };
    uint64_t le;

    if (address_space_read(&s->gpt_as, pa, attrs, &le, sizeof(le)) !=
        MEMTX_OK) {
        return false;
    }
    *val = le64_to_cpu(le);
    return true;
}

static SmmuGpcAccess gpc_kind(SMMUGpcAccess kind)
{
    switch (kind) {
    case SMMU_GPC_ACCESS_CLIENT:
        return SMMU_GPC_CLIENT;
    case SMMU_GPC_ACCESS_STE:
        return SMMU_GPC_STE;
    case SMMU_GPC_ACCESS_CD:
        return SMMU_GPC_CD;
    case SMMU_GPC_ACCESS_WALK:
        return SMMU_GPC_WALK;
    case SMMU_GPC_ACCESS_VMS:
        return SMMU_GPC_VMS;
    case SMMU_GPC_ACCESS_CMDQ:
        return SMMU_GPC_CMDQ;
    case SMMU_GPC_ACCESS_EVENTQ:
        return SMMU_GPC_EVENTQ;
    case SMMU_GPC_ACCESS_PRIQ:
        return SMMU_GPC_PRIQ;
    default:
        return SMMU_GPC_OTHER;
    }
}

/* SMMUGpcFn: the check of one access of the SMMU (IHI0070 G.b 3.25) */
static bool smmuv3_root_gpc(void *opaque, hwaddr addr, int space,
                            SMMUGpcAccess kind, uint32_t sid, hwaddr *mask)
{
    SMMUv3RootState *s = opaque;
    SmmuGpcAccess k = gpc_kind(kind);
    SmmuGpcOutcome out;
    int64_t tsid = sid == SMMU_GPC_NO_SID ? -1 : (int64_t)sid;

    qemu_mutex_lock(&s->lock);
    out = smmu_root_gpc(&s->regs, addr, space, space, k, root_read64, s);
    qemu_mutex_unlock(&s->lock);

    if (out.pass) {
        if (mask) {
            /* the walk's result holds for a 2^span_bits block */
            *mask = out.checked ? MAKE_64BIT_MASK(0, out.res.span_bits) :
                                  ~(hwaddr)0;
        }
        return true;
    }
    if (out.access_disabled) {
        trace_smmu_rme_access_disabled(smmu_gpc_access_name(k), tsid, addr,
                                       space, out.recorded);
    } else if (out.cfg_error) {
        trace_smmu_rme_gpt_cfg_err(smmu_gpc_access_name(k), tsid, addr,
                                   space, gpt_reason_name(out.res.reason),
                                   out.res.level, out.recorded);
    } else {
        trace_smmu_rme_gpf(smmu_gpc_access_name(k), tsid, addr, space,
                           gpt_reason_name(out.res.reason),
                           out.res.gpi,
                           out.res.level, out.recorded);
    }
    if (out.recorded) {
        /* 3.25.5: an edge when a fault becomes active */
        qemu_irq_pulse(s->irq[out.cfg_error ? SMMU_ROOT_IRQ_GPT_CFG_FAR :
                              SMMU_ROOT_IRQ_GPF_FAR]);
    }
    return false;
}

static MemTxResult smmuv3_root_read(void *opaque, hwaddr offset,
                                    uint64_t *data, unsigned size,
                                    MemTxAttrs attrs)
{
    SMMUv3RootState *s = opaque;
    SmmuRootRegResult res;

    qemu_mutex_lock(&s->lock);
    res = smmu_root_read(&s->regs, offset, size, attrs.space, data);
    qemu_mutex_unlock(&s->lock);
    switch (res) {
    case SMMU_ROOT_REG_NOT_ROOT:
        trace_smmu_rme_root_not_root(offset, attrs.space, false);
        break;
    case SMMU_ROOT_REG_BAD_OFFSET:
        qemu_log_mask(LOG_GUEST_ERROR, "smmuv3-root: %u-byte read of "
                      "offset 0x%04" HWADDR_PRIx ": no register, RAZ\n",
                      size, offset);
        break;
    default:
        trace_smmu_rme_root_read(offset, size, *data);
        break;
    }
    /* IHI0070 G.b 6.3.110-119: not Root, or no register: RAZ/WI */
    return MEMTX_OK;
}

static MemTxResult smmuv3_root_write(void *opaque, hwaddr offset,
                                     uint64_t data, unsigned size,
                                     MemTxAttrs attrs)
{
    SMMUv3RootState *s = opaque;
    SmmuRootRegResult res;

    qemu_mutex_lock(&s->lock);
    res = smmu_root_write(&s->regs, offset, size, attrs.space, data);
    qemu_mutex_unlock(&s->lock);
    switch (res) {
    case SMMU_ROOT_REG_NOT_ROOT:
        trace_smmu_rme_root_not_root(offset, attrs.space, true);
        break;
    case SMMU_ROOT_REG_BAD_OFFSET:
        qemu_log_mask(LOG_GUEST_ERROR, "smmuv3-root: %u-byte write of "
                      "offset 0x%04" HWADDR_PRIx ": no register, WI\n",
                      size, offset);
        break;
    case SMMU_ROOT_REG_READ_ONLY:
        trace_smmu_rme_root_ignored(offset, data);
        break;
    case SMMU_ROOT_REG_INVALIDATE:
        /*
         * A TLBI by PA from SMMU_ROOT_TLBI: nothing to drop, the SMMU
         * caches no GPT information (each check walks the GPT).
         */
        trace_smmu_rme_tlbi(s->regs.tlbi);
        break;
    default:
        trace_smmu_rme_root_write(offset, size, data);
        break;
    }
    return MEMTX_OK;
}

static const MemoryRegionOps smmuv3_root_ops = {
    .read_with_attrs = smmuv3_root_read,
    .write_with_attrs = smmuv3_root_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 8,
    .impl.min_access_size = 4,
    .impl.max_access_size = 8,
};

static void smmuv3_root_reset_hold(Object *obj, ResetType type)
{
    SMMUv3RootState *s = ARM_SMMUV3_ROOT(obj);

    qemu_mutex_lock(&s->lock);
    smmu_root_reset(&s->regs);
    qemu_mutex_unlock(&s->lock);
}

static bool l0gptsz_valid(unsigned bits)
{
    return bits == 30 || bits == 34 || bits == 36 || bits == 39;
}

static void smmuv3_root_realize(DeviceState *dev, Error **errp)
{
    SMMUv3RootState *s = ARM_SMMUV3_ROOT(dev);
    SmmuRootRegs *r = &s->regs;

    if (!s->smmu) {
        error_setg(errp, "arm-smmuv3-root: the 'smmu' link is not set");
        return;
    }
    if (!s->gpt_memory) {
        error_setg(errp, "arm-smmuv3-root: the 'gpt-memory' link is not set");
        return;
    }
    if (!(s->idr0 & SMMU_ROOT_IDR0_ROOT_IMPL) ||
        (s->idr0 & ~(SMMU_ROOT_IDR0_ROOT_IMPL | SMMU_ROOT_IDR0_BGPTM |
                     SMMU_ROOT_IDR0_RGPTM | SMMU_ROOT_IDR0_REALM_IMPL |
                     SMMU_ROOT_IDR0_BA_REALM_MASK))) {
        error_setg(errp, "arm-smmuv3-root: idr0 0x%" PRIx32 " is not "
                   "supported: ROOT_IMPL (bit 0) must be set, BGPTM, "
                   "RGPTM, REALM_IMPL and BA_REALM may be", s->idr0);
        return;
    }
    /* 6.3.110: REALM_IMPL is the presence of the Realm interface */
    if (!!(s->idr0 & SMMU_ROOT_IDR0_REALM_IMPL) != !!s->realm_smmu) {
        error_setg(errp, "arm-smmuv3-root: idr0.REALM_IMPL is %d but the "
                   "'realm-smmu' link is %s", !!(s->idr0 &
                   SMMU_ROOT_IDR0_REALM_IMPL), s->realm_smmu ? "set" :
                   "not set");
        return;
    }
    /* 6.3.110: BA_REALM[0] is always zero; RES0 without REALM_IMPL */
    if ((s->idr0 & SMMU_ROOT_IDR0_BA_REALM_MASK) &&
        (!(s->idr0 & SMMU_ROOT_IDR0_REALM_IMPL) ||
         (s->idr0 & (1u << SMMU_ROOT_IDR0_BA_REALM_SHIFT)))) {
        error_setg(errp, "arm-smmuv3-root: idr0.BA_REALM must be even, and "
                   "0 without REALM_IMPL");
        return;
    }
    if (!(s->idr0 & SMMU_ROOT_IDR0_BGPTM) &&
        !(s->idr0 & SMMU_ROOT_IDR0_RGPTM)) {
        /* 6.3.110: if BGPTM is 0 then RGPTM is 1 */
        error_setg(errp, "arm-smmuv3-root: idr0 needs BGPTM or RGPTM");
        return;
    }
    if (!l0gptsz_valid(s->l0gptsz)) {
        error_setg(errp, "arm-smmuv3-root: l0gptsz must be 30, 34, 36 or "
                   "39 (got %u)", s->l0gptsz);
        return;
    }
    if (s->oas < 32 || s->oas > 52) {
        error_setg(errp, "arm-smmuv3-root: oas must be 32..52 (got %u)",
                   s->oas);
        return;
    }
    r->idr0 = s->idr0;
    r->iidr = s->iidr;
    r->l0gptsz_bits = s->l0gptsz;
    r->oas_bits = s->oas;
    r->pgs_reserved = 0;        /* SMMU_IDR5.GRAN4K, GRAN16K, GRAN64K */
    r->feat_sel2 = true;
    r->accessen_at_reset = s->accessen_reset;
    qemu_mutex_init(&s->lock);
    smmu_root_reset(r);
    address_space_init(&s->gpt_as, s->gpt_memory, "smmuv3-root-gpt");
    memory_region_init_io(&s->iomem, OBJECT(s), &smmuv3_root_ops, s,
                          "smmuv3-root", SMMU_ROOT_PAGE_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->iomem);
    for (int i = 0; i < SMMU_ROOT_NUM_IRQS; i++) {
        sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq[i]);
    }
    smmu_set_gpc_hook(s->smmu, smmuv3_root_gpc, s);
    if (s->realm_smmu) {
        /* the same GPT for the Realm interface's accesses (3.25) */
        smmu_set_gpc_hook(s->realm_smmu, smmuv3_root_gpc, s);
    }
}

static const VMStateDescription vmstate_smmuv3_root = {
    .name = "arm-smmuv3-root",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(regs.cr0, SMMUv3RootState),
        VMSTATE_UINT32(regs.cr0ack, SMMUv3RootState),
        VMSTATE_UINT64(regs.gpt_base, SMMUv3RootState),
        VMSTATE_UINT64(regs.gpt_base_cfg, SMMUv3RootState),
        VMSTATE_UINT64(regs.gpf_far, SMMUv3RootState),
        VMSTATE_UINT64(regs.gpt_cfg_far, SMMUv3RootState),
        VMSTATE_UINT64(regs.tlbi, SMMUv3RootState),
        VMSTATE_UINT32(regs.tlbi_ctrl, SMMUv3RootState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property smmuv3_root_properties[] = {
    DEFINE_PROP_LINK("smmu", SMMUv3RootState, smmu, TYPE_ARM_SMMU,
                     SMMUState *),
    DEFINE_PROP_LINK("realm-smmu", SMMUv3RootState, realm_smmu,
                     TYPE_ARM_SMMU, SMMUState *),
    DEFINE_PROP_LINK("gpt-memory", SMMUv3RootState, gpt_memory,
                     TYPE_MEMORY_REGION, MemoryRegion *),
    /* FVP: pci.pci_smmuv3.mmu.SMMU_ROOT_IDR0=3, SMMU_ROOT_IIDR=0x43B */
    DEFINE_PROP_UINT32("idr0", SMMUv3RootState, idr0, SMMU_ROOT_IDR0_FVP),
    DEFINE_PROP_UINT32("iidr", SMMUv3RootState, iidr, SMMU_ROOT_IIDR_FVP),
    DEFINE_PROP_UINT8("l0gptsz", SMMUv3RootState, l0gptsz, 30),
    /* QEMU's SMMUv3: SMMU_IDR5.OAS = 44 bits */
    DEFINE_PROP_UINT8("oas", SMMUv3RootState, oas, 44),
    DEFINE_PROP_BOOL("accessen-reset", SMMUv3RootState, accessen_reset,
                     false),
};

static void smmuv3_root_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    dc->realize = smmuv3_root_realize;
    dc->vmsd = &vmstate_smmuv3_root;
    dc->desc = "SMMUv3 Root control page, RME granule protection (qemu-rme)";
    dc->user_creatable = false;
    rc->phases.hold = smmuv3_root_reset_hold;
    device_class_set_props(dc, smmuv3_root_properties);
}

static const TypeInfo smmuv3_root_info = {
    .name = TYPE_ARM_SMMUV3_ROOT,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(SMMUv3RootState),
    .class_init = smmuv3_root_class_init,
};

static void smmuv3_root_register_types(void)
{
    type_register_static(&smmuv3_root_info);
}

type_init(smmuv3_root_register_types)
