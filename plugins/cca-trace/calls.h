/*
 * qemu-rme: cca-trace, the call/return state machine: which SMC/HVC an
 * exception return or a call served by QEMU returns from (pure logic)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TRACE_CALLS_H
#define CCA_TRACE_CALLS_H

#include <stdbool.h>
#include <stdint.h>

/* One SMC or HVC, as its caller made it. */
typedef struct ct_call {
    uint64_t id;            /* 1, 2, ... in the order calls are made */
    uint64_t pc;            /* the SMC/HVC */
    uint64_t ret_pc;        /* where its return lands: pc + 4 */
    uint64_t icount;        /* instruction count at the call */
    uint64_t x[7];          /* x0 (function ID) .. x6 */
    uint32_t fid;
    uint8_t world, el;      /* the caller's (cca_world, 0..3) */
    bool hvc;
    bool yields;            /* EL3 may resume the caller with a new request */
} ct_call;

#define CT_CALLS_STACK_MAX  16
#define CT_CALLS_PARKED_MAX 8

/*
 * The calls of one vCPU that wait for their return: a stack (nesting:
 * a call made while handling another, e.g. the RMM's RSI handling inside a
 * host's RMI_REC_ENTER) and a few "parked" calls, whose caller got control
 * back by another path and may still be returned to later.  Calls pushed
 * out of a full stack or table are counted in @lost.
 */
typedef struct ct_calls {
    unsigned depth;
    ct_call stack[CT_CALLS_STACK_MAX];
    unsigned nparked;
    ct_call parked[CT_CALLS_PARKED_MAX];
    uint64_t lost;
} ct_calls;

/* What arriving somewhere meant for the pending calls. */
typedef enum ct_arrival {
    CT_ARRIVE_NONE,         /* no return: nothing, or calls set aside */
    CT_ARRIVE_RETURN,       /* the return of a call on the stack */
    CT_ARRIVE_RESUMED,      /* the return of a parked call */
} ct_arrival;

/* A call was made: on the stack (the oldest pushed out when full). */
void ct_calls_push(ct_calls *s, const ct_call *c);

/*
 * Control arrives at @pc in @world at @el, by an exception return (@eret)
 * or else after a call QEMU served itself.  On a return, *@done is the
 * call returned from and the new depth is s->depth.
 */
ct_arrival ct_calls_arrive(ct_calls *s, uint8_t world, uint8_t el,
                           uint64_t pc, bool eret, ct_call *done);

/* Calls still waiting: on the stack and parked. */
static inline unsigned ct_calls_pending(const ct_calls *s)
{
    return s->depth + s->nparked;
}

#endif
