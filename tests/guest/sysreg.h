/*
 * sysreg.h - system register access and the register fields the harness
 * and the tests use.  Field positions are from the Arm ARM (DDI0487,
 * chapter D24 "AArch64 System Register Descriptions").
 *
 * Registers that older binutils may not know by name are accessed through
 * their generic S<op0>_<op1>_C<n>_C<m>_<op2> encoding.
 */
#ifndef GUEST_SYSREG_H
#define GUEST_SYSREG_H

#include "rme/arch.h"

#define BIT(n)                  (1UL << (n))

/* Generic encodings of RME registers (D24.2). */
#define GPCCR_EL3               S3_6_C2_C1_6
#define GPTBR_EL3               S3_6_C2_C1_4
#define MFAR_EL3                S3_6_C6_C0_5
#define GPCBW_EL3               S3_6_C2_C1_5    /* FEAT_RME_GPC3 */

/*
 * SCR_EL3, HCR_EL2, ESR_ELx, the GPC exception ISS, GPCSC and MFAR_EL3:
 * the suite's short names for the fields of include/rme/arch.h.
 */
#define SCR_RES1                (BIT(4) | BIT(5))
#define SCR_NS                  RME_SCR_NS
#define SCR_IRQ                 RME_SCR_IRQ
#define SCR_FIQ                 RME_SCR_FIQ
#define SCR_EA                  RME_SCR_EA
#define SCR_SMD                 RME_SCR_SMD
#define SCR_HCE                 RME_SCR_HCE
#define SCR_RW                  RME_SCR_RW
#define SCR_EEL2                RME_SCR_EEL2
#define SCR_GPF                 RME_SCR_GPF
#define SCR_NSE                 RME_SCR_NSE

#define HCR_VM                  RME_HCR_VM
#define HCR_TSC                 RME_HCR_TSC
#define HCR_TGE                 RME_HCR_TGE
#define HCR_RW                  RME_HCR_RW
#define HCR_GPF                 RME_HCR_GPF

/*
 * SCTLR_ELx with the MMU and data cache off.  RES1 bits per the register
 * descriptions; I (instruction cache) and SA (SP alignment check) on.
 */
#define SCTLR_M                 BIT(0)
#define SCTLR_C                 BIT(2)
#define SCTLR_WXN               BIT(19)
#define SCTLR_I                 BIT(12)
#define SCTLR_SA                BIT(3)
#define SCTLR_EL3_RES1          (BIT(4) | BIT(5) | BIT(11) | BIT(16) | \
                                 BIT(18) | BIT(22) | BIT(23) | BIT(28) | \
                                 BIT(29))
#define SCTLR_EL2_RES1          SCTLR_EL3_RES1
/* EL1: EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE (RES1 or benign when 1). */
#define SCTLR_EL1_RES1          (BIT(11) | BIT(20) | BIT(22) | BIT(23) | \
                                 BIT(28) | BIT(29))

/* CPTR_EL2 when HCR_EL2.E2H == 0: RES1 bits 13, 9, 7:0; TZ (8) and TSM (12)
 * set, so SVE/SME trap (the suite is built -mgeneral-regs-only); TFP (10)
 * clear so FP/SIMD does not trap. */
#define CPTR_EL2_DEFAULT        0x33ffUL
#define CPTR_EL2_TZ             BIT(8)
#define CPTR_EL2_TFP            BIT(10)
#define CPTR_EL2_TSM            BIT(12)
/* CPTR_EL3 (D24.2.39): EZ and ESM enable SVE and SME, TFP traps FP/SIMD. */
#define CPTR_EL3_EZ             BIT(8)
#define CPTR_EL3_TFP            BIT(10)
#define CPTR_EL3_ESM            BIT(12)
/* CPACR_EL1 (D24.2.36): ZEN [17:16], FPEN [21:20], SMEN [25:24]. */
#define CPACR_EL1_ZEN           (3UL << 16)
#define CPACR_EL1_FPEN          (3UL << 20)
#define CPACR_EL1_SMEN          (3UL << 24)
/* CPACR_EL1.FPEN = 0b11: no FP/SIMD trap at EL1/EL0. */
#define CPACR_EL1_DEFAULT       (3UL << 20)
/* CNTHCTL_EL2.EL1PCTEN|EL1PCEN: EL1 may use the physical counter/timer. */
#define CNTHCTL_EL2_DEFAULT     0x3UL

