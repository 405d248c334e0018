/*
 * qemu-rme: host unit tests for the CCA decoders (plugins/cca-decode.c).
 *
 * Expected values are written out from the specifications, not computed
 * with the library: SMCCC DEN0028 (function ID layout), PSCI DEN0022,
 * RMM DEN0137 (RMI/RSI function IDs and status codes), TF-A 2.12
 * rmmd_svc.h (RMM-EL3 interface), DDI0487 M.a.a D24.2 (ESR_ELx EC and
 * DFSC/IFSC encodings, ESR_EL3 GPCSC, MFAR_EL3, SPSR_ELx.M, SCR_EL3).
 *
 * Output: TAP (tests/lib/tap.h), one test point per tap_begin() below,
 * each holding its assertions; exit status 1 on any failure.  Run by
 * `meson test --suite unit` (scripts/check's "unit" suite).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cca-decode.h"
#include "tap.h"

/* Helpers check on behalf of their caller: failures name the call's line. */
#define fid(...) fid_at(__FILE__, __LINE__, __VA_ARGS__)
#define status(...) status_at(__FILE__, __LINE__, __VA_ARGS__)
#define world(...) world_at(__FILE__, __LINE__, __VA_ARGS__)

static void fidv_at(const char *file, int line, uint32_t f, cca_world caller,
                    unsigned major, const char *name, const char *iface);

/* With nothing known about the caller or the version (cca_fid_lookup()). */
static void fid_at(const char *file, int line, uint32_t f, const char *name,
                   const char *iface)
{
    fidv_at(file, line, f, CCA_WORLD_UNKNOWN, 0, name, iface);
}

/* DEN0137 1.0 B4.3 command list; TF-A rmmd_svc.h; DEN0022 5.1; DEN0028. */
static void test_function_ids(void)
{
    tap_begin("function_ids: SMCCC function ID -> call name and interface "
              "(RMI, RSI, RMM-EL3, PSCI, SMCCC, owner of unknown IDs)");
    fid(0xC4000150, "RMI_VERSION", "RMI");
    fid(0xC4000151, "RMI_GRANULE_DELEGATE", "RMI");
    fid(0xC4000152, "RMI_GRANULE_UNDELEGATE", "RMI");
    fid(0xC4000158, "RMI_REALM_CREATE", "RMI");
    fid(0xC400015C, "RMI_REC_ENTER", "RMI");
    fid(0xC4000164, "RMI_PSCI_COMPLETE", "RMI");
    fid(0xC4000165, "RMI_FEATURES", "RMI");
    fid(0xC4000169, "RMI_RTT_SET_RIPAS", "RMI");
    fid(0xC4000190, "RSI_VERSION", "RSI");
    fid(0xC4000194, "RSI_ATTESTATION_TOKEN_INIT", "RSI");
    fid(0xC4000199, "RSI_HOST_CALL", "RSI");
    fid(0xC400018F, "RMM_RMI_REQ_COMPLETE", "RMM-EL3");
    fid(0xC40001B0, "RMM_GTSI_DELEGATE", "RMM-EL3");
    fid(0xC40001B1, "RMM_GTSI_UNDELEGATE", "RMM-EL3");
    fid(0xC40001B3, "RMM_ATTEST_GET_PLAT_TOKEN", "RMM-EL3");
    fid(0xC40001CF, "RMM_BOOT_COMPLETE", "RMM-EL3");
    fid(0x84000000, "PSCI_VERSION", "PSCI");
    fid(0xC4000003, "PSCI_CPU_ON", "PSCI");          /* SMC64 variant */
    fid(0x84000008, "PSCI_SYSTEM_OFF", "PSCI");
    fid(0x80000000, "SMCCC_VERSION", "SMCCC");
    fid(0x80008000, "SMCCC_ARCH_WORKAROUND_2", "SMCCC");
    /* SMCCC 1.5 SMCCC_ARCH_FEATURE_AVAILABILITY is an SMC64 call */
    fid(0xC0000003, "SMCCC_ARCH_FEATURE_AVAILABILITY", "SMCCC");
    fid(0xC0000001, NULL, "Arm Architecture");
    fid(0xC4000053, "TRNG_RND", "TRNG");
    /*
     * Unknown IDs keep their owner (bits [29:24]).  Bit 31 clear is a
     * Yielding Call only in the Trusted OS range (SMCCC: yielding calls
     * are Trusted OS calls); Linux's hyp-stub HVCs (x0 = 1..5) are not
     * SMCCC calls at all.
     */
    fid(0x82000010, NULL, "SiP");
    fid(0xC6000000, NULL, "Vendor Hypervisor");
    fid(0xB2000000, NULL, "Trusted OS");
    fid(0x32000000, NULL, "yielding call");
    fid(0x00000001, NULL, "not SMCCC");
    fid(0x00000005, NULL, "not SMCCC");
    /* RMI/RSI are SMC64 only: the SMC32 encoding is not RMI_VERSION */
    fid(0x84000150, NULL, "Standard Secure");
    /* bits [23:17] must be zero in a Fast Call (SMCCC 2.5) */
    fid(0xC4020150, NULL, "Standard Secure");
    /* bits [63:32] of x0 are not part of the ID */
    fid((uint32_t)0xFFFFFFFFC4000151ull, "RMI_GRANULE_DELEGATE", "RMI");
    /* only REQ_COMPLETE and BOOT_COMPLETE yield */
    TAP_TRUE(cca_fid_lookup(0xC400018F).yields);
    TAP_TRUE(cca_fid_lookup(0xC40001CF).yields);
    TAP_TRUE(!cca_fid_lookup(0xC40001B0).yields);
    tap_end();
}

