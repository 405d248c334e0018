/*
 * asm.h - constants shared between C and assembly.
 */
#ifndef GUEST_ASM_H
#define GUEST_ASM_H

/*
 * Exception frame pushed by the vectors (vectors.S) and seen by C as
 * struct exc_frame (exceptions.c): x0..x30, ELR, SPSR, padding.
 */
#define FRAME_X(n)          ((n) * 8)
#define FRAME_ELR           (31 * 8)
#define FRAME_SPSR          (32 * 8)
#define FRAME_SIZE          (34 * 8)        /* multiple of 16 */

/*
 * Saved EL3 execution context (struct cpu_ctx): x19..x30, sp.
 * Used like setjmp/longjmp by ctx_save/ctx_restore and world_switch.
 */
#define CTX_X19             0
#define CTX_SP              (12 * 8)
#define CTX_SIZE            (14 * 8)

/*
 * Harness calls from a lower EL to EL3: "SMC #HARNESS_SMC_IMM" with the
 * operation in x0.  The immediate keeps them apart from SMCs that tests
 * make on purpose.
 */
#define HARNESS_SMC_IMM     0x4854      /* "HT" */
#define HSMC_RETURN         1           /* x1 = lower-EL function result */
#define HSMC_ABORT          2           /* abort the current test */
#define HSMC_YIELD          3           /* switch sides (mmu_run_pingpong) */

#define STR_(x)             #x
#define STR(x)              STR_(x)     /* stringify after expansion */

/* Per-(world, EL) stack size. */
#define LOWER_STACK_SIZE    0x4000
#define EL3_STACK_SIZE      0x4000

#endif /* GUEST_ASM_H */
