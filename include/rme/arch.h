/*
 * qemu-rme: the architecture's vocabulary, defined once
 *
 * Security states and physical address spaces (Arm ARM DDI0487 D1.3 and
 * D9, RME system architecture DEN0129 A2), and the fields of ESR_ELx,
 * the GPC exception ISS, MFAR_EL3, SCR_EL3 and HCR_EL2 (DDI0487 D24.2)
 * that qemu-rme's walker, tracing plugin, bare-metal conformance suite and
 * differential test read or write.  Everything that names a world or a
 * register field uses these definitions; where they meet QEMU's own
 * (ARMSecuritySpace) or the plugin API's (enum qemu_plugin_pas), a
 * _Static_assert ties the values together (hw/arm/virt-rme.c,
 * plugins/cca-trace.c).
 *
 * Freestanding: no QEMU headers, no libc beyond <stdint.h>; usable from C
 * (host or bare metal) and, for the #defines, from assembler.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef RME_ARCH_H
#define RME_ARCH_H

#ifdef __ASSEMBLER__
#define RME_BIT(n)          (1 << (n))
#else
#include <stdint.h>
#define RME_BIT(n)          (UINT64_C(1) << (n))
#endif
/* Bits [shift + width - 1 : shift] of v (a uint64_t). */
#define RME_FIELD(v, shift, width) \
    (((v) >> (shift)) & ((RME_BIT(width)) - 1))

/*
 * Security states and the physical address spaces a PE can access, both
 * numbered as their {NSE, NS} encoding: SCR_EL3.{NSE,NS} selects the
 * Security state below EL3 (DDI0487 D1.3, SCR_EL3.NSE) and MFAR_EL3.{NSE,NS}
 * reports a PA space (D24.2.136).  EL3 is in Root state (DEN0129 A2.1).
 * QEMU's ARMSecuritySpace and enum qemu_plugin_pas use the same values.
 */
#define RME_SS_SECURE       0
#define RME_SS_NONSECURE    1
#define RME_SS_ROOT         2
#define RME_SS_REALM        3
#define RME_SS_COUNT        4
/* Not a Security state: unknown (no EL3, reserved encoding, not Arm). */
#define RME_SS_UNKNOWN      4

/*
 * The FEAT_RME_GDI PA spaces, {NSE2, NSE, NS} = 100 and 101 in
 * MFAR_EL3 (D24.2.136); no PE Security state uses them (R_QCLPT).
 */
#define RME_PAS_SYSTEM_AGENT 4
#define RME_PAS_NS_PROTECTED 5

#ifndef __ASSEMBLER__
typedef enum rme_ss {
    RME_SECURE = RME_SS_SECURE,
    RME_NONSECURE = RME_SS_NONSECURE,
    RME_ROOT = RME_SS_ROOT,
    RME_REALM = RME_SS_REALM,
} rme_ss;

/*
 * The one name of each Security state / PA space in every output of
 * qemu-rme (text, JSON, test logs): "Secure", "NS", "Root", "Realm";
 * "?" for anything else.
 */
static inline const char *rme_ss_name(unsigned ss)
{
    static const char *const names[RME_SS_COUNT] = {
        [RME_SS_SECURE] = "Secure", [RME_SS_NONSECURE] = "NS",
        [RME_SS_ROOT] = "Root", [RME_SS_REALM] = "Realm",
    };
    return ss < RME_SS_COUNT ? names[ss] : "?";
}

/* {NSE, NS} of a Security state or PA space, as two bits. */
static inline unsigned rme_ss_from_nse_ns(unsigned nse, unsigned ns)
{
    return (nse & 1) << 1 | (ns & 1);
}
#endif

/* SCR_EL3 (DDI0487 D24.2, SCR_EL3) */
#define RME_SCR_NS          RME_BIT(0)
#define RME_SCR_IRQ         RME_BIT(1)
#define RME_SCR_FIQ         RME_BIT(2)
#define RME_SCR_EA          RME_BIT(3)
#define RME_SCR_SMD         RME_BIT(7)
#define RME_SCR_HCE         RME_BIT(8)
#define RME_SCR_RW          RME_BIT(10)
#define RME_SCR_EEL2        RME_BIT(18)
#define RME_SCR_GPF         RME_BIT(48)
#define RME_SCR_NSE         RME_BIT(62)
#define RME_SCR_NS_SHIFT    0
#define RME_SCR_EEL2_SHIFT  18
#define RME_SCR_NSE_SHIFT   62

/* HCR_EL2 (DDI0487 D24.2, HCR_EL2) */
#define RME_HCR_VM          RME_BIT(0)
#define RME_HCR_DC          RME_BIT(12)
#define RME_HCR_TSC         RME_BIT(19)
#define RME_HCR_TGE         RME_BIT(27)
#define RME_HCR_RW          RME_BIT(31)
#define RME_HCR_E2H         RME_BIT(34)
#define RME_HCR_GPF         RME_BIT(48)

/*
 * FEAT_MEC and the registers it needs (DDI0487 D8.12, D24.2):
 * ID_AA64MMFR3_EL1.MEC, SCTLR2_ELx.EMEC, TCR2_EL2.AMEC0/AMEC1, TCR_EL2.A1
 * (which MECID EL2&0 walks use, R_XBDTH), and the SCR_EL3 enables for
 * TCR2_EL2, SCTLR2_EL2 and the MECID registers.
 */
#define RME_ID_AA64MMFR3_MEC_SHIFT 28
#define RME_SCTLR2_EMEC     RME_BIT(1)
#define RME_TCR2_AMEC0      RME_BIT(12)
#define RME_TCR2_AMEC1      RME_BIT(13)
#define RME_TCR_EL2_A1      RME_BIT(22)
#define RME_SCR_TCR2EN      RME_BIT(43)
#define RME_SCR_SCTLR2EN    RME_BIT(44)
#define RME_SCR_MECEN       RME_BIT(49)