#define fidv(...) fidv_at(__FILE__, __LINE__, __VA_ARGS__)

static void fidv_at(const char *file, int line, uint32_t f, cca_world caller,
                    unsigned major, const char *name, const char *iface)
{
    cca_call_ctx ctx = { caller, major };
    cca_fid_info fi = caller == CCA_WORLD_UNKNOWN && !major
                      ? cca_fid_lookup(f) : cca_fid_lookup_ctx(f, &ctx);
    char what[64];

    snprintf(what, sizeof(what), "name of 0x%08x (%s caller, RMM %u)", f,
             cca_world_name(caller), major);
    tap_eq_str_at(file, line, what, fi.name, name);
    snprintf(what, sizeof(what), "iface of 0x%08x (%s caller, RMM %u)", f,
             cca_world_name(caller), major);
    tap_eq_str_at(file, line, what, cca_iface_name(fi.iface, f), iface);
}

/*
 * Per interface version: RMM specification 1.x (DEN0137 1.0 B4.3 and the
 * 1.1 additions as TF-RMM v0.8.0 numbers them) against 2.0-bet0 (TF-RMM
 * v0.9.0, smc-rmi.h/smc-rsi.h); TF-A 2.12-2.15 RMM-EL3 (rmmd_svc.h) and
 * FIRME (firme_svc.h).  A number whose meaning depends on an unknown
 * version gets no name.
 */
