/*
 * qemu-rme: cca-trace, the Tarmac sink (format=tarmac): the line forms of
 * Arm's Fast Models TarmacTrace plugin ("TarmacTrace file format", Fast
 * Models Reference Guide 100964: instruction trace, register trace, event
 * trace), so that Tarmac tools and tools/cca-tracediff read a qemu-rme run
 * as they read an FVP run.  docs/tracing.md lists the forms written.
 *
 *   <t> clk cpuN IT (<t>) <pc> <opcode> O EL<e><h|t>_<ss> : <disassembly>
 *   <t> clk cpuN R X<i> <value>                      (calls and returns)
 *   <t> clk cpuN E <pc> <number> CoreEvent_<kind>    (exceptions)
 *   <t> clk cpuN R ESR_EL<n> <value>                 (and FAR, ELR, MFAR)
 *   <t> clk cpuN R cpsr <value>
 *
 * <t> is the vCPU's instruction count (icount=on), <ss> the Security
 * state: s, ns, rl (Realm) and rt (Root), the PA space tags _S, _NS, _RL,
 * _RT (the published format has only Secure and _NS; Realm and Root are
 * ours).  No memory access lines (MR/MW): the plugin has no memory
 * callback outside events=mec.  No meta or summary lines.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "out.h"

/* The mode suffix of a Security state ("EL1h_n"). */
static const char *tarmac_ss(cca_world w)
{
    switch (w) {
    case CCA_WORLD_SECURE:
        return "s";
    case CCA_WORLD_NS:
        return "ns";
    case CCA_WORLD_REALM:
        return "rl";
    case CCA_WORLD_ROOT:
        return "rt";
    default:
        return "unknown";
    }
}

/* The PA space tag of an address ("_NS"). */
static const char *tarmac_pas(cca_world w)
{
    switch (w) {
    case CCA_WORLD_SECURE:
        return "_S";
    case CCA_WORLD_NS:
        return "_NS";
    case CCA_WORLD_REALM:
        return "_RL";
    case CCA_WORLD_ROOT:
        return "_RT";
    default:
        return "";
    }
}

/* "<t> clk cpuN " */
static void head(GString *g, const ct_event *ev)
{
    put_u(g, ev->icount);
    put_s(g, " clk cpu");
    put_u(g, ev->vcpu);
    g_string_append_c(g, ' ');
}

/* A new line of the same event: "\n<t> clk cpuN " */
static void next(GString *g, const ct_event *ev)
{
    g_string_append_c(g, '\n');
    head(g, ev);
}

/* "R <name> <16 hex digits>", upper case as the FVP writes values */
static void reg64(GString *g, const ct_event *ev, const char *name,
                  uint64_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    char b[16];
    int i;

    if (g->len) {
        next(g, ev);
    } else {
        head(g, ev);
    }
    put_s(g, "R ");
    put_s(g, name);
    g_string_append_c(g, ' ');
    for (i = 15; i >= 0; i--) {
        b[i] = hex[v & 15];
        v >>= 4;
    }
    put_len(g, b, 16);
}

static void reg_el(GString *g, const ct_event *ev, const char *name,
                   unsigned el, uint64_t v)
{
    char n[16];

    g_snprintf(n, sizeof(n), "%s_EL%u", name, el);
    reg64(g, ev, n, v);
}

static void xregs(GString *g, const ct_event *ev, const uint64_t *x,
                  unsigned n)
{
    static const char *const names[8] = {
        "X0", "X1", "X2", "X3", "X4", "X5", "X6", "X7",
    };
    unsigned i;

    for (i = 0; i < n; i++) {
        reg64(g, ev, names[i], x[i]);
    }
}

/* "R cpsr <8 hex digits>": EL<el>h (t at EL0), DAIF masked on entry */
static void cpsr(GString *g, const ct_event *ev, unsigned el)
{
    next(g, ev);
    put_s(g, "R cpsr ");
    put_hex_w(g, 0x3c0 | (el << 2) | (el ? 1 : 0), 8);
}

/*
 * "E <pc> <number> CoreEvent_<kind>": FVP names the vector taken
 * (CoreEvent_CURRENT_SPx_SYNC, ...); the number is ours: the exception
 * class for a synchronous exception, else 0.
 */
static void exc(GString *g, const ct_event *ev, uint64_t pc, bool lower,
                const char *kind, unsigned ec)
{
    if (g->len) {
        next(g, ev);
    } else {
        head(g, ev);
    }
    put_s(g, "E ");
    put_hex_w(g, pc, 16);
    g_string_append_c(g, ' ');
    put_hex_w(g, ec, 8);
    put_s(g, lower ? " CoreEvent_LOWER_AARCH64_" : " CoreEvent_CURRENT_SPx_");
    put_s(g, kind);
}

