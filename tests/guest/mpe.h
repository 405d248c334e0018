/*
 * mpe.h - the board's memory protection engine (FEAT_MEC), from EL3.
 *
 * qemu-rme's -M virt,rme=on has one whenever its PEs have FEAT_MEC
 * (mec=on, the default; docs/mec.md): a Root-only register frame at
 * BOARD_MPE_BASE.  The suite's code and data are shared by every world,
 * which an engine that encrypts the Realm PA space would garble, so the
 * harness keeps the engine off (MPE_CTRL.EN = 0) between tests; the MEC
 * tests turn it on around their own accesses.
 */
#ifndef GUEST_MPE_H
#define GUEST_MPE_H

#include <stdbool.h>
#include <stdint.h>

#define MPE_IIDR                0x000
#define MPE_IDR                 0x004
#define MPE_CTRL                0x010
#define MPE_CTRL_EN             (1U << 0)
#define MPE_CTRL_IGNORE_MECID   (1U << 1)
#define MPE_REKEY               0x020
#define MPE_PAS_KEY_LO(pas)     (0x040 + 8 * (pas))
#define MPE_PAS_KEY_HI(pas)     (0x044 + 8 * (pas))
#define MPE_STAT_LO(n)          (0x080 + 8 * (n))
#define MPE_STAT_CONVERSIONS    0
#define MPE_STAT_REKEYS         2
#define MPE_IIDR_VALUE          0x4d500051U

/* PA space numbers of the MPE_PAS_KEY registers */
#define MPE_PAS_SECURE          0
#define MPE_PAS_NONSECURE       1
#define MPE_PAS_ROOT            2
#define MPE_PAS_REALM           3

/* FEAT_MEC: ID_AA64MMFR3_EL1.MEC != 0 */
bool have_mec(void);
/* Is there an engine: FEAT_MEC on a board that has BOARD_MPE_BASE. */
bool have_mpe(void);
/* Register accesses from EL3 with its MMU off: the Root PA space. */
uint32_t mpe_read(unsigned int off);
void mpe_write(unsigned int off, uint32_t val);

#endif /* GUEST_MPE_H */
