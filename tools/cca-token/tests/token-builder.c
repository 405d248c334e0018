/*
 * A builder of CCA attestation tokens for the tests of cca-token; see
 * token-builder.h.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include "cbor.h"
#include "token-builder.h"

static GByteArray *hex_arg(const char *hex, size_t pad)
{
    GByteArray *g = g_byte_array_new();

    for (size_t i = 0; hex[2 * i] && hex[2 * i + 1]; i++) {
        uint8_t b = g_ascii_xdigit_value(hex[2 * i]) << 4 |
                    g_ascii_xdigit_value(hex[2 * i + 1]);

        g_byte_array_append(g, &b, 1);
    }
    while (g->len < pad) {
        uint8_t z = 0;

        g_byte_array_append(g, &z, 1);
    }
    return g;
}

static void put_int(GByteArray *g, int64_t v)
{
    if (v >= 0) {
        cbor_put_head(g, 0, v);
    } else {
        cbor_put_head(g, 1, -1 - v);
    }
}

/* COSE_Sign1_Tagged, ES384, over @payload; @corrupt flips a bit. */
static GByteArray *sign1(EVP_PKEY *key, GByteArray *payload, bool corrupt)
{
    static const uint8_t prot[] = { 0xa1, 0x01, 0x38, 0x22 };  /* {1: -35} */
    GByteArray *tbs = g_byte_array_new(), *out = g_byte_array_new();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char der[160], rs[96];
    const unsigned char *dp = der;
    size_t der_len = sizeof(der);
    ECDSA_SIG *sig;

    cbor_put_head(tbs, 4, 4);
    cbor_put_tstr(tbs, "Signature1");
    cbor_put_bstr(tbs, prot, sizeof(prot));
    cbor_put_bstr(tbs, NULL, 0);
    cbor_put_bstr(tbs, payload->data, payload->len);
    if (EVP_DigestSignInit(ctx, NULL, EVP_sha384(), NULL, key) != 1 ||
        EVP_DigestSign(ctx, der, &der_len, tbs->data, tbs->len) != 1 ||
        !(sig = d2i_ECDSA_SIG(NULL, &dp, der_len))) {
        fprintf(stderr, "token-builder: signing failed\n");
        exit(2);
    }
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs, 48);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), rs + 48, 48);
    if (corrupt) {
        rs[95] ^= 1;
    }
    ECDSA_SIG_free(sig);
    EVP_MD_CTX_free(ctx);
    cbor_put_head(out, 6, 18);
    cbor_put_head(out, 4, 4);
    cbor_put_bstr(out, prot, sizeof(prot));
    cbor_put_head(out, 5, 0);
    cbor_put_bstr(out, payload->data, payload->len);
    cbor_put_bstr(out, rs, sizeof(rs));
    g_byte_array_free(tbs, true);
    return out;
}

GByteArray *tb_build(const tb_opts *o, EVP_PKEY **cpak_out)
{
    EVP_PKEY *rak = EVP_EC_gen("P-384"), *cpak = EVP_EC_gen("P-384");
    uint8_t point[97], h[32];
    size_t point_len = 0;
    gsize hn = sizeof(h);
    GByteArray *key = g_byte_array_new(), *realm = g_byte_array_new();
    GByteArray *plat = g_byte_array_new(), *tok = g_byte_array_new();
    GByteArray *rs, *ps, *b;
    GChecksum *c;

    if (!rak || !cpak) {
        return NULL;
    }
    size_t msize = !strcmp(o->hash, "sha-512") ? 64 : 32;

    /* The RAK as a COSE_Key: {1: 2 (EC2), -1: 2 (P-384), -2: x, -3: y} */
    EVP_PKEY_get_octet_string_param(rak, OSSL_PKEY_PARAM_PUB_KEY, point,
                                    sizeof(point), &point_len);
    cbor_put_head(key, 5, 4);
    put_int(key, 1);
    put_int(key, 2);
    put_int(key, -1);
    put_int(key, 2);
    put_int(key, -2);
    cbor_put_bstr(key, point + 1, 48);
    put_int(key, -3);
    cbor_put_bstr(key, point + 49, 48);

    cbor_put_head(realm, 5, o->no_rim ? 7 : 8);
    put_int(realm, 265);
    cbor_put_tstr(realm, "tag:arm.com,2023:realm#1.0.0");
    put_int(realm, 10);
    b = hex_arg(o->challenge, 64);
    cbor_put_bstr(realm, b->data, b->len);
    g_byte_array_free(b, true);
    put_int(realm, 44235);
    b = hex_arg(o->rpv, 64);
    cbor_put_bstr(realm, b->data, b->len);
    g_byte_array_free(b, true);
    if (!o->no_rim) {
        put_int(realm, 44238);
        b = hex_arg(o->rim, msize);
        cbor_put_bstr(realm, b->data, b->len);
        g_byte_array_free(b, true);
    }
    put_int(realm, 44239);
    cbor_put_head(realm, 4, 4);
    for (unsigned i = 0; i < 4; i++) {
        b = hex_arg(o->rem[i], msize);
        cbor_put_bstr(realm, b->data, b->len);
        g_byte_array_free(b, true);
    }
    put_int(realm, 44236);
    cbor_put_tstr(realm, o->hash);
    put_int(realm, 44237);
    cbor_put_bstr(realm, key->data, key->len);
    put_int(realm, 44240);
    cbor_put_tstr(realm, "sha-256");

    c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, key->data, key->len);
    g_checksum_get_digest(c, h, &hn);
    g_checksum_free(c);
    if (o->bad_binding) {
        h[0] ^= 0x80;
    }
    cbor_put_head(plat, 5, 5);
    put_int(plat, 265);
    cbor_put_tstr(plat, "tag:arm.com,2023:cca_platform#1.0.0");
    put_int(plat, 10);
    cbor_put_bstr(plat, h, sizeof(h));
    put_int(plat, 2396);
    cbor_put_bstr(plat, (const uint8_t *)"qemu-rme-test-implementation-id!", 32);
    put_int(plat, 2395);
    put_int(plat, 12288);
    put_int(plat, 2402);
    cbor_put_tstr(plat, "sha-256");

    rs = sign1(rak, realm, o->bad_realm_sig);
    ps = sign1(cpak, plat, o->bad_platform_sig);
    cbor_put_head(tok, 6, o->cmw ? 907 : 399);
    cbor_put_head(tok, 5, 2);
    put_int(tok, 44234);
    if (o->cmw) {
        cbor_put_head(tok, 4, 2);       /* CMW record [263, bytes] */
        put_int(tok, 263);
    }
    cbor_put_bstr(tok, ps->data, ps->len);
    put_int(tok, 44241);
    if (o->cmw) {
        cbor_put_head(tok, 4, 2);
        put_int(tok, 263);
    }
    cbor_put_bstr(tok, rs->data, rs->len);

    g_byte_array_free(key, true);
    g_byte_array_free(realm, true);
    g_byte_array_free(plat, true);
    g_byte_array_free(rs, true);
    g_byte_array_free(ps, true);
    EVP_PKEY_free(rak);
    if (cpak_out) {
        *cpak_out = cpak;
    } else {
        EVP_PKEY_free(cpak);
    }
    return tok;
}
