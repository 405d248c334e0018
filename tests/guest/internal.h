/*
 * internal.h - interfaces between the harness's own files.  Tests use
 * harness.h only.
 */
#ifndef GUEST_INTERNAL_H
#define GUEST_INTERNAL_H

#include <stdint.h>

#include "asm.h"
#include "harness.h"

/* Saved EL3 context for ctx_save / ctx_restore / world_switch. */
struct cpu_ctx {
    uint64_t x19_x30[12];
    uint64_t sp;
    uint64_t pad;
};
_Static_assert(sizeof(struct cpu_ctx) == CTX_SIZE, "cpu_ctx layout");

uint64_t ctx_save(struct cpu_ctx *c) __attribute__((returns_twice));
void ctx_restore(struct cpu_ctx *c, uint64_t val) __attribute__((noreturn));
uint64_t world_switch(struct cpu_ctx *c, lower_fn fn, uint64_t arg);
extern char lower_el_entry[];

extern char vectors_el1[], vectors_el2[], vectors_el3[];

/* world.c */
extern volatile enum world cur_world;   /* world of the running code */
/* GPC exceptions (EC 0x1E) taken to EL3 in the whole run (exceptions.c) */
extern unsigned int exc_gpc_count;
void el3_init(void);                    /* known EL3 state, vectors */
void world_reset(void);                 /* back to EL3 defaults */
void world_return(uint64_t val) __attribute__((noreturn));
extern bool have_rme;

/* exceptions.c: what vectors.S pushes (asm.h FRAME_*) */
struct exc_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t pad;
};
/* Called by vectors.S; kind = vector slot 0-15, el = EL taken to. */
void exc_handle(struct exc_frame *f, unsigned int kind, unsigned int el);
void exc_reset(void);

/* mmu.c: HSMC_YIELD at EL3 (mmu_run_pingpong()); false outside one */
bool pingpong_yield(struct exc_frame *f);
/* mmu.c: true while mmu_run_pingpong()'s side b runs */
bool pingpong_in_b(void);

/* harness.c */
void harness_main(void) __attribute__((noreturn));    /* from start.S */
void test_abort_el3(void) __attribute__((noreturn));
/* Print, then stop the whole run with a failure.  Any EL. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* exit.c */
void platform_exit(int code) __attribute__((noreturn));

/* gpt-table.c */
void gpc_reset(void);

/* mpe.c */
void mpe_reset(void);

#endif /* GUEST_INTERNAL_H */
