/*
 * qemu-rme: decoders shared by the CCA tracing plugins and tools
 *
 * The tables below are written from the specifications: function numbers
 * from DEN0028 (SMCCC), DEN0022 (PSCI), DEN0098 (TRNG) and DEN0137 (RMM
 * 1.0; the 1.1 numbers follow the 1.1 ALP drafts and may still move), the
 * RMM-EL3 function numbers from TF-A 2.12's interface description
 * (include/services/rmmd_svc.h), ESR encodings from DDI0487 M.a.a D24.2.
 * See cca-decode.h.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "cca-decode.h"

#include <stddef.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const char *cca_world_name(cca_world w)
{
    return rme_ss_name((unsigned)w);
}

cca_world cca_world_from_scr(uint64_t scr, unsigned el, bool rme)
{
    unsigned nse = RME_FIELD(scr, RME_SCR_NSE_SHIFT, 1);
    unsigned ns = RME_FIELD(scr, RME_SCR_NS_SHIFT, 1);

    if (el >= 3) {
        return rme ? CCA_WORLD_ROOT : CCA_WORLD_SECURE;
    }
    if (!rme) {
        nse = 0;        /* SCR_EL3.NSE is RES0 without FEAT_RME */
    }
    switch (rme_ss_from_nse_ns(nse, ns)) {
    case RME_SS_SECURE:
        return CCA_WORLD_SECURE;
    case RME_SS_NONSECURE:
        return CCA_WORLD_NS;
    case RME_SS_REALM:
        return CCA_WORLD_REALM;
    default:
        return CCA_WORLD_UNKNOWN;   /* NSE=1 NS=0 is reserved below EL3 */
    }
}

cca_world cca_mfar_pas(uint64_t mfar)
{
    return (cca_world)rme_ss_from_nse_ns(RME_FIELD(mfar, RME_MFAR_NSE_SHIFT, 1),
                                         RME_FIELD(mfar, RME_MFAR_NS_SHIFT, 1));
}

uint64_t cca_mfar_pa(uint64_t mfar)
{
    return mfar & RME_MFAR_FPA_MASK;      /* FPA, bits [55:12] */
}

/* ---- SMCCC function IDs -------------------------------------------------- */

typedef struct fid_name {
    uint16_t num;       /* function number, bits [15:0] */
    const char *name;
} fid_name;

/* PSCI (DEN0022), Standard Secure, SMC32 0x8400_00xx / SMC64 0xC400_00xx. */
static const fid_name psci_names[] = {
    { 0x00, "PSCI_VERSION" },
    { 0x01, "PSCI_CPU_SUSPEND" },
    { 0x02, "PSCI_CPU_OFF" },
    { 0x03, "PSCI_CPU_ON" },
    { 0x04, "PSCI_AFFINITY_INFO" },
    { 0x05, "PSCI_MIGRATE" },
    { 0x06, "PSCI_MIGRATE_INFO_TYPE" },
    { 0x07, "PSCI_MIGRATE_INFO_UP_CPU" },
    { 0x08, "PSCI_SYSTEM_OFF" },
    { 0x09, "PSCI_SYSTEM_RESET" },
    { 0x0a, "PSCI_FEATURES" },
    { 0x0b, "PSCI_CPU_FREEZE" },
    { 0x0c, "PSCI_CPU_DEFAULT_SUSPEND" },
    { 0x0d, "PSCI_NODE_HW_STATE" },
    { 0x0e, "PSCI_SYSTEM_SUSPEND" },
    { 0x0f, "PSCI_SET_SUSPEND_MODE" },
    { 0x10, "PSCI_STAT_RESIDENCY" },
    { 0x11, "PSCI_STAT_COUNT" },
    { 0x12, "PSCI_SYSTEM_RESET2" },
    { 0x13, "PSCI_MEM_PROTECT" },
    { 0x14, "PSCI_MEM_PROTECT_CHECK_RANGE" },
    { 0x15, "PSCI_SYSTEM_OFF2" },
};

/* TRNG (DEN0098), Standard Secure. */
static const fid_name trng_names[] = {
    { 0x50, "TRNG_VERSION" },
    { 0x51, "TRNG_FEATURES" },
    { 0x52, "TRNG_GET_UUID" },
    { 0x53, "TRNG_RND" },
};

/* Arm Architecture Calls (DEN0028), SMC32 0x8000_xxxx. */
static const fid_name smccc_names[] = {
    { 0x0000, "SMCCC_VERSION" },
    { 0x0001, "SMCCC_ARCH_FEATURES" },
    { 0x0002, "SMCCC_ARCH_SOC_ID" },
    { 0x3fff, "SMCCC_ARCH_WORKAROUND_3" },
    { 0x7fff, "SMCCC_ARCH_WORKAROUND_1" },
    { 0x8000, "SMCCC_ARCH_WORKAROUND_2" },
};

/*
 * ... and SMC64 0xC000_xxxx: SMCCC_ARCH_FEATURE_AVAILABILITY (SMCCC 1.5),
 * which TF-RMM asks EL3 about the features EL3 enabled for it.
 */
static const fid_name smccc64_names[] = {
    { 0x0003, "SMCCC_ARCH_FEATURE_AVAILABILITY" },
};

/*
 * RMI (DEN0137), SMC64 fast calls 0xC400_0150..0xC400_018E.  0x150..0x169
 * are RMM 1.0; the rest are the RMM 1.1 additions.  0x18F belongs to
 * TF-A's RMM-EL3 interface (RMM_RMI_REQ_COMPLETE).
 */
