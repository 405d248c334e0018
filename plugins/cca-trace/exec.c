/*
 * qemu-rme: cca-trace, the execution-time event sources: SMC/HVC calls and
 * their returns (with calls.c), world switches at EL3, exceptions (GPFs:
 * gpf.c), every instruction (events=insn) and Realm PA space accesses
 * (events=mec)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vcpu.h"
#include "event.h"

static uint64_t next_call_id;       /* atomic */

/*
 * The major version of the RMM specification the RMM agreed to: the
 * requested version of the first RMI_VERSION or RSI_VERSION that succeeded
 * (DEN0137 B4.3.21, B5.3.10), 0 until then.  It picks the meaning of the
 * function IDs that RMM 2.0 numbers differently from 1.x.
 */
static unsigned rmm_major;

cca_fid_info fid_lookup(uint32_t fid, unsigned world)
{
    cca_call_ctx ctx = { (cca_world)world,
                         __atomic_load_n(&rmm_major, __ATOMIC_RELAXED) };

    return cca_fid_lookup_ctx(fid, &ctx);
}

/* ---- calls and returns --------------------------------------------------- */

void on_call(unsigned vcpu, void *udata)
{
    vcpu_state *s = vstate_enter(vcpu);
    uintptr_t u = (uintptr_t)udata;
    ct_call c = { 0 };
    ct_event ev = { .kind = CT_EV_CALL, .vcpu = vcpu };
    int i;

    if (!s->ready) {
        return;
    }
    c.hvc = (u & 3) == K_HVC;
    c.pc = u & ~(uintptr_t)3;
    c.ret_pc = c.pc + 4;        /* preferred return address: DDI0487 D1 */
    c.el = (uint8_t)current_el(s);
    c.world = (uint8_t)world_at(s, c.el);
    for (i = 0; i < 7; i++) {
        c.x[i] = reg_get(s, (enum reg_id)(R_X0 + i));
    }
    c.fid = (uint32_t)c.x[0];
    c.id = __atomic_add_fetch(&next_call_id, 1, __ATOMIC_RELAXED);
    c.icount = icount_get(vcpu);
    ev.u.call.fi = fid_lookup(c.fid, c.world);
    ev.u.call.note = cca_call_arg_note(c.fid, c.x[1]);
    ev.u.call.c = &c;
    c.yields = ev.u.call.fi.yields;
    ev.depth = s->calls.depth;
    ev.icount = c.icount;
    ct_emit(&ev);
    ct_calls_push(&s->calls, &c);
}

/* The return of @c: x0..x7 as the caller gets them, decoded. */
static void emit_ret(vcpu_state *s, unsigned vcpu, const ct_call *c,
                     bool resumed, const char *via)
{
    ct_event ev = { .kind = CT_EV_RET, .vcpu = vcpu };
    ct_ev_ret *e = &ev.u.ret;
    cca_fid_info next = { NULL, CCA_IF_OTHER, false };
    int i;

    e->c = c;
    e->fi = fid_lookup(c->fid, c->world);
    for (i = 0; i < 8; i++) {
        e->x[i] = reg_get(s, (enum reg_id)(R_X0 + i));
    }
    e->status = cca_status_name(c->fid, e->x[0], &e->status_index);
    if (e->fi.yields) {
        /* EL3 resumes the RMM with the next request in x0, a host's RMI */
        next = fid_lookup((uint32_t)e->x[0], CCA_WORLD_NS);
    }
    e->next = next.name;
    if (e->fi.name && e->x[0] == 0 && (!strcmp(e->fi.name, "RMI_VERSION") ||
                                       !strcmp(e->fi.name, "RSI_VERSION"))) {
        unsigned major = (c->x[1] >> 16) & 0x7fff;

        if (major == 1 || major == 2) {
            __atomic_store_n(&rmm_major, major, __ATOMIC_RELAXED);
        }
    }
    e->resumed = resumed;
    e->via = via;
    ev.icount = icount_get(vcpu);
    e->insns = ev.icount - c->icount;
    ev.depth = s->calls.depth;
    ct_emit(&ev);
}

/*
 * Control arrives at @pc in (@w, @el) by an ERET, or after a call that QEMU
 * served itself (@via "hostcall": then only a return is looked for).
 */
