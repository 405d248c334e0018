/*
 * qemu-rme: reference Granule Protection Table (GPT) walker
 *
 * Decides the outcome of an Arm RME granule protection check (GPC) for one
 * physical address, written from the Arm ARM (DDI0487 M.a.a), chapter D9
 * "The Granule Protection Check", the GPCCR_EL3 / GPTBR_EL3 / GPCBW_EL3
 * register descriptions (D24.2.55-57) and the shared pseudocode (J1.3.5):
 * GranuleProtectionCheck(), GPCRegistersConsistent(), GPTWalk(),
 * GPICheck(), GPIValid(), GPCFault(), EncodeGPCSC() and friends.
 *
 * Pure C11: no QEMU headers, no global state, no allocation, no stdio.
 * The caller supplies the register values, the implemented features and a
 * function that reads 64-bit GPT entries from the Root PA space.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TARGET_ARM_RME_GPT_H
#define TARGET_ARM_RME_GPT_H

#include <stdbool.h>
#include <stdint.h>

#include "rme/arch.h"

/*
 * Physical address spaces a PE can access, with the values of
 * include/rme/arch.h (the {NSE, NS} encoding, as in MFAR_EL3.{NSE,NS} and
 * QEMU's ARMSecuritySpace).  The FEAT_RME_GDI spaces (System Agent,
 * Non-secure Protected) are not inputs: a PE is never permitted to access
 * them (R_QCLPT).
 */
typedef enum gpt_pas {
    GPT_PAS_SECURE    = RME_SS_SECURE,
    GPT_PAS_NONSECURE = RME_SS_NONSECURE,
    GPT_PAS_ROOT      = RME_SS_ROOT,
    GPT_PAS_REALM     = RME_SS_REALM,
} gpt_pas;

/*
 * Security state of the requester (AccessDescriptor.ss).  It matters only
 * for the Non-secure-only GPI (GPICheck(): NSO permits the Non-secure PAS
 * from Root and Non-secure state only).  Same numbering as gpt_pas.
 *
 * Note: the outcome never depends on the access type (read, write, fetch,
 * cache maintenance): GranuleProtectionCheck() only consults the PA, the
 * PA space and the Security state, so this API takes no access type.  The
 * access type only changes how a fault is reported (ESR_EL3.ISS.InD etc.).
 */
typedef enum gpt_ss {
    GPT_SS_SECURE    = RME_SS_SECURE,
    GPT_SS_NONSECURE = RME_SS_NONSECURE,
    GPT_SS_ROOT      = RME_SS_ROOT,
    GPT_SS_REALM     = RME_SS_REALM,
} gpt_ss;

/* GPI encodings, D9.6.5 (R_GYQGW). */
#define GPT_GPI_NO_ACCESS   0x0u
#define GPT_GPI_SA          0x4u    /* FEAT_RME_GDI, GPCCR_EL3.SA == 1 */
#define GPT_GPI_NSP         0x5u    /* FEAT_RME_GDI, GPCCR_EL3.NSP == 1 */
#define GPT_GPI_NA6         0x6u    /* FEAT_RME_GDI, GPCCR_EL3.NA6 == 1 */
#define GPT_GPI_NA7         0x7u    /* FEAT_RME_GDI, GPCCR_EL3.NA7 == 1 */
#define GPT_GPI_SECURE      0x8u    /* reserved without FEAT_SEL2 */
#define GPT_GPI_NONSECURE   0x9u
#define GPT_GPI_ROOT        0xau
#define GPT_GPI_REALM       0xbu
#define GPT_GPI_NSO         0xdu    /* FEAT_RME_GPC2, GPCCR_EL3.NSO == 1 */
#define GPT_GPI_ANY         0xfu

/* Descriptor type field, bits [3:0] (D9.6.1, D9.6.2, D9.6.4). */
#define GPT_L0_TYPE_BLOCK   0x1u
#define GPT_L0_TYPE_TABLE   0x3u
#define GPT_L1_TYPE_CONTIG  0x1u