static const fid_name rmi_names[] = {
    { 0x150, "RMI_VERSION" },
    { 0x151, "RMI_GRANULE_DELEGATE" },
    { 0x152, "RMI_GRANULE_UNDELEGATE" },
    { 0x153, "RMI_DATA_CREATE" },
    { 0x154, "RMI_DATA_CREATE_UNKNOWN" },
    { 0x155, "RMI_DATA_DESTROY" },
    { 0x156, "RMI_PDEV_AUX_COUNT" },
    { 0x157, "RMI_REALM_ACTIVATE" },
    { 0x158, "RMI_REALM_CREATE" },
    { 0x159, "RMI_REALM_DESTROY" },
    { 0x15a, "RMI_REC_CREATE" },
    { 0x15b, "RMI_REC_DESTROY" },
    { 0x15c, "RMI_REC_ENTER" },
    { 0x15d, "RMI_RTT_CREATE" },
    { 0x15e, "RMI_RTT_DESTROY" },
    { 0x15f, "RMI_RTT_MAP_UNPROTECTED" },
    { 0x160, "RMI_VDEV_AUX_COUNT" },
    { 0x161, "RMI_RTT_READ_ENTRY" },
    { 0x162, "RMI_RTT_UNMAP_UNPROTECTED" },
    { 0x163, "RMI_RTT_DEV_MEM_VALIDATE" },
    { 0x164, "RMI_PSCI_COMPLETE" },
    { 0x165, "RMI_FEATURES" },
    { 0x166, "RMI_RTT_FOLD" },
    { 0x167, "RMI_REC_AUX_COUNT" },
    { 0x168, "RMI_RTT_INIT_RIPAS" },
    { 0x169, "RMI_RTT_SET_RIPAS" },
    { 0x16a, "RMI_VSMMU_CREATE" },
    { 0x16b, "RMI_VSMMU_DESTROY" },
    { 0x16c, "RMI_VSMMU_MAP" },
    { 0x16d, "RMI_VSMMU_UNMAP" },
    { 0x16e, "RMI_PSMMU_MSI_CONFIG" },
    { 0x16f, "RMI_PSMMU_IRQ_NOTIFY" },
    { 0x172, "RMI_DEV_MEM_MAP" },
    { 0x173, "RMI_DEV_MEM_UNMAP" },
    { 0x174, "RMI_PDEV_ABORT" },
    { 0x175, "RMI_PDEV_COMMUNICATE" },
    { 0x176, "RMI_PDEV_CREATE" },
    { 0x177, "RMI_PDEV_DESTROY" },
    { 0x178, "RMI_PDEV_GET_STATE" },
    { 0x179, "RMI_PDEV_IDE_RESET" },
    { 0x17a, "RMI_PDEV_NOTIFY" },
    { 0x17b, "RMI_PDEV_SET_PUBKEY" },
    { 0x17c, "RMI_PDEV_STOP" },
    { 0x17d, "RMI_RTT_AUX_CREATE" },
    { 0x17e, "RMI_RTT_AUX_DESTROY" },
    { 0x17f, "RMI_RTT_AUX_FOLD" },
    { 0x180, "RMI_RTT_AUX_MAP_PROTECTED" },
    { 0x181, "RMI_RTT_AUX_MAP_UNPROTECTED" },
    { 0x183, "RMI_RTT_AUX_UNMAP_PROTECTED" },
    { 0x184, "RMI_RTT_AUX_UNMAP_UNPROTECTED" },
    { 0x185, "RMI_VDEV_ABORT" },
    { 0x186, "RMI_VDEV_COMMUNICATE" },
    { 0x187, "RMI_VDEV_CREATE" },
    { 0x188, "RMI_VDEV_DESTROY" },
    { 0x189, "RMI_VDEV_GET_STATE" },
    { 0x18a, "RMI_VDEV_STOP" },
    { 0x18b, "RMI_RTT_SET_S2AP" },
    { 0x18c, "RMI_MEC_SET_SHARED" },
    { 0x18d, "RMI_MEC_SET_PRIVATE" },
    { 0x18e, "RMI_VDEV_COMPLETE" },
};

/* RSI (DEN0137), SMC64 fast calls 0xC400_0190..0xC400_01AF. */
static const fid_name rsi_names[] = {
    { 0x190, "RSI_VERSION" },
    { 0x191, "RSI_FEATURES" },
    { 0x192, "RSI_MEASUREMENT_READ" },
    { 0x193, "RSI_MEASUREMENT_EXTEND" },
    { 0x194, "RSI_ATTESTATION_TOKEN_INIT" },
    { 0x195, "RSI_ATTESTATION_TOKEN_CONTINUE" },
    { 0x196, "RSI_REALM_CONFIG" },
    { 0x197, "RSI_IPA_STATE_SET" },
    { 0x198, "RSI_IPA_STATE_GET" },
    { 0x199, "RSI_HOST_CALL" },
    { 0x19a, "RSI_VSMMU_GET_INFO" },
    { 0x19b, "RSI_VSMMU_ACTIVATE" },
    { 0x19c, "RSI_RDEV_GET_INSTANCE_ID" },
    { 0x1a0, "RSI_MEM_GET_PERM_VALUE" },
    { 0x1a1, "RSI_MEM_SET_PERM_INDEX" },
    { 0x1a2, "RSI_MEM_SET_PERM_VALUE" },
    { 0x1a3, "RSI_PLANE_ENTER" },
    { 0x1a4, "RSI_RDEV_CONTINUE" },
    { 0x1a5, "RSI_RDEV_GET_INFO" },
    { 0x1a6, "RSI_RDEV_GET_INTERFACE_REPORT" },
    { 0x1a7, "RSI_RDEV_GET_MEASUREMENTS" },
    { 0x1a8, "RSI_RDEV_GET_STATE" },
    { 0x1a9, "RSI_RDEV_LOCK" },
    { 0x1aa, "RSI_RDEV_START" },
    { 0x1ab, "RSI_RDEV_STOP" },
    { 0x1ac, "RSI_RDEV_VALIDATE_MAPPING" },
    { 0x1ae, "RSI_PLANE_SYSREG_READ" },
    { 0x1af, "RSI_PLANE_SYSREG_WRITE" },
};

/*
 * RMI 1.1 calls that TF-RMM v0.8.0 numbers inside the RMM-EL3 range
 * (0x1C0..0x1C3): only a Non-secure caller means these.
 */
static const fid_name rmi_p2p_names[] = {
    { 0x1c0, "RMI_P2P_STREAM_ADD" },
    { 0x1c1, "RMI_P2P_STREAM_CREATE" },
    { 0x1c2, "RMI_STREAM_DESTROY" },
    { 0x1c3, "RMI_STREAM_REMOVE" },
};

/*
 * RMI of the RMM specification 2.0 (2.0-bet0, as TF-RMM v0.9.0 numbers it,
 * lib/smc/include/smc-rmi.h): 0xC400_0150..0xC400_020F, outside the
 * RMM-EL3 range.  Several numbers of 1.x mean something else here
 * (0x153: RMI_DATA_CREATE in 1.x, RMI_RTT_DATA_MAP_INIT in 2.0), and the
 * 1.x granule (un)delegation is gone in favour of the range calls.
 */
