/*
 * Unit tests of the memory protection engine's core (hw/misc/mpe-core.c).
 *
 * The model's promises, from DDI0487 M.a.a D8.12 (FEAT_MEC) and the
 * engine's contract in mpe-core.h: memory written through one context
 * reads back exactly through the same context and as different,
 * deterministic bytes through any other (another Realm MECID, another PA
 * space), per block of the configured size; a re-keyed MECID context no
 * longer reads what was written before; Root, Secure and Non-secure have
 * only the default MECID (R_GKRVJ, R_YJVST, R_MRKMQ).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpe-core.h"
#include "tap.h"

static MpeCore eng;

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 5));
    }
}

static size_t diff_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
    size_t d = 0;

    for (size_t i = 0; i < n; i++) {
        d += a[i] != b[i];
    }
    return d;
}

/* Write @data through @w, then read through @r: what @r sees. */
static void through(MpeCore *m, const uint8_t *data, uint8_t *out,
                    uint64_t pa, MpeTag w, MpeTag r)
{
    memcpy(out, data, MPE_PAGE_SIZE);
    mpe_transform(m, out, MPE_PAGE_SIZE, pa, w, r);
}

static void test_same_context_exact(void)
{
    uint8_t data[MPE_PAGE_SIZE], out[MPE_PAGE_SIZE];
    MpeTag a = mpe_tag_of(&eng, RME_SS_REALM, 5);

    tap_begin("same MECID reads back exactly (identity conversion)");
    fill(data, sizeof(data), 1);
    through(&eng, data, out, 0x80000000, a, a);
    TAP_TRUE(memcmp(out, data, sizeof(data)) == 0);
    tap_end();
}

static void test_other_mecid_scrambled(void)
{
    uint8_t data[MPE_PAGE_SIZE], out[MPE_PAGE_SIZE], again[MPE_PAGE_SIZE];
    MpeTag a = mpe_tag_of(&eng, RME_SS_REALM, 5);
    MpeTag b = mpe_tag_of(&eng, RME_SS_REALM, 6);

    tap_begin("D8.12: another Realm MECID reads garbage, deterministically, "
              "and converting back restores the data");
    fill(data, sizeof(data), 2);
    TAP_TRUE(a != b);
    through(&eng, data, out, 0x80001000, a, b);
    /* practically every byte differs: 1/256 expected equal by chance */
    TAP_TRUE(diff_bytes(out, data, sizeof(data)) > MPE_PAGE_SIZE * 9 / 10);
    through(&eng, data, again, 0x80001000, a, b);
    TAP_TRUE(memcmp(out, again, sizeof(out)) == 0);
    mpe_transform(&eng, out, sizeof(out), 0x80001000, b, a);
    TAP_TRUE(memcmp(out, data, sizeof(data)) == 0);
    tap_end();
}

static void test_address_tweak(void)
{
    uint8_t data[MPE_PAGE_SIZE], x[MPE_PAGE_SIZE], y[MPE_PAGE_SIZE];
    MpeTag a = mpe_tag_of(&eng, RME_SS_REALM, 1);
    MpeTag b = mpe_tag_of(&eng, RME_SS_REALM, 2);

    tap_begin("the same data at another address scrambles differently");
    fill(data, sizeof(data), 3);
    through(&eng, data, x, 0x90000000, a, b);
    through(&eng, data, y, 0x90001000, a, b);
    TAP_TRUE(diff_bytes(x, y, sizeof(x)) > MPE_PAGE_SIZE * 9 / 10);
    tap_end();
}

static void test_pas_default_context(void)
{
    MpeTag ns0 = mpe_tag_of(&eng, RME_SS_NONSECURE, 0);
    MpeTag ns7 = mpe_tag_of(&eng, RME_SS_NONSECURE, 7);
    MpeTag s = mpe_tag_of(&eng, RME_SS_SECURE, 3);
    MpeTag root = mpe_tag_of(&eng, RME_SS_ROOT, 9);
    MpeTag rl0 = mpe_tag_of(&eng, RME_SS_REALM, 0);

    tap_begin("R_GKRVJ/R_YJVST/R_MRKMQ: Root, Secure and Non-secure have "
              "one context each (plaintext unless keyed); Realm MECID 0 is "
              "a context of its own");
    TAP_EQ_U64(ns0, ns7);
    TAP_EQ_U64(ns0, MPE_TAG_PLAIN);
    TAP_EQ_U64(s, MPE_TAG_PLAIN);
    TAP_EQ_U64(root, MPE_TAG_PLAIN);
    TAP_TRUE(rl0 != MPE_TAG_PLAIN);
    TAP_EQ_INT(mpe_tag_pas(rl0), RME_SS_REALM);
    TAP_EQ_INT(mpe_tag_mecid(mpe_tag_of(&eng, RME_SS_REALM, 0x1234)), 0x1234);
    tap_end();
}

