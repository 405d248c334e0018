/*
 * cca-token: check a CCA attestation token (DEN0137 1.0 A7.2).
 *
 *   cca-token [--ref REF.json] [--challenge HEX] [--cpak PEM] TOKEN
 *
 * Parses the token (the CBOR collection tagged 399, or 907 with CMW
 * records as TF-RMM v0.9.0 writes it, of a platform and a
 * Realm token, each a COSE_Sign1), verifies the Realm token's signature
 * with the Realm public key it carries, checks that the platform token's
 * challenge is the hash of that key (the binding, A7.2.3.2.2), verifies
 * the platform token's signature if --cpak gives the platform key, and
 * prints the Realm claims.  With --ref (the reference values that
 * tools/realm-measure --json writes) the RIM, REMs, RPV and hash
 * algorithm must match; with --challenge (hex, zero-padded to 64 bytes
 * as A7.2.2 asks of the caller) the Realm challenge must.
 *
 * Exit status: 0 verified and matching, 1 a signature, the binding or a
 * claim does not match (named), 2 malformed token or arguments.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "json.h"
#include "token.h"

static void put_hex(const char *name, bytes b)
{
    printf("%-30s ", name);
    for (size_t i = 0; i < b.n; i++) {
        printf("%02x", b.p[i]);
    }
    printf("\n");
}

static bool same(const char *claim, bytes got, const uint8_t *want,
                 size_t n)
{
    if (got.n == n && !memcmp(got.p, want, n)) {
        return true;
    }
    printf("MISMATCH %s\n", claim);
    return false;
}

/* The base64 member @key of the reference file, or exit 2. */
static guchar *ref_b64(const json_value *ref, const char *file,
                       const char *key, gsize *n)
{
    const json_value *v = json_get(ref, key);

    if (!v || v->type != JSON_STRING) {
        fprintf(stderr, "cca-token: %s: \"%s\" missing or not a string\n",
                file, key);
        exit(2);
    }
    return g_base64_decode(v->u.str.s, n);
}

static bool compare_ref(const cca_token *t, const char *file)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) gerr = NULL;
    const json_value *ref, *alg;
    json_error je;
    json_doc *doc;
    gsize len;
    bool ok = true;

    if (!g_file_get_contents(file, &text, &len, &gerr)) {
        fprintf(stderr, "cca-token: %s\n", gerr->message);
        exit(2);
    }
    doc = json_parse(text, len, NULL, &je);
    if (!doc || (ref = json_doc_value(doc, 0))->type != JSON_OBJECT) {
        fprintf(stderr, "cca-token: %s:%u:%u: %s\n", file, je.line, je.col,
                doc ? "not an object" : je.msg);
        exit(2);
    }
    alg = json_get(ref, "hash-alg-id");
    if (!alg || alg->type != JSON_STRING) {
        fprintf(stderr, "cca-token: %s: \"hash-alg-id\" missing\n", file);
        exit(2);
    }
    if (strcmp(alg->u.str.s, t->hash_algo)) {
        printf("MISMATCH hash-alg-id (44236): token \"%s\", reference "
               "\"%s\"\n", t->hash_algo, alg->u.str.s);
        ok = false;
    }
    {
        gsize n;
        g_autofree guchar *rim = ref_b64(ref, file,
                                         "realm-initial-measurement", &n);

        ok &= same("realm-initial-measurement (44238)", t->rim, rim, n);
    }
    {
        gsize n;
        g_autofree guchar *rpv = ref_b64(ref, file,
                                         "realm-personalization-value", &n);

        ok &= same("realm-personalization-value (44235)", t->rpv, rpv, n);
    }
    for (unsigned i = 0; i < 4; i++) {
        char key[8], claim[48];
        gsize n;
        g_autofree guchar *rem = NULL;

        snprintf(key, sizeof(key), "rem%u", i);
        rem = ref_b64(ref, file, key, &n);
        snprintf(claim, sizeof(claim), "rem%u (44239[%u])", i, i);
        ok &= same(claim, t->rem[i], rem, n);
    }
    json_doc_free(doc);
    return ok;
}