static const fid_name rmi2_names[] = {
    { 0x150, "RMI_VERSION" },
    { 0x153, "RMI_RTT_DATA_MAP_INIT" },
    { 0x156, "RMI_PDEV_AUX_COUNT" },
    { 0x157, "RMI_REALM_ACTIVATE" },
    { 0x158, "RMI_REALM_CREATE" },
    { 0x159, "RMI_REALM_DESTROY" },
    { 0x15a, "RMI_REC_CREATE" },
    { 0x15b, "RMI_REC_DESTROY" },
    { 0x15c, "RMI_REC_ENTER" },
    { 0x15d, "RMI_RTT_CREATE" },
    { 0x15e, "RMI_RTT_DESTROY" },
    { 0x15f, "RMI_RTT_MAP_UNPROTECTED" },
    { 0x160, "RMI_VDEV_AUX_COUNT" },
    { 0x161, "RMI_RTT_READ_ENTRY" },
    { 0x162, "RMI_RTT_UNMAP_UNPROTECTED" },
    { 0x163, "RMI_VDEV_VALIDATE_MAPPING" },
    { 0x164, "RMI_PSCI_COMPLETE" },
    { 0x165, "RMI_FEATURES" },
    { 0x166, "RMI_RTT_FOLD" },
    { 0x168, "RMI_RTT_INIT_RIPAS" },
    { 0x169, "RMI_RTT_SET_RIPAS" },
    { 0x16a, "RMI_VSMMU_CREATE" },
    { 0x16b, "RMI_VSMMU_DESTROY" },
    { 0x16c, "RMI_VSMMU_MAP" },
    { 0x16d, "RMI_VSMMU_UNMAP" },
    { 0x16e, "RMI_RMM_CONFIG_SET" },
    { 0x16f, "RMI_PSMMU_IRQ_NOTIFY" },
    { 0x172, "RMI_VDEV_MAP" },
    { 0x173, "RMI_VDEV_UNMAP" },
    { 0x174, "RMI_PDEV_ABORT" },
    { 0x175, "RMI_PDEV_COMMUNICATE" },
    { 0x176, "RMI_PDEV_CREATE" },
    { 0x177, "RMI_PDEV_DESTROY" },
    { 0x178, "RMI_PDEV_GET_STATE" },
    { 0x179, "RMI_PDEV_IDE_RESET" },
    { 0x17a, "RMI_PDEV_IDE_KEY_REFRESH" },
    { 0x17b, "RMI_PDEV_SET_PUBKEY" },
    { 0x17c, "RMI_PDEV_STOP" },
    { 0x17d, "RMI_RTT_AUX_CREATE" },
    { 0x17e, "RMI_RTT_AUX_DESTROY" },
    { 0x17f, "RMI_RTT_AUX_FOLD" },
    { 0x180, "RMI_RTT_AUX_MAP_PROTECTED" },
    { 0x181, "RMI_RTT_AUX_MAP_UNPROTECTED" },
    { 0x183, "RMI_RTT_AUX_UNMAP_PROTECTED" },
    { 0x184, "RMI_RTT_AUX_UNMAP_UNPROTECTED" },
    { 0x185, "RMI_VDEV_ABORT" },
    { 0x186, "RMI_VDEV_COMMUNICATE" },
    { 0x187, "RMI_VDEV_CREATE" },
    { 0x188, "RMI_VDEV_DESTROY" },
    { 0x189, "RMI_VDEV_GET_STATE" },
    { 0x18a, "RMI_VDEV_UNLOCK" },
    { 0x18b, "RMI_RTT_SET_S2AP" },
    { 0x18e, "RMI_VDEV_COMPLETE" },
    { 0x1d0, "RMI_VDEV_GET_INTERFACE_REPORT" },
    { 0x1d1, "RMI_VDEV_GET_MEASUREMENTS" },
    { 0x1d2, "RMI_VDEV_LOCK" },
    { 0x1d3, "RMI_VDEV_START" },
    { 0x1d7, "RMI_PSMMU_ACTIVATE" },
    { 0x1d8, "RMI_PSMMU_DEACTIVATE" },
    { 0x1db, "RMI_PSMMU_ST_L2_CREATE" },
    { 0x1dc, "RMI_PSMMU_ST_L2_DESTROY" },
    { 0x1e1, "RMI_GRANULE_TRACKING_GET" },
    { 0x1e3, "RMI_GRANULE_TRACKING_SET" },
    { 0x1ec, "RMI_RMM_CONFIG_GET" },
    { 0x1f1, "RMI_GRANULE_RANGE_DELEGATE" },
    { 0x1f2, "RMI_GRANULE_RANGE_UNDELEGATE" },
    { 0x1f3, "RMI_GPT_L1_CREATE" },
    { 0x1f4, "RMI_GPT_L1_DESTROY" },
    { 0x1f5, "RMI_RTT_DATA_MAP" },
    { 0x1f6, "RMI_RTT_DATA_UNMAP" },
    { 0x202, "RMI_RMM_ACTIVATE" },
    { 0x203, "RMI_OP_CONTINUE" },
    { 0x208, "RMI_OP_MEM_DONATE" },
    { 0x209, "RMI_OP_MEM_RECLAIM" },
    { 0x20a, "RMI_OP_CANCEL" },
};

/*
 * RSI of the RMM specification 2.0 (TF-RMM v0.9.0, smc-rsi.h; 0x194/0x195
 * under the specification's names).
 */
static const fid_name rsi2_names[] = {
    { 0x190, "RSI_VERSION" },
    { 0x191, "RSI_FEATURES" },
    { 0x192, "RSI_MEASUREMENT_READ" },
    { 0x193, "RSI_MEASUREMENT_EXTEND" },
    { 0x194, "RSI_ATTESTATION_TOKEN_INIT" },
    { 0x195, "RSI_ATTESTATION_TOKEN_CONTINUE" },
    { 0x196, "RSI_REALM_CONFIG" },
    { 0x197, "RSI_IPA_STATE_SET" },
    { 0x198, "RSI_IPA_STATE_GET" },
    { 0x199, "RSI_HOST_CALL" },
    { 0x19a, "RSI_VSMMU_GET_INFO" },
    { 0x19b, "RSI_ARCH_DEV_ACTIVATE" },
    { 0x19c, "RSI_VDEV_DMA_ENABLE" },
    { 0x19d, "RSI_VDEV_GET_INFO" },
    { 0x19f, "RSI_VDEV_VALIDATE_MAPPING" },
    { 0x1a0, "RSI_MEM_GET_PERM_VALUE" },
    { 0x1a1, "RSI_MEM_SET_PERM_INDEX" },
    { 0x1a2, "RSI_MEM_SET_PERM_VALUE" },
    { 0x1a3, "RSI_PLANE_ENTER" },
    { 0x1a4, "RSI_VDEV_DMA_DISABLE" },
    { 0x1ae, "RSI_PLANE_SYSREG_READ" },
    { 0x1af, "RSI_PLANE_SYSREG_WRITE" },
};

/*
 * TF-A's RMM-EL3 interface: SMCs from the RMM (Realm EL2) to EL3,
 * 0xC400_01B0..0xC400_01CF, plus RMM_RMI_REQ_COMPLETE at 0xC400_018F;
 * TF-A 2.12 to 2.15 only add functions (0x1B6 is RMM_MECID_KEY_UPDATE in
 * 2.13, renamed RMM_MEC_REFRESH in 2.14).
 */
static const fid_name rmm_el3_names[] = {
    { 0x18f, "RMM_RMI_REQ_COMPLETE" },
    { 0x1b0, "RMM_GTSI_DELEGATE" },
    { 0x1b1, "RMM_GTSI_UNDELEGATE" },
    { 0x1b2, "RMM_ATTEST_GET_REALM_KEY" },
    { 0x1b3, "RMM_ATTEST_GET_PLAT_TOKEN" },
    { 0x1b4, "RMM_EL3_FEATURES" },
    { 0x1b5, "RMM_EL3_TOKEN_SIGN" },
    { 0x1b6, "RMM_MEC_REFRESH" },
    { 0x1b7, "RMM_IDE_KEY_PROG" },
    { 0x1b8, "RMM_IDE_KEY_SET_GO" },
    { 0x1b9, "RMM_IDE_KEY_SET_STOP" },
    { 0x1ba, "RMM_IDE_KM_PULL_RESPONSE" },
    { 0x1bb, "RMM_RESERVE_MEMORY" },
    { 0x1cf, "RMM_BOOT_COMPLETE" },
};

