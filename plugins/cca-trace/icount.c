/*
 * qemu-rme: cca-trace, the instruction count of each vCPU: an inline
 * scoreboard addition per translation block, corrected for blocks left
 * part-way (plugin API 6's rewind callback, else at synchronous exceptions
 * whose instruction's place in its block is known), or counted one by one
 * with events=insn
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vcpu.h"

bool icount_exact;
va_table fault_rest;

static struct qemu_plugin_scoreboard *sb_inline;
static qemu_plugin_u64 sb_icount;

/* A block was left before its last instruction (plugin API 6). */
static void on_rewind(qemu_plugin_id_t id, unsigned int vcpu,
                      uint64_t insns_skipped)
{
    qemu_plugin_u64_set(sb_icount, vcpu,
                        qemu_plugin_u64_get(sb_icount, vcpu) - insns_skipped);
}

void icount_install(qemu_plugin_id_t id)
{
    sb_inline = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    sb_icount = qemu_plugin_scoreboard_u64(sb_inline);
    va_table_init(&fault_rest);
    if (ct_opt.ev_mask & EV_INSN) {
        icount_exact = true;
    } else if (ct_opt.icount_on && qemu_caps.register_rewind) {
        qemu_caps.register_rewind(id, on_rewind);
        icount_exact = true;
    }
    fault_rest.on = ct_opt.icount_on && !icount_exact;
}

uint64_t icount_get(unsigned vcpu)
{
    if (!ct_opt.icount_on) {
        return 0;
    }
    if (ct_opt.ev_mask & EV_INSN) {
        return vstate(vcpu)->n_insn;    /* counted by on_insn() */
    }
    return qemu_plugin_u64_get(sb_icount, vcpu);
}

void icount_tb(struct qemu_plugin_tb *tb, size_t n)
{
    if (ct_opt.icount_on && !(ct_opt.ev_mask & EV_INSN)) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, sb_icount, n);
    }
}

uint16_t icount_rest_at(uint64_t from_pc)
{
    uint32_t rest;

    if (!fault_rest.on || !va_table_find(&fault_rest, from_pc, &rest)) {
        return 0;
    }
    return (uint16_t)rest;
}

void icount_take_off(unsigned vcpu, uint16_t rest)
{
    qemu_plugin_u64_set(sb_icount, vcpu,
                        qemu_plugin_u64_get(sb_icount, vcpu) - rest);
}