int main(int argc, char **argv)
{
    const char *file = NULL, *ref = NULL, *challenge = NULL, *cpak = NULL;
    g_autofree char *buf = NULL;
    g_autoptr(GError) gerr = NULL;
    cca_token t;
    char err[256];
    gsize len;
    bool ok = true;

    for (int i = 1; i < argc; i++) {
        const char **opt = !strcmp(argv[i], "--ref") ? &ref :
                           !strcmp(argv[i], "--challenge") ? &challenge :
                           !strcmp(argv[i], "--cpak") ? &cpak : NULL;

        if (opt && i + 1 < argc) {
            *opt = argv[++i];
        } else if (!opt && !file && argv[i][0] != '-') {
            file = argv[i];
        } else {
            fprintf(stderr, "usage: cca-token [--ref REF.json] "
                    "[--challenge HEX] [--cpak PEM] TOKEN\n");
            return 2;
        }
    }
    if (!file) {
        fprintf(stderr, "usage: cca-token [--ref REF.json] "
                "[--challenge HEX] [--cpak PEM] TOKEN\n");
        return 2;
    }
    if (!g_file_get_contents(file, &buf, &len, &gerr)) {
        fprintf(stderr, "cca-token: %s\n", gerr->message);
        return 2;
    }
    if (!cca_token_parse(&t, (const uint8_t *)buf, len, err, sizeof(err))) {
        fprintf(stderr, "cca-token: %s: %s\n", file, err);
        cca_token_free(&t);
        return 2;
    }
    printf("%-30s %u%s\n", "collection tag", t.collection_tag,
           t.collection_tag == CCA_TOKEN_TAG_CMW ?
           " (CMW records, content format 263)" : "");
    printf("%-30s %s\n", "profile (265)", t.profile ? t.profile : "-");
    put_hex("challenge (10)", t.challenge);
    put_hex("personalization value (44235)", t.rpv);
    printf("%-30s %s\n", "hash algorithm (44236)", t.hash_algo);
    put_hex("RIM (44238)", t.rim);
    for (unsigned i = 0; i < 4; i++) {
        char name[32];

        snprintf(name, sizeof(name), "REM%u (44239)", i);
        put_hex(name, t.rem[i]);
    }
    printf("%-30s %s\n", "public key hash alg (44240)", t.pub_key_hash_algo);
    put_hex("platform challenge (10)", t.p_challenge);

    if (cca_token_verify_realm(&t, err, sizeof(err))) {
        printf("Realm token signature: verified\n");
    } else {
        printf("MISMATCH %s\n", err);
        ok = false;
    }
    if (cca_token_check_binding(&t, err, sizeof(err))) {
        printf("binding to the platform token: verified\n");
    } else {
        printf("MISMATCH %s\n", err);
        ok = false;
    }
    if (!cpak) {
        printf("platform token signature: not checked (no --cpak)\n");
    } else if (cca_token_verify_platform(&t, cpak, err, sizeof(err))) {
        printf("platform token signature: verified\n");
    } else {
        printf("MISMATCH %s\n", err);
        ok = false;
    }
    if (challenge) {
        uint8_t want[64] = { 0 };
        size_t n = strlen(challenge);

        if (g_str_has_prefix(challenge, "0x")) {
            challenge += 2;
            n -= 2;
        }
        if (n % 2 || n / 2 > sizeof(want)) {
            fprintf(stderr, "cca-token: --challenge: up to 64 bytes of "
                    "hex\n");
            cca_token_free(&t);
            return 2;
        }
        for (size_t i = 0; i < n / 2; i++) {
            int hi = g_ascii_xdigit_value(challenge[2 * i]);
            int lo = g_ascii_xdigit_value(challenge[2 * i + 1]);

            if (hi < 0 || lo < 0) {
                fprintf(stderr, "cca-token: --challenge: not hex\n");
                cca_token_free(&t);
                return 2;
            }
            want[i] = hi << 4 | lo;
        }
        ok &= same("challenge (10)", t.challenge, want, sizeof(want));
    }
    if (ref) {
        ok &= compare_ref(&t, ref);
    }
    printf("%s\n", ok ? "RESULT: MATCH" : "RESULT: MISMATCH");
    cca_token_free(&t);
    return ok ? 0 : 1;
}