static void test_ns_write_realm_read(void)
{
    uint8_t data[MPE_PAGE_SIZE], out[MPE_PAGE_SIZE];

    tap_begin("data written in the Non-secure PA space reads as garbage "
              "through a Realm context, and the reverse");
    fill(data, sizeof(data), 4);
    through(&eng, data, out, 0x88000000, MPE_TAG_PLAIN,
            mpe_tag_of(&eng, RME_SS_REALM, 0));
    TAP_TRUE(diff_bytes(out, data, sizeof(data)) > MPE_PAGE_SIZE * 9 / 10);
    through(&eng, data, out, 0x88000000, mpe_tag_of(&eng, RME_SS_REALM, 0),
            MPE_TAG_PLAIN);
    TAP_TRUE(diff_bytes(out, data, sizeof(data)) > MPE_PAGE_SIZE * 9 / 10);
    tap_end();
}

static void test_rekey(void)
{
    uint8_t data[MPE_PAGE_SIZE], out[MPE_PAGE_SIZE];
    MpeTag before = mpe_tag_of(&eng, RME_SS_REALM, 42), after;
    uint64_t n = eng.stats.rekeys;

    tap_begin("re-keying a MECID's context makes data written before "
              "unreadable under it; other MECIDs keep theirs");
    fill(data, sizeof(data), 5);
    mpe_rekey_mecid(&eng, 42);
    after = mpe_tag_of(&eng, RME_SS_REALM, 42);
    TAP_TRUE(before != after);
    TAP_EQ_U64(eng.stats.rekeys, n + 1);
    through(&eng, data, out, 0x8a000000, before, after);
    TAP_TRUE(diff_bytes(out, data, sizeof(data)) > MPE_PAGE_SIZE * 9 / 10);
    TAP_EQ_U64(mpe_tag_of(&eng, RME_SS_REALM, 41),
               mpe_tag_of(&eng, RME_SS_REALM, 41));
    /* out-of-range MECIDs are ignored */
    mpe_rekey_mecid(&eng, 1u << eng.mecid_bits);
    TAP_EQ_U64(eng.stats.rekeys, n + 1);
    tap_end();
}

static void test_blocks(void)
{
    /*
     * Block sizes with at least two blocks per page: the test changes a
     * byte of block 1.  (12, a block as large as the page, wrote and read
     * past the buffers.)
     */
    static const unsigned sizes[] = { 4, 6, 8, 10, 11 };
    uint8_t data[MPE_PAGE_SIZE], out[MPE_PAGE_SIZE], mod[MPE_PAGE_SIZE];

    for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        unsigned bb = sizes[k];
        size_t bs = (size_t)1 << bb;
        MpeTag a, b;
        char name[128];

        snprintf(name, sizeof(name), "block size %zu: a change garbles its "
                 "own block only (scramble), round trip exact", bs);
        tap_begin(name);
        eng.block_bits = bb;
        a = mpe_tag_of(&eng, RME_SS_REALM, 1);
        b = mpe_tag_of(&eng, RME_SS_REALM, 2);
        fill(data, sizeof(data), 6);
        memcpy(mod, data, sizeof(mod));
        mod[bs + 3] ^= 1;                   /* one bit of block 1 */
        through(&eng, data, out, 0x8c000000, a, b);
        through(&eng, mod, mod, 0x8c000000, a, b);
        /* block 0 and blocks after 1 are unchanged, block 1 all new */
        TAP_TRUE(memcmp(out, mod, bs) == 0);
        TAP_TRUE(diff_bytes(out + bs, mod + bs, bs) > bs * 3 / 4);
        if (2 * bs <= MPE_PAGE_SIZE) {
            TAP_TRUE(memcmp(out + 2 * bs, mod + 2 * bs,
                            MPE_PAGE_SIZE - 2 * bs) == 0);
        }
        mpe_transform(&eng, out, sizeof(out), 0x8c000000, b, a);
        TAP_TRUE(memcmp(out, data, sizeof(data)) == 0);
        tap_end();
    }
    eng.block_bits = MPE_PAGE_BITS;
}