static void test_function_ids_versions(void)
{
    const cca_world NS = CCA_WORLD_NS, RL = CCA_WORLD_REALM;
    const cca_world UNK = CCA_WORLD_UNKNOWN;

    tap_begin("function_ids_versions: RMI/RSI 1.x vs 2.0, RMM-EL3 2.12-2.15, "
              "FIRME, the caller's world");
    /* reused: 1.x RMI_DATA_CREATE, 2.0 RMI_RTT_DATA_MAP_INIT */
    fidv(0xC4000153, NS, 1, "RMI_DATA_CREATE", "RMI");
    fidv(0xC4000153, NS, 2, "RMI_RTT_DATA_MAP_INIT", "RMI");
    fidv(0xC4000153, NS, 0, NULL, "RMI");
    /* the same in both */
    fidv(0xC4000158, NS, 0, "RMI_REALM_CREATE", "RMI");
    fidv(0xC4000158, NS, 2, "RMI_REALM_CREATE", "RMI");
    /* 1.x only: gone in 2.0 */
    fidv(0xC4000151, NS, 1, "RMI_GRANULE_DELEGATE", "RMI");
    fidv(0xC4000151, NS, 0, "RMI_GRANULE_DELEGATE", "RMI");
    fidv(0xC4000151, NS, 2, NULL, "RMI");
    /* 2.0 only (the list) */
    fidv(0xC40001F1, NS, 2, "RMI_GRANULE_RANGE_DELEGATE", "RMI");
    fidv(0xC40001F2, NS, 0, "RMI_GRANULE_RANGE_UNDELEGATE", "RMI");
    fidv(0xC40001F5, NS, 2, "RMI_RTT_DATA_MAP", "RMI");
    fidv(0xC40001F6, NS, 2, "RMI_RTT_DATA_UNMAP", "RMI");
    fidv(0xC40001EC, NS, 2, "RMI_RMM_CONFIG_GET", "RMI");
    fidv(0xC4000202, NS, 2, "RMI_RMM_ACTIVATE", "RMI");
    fidv(0xC4000203, NS, 2, "RMI_OP_CONTINUE", "RMI");
    fidv(0xC4000208, NS, 2, "RMI_OP_MEM_DONATE", "RMI");
    fidv(0xC4000209, NS, 2, "RMI_OP_MEM_RECLAIM", "RMI");
    fidv(0xC40001F1, NS, 1, NULL, "RMI");
    /* RSI: reused 0x19B; the attestation calls under the spec's names */
    fidv(0xC400019B, RL, 1, "RSI_VSMMU_ACTIVATE", "RSI");
    fidv(0xC400019B, RL, 2, "RSI_ARCH_DEV_ACTIVATE", "RSI");
    fidv(0xC400019B, RL, 0, NULL, "RSI");
    fidv(0xC4000195, RL, 2, "RSI_ATTESTATION_TOKEN_CONTINUE", "RSI");
    fidv(0xC4000195, RL, 0, "RSI_ATTESTATION_TOKEN_CONTINUE", "RSI");
    /* RMM-EL3, called by the RMM; TF-A 2.13-2.15 additions */
    fidv(0xC40001B6, RL, 0, "RMM_MEC_REFRESH", "RMM-EL3");
    fidv(0xC40001BB, RL, 2, "RMM_RESERVE_MEMORY", "RMM-EL3");
    fidv(0xC40001C0, RL, 1, NULL, "RMM-EL3");
    fidv(0xC40001C0, UNK, 0, NULL, "RMM-EL3");
    /* ... while TF-RMM v0.8.0's RMI 1.1 uses 0x1C0..0x1C3 from NS */
    fidv(0xC40001C0, NS, 1, "RMI_P2P_STREAM_ADD", "RMI");
    fidv(0xC40001C3, NS, 0, "RMI_STREAM_REMOVE", "RMI");
    fidv(0xC40001C0, NS, 2, NULL, "RMI");
    /* FIRME (TF-A 2.15): 0x400..0x412, SMC64 only */
    fidv(0xC4000400, RL, 2, "FIRME_SERVICE_VERSION", "FIRME");
    fidv(0xC4000402, RL, 2, "FIRME_GM_GPI_SET", "FIRME");
    fidv(0xC4000412, UNK, 0, "FIRME_GM_GPI_OP_CONTINUE", "FIRME");
    fidv(0xC4000413, RL, 2, NULL, "Standard Secure");
    fidv(0x84000402, RL, 2, NULL, "Standard Secure");
    tap_end();
}

static void status_at(const char *file, int line, uint32_t f, uint64_t x0,
                      const char *want, unsigned want_index)
{
    unsigned index = 99;
    char what[64];

    snprintf(what, sizeof(what), "status 0x%" PRIx64 " of 0x%08x", x0, f);
    tap_eq_str_at(file, line, what, cca_status_name(f, x0, &index), want);
    snprintf(what, sizeof(what), "status index of 0x%" PRIx64 " of 0x%08x",
             x0, f);
    tap_eq_u64_at(file, line, what, index, want_index);
}

