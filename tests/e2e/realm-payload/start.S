/*
 * qemu-rme Realm payload: entry at Realm EL1, stage 1 off (VA = IPA).
 * x0 = the configuration number the host put in the REC's gprs, x1 the
 * number of PMU counters the host gave the Realm (0: no PMU).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
	.section .text.start, "ax"
	.global _start
_start:
	mov	x19, x0
	mov	x20, x1
	ldr	x1, =__stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adr	x1, el1_vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	mov	x1, x20
	bl	realm_main
	/* realm_main ends with PSCI SYSTEM_OFF; park if it returns */
3:	wfi
	b	3b

/* Any exception is unexpected: report it and power the Realm off. */
	.macro	vec kind
	.balign	0x80
	mov	x0, #\kind
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	b	realm_exception
	.endm

	.balign	0x800
el1_vectors:
	.irp	k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vec	\k
	.endr
