/*
 * qemu-rme: memory protection engine (MEC), the model's core
 *
 * See mpe-core.h.  The cipher is not a real one (nothing here protects
 * anything); it only has to be a deterministic, keyed bijection per block,
 * so that data read through the wrong context is garbage, data read
 * through the right one is exact, and both are reproducible run to run.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "mpe-core.h"

#include <string.h>

/* Tag layout: ENC [63] | PAS [61:60] | MECID [47:32] | PAS key gen
 * [31:20] | MECID gen [19:0]. */
#define TAG_PAS_SHIFT       60
#define TAG_MECID_SHIFT     32
#define TAG_PGEN_SHIFT      20
#define TAG_PGEN_MASK       0xfffu
#define TAG_MGEN_MASK       0xfffffu

#define ROUNDS              3

/* splitmix64's finaliser: a good 64-bit mixing bijection. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t ld64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

static void st64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

int mpe_strategy_from_name(const char *name)
{
    if (!strcmp(name, "scramble")) {
        return MPE_SCRAMBLE;
    }
    if (!strcmp(name, "xor")) {
        return MPE_XOR;
    }
    return -1;
}

bool mpe_block_size_valid(uint64_t bytes)
{
    return bytes >= (1u << MPE_MIN_BLOCK_BITS) && bytes <= MPE_PAGE_SIZE &&
           !(bytes & (bytes - 1));
}

void mpe_init(MpeCore *m, uint64_t seed)
{
    memset(m, 0, sizeof(*m));
    m->enabled = true;
    m->block_bits = MPE_PAGE_BITS;
    m->mecid_bits = MPE_MAX_MECID_BITS;
    m->strategy = MPE_SCRAMBLE;
    for (unsigned p = 0; p < 4; p++) {
        m->pas_key[p] = mix64(seed ^ mix64(p + 1));
    }
    /* The CCA system architecture requires the Realm PA space encrypted. */
    m->pas_encrypted[RME_SS_REALM] = true;
}

bool mpe_tag_encrypted(MpeTag t)
{
    return (t & MPE_TAG_ENC) != 0;
}

unsigned mpe_tag_pas(MpeTag t)
{
    return (unsigned)(t >> TAG_PAS_SHIFT) & 3;
}

unsigned mpe_tag_mecid(MpeTag t)
{
    return (unsigned)(t >> TAG_MECID_SHIFT) & 0xffff;
}

MpeTag mpe_tag_of(const MpeCore *m, unsigned pas, unsigned mecid)
{
    uint32_t mgen = 0;

    pas &= 3;
    if (!m->enabled || !m->pas_encrypted[pas]) {
        return MPE_TAG_PLAIN;
    }
    /* D8.12.1: only the Realm PA space has more than one context. */
    if (pas != RME_SS_REALM || m->ignore_mecid) {
        mecid = 0;
    }
    mecid &= (1u << m->mecid_bits) - 1;
    if (pas == RME_SS_REALM) {
        mgen = m->mecid_gen[mecid] & TAG_MGEN_MASK;
    }
    return MPE_TAG_ENC | (uint64_t)pas << TAG_PAS_SHIFT |
           (uint64_t)mecid << TAG_MECID_SHIFT |
           (uint64_t)(m->pas_gen[pas] & TAG_PGEN_MASK) << TAG_PGEN_SHIFT |
           mgen;
}

/* The key of an encrypted context (everything in the tag). */
static uint64_t tag_key(const MpeCore *m, MpeTag t)
{
    return mix64(m->pas_key[mpe_tag_pas(t)] ^ mix64(t));
}

/* Round function input for word @i of the block at @pa in round @r. */
static uint64_t tweak(uint64_t key, uint64_t pa, unsigned r, size_t i)
{
    return key ^ mix64(pa + 0x9e3779b97f4a7c15ull * (r * 4099u + i + 1));
}

/*
 * MPE_SCRAMBLE: ROUNDS passes of w[i] += F(w[i-1]) over the block's n >= 2
 * words, w[-1] being w[n-1]; each pass carries every word into all the
 * later ones, and the wrap carries the last into the first of the next
 * pass, so after the passes each output word depends on every input word.
 * Each step is undone in reverse order.
 */
static void scramble(uint64_t *w, size_t n, uint64_t key, uint64_t pa)
{
    for (unsigned r = 0; r < ROUNDS; r++) {
        for (size_t i = 0; i < n; i++) {
            w[i] += mix64(w[i ? i - 1 : n - 1] ^ tweak(key, pa, r, i));
        }
    }
}

static void unscramble(uint64_t *w, size_t n, uint64_t key, uint64_t pa)
{
    for (unsigned r = ROUNDS; r-- > 0;) {
        for (size_t i = n; i-- > 1;) {
            w[i] -= mix64(w[i - 1] ^ tweak(key, pa, r, i));
        }
        w[0] -= mix64(w[n - 1] ^ tweak(key, pa, r, 0));
    }
}

static void xor_stream(uint64_t *w, size_t n, uint64_t key, uint64_t pa)
{
    for (size_t i = 0; i < n; i++) {
        w[i] ^= mix64(tweak(key, pa, 0, i));
    }
}

void mpe_transform(MpeCore *m, uint8_t *buf, size_t len, uint64_t pa,
                   MpeTag from, MpeTag to)
{
    size_t bsize = (size_t)1 << m->block_bits, n = bsize / 8;
    uint64_t w[MPE_PAGE_SIZE / 8];
    uint64_t kf = 0, kt = 0;

    if (from == to) {
        return;
    }
    if (mpe_tag_encrypted(from)) {
        kf = tag_key(m, from);
    }
    if (mpe_tag_encrypted(to)) {
        kt = tag_key(m, to);
    }
    m->stats.conversions++;
    for (size_t off = 0; off + bsize <= len; off += bsize) {
        uint64_t bpa = pa + off;

        for (size_t i = 0; i < n; i++) {
            w[i] = ld64(buf + off + 8 * i);
        }
        /* ciphertext = E_from(view) ... */
        if (mpe_tag_encrypted(from)) {
            if (m->strategy == MPE_XOR) {
                xor_stream(w, n, kf, bpa);
            } else {
                scramble(w, n, kf, bpa);
            }
        }
        /* ... and the view through @to is D_to(ciphertext). */
        if (mpe_tag_encrypted(to)) {
            if (m->strategy == MPE_XOR) {
                xor_stream(w, n, kt, bpa);
            } else {
                unscramble(w, n, kt, bpa);
            }
        }
        for (size_t i = 0; i < n; i++) {
            st64(buf + off + 8 * i, w[i]);
        }
        m->stats.blocks++;
    }
}

void mpe_rekey_mecid(MpeCore *m, unsigned mecid)
{
    if (mecid >= (1u << m->mecid_bits)) {
        return;
    }
    m->mecid_gen[mecid] = (m->mecid_gen[mecid] + 1) & TAG_MGEN_MASK;
    m->stats.rekeys++;
}

void mpe_set_pas_key(MpeCore *m, unsigned pas, uint64_t key)
{
    pas &= 3;
    m->pas_key[pas] = key;
    m->pas_gen[pas] = (m->pas_gen[pas] + 1) & TAG_PGEN_MASK;
    m->pas_encrypted[pas] = pas == RME_SS_REALM || key != 0;
    m->stats.pas_rekeys++;
}