/* SPSR_ELx.M[3:0] and the DAIF mask bits. */
#define SPSR_M_EL1H             0x5UL
#define SPSR_M_EL2H             0x9UL
#define SPSR_DAIF               (0xfUL << 6)
#define SPSR_IL                 BIT(20)

/* ID_AA64PFR0_EL1 */
#define ID_AA64PFR0_SEL2_SHIFT  36
#define ID_AA64PFR0_RME_SHIFT   52

/* ID_AA64PFR0_EL1.SVE, ID_AA64PFR1_EL1.SME (1 = SME, 2 = SME2) */
#define ID_AA64PFR0_SVE_SHIFT   32
#define ID_AA64PFR1_SME_SHIFT   24

/* SVE and SME registers by encoding (binutils needs +sve/+sme for names). */
#define ZCR_EL1                 S3_0_C1_C2_0
#define ZCR_EL2                 S3_4_C1_C2_0
#define ZCR_EL3                 S3_6_C1_C2_0
#define SMCR_EL1                S3_0_C1_C2_6
#define SMCR_EL2                S3_4_C1_C2_6
#define SMCR_EL3                S3_6_C1_C2_6
#define SVCR                    S3_3_C4_C2_2
#define ID_AA64SMFR0_EL1        S3_0_C0_C4_5

/*
 * FEAT_MEC, FEAT_SCTLR2, FEAT_TCR2 (D24.2; by encoding: older binutils
 * lack the names).
 */
#define ID_AA64MMFR3_EL1        S3_0_C0_C7_3
#define ID_AA64MMFR3_MEC_SHIFT  RME_ID_AA64MMFR3_MEC_SHIFT
#define SCTLR2_EL2              S3_4_C1_C0_3
#define SCTLR2_EL3              S3_6_C1_C0_3
#define SCTLR2_EMEC             RME_SCTLR2_EMEC
#define TCR2_EL2                S3_4_C2_C0_3
#define TCR2_AMEC0              RME_TCR2_AMEC0
#define MECIDR_EL2              S3_4_C10_C8_7
#define MECID_P0_EL2            S3_4_C10_C8_0
#define MECID_A0_EL2            S3_4_C10_C8_1
#define VMECID_P_EL2            S3_4_C10_C9_0
#define VMECID_A_EL2            S3_4_C10_C9_1
#define MECID_RL_A_EL3          S3_6_C10_C10_1
/* SCR_EL3.{TCR2En, SCTLR2En, MECEn}: EL2 may use TCR2_EL2, SCTLR2_EL2 is
 * in effect, the MECID registers do not trap to EL3. */
#define SCR_TCR2EN              RME_SCR_TCR2EN
#define SCR_SCTLR2EN            RME_SCR_SCTLR2EN
#define SCR_MECEN               RME_SCR_MECEN

/* ID_AA64MMFR4_EL1 (by encoding: older binutils lack the name) */
#define ID_AA64MMFR4_EL1        S3_0_C0_C7_4
#define ID_AA64MMFR4_RMEGDI_SHIFT 28

/* ID_AA64MMFR0_EL1 */
#define ID_AA64MMFR0_PARANGE_SHIFT 0
#define ID_AA64MMFR0_TGRAN16_SHIFT 20
#define ID_AA64MMFR0_TGRAN64_SHIFT 24
#define ID_AA64MMFR0_TGRAN4_SHIFT  28
#define ID_AA64MMFR0_TGRAN16_2_SHIFT 32
#define ID_AA64MMFR0_TGRAN64_2_SHIFT 36
#define ID_AA64MMFR0_TGRAN4_2_SHIFT  40

