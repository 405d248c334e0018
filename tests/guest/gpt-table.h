/*
 * gpt-table.h - building a Granule Protection Table and turning granule
 * protection checks on and off, for tests.  Arm ARM DDI0487 chapter D9
 * "The Granule Protection Check", GPCCR_EL3 and GPTBR_EL3 (D24.2).
 *
 * gpt_init() builds the default table: a 4 GiB protected PA space
 * (GPCCR_EL3.PPS = 32 bits) with 4 KiB granules (PGS = 4KB).
 * gpt_init_layout() builds the same shape for any PPS and PGS.  Both
 * adapt to the PE's read-only GPCCR_EL3.L0GPTSZ (s = 30, 34, 36 or 39
 * bits):
 *   - level 0: one descriptor per 2^s bytes (a single one at index 0 when
 *     PPS <= s, R_RDYKY).  Every descriptor (those below 1 TiB if there
 *     are more than 8192) is a Block descriptor with GPI "All access",
 *     except
 *   - the 2^s region that holds the test image (the "level 1 region"),
 *     which has a level 1 table of Granules descriptors, "All access" for
 *     every PA below 4 GiB.
 * The tables live in the board's GPT pool (board.h), not in the image.
 * Tests then change granules of the level 1 region with gpt_set_gpi(), or
 * rewrite descriptors directly (gpt_l0_desc(), gpt_l1_desc()).
 * Everything the harness touches (image, stacks, UART) stays All access,
 * so every world can run and report with GPC enabled.
 */
#ifndef GUEST_GPT_TABLE_H
#define GUEST_GPT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* GPI encodings, D9.6.5 "GPI field encoding in GPT descriptors". */
#define GPI_NO_ACCESS   0x0
#define GPI_SECURE      0x8
#define GPI_NONSECURE   0x9
#define GPI_ROOT        0xa
#define GPI_REALM       0xb
#define GPI_SA          0x4     /* FEAT_RME_GDI: reserved unless GPCCR_EL3.SA */
#define GPI_NSP         0x5     /* ... unless GPCCR_EL3.NSP */
#define GPI_NA6         0x6     /* ... unless GPCCR_EL3.NA6 */
#define GPI_NA7         0x7     /* ... unless GPCCR_EL3.NA7 */
#define GPI_NSO         0xd     /* reserved unless GPCCR_EL3.NSO = 1 */
#define GPI_ALL         0xf

/* Size of a granule of the default layout (PGS = 4KB). */
#define GPT_GRANULE     0x1000UL

/* GPCCR_EL3 fields (D24.2.56 GPCCR_EL3). */
#define GPCCR_PPS_SHIFT         0
#define GPCCR_PPS_MASK          0x7UL
#define GPCCR_PPS_4GB           0x0UL           /* 32 bits */
#define GPCCR_PPS_64GB          0x1UL           /* 36 bits */
#define GPCCR_PPS_1TB           0x2UL           /* 40 bits */
#define GPCCR_PPS_4TB           0x3UL           /* 42 bits */
#define GPCCR_PPS_16TB          0x4UL           /* 44 bits */
#define GPCCR_PPS_256TB         0x5UL           /* 48 bits */
#define GPCCR_PPS_4PB           0x6UL           /* 52 bits */
/* With FEAT_RME_GPC3, {PPS3, PPS} (PPS3 = bit 3): */
#define GPCCR_PPS_64PB          0x7UL           /* 56 bits */
#define GPCCR_PPS_64TB          0x8UL           /* 46 bits */
#define GPCCR_PPS_128TB         0x9UL           /* 47 bits */
#define GPCCR_PPS3              (1UL << 3)
#define GPCCR_RLPAD             (1UL << 5)
#define GPCCR_NSPAD             (1UL << 6)
#define GPCCR_SPAD              (1UL << 7)
#define GPCCR_IRGN_SHIFT        8
#define GPCCR_ORGN_SHIFT        10
#define GPCCR_SH_SHIFT          12
#define GPCCR_SH_NON            0x0UL
#define GPCCR_SH_OUTER          0x2UL
#define GPCCR_SH_INNER          0x3UL
#define GPCCR_PGS_SHIFT         14
#define GPCCR_PGS_4KB           0x0UL
#define GPCCR_PGS_64KB          0x1UL
#define GPCCR_PGS_16KB          0x2UL
#define GPCCR_GPC               (1UL << 16)
#define GPCCR_GPCP              (1UL << 17)
#define GPCCR_NSO               (1UL << 19)
#define GPCCR_L0GPTSZ_SHIFT     20
#define GPCCR_L0GPTSZ_MASK      0xfUL
#define GPCCR_APPSAA            (1UL << 24)
/* FEAT_RME_GDI: enables of GPIs 0b0100-0b0111 (RES0 without it). */
#define GPCCR_SA                (1UL << 25)
#define GPCCR_NSP               (1UL << 26)
#define GPCCR_NA6               (1UL << 27)
#define GPCCR_NA7               (1UL << 28)
/* FEAT_RME_GPC3: GPC bypass windows of GPCBW_EL3 (RES0 without it). */
#define GPCCR_GPCBW             (1UL << 29)

/* GPCBW_EL3 fields (FEAT_RME_GPC3). */
#define GPCBW_BWADDR_MASK       0x3ffffffUL     /* [25:0]: base PA[55:30] */
#define GPCBW_BWSTRIDE_SHIFT    32              /* [36:32] */
#define GPCBW_BWSTRIDE_MASK     0x1fUL
#define GPCBW_BWSIZE_SHIFT      37              /* [39:37] */
#define GPCBW_BWSIZE_MASK       0x7UL
#define GPCBW(size, stride, addr) \
    (((uint64_t)(size) << GPCBW_BWSIZE_SHIFT) | \
     ((uint64_t)(stride) << GPCBW_BWSTRIDE_SHIFT) | \
     ((uint64_t)(addr) & GPCBW_BWADDR_MASK))

