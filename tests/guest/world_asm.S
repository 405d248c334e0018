/*
 * world_asm.S - context save/restore and the lower-EL entry trampoline.
 *
 *   uint64_t ctx_save(struct cpu_ctx *c)
 *       setjmp: saves x19-x30 and sp, returns 0 (or the value given to
 *       ctx_restore when resumed).
 *   void ctx_restore(struct cpu_ctx *c, uint64_t val)      noreturn
 *       longjmp: makes the matching ctx_save/world_switch return val.
 *   uint64_t world_switch(struct cpu_ctx *c, lower_fn fn, uint64_t arg)
 *       saves the EL3 context like ctx_save, then ERETs with x0 = fn and
 *       x1 = arg.  SCR_EL3, SPSR_EL3, ELR_EL3 (= lower_el_entry) and the
 *       lower-EL stack pointers are set up by the caller (world.c).  It
 *       "returns" when EL3 receives HSMC_RETURN and calls ctx_restore.
 */
#include "asm.h"

    .text

.macro save_ctx reg
    stp     x19, x20, [\reg, #CTX_X19 + 0]
    stp     x21, x22, [\reg, #CTX_X19 + 16]
    stp     x23, x24, [\reg, #CTX_X19 + 32]
    stp     x25, x26, [\reg, #CTX_X19 + 48]
    stp     x27, x28, [\reg, #CTX_X19 + 64]
    stp     x29, x30, [\reg, #CTX_X19 + 80]
    mov     x9, sp
    str     x9, [\reg, #CTX_SP]
.endm

    .globl  ctx_save
    .type   ctx_save, %function
ctx_save:
    save_ctx x0
    mov     x0, #0
    ret

    .globl  ctx_restore
    .type   ctx_restore, %function
ctx_restore:
    ldp     x19, x20, [x0, #CTX_X19 + 0]
    ldp     x21, x22, [x0, #CTX_X19 + 16]
    ldp     x23, x24, [x0, #CTX_X19 + 32]
    ldp     x25, x26, [x0, #CTX_X19 + 48]
    ldp     x27, x28, [x0, #CTX_X19 + 64]
    ldp     x29, x30, [x0, #CTX_X19 + 80]
    ldr     x9, [x0, #CTX_SP]
    mov     sp, x9
    mov     x0, x1
    ret

    .globl  world_switch
    .type   world_switch, %function
world_switch:
    save_ctx x0
    mov     x0, x1
    mov     x1, x2
    eret

/*
 * First code executed at the lower EL: call fn(arg), hand the result to
 * EL3.  x0 = fn, x1 = arg; SP_ELx already points at this world/EL's stack.
 */
    .globl  lower_el_entry
    .type   lower_el_entry, %function
lower_el_entry:
    mov     x29, xzr
    mov     x30, xzr
    mov     x9, x0
    mov     x0, x1
    blr     x9
    mov     x1, x0
    mov     x0, #HSMC_RETURN
    smc     #HARNESS_SMC_IMM
    /* Not reached: EL3 never resumes a finished lower-EL function. */
1:  wfi
    b       1b

/*
 * Single accesses that may fault.  The first instruction of each is the
 * access, so a recorded ELR can be compared with the function address.
 */
    .globl  probe_read64
    .type   probe_read64, %function
probe_read64:
    ldr     x0, [x0]
    ret

    .globl  probe_write64
    .type   probe_write64, %function
probe_write64:
    str     x1, [x0]
    ret
