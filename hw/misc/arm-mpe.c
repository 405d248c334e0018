/*
 * qemu-rme: a memory protection engine for FEAT_MEC
 *
 * The engine keeps RAM as the plaintext of one memory encryption context
 * per 4 KiB page (the page's tag, none for pages held as plaintext) and
 * converts a page with mpe_transform() when a TLB fill shows that another
 * context is about to use it: what that context would read after the
 * engine decrypted the ciphertext with its own key.  Accesses through a
 * TLB entry run on host memory at full speed; only a change of context
 * costs anything.  Every conversion drops the page's TLB entries on every
 * CPU and the code translated from it, so no CPU keeps using the page
 * through an entry filled for another context.
 *
 * The register frame is Root-only (DEN0129: the MPE is configured by the
 * Root world): accesses from any other PA space are refused with an
 * error response, as a Root-only completer does.  docs/mec.md has the
 * register map and the FVP parameters each property corresponds to.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/atomic.h"
#include "qemu/host-utils.h"
#include "qapi/error.h"
#include "hw/core/cpu.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "exec/cputlb.h"
#include "exec/translation-block.h"
#include "system/memory.h"
#include "hw/misc/arm-mpe.h"
#include "hw/misc/mpe-regs.h"
#include "trace.h"

/*
 * tags[pfn]: the context whose view the page holds (MpeTag, 0 for
 * plaintext), with MPE_FILLED set once a TLB entry may map the page.
 * Read without the lock on every TLB fill; written under it.
 */
#define MPE_FILLED  ((MpeTag)1 << 62)
QEMU_BUILD_BUG_ON(MPE_TAG_ENC == MPE_FILLED);

/* Drop every CPU's TLB entries for @page and the code translated from it */
static void mpe_forget_page(ArmMpeState *s, hwaddr page)
{
    ram_addr_t ra = memory_region_get_ram_addr(s->ram) + (page - s->ram_base);
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tlb_flush_range_by_paddr(cpu, page, MPE_PAGE_SIZE);
    }
    tb_invalidate_phys_range(NULL, ra, ra + MPE_PAGE_SIZE - 1);
}

void arm_mpe_fill(ArmMpeState *s, CPUState *cs, hwaddr paddr,
                  unsigned space, unsigned mecid)
{
    hwaddr page = paddr & ~(hwaddr)(MPE_PAGE_SIZE - 1);
    uint64_t pfn = (page - s->ram_base) >> MPE_PAGE_BITS;
    MpeTag want, have, cur;
    bool forget = false;

    if (page < s->ram_base || pfn >= s->npages) {
        return;
    }
    if (!qatomic_read(&s->engine_on) && !qatomic_read(&s->ntagged)) {
        return;
    }
    /* The common case: the page already holds this context's view. */
    want = mpe_tag_of(s->core, space, mecid);
    if (qatomic_read(&s->tags[pfn]) == (want | MPE_FILLED)) {
        return;
    }

    qemu_mutex_lock(&s->lock);
    want = mpe_tag_of(s->core, space, mecid);
    cur = s->tags[pfn];
    have = cur & ~MPE_FILLED;
    if (have != want) {
        uint8_t *host = (uint8_t *)memory_region_get_ram_ptr(s->ram) +
                        (page - s->ram_base);

        /*
         * A page no PE has used since reset holds no context's data (what
         * DRAM holds then is UNKNOWN; QEMU's loader wrote it, if anyone):
         * the first context to use it adopts it as it is.  Otherwise the
         * page becomes what this context reads of the other's ciphertext.
         */
        if (cur != MPE_TAG_PLAIN) {
            mpe_transform(s->core, host, MPE_PAGE_SIZE, page, have, want);
            trace_arm_mpe_convert(cs->cpu_index, page, have, want);
        }
        qatomic_set(&s->ntagged, s->ntagged + (have == MPE_TAG_PLAIN) -
                    (want == MPE_TAG_PLAIN));
        s->regs.tagged = s->ntagged;
        /* no TLB entry or translated code can exist for a page never filled */
        forget = cur & MPE_FILLED;
    }
    qatomic_set(&s->tags[pfn], want | MPE_FILLED);
    qemu_mutex_unlock(&s->lock);

    if (forget) {
        mpe_forget_page(s, page);
    }
}

