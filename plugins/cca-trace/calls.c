/*
 * qemu-rme: cca-trace, the call/return state machine: which SMC/HVC an
 * exception return or a call served by QEMU returns from (pure logic,
 * unit-tested on the host by plugins/tests/test-cca-calls.c)
 *
 * A call's return is the exception return to the instruction after the
 * SMC/HVC (the preferred return address of an SMC or HVC exception is the
 * address of the instruction after it, DDI0487 D1.x "Preferred exception
 * return address"; ELR_ELx = PC of the SMC/HVC + 4) into the caller's
 * Security state and EL, on the same vCPU.  SMCCC (DEN0028) calls return
 * to their caller; but some callers get control back another way: PSCI
 * CPU_SUSPEND resumes at the entry point it named and CPU_OFF never
 * returns (DEN0022), a hypervisor switches guests, EL3 resumes the RMM with
 * the next request instead of returning RMM_RMI_REQ_COMPLETE (TF-A's
 * RMM-EL3 interface).  Such calls are "parked": matched if their return
 * comes later, dropped (counted lost) when newer ones need the room.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "calls.h"

static void lose(ct_calls *s)
{
    s->lost++;
}

void ct_calls_push(ct_calls *s, const ct_call *c)
{
    if (s->depth == CT_CALLS_STACK_MAX) {
        memmove(&s->stack[0], &s->stack[1],
                (CT_CALLS_STACK_MAX - 1) * sizeof(ct_call));
        s->depth--;
        lose(s);
    }
    s->stack[s->depth++] = *c;
}

static void park(ct_calls *s, const ct_call *c)
{
    unsigned i;

    /* A call with the same caller context and return address replaces it. */
    for (i = 0; i < s->nparked; i++) {
        if (s->parked[i].ret_pc == c->ret_pc && s->parked[i].el == c->el &&
            s->parked[i].world == c->world) {
            s->parked[i] = *c;
            lose(s);
            return;
        }
    }
    if (s->nparked == CT_CALLS_PARKED_MAX) {
        memmove(&s->parked[0], &s->parked[1],
                (CT_CALLS_PARKED_MAX - 1) * sizeof(ct_call));
        s->nparked--;
        lose(s);
    }
    s->parked[s->nparked++] = *c;
}

/* Park the calls on the stack from @from up, and pop them. */
static void park_from(ct_calls *s, unsigned from)
{
    unsigned j;

    for (j = from; j < s->depth; j++) {
        park(s, &s->stack[j]);
    }
    s->depth = from;
}

static bool returns_to(const ct_call *c, uint8_t world, uint8_t el,
                       uint64_t pc)
{
    return c->ret_pc == pc && c->el == el && c->world == world;
}

ct_arrival ct_calls_arrive(ct_calls *s, uint8_t world, uint8_t el,
                           uint64_t pc, bool eret, ct_call *done)
{
    int i;
    unsigned k;

    /* A return to a pending call, innermost first. */
    for (i = (int)s->depth - 1; i >= 0; i--) {
        if (returns_to(&s->stack[i], world, el, pc)) {
            *done = s->stack[i];
            /* Calls made above it hand control back later, if ever. */
            park_from(s, (unsigned)i + 1);
            s->depth = (unsigned)i;
            return CT_ARRIVE_RETURN;
        }
    }
    /* A return to a call that was set aside: e.g. RMM_RMI_REQ_COMPLETE. */
    for (k = 0; k < s->nparked; k++) {
        if (returns_to(&s->parked[k], world, el, pc)) {
            *done = s->parked[k];
            memmove(&s->parked[k], &s->parked[k + 1],
                    (s->nparked - k - 1) * sizeof(ct_call));
            s->nparked--;
            return CT_ARRIVE_RESUMED;
        }
    }
    if (!s->depth || !eret) {
        return CT_ARRIVE_NONE;
    }
    /*
     * Not a return.  A caller that gets control back somewhere else is no
     * longer waiting (PSCI CPU_SUSPEND resuming at its entry point, a
     * hypervisor switching guests): set its call aside with those above.
     */
    for (i = 0; i < (int)s->depth; i++) {
        if (s->stack[i].el == el && s->stack[i].world == world) {
            park_from(s, (unsigned)i);
            return CT_ARRIVE_NONE;
        }
    }
    /*
     * A yielding call (the RMM completing a request) whose caller does not
     * get control now: EL3 has moved on.
     */
    if (s->stack[s->depth - 1].yields) {
        park(s, &s->stack[s->depth - 1]);
        s->depth--;
    }
    return CT_ARRIVE_NONE;
}
