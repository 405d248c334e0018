/*
 * qemu-rme demo payload: what payload.c and storm.c share.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PAYLOAD_H
#define PAYLOAD_H

#include <stdbool.h>
#include <stdint.h>

#define UART0_BASE 0x09000000UL            /* virt PL011 UART0 */
#define PL011_DR   0x000
#define PL011_FR   0x018
#define PL011_FR_TXFF (1u << 5)

/* SMCCC function IDs (DEN0137 RMI, DEN0022 PSCI) */
#define RMI_VERSION             0xC4000150UL
#define RMI_GRANULE_DELEGATE    0xC4000151UL
#define RMI_GRANULE_UNDELEGATE  0xC4000152UL
#define RMI_FEATURES            0xC4000165UL
#define SMC_UNKNOWN             0xFFFFFFFFFFFFFFFFUL   /* SMCCC NOT_SUPPORTED */
#define PSCI_SYSTEM_OFF         0x84000008UL
#define RMI_ABI_VERSION(maj, min) (((uint64_t)(maj) << 16) | (min))
/* RMI 2.0 (2.0-bet0) as TF-RMM v0.9.0 numbers it */
#define RMI2_RMM_CONFIG_SET            0xC400016EUL
#define RMI2_RMM_CONFIG_GET            0xC40001ECUL
#define RMI2_GRANULE_RANGE_DELEGATE    0xC40001F1UL
#define RMI2_GRANULE_RANGE_UNDELEGATE  0xC40001F2UL
#define RMI2_RMM_ACTIVATE              0xC4000202UL
#define PSCI_CPU_ON             0xC4000003UL

struct smc_ret {
    uint64_t x0, x1, x2, x3;
};

void puts_(const char *s);
void puthex(uint64_t v);
void putdec(uint64_t v);
struct smc_ret smc(uint64_t fid, uint64_t a1, uint64_t a2);
struct smc_ret smc3(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
/*
 * An EL2 exception the payload did not expect (vector @kind): prints
 * "<who> <mark>unexpected exception ..., <who> RESULT: FAIL" and powers
 * off.
 */
void unexpected_exception(const char *who, const char *mark, uint64_t kind)
    __attribute__((noreturn));
/*
 * One granule to (@back: from) the Realm PAS: RMI_GRANULE_(UN)DELEGATE,
 * or with @rmi2 RMI_GRANULE_RANGE_(UN)DELEGATE of [pa, pa + 4KB).
 */
struct smc_ret rmi_granule_transition(bool rmi2, uint64_t pa, bool back);
/*
 * RMI 2.0: RMI_RMM_CONFIG_GET into the Non-secure granule @cfg_pa, the
 * same RmiRmmConfig back with RMI_RMM_CONFIG_SET, then RMI_RMM_ACTIVATE.
 * Returns the first status that is not RMI_SUCCESS, or 0.
 */
uint64_t rmi2_activate(uint64_t cfg_pa);
/* An RMI/RSI version (RmiInterfaceVersion: major [30:16], minor [15:0]). */
void print_version(uint64_t v);
/* Unless @ok, prints "<who> !! unexpected: <what>"; returns @ok. */
bool note_unexpected(bool ok, const char *who, const char *what);
/* PSCI SYSTEM_OFF (DEN0022 5.10), which does not return. */
void power_off(void) __attribute__((noreturn));

/* storm.c (make STORM_GRANULES=N): the delegation storm instead of the demo */
void storm_main(void) __attribute__((noreturn));

#endif /* PAYLOAD_H */