#define ESR_EC_SHIFT            RME_ESR_EC_SHIFT
#define ESR_EC(esr)             RME_ESR_EC(esr)
#define ESR_IL                  RME_ESR_IL
#define ESR_ISS(esr)            RME_ESR_ISS(esr)

#define EC_UNKNOWN              RME_EC_UNKNOWN
#define EC_FP_ACCESS            RME_EC_FP_ACCESS
#define EC_ILLEGAL_STATE        RME_EC_ILLEGAL_STATE
#define EC_SVC64                RME_EC_SVC64
#define EC_HVC64                RME_EC_HVC64
#define EC_SMC64                RME_EC_SMC64
#define EC_SYS64                RME_EC_SYS64
#define EC_SVE_ACCESS           RME_EC_SVE_ACCESS
#define EC_SME_ACCESS           RME_EC_SME_ACCESS
#define EC_GPC                  RME_EC_GPC
#define EC_IABT_LOW             RME_EC_IABT_LOW
#define EC_IABT_CUR             RME_EC_IABT_CUR
#define EC_DABT_LOW             RME_EC_DABT_LOW
#define EC_DABT_CUR             RME_EC_DABT_CUR

#define FSC_MASK                RME_FSC_MASK
#define FSC_SEA                 RME_FSC_SEA
#define FSC_GPF                 RME_FSC_GPF
#define FSC_GPF_WALK(level)     RME_FSC_GPF_WALK(level)
#define FSC_PERM(level)         RME_FSC_PERM(level)
#define FSC_TRANS(level)        RME_FSC_TRANS(level)
#define ISS_S1PTW               RME_ISS_S1PTW
#define ISS_WNR                 RME_ISS_WNR

#define GPC_ISS_GPCSC(iss)      RME_GPC_ISS_GPCSC(iss)
#define GPC_ISS_S2PTW           RME_GPC_ISS_S2PTW
#define GPC_ISS_IND             RME_GPC_ISS_IND
#define GPC_ISS_S1PTW           RME_ISS_S1PTW
#define GPC_ISS_WNR             RME_ISS_WNR
#define GPCSC_ADDRSIZE_L0       RME_GPCSC_ADDRSIZE_L0
#define GPCSC_WALK_L0           RME_GPCSC_WALK_L0
#define GPCSC_WALK_L1           RME_GPCSC_WALK_L1
#define GPCSC_GPF_L0            RME_GPCSC_GPF_L0
#define GPCSC_GPF_L1            RME_GPCSC_GPF_L1
#define GPCSC_EABT_L0           RME_GPCSC_EABT_L0
#define GPCSC_EABT_L1           RME_GPCSC_EABT_L1

#define MFAR_NS                 RME_MFAR_NS
#define MFAR_NSE                RME_MFAR_NSE
#define MFAR_FPA_MASK           RME_MFAR_FPA_MASK   /* FPA, bits [55:12] */

#ifndef __ASSEMBLER__
#include <stdint.h>

#define read_sysreg(reg) ({                                          \
        uint64_t __val;                                              \
        __asm__ volatile("mrs %0, " #reg : "=r"(__val));             \
        __val;                                                       \
})

#define write_sysreg(reg, val)                                       \
        __asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)) \
                         : "memory")

/* Expand an encoding macro such as GPCCR_EL3 before stringizing it. */
#define read_sysreg_s(reg)       read_sysreg(reg)
#define write_sysreg_s(reg, val) write_sysreg(reg, val)

static inline void isb(void) { __asm__ volatile("isb" : : : "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" : : : "memory"); }

static inline unsigned int current_el(void)
{
    return (unsigned int)(read_sysreg(CurrentEL) >> 2) & 3;
}

static inline unsigned int id_field(uint64_t reg, unsigned int shift)
{
    return (unsigned int)(reg >> shift) & 0xf;
}

#endif /* !__ASSEMBLER__ */
#endif /* GUEST_SYSREG_H */