/* GPCCR_EL3 fields (D24.2.56). */
#define GPT_GPCCR_PPS_SHIFT      0
#define GPT_GPCCR_PPS3_SHIFT     3      /* FEAT_RME_GPC3 */
#define GPT_GPCCR_RLPAD_SHIFT    5      /* FEAT_RME_GPC2 */
#define GPT_GPCCR_NSPAD_SHIFT    6      /* FEAT_RME_GPC2 */
#define GPT_GPCCR_SPAD_SHIFT     7      /* FEAT_RME_GPC2 */
#define GPT_GPCCR_IRGN_SHIFT     8
#define GPT_GPCCR_ORGN_SHIFT     10
#define GPT_GPCCR_SH_SHIFT       12
#define GPT_GPCCR_PGS_SHIFT      14
#define GPT_GPCCR_GPC_SHIFT      16
#define GPT_GPCCR_GPCP_SHIFT     17
#define GPT_GPCCR_TBGPCD_SHIFT   18
#define GPT_GPCCR_NSO_SHIFT      19     /* FEAT_RME_GPC2 */
#define GPT_GPCCR_L0GPTSZ_SHIFT  20
#define GPT_GPCCR_APPSAA_SHIFT   24     /* FEAT_RME_GPC2 */
#define GPT_GPCCR_SA_SHIFT       25     /* FEAT_RME_GDI */
#define GPT_GPCCR_NSP_SHIFT      26     /* FEAT_RME_GDI */
#define GPT_GPCCR_NA6_SHIFT      27     /* FEAT_RME_GDI */
#define GPT_GPCCR_NA7_SHIFT      28     /* FEAT_RME_GDI */
#define GPT_GPCCR_GPCBW_SHIFT    29     /* FEAT_RME_GPC3 */

/* GPCCR_EL3.PGS encodings (note: 0b01 is 64KB, 0b10 is 16KB). */
#define GPT_PGS_4K   0u
#define GPT_PGS_64K  1u
#define GPT_PGS_16K  2u

/*
 * Reads the 8-byte GPT entry at @pa in the Root PA space (R_THJVJ) and
 * returns its little-endian value (R_BQHPD) in *@val.  @pa is always
 * 8-byte aligned.  Returns false if the fetch gets an External abort; the
 * check then reports a synchronous External abort on GPT fetch (R_DFCHJ).
 */
typedef bool (*gpt_read64_fn)(void *opaque, uint64_t pa, uint64_t *val);

/* Bits of gpt_config.pgs_reserved. */
#define GPT_PGS_RESERVED_4K   (1u << GPT_PGS_4K)
#define GPT_PGS_RESERVED_64K  (1u << GPT_PGS_64K)
#define GPT_PGS_RESERVED_16K  (1u << GPT_PGS_16K)

typedef struct gpt_config {
    uint64_t gpccr;         /* GPCCR_EL3, as the PE would read it */
    uint64_t gptbr;         /* GPTBR_EL3 */
    uint64_t gpcbw;         /* GPCBW_EL3 (used only with feat_gpc3) */
    /*
     * AArch64.PAMax(): implemented PA size in bits (ID_AA64MMFR0_EL1.PARange:
     * 32, 36, 40, 42, 44, 48, 52 or 56).  0 means "no limit" (56).
     */
    unsigned pa_range_bits;
    /*
     * GPCCR_EL3.L0GPTSZ is read-only and advertises the implementation's
     * level 0 entry size.  0: take it from @gpccr.  Otherwise 30, 34, 36 or
     * 39 bits, used instead of the field (any other value is reserved).
     */
    unsigned l0gptsz_impl;
    /*
     * PGS encodings that are reserved because the granule size is supported
     * neither for stage 1 nor for stage 2 (ID_AA64MMFR0_EL1.TGran*; see
     * GPCCR_EL3.PGS).  GPT_PGS_RESERVED_* bits; 0 = all sizes supported.
     */
    unsigned pgs_reserved;
    bool feat_sel2;         /* FEAT_SEL2: GPI 0b1000 (Secure) is valid */
    bool feat_gpc2;         /* FEAT_RME_GPC2: SPAD/NSPAD/RLPAD, NSO, APPSAA */
    bool feat_gpc3;         /* FEAT_RME_GPC3: PPS3, 46/47/56-bit PPS, GPCBW */
    bool feat_gdi;          /* FEAT_RME_GDI: SA/NSP/NA6/NA7 GPIs, L1 pairs */
    gpt_read64_fn read;
    void *opaque;
} gpt_config;

/* The GPC fault classes (pseudocode enumeration GPCF). */
typedef enum gpt_result_kind {
    GPT_OK = 0,             /* GPCF_None: the access passes the GPC */
    GPT_FAULT_GPF,          /* GPCF_Fail: granule protection fault */
    GPT_FAULT_WALK,         /* GPCF_Walk: GPT walk fault */
    GPT_FAULT_ADDRSIZE,     /* GPCF_AddressSize: GPT address size fault */
    GPT_FAULT_EABT,         /* GPCF_EABT: sync. External abort on GPT fetch */
    GPT_BAD_ARGUMENT,       /* not architectural: bad pas/ss, NULL reader */
} gpt_result_kind;