/*
 * A GPC exception to EL3 makes a gpf event and then a world event: one E
 * line for both.  The last GPF's PC per vCPU, written by its own thread.
 */
#define TARMAC_MAX_VCPUS 512
static uint64_t last_gpf_pc[TARMAC_MAX_VCPUS];
static bool last_gpf[TARMAC_MAX_VCPUS];

static void ev_insn(GString *g, const ct_event *ev)
{
    const ct_ev_insn *e = &ev->u.insn;
    const insn_rec *r = e->r;

    head(g, ev);
    put_s(g, "IT (");
    put_u(g, ev->icount);
    put_s(g, ") ");
    put_hex_w(g, r->vaddr, 16);
    g_string_append_c(g, ' ');
    put_hex_w(g, r->opcode, r->size * 2);
    put_s(g, " O EL");
    put_u(g, e->el);
    put_s(g, e->el ? "h_" : "t_");
    put_s(g, tarmac_ss(e->world));
    put_s(g, " : ");
    put_s(g, r->text ? r->text : "?");
    if (ev->vcpu < TARMAC_MAX_VCPUS) {
        last_gpf[ev->vcpu] = false;
    }
}

/* The arguments as the SMC/HVC finds them: x0 (function ID) .. x6. */
static void ev_call(GString *g, const ct_event *ev)
{
    xregs(g, ev, ev->u.call.c->x, 7);
}

/* The results as the caller gets them: x0..x7. */
static void ev_ret(GString *g, const ct_event *ev)
{
    xregs(g, ev, ev->u.ret.x, 8);
}

static void ev_world(GString *g, const ct_event *ev)
{
    const ct_ev_world *e = &ev->u.world;
    unsigned v = ev->vcpu;

    if (!e->entry) {
        return;                 /* an ERET: its instruction line says it */
    }
    if (v < TARMAC_MAX_VCPUS && last_gpf[v] && last_gpf_pc[v] == e->from_pc) {
        last_gpf[v] = false;    /* the GPF's E line was this exception's */
        return;
    }
    exc(g, ev, e->from_pc, true, e->has_esr ? "SYNC" : e->cause,
        e->has_esr ? RME_ESR_EC(e->esr) : 0);
    if (e->has_esr) {
        reg_el(g, ev, "ESR", 3, e->esr);
    }
    cpsr(g, ev, 3);
}

static void ev_gpf(GString *g, const ct_event *ev)
{
    const ct_ev_gpf *e = &ev->u.gpf;

    exc(g, ev, e->pc, e->to_el != e->el, "SYNC", e->ec);
    reg_el(g, ev, "ESR", e->to_el, e->esr);
    reg_el(g, ev, "FAR", e->to_el, e->far);
    reg_el(g, ev, "ELR", e->to_el, e->pc);
    if (e->have_mfar) {
        reg64(g, ev, "MFAR_EL3", e->mfar);
    }
    cpsr(g, ev, e->to_el);
    if (ev->vcpu < TARMAC_MAX_VCPUS) {
        last_gpf[ev->vcpu] = true;
        last_gpf_pc[ev->vcpu] = e->pc;
    }
}

/*
 * A Realm PA space access (events=mec): a memory access line,
 * "MR<size> <va>:<pa><tag> -" (the value is not read).
 */
static void ev_mec(GString *g, const ct_event *ev)
{
    const ct_ev_mec *e = &ev->u.mec;

    head(g, ev);
    put_s(g, e->store ? "MW" : "MR");
    put_u(g, e->size);
    g_string_append_c(g, ' ');
    put_hex_w(g, e->va, 16);
    g_string_append_c(g, ':');
    put_hex_w(g, e->pa, 12);
    put_s(g, tarmac_pas(CCA_WORLD_REALM));
}

static void tarmac_meta(GString *g, const ct_meta *m)
{
}

static void tarmac_summary(GString *g, const ct_summary *s)
{
}

const ct_sink ct_sink_tarmac = {
    .name = "tarmac",
    .event = {
        [CT_EV_INSN] = ev_insn,
        [CT_EV_CALL] = ev_call,
        [CT_EV_RET] = ev_ret,
        [CT_EV_WORLD] = ev_world,
        [CT_EV_GPF] = ev_gpf,
        [CT_EV_MEC] = ev_mec,
        /* GPT snapshots: no Tarmac form */
    },
    .meta = tarmac_meta,
    .summary = tarmac_summary,
};
