/*
 * qemu-rme: the memory protection engine's register frame (docs/mec.md)
 *
 * The Root-only programming interface of hw/misc/arm-mpe.c, as pure C11
 * over mpe-core.h so that the host tests and the register fuzz target
 * (tests/unit/fuzz-mpe-regs.c) run the same code as QEMU.  DEN0129 puts
 * the memory protection engine under the control of the Root world: an
 * access from any other PA space is refused, as a Root-only completer
 * refuses it (QEMU turns that into an error response, MEMTX_ERROR).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MISC_MPE_REGS_H
#define HW_MISC_MPE_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "mpe-core.h"

#define MPE_REGS_SIZE           0x1000

/* Register offsets (32-bit registers, 32-bit accesses only) */
#define MPE_IIDR                0x000   /* RO */
#define MPE_IDR                 0x004   /* RO */
#define MPE_CTRL                0x010   /* RW */
#define MPE_REKEY               0x020   /* WO, reads 0 */
#define MPE_PAS_KEY_LO(pas)     (0x040 + 8 * (pas))     /* RW */
#define MPE_PAS_KEY_HI(pas)     (0x044 + 8 * (pas))     /* RW */
#define MPE_STAT_LO(n)          (0x080 + 8 * (n))       /* RO */
#define MPE_STAT_HI(n)          (0x084 + 8 * (n))       /* RO */
#define MPE_NSTATS              5

/* MPE_STAT_* numbers */
#define MPE_STAT_CONVERSIONS    0
#define MPE_STAT_BLOCKS         1
#define MPE_STAT_REKEYS         2
#define MPE_STAT_PAS_REKEYS     3
#define MPE_STAT_TAGGED         4

/* MPE_IIDR: implementer 0x51 ('Q', as QEMU's devices), product 0x4d5 */
#define MPE_IIDR_VALUE          (0x51u | (0x4d5u << 20))

/* MPE_IDR fields */
#define MPE_IDR_MECIDW_SHIFT    0       /* [3:0] MECID width - 1 */
#define MPE_IDR_BLKSZ_SHIFT     4       /* [7:4] log2(block size) - 4 */
#define MPE_IDR_STRATEGY_SHIFT  8       /* [9:8] 0 scramble, 1 xor */

/* MPE_CTRL fields */
#define MPE_CTRL_EN             (1u << 0)
#define MPE_CTRL_IGNORE_MECID   (1u << 1)
#define MPE_CTRL_MASK           (MPE_CTRL_EN | MPE_CTRL_IGNORE_MECID)

/* MPE_REKEY: MECID in [15:0] */
#define MPE_REKEY_MECID_MASK    0xffffu

typedef struct MpeRegs {
    MpeCore *core;
    uint64_t pas_key[4];        /* the keys as written */
    uint64_t tagged;            /* pages holding encrypted data (by owner) */
} MpeRegs;

typedef enum MpeRegResult {
    MPE_REG_OK,                 /* done */
    MPE_REG_OK_FLUSH,           /* done; every context changed: flush TLBs */
    MPE_REG_REFUSED,            /* not from the Root PA space */
    MPE_REG_BAD_OFFSET,         /* no register there (RAZ/WI) */
    MPE_REG_READ_ONLY,          /* write to a read-only register (WI) */
} MpeRegResult;

/* Configure @r over @core, keys as @core has them. */
void mpe_regs_init(MpeRegs *r, MpeCore *core);

/* A 32-bit read or write at @offset from PA space @pas (RME_SS_*). */
MpeRegResult mpe_regs_read(MpeRegs *r, uint64_t offset, unsigned pas,
                           uint32_t *value);
MpeRegResult mpe_regs_write(MpeRegs *r, uint64_t offset, unsigned pas,
                            uint32_t value);

#endif /* HW_MISC_MPE_REGS_H */