/* TF-A's FIRME service (v2.15, include/services/firme_svc.h): 0x400..0x412. */
static const fid_name firme_names[] = {
    { 0x400, "FIRME_SERVICE_VERSION" },
    { 0x401, "FIRME_SERVICE_FEATURES" },
    { 0x402, "FIRME_GM_GPI_SET" },
    { 0x403, "FIRME_IDE_KEYSET_PROG" },
    { 0x404, "FIRME_IDE_KEYSET_GO" },
    { 0x405, "FIRME_IDE_KEYSET_STOP" },
    { 0x406, "FIRME_IDE_KEYSET_POLL" },
    { 0x407, "FIRME_MEC_REFRESH" },
    { 0x408, "FIRME_ATTEST_PAT_GET" },
    { 0x409, "FIRME_ATTEST_RAK_GET" },
    { 0x40a, "FIRME_ATTEST_RAT_SIGN" },
    { 0x40b, "FIRME_ATTEST_PAT_EXT_CLAIMS_STAGE" },
    { 0x40c, "FIRME_ATTEST_PAT_EXT_CLAIMS_CLEAR" },
    { 0x40d, "FIRME_ATTEST_PAT_EXT_CLAIMS_FINALISE" },
    { 0x40e, "FIRME_GM_L1_GPT_CREATE" },
    { 0x40f, "FIRME_GM_L1_GPT_DESTROY" },
    { 0x410, "FIRME_IDEV_OP_START" },
    { 0x411, "FIRME_IDEV_OP_CONTINUE" },
    { 0x412, "FIRME_GM_GPI_OP_CONTINUE" },
};

static const char *find_name(const fid_name *t, size_t n, unsigned num)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (t[i].num == num) {
            return t[i].name;
        }
    }
    return NULL;
}

#define FID_FAST        (1u << 31)
#define FID_SMC64       (1u << 30)
#define FID_OWNER(f)    (((f) >> 24) & 0x3f)
#define FID_NUM(f)      ((f) & 0xffff)
#define FID_MBZ(f)      ((f) & 0x00fe0000u)    /* bits [23:17] */
#define OWNER_ARCH      0
#define OWNER_STD       4

/*
 * The name of a call that RMM specifications 1.x and 2.0 may number
 * differently: the negotiated major picks, else a name both agree on, else
 * none (an honest "?" rather than a guess).
 */
static const char *versioned_name(const fid_name *t1, size_t n1,
                                  const fid_name *t2, size_t n2,
                                  unsigned num, unsigned major)
{
    const char *a = find_name(t1, n1, num), *b = find_name(t2, n2, num);

    if (major == 1) {
        return a;
    }
    if (major == 2) {
        return b;
    }
    if (a && b && strcmp(a, b)) {
        return NULL;
    }
    return a ? a : b;
}

cca_fid_info cca_fid_lookup_ctx(uint32_t fid, const cca_call_ctx *ctx)
{
    cca_fid_info r = { NULL, CCA_IF_OTHER, false };
    unsigned num = FID_NUM(fid);
    cca_world caller = ctx ? ctx->caller : CCA_WORLD_UNKNOWN;
    unsigned major = ctx ? ctx->rmm_major : 0;

    if (!(fid & FID_FAST) || FID_MBZ(fid)) {
        return r;
    }
    if (FID_OWNER(fid) == OWNER_ARCH) {
        r.name = (fid & FID_SMC64) ?
            find_name(smccc64_names, ARRAY_LEN(smccc64_names), num) :
            find_name(smccc_names, ARRAY_LEN(smccc_names), num);
        r.iface = r.name ? CCA_IF_SMCCC : CCA_IF_OTHER;
        return r;
    }
    if (FID_OWNER(fid) != OWNER_STD) {
        return r;
    }
    if (num <= 0x1f) {
        r.name = find_name(psci_names, ARRAY_LEN(psci_names), num);
        r.iface = r.name ? CCA_IF_PSCI : CCA_IF_OTHER;
        return r;
    }
    if (num >= 0x50 && num <= 0x5f) {
        r.name = find_name(trng_names, ARRAY_LEN(trng_names), num);
        r.iface = r.name ? CCA_IF_TRNG : CCA_IF_OTHER;
        return r;
    }
    if (!(fid & FID_SMC64)) {
        return r;       /* RMI, RSI, RMM-EL3 and FIRME are SMC64 only */
    }
    if (num >= 0x400 && num <= 0x412) {
        r.name = find_name(firme_names, ARRAY_LEN(firme_names), num);
        r.iface = CCA_IF_FIRME;
    } else if (num == 0x18f ||
               (num >= 0x1b0 && num <= 0x1cf && caller != CCA_WORLD_NS)) {
        /* RMM-EL3 is called by the RMM; the Normal world calls RMI */
        r.name = find_name(rmm_el3_names, ARRAY_LEN(rmm_el3_names), num);
        r.iface = CCA_IF_RMM_EL3;
        r.yields = num == 0x18f || num == 0x1cf;
    } else if (num >= 0x1c0 && num <= 0x1cf) {
        r.name = major == 2 ? NULL : find_name(rmi_p2p_names,
                                               ARRAY_LEN(rmi_p2p_names), num);
        r.iface = CCA_IF_RMI;
    } else if ((num >= 0x150 && num <= 0x18e) ||
               (num >= 0x1d0 && num <= 0x20f)) {
        r.name = versioned_name(rmi_names, ARRAY_LEN(rmi_names), rmi2_names,
                                ARRAY_LEN(rmi2_names), num, major);
        r.iface = CCA_IF_RMI;
    } else if (num >= 0x190 && num <= 0x1af) {
        r.name = versioned_name(rsi_names, ARRAY_LEN(rsi_names), rsi2_names,
                                ARRAY_LEN(rsi2_names), num, major);
        r.iface = CCA_IF_RSI;
    }
    return r;
}

cca_fid_info cca_fid_lookup(uint32_t fid)
{
    return cca_fid_lookup_ctx(fid, NULL);
}

const char *cca_smccc_owner(uint32_t fid)
{
    unsigned owner = FID_OWNER(fid);

    if (!(fid & FID_FAST)) {
        /*
         * Bit 31 clear: a Yielding Call, which SMCCC defines only for
         * Trusted OSes (owners 50..63); anything else (Linux's hyp-stub
         * HVCs pass x0 = 1..5) is no SMCCC call at all.
         */
        return owner >= 50 ? "yielding call" : "not SMCCC";
    }
    switch (owner) {
    case 0:
        return "Arm Architecture";
    case 1:
        return "CPU Service";
    case 2:
        return "SiP";
    case 3:
        return "OEM";
    case 4:
        return "Standard Secure";
    case 5:
        return "Standard Hypervisor";
    case 6:
        return "Vendor Hypervisor";
    case 7:
        return "Vendor EL3 Monitor";
    default:
        if (owner >= 48 && owner <= 49) {
            return "Trusted Application";
        }
        if (owner >= 50) {
            return "Trusted OS";
        }
        return "reserved";
    }
}