void arm_mpe_get_stats(ArmMpeState *s, MpeStats *stats, uint64_t *tagged,
                       bool *enabled)
{
    qemu_mutex_lock(&s->lock);
    *stats = s->core->stats;
    *tagged = s->ntagged;
    *enabled = s->core->enabled;
    qemu_mutex_unlock(&s->lock);
}

/*
 * A change of configuration changes the context of every access: drop
 * every TLB entry, so that each page is checked again at its next use.
 */
static void mpe_flush_all(void)
{
    CPUState *cpu;

    if (current_cpu) {
        tlb_flush_all_cpus_synced(current_cpu);
    } else {
        CPU_FOREACH(cpu) {
            tlb_flush(cpu);
        }
    }
}

static MemTxResult mpe_read(void *opaque, hwaddr addr, uint64_t *data,
                            unsigned size, MemTxAttrs attrs)
{
    ArmMpeState *s = ARM_MPE(opaque);
    MpeRegResult res;
    uint32_t v;

    qemu_mutex_lock(&s->lock);
    res = mpe_regs_read(&s->regs, addr, attrs.space, &v);
    qemu_mutex_unlock(&s->lock);
    *data = v;
    switch (res) {
    case MPE_REG_REFUSED:
        trace_arm_mpe_refused(addr, attrs.space, false);
        return MEMTX_ERROR;
    case MPE_REG_BAD_OFFSET:
        qemu_log_mask(LOG_GUEST_ERROR, "arm-mpe: read of unknown register "
                      "0x%03" HWADDR_PRIx "\n", addr);
        break;
    default:
        break;
    }
    trace_arm_mpe_read(addr, v);
    return MEMTX_OK;
}

static MemTxResult mpe_write(void *opaque, hwaddr addr, uint64_t data,
                             unsigned size, MemTxAttrs attrs)
{
    ArmMpeState *s = ARM_MPE(opaque);
    MpeRegResult res;

    qemu_mutex_lock(&s->lock);
    res = mpe_regs_write(&s->regs, addr, attrs.space, data);
    qatomic_set(&s->engine_on, s->core->enabled);
    qemu_mutex_unlock(&s->lock);
    switch (res) {
    case MPE_REG_REFUSED:
        trace_arm_mpe_refused(addr, attrs.space, true);
        return MEMTX_ERROR;
    case MPE_REG_BAD_OFFSET:
        qemu_log_mask(LOG_GUEST_ERROR, "arm-mpe: write to unknown register "
                      "0x%03" HWADDR_PRIx "\n", addr);
        break;
    case MPE_REG_READ_ONLY:
        qemu_log_mask(LOG_GUEST_ERROR, "arm-mpe: write to read-only "
                      "register 0x%03" HWADDR_PRIx "\n", addr);
        break;
    case MPE_REG_OK_FLUSH:
        mpe_flush_all();
        break;
    default:
        break;
    }
    trace_arm_mpe_write(addr, data);
    return MEMTX_OK;
}

