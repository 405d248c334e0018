/*
 * qemu-rme: memory protection engine (MEC), the model's core
 *
 * FEAT_MEC (DDI0487 M.a.a D8.12) gives every access to memory a memory
 * encryption context: the PA space of the access and, in the Realm PA
 * space, a MECID (R_GKRVJ, R_YJVST, R_MRKMQ: the Root, Secure and
 * Non-secure PA spaces have the default MECID of zero only).  A memory
 * protection engine between the PEs and memory encrypts each block of
 * memory with the key of the context that wrote it; a read under another
 * context decrypts with the wrong key and sees pseudo-random bytes.
 *
 * This model keeps, for each page of RAM, the page's contents as seen
 * through one context (its "tag") instead of ciphertext.  Ciphertext is
 * E_tag(view) block by block; the view through another context is
 * D_other(E_tag(view)).  mpe_transform() converts a page from one tag to
 * another, so that the accesses of the context that uses the page run on
 * plain host memory and only a change of context costs anything.  Nothing
 * is lost: converting back gives the original bytes.
 *
 * Pure C11: no QEMU headers, no allocation, no global state.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MISC_MPE_CORE_H
#define HW_MISC_MPE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rme/arch.h"

#define MPE_MAX_MECID_BITS  16
#define MPE_PAGE_BITS       12
#define MPE_PAGE_SIZE       (1u << MPE_PAGE_BITS)
/* Block sizes: 16 bytes (two 64-bit words) up to the page. */
#define MPE_MIN_BLOCK_BITS  4
#define MPE_MAX_BLOCK_BITS  MPE_PAGE_BITS

/* What data read through the wrong context looks like. */
typedef enum MpeStrategy {
    /* A keyed permutation of each block: any change garbles the block. */
    MPE_SCRAMBLE = 0,
    /* A keyed keystream XORed into each block (cheaper, no diffusion). */
    MPE_XOR = 1,
} MpeStrategy;

/*
 * The context of a page's contents: 0 is plaintext (a PA space the
 * engine does not encrypt); otherwise MPE_TAG_ENC | PA space | MECID |
 * the key generations in force when the page was converted.
 */
typedef uint64_t MpeTag;
#define MPE_TAG_PLAIN       ((MpeTag)0)
#define MPE_TAG_ENC         ((MpeTag)1 << 63)

typedef struct MpeStats {
    uint64_t conversions;       /* pages converted between contexts */
    uint64_t blocks;            /* blocks re-encoded */
    uint64_t rekeys;            /* MECID contexts invalidated */
    uint64_t pas_rekeys;        /* PA space keys changed */
} MpeStats;

typedef struct MpeCore {
    bool enabled;               /* engine on: contexts have an effect */
    unsigned block_bits;        /* log2 of the block size */
    unsigned mecid_bits;        /* MECIDR_EL2.MECIDW + 1 */
    bool ignore_mecid;          /* every Realm MECID shares one context */
    MpeStrategy strategy;
    /* Which PA spaces are encrypted (the Realm PA space always is). */
    bool pas_encrypted[4];
    uint64_t pas_key[4];
    uint16_t pas_gen[4];        /* bumped on each key change */
    /* bumped when a MECID's context is invalidated (re-keyed) */
    uint32_t mecid_gen[1u << MPE_MAX_MECID_BITS];
    MpeStats stats;
} MpeCore;

/* The strategy called @name ("scramble" or "xor"), or -1. */
int mpe_strategy_from_name(const char *name);

/* Is @bytes a block size the engine has: a power of 2, 16 to a page? */
bool mpe_block_size_valid(uint64_t bytes);

/* Defaults: enabled, 4 KiB blocks, 16-bit MECIDs, Realm PAS only. */
void mpe_init(MpeCore *m, uint64_t seed);

/* The tag an access in PA space @pas with MECID @mecid converts to. */
MpeTag mpe_tag_of(const MpeCore *m, unsigned pas, unsigned mecid);

/*
 * Converts the @len bytes (a whole number of blocks, aligned to a block)
 * at @buf, holding the memory at @pa as seen through @from, to the view
 * through @to.  Counts in m->stats.
 */
void mpe_transform(MpeCore *m, uint8_t *buf, size_t len, uint64_t pa,
                   MpeTag from, MpeTag to);

/* Invalidate (re-key) a MECID's context; out-of-range MECIDs are ignored. */
void mpe_rekey_mecid(MpeCore *m, unsigned mecid);

/* Set a PA space's key (and whether it is encrypted: Realm always is). */
void mpe_set_pas_key(MpeCore *m, unsigned pas, uint64_t key);

/* Decoding a tag, for tracing and info. */
bool mpe_tag_encrypted(MpeTag t);
unsigned mpe_tag_pas(MpeTag t);
unsigned mpe_tag_mecid(MpeTag t);

#endif /* HW_MISC_MPE_CORE_H */
