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
#include "monitor/monitor.h"
#include "monitor/hmp-target.h"
#include "hw/core/cpu.h"
#include "hw/boards.h"
#include "system/tcg.h"
#include "system/qtest.h"
#include "target/arm/cpu.h"
#include "target/arm/cpu-qom.h"
#include "target/arm/internals.h"
#include "target/arm/arm-powerctl.h"
#include "hw/irq.h"
#include "virt-rme.h"

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
}

void virt_rme_instance_init(VirtMachineState *vms)
{
    vms->rme = false;
    vms->secure_ram_size = VIRT_RME_SECURE_RAM_DEFAULT;
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

    if (!vms->rme) {
        return;
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

/* ---- power-off line ---------------------------------------------------- */

/*
 * TF-A PLAT=qemu powers the board off (PSCI SYSTEM_OFF, DEN0022 5.10: the
 * call does not return) by driving a Secure GPIO line, then calls panic():
 * on a board the power is gone before that.  QEMU shuts down later, in its
 * main loop, and unlike a reset request (qemu_system_reset_request() stops
 * the current CPU) a shutdown request let the CPUs run on meanwhile, so
 * TF-A's crash report after "QEMU System Power off: with GPIO." appeared on
 * some runs and not on others (3 of 20 demo boots; under callgrind it moved
 * the host instruction count of a boot by 4%).  With rme=on, the line's
 * rising edge powers every CPU off at once (as PSCI CPU_OFF does, under the
 * BQL the MMIO write holds): the CPU that drove it stops at the end of its
 * current translation block, the others when they are kicked.
 */
static void virt_rme_poweroff_line(void *opaque, int n, int level)
{
    CPUState *cs;

    if (level) {
        CPU_FOREACH(cs) {
            ARMCPU *cpu = ARM_CPU(cs);

            if (cpu->power_state != PSCI_OFF) {
                arm_set_cpu_off(cpu->mp_affinity);
            }
        }
    }
    qemu_set_irq(opaque, level);
}

qemu_irq virt_rme_poweroff_irq(qemu_irq line)
{
    VirtMachineState *vms = VIRT_MACHINE(qdev_get_machine());

    if (!vms->rme) {
        return line;
    }
    return qemu_allocate_irq(virt_rme_poweroff_line, line, 0);
}

/* ---- info rme ---------------------------------------------------------- */

static const char *virt_rme_world(CPUARMState *env)
{
    uint64_t scr = env->cp15.scr_el3;

    if (arm_current_el(env) == 3) {
        return "Root";
    }
    switch ((scr & SCR_NSE ? 2 : 0) | (scr & SCR_NS ? 1 : 0)) {
    case 0:
        return "Secure";
    case 1:
        return "Non-secure";
    case 3:
        return "Realm";
    default:
        return "reserved (NSE=1,NS=0)";
    }
}

static void virt_rme_print_gpccr(Monitor *mon, uint64_t gpccr)
{
    static const unsigned pps_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 0 };
    static const char *const pgs[4] = { "4K", "64K", "16K", "reserved" };
    static const char *const sh[4] = { "NSH", "reserved", "OSH", "ISH" };
    unsigned pps = FIELD_EX64(gpccr, GPCCR, PPS);

    monitor_printf(mon, "    GPCCR_EL3  0x%016" PRIx64 ": GPC=%d GPCP=%d "
                   "PPS=%u", gpccr, (int)FIELD_EX64(gpccr, GPCCR, GPC),
                   (int)FIELD_EX64(gpccr, GPCCR, GPCP), pps);
    if (pps_bits[pps]) {
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
}

void hmp_info_rme(Monitor *mon, const QDict *qdict)
{
    Object *machine = qdev_get_machine();
    CPUState *cs;

    if (object_dynamic_cast(machine, TYPE_VIRT_MACHINE)) {
        VirtMachineState *vms = VIRT_MACHINE(machine);

        monitor_printf(mon, "machine: rme=%s secure=%s virtualization=%s "
                       "gic-version=%d\n", vms->rme ? "on" : "off",
                       vms->secure ? "on" : "off", vms->virt ? "on" : "off",
                       vms->gic_version);
        if (vms->secure) {
            monitor_printf(mon, "secure RAM: 0x%" PRIx64 "..0x%" PRIx64
                           " (%" PRIu64 " KiB)\n",
                           vms->memmap[VIRT_SECURE_MEM].base,
                           vms->memmap[VIRT_SECURE_MEM].base +
                           vms->memmap[VIRT_SECURE_MEM].size - 1,
                           vms->memmap[VIRT_SECURE_MEM].size / KiB);
        }
    }

    CPU_FOREACH(cs) {
        ARMCPU *cpu = ARM_CPU(cs);
        CPUARMState *env = &cpu->env;
        unsigned rme = FIELD_EX64_IDREG(&cpu->isar, ID_AA64PFR0, RME);
        uint64_t mfar = env->cp15.mfar_el3;

        monitor_printf(mon, "CPU %d: FEAT_RME %s (ID_AA64PFR0_EL1.RME=%u)",
                       cs->cpu_index,
                       rme ? (rme >= 2 ? "with GPC2" : "present") : "absent",
                       rme);
        if (!rme) {
            monitor_printf(mon, "\n");
            continue;
        }
        monitor_printf(mon, ", EL%d in %s state, SCR_EL3=0x%" PRIx64
                       " (NSE=%d NS=%d GPF=%d)\n",
                       arm_current_el(env), virt_rme_world(env),
                       env->cp15.scr_el3, !!(env->cp15.scr_el3 & SCR_NSE),
                       !!(env->cp15.scr_el3 & SCR_NS),
                       !!(env->cp15.scr_el3 & SCR_GPF));
        virt_rme_print_gpccr(mon, env->cp15.gpccr_el3);
        monitor_printf(mon, "    GPTBR_EL3  0x%016" PRIx64
                       ": L0 GPT at PA 0x%" PRIx64 "\n",
                       env->cp15.gptbr_el3,
                       (uint64_t)extract64(env->cp15.gptbr_el3, 0, 40) << 12);
        monitor_printf(mon, "    MFAR_EL3   0x%016" PRIx64
                       ": last GPC fault PA 0x%" PRIx64 " NSE=%d NS=%d\n",
                       mfar, (uint64_t)FIELD_EX64(mfar, MFAR, FPA) << 12,
                       (int)FIELD_EX64(mfar, MFAR, NSE),
                       (int)FIELD_EX64(mfar, MFAR, NS));
    }
}