static void test_status(void)
{
    tap_begin("status_codes: x0 on return -> status name and index "
              "(RMI, RSI, E_RMM_*, PSCI, SMC_UNKNOWN; yielding calls)");
    /* DEN0137 RmiStatusCode: status in [7:0], index in [15:8] */
    status(0xC4000151, 0, "RMI_SUCCESS", 0);
    status(0xC4000150, 1, "RMI_ERROR_INPUT", 0);
    status(0xC400015D, 0x204, "RMI_ERROR_RTT", 2);
    status(0xC4000151, UINT64_MAX, "SMC_UNKNOWN", 0);
    /* RsiCommandReturnCode */
    status(0xC4000197, 2, "RSI_ERROR_STATE", 0);
    /* TF-A E_RMM_*: -3 is E_RMM_BAD_PAS */
    status(0xC40001B0, 0, "E_RMM_OK", 0);
    status(0xC40001B0, (uint64_t)-3, "E_RMM_BAD_PAS", 0);
    /* a yielding call's x0 on resumption is the next request, no status */
    status(0xC400018F, 0xC4000151, NULL, 0);
    /* PSCI return codes (DEN0022 5.2.2), 32-bit signed */
    status(0x84000003, 0xFFFFFFFCu, "PSCI_ALREADY_ON", 0);
    status(0xC4000003, 0, "PSCI_SUCCESS", 0);
    status(0x84000000, 0x10001, NULL, 0);       /* PSCI_VERSION 1.1 */
    status(0x8400000A, 0, NULL, 0);             /* PSCI_FEATURES flags */
    status(0x8400000A, 0xFFFFFFFFu, "PSCI_NOT_SUPPORTED", 0);
    status(0x82000010, UINT64_MAX, "SMC_UNKNOWN", 0);
    /* x1 of REQ_COMPLETE / BOOT_COMPLETE */
    TAP_EQ_STR(cca_call_arg_note(0xC400018F, 0), "RMI_SUCCESS");
    TAP_EQ_STR(cca_call_arg_note(0xC40001CF, (uint64_t)-2),
               "E_RMM_BOOT_VERSION_MISMATCH");
    TAP_EQ_STR(cca_call_arg_note(0xC4000151, 0), NULL);    /* other x1 */
    tap_end();
}

static void world_at(const char *file, int line, const char *what,
                     cca_world w, const char *want)
{
    tap_eq_str_at(file, line, what, cca_world_name(w), want);
}

static void test_worlds(void)
{
    const uint64_t nse = 1ull << 62;

    tap_begin("worlds_and_pas: Security state from SCR_EL3.{NSE,NS} and EL, "
              "PA space and PA from MFAR_EL3");

    /* SCR_EL3: NS bit 0, NSE bit 62 */
    world("NSE=0 NS=0", cca_world_from_scr(0, 1, true), "Secure");
    world("NSE=0 NS=1", cca_world_from_scr(1, 2, true), "NS");
    world("NSE=1 NS=1", cca_world_from_scr(nse | 1, 2, true), "Realm");
    world("NSE=1 NS=0", cca_world_from_scr(nse, 1, true), "?");
    world("EL3 with RME", cca_world_from_scr(1, 3, true), "Root");
    world("EL3 without RME", cca_world_from_scr(1, 3, false), "Secure");
    world("NSE RES0 without RME", cca_world_from_scr(nse | 1, 1, false), "NS");
    /* MFAR_EL3: NS bit 63, NSE bit 62, FPA [55:12] */
    world("MFAR NS", cca_mfar_pas(0x8000000040281000ull), "NS");
    world("MFAR Realm", cca_mfar_pas(0xC000000040282000ull), "Realm");
    world("MFAR Root", cca_mfar_pas(0x4000000040282000ull), "Root");
    world("MFAR Secure", cca_mfar_pas(0x40281000ull), "Secure");
    TAP_EQ_U64(cca_mfar_pa(0xC0FF000040282ABCull),       /* MFAR FPA */
               0x00FF000040282000ull);
    tap_end();
}