const char *cca_iface_name(cca_iface iface, uint32_t fid)
{
    switch (iface) {
    case CCA_IF_SMCCC:
        return "SMCCC";
    case CCA_IF_PSCI:
        return "PSCI";
    case CCA_IF_TRNG:
        return "TRNG";
    case CCA_IF_RMI:
        return "RMI";
    case CCA_IF_RSI:
        return "RSI";
    case CCA_IF_RMM_EL3:
        return "RMM-EL3";
    case CCA_IF_FIRME:
        return "FIRME";
    default:
        return cca_smccc_owner(fid);
    }
}

/* ---- return codes -------------------------------------------------------- */

static const char *const rmi_status[] = {
    "RMI_SUCCESS", "RMI_ERROR_INPUT", "RMI_ERROR_REALM", "RMI_ERROR_REC",
    "RMI_ERROR_RTT",
    /* RMM 1.1 */
    "RMI_ERROR_DEVICE", "RMI_ERROR_NOT_SUPPORTED", "RMI_ERROR_RTT_AUX",
};

static const char *const rsi_status[] = {
    "RSI_SUCCESS", "RSI_ERROR_INPUT", "RSI_ERROR_STATE", "RSI_INCOMPLETE",
    /* RMM 1.1 */
    "RSI_ERROR_UNKNOWN", "RSI_ERROR_DEVICE",
};

/* TF-A rmmd_svc.h E_RMM_*: 0, -1 .. -6 */
static const char *const rmm_el3_status[] = {
    "E_RMM_OK", "E_RMM_UNK", "E_RMM_BAD_ADDR", "E_RMM_BAD_PAS",
    "E_RMM_NOMEM", "E_RMM_INVAL", "E_RMM_AGAIN",
};

/* PSCI return codes 0, -1 .. -9 (DEN0022 5.2.2). */
static const char *const psci_status[] = {
    "PSCI_SUCCESS", "PSCI_NOT_SUPPORTED", "PSCI_INVALID_PARAMETERS",
    "PSCI_DENIED", "PSCI_ALREADY_ON", "PSCI_ON_PENDING",
    "PSCI_INTERNAL_FAILURE", "PSCI_NOT_PRESENT", "PSCI_DISABLED",
    "PSCI_INVALID_ADDRESS",
};

/* SMCCC return codes 0, -1 .. -3 (DEN0028 7.1). */
static const char *const smccc_status[] = {
    "SMCCC_SUCCESS", "SMCCC_NOT_SUPPORTED", "SMCCC_NOT_REQUIRED",
    "SMCCC_INVALID_PARAMETER",
};

/* TRNG return codes 0, -1 .. -3 (DEN0098). */
static const char *const trng_status[] = {
    "TRNG_SUCCESS", "TRNG_NOT_SUPPORTED", "TRNG_INVALID_PARAMETERS",
    "TRNG_NO_ENTROPY",
};

/* Negative status in a table indexed by -value (0 = success). */
static const char *neg_status(const char *const *t, size_t n, int64_t v,
                              bool zero_is_status)
{
    if (v == 0) {
        return zero_is_status ? t[0] : NULL;
    }
    if (v < 0 && v > -(int64_t)n) {
        return t[-v];
    }
    return NULL;
}

const char *cca_status_name(uint32_t fid, uint64_t x0, unsigned *index)
{
    cca_fid_info fi = cca_fid_lookup(fid);
    unsigned num = FID_NUM(fid);
    /* SMC32 callers and the PSCI/SMCCC ABIs return 32-bit signed values. */
    int64_t s32 = (int32_t)(uint32_t)x0;
    int64_t s64 = (int64_t)x0;

    if (index) {
        *index = 0;
    }
    switch (fi.iface) {
    case CCA_IF_RMI:
        if (x0 == UINT64_MAX) {
            return "SMC_UNKNOWN";       /* no RMM behind the monitor */
        }
        if ((x0 & 0xff) < ARRAY_LEN(rmi_status) && !(x0 >> 16)) {
            if (index) {
                *index = (unsigned)(x0 >> 8) & 0xff;
            }
            return rmi_status[x0 & 0xff];
        }
        return NULL;
    case CCA_IF_RSI:
        if (x0 == UINT64_MAX) {
            return "SMC_UNKNOWN";
        }
        return x0 < ARRAY_LEN(rsi_status) ? rsi_status[x0] : NULL;
    case CCA_IF_RMM_EL3:
        if (fi.yields) {
            return NULL;        /* x0 carries the next request */
        }
        return neg_status(rmm_el3_status, ARRAY_LEN(rmm_el3_status), s64, true);
    case CCA_IF_PSCI:
        switch (num) {
        case 0x00:  /* PSCI_VERSION */
        case 0x04:  /* AFFINITY_INFO: 0 ON, 1 OFF, 2 ON_PENDING */
        case 0x06:  /* MIGRATE_INFO_TYPE */
        case 0x07:  /* MIGRATE_INFO_UP_CPU */
        case 0x0a:  /* PSCI_FEATURES: feature flags when >= 0 */
        case 0x0d:  /* NODE_HW_STATE */
        case 0x10:  /* STAT_RESIDENCY */
        case 0x11:  /* STAT_COUNT */
            return neg_status(psci_status, ARRAY_LEN(psci_status), s32, false);
        default:
            return neg_status(psci_status, ARRAY_LEN(psci_status), s32, true);
        }
    case CCA_IF_SMCCC:
        return neg_status(smccc_status, ARRAY_LEN(smccc_status), s32,
                          num != 0x0000);
    case CCA_IF_TRNG:
        return neg_status(trng_status, ARRAY_LEN(trng_status), s32,
                          num != 0x50);
    default:
        if (s32 == -1 && (x0 == UINT64_MAX || x0 == 0xffffffffu)) {
            return "SMC_UNKNOWN";
        }
        return NULL;
    }
}

/* TF-A rmmd_svc.h E_RMM_BOOT_*: 0, -1 .. -7 */
static const char *const rmm_boot_status[] = {
    "E_RMM_BOOT_SUCCESS", "E_RMM_BOOT_UNKNOWN", "E_RMM_BOOT_VERSION_MISMATCH",
    "E_RMM_BOOT_CPUS_OUT_OF_RANGE", "E_RMM_BOOT_CPU_ID_OUT_OF_RANGE",
    "E_RMM_BOOT_INVALID_SHARED_BUFFER",
    "E_RMM_BOOT_MANIFEST_VERSION_NOT_SUPPORTED",
    "E_RMM_BOOT_MANIFEST_DATA_ERROR",
};

