/*
 * qemu-rme: decoders shared by the CCA tracing plugins and tools
 *
 * Names for SMCCC function IDs (Arm SMC Calling Convention DEN0028, PSCI
 * DEN0022, RMM RMI/RSI DEN0137 1.0, the 1.1 additions and 2.0 as TF-RMM
 * v0.9.0 numbers it, TF-A 2.12-2.15's RMM-EL3 interface and FIRME), their return codes, Security states ("worlds") and
 * physical address spaces (DEN0129, DDI0487 D9), and exception syndromes
 * (DDI0487 D24.2 ESR_ELx: EC, DFSC/IFSC, the GPC exception ISS).
 *
 * Pure C11: no QEMU headers, no allocation, no global state, no stdio.
 * Every name returned is a static string, never NULL.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PLUGINS_CCA_DECODE_H
#define PLUGINS_CCA_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "rme/arch.h"

/*
 * Security states, which are also the physical address spaces: the values
 * of include/rme/arch.h ({NSE, NS}, as SCR_EL3 and MFAR_EL3 encode them).
 */
typedef enum cca_world {
    CCA_WORLD_SECURE = RME_SS_SECURE,
    CCA_WORLD_NS = RME_SS_NONSECURE,
    CCA_WORLD_ROOT = RME_SS_ROOT,
    CCA_WORLD_REALM = RME_SS_REALM,
    CCA_WORLD_UNKNOWN = RME_SS_UNKNOWN,
} cca_world;

/* rme_ss_name(): "Secure", "NS", "Root", "Realm" or "?". */
const char *cca_world_name(cca_world w);

/*
 * Security state of a PE at @el given SCR_EL3 (DDI0487 D1.3 / RME DEN0129
 * A2.1): EL3 is Root with FEAT_RME (@rme), else Secure; below EL3
 * {NSE, NS} = 00 Secure, 01 Non-secure, 11 Realm, 10 reserved (unknown).
 */
cca_world cca_world_from_scr(uint64_t scr, unsigned el, bool rme);

/* PA space of MFAR_EL3.{NSE (bit 62), NS (bit 63)} (DDI0487 D24.2 MFAR_EL3). */
cca_world cca_mfar_pas(uint64_t mfar);
/* MFAR_EL3.FPA as a physical address (bits [55:12]). */
uint64_t cca_mfar_pa(uint64_t mfar);

/* Which interface a function ID belongs to. */
typedef enum cca_iface {
    CCA_IF_OTHER = 0,   /* not decoded: named by its SMCCC owning entity */
    CCA_IF_SMCCC,       /* Arm Architecture Calls (DEN0028) */
    CCA_IF_PSCI,        /* DEN0022 */
    CCA_IF_TRNG,        /* DEN0098 */
    CCA_IF_RMI,         /* DEN0137 Realm Management Interface */
    CCA_IF_RSI,         /* DEN0137 Realm Services Interface */
    CCA_IF_RMM_EL3,     /* TF-A RMM-EL3 interface (rmmd_svc.h) */
    CCA_IF_FIRME,       /* TF-A FIRME service (firme_svc.h, v2.15) */
} cca_iface;

typedef struct cca_fid_info {
    const char *name;   /* e.g. "RMI_GRANULE_DELEGATE"; NULL if unknown */
    cca_iface iface;
    /*
     * The call hands control back rather than asking for a service: the
     * RMM's RMM_RMI_REQ_COMPLETE / RMM_BOOT_COMPLETE complete the previous
     * request and "return" only when EL3 brings the next one.
     */
    bool yields;
} cca_fid_info;

/*
 * What a call's meaning may depend on: who makes it (the Normal world
 * calls RMI; the RMM, in the Realm world, calls RMM-EL3, whose range
 * TF-RMM v0.8.0 also uses for four RMI 1.1 calls), and the major version
 * of the RMM specification the RMM negotiated (RMI_VERSION/RSI_VERSION),
 * since 2.0 gives some 1.x numbers new meanings.  0 and CCA_WORLD_UNKNOWN
 * for "not known": a number whose meaning then depends on them gets no
 * name.
 */
typedef struct cca_call_ctx {
    cca_world caller;
    unsigned rmm_major;         /* 1, 2, or 0 */
} cca_call_ctx;

/* Looks up @fid (W0 of the call; bits [63:32] are ignored, SMCCC 2.5). */
cca_fid_info cca_fid_lookup_ctx(uint32_t fid, const cca_call_ctx *ctx);
/* The same with nothing known about the caller or the version. */
cca_fid_info cca_fid_lookup(uint32_t fid);