/* Descriptors (D9.6.1 - D9.6.4). */
#define GPT_L0_BLOCK(gpi)       (((uint64_t)(gpi) << 4) | 0x1)
#define GPT_L0_TABLE(addr)      ((uint64_t)(addr) | 0x3)
#define GPT_L1_CONTIG(gpi, contig) \
    (((uint64_t)(contig) << 8) | ((uint64_t)(gpi) << 4) | 0x1)
#define GPT_CONTIG_2MB          0x1
#define GPT_CONTIG_32MB         0x2
#define GPT_CONTIG_512MB        0x3
/* A Granules descriptor with the same GPI for all 16 granules. */
#define GPT_L1_GRANULES(gpi)    ((uint64_t)(gpi) * 0x1111111111111111UL)

/* The layout gpt_init()/gpt_init_layout() built. */
struct gpt_info {
    unsigned int pps;           /* GPCCR_EL3.PPS encoding */
    unsigned int pgs;           /* GPCCR_EL3.PGS encoding */
    unsigned int pps_bits;      /* t */
    unsigned int l0_bits;       /* s, from GPCCR_EL3.L0GPTSZ */
    unsigned int pgs_bits;      /* p */
    uintptr_t l0;               /* level 0 table (GPTBR_EL3.BADDR << 12) */
    uintptr_t l1;               /* level 1 table of the level 1 region */
    uintptr_t l1_region;        /* PA of the level 1 region (2^s aligned) */
    uint64_t l0_entries;        /* 2^(t - s), or 1 when t <= s */
};

/*
 * DecodePPS(): bits for a PPS encoding, 0 if reserved.  pps is the 4-bit
 * {GPCCR_EL3.PPS3, GPCCR_EL3.PPS} (PPS3 is bit 3 of GPCCR_EL3, right above
 * PPS, so the value is also the GPCCR_EL3 bits [3:0] gpt_gpccr() writes);
 * 7 (56 bits), 8 (46) and 9 (47) need FEAT_RME_GPC3.
 */
unsigned int gpt_pps_bits(unsigned int pps);
/* DecodePGS(): granule size bits (12, 14, 16) for PGS, 0 if reserved. */
unsigned int gpt_pgs_bits(unsigned int pgs);
/* s decoded from GPCCR_EL3.L0GPTSZ (30, 34, 36, 39), 0 if reserved. */
unsigned int gpt_l0gptsz_bits(void);
/* AArch64.PAMax() from ID_AA64MMFR0_EL1.PARange. */
unsigned int gpt_pamax_bits(void);

/*
 * Build the table (GPC stays off).  Fails the test and returns false if
 * the PE lacks FEAT_RME or advertises a reserved L0GPTSZ.
 */
bool gpt_init(void);
/* The same for another PPS / PGS (GPCCR_EL3 encodings). */
bool gpt_init_layout(unsigned int pps, unsigned int pgs);
const struct gpt_info *gpt_info(void);

/* Set the GPI of the granule holding pa (must be in the L1 region). */
void gpt_set_gpi(uintptr_t pa, unsigned int gpi);
/* The same for every granule of [pa, pa + size), one TLBI at the end. */
void gpt_set_gpi_range(uintptr_t pa, uint64_t size, unsigned int gpi);
/* The level 0 descriptor used for pa (NULL above the table). */
uint64_t *gpt_l0_desc(uint64_t pa);
/* The level 1 descriptor used for pa; pa must be in the L1 region. */
uint64_t *gpt_l1_desc(uint64_t pa);
/* Write a descriptor, DSB, TLBI PAALL (D9.5). */
void gpt_write(uint64_t *desc, uint64_t val);
/* Write a descriptor and DSB only: no TLB invalidation. */
void gpt_write_notlbi(uint64_t *desc, uint64_t val);
/*
 * More memory from the GPT pool (e.g. a second table), aligned to align
 * (a power of two); valid until the next gpt_init*().
 */
uintptr_t gpt_alloc(uint64_t size, uint64_t align);

/* GPCCR_EL3 value gpc_enable() writes, without GPC. */
uint64_t gpt_gpccr(void);
/* Turn checks on with the table from gpt_init(), invalidating caches. */
void gpc_enable(void);
/* The same with extra GPCCR_EL3 bits (NSO, SPAD, GPCP, ...). */
void gpc_enable_extra(uint64_t gpccr_bits);
/* Turn checks off (GPCCR_EL3.GPC = 0) and invalidate GPT caches. */
void gpc_disable(void);

/*
 * TLB maintenance for GPT information (C5.5.19, C5.5.20, C5.5.27,
 * C5.5.28), each with DSB before and DSB + ISB after.  xt for the range
 * forms: SIZE in bits [47:44], Address (PA >> 12 for 4KB PGS) in [39:0];
 * see tlbi_rpa_arg().
 */
void tlbi_paall(void);
void tlbi_paallos(void);
void tlbi_rpaos(uint64_t xt);
void tlbi_rpalos(uint64_t xt);
/* TLBI RPA* operand for a range of SIZE encoding size at PA base. */
uint64_t tlbi_rpa_arg(uint64_t base, unsigned int size);

#endif /* GUEST_GPT_TABLE_H */