const char *cca_call_arg_note(uint32_t fid, uint64_t x1)
{
    switch (fid) {
    case 0xc400018fu:   /* RMM_RMI_REQ_COMPLETE: x1 is the RMI status */
        return cca_status_name(0xc4000150u, x1, NULL);
    case 0xc40001cfu:   /* RMM_BOOT_COMPLETE */
        return neg_status(rmm_boot_status, ARRAY_LEN(rmm_boot_status),
                          (int64_t)x1, true);
    default:
        return NULL;
    }
}

/* ---- argument and result names ------------------------------------------ */

typedef struct call_names_entry {
    const char *name;
    cca_call_names n;
} call_names_entry;

#define ARGS(...) { __VA_ARGS__ }
#define RETS(...) { __VA_ARGS__ }

static const call_names_entry call_names[] = {
    /* DEN0137 1.0 B4.3: RMI commands (input values x1.., output x1..) */
    { "RMI_VERSION", { ARGS("req"), RETS("lower", "higher") } },
    { "RMI_FEATURES", { ARGS("index"), RETS("value") } },
    { "RMI_GRANULE_DELEGATE", { ARGS("addr"), RETS(NULL) } },
    { "RMI_GRANULE_UNDELEGATE", { ARGS("addr"), RETS(NULL) } },
    { "RMI_DATA_CREATE", { ARGS("rd", "data", "ipa", "src", "flags"),
                           RETS(NULL) } },
    { "RMI_DATA_CREATE_UNKNOWN", { ARGS("rd", "data", "ipa"), RETS(NULL) } },
    { "RMI_DATA_DESTROY", { ARGS("rd", "ipa"), RETS("data", "top") } },
    { "RMI_REALM_ACTIVATE", { ARGS("rd"), RETS(NULL) } },
    { "RMI_REALM_CREATE", { ARGS("rd", "params_ptr"), RETS(NULL) } },
    { "RMI_REALM_DESTROY", { ARGS("rd"), RETS(NULL) } },
    { "RMI_REC_AUX_COUNT", { ARGS("rd"), RETS("aux_count") } },
    { "RMI_REC_CREATE", { ARGS("rd", "rec", "params_ptr"), RETS(NULL) } },
    { "RMI_REC_DESTROY", { ARGS("rec"), RETS(NULL) } },
    { "RMI_REC_ENTER", { ARGS("rec", "run_ptr"), RETS(NULL) } },
    { "RMI_RTT_CREATE", { ARGS("rd", "rtt", "ipa", "level"), RETS(NULL) } },
    { "RMI_RTT_DESTROY", { ARGS("rd", "ipa", "level"), RETS("rtt", "top") } },
    { "RMI_RTT_FOLD", { ARGS("rd", "ipa", "level"), RETS("rtt") } },
    { "RMI_RTT_INIT_RIPAS", { ARGS("rd", "base", "top"), RETS("out_top") } },
    { "RMI_RTT_MAP_UNPROTECTED", { ARGS("rd", "ipa", "level", "desc"),
                                   RETS(NULL) } },
    { "RMI_RTT_READ_ENTRY", { ARGS("rd", "ipa", "level"),
                              RETS("walk_level", "state", "desc") } },
    { "RMI_RTT_SET_RIPAS", { ARGS("rd", "rec", "base", "top"),
                             RETS("out_top") } },
    { "RMI_RTT_UNMAP_UNPROTECTED", { ARGS("rd", "ipa", "level"),
                                     RETS("top") } },
    { "RMI_PSCI_COMPLETE", { ARGS("calling_rec", "target_rec", "status"),
                             RETS(NULL) } },
    /*
     * RMI 1.1 additions (planes, device memory), named as TF-RMM v0.8.0's
     * smc-rmi.h names them (the 1.1 specification text is not available
     * here); 2.0 keeps them with the same arguments.  The device
     * assignment calls (PDEV, VDEV, VSMMU, streams) have no names there.
     */
    { "RMI_RTT_AUX_CREATE", { ARGS("rd", "rtt", "ipa", "level", "tree"),
                              RETS(NULL) } },
    { "RMI_RTT_AUX_DESTROY", { ARGS("rd", "ipa", "level", "tree"),
                               RETS("rtt", "top") } },
    { "RMI_RTT_AUX_FOLD", { ARGS("rd", "ipa", "level", "tree"),
                            RETS("rtt") } },
    { "RMI_RTT_AUX_MAP_PROTECTED", { ARGS("rd", "ipa", "tree"),
                                     RETS("fail_tree", "walk_level",
                                          "state") } },
    { "RMI_RTT_AUX_MAP_UNPROTECTED", { ARGS("rd", "ipa", "tree"),
                                       RETS("fail_tree", "walk_level",
                                            "state") } },
    { "RMI_RTT_AUX_UNMAP_PROTECTED", { ARGS("rd", "ipa", "tree"),
                                       RETS("top") } },
    { "RMI_RTT_AUX_UNMAP_UNPROTECTED", { ARGS("rd", "ipa", "tree"),
                                         RETS("top", "walk_level") } },
    { "RMI_DEV_MEM_MAP", { ARGS("rd", "ipa", "level", "pa"), RETS(NULL) } },
    { "RMI_DEV_MEM_UNMAP", { ARGS("rd", "ipa", "level"), RETS("pa", "top") } },
    { "RMI_RTT_SET_S2AP", { ARGS("rd", "rec", "base", "top"),
                            RETS("out_top") } },
    { "RSI_MEM_GET_PERM_VALUE", { ARGS("plane", "perm_index"),
                                  RETS("value") } },
    { "RSI_MEM_SET_PERM_INDEX", { ARGS("base", "top", "perm_index", "cookie"),
                                  RETS("new_base", "response", "cookie") } },
    { "RSI_MEM_SET_PERM_VALUE", { ARGS("plane", "perm_index", "value"),
                                  RETS(NULL) } },
    { "RSI_PLANE_ENTER", { ARGS("plane", "run_ptr"), RETS(NULL) } },
    { "RSI_PLANE_SYSREG_READ", { ARGS("plane", "encoding"), RETS("value") } },
    { "RSI_PLANE_SYSREG_WRITE", { ARGS("plane", "encoding", "value"),
                                  RETS(NULL) } },
    /*
     * RMI 2.0 (2.0-bet0) functions, named as TF-RMM v0.9.0's smc-rmi.h
     * names their arguments (the 2.0 specification text is not available
     * here); 2.0 numbers of 1.x functions keep the 1.x names above.
     */
    { "RMI_GRANULE_RANGE_DELEGATE", { ARGS("base", "top"), RETS("next") } },
    { "RMI_GRANULE_RANGE_UNDELEGATE", { ARGS("base", "top"),
                                        RETS("next") } },
    { "RMI_RTT_DATA_MAP_INIT", { ARGS("rd", "data", "ipa", "src", "flags"),
                                 RETS(NULL) } },
    { "RMI_RTT_DATA_MAP", { ARGS("rd", "base", "top", "flags", "oaddr"),
                            RETS("next") } },
    { "RMI_RTT_DATA_UNMAP", { ARGS("rd", "base", "top", "flags", "oaddr"),
                              RETS("top", "range_desc", "count") } },
    { "RMI_RMM_CONFIG_GET", { ARGS("config_ptr"), RETS(NULL) } },
    { "RMI_RMM_CONFIG_SET", { ARGS("config_ptr"), RETS(NULL) } },
    { "RMI_GRANULE_TRACKING_GET", { ARGS("addr"),
                                    RETS("category", "state") } },
    { "RMI_GPT_L1_CREATE", { ARGS("addr"), RETS(NULL) } },
    { "RMI_OP_CONTINUE", { ARGS("handle", "flags"),
                           RETS(NULL, "donate_req") } },
    { "RMI_OP_MEM_DONATE", { ARGS("handle", "list_pa", "list_count"),
                             RETS("consumed", "donate_req") } },
    { "RMI_OP_MEM_RECLAIM", { ARGS("handle", "list_pa", "list_count"),
                              RETS("written") } },
    { "RMI_OP_CANCEL", { ARGS("handle"), RETS(NULL) } },
    /* DEN0137 1.0 B5.3: RSI commands */
    { "RSI_VERSION", { ARGS("req"), RETS("lower", "higher") } },
    { "RSI_FEATURES", { ARGS("index"), RETS("value") } },
    { "RSI_MEASUREMENT_READ", { ARGS("index"), RETS(NULL) } },
    { "RSI_MEASUREMENT_EXTEND", { ARGS("index", "size"), RETS(NULL) } },
    { "RSI_ATTESTATION_TOKEN_INIT", { ARGS(NULL), RETS("max_size") } },
    { "RSI_ATTESTATION_TOKEN_CONTINUE", { ARGS("addr", "offset", "size"),
                                          RETS("len") } },
    { "RSI_REALM_CONFIG", { ARGS("addr"), RETS(NULL) } },
    { "RSI_IPA_STATE_SET", { ARGS("base", "top", "ripas", "flags"),
                             RETS("new_base", "response") } },
    { "RSI_IPA_STATE_GET", { ARGS("base", "top"), RETS("out_top", "ripas") } },
    { "RSI_HOST_CALL", { ARGS("addr"), RETS(NULL) } },
    /* DEN0022 PSCI */
    { "PSCI_CPU_SUSPEND", { ARGS("power_state", "entry_point_address",
                                 "context_id"), RETS(NULL) } },
    { "PSCI_CPU_ON", { ARGS("target_cpu", "entry_point_address",
                            "context_id"), RETS(NULL) } },
    { "PSCI_AFFINITY_INFO", { ARGS("target_affinity",
                                   "lowest_affinity_level"), RETS(NULL) } },
    { "PSCI_FEATURES", { ARGS("psci_func_id"), RETS(NULL) } },
    /* TF-A include/services/rmmd_svc.h */
    { "RMM_GTSI_DELEGATE", { ARGS("base_pa"), RETS(NULL) } },
    { "RMM_GTSI_UNDELEGATE", { ARGS("base_pa"), RETS(NULL) } },
    { "RMM_ATTEST_GET_REALM_KEY", { ARGS("buf_pa", "buf_size", "ecc_curve"),
                                    RETS("key_size") } },
    { "RMM_ATTEST_GET_PLAT_TOKEN", { ARGS("buf_pa", "buf_size",
                                          "challenge_size"),
                                     RETS("token_size") } },
    { "RMM_RMI_REQ_COMPLETE", { ARGS("status"), RETS(NULL) } },
    { "RMM_BOOT_COMPLETE", { ARGS("status"), RETS(NULL) } },
};

