/*
 * Fuzz target of the CCA token parser (tools/cca-token: cbor.c, token.c),
 * built with AddressSanitizer and UBSan and run by make check (issue #15:
 * at least 100,000 mutated tokens).
 *
 *   fuzz-cca-token [-runs=N] [-seed=S]
 *
 * Each run starts from a valid token made by token-builder.c (SHA-256 in
 * the tag 399 collection, or SHA-512 in TF-RMM v0.9.0's tag 907 one of
 * CMW records; all claims present, both signatures good) and
 * mutates it: bit flips, bytes set to CBOR heads that claim huge lengths
 * or nesting, deletions, insertions and splices from the other token,
 * truncation.  Each result goes through cca_token_parse() and, when that
 * accepts it, the Realm signature and the binding checks, as cca-token
 * does.  A bug shows as a sanitizer report (the run aborts) or as a
 * failed expectation: the unmutated tokens must verify, and a token that
 * verifies must carry one of the seeds' Realm claims byte for byte (the
 * platform token's other claims are not signed-checked here, so they may
 * change).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz.h"
#include "token.h"
#include "token-builder.h"

static unsigned long failures;
static GByteArray *seeds[2];
static GByteArray *seed_claims[2];      /* their Realm token payloads */

static void insert(GByteArray *b, unsigned at, const uint8_t *p, unsigned n)
{
    g_array_insert_vals((GArray *)b, at, p, n);
}

static void mutate(GByteArray *b)
{
    static const uint8_t heads[] = { 0x1b, 0x5b, 0x7b, 0x9b, 0xbb, 0xdb,
                                     0x9f, 0xbf, 0x5f, 0xff, 0xd2, 0xd9,
                                     0xf9, 0x84, 0xa4, 0x58, 0x59 };
    unsigned n = 1 + below(6);

    for (unsigned i = 0; i < n && b->len; i++) {
        unsigned at = below(b->len);

        switch (below(6)) {
        case 0:
            b->data[at] ^= 1u << below(8);
            break;
        case 1:
            b->data[at] = heads[below(sizeof(heads))];
            break;
        case 2: {
            unsigned len = 1 + below(32);   /* MIN() evaluates twice */

            g_byte_array_remove_range(b, at, MIN(len, b->len - at));
            break;
        }
        case 3: {
            uint8_t x[8];

            for (unsigned k = 0; k < sizeof(x); k++) {
                x[k] = rnd();
            }
            insert(b, at, x, 1 + below(sizeof(x)));
            break;
        }
        case 4: {
            GByteArray *o = seeds[below(2)];
            unsigned from = below(o->len), len = 1 + below(64);

            insert(b, at, o->data + from, MIN(len, o->len - from));
            break;
        }
        default:
            g_byte_array_set_size(b, at);
            break;
        }
    }
}

/* Parse and check as cca-token does; *@claims: the verified payload. */
static bool check_one(const uint8_t *p, size_t n, GByteArray **claims)
{
    char err[256];
    cca_token t;
    bool ok = cca_token_parse(&t, p, n, err, sizeof(err));

    *claims = NULL;
    if (ok && cca_token_verify_realm(&t, err, sizeof(err)) &&
        cca_token_check_binding(&t, err, sizeof(err))) {
        *claims = g_byte_array_new();
        g_byte_array_append(*claims, t.realm.payload.p, t.realm.payload.n);
    }
    cca_token_free(&t);
    return ok;
}

static bool same_bytes(const GByteArray *a, const GByteArray *b)
{
    return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static int run(unsigned n, uint64_t seed, unsigned long ops)
{
    unsigned long before = failures, parsed = 0, verified = 0;

    fuzz_seed(seed);
    for (unsigned long i = 0; i < ops; i++) {
        GByteArray *s = seeds[below(2)];
        GByteArray *b = g_byte_array_sized_new(s->len + 64);
        GByteArray *claims;

        g_byte_array_append(b, s->data, s->len);
        mutate(b);
        parsed += check_one(b->data, b->len, &claims);
        if (claims) {
            verified++;
            if (!same_bytes(claims, seed_claims[0]) &&
                !same_bytes(claims, seed_claims[1])) {
                failures++;
            }
            g_byte_array_free(claims, true);
        }
        g_byte_array_free(b, true);
    }
    printf("%s %u - seed 0x%llx: %lu mutated tokens, %lu parsed, %lu "
           "verified, each with a seed's Realm claims\n",
           failures == before ? "ok" : "not ok", n,
           (unsigned long long)seed, ops, parsed, verified);
    return failures == before;
}

int main(int argc, char **argv)
{
    tb_opts a = TB_OPTS_DEFAULT, b = TB_OPTS_DEFAULT;
    a.rim = "0102030405060708";
    b.hash = "sha-512";
    b.rpv = "abcdef";
    b.cmw = true;       /* the other seed in TF-RMM v0.9.0's tag 907 form */
    seeds[0] = tb_build(&a, NULL);
    seeds[1] = tb_build(&b, NULL);
    if (!seeds[0] || !seeds[1]) {
        printf("1..0 # SKIP OpenSSL could not make a key\n");
        return 0;
    }
    /* the seeds themselves verify */
    check_one(seeds[0]->data, seeds[0]->len, &seed_claims[0]);
    check_one(seeds[1]->data, seeds[1]->len, &seed_claims[1]);
    if (!seed_claims[0] || !seed_claims[1]) {
        printf("1..1\nnot ok 1 - the unmutated tokens do not verify\n");
        return 1;
    }
    return fuzz_main(argc, argv, 100000, 0x399, 4, run, &failures);
}