static void arrive(vcpu_state *s, unsigned vcpu, cca_world w, unsigned el,
                   uint64_t pc, const char *via)
{
    ct_call done;

    switch (ct_calls_arrive(&s->calls, (uint8_t)w, (uint8_t)el, pc,
                            !strcmp(via, "eret"), &done)) {
    case CT_ARRIVE_RETURN:
        emit_ret(s, vcpu, &done, false, via);
        break;
    case CT_ARRIVE_RESUMED:
        emit_ret(s, vcpu, &done, true, via);
        break;
    default:
        break;
    }
}

/* ---- world switches ------------------------------------------------------ */

static void emit_world(vcpu_state *s, unsigned vcpu, const ct_ev_world *w)
{
    ct_event ev = { .kind = CT_EV_WORLD, .vcpu = vcpu };

    ev.depth = s->calls.depth;
    ev.icount = icount_get(vcpu);
    ev.u.world = *w;
    ct_emit(&ev);
}

/* ---- instructions (events=insn) ----------------------------------------- */

/*
 * One line per instruction, written as it starts: its count (this one
 * included), world and EL, PC, encoding and disassembly.  An instruction
 * that takes a synchronous exception is followed by the exception's events
 * and the handler's first instruction.
 */
void on_insn(unsigned vcpu, void *udata)
{
    vcpu_state *s = vstate(vcpu);
    ct_event ev = { .kind = CT_EV_INSN, .vcpu = vcpu };

    if (!s->ready) {
        return;
    }
    if (!s->pos_ok) {
        unsigned el;

        s = vstate_enter(vcpu);
        el = current_el(s);
        insn_pos_set(s, el, world_at(s, el));
    }
    s->n_insn++;
    ev.depth = s->calls.depth;
    ev.icount = ct_opt.icount_on ? s->n_insn : 0;
    ev.u.insn.r = udata;
    ev.u.insn.world = s->pos_world;
    ev.u.insn.el = s->pos_el;
    ct_emit(&ev);
}

void on_eret(unsigned vcpu, void *udata)
{
    vcpu_state *s = vstate_enter(vcpu);
    unsigned el;
    int tel;
    uint64_t elr, spsr;
    cca_world tw;

    if (!s->ready) {
        return;
    }
    if (!(ct_opt.ev_mask & (EV_WORLD | EV_INSN)) &&
        !ct_calls_pending(&s->calls)) {
        return;                 /* no call waits for a return */
    }
    el = current_el(s);
    if (el == 0) {
        return;                 /* UNDEFINED at EL0 */
    }
    elr = reg_get(s, REG_EL(R_ELR1, el));
    spsr = reg_get(s, REG_EL(R_SPSR1, el));
    tel = cca_spsr_el(spsr);
    if (tel < 0 || tel > (int)el) {
        return;                 /* an illegal exception return */
    }
    if (el == 3 && tel < 3 && s->rme) {
        uint64_t scr = reg_get(s, R_SCR3);

        /*
         * Also illegal, so the PE stays at EL3: SCR_EL3.{NSE,NS} = {1,0}
         * (no lower EL in Root state), or Secure EL2 without SCR_EL3.EEL2.
         */
        if ((scr & RME_SCR_NSE) && !(scr & RME_SCR_NS)) {
            return;
        }
        if (tel == 2 && !(scr & RME_SCR_NSE) && !(scr & RME_SCR_NS) &&
            !(scr & RME_SCR_EEL2)) {
            return;
        }
    }
    /* SCR_EL3.{NSE,NS} give the Security state of the ELs below EL3 */
    tw = world_at(s, (unsigned)tel);
    if (ct_opt.ev_mask & EV_INSN) {
        insn_pos_set(s, (unsigned)tel, tw);
    }
    if ((ct_opt.ev_mask & EV_WORLD) && el == 3 && tel != 3) {
        ct_ev_world w = {
            .entry = false, .from_world = world_at(s, 3), .from_el = 3,
            .to_world = tw, .to_el = (unsigned)tel, .cause = "ERET",
            .from_pc = (uintptr_t)udata, .to_pc = elr,
        };

        emit_world(s, vcpu, &w);
    }
    if (ct_opt.ev_mask & EV_CALL) {
        arrive(s, vcpu, tw, (unsigned)tel, elr, "eret");
    }
}

/* ---- MECIDs of Realm accesses (events=mec) ------------------------------ */

/*
 * Every load and store to the Realm PA space, with the MECID it used: the
 * one the translation regime, SCTLR2_ELx.EMEC, SCR_EL3.MECEn and the AMEC
 * bits selected (DDI0487 D8.12.1), as the TLB entry the access went
 * through holds it, so also what an AMEC descriptor bit chose, which no
 * register shows.  Other PA spaces have no MECID (their default context)
 * and make no event.  Costs a memory callback per access while on.
 */