const cca_call_names *cca_call_names_of(const char *name)
{
    size_t i;

    if (!name) {
        return NULL;
    }
    for (i = 0; i < ARRAY_LEN(call_names); i++) {
        if (!strcmp(call_names[i].name, name)) {
            return &call_names[i].n;
        }
    }
    return NULL;
}

/* ---- exception syndromes ------------------------------------------------- */

typedef struct ec_entry {
    uint8_t ec;
    const char *name;
    const char *desc;
} ec_entry;

static const ec_entry ec_table[] = {
    { 0x00, "UNKNOWN", "Unknown reason" },
    { 0x01, "WFX", "Trapped WF* instruction" },
    { 0x03, "CP15_RT", "Trapped MCR/MRC (coproc 0b1111)" },
    { 0x04, "CP15_RRT", "Trapped MCRR/MRRC (coproc 0b1111)" },
    { 0x05, "CP14_RT", "Trapped MCR/MRC (coproc 0b1110)" },
    { 0x06, "CP14_LS", "Trapped LDC/STC" },
    { 0x07, "FP_ASIMD", "Access to SVE, Advanced SIMD or FP trapped" },
    { 0x08, "CP10_ID", "Trapped VMRS (ID group)" },
    { 0x09, "PAC", "Trapped pointer authentication instruction" },
    { 0x0a, "LS64", "Trapped LD64B/ST64B*" },
    { 0x0c, "CP14_RRT", "Trapped MRRC (coproc 0b1110)" },
    { 0x0d, "BTI", "Branch Target Exception" },
    { 0x0e, "ILL", "Illegal Execution state" },
    { 0x11, "SVC32", "SVC (AArch32)" },
    { 0x12, "HVC32", "HVC (AArch32)" },
    { 0x13, "SMC32", "SMC (AArch32)" },
    { 0x14, "SYS128", "Trapped MSRR/MRRS/SYSP" },
    { 0x15, "SVC64", "SVC (AArch64)" },
    { 0x16, "HVC64", "HVC (AArch64)" },
    { 0x17, "SMC64", "SMC (AArch64)" },
    { 0x18, "SYS64", "Trapped MSR/MRS/system instruction" },
    { 0x19, "SVE", "Access to SVE trapped" },
    { 0x1a, "ERET", "Trapped ERET/ERETAA/ERETAB" },
    { 0x1b, "TSTART", "Trapped TSTART" },
    { 0x1c, "FPAC", "Pointer authentication failure" },
    { 0x1d, "SME", "Access to SME trapped" },
    { 0x1e, "GPC", "Granule Protection Check exception" },
    { 0x1f, "IMP_DEF", "IMPLEMENTATION DEFINED exception to EL3" },
    { 0x20, "IABT_LOW", "Instruction Abort from a lower EL" },
    { 0x21, "IABT_CUR", "Instruction Abort taken without a change in EL" },
    { 0x22, "PC_ALIGN", "PC alignment fault" },
    { 0x24, "DABT_LOW", "Data Abort from a lower EL" },
    { 0x25, "DABT_CUR", "Data Abort taken without a change in EL" },
    { 0x26, "SP_ALIGN", "SP alignment fault" },
    { 0x27, "MOPS", "Memory Operation exception" },
    { 0x28, "FP32", "Trapped FP exception (AArch32)" },
    { 0x2c, "FP64", "Trapped FP exception (AArch64)" },
    { 0x2d, "GCS", "Guarded Control Stack exception" },
    { 0x2f, "SERROR", "SError exception" },
    { 0x30, "BREAKPT_LOW", "Breakpoint from a lower EL" },
    { 0x31, "BREAKPT_CUR", "Breakpoint taken without a change in EL" },
    { 0x32, "SOFTSTP_LOW", "Software Step from a lower EL" },
    { 0x33, "SOFTSTP_CUR", "Software Step taken without a change in EL" },
    { 0x34, "WATCHPT_LOW", "Watchpoint from a lower EL" },
    { 0x35, "WATCHPT_CUR", "Watchpoint taken without a change in EL" },
    { 0x38, "BKPT32", "BKPT (AArch32)" },
    { 0x3a, "VECTOR_CATCH", "Vector Catch (AArch32)" },
    { 0x3c, "BRK64", "BRK (AArch64)" },
    { 0x3d, "PROFILING", "Profiling exception" },
};

