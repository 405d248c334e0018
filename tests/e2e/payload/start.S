/*
 * qemu-rme demo payload: entry at Non-secure EL2 (BL33 of TF-A).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
	.section .text.start, "ax"
	.global _start
_start:
	ldr	x1, =__stack_top
	mov	sp, x1
	/* clear .bss */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adr	x1, el2_vectors
	msr	vbar_el2, x1
	isb
	bl	payload_main
	/* payload_main does not return; park if it does */
3:	wfi
	b	3b

/*
 * Secondary CPUs (storm.c), from PSCI CPU_ON with context_id = CPU number
 * in x0: a stack of their own, the same vectors, then secondary_main(x0).
 */
#ifdef STORM_GRANULES
	.global secondary_start
secondary_start:
	ldr	x1, =secondary_stacks
	add	x1, x1, x0, lsl #12
	add	sp, x1, #4096
	adr	x1, el2_vectors
	msr	vbar_el2, x1
	isb
	bl	secondary_main
4:	wfi
	b	4b
#endif

/*
 * EL2 vectors: only synchronous exceptions from the current EL with SP_ELx
 * are expected (the demo's granule protection fault).  Every entry saves
 * the caller-saved registers and calls el2_sync(kind), which records the
 * syndrome and steps over the faulting instruction.
 */
	.macro	vec kind
	.balign	0x80
	sub	sp, sp, #(20 * 8)
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mov	x0, #\kind
	bl	el2_exception
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #(20 * 8)
	eret
	.endm

	.balign	0x800
el2_vectors:
	vec 0	/* current EL, SP_EL0: sync */
	vec 1	/* irq */
	vec 2	/* fiq */
	vec 3	/* serror */
	vec 4	/* current EL, SP_ELx: sync */
	vec 5
	vec 6
	vec 7
	vec 8	/* lower EL, AArch64 */
	vec 9
	vec 10
	vec 11
	vec 12	/* lower EL, AArch32 */
	vec 13
	vec 14
	vec 15
