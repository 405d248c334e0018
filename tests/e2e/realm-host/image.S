/*
 * The Realm payload's image inside the host, granule aligned so that each
 * page can be the source of an RMI_DATA_CREATE.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
	.section .rodata.realm_image, "a"
	.balign	4096
	.global	realm_image, realm_image_end
realm_image:
	.incbin	REALM_BIN
realm_image_end:
	.balign	4096
