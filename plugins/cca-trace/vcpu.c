/*
 * qemu-rme: cca-trace, per-vCPU state: registers read through the gdbstub
 * register set (plugin API 5), cached for the length of a callback; the
 * EL and Security state they give
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vcpu.h"

const char *const reg_names[R_COUNT] = {
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
    "cpsr",
    "SCR_EL3", "MFAR_EL3", "GPCCR_EL3", "GPTBR_EL3", "GPCBW_EL3",
    "ID_AA64MMFR0_EL1", "ID_AA64MMFR4_EL1",
    "ESR_EL1", "ESR_EL2", "ESR_EL3",
    "FAR_EL1", "FAR_EL2", "FAR_EL3",
    "ELR_EL1", "ELR_EL2", "ELR_EL3",
    "SPSR_EL1", "SPSR_EL2", "SPSR_EL3",
    "VBAR_EL1", "VBAR_EL2", "VBAR_EL3",
    "SCTLR_EL1", "SCTLR_EL2", "SCTLR_EL3",
    "HCR_EL2",
    "ID_AA64MMFR3_EL1", "SCTLR2_EL2", "SCTLR2_EL3", "TCR_EL2",
    "MECID_P0_EL2", "MECID_A0_EL2", "MECID_P1_EL2", "MECID_A1_EL2",
    "VMECID_P_EL2", "VMECID_A_EL2", "MECID_RL_A_EL3",
};

struct qemu_plugin_scoreboard *sb_state;

void vcpu_install(void)
{
    sb_state = qemu_plugin_scoreboard_new(sizeof(vcpu_state));
}

void vcpu_setup(vcpu_state *s)
{
    static gsize names_done;
    static GHashTable *names;       /* reg_names[r] -> r + 1 */
    g_autoptr(GArray) regs = qemu_plugin_get_registers();
    guint i;
    size_t r;

    if (g_once_init_enter(&names_done)) {
        names = g_hash_table_new(g_str_hash, g_str_equal);
        for (r = 0; r < R_COUNT; r++) {
            g_hash_table_insert(names, (gpointer)reg_names[r],
                                GSIZE_TO_POINTER(r + 1));
        }
        g_once_init_leave(&names_done, 1);
    }
    s->buf = g_byte_array_new();
    /* The first register of each name, as the gdbstub lists them. */
    for (i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);

        r = d->name ? GPOINTER_TO_SIZE(g_hash_table_lookup(names, d->name)) : 0;
        if (r && !s->reg[r - 1]) {
            s->reg[r - 1] = d->handle;
        }
    }
    s->rme = s->reg[R_GPCCR3] != NULL;
    s->ready = s->reg[R_CPSR] != NULL && s->reg[R_X0] != NULL;
}

/* Registers that never change: ID registers, read once. */
static bool reg_is_const(enum reg_id r)
{
    return r == R_MMFR0 || r == R_MMFR4 || r == R_MMFR3;
}

bool reg_read(vcpu_state *s, enum reg_id r, uint64_t *val)
{
    int n, i;
    bool ok = false;

    *val = 0;
    if (!s->reg[r]) {
        return false;
    }
    if (s->reg_gen[r] && (s->reg_gen[r] == s->gen || reg_is_const(r))) {
        *val = s->reg_val[r];
        return s->reg_ok[r];
    }
    s->buf->len = 0;            /* g_byte_array_set_size(, 0), inline */
    n = qemu_plugin_read_register(s->reg[r], s->buf);
    if (n >= 8) {
        /* gdbstub registers are in target (little-endian) byte order */
        uint64_t le;

        memcpy(&le, s->buf->data, 8);
        *val = GUINT64_FROM_LE(le);
        ok = true;
    } else if (n > 0) {
        for (i = 0; i < n; i++) {
            *val |= (uint64_t)s->buf->data[i] << (8 * i);
        }
        ok = true;
    }
    s->reg_gen[r] = s->gen;
    s->reg_val[r] = *val;
    s->reg_ok[r] = ok;
    return ok;
}

uint64_t reg_get(vcpu_state *s, enum reg_id r)
{
    uint64_t v;

    reg_read(s, r, &v);
    return v;
}

unsigned current_el(vcpu_state *s)
{
    return (unsigned)(reg_get(s, R_CPSR) >> 2) & 3;
}

/*
 * Security state at @el.  From SCR_EL3 when the CPU has EL3; without EL3 a
 * QEMU CPU runs in Non-secure state (inferred, said once in the meta line).
 */
cca_world world_at(vcpu_state *s, unsigned el)
{
    uint64_t scr;

    if (!reg_read(s, R_SCR3, &scr)) {
        return CCA_WORLD_NS;
    }
    return cca_world_from_scr(scr, el, s->rme);
}

/*
 * Is the translation regime used at @el off: stage 1 disabled and, for
 * EL1&0, stage 2 too (SCTLR_ELx.M, HCR_EL2.{VM,DC}; with HCR_EL2.{E2H,TGE}
 * set EL0 uses the EL2&0 regime)?
 */
bool regime_is_flat(vcpu_state *s, unsigned el)
{
    uint64_t hcr = 0;

    if (el >= 2) {
        return !(reg_get(s, REG_EL(R_SCTLR1, el)) & 1);
    }
    reg_read(s, R_HCR2, &hcr);
    if (el == 0 && (hcr & RME_HCR_E2H) && (hcr & RME_HCR_TGE)) {
        return !(reg_get(s, R_SCTLR2) & 1);
    }
    return !(reg_get(s, R_SCTLR1) & 1) && !(hcr & RME_HCR_VM) && !(hcr & RME_HCR_DC);
}
