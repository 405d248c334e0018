/*
 * The contract between tests/e2e/realm-host (the Non-secure EL2 host) and
 * tests/e2e/realm-payload (the Realm's EL1 image): where the host puts the
 * Realm in its IPA space, and the host calls they speak.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef REALM_H
#define REALM_H

/*
 * IPA layout of every Realm the host builds (4KB granules):
 *   [IMAGE, IMAGE + IMAGE_MAX)   the payload image, RMI_DATA_CREATE measured
 *   [SCRATCH, SCRATCH_END)       stack, .bss and buffers,
 *                                RMI_DATA_CREATE_UNKNOWN (not measured)
 *   EXTRA                        configurations with an extra image page:
 *                                RMI_DATA_CREATE measured
 * RTT_INIT_RIPAS covers [IMAGE, RIPAS_TOP) with level 3 entries.
 */
#define REALM_S2SZ          39
#define REALM_IMAGE         0x40000000UL
#define REALM_IMAGE_MAX     0x10000UL
#define REALM_SCRATCH       0x40010000UL
#define REALM_SCRATCH_PAGES 8
#define REALM_SCRATCH_END   (REALM_SCRATCH + REALM_SCRATCH_PAGES * 0x1000UL)
/* the scratch page the Realm gives back with RSI_IPA_STATE_SET(EMPTY) */
#define REALM_SPARE         (REALM_SCRATCH_END - 0x1000UL)
#define REALM_EXTRA         0x40020000UL
#define REALM_RIPAS_TOP     0x40030000UL

/* The host's console for the Realm: byte writes to this offset of the
 * unprotected IPA space (the top IPA bit set) are emulated MMIO. */
#define REALM_CONSOLE_OFF   0x09000000UL

/* RSI_HOST_CALL immediates (DEN0137 B5.3.4: the host defines them) */
#define HOSTCALL_ECHO       0x1     /* host returns gprs[0..3] + 1 */
#define HOSTCALL_TOKEN      0x2     /* gprs[0] offset, gprs[1] length,
                                     * gprs[2..] token bytes */
#define HOSTCALL_TOKEN_MAX  (29 * 8)

#endif /* REALM_H */
