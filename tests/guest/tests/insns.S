/*
 * insns.S - single instructions for exception tests, each as a function
 * whose first instruction is the one of interest.  The <name>_next
 * labels mark the instruction after it (the preferred return address of
 * an executed SVC/HVC/SMC).
 */
    .text

    .globl  do_udf
    .type   do_udf, %function
do_udf:
    udf     #0
    ret

/* SMC #0x1234 with x0 passed through. */
    .globl  do_smc_1234, do_smc_1234_next
    .type   do_smc_1234, %function
do_smc_1234:
    smc     #0x1234
do_smc_1234_next:
    ret

    .globl  do_hvc_42, do_hvc_42_next
    .type   do_hvc_42, %function
do_hvc_42:
    hvc     #42
do_hvc_42_next:
    ret

/*
 * uint64_t illegal_eret(uint64_t spsr)   (EL3 only)
 * ERET with SPSR_EL3 = spsr and ELR_EL3 = illegal_eret_target.  For an
 * illegal exception return the PE stays at EL3 with PSTATE.IL = 1 and
 * the first instruction at the target takes an Illegal Execution state
 * exception; the harness resumes after it (ELR + 4, SPSR.IL cleared),
 * which returns to the caller through the unchanged x30.
 */
    .globl  illegal_eret, illegal_eret_target
    .type   illegal_eret, %function
illegal_eret:
    msr     spsr_el3, x0
    adr     x1, illegal_eret_target
    msr     elr_el3, x1
    eret
illegal_eret_target:
    nop
    ret
