/*
 * qemu-rme: cca-trace, per-vCPU state: the register cache, the EL and
 * Security state, the pending calls
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TRACE_VCPU_H
#define CCA_TRACE_VCPU_H

#include "trace.h"
#include "calls.h"

enum reg_id {
    R_X0, R_X1, R_X2, R_X3, R_X4, R_X5, R_X6, R_X7,
    R_CPSR,
    R_SCR3, R_MFAR3, R_GPCCR3, R_GPTBR3, R_GPCBW3,
    R_MMFR0, R_MMFR4,
    R_ESR1, R_ESR2, R_ESR3,
    R_FAR1, R_FAR2, R_FAR3,
    R_ELR1, R_ELR2, R_ELR3,
    R_SPSR1, R_SPSR2, R_SPSR3,
    R_VBAR1, R_VBAR2, R_VBAR3,
    R_SCTLR1, R_SCTLR2, R_SCTLR3,
    R_HCR2,
    /* FEAT_MEC: the MECID of a Realm PA space access (mec_of_access()) */
    R_MMFR3, R_SCTLR2_2, R_SCTLR2_3, R_TCR2, R_MECID_P0, R_MECID_A0,
    R_MECID_P1, R_MECID_A1, R_VMECID_P, R_VMECID_A, R_MECID_RL_A3,
    R_COUNT
};

/* Names as the gdbstub (org.gnu.gdb.aarch64.core + cp_regs XML) has them. */
extern const char *const reg_names[R_COUNT];

/* Per-EL register of a family: REG_EL(R_ESR1, el) for el 1..3. */
#define REG_EL(base, el) ((enum reg_id)((base) + (el) - 1))

typedef struct vcpu_state {
    bool ready;
    bool rme;               /* FEAT_RME: GPCCR_EL3 exists */
    struct qemu_plugin_register *reg[R_COUNT];
    GByteArray *buf;
    /*
     * Registers read in the current callback (the vCPU is stopped while a
     * callback runs, so a register reads the same until it returns): a
     * value is good while reg_gen[] equals gen, which each callback that
     * reads registers advances (vstate_enter()).
     */
    uint64_t gen;
    uint64_t reg_gen[R_COUNT];
    uint64_t reg_val[R_COUNT];
    bool reg_ok[R_COUNT];
    ct_calls calls;         /* SMC/HVC calls waiting for their return */
    /*
     * events=insn: the EL and world the vCPU executes in, kept up to date
     * at each exception entry (on_discon) and exception return (on_eret),
     * the only ways the EL or the Security state below EL3 changes; read
     * from the registers when not known yet (pos_ok false).
     */
    bool pos_ok;
    uint8_t pos_el;
    cca_world pos_world;
    uint64_t n_insn;        /* insn events written for this vCPU */
} vcpu_state;

extern struct qemu_plugin_scoreboard *sb_state;

static inline vcpu_state *vstate(unsigned vcpu)
{
    return qemu_plugin_scoreboard_find(sb_state, vcpu);
}

/* The state of @vcpu at the start of a callback that reads registers. */
static inline vcpu_state *vstate_enter(unsigned vcpu)
{
    vcpu_state *s = vstate(vcpu);

    s->gen++;
    return s;
}

void vcpu_install(void);
/* Find the registers of a new vCPU. */
void vcpu_setup(vcpu_state *s);
bool reg_read(vcpu_state *s, enum reg_id r, uint64_t *val);
uint64_t reg_get(vcpu_state *s, enum reg_id r);
unsigned current_el(vcpu_state *s);
cca_world world_at(vcpu_state *s, unsigned el);
/* Is the translation regime used at @el off (PA = VA)? */
bool regime_is_flat(vcpu_state *s, unsigned el);

static inline void insn_pos_set(vcpu_state *s, unsigned el, cca_world w)
{
    s->pos_el = (uint8_t)el;
    s->pos_world = w;
    s->pos_ok = true;
}

#endif