static void test_syndromes(void)
{
    int level = 99;

    tap_begin("syndromes: ESR_ELx EC names, DFSC/IFSC GPF codes and their "
              "level, ESR GPF classification, ESR_EL3 GPCSC names");
    TAP_EQ_STR(cca_ec_name(0x1E), "GPC");
    TAP_EQ_STR(cca_ec_name(0x25), "DABT_CUR");
    TAP_EQ_STR(cca_ec_name(0x17), "SMC64");
    TAP_EQ_STR(cca_ec_name(0x3F), "RESERVED");
    /* DFSC: 0b100011 level -1, 0b1001nn level nn, 0b101000 not on a walk */
    TAP_TRUE(cca_fsc_is_gpf(0x23, &level));
    TAP_EQ_INT(level, -1);
    TAP_TRUE(cca_fsc_is_gpf(0x26, &level));
    TAP_EQ_INT(level, 2);
    TAP_TRUE(cca_fsc_is_gpf(0x28, &level));
    TAP_EQ_INT(level, -2);
    TAP_TRUE(!cca_fsc_is_gpf(0x29, &level));
    TAP_TRUE(!cca_fsc_is_gpf(0x10, &level));
    TAP_EQ_STR(cca_fsc_name(0x28), "GPF not on a table walk");
    TAP_EQ_STR(cca_fsc_name(0x24), "GPF on a table walk, level 0");
    /* ESR_EL2 0x96000028: Data Abort same EL, DFSC GPF (the demo's) */
    TAP_TRUE(cca_esr_is_gpf(0x96000028));
    TAP_TRUE(cca_esr_is_gpf(0x7A034028));
    TAP_TRUE(!cca_esr_is_gpf(0x96000010));
    TAP_TRUE(!cca_esr_is_gpf(0x5E000000));
    TAP_TRUE(cca_esr_is_gpf(0x82000024));
    /* EncodeGPCSC(): GPF '00110':level, walk '00010':level, ... */
    TAP_EQ_STR(cca_gpcsc_name(0x0D), "GPF at level 1");
    TAP_EQ_STR(cca_gpcsc_name(0x04), "GPT walk fault at level 0");
    TAP_EQ_STR(cca_gpcsc_name(0x14),
               "synchronous External abort on GPT fetch at level 0");
    TAP_EQ_STR(cca_gpcsc_name(0x02), "reserved GPCSC");
    tap_end();
}

static void test_modes(void)
{
    tap_begin("modes_and_vectors: exception level from SPSR_ELx.M (AArch64 "
              "and AArch32), exception kind from the vector offset");
    /* SPSR_ELx.M: AArch64 EL2h 0b01001, EL1t 0b00100, EL3h 0b01101 */
    TAP_EQ_INT(cca_spsr_el(0x3C9), 2);       /* EL2h */
    TAP_EQ_INT(cca_spsr_el(0x4), 1);         /* EL1t */
    TAP_EQ_INT(cca_spsr_el(0xD), 3);         /* EL3h */
    TAP_EQ_INT(cca_spsr_el(0x2), -1);        /* M[1] set */
    /* AArch32 modes: Hyp 0b11010 (EL2), Monitor 0b10110 (EL3), User (EL0) */
    TAP_EQ_INT(cca_spsr_el(0x1A), 2);        /* Hyp */
    TAP_EQ_INT(cca_spsr_el(0x16), 3);        /* Monitor */
    TAP_EQ_INT(cca_spsr_el(0x10), 0);        /* User */
    /* vector offsets: 0x000 sync, 0x080 IRQ, 0x100 FIQ, 0x180 SError */
    TAP_EQ_STR(cca_vector_kind(0x400), "sync");
    TAP_EQ_STR(cca_vector_kind(0x480), "IRQ");
    TAP_EQ_STR(cca_vector_kind(0x300), "FIQ");
    TAP_EQ_STR(cca_vector_kind(0x780), "SError");
    tap_end();
}

/*
 * Argument and result names of a call, looked up by the name the decoder
 * gives its function ID in context: DEN0137 1.0 B4.3 / B5.3 (the command
 * interfaces' "Input values" and "Output values"), DEN0022 5.x.
 */
static void names_at(const char *file, int line, uint32_t f, cca_world caller,
                     unsigned major, int reg, bool result, const char *want)
{
    cca_call_ctx ctx = { caller, major };
    cca_fid_info fi = cca_fid_lookup_ctx(f, &ctx);
    const cca_call_names *n = cca_call_names_of(fi.name);
    const char *got = !n ? NULL : result ? n->ret[reg - 1] : n->arg[reg - 1];
    char what[96];

    snprintf(what, sizeof(what), "%s x%d of 0x%08x (major %u)",
             result ? "result" : "argument", reg, f, major);
    tap_eq_str_at(file, line, what, got, want);
}
#define arg(f, c, m, i, w) names_at(__FILE__, __LINE__, f, c, m, i, false, w)
#define ret(f, c, m, i, w) names_at(__FILE__, __LINE__, f, c, m, i, true, w)

