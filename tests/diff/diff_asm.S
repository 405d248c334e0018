/*
 * diff_asm.S - probe instructions and the probe-window exception vectors
 * of the GPC differential test.
 *
 * While a probe is armed (diff_exc.armed != 0) these vector tables catch
 * the one synchronous exception a probe may cause - a GPC exception
 * (EC 0x1E) or an Instruction/Data Abort (EC 0x20/0x21/0x24/0x25) - record
 * its syndrome and resume the probe:
 *   - data access: at the next instruction (ELR + 4);
 *   - instruction fetch (EC 0x20/0x21, or EC 0x1E with ISS.InD = 1): at
 *     the return address in x30, i.e. as if the fetched "function" had
 *     returned (diff_probe_fetch calls the probed address with BLR).
 * With diff_exc.unwind set, an exception taken to EL3 ends the run_at()
 * instead (the requester could not even fetch its first instruction).
 * Everything else (the harness's own SMCs, unexpected exceptions) goes to
 * the harness vectors at the same offset with all registers intact.
 *
 * Vector layout: Arm ARM DDI0487 D1.3.x "Exception vectors"; slot 4 is
 * "current EL with SP_ELx, synchronous", slot 8 "lower EL, AArch64,
 * synchronous".  ESR_ELx.ISS.InD for a GPC exception: D24.2 ESR_EL3.
 */
#include "asm.h"

/* struct diff_exc in diff.c */
#define DX_ARMED    0
#define DX_TAKEN    8
#define DX_EL       16
#define DX_ESR      24
#define DX_FAR      32
#define DX_ELR      40
#define DX_SPSR     48
#define DX_MFAR     56
#define DX_UNWIND   64

/* Catch slot: x0/x1 saved on the current stack. */
.macro catch el, slot
    .balign 0x80
    stp     x0, x1, [sp, #-16]!
    adrp    x0, diff_exc
    add     x0, x0, :lo12:diff_exc
    ldr     x1, [x0, #DX_ARMED]
    cbz     x1, 1f
    mrs     x1, esr_el\el
    lsr     x1, x1, #26
    cmp     x1, #0x1e
    b.eq    diff_record_el\el
    bic     x1, x1, #1                  /* 0x20/0x21, 0x24/0x25 */
    cmp     x1, #0x20
    b.eq    diff_record_el\el
    cmp     x1, #0x24
    b.eq    diff_record_el\el
1:  ldp     x0, x1, [sp], #16
    b       vectors_el\el + \slot * 0x80
.endm

.macro forward el, slot
    .balign 0x80
    b       vectors_el\el + \slot * 0x80
.endm

.macro diff_vector_table el
    .section .text.diff_vectors_el\el, "ax"
    .balign 0x800
    .globl  diff_vectors_el\el
diff_vectors_el\el:
    forward \el, 0
    forward \el, 1
    forward \el, 2
    forward \el, 3
    catch   \el, 4
    forward \el, 5
    forward \el, 6
    forward \el, 7
    catch   \el, 8
    forward \el, 9
    forward \el, 10
    forward \el, 11
    forward \el, 12
    forward \el, 13
    forward \el, 14
    forward \el, 15

/* x0 = &diff_exc; the interrupted x0/x1 are on the stack. */
diff_record_el\el:
    str     xzr, [x0, #DX_ARMED]
    mov     x1, #1
    str     x1, [x0, #DX_TAKEN]
    mov     x1, #\el
    str     x1, [x0, #DX_EL]
    mrs     x1, far_el\el
    str     x1, [x0, #DX_FAR]
    mrs     x1, elr_el\el
    str     x1, [x0, #DX_ELR]
    mrs     x1, spsr_el\el
    str     x1, [x0, #DX_SPSR]
    .if \el == 3
    mrs     x1, S3_6_C6_C0_5            /* MFAR_EL3 */
    .else
    mov     x1, xzr
    .endif
    str     x1, [x0, #DX_MFAR]
    mrs     x1, esr_el\el
    str     x1, [x0, #DX_ESR]
    /* fetch or data? */
    lsr     x0, x1, #26
    cmp     x0, #0x20
    b.eq    2f
    cmp     x0, #0x21
    b.eq    2f
    cmp     x0, #0x1e
    b.ne    3f
    tbnz    x1, #20, 2f                 /* GPC exception, ISS.InD */
3:  mrs     x1, elr_el\el               /* data: skip the access */
    add     x1, x1, #4
    msr     elr_el\el, x1
    b       4f
2:  msr     elr_el\el, x30              /* fetch: return to the caller */
4:
    .if \el == 3
    adrp    x0, diff_exc
    add     x0, x0, :lo12:diff_exc
    ldr     x1, [x0, #DX_UNWIND]
    cbnz    x1, 5f
    .endif
    ldp     x0, x1, [sp], #16
    eret
    .if \el == 3
    /*
     * An "entry" probe: the lower EL could not fetch its first
     * instruction, so it cannot run at all.  End run_at() as if the
     * lower-EL function had returned 0 (the harness's HSMC_RETURN path).
     */
5:  str     xzr, [x0, #DX_UNWIND]
    add     sp, sp, #16
    mov     x0, xzr
    b       world_return
    .endif
.endm

    diff_vector_table 3
    diff_vector_table 2
    diff_vector_table 1

    .text
/*
 * The probes.  x0 = address.  The first instruction of the data probes is
 * the access (a recorded ELR is compared with the symbol address).
 */
    .globl  diff_probe_read
    .type   diff_probe_read, %function
diff_probe_read:
    ldr     x0, [x0]
    ret

    .globl  diff_probe_write
    .type   diff_probe_write, %function
diff_probe_write:
    str     x0, [x0]
    ret

    .globl  diff_probe_fetch
    .type   diff_probe_fetch, %function
diff_probe_fetch:
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    blr     x0
    ldp     x29, x30, [sp], #16
    ret