static void test_xor_strategy(void)
{
    uint8_t data[MPE_PAGE_SIZE], out[MPE_PAGE_SIZE];
    MpeTag a, b;

    tap_begin("xor strategy: still garbage through another context, exact "
              "round trip");
    eng.strategy = MPE_XOR;
    a = mpe_tag_of(&eng, RME_SS_REALM, 1);
    b = mpe_tag_of(&eng, RME_SS_REALM, 3);
    fill(data, sizeof(data), 7);
    through(&eng, data, out, 0x8e000000, a, b);
    TAP_TRUE(diff_bytes(out, data, sizeof(data)) > MPE_PAGE_SIZE * 9 / 10);
    mpe_transform(&eng, out, sizeof(out), 0x8e000000, b, a);
    TAP_TRUE(memcmp(out, data, sizeof(data)) == 0);
    eng.strategy = MPE_SCRAMBLE;
    tap_end();
}

static void test_ignore_mecid_and_width(void)
{
    tap_begin("ignore-MECID: every Realm MECID is one context; MECIDs wrap "
              "to the configured width");
    eng.ignore_mecid = true;
    TAP_EQ_U64(mpe_tag_of(&eng, RME_SS_REALM, 1),
               mpe_tag_of(&eng, RME_SS_REALM, 0xffff));
    eng.ignore_mecid = false;
    eng.mecid_bits = 4;
    TAP_EQ_U64(mpe_tag_of(&eng, RME_SS_REALM, 0x13),
               mpe_tag_of(&eng, RME_SS_REALM, 0x3));
    eng.mecid_bits = MPE_MAX_MECID_BITS;
    tap_end();
}

static void test_disabled_and_pas_key(void)
{
    uint8_t data[MPE_PAGE_SIZE], out[MPE_PAGE_SIZE];
    MpeTag ns;

    tap_begin("engine off: every context is plaintext; a Non-secure key "
              "makes the Non-secure PA space a context of its own");
    eng.enabled = false;
    TAP_EQ_U64(mpe_tag_of(&eng, RME_SS_REALM, 9), MPE_TAG_PLAIN);
    eng.enabled = true;
    mpe_set_pas_key(&eng, RME_SS_NONSECURE, 0x1234);
    ns = mpe_tag_of(&eng, RME_SS_NONSECURE, 0);
    TAP_TRUE(ns != MPE_TAG_PLAIN);
    fill(data, sizeof(data), 8);
    through(&eng, data, out, 0x8f000000, ns, MPE_TAG_PLAIN);
    TAP_TRUE(diff_bytes(out, data, sizeof(data)) > MPE_PAGE_SIZE * 9 / 10);
    mpe_set_pas_key(&eng, RME_SS_NONSECURE, 0);
    TAP_EQ_U64(mpe_tag_of(&eng, RME_SS_NONSECURE, 0), MPE_TAG_PLAIN);
    tap_end();
}

/* The engine's configuration, as the board's options and the device take it */
static void test_config_names(void)
{
    tap_begin("strategies by name; block sizes are powers of 2 from 16 to a page");
    TAP_EQ_INT(mpe_strategy_from_name("scramble"), MPE_SCRAMBLE);
    TAP_EQ_INT(mpe_strategy_from_name("xor"), MPE_XOR);
    TAP_EQ_INT(mpe_strategy_from_name("XOR"), -1);
    TAP_EQ_INT(mpe_strategy_from_name(""), -1);
    TAP_TRUE(mpe_block_size_valid(16) && mpe_block_size_valid(64) &&
             mpe_block_size_valid(MPE_PAGE_SIZE));
    TAP_TRUE(!mpe_block_size_valid(0) && !mpe_block_size_valid(8) &&
             !mpe_block_size_valid(100) && !mpe_block_size_valid(8192));
    tap_end();
}

int main(void)
{
    mpe_init(&eng, 0x5eed);
    test_same_context_exact();
    test_other_mecid_scrambled();
    test_address_tweak();
    test_pas_default_context();
    test_ns_write_realm_read();
    test_rekey();
    test_blocks();
    test_xor_strategy();
    test_ignore_mecid_and_width();
    test_disabled_and_pas_key();
    test_config_names();
    return tap_done();
}
