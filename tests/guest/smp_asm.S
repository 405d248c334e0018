/*
 * smp_asm.S - CPU 1's exception vectors (smp.c).
 *
 * CPU 1 does not use the harness's handlers (their state is CPU 0's).
 * At EL3 every exception ends the cpu1_run_lower() in progress: the
 * harness SMC HSMC_RETURN with its x1, anything else with ~0 after
 * recording ESR_EL3 in smp_cpu1_esr.  At EL1 (and EL2) every exception
 * returns (1 << 63) | ESR_ELx to EL3 through HSMC_RETURN.
 */
#include "asm.h"

.macro ventry_to target
    .balign 0x80
    b       \target
.endm

    .section .text.vectors_smp_el3, "ax"
    .balign 0x800
    .globl  smp_vectors_el3
smp_vectors_el3:
    .rept   16
    ventry_to smp_el3_any
    .endr

smp_el3_any:
    mrs     x2, esr_el3
    lsr     x3, x2, #26
    cmp     x3, #0x17                   /* SMC from AArch64 */
    b.ne    1f
    and     x3, x2, #0xffff
    mov     x4, #HARNESS_SMC_IMM
    cmp     x3, x4
    b.ne    1f
    cmp     x0, #HSMC_RETURN
    b.ne    1f
    adrp    x0, cpu1_ctx
    add     x0, x0, :lo12:cpu1_ctx
    b       ctx_restore                 /* x1 = the lower EL's result */
1:  adrp    x3, smp_cpu1_esr
    str     x2, [x3, :lo12:smp_cpu1_esr]
    adrp    x0, cpu1_ctx
    add     x0, x0, :lo12:cpu1_ctx
    mov     x1, #-1
    b       ctx_restore

.macro lower_vectors el
    .section .text.vectors_smp_el\el, "ax"
    .balign 0x800
    .globl  smp_vectors_el\el
smp_vectors_el\el:
    .rept   16
    ventry_to smp_el\el\()_any
    .endr
smp_el\el\()_any:
    mrs     x1, esr_el\el
    orr     x1, x1, #(1 << 63)
    mov     x0, #HSMC_RETURN
    smc     #HARNESS_SMC_IMM
2:  b       2b
.endm

    lower_vectors 1
    lower_vectors 2