static const ec_entry *find_ec(unsigned ec)
{
    size_t i;

    for (i = 0; i < ARRAY_LEN(ec_table); i++) {
        if (ec_table[i].ec == ec) {
            return &ec_table[i];
        }
    }
    return NULL;
}

const char *cca_ec_name(unsigned ec)
{
    const ec_entry *e = find_ec(ec);

    return e ? e->name : "RESERVED";
}

const char *cca_ec_desc(unsigned ec)
{
    const ec_entry *e = find_ec(ec);

    return e ? e->desc : "reserved exception class";
}

bool cca_fsc_is_gpf(unsigned fsc, int *level)
{
    fsc &= 0x3f;
    if (fsc == RME_FSC_GPF_WALK_LM1 ||
        (fsc >= RME_FSC_GPF_WALK(0) && fsc <= RME_FSC_GPF_WALK(3))) {
        if (level) {
            *level = fsc == RME_FSC_GPF_WALK_LM1 ? -1 : (int)(fsc & 3);
        }
        return true;
    }
    if (fsc == RME_FSC_GPF) {
        if (level) {
            *level = -2;
        }
        return true;
    }
    return false;
}

const char *cca_fsc_name(unsigned fsc)
{
    static const char *const names[64] = {
        [0x00] = "address size fault, level 0",
        [0x01] = "address size fault, level 1",
        [0x02] = "address size fault, level 2",
        [0x03] = "address size fault, level 3",
        [0x04] = "translation fault, level 0",
        [0x05] = "translation fault, level 1",
        [0x06] = "translation fault, level 2",
        [0x07] = "translation fault, level 3",
        [0x08] = "access flag fault, level 0",
        [0x09] = "access flag fault, level 1",
        [0x0a] = "access flag fault, level 2",
        [0x0b] = "access flag fault, level 3",
        [0x0c] = "permission fault, level 0",
        [0x0d] = "permission fault, level 1",
        [0x0e] = "permission fault, level 2",
        [0x0f] = "permission fault, level 3",
        [0x10] = "synchronous External abort, not on a table walk",
        [0x11] = "synchronous Tag Check Fault",
        [0x13] = "synchronous External abort on a table walk, level -1",
        [0x14] = "synchronous External abort on a table walk, level 0",
        [0x15] = "synchronous External abort on a table walk, level 1",
        [0x16] = "synchronous External abort on a table walk, level 2",
        [0x17] = "synchronous External abort on a table walk, level 3",
        [0x18] = "synchronous parity/ECC error, not on a table walk",
        [0x1b] = "synchronous parity/ECC error on a table walk, level -1",
        [0x1c] = "synchronous parity/ECC error on a table walk, level 0",
        [0x1d] = "synchronous parity/ECC error on a table walk, level 1",
        [0x1e] = "synchronous parity/ECC error on a table walk, level 2",
        [0x1f] = "synchronous parity/ECC error on a table walk, level 3",
        [0x21] = "alignment fault",
        [0x23] = "GPF on a table walk, level -1",
        [0x24] = "GPF on a table walk, level 0",
        [0x25] = "GPF on a table walk, level 1",
        [0x26] = "GPF on a table walk, level 2",
        [0x27] = "GPF on a table walk, level 3",
        [0x28] = "GPF not on a table walk",
        [0x29] = "address size fault, level -1",
        [0x2b] = "translation fault, level -1",
        [0x30] = "TLB conflict abort",
        [0x31] = "unsupported atomic hardware update fault",
    };
    const char *n = names[fsc & 0x3f];

    return n ? n : "reserved fault status code";
}

bool cca_esr_is_gpf(uint64_t esr)
{
    switch (RME_ESR_EC(esr)) {
    case CCA_EC_GPC:
        return true;
    case CCA_EC_IABT_LOW:
    case CCA_EC_IABT_CUR:
    case CCA_EC_DABT_LOW:
    case CCA_EC_DABT_CUR:
        return cca_fsc_is_gpf(RME_FIELD(esr, RME_ISS_FSC_SHIFT, RME_ISS_FSC_WIDTH), NULL);
    default:
        return false;
    }
}

const char *cca_gpcsc_name(unsigned gpcsc)
{
    switch (gpcsc & 0x3f) {
    case RME_GPCSC_ADDRSIZE_L0:
        return "GPT address size fault at level 0";
    case RME_GPCSC_ADDRSIZE_L1:
        return "GPT address size fault at level 1";
    case RME_GPCSC_WALK_L0:
        return "GPT walk fault at level 0";
    case RME_GPCSC_WALK_L1:
        return "GPT walk fault at level 1";
    case RME_GPCSC_GPF_L0:
        return "GPF at level 0";
    case RME_GPCSC_GPF_L1:
        return "GPF at level 1";
    case RME_GPCSC_EABT_L0:
        return "synchronous External abort on GPT fetch at level 0";
    case RME_GPCSC_EABT_L1:
        return "synchronous External abort on GPT fetch at level 1";
    default:
        return "reserved GPCSC";
    }
}

int cca_spsr_el(uint64_t spsr)
{
    unsigned m = (unsigned)spsr & 0x1f;

    if (!(m & 0x10)) {
        /* AArch64: M[3:2] is the EL, M[1] is RES0 */
        return (m & 2) ? -1 : (int)(m >> 2);
    }
    switch (m & 0xf) {      /* AArch32 modes */
    case 0x0:               /* User */
        return 0;
    case 0x1:               /* FIQ */
    case 0x2:               /* IRQ */
    case 0x3:               /* Supervisor */
    case 0x7:               /* Abort */
    case 0xb:               /* Undefined */
    case 0xf:               /* System */
        return 1;
    case 0xa:               /* Hyp */
        return 2;
    case 0x6:               /* Monitor */
        return 3;
    default:
        return -1;
    }
}

const char *cca_vector_kind(uint64_t offset)
{
    static const char *const kinds[4] = { "sync", "IRQ", "FIQ", "SError" };

    return kinds[(offset >> 7) & 3];
}