/* "RMI", "RSI", "RMM-EL3", "FIRME", "PSCI", "SMCCC", "TRNG" or the owner name. */
const char *cca_iface_name(cca_iface iface, uint32_t fid);

/*
 * SMCCC owning entity of @fid (bits [29:24]), e.g. "Standard Secure", or
 * "yielding call" when bit 31 is clear.
 */
const char *cca_smccc_owner(uint32_t fid);

/*
 * Decodes the status in x0 returned by a call to @fid, or NULL when the
 * function returns something that is not a status (PSCI_VERSION, ...).
 * RMI statuses are RmiStatusCode in bits [7:0] with an index in [15:8];
 * *@index receives the index (0 otherwise).
 */
const char *cca_status_name(uint32_t fid, uint64_t x0, unsigned *index);

/*
 * A note on the arguments of a call that reports a status to EL3 instead of
 * asking for a service: for RMM_RMI_REQ_COMPLETE the RMI status in x1 that
 * EL3 hands to the Normal-world caller, for RMM_BOOT_COMPLETE the boot
 * status (E_RMM_BOOT_*).  NULL for other calls.
 */
const char *cca_call_arg_note(uint32_t fid, uint64_t x1);

/*
 * The names a specification gives a call's arguments x1..x6 and results
 * x1..x3 (x0 is the status), for people: DEN0137 1.0 for RMI and RSI,
 * TF-RMM v0.9.0's smc-rmi.h for the functions RMI 2.0 adds, DEN0022 for
 * PSCI, TF-A's rmmd_svc.h for the RMM-EL3 interface.  NULL
 * where a register has no name (unused, or a value spread over several
 * registers, e.g. a measurement).
 */
typedef struct cca_call_names {
    const char *arg[6];         /* x1..x6 */
    const char *ret[3];         /* x1..x3 */
} cca_call_names;

/*
 * The names for the function called @name (cca_fid_info.name), NULL when
 * none are known.  By name, not number: a number that RMM 2.0 reuses has
 * another name there, and so other argument names.
 */
const cca_call_names *cca_call_names_of(const char *name);

/* Exception class names (ESR_ELx.EC, DDI0487 D24.2.x), e.g. "DABT_CUR". */
const char *cca_ec_name(unsigned ec);
/* Longer words for people, e.g. "Data Abort taken without a change in EL". */
const char *cca_ec_desc(unsigned ec);

/* ESR_ELx.EC values this code cares about (include/rme/arch.h). */
#define CCA_EC_HVC64        RME_EC_HVC64
#define CCA_EC_SMC64        RME_EC_SMC64
#define CCA_EC_GPC          RME_EC_GPC
#define CCA_EC_IABT_LOW     RME_EC_IABT_LOW
#define CCA_EC_IABT_CUR     RME_EC_IABT_CUR
#define CCA_EC_DABT_LOW     RME_EC_DABT_LOW
#define CCA_EC_DABT_CUR     RME_EC_DABT_CUR

/*
 * Is @fsc (DFSC/IFSC, ISS[5:0]) a granule protection fault?  0b100011 is a
 * GPF on a translation table walk at level -1, 0b1001nn at level nn, and
 * 0b101000 a GPF not on a translation table walk.  *@level receives the
 * walk level (-1..3), or -2 when not on a walk.
 */
bool cca_fsc_is_gpf(unsigned fsc, int *level);

/* Name of a long-descriptor DFSC/IFSC, e.g. "GPF not on a table walk". */
const char *cca_fsc_name(unsigned fsc);

/*
 * Is @esr a report of a granule protection check failure: a GPC exception
 * (EC 0x1E) or an Instruction/Data Abort whose FSC is a GPF?
 */
bool cca_esr_is_gpf(uint64_t esr);

/*
 * ESR_EL3.ISS.GPCSC of a GPC exception (EncodeGPCSC(), DDI0487 D24.2
 * ESR_EL3): "GPF at level 0", "GPT walk fault at level 1", ...
 */
const char *cca_gpcsc_name(unsigned gpcsc);

/* PSTATE.M[4:0] / SPSR_ELx.M -> exception level (-1 if not a valid mode). */
int cca_spsr_el(uint64_t spsr);

/* Kind of an exception vector offset (bits [8:7]): "sync", "IRQ", ... */
const char *cca_vector_kind(uint64_t offset);

#endif /* PLUGINS_CCA_DECODE_H */
