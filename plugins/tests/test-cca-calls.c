/*
 * qemu-rme: host unit tests for cca-trace's call/return state machine
 * (plugins/cca-trace/calls.c).
 *
 * The rules it follows, and that these tests hold it to:
 *   - A call is an SMC or HVC; its return is the exception return to the
 *     instruction after it: the preferred return address of an exception
 *     taken from an SMC or HVC is the address of the next instruction
 *     (DDI0487 M.a.a D1.4.2.1 "Preferred exception return address"; for
 *     EL3, ELR_EL3 = PC of the SMC + 4), into the caller's Security state
 *     and EL (SPSR_ELx.M, SCR_EL3.{NSE,NS}), on the same PE.
 *   - SMCCC calls (DEN0028 1.5 "SMC and HVC calling conventions") are
 *     synchronous: a call made while another is pending nests inside it.
 *   - Some calls return by another path or never: PSCI CPU_SUSPEND (power
 *     down state) resumes at the entry point given in x2, CPU_OFF does not
 *     return on success (DEN0022 5.4, 5.5); EL3 resumes the RMM after
 *     RMM_RMI_REQ_COMPLETE with the next host request rather than
 *     returning from it (TF-A rmmd "yielding" calls).  Such calls are set
 *     aside (parked) and may still be returned to later.
 *   - Tables are bounded: calls pushed out are counted in `lost`.
 *
 * Output: TAP (tests/lib/tap.h), one test point per tap_begin().
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "calls.h"
#include "tap.h"

/* Security states as {NSE, NS} (include/rme/arch.h, cca_world). */
enum { SECURE = 0, NS = 1, ROOT = 2, REALM = 3 };

/* SMCCC function IDs (DEN0137 RMI/RSI, TF-A rmmd_svc.h, DEN0022 PSCI). */
#define RMI_VERSION             0xC4000150u
#define RMI_GRANULE_DELEGATE    0xC4000151u
#define RMI_REC_ENTER           0xC400015Cu
#define RSI_VERSION             0xC4000190u
#define RSI_HOST_CALL           0xC4000199u
#define RMM_RMI_REQ_COMPLETE    0xC400018Fu
#define RMM_GTSI_DELEGATE       0xC40001B0u
#define RMM_BOOT_COMPLETE       0xC40001CFu
#define PSCI_CPU_SUSPEND        0xC4000001u
#define PSCI_CPU_OFF            0x84000002u

static uint64_t next_id;

/* An SMC at @pc from @world at @el: pushed like exec.c's on_call(). */
static ct_call call(ct_calls *s, uint8_t world, uint8_t el, uint64_t pc,
                    uint32_t fid, bool yields)
{
    ct_call c;

    memset(&c, 0, sizeof(c));
    c.id = ++next_id;
    c.pc = pc;
    c.ret_pc = pc + 4;          /* DDI0487 D1: preferred return address */
    c.fid = fid;
    c.x[0] = fid;
    c.world = world;
    c.el = el;
    c.yields = yields;
    ct_calls_push(s, &c);
    return c;
}

/* An ERET to @pc in @world at @el; *@id: the call returned from, or 0. */
static ct_arrival eret(ct_calls *s, uint8_t world, uint8_t el, uint64_t pc,
                       uint64_t *id)
{
    ct_call done = { 0 };
    ct_arrival a = ct_calls_arrive(s, world, el, pc, true, &done);

    *id = a == CT_ARRIVE_NONE ? 0 : done.id;
    return a;
}