/*
 * Why the check ended where it did.  The fault reasons are the rows of
 * Table D9-2 "GPC fault priority" (R_GMGRR), in priority order.
 */
typedef enum gpt_reason {
    GPT_R_GPI_PERMITS = 0,      /* pass: the GPI permits the PA space */
    GPT_R_GPC_DISABLED,         /* pass: GPCCR_EL3.GPC == 0 (R_BYRRZ) */
    GPT_R_ABOVE_PPS_PASS,       /* pass: above PPS, NS or APPSAA (R_CPDSB) */
    GPT_R_BYPASS_WINDOW,        /* pass: GPC bypass window (R_SRQWF) */
    GPT_R_BAD_CONFIG,           /* 1: GPCCR_EL3/GPCBW_EL3 invalid (R_JWCSM) */
    GPT_R_PAS_DISABLED,         /* 2: SPAD/NSPAD/RLPAD (R_TCWMD) */
    GPT_R_ABOVE_PPS,            /* 3: S/RL/RT PA above PPS (R_JFFHB) */
    GPT_R_BASE_ABOVE_PPS,       /* 4: GPTBR_EL3.BADDR above PPS (R_XVCKY) */
    GPT_R_L0_EABT,              /* 5: L0 fetch External abort (R_DFCHJ) */
    GPT_R_L0_INVALID,           /* 6: invalid L0 entry (R_KYZMZ, R_TXFXH) */
    GPT_R_L0_TABLE_ABOVE_PPS,   /* 7: L0 Table address above PPS (R_JCGMZ) */
    GPT_R_L0_DENIED,            /* 8: L0 Block GPI forbids (R_HDDNW) */
    GPT_R_L1_EABT,              /* 9: L1 fetch External abort (R_DFCHJ) */
    GPT_R_L1_INVALID,           /* 10: invalid L1 entry (R_KYZMZ, R_TPBZN) */
    GPT_R_L1_DENIED,            /* 11: L1 GPI forbids (R_HDDNW) */
    GPT_R_BAD_ARGUMENT,         /* not architectural */
} gpt_reason;

/* Which descriptor supplied the GPI (or was the last one fetched). */
typedef enum gpt_desc_kind {
    GPT_DESC_NONE = 0,
    GPT_DESC_BLOCK,             /* level 0 Block */
    GPT_DESC_TABLE,             /* level 0 Table */
    GPT_DESC_CONTIG,            /* level 1 Contiguous */
    GPT_DESC_GRANULES,          /* level 1 Granules */
    GPT_DESC_INVALID,           /* an invalid entry */
} gpt_desc_kind;

typedef struct gpt_result {
    gpt_result_kind kind;
    gpt_reason reason;
    unsigned priority;      /* Table D9-2 row 1..11 for faults, else 0 */
    /*
     * For faults: GPCFRecord.level.  For a pass through the walk: the level
     * of the GPT entry that supplied the GPI.  Otherwise 0.
     */
    unsigned level;
    int gpi;                /* GPI that was checked, -1 if none */
    unsigned gpcsc;         /* EncodeGPCSC() (ESR_ELx.ISS.GPCSC), faults */
    gpt_desc_kind desc_kind;
    uint64_t desc;          /* the last GPT entry fetched */
    uint64_t desc_addr;     /* its PA (Root PA space) */
    unsigned nreads;        /* GPT fetches made (0..3) */
    /*
     * The same result (kind, reason, gpi) holds for every PA in the naturally
     * aligned 2^span_bits byte block containing the PA, for the same PA space
     * and Security state and unchanged registers and GPT memory: the
     * GPTEntry.contig_size of the pseudocode for walk results, the
     * PPS/L0GPTSZ-derived size otherwise.  For a Contiguous descriptor this
     * assumes it is not misprogrammed (R_SPLJH).  Always >= 12.
     */
    unsigned span_bits;
    unsigned cfg_problems;  /* GPT_CFG_* mask when reason == GPT_R_BAD_CONFIG */
} gpt_result;

/*
 * Decides the GPC outcome of an access to @pa in PA space @pas made by a
 * requester in Security state @ss, following GranuleProtectionCheck().
 * PA bits [63:56] are ignored (the pseudocode PA is bits(56)).
 */
gpt_result gpt_check(const gpt_config *cfg, uint64_t pa, gpt_pas pas,
                     gpt_ss ss);

