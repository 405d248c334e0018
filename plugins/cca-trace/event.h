/*
 * qemu-rme: cca-trace, the one event type between the sources (exec.c,
 * gpf.c) and the output sinks, and ct_emit() that hands an event to the
 * statistics and to the sink
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TRACE_EVENT_H
#define CCA_TRACE_EVENT_H

#include "trace.h"
#include "calls.h"
#include "gpt.h"                /* target-arm-rme: the reference GPT walker */

typedef enum ct_ev_kind {
    CT_EV_CALL, CT_EV_RET, CT_EV_WORLD, CT_EV_GPF, CT_EV_INSN, CT_EV_GPT,
    CT_EV_MEC,
    CT_EV_NKINDS
} ct_ev_kind;

/* The GPT walk of a GPF's PA (gpf.c, with the reference walker). */
typedef struct gpt_walk {
    cca_world ss;           /* requester's Security state */
    uint64_t gpccr, gptbr;
    gpt_result r;
} gpt_walk;

/*
 * FEAT_MEC: the MECID of a Realm PA space access from the registers (gpf.c
 * mec_of_access()), and the one an AMEC descriptor bit may pick instead.
 */
typedef struct mec_info {
    bool emec;
    uint64_t mecid;
    const char *reg;            /* NULL: the default MECID 0 */
    const char *alt;            /* AMEC may select this one instead */
} mec_info;

typedef struct ct_ev_call {
    const ct_call *c;
    cca_fid_info fi;            /* the function, as named at the call */
    const char *note;           /* cca_call_arg_note() of x1, or NULL */
} ct_ev_call;

typedef struct ct_ev_ret {
    const ct_call *c;           /* the call returned from */
    cca_fid_info fi;
    uint64_t x[8];              /* x0..x7 at the return */
    const char *status;         /* x0 by name (cca_status_name()), or NULL */
    unsigned status_index;
    const char *next;           /* a yielding call: the next request in x0 */
    bool resumed;               /* a parked call (calls.h) */
    const char *via;            /* "eret" or "hostcall" */
    uint64_t insns;             /* instructions since the call */
} ct_ev_ret;

typedef struct ct_ev_world {
    bool entry;                 /* exception entry to EL3, else ERET */
    cca_world from_world, to_world;
    unsigned from_el, to_el;
    const char *cause;
    bool has_esr;
    uint64_t esr;
    uint64_t from_pc, to_pc;
} ct_ev_world;

typedef struct ct_ev_gpf {
    cca_world world;            /* of the faulting access */
    unsigned el;
    uint64_t pc;
    const char *disas;          /* NULL: unknown */
    bool have_opcode;
    uint32_t opcode;
    uint64_t far;
    const char *access;         /* fetch, cmo, write, read */
    bool ttw;                   /* on a translation table walk */
    int walk_level;
    cca_world to_world;         /* where it is reported */
    unsigned to_el;
    uint64_t esr;
    unsigned ec, fsc;
    uint64_t iss;
    bool gpc;                   /* a GPC exception (EC 0x1E), not an abort */
    bool fetch;
    bool have_mfar;
    uint64_t mfar;
    bool have_pa;
    uint64_t pa;
    const char *pa_src;         /* "MFAR_EL3", "flat" */
    cca_world pas;              /* CCA_WORLD_UNKNOWN: not known */
    uint64_t vector;
    bool have_mec;
    mec_info mec;
    bool have_walk;
    gpt_walk walk;
} ct_ev_gpf;

typedef struct ct_ev_insn {
    const insn_rec *r;
    cca_world world;
    unsigned el;
} ct_ev_insn;

/*
 * The GPT as it is at a TLBI PA*: the sink walks it into ranges with
 * gpt_map(cfg, ...) (target-arm-rme/gpt-map.h) as it writes them.  The GPT
 * is guest memory: at most CT_GPT_SNAP_MAX_CHECKS walker calls per
 * snapshot (a Granules descriptor's run of equal GPIs is one), then the
 * snapshot says where it stopped.
 */
#define CT_GPT_SNAP_MAX_CHECKS (1u << 22)

typedef struct ct_ev_gpt {
    const char *cause;          /* "TLBI PAALL", ... */
    uint64_t pc;
    const gpt_config *cfg;
    const gpt_regs *regs;
} ct_ev_gpt;

typedef struct ct_ev_mec {
    cca_world world;
    unsigned el;
    uint64_t pc, va, pa;
    bool store;
    unsigned size;
    int mecid;
    bool mmio;
} ct_ev_mec;

typedef struct ct_event {
    ct_ev_kind kind;
    unsigned vcpu;
    unsigned depth;             /* calls pending on the vCPU */
    uint64_t icount;            /* instructions executed (icount on) */
    union {
        ct_ev_call call;
        ct_ev_ret ret;
        ct_ev_world world;
        ct_ev_gpf gpf;
        ct_ev_insn insn;
        ct_ev_gpt gpt;
        ct_ev_mec mec;
    } u;
} ct_event;

/* Count @ev in the statistics, and write it (out.c). */
void ct_emit(const ct_event *ev);

#endif