static void test_call_return(void)
{
    ct_calls s = { 0 };
    ct_calls other = { 0 };
    ct_call c;
    uint64_t id;

    tap_begin("call_return: an SMC is returned from by the ERET to its "
              "address + 4 in the caller's world and EL (DDI0487 D1)");
    c = call(&s, NS, 2, 0x60001938, RMI_VERSION, false);
    TAP_EQ_U64(s.depth, 1);
    TAP_EQ_U64(ct_calls_pending(&s), 1);
    /* The return matches on the vCPU that made the call only. */
    TAP_EQ_INT(eret(&other, NS, 2, c.ret_pc, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 1);
    /* Same address, other EL or world: not this call's return. */
    TAP_EQ_INT(eret(&s, NS, 1, c.ret_pc, &id), CT_ARRIVE_NONE);
    TAP_EQ_INT(eret(&s, REALM, 2, c.ret_pc, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 1);
    TAP_EQ_U64(s.nparked, 0);
    TAP_EQ_INT(eret(&s, NS, 2, c.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, c.id);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(ct_calls_pending(&s), 0);
    TAP_EQ_U64(s.lost, 0);
    /* Returned once: a second ERET there is no return. */
    TAP_EQ_INT(eret(&s, NS, 2, c.ret_pc, &id), CT_ARRIVE_NONE);
    tap_end();
}

static void test_hostcall(void)
{
    ct_calls s = { 0 };
    ct_call done, c;

    tap_begin("hostcall: a call QEMU served itself returns to address + 4 "
              "without an ERET; arriving elsewhere sets nothing aside");
    c = call(&s, NS, 2, 0x40000100, PSCI_CPU_OFF, false);
    TAP_EQ_INT(ct_calls_arrive(&s, NS, 2, 0x40000200, false, &done),
               CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 1);
    TAP_EQ_U64(s.nparked, 0);
    TAP_EQ_INT(ct_calls_arrive(&s, NS, 2, c.ret_pc, false, &done),
               CT_ARRIVE_RETURN);
    TAP_EQ_U64(done.id, c.id);
    TAP_EQ_U64(s.depth, 0);
    tap_end();
}

static void test_nested(void)
{
    ct_calls s = { 0 };
    ct_call host, gtsi, inner;
    uint64_t id;

    tap_begin("nested: calls made while one is pending nest (SMCCC) and "
              "return innermost first; depth counts them");
    /* NS-EL2 RMI_GRANULE_DELEGATE; the RMM asks EL3 with GTSI_DELEGATE */
    host = call(&s, NS, 2, 0x60002000, RMI_GRANULE_DELEGATE, false);
    gtsi = call(&s, REALM, 2, 0x40100400, RMM_GTSI_DELEGATE, false);
    inner = call(&s, REALM, 2, 0x40100800, RMI_VERSION, false);
    TAP_EQ_U64(s.depth, 3);
    TAP_EQ_INT(eret(&s, REALM, 2, inner.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, inner.id);
    TAP_EQ_U64(s.depth, 2);
    TAP_EQ_INT(eret(&s, REALM, 2, gtsi.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, gtsi.id);
    TAP_EQ_U64(s.depth, 1);
    TAP_EQ_INT(eret(&s, NS, 2, host.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, host.id);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(s.nparked, 0);
    tap_end();
}

static void test_outer_return_parks_inner(void)
{
    ct_calls s = { 0 };
    ct_call outer, inner;
    uint64_t id;

    tap_begin("outer_return: returning to an outer call sets the calls "
              "above it aside; a later return to one of them is 'resumed'");
    outer = call(&s, NS, 2, 0x60003000, RMI_GRANULE_DELEGATE, false);
    inner = call(&s, REALM, 2, 0x40100500, RMM_GTSI_DELEGATE, false);
    TAP_EQ_INT(eret(&s, NS, 2, outer.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, outer.id);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(s.nparked, 1);
    TAP_EQ_U64(ct_calls_pending(&s), 1);
    TAP_EQ_INT(eret(&s, REALM, 2, inner.ret_pc, &id), CT_ARRIVE_RESUMED);
    TAP_EQ_U64(id, inner.id);
    TAP_EQ_U64(ct_calls_pending(&s), 0);
    TAP_EQ_U64(s.lost, 0);
    tap_end();
}

static void test_rmm_yields(void)
{
    ct_calls s = { 0 };
    ct_call boot, ver, complete, enter, rsi, complete2;
    uint64_t id;

    tap_begin("rmm_yields: RMM_BOOT_COMPLETE and RMM_RMI_REQ_COMPLETE "
              "yield to EL3, which resumes the RMM with the next host "
              "request (TF-A rmmd)");
    /* The RMM's boot ends with a yielding call; EL3 starts the host. */
    boot = call(&s, REALM, 2, 0x40100098, RMM_BOOT_COMPLETE, true);
    TAP_EQ_INT(eret(&s, NS, 2, 0x60000000, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(s.nparked, 1);
    /* The host's RMI_VERSION: EL3 resumes the RMM after its yield. */
    ver = call(&s, NS, 2, 0x60001938, RMI_VERSION, false);
    TAP_EQ_INT(eret(&s, REALM, 2, boot.ret_pc, &id), CT_ARRIVE_RESUMED);
    TAP_EQ_U64(id, boot.id);
    TAP_EQ_U64(s.depth, 1);
    TAP_EQ_U64(s.nparked, 0);
    /* The RMM completes the request: the host's call returns. */
    complete = call(&s, REALM, 2, 0x40100200, RMM_RMI_REQ_COMPLETE, true);
    TAP_EQ_U64(s.depth, 2);
    TAP_EQ_INT(eret(&s, NS, 2, ver.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, ver.id);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(s.nparked, 1);

    /* RMI_REC_ENTER: the RMM resumes, and runs the Realm at EL1. */
    enter = call(&s, NS, 2, 0x60004000, RMI_REC_ENTER, false);
    TAP_EQ_INT(eret(&s, REALM, 2, complete.ret_pc, &id), CT_ARRIVE_RESUMED);
    TAP_EQ_U64(id, complete.id);
    TAP_EQ_INT(eret(&s, REALM, 1, 0x80000000, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 1);             /* the host's REC_ENTER waits */
    TAP_EQ_U64(s.nparked, 0);
    /* The Realm's RSI call, served by the RMM, nests in REC_ENTER. */
    rsi = call(&s, REALM, 1, 0x80000100, RSI_VERSION, false);
    TAP_EQ_U64(s.depth, 2);
    TAP_EQ_INT(eret(&s, REALM, 1, rsi.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, rsi.id);
    TAP_EQ_U64(s.depth, 1);
    /* A REC exit: the RMM completes REC_ENTER; EL3 returns to the host. */
    complete2 = call(&s, REALM, 2, 0x40100200, RMM_RMI_REQ_COMPLETE, true);
    TAP_EQ_INT(eret(&s, NS, 2, enter.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, enter.id);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(s.nparked, 1);
    TAP_EQ_U64(s.parked[0].id, complete2.id);
    TAP_EQ_U64(s.lost, 0);
    tap_end();
}

static void test_host_call(void)
{
    ct_calls s = { 0 };
    ct_call enter, hc, complete, enter2;
    uint64_t id;

    tap_begin("rsi_host_call: a Realm's RSI_HOST_CALL exits to the host and "
              "returns after the next REC_ENTER (resumed)");
    enter = call(&s, NS, 2, 0x60004000, RMI_REC_ENTER, false);
    TAP_EQ_INT(eret(&s, REALM, 1, 0x80000000, &id), CT_ARRIVE_NONE);
    hc = call(&s, REALM, 1, 0x80000200, RSI_HOST_CALL, false);
    complete = call(&s, REALM, 2, 0x40100200, RMM_RMI_REQ_COMPLETE, true);
    TAP_EQ_U64(s.depth, 3);
    /* Back to the host: REC_ENTER returns, the two above are set aside. */
    TAP_EQ_INT(eret(&s, NS, 2, enter.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, enter.id);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(s.nparked, 2);
    /* The host enters the REC again: the RMM, then the Realm, resume. */
    enter2 = call(&s, NS, 2, 0x60004000, RMI_REC_ENTER, false);
    TAP_EQ_INT(eret(&s, REALM, 2, complete.ret_pc, &id), CT_ARRIVE_RESUMED);
    TAP_EQ_U64(id, complete.id);
    TAP_EQ_INT(eret(&s, REALM, 1, hc.ret_pc, &id), CT_ARRIVE_RESUMED);
    TAP_EQ_U64(id, hc.id);
    TAP_EQ_U64(s.depth, 1);
    TAP_EQ_U64(s.stack[0].id, enter2.id);
    TAP_EQ_U64(s.nparked, 0);
    tap_end();
}

static void test_psci(void)
{
    ct_calls s = { 0 };
    ct_call susp, off;
    uint64_t id;

    tap_begin("psci: CPU_SUSPEND resuming at its entry point sets the call "
              "aside (a later return still matches); CPU_OFF stays pending "
              "(DEN0022 5.4, 5.5)");
    /* Power-down suspend: EL3 resumes the caller at the entry point. */
    susp = call(&s, NS, 2, 0x60005000, PSCI_CPU_SUSPEND, false);
    TAP_EQ_INT(eret(&s, NS, 2, 0x60000800, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(s.nparked, 1);
    TAP_EQ_U64(s.parked[0].id, susp.id);
    /* A standby suspend of the same call site returns normally. */
    susp = call(&s, NS, 2, 0x60005000, PSCI_CPU_SUSPEND, false);
    TAP_EQ_INT(eret(&s, NS, 2, susp.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, susp.id);
    /* The parked one is still there, to match a late return. */
    TAP_EQ_U64(s.nparked, 1);
    TAP_EQ_INT(eret(&s, NS, 2, susp.ret_pc, &id), CT_ARRIVE_RESUMED);
    TAP_EQ_U64(ct_calls_pending(&s), 0);
    /* CPU_OFF: nothing comes back; the call is pending at exit. */
    off = call(&s, NS, 1, 0x40000300, PSCI_CPU_OFF, false);
    TAP_EQ_U64(ct_calls_pending(&s), 1);
    TAP_EQ_U64(s.stack[0].id, off.id);
    /* A world switch elsewhere (to the RMM) leaves it waiting. */
    TAP_EQ_INT(eret(&s, REALM, 2, 0x40100000, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 1);
    TAP_EQ_U64(s.lost, 0);
    tap_end();
}

static void test_orphan_eret(void)
{
    ct_calls s = { 0 };
    ct_call c;
    uint64_t id;

    tap_begin("orphan_eret: an ERET that matches no call changes nothing "
              "unless it gives the caller control elsewhere");
    TAP_EQ_INT(eret(&s, NS, 2, 0x60000000, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(ct_calls_pending(&s), 0);
    c = call(&s, NS, 2, 0x60006000, RMI_VERSION, false);
    /* To another world and EL: the (non-yielding) call still waits. */
    TAP_EQ_INT(eret(&s, REALM, 1, 0x80000000, &id), CT_ARRIVE_NONE);
    TAP_EQ_INT(eret(&s, SECURE, 1, 0x0e000000, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 1);
    TAP_EQ_U64(s.nparked, 0);
    TAP_EQ_U64(s.stack[0].id, c.id);
    /* To the caller's world and EL at another address: set aside. */
    TAP_EQ_INT(eret(&s, NS, 2, 0x60006100, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, 0);
    TAP_EQ_U64(s.nparked, 1);
    TAP_EQ_U64(s.lost, 0);
    tap_end();
}

static void test_stack_overflow(void)
{
    ct_calls s = { 0 };
    ct_call first, second, last = { 0 };
    uint64_t id;
    unsigned i;

    tap_begin("stack_overflow: a 17th nested call pushes the oldest out, "
              "counted in lost");
    first = call(&s, NS, 2, 0x60010000, RMI_VERSION, false);
    second = call(&s, REALM, 2, 0x40110000, RMI_VERSION, false);
    for (i = 2; i < CT_CALLS_STACK_MAX; i++) {
        last = call(&s, REALM, 2, 0x40110000 + 0x10 * i, RMI_VERSION, false);
    }
    TAP_EQ_U64(s.depth, CT_CALLS_STACK_MAX);
    TAP_EQ_U64(s.lost, 0);
    last = call(&s, REALM, 2, 0x40120000, RMI_VERSION, false);
    TAP_EQ_U64(s.depth, CT_CALLS_STACK_MAX);
    TAP_EQ_U64(s.lost, 1);
    TAP_EQ_U64(s.stack[0].id, second.id);
    TAP_EQ_U64(s.stack[CT_CALLS_STACK_MAX - 1].id, last.id);
    /* The lost call's return is no longer recognised. */
    TAP_EQ_INT(eret(&s, NS, 2, first.ret_pc, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.depth, CT_CALLS_STACK_MAX);
    TAP_EQ_INT(eret(&s, REALM, 2, last.ret_pc, &id), CT_ARRIVE_RETURN);
    TAP_EQ_U64(id, last.id);
    TAP_EQ_U64(s.depth, CT_CALLS_STACK_MAX - 1);
    tap_end();
}

static void test_parked_overflow(void)
{
    ct_calls s = { 0 };
    ct_call c[CT_CALLS_PARKED_MAX + 1], again;
    uint64_t id;
    unsigned i;

    tap_begin("parked_overflow: set-aside calls are replaced by a newer one "
              "with the same return, or pushed out oldest first; both lost");
    for (i = 0; i <= CT_CALLS_PARKED_MAX; i++) {
        /* Each resumed elsewhere (CPU_SUSPEND-like): parked. */
        c[i] = call(&s, NS, 2, 0x60020000 + 0x100 * i, PSCI_CPU_SUSPEND,
                    false);
        TAP_EQ_INT(eret(&s, NS, 2, 0x60000800, &id), CT_ARRIVE_NONE);
    }
    TAP_EQ_U64(s.nparked, CT_CALLS_PARKED_MAX);
    TAP_EQ_U64(s.lost, 1);
    TAP_EQ_U64(s.parked[0].id, c[1].id);
    TAP_EQ_INT(eret(&s, NS, 2, c[0].ret_pc, &id), CT_ARRIVE_NONE);
    /* The same call site again: it replaces its older call. */
    again = call(&s, NS, 2, c[3].pc, PSCI_CPU_SUSPEND, false);
    TAP_EQ_INT(eret(&s, NS, 2, 0x60000800, &id), CT_ARRIVE_NONE);
    TAP_EQ_U64(s.nparked, CT_CALLS_PARKED_MAX);
    TAP_EQ_U64(s.lost, 2);
    TAP_EQ_INT(eret(&s, NS, 2, c[3].ret_pc, &id), CT_ARRIVE_RESUMED);
    TAP_EQ_U64(id, again.id);
    TAP_EQ_U64(s.nparked, CT_CALLS_PARKED_MAX - 1);
    tap_end();
}

int main(void)
{
    test_call_return();
    test_hostcall();
    test_nested();
    test_outer_return_parks_inner();
    test_rmm_yields();
    test_host_call();
    test_psci();
    test_orphan_eret();
    test_stack_overflow();
    test_parked_overflow();
    return tap_done();
}
