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
