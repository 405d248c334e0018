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

/*
 * The register map, from the device's own description of it (pure C,
 * no QEMU headers): offsets, fields and MPE_IIDR_VALUE.  MPE_PAS_KEY<n>
 * is indexed by the PA space's RME_SS_* number.
 */
#include "../../hw/misc/mpe-regs.h"

/* FEAT_MEC: ID_AA64MMFR3_EL1.MEC != 0 */
bool have_mec(void);
/* Is there an engine: FEAT_MEC on a board that has BOARD_MPE_BASE. */
bool have_mpe(void);
/* Register accesses from EL3 with its MMU off: the Root PA space. */
uint32_t mpe_read(unsigned int off);
void mpe_write(unsigned int off, uint32_t val);

#endif /* GUEST_MPE_H */