/* MFAR_EL3 for a GPC exception (D24.2.136): FPA is PA[55:12]. */
#define RME_MFAR_NS         RME_BIT(63)
#define RME_MFAR_NSE        RME_BIT(62)
#define RME_MFAR_NS_SHIFT   63
#define RME_MFAR_NSE_SHIFT  62
#define RME_MFAR_FPA_SHIFT  12
#define RME_MFAR_FPA_WIDTH  44
#define RME_MFAR_FPA_MASK   (((RME_BIT(RME_MFAR_FPA_WIDTH)) - 1) << RME_MFAR_FPA_SHIFT)

/* ESR_ELx (D24.2, ESR_EL1/2/3): EC [31:26], IL [25], ISS [24:0]. */
#define RME_ESR_EC_SHIFT    26
#define RME_ESR_EC_WIDTH    6
#define RME_ESR_IL          RME_BIT(25)
#define RME_ESR_ISS_WIDTH   25
#define RME_ESR_EC(esr)     RME_FIELD(esr, RME_ESR_EC_SHIFT, RME_ESR_EC_WIDTH)
#define RME_ESR_ISS(esr)    ((esr) & (RME_BIT(RME_ESR_ISS_WIDTH) - 1))

/* Exception classes (ESR_ELx.EC). */
#define RME_EC_UNKNOWN      0x00
#define RME_EC_FP_ACCESS    0x07
#define RME_EC_ILLEGAL_STATE 0x0e
#define RME_EC_SVC64        0x15
#define RME_EC_HVC64        0x16
#define RME_EC_SMC64        0x17
#define RME_EC_SYS64        0x18
#define RME_EC_SVE_ACCESS   0x19
#define RME_EC_SME_ACCESS   0x1d
#define RME_EC_GPC          0x1e
#define RME_EC_IABT_LOW     0x20
#define RME_EC_IABT_CUR     0x21
#define RME_EC_DABT_LOW     0x24
#define RME_EC_DABT_CUR     0x25

/*
 * ISS of an Instruction or Data Abort (D24.2 ESR_ELx, ISS encoding for an
 * exception from an Instruction/Data Abort).  Bit positions.
 */
#define RME_ISS_FSC_SHIFT   0       /* DFSC/IFSC, 6 bits */
#define RME_ISS_FSC_WIDTH   6
#define RME_ISS_WNR_SHIFT   6
#define RME_ISS_S1PTW_SHIFT 7
#define RME_ISS_CM_SHIFT    8
#define RME_ISS_EA_SHIFT    9
#define RME_ISS_FNV_SHIFT   10
#define RME_ISS_SET_SHIFT   11      /* 2 bits */
#define RME_ISS_VNCR_SHIFT  13
#define RME_ISS_AR_SHIFT    14
#define RME_ISS_SF_SHIFT    15
#define RME_ISS_SRT_SHIFT   16      /* 5 bits */
#define RME_ISS_SSE_SHIFT   21
#define RME_ISS_SAS_SHIFT   22      /* 2 bits */
#define RME_ISS_ISV_SHIFT   24
#define RME_ISS_WNR         RME_BIT(RME_ISS_WNR_SHIFT)
#define RME_ISS_S1PTW       RME_BIT(RME_ISS_S1PTW_SHIFT)

/*
 * ISS of a GPC exception, EC 0x1E (D24.2.47 ESR_EL3): xFSC [5:0], WnR,
 * S1PTW, CM, VNCR as above, GPCSC [19:14], InD [20], S2PTW [21].
 */
#define RME_GPC_ISS_GPCSC_SHIFT 14
#define RME_GPC_ISS_GPCSC_WIDTH 6
#define RME_GPC_ISS_IND_SHIFT   20
#define RME_GPC_ISS_S2PTW_SHIFT 21
#define RME_GPC_ISS_IND     RME_BIT(RME_GPC_ISS_IND_SHIFT)
#define RME_GPC_ISS_S2PTW   RME_BIT(RME_GPC_ISS_S2PTW_SHIFT)
#define RME_GPC_ISS_GPCSC(iss) \
    RME_FIELD(iss, RME_GPC_ISS_GPCSC_SHIFT, RME_GPC_ISS_GPCSC_WIDTH)

/* Fault status codes (DFSC/IFSC, and xFSC of a GPC exception). */
#define RME_FSC_MASK        0x3f
#define RME_FSC_TRANS(l)    (0x04 | (l))    /* Translation fault, level l */
#define RME_FSC_PERM(l)     (0x0c | (l))    /* Permission fault, level l */
#define RME_FSC_SEA         0x10            /* Synchronous External abort */
#define RME_FSC_GPF_WALK_LM1 0x23           /* GPF on a walk, level -1 */
#define RME_FSC_GPF_WALK(l) (0x24 | (l))    /* GPF on a walk, level 0..3 */
#define RME_FSC_GPF         0x28            /* GPF not on a walk */

/* GPCSC, EncodeGPCSC() (D24.2.47): the fault class and GPT level. */
#define RME_GPCSC_ADDRSIZE_L0 0x00
#define RME_GPCSC_ADDRSIZE_L1 0x01
#define RME_GPCSC_WALK_L0   0x04
#define RME_GPCSC_WALK_L1   0x05
#define RME_GPCSC_GPF_L0    0x0c
#define RME_GPCSC_GPF_L1    0x0d
#define RME_GPCSC_EABT_L0   0x14
#define RME_GPCSC_EABT_L1   0x15

#endif /* RME_ARCH_H */