static void test_call_names(void)
{
    const cca_world NS = CCA_WORLD_NS, RL = CCA_WORLD_REALM;

    tap_begin("call_names: RMI/RSI 1.0 and RMI 2.0 arguments and results, "
              "PSCI, RMM-EL3, by the name the number has in its version");
    /* B4.3.1 RMI_DATA_CREATE(rd, data, ipa, src, flags) */
    arg(0xC4000153, NS, 1, 1, "rd");
    arg(0xC4000153, NS, 1, 4, "src");
    arg(0xC4000153, NS, 1, 5, "flags");
    arg(0xC4000153, NS, 1, 6, NULL);
    /* ... which is RMI_RTT_DATA_MAP_INIT in 2.0: named from its 2.0 name */
    arg(0xC4000153, NS, 2, 1, "rd");
    /* B4.3.16 RMI_RTT_DESTROY(rd, ipa, level) -> (rtt, top) */
    arg(0xC400015E, NS, 1, 3, "level");
    ret(0xC400015E, NS, 1, 1, "rtt");
    ret(0xC400015E, NS, 1, 2, "top");
    ret(0xC400015E, NS, 1, 3, NULL);
    /* B4.3.23 RMI_VERSION(req) -> (lower, higher) */
    arg(0xC4000150, NS, 0, 1, "req");
    ret(0xC4000150, NS, 0, 2, "higher");
    /* B4.3.21 RMI_RTT_SET_RIPAS(rd, rec, base, top) -> out_top */
    arg(0xC4000169, NS, 1, 2, "rec");
    ret(0xC4000169, NS, 1, 1, "out_top");
    /* B5.3.6 RSI_IPA_STATE_SET(base, top, ripas, flags) -> new_base, response */
    arg(0xC4000197, RL, 1, 3, "ripas");
    ret(0xC4000197, RL, 1, 2, "response");
    /* B5.3.1 RSI_ATTESTATION_TOKEN_CONTINUE(addr, offset, size) -> len */
    arg(0xC4000195, RL, 1, 2, "offset");
    ret(0xC4000195, RL, 1, 1, "len");
    /* B5.3.2: the challenge spans x1..x8: no one name */
    arg(0xC4000194, RL, 1, 1, NULL);
    /* DEN0022 5.4 CPU_ON(target_cpu, entry_point_address, context_id) */
    arg(0xC4000003, NS, 0, 2, "entry_point_address");
    /* TF-A rmmd_svc.h RMM_GTSI_DELEGATE(base_pa) */
    arg(0xC40001B0, RL, 0, 1, "base_pa");
    /* RMI 2.0 (TF-RMM v0.9.0's smc-rmi.h): a reused number, 2.0 names */
    arg(0xC4000153, NS, 2, 3, "ipa");           /* RMI_RTT_DATA_MAP_INIT */
    arg(0xC40001F1, NS, 2, 2, "top");           /* GRANULE_RANGE_DELEGATE */
    ret(0xC40001F1, NS, 2, 1, "next");
    arg(0xC4000208, NS, 2, 1, "handle");        /* RMI_OP_MEM_DONATE */
    ret(0xC4000208, NS, 2, 1, "consumed");
    /* RMI/RSI 1.1 (TF-RMM v0.8.0's smc-rmi.h / smc-rsi.h) */
    arg(0xC400017D, NS, 1, 5, "tree");          /* RMI_RTT_AUX_CREATE */
    ret(0xC400017E, NS, 1, 2, "top");           /* RMI_RTT_AUX_DESTROY */
    arg(0xC40001A3, RL, 1, 2, "run_ptr");       /* RSI_PLANE_ENTER */
    /* unknown functions have no names */
    arg(0xC4000413, RL, 2, 1, NULL);
    TAP_TRUE(cca_call_names_of(NULL) == NULL);
    TAP_TRUE(cca_call_names_of("RMI_NO_SUCH") == NULL);
    tap_end();
}

int main(void)
{
    test_function_ids();
    test_function_ids_versions();
    test_status();
    test_worlds();
    test_syndromes();
    test_modes();
    test_call_names();
    return tap_done();
}
