/*
 * gpt.h - building a Granule Protection Table and turning granule
 * protection checks on and off, for tests.  Arm ARM DDI0487 chapter D9
 * "The Granule Protection Check", GPCCR_EL3 and GPTBR_EL3 (D24.2).
 *
 * The table made by gpt_init() covers a 4 GiB protected PA space
 * (GPCCR_EL3.PPS = 32 bits) with 4 KiB granules (PGS = 4KB):
 *   - level 0: one descriptor per 1 GiB (L0GPTSZ must read as 30 bits);
 *     all Block descriptors with GPI "All access", except
 *   - the 1 GiB region that holds the test image, which has a level 1
 *     table of Granules descriptors, all "All access" initially.
 * Tests then change single granules of that region with gpt_set_gpi().
 * Everything the harness touches (image, stacks, UART) stays All access,
 * so every world can run and report with GPC enabled.
 */
#ifndef GUEST_GPT_H
#define GUEST_GPT_H

#include <stdbool.h>
#include <stdint.h>

/* GPI encodings, D9.6.5 "GPI field encoding in GPT descriptors". */
#define GPI_NO_ACCESS   0x0
#define GPI_SECURE      0x8
#define GPI_NONSECURE   0x9
#define GPI_ROOT        0xa
#define GPI_REALM       0xb
#define GPI_ALL         0xf

#define GPT_GRANULE     0x1000UL

/* GPCCR_EL3 fields (D24.2 GPCCR_EL3). */
#define GPCCR_PPS_SHIFT         0
#define GPCCR_PPS_4GB           0x0UL           /* 32 bits */
#define GPCCR_IRGN_SHIFT        8
#define GPCCR_ORGN_SHIFT        10
#define GPCCR_SH_SHIFT          12
#define GPCCR_SH_OUTER          0x2UL
#define GPCCR_PGS_SHIFT         14
#define GPCCR_PGS_4KB           0x0UL
#define GPCCR_GPC               (1UL << 16)
#define GPCCR_L0GPTSZ_SHIFT     20
#define GPCCR_L0GPTSZ_MASK      0xfUL

/*
 * Build the table (GPC stays off).  Fails the test and returns false if
 * the PE lacks FEAT_RME or has an L0GPTSZ other than 1 GiB.
 */
bool gpt_init(void);
/* Set the GPI of the granule holding pa (must be in the L1 region). */
void gpt_set_gpi(uintptr_t pa, unsigned int gpi);
/* Turn checks on with the table from gpt_init(), invalidating caches. */
void gpc_enable(void);
/* Turn checks off (GPCCR_EL3.GPC = 0) and invalidate GPT caches. */
void gpc_disable(void);

#endif /* GUEST_GPT_H */
