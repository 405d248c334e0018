/*
 * vectors.S - exception vector tables for EL3, EL2 and EL1.
 *
 * The three tables are identical apart from the ELR/SPSR registers they
 * use.  Every entry pushes a struct exc_frame (asm.h) on the current
 * stack and calls
 *
 *     void exc_handle(struct exc_frame *f, unsigned int kind, unsigned int el)
 *
 * where kind is the vector slot (0-15: {SP_EL0, SP_ELx, lower AArch64,
 * lower AArch32} x {sync, IRQ, FIQ, SError}).  If exc_handle returns, the
 * (possibly modified) frame is restored and the handler ERETs.
 * Vector layout: Arm ARM DDI0487 D1.4.1.6 "Exception vectors".
 */
#include "asm.h"

.macro ventry el, kind
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #FRAME_X(0)]
    mov     x0, #\kind
    b       exc_common_el\el
.endm

.macro vector_table el
    .section .text.vectors_el\el, "ax"
    .balign 0x800
    .globl  vectors_el\el
vectors_el\el:
    .irp kind, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    ventry  \el, \kind
    .endr

exc_common_el\el:
    stp     x2, x3, [sp, #FRAME_X(2)]
    stp     x4, x5, [sp, #FRAME_X(4)]
    stp     x6, x7, [sp, #FRAME_X(6)]
    stp     x8, x9, [sp, #FRAME_X(8)]
    stp     x10, x11, [sp, #FRAME_X(10)]
    stp     x12, x13, [sp, #FRAME_X(12)]
    stp     x14, x15, [sp, #FRAME_X(14)]
    stp     x16, x17, [sp, #FRAME_X(16)]
    stp     x18, x19, [sp, #FRAME_X(18)]
    stp     x20, x21, [sp, #FRAME_X(20)]
    stp     x22, x23, [sp, #FRAME_X(22)]
    stp     x24, x25, [sp, #FRAME_X(24)]
    stp     x26, x27, [sp, #FRAME_X(26)]
    stp     x28, x29, [sp, #FRAME_X(28)]
    str     x30, [sp, #FRAME_X(30)]
    mrs     x2, elr_el\el
    mrs     x3, spsr_el\el
    stp     x2, x3, [sp, #FRAME_ELR]

    mov     x1, x0                      /* kind */
    mov     x0, sp                      /* frame */
    mov     x2, #\el
    mov     x29, xzr                    /* terminate frame-pointer chain */
    bl      exc_handle

    ldp     x2, x3, [sp, #FRAME_ELR]
    msr     elr_el\el, x2
    msr     spsr_el\el, x3
    ldp     x0, x1, [sp, #FRAME_X(0)]
    ldp     x2, x3, [sp, #FRAME_X(2)]
    ldp     x4, x5, [sp, #FRAME_X(4)]
    ldp     x6, x7, [sp, #FRAME_X(6)]
    ldp     x8, x9, [sp, #FRAME_X(8)]
    ldp     x10, x11, [sp, #FRAME_X(10)]
    ldp     x12, x13, [sp, #FRAME_X(12)]
    ldp     x14, x15, [sp, #FRAME_X(14)]
    ldp     x16, x17, [sp, #FRAME_X(16)]
    ldp     x18, x19, [sp, #FRAME_X(18)]
    ldp     x20, x21, [sp, #FRAME_X(20)]
    ldp     x22, x23, [sp, #FRAME_X(22)]
    ldp     x24, x25, [sp, #FRAME_X(24)]
    ldp     x26, x27, [sp, #FRAME_X(26)]
    ldp     x28, x29, [sp, #FRAME_X(28)]
    ldr     x30, [sp, #FRAME_X(30)]
    add     sp, sp, #FRAME_SIZE
    eret
.endm

    vector_table 3
    vector_table 2
    vector_table 1
