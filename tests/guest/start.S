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
    /*
     * With -smp 2 (run-qemu.sh SMP=2) the loader also starts CPU 1 here:
     * it waits on its own stack for smp.c to hand it work.  Other CPUs
     * stay parked.
     */
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff               /* Aff0 */
    cbz     x0, primary
    cmp     x0, #1
    b.ne    park
    adrp    x0, __stack_el3_cpu1_top
    add     x0, x0, :lo12:__stack_el3_cpu1_top
    mov     sp, x0
    mov     x29, xzr
    mov     x30, xzr
1:  adrp    x0, smp_cpu1_entry          /* in .data: not cleared by CPU 0 */
    ldr     x1, [x0, :lo12:smp_cpu1_entry]
    cbnz    x1, 2f
    wfe
    b       1b
2:  blr     x1
park:
    wfi
    b       park
primary:
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