void on_mem_mec(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
                void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    ct_event ev = { .kind = CT_EV_MEC, .vcpu = vcpu };
    ct_ev_mec *e = &ev.u.mec;
    vcpu_state *s;
    uint64_t pa;

    if (!hw || qemu_caps.hwaddr_pas(hw) != CCA_WORLD_REALM) {
        return;
    }
    pa = qemu_plugin_hwaddr_phys_addr(hw);
    if (pa < ct_opt.mec_pa_lo || pa > ct_opt.mec_pa_hi) {
        return;
    }
    s = vstate_enter(vcpu);
    if (!s->ready) {
        return;
    }
    e->pc = (uintptr_t)udata;
    e->va = vaddr;
    e->pa = pa;
    e->mecid = qemu_caps.hwaddr_mecid(hw);
    e->store = qemu_plugin_mem_is_store(info);
    e->size = 1u << qemu_plugin_mem_size_shift(info);
    e->el = current_el(s);
    e->world = world_at(s, e->el);
    e->mmio = qemu_plugin_hwaddr_is_io(hw);
    ev.depth = s->calls.depth;
    ev.icount = icount_get(vcpu);
    ct_emit(&ev);
}

/* ---- exceptions and interrupts ------------------------------------------- */

void on_discon(qemu_plugin_id_t id, unsigned vcpu,
               enum qemu_plugin_discon_type type, uint64_t from_pc,
               uint64_t to_pc)
{
    vcpu_state *s = vstate_enter(vcpu);
    unsigned ev = ct_opt.ev_mask;
    bool sync = type == QEMU_PLUGIN_DISCON_EXCEPTION;
    bool have_esr = false;
    uint64_t esr = 0;
    unsigned el;
    uint16_t rest;

    if (!s->ready) {
        return;
    }
    if (type == QEMU_PLUGIN_DISCON_HOSTCALL) {
        /* QEMU itself served a PSCI call or semihosting: back at to_pc. */
        if ((ev & EV_CALL) && s->calls.depth) {
            el = current_el(s);
            arrive(s, vcpu, world_at(s, el), el, to_pc, "hostcall");
        }
        return;
    }
    if (ev & EV_INSN) {
        el = current_el(s);
        insn_pos_set(s, el, world_at(s, el));
    }
    /*
     * The block's inline count included the instructions after the one
     * that took a synchronous exception: known from the translation cache
     * (found there, the instruction at from_pc had instructions after it).
     */
    rest = sync ? icount_rest_at(from_pc) : 0;
    if (!rest && !(sync && (ev & EV_GPF)) && !(ev & EV_WORLD)) {
        return;                 /* nothing to do: no register read */
    }
    el = current_el(s);
    if (el == 0) {
        return;
    }
    if (sync && (rest || (ev & EV_GPF) || el == 3)) {
        have_esr = reg_read(s, REG_EL(R_ESR1, el), &esr);
    }
    /* (For SVC, HVC and SMC, from_pc is already the next instruction.) */
    if (rest && have_esr) {
        unsigned ec = RME_ESR_EC(esr);

        if (!(ec >= 0x11 && ec <= 0x17)) {
            icount_take_off(vcpu, rest);
        }
    }
    if (sync && (ev & EV_GPF)) {
        if (have_esr && cca_esr_is_gpf(esr)) {
            report_gpf(s, vcpu, el, esr, from_pc, to_pc);
        }
    }
    if ((ev & EV_WORLD) && el == 3) {
        int src = cca_spsr_el(reg_get(s, R_SPSR3));
        ct_ev_world w = { .entry = true, .to_el = 3 };

        if (src < 0 || src == 3) {
            return;
        }
        if (sync) {
            if (!have_esr) {
                have_esr = reg_read(s, R_ESR3, &esr);
            }
            w.cause = cca_ec_name(RME_ESR_EC(esr));
        } else {
            w.cause = cca_vector_kind(to_pc - reg_get(s, R_VBAR3));
        }
        w.from_world = world_at(s, (unsigned)src);
        w.from_el = (unsigned)src;
        w.to_world = world_at(s, 3);
        w.has_esr = sync && have_esr;
        w.esr = esr;
        w.from_pc = from_pc;
        w.to_pc = to_pc;
        emit_world(s, vcpu, &w);
    }
}