/* Reasons that make the GPC configuration invalid (R_JWCSM). */
enum gpt_cfg_problem {
    GPT_CFG_PPS_RESERVED         = 1u << 0,  /* PPS encoding reserved */
    GPT_CFG_PPS_TOO_LARGE        = 1u << 1,  /* PPS > AArch64.PAMax() */
    GPT_CFG_PGS_RESERVED         = 1u << 2,  /* PGS == 0b11 */
    GPT_CFG_PGS_UNSUPPORTED      = 1u << 3,  /* granule not in TGran* */
    GPT_CFG_SH_RESERVED          = 1u << 4,  /* SH == 0b01 */
    GPT_CFG_SH_NC_NOT_OUTER      = 1u << 5,  /* NC/NC but SH != 0b10 */
    GPT_CFG_L0GPTSZ_RESERVED     = 1u << 6,  /* not 30/34/36/39 bits */
    GPT_CFG_BWSIZE_RESERVED      = 1u << 7,  /* GPCBW_EL3.BWSIZE */
    GPT_CFG_BWSTRIDE_RESERVED    = 1u << 8,  /* GPCBW_EL3.BWSTRIDE */
    GPT_CFG_BWADDR_UNALIGNED     = 1u << 9,  /* BWADDR not BWSIZE aligned */
    GPT_CFG_BWADDR_BEYOND_STRIDE = 1u << 10, /* BWADDR >= stride */
};
#define GPT_CFG_NPROBLEMS 11

/* GPCCR_EL3 / GPTBR_EL3 / GPCBW_EL3 decoded, with effective values. */
typedef struct gpt_regs {
    unsigned pps;           /* {PPS3, PPS} (PPS3 only with FEAT_RME_GPC3) */
    unsigned pps_bits;      /* t: 32..56, 0 if reserved */
    unsigned pgs;           /* PGS encoding */
    unsigned pgs_bits;      /* p: 12, 14 or 16, 0 if reserved */
    unsigned l0gptsz;       /* L0GPTSZ encoding (or from l0gptsz_impl) */
    unsigned l0gptsz_bits;  /* s: 30, 34, 36 or 39, 0 if reserved */
    unsigned sh, irgn, orgn;
    bool gpc, gpcp, tbgpcd;
    /* Effective values: 0 when the feature that defines them is absent. */
    bool spad, nspad, rlpad, nso, appsaa;   /* FEAT_RME_GPC2 */
    bool sa, nsp, na6, na7;                 /* FEAT_RME_GDI */
    bool gpcbw;                             /* FEAT_RME_GPC3 */
    unsigned bwsize, bwstride;              /* GPCBW_EL3 encodings */
    uint64_t bwaddr;                        /* window base (BWADDR << 30) */
    unsigned bw_lo_bits;    /* gpcbwl as a PA bit (30..36), 0 if reserved */
    unsigned bw_hi_bits;    /* gpcbwu as a PA bit (39..55), 0 if reserved */
    uint64_t gpt_base;      /* BADDR:Zeros(12), before alignment */
    uint64_t l0_base;       /* level 0 table base after alignment (GPTWalk) */
    unsigned l0_entries;    /* number of level 0 entries (0 if invalid) */
    /* RES0 bits found set; they are ignored (have no effect). */
    uint64_t gpccr_res0;
    uint64_t gptbr_res0;
    uint64_t gpcbw_res0;
    unsigned problems;      /* gpt_cfg_problem mask, 0 if consistent */
} gpt_regs;

/*
 * Decodes the registers of @cfg into @out.  Returns the gpt_cfg_problem
 * mask: 0 iff GPCRegistersConsistent() (plus the GPCBW checks when
 * GPCCR_EL3.GPCBW is effective, and the reserved L0GPTSZ / PGS cases).
 */
unsigned gpt_decode_regs(const gpt_config *cfg, gpt_regs *out);

/* EncodeGPCSC(): the 6-bit GPCSC for a fault kind at level 0 or 1. */
unsigned gpt_encode_gpcsc(gpt_result_kind kind, unsigned level);

/* Is @gpi a valid encoding under @cfg (GPIValid())? */
bool gpt_gpi_valid(const gpt_config *cfg, unsigned gpi);

/* Does @gpi permit @pas from @ss (GPICheck())?  @gpi must be valid. */
bool gpt_gpi_permits(unsigned gpi, gpt_pas pas, gpt_ss ss);

/* Names for tracing; never NULL. */
const char *gpt_gpi_name(unsigned gpi);
const char *gpt_pas_name(gpt_pas pas);
const char *gpt_ss_name(gpt_ss ss);
const char *gpt_result_name(gpt_result_kind kind);
const char *gpt_reason_name(gpt_reason reason);
const char *gpt_desc_kind_name(gpt_desc_kind kind);
/* Name of one gpt_cfg_problem bit (pass a single bit). */
const char *gpt_cfg_problem_name(unsigned problem);

#endif /* TARGET_ARM_RME_GPT_H */