static const MemoryRegionOps mpe_ops = {
    .read_with_attrs = mpe_read,
    .write_with_attrs = mpe_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static void mpe_reset_config(ArmMpeState *s)
{
    mpe_init(s->core, s->seed);
    s->core->enabled = s->prop_enable;
    s->core->block_bits = ctz32(s->block_size);
    s->core->mecid_bits = s->mecid_width;
    s->core->ignore_mecid = s->ignore_mecid;
    s->core->strategy = mpe_strategy_from_name(s->strategy);
    mpe_regs_init(&s->regs, s->core);
    s->regs.tagged = s->ntagged;
    qatomic_set(&s->engine_on, s->core->enabled);
}

static void mpe_reset_hold(Object *obj, ResetType type)
{
    ArmMpeState *s = ARM_MPE(obj);

    /*
     * RAM keeps its contents over a reset; its pages keep their tags, so
     * that what they hold still reads as it did.  Only the configuration
     * goes back to the properties' values.
     */
    qemu_mutex_lock(&s->lock);
    {
        MpeStats stats = s->core->stats;
        uint32_t *gen = g_memdup2(s->core->mecid_gen,
                                  sizeof(s->core->mecid_gen));
        uint16_t pgen[4];

        memcpy(pgen, s->core->pas_gen, sizeof(pgen));
        mpe_reset_config(s);
        memcpy(s->core->mecid_gen, gen, sizeof(s->core->mecid_gen));
        memcpy(s->core->pas_gen, pgen, sizeof(pgen));
        s->core->stats = stats;
        g_free(gen);
    }
    qemu_mutex_unlock(&s->lock);
}

static void mpe_realize(DeviceState *dev, Error **errp)
{
    ArmMpeState *s = ARM_MPE(dev);

    if (!s->ram) {
        error_setg(errp, "arm-mpe: the 'ram' link is not set");
        return;
    }
    if (!mpe_block_size_valid(s->block_size)) {
        error_setg(errp, "arm-mpe: block-size must be a power of 2 from "
                   "%u to %u (got %" PRIu32 ")", 1u << MPE_MIN_BLOCK_BITS,
                   MPE_PAGE_SIZE, s->block_size);
        return;
    }
    if (s->mecid_width < 1 || s->mecid_width > MPE_MAX_MECID_BITS) {
        error_setg(errp, "arm-mpe: mecid-width must be 1..%u (got %" PRIu32
                   ")", MPE_MAX_MECID_BITS, s->mecid_width);
        return;
    }
    if (mpe_strategy_from_name(s->strategy) < 0) {
        error_setg(errp, "arm-mpe: strategy must be 'scramble' or 'xor' "
                   "(got '%s')", s->strategy);
        return;
    }
    if (!QEMU_IS_ALIGNED(s->ram_base, MPE_PAGE_SIZE) ||
        !QEMU_IS_ALIGNED(memory_region_size(s->ram), MPE_PAGE_SIZE)) {
        error_setg(errp, "arm-mpe: RAM must be 4 KiB aligned");
        return;
    }
    s->core = g_new0(MpeCore, 1);
    s->npages = memory_region_size(s->ram) >> MPE_PAGE_BITS;
    /* zero-filled on demand by the host: only pages used cost memory */
    s->tags = g_new0(MpeTag, s->npages);
    qemu_mutex_init(&s->lock);
    mpe_reset_config(s);
    memory_region_init_io(&s->iomem, OBJECT(s), &mpe_ops, s, "arm-mpe",
                          MPE_REGS_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->iomem);
}

static void mpe_unrealize(DeviceState *dev)
{
    ArmMpeState *s = ARM_MPE(dev);

    g_free(s->tags);
    g_free(s->core);
    qemu_mutex_destroy(&s->lock);
}

/* RAM is converted in place and the tags are not migrated. */
static const VMStateDescription vmstate_arm_mpe = {
    .name = "arm-mpe",
    .unmigratable = 1,
};

static const Property mpe_properties[] = {
    DEFINE_PROP_LINK("ram", ArmMpeState, ram, TYPE_MEMORY_REGION,
                     MemoryRegion *),
    DEFINE_PROP_UINT64("ram-base", ArmMpeState, ram_base, 0),
    DEFINE_PROP_BOOL("enable", ArmMpeState, prop_enable, true),
    DEFINE_PROP_UINT32("block-size", ArmMpeState, block_size, MPE_PAGE_SIZE),
    DEFINE_PROP_UINT32("mecid-width", ArmMpeState, mecid_width,
                       MPE_MAX_MECID_BITS),
    DEFINE_PROP_STRING("strategy", ArmMpeState, strategy),
    DEFINE_PROP_BOOL("ignore-mecid", ArmMpeState, ignore_mecid, false),
    DEFINE_PROP_UINT64("seed", ArmMpeState, seed, 0x4d4543),
};

static void mpe_instance_init(Object *obj)
{
    ArmMpeState *s = ARM_MPE(obj);

    s->strategy = g_strdup("scramble");
}

static void mpe_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    dc->realize = mpe_realize;
    dc->unrealize = mpe_unrealize;
    dc->vmsd = &vmstate_arm_mpe;
    dc->desc = "Memory protection engine for FEAT_MEC (qemu-rme)";
    dc->user_creatable = false;
    rc->phases.hold = mpe_reset_hold;
    device_class_set_props(dc, mpe_properties);
}

static const TypeInfo mpe_info = {
    .name = TYPE_ARM_MPE,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(ArmMpeState),
    .instance_init = mpe_instance_init,
    .class_init = mpe_class_init,
};

static void mpe_register_types(void)
{
    type_register_static(&mpe_info);
}

type_init(mpe_register_types)
