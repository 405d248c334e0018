/*
 * start.S - image entry.  The loader (QEMU's generic loader, or FVP's
 * -a option) sets the PC to _start; the PE is expected at EL3 in AArch64
 * straight out of reset (Arm ARM DDI0487 D1.6.3 "Reset behavior": the PE
 * enters the highest implemented Exception level, using SP_ELx).
 *
 * This file only sets up a stack, clears .bss and calls harness_main();
 * everything else is C.  CurrentEL at entry is saved for the self-test.
 */
#include "asm.h"

    .section .text.entry, "ax"
    .globl _start
_start:
    msr     daifset, #0xf               /* no interrupts, ever */
    mrs     x19, CurrentEL
    ubfx    x19, x19, #2, #2

    adrp    x0, __stack_el3_top
    add     x0, x0, :lo12:__stack_el3_top
    mov     sp, x0
    mov     x29, xzr
    mov     x30, xzr

    /* Clear .bss (8-byte aligned by the linker script). */
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:
    adrp    x0, boot_current_el
    str     x19, [x0, :lo12:boot_current_el]

    bl      harness_main
3:  wfi                                 /* harness_main does not return */
    b       3b
