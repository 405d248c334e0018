/*
 * cca-token: token parsing and verification; see token.h.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "token.h"

#define SAY(...) (snprintf(err, errlen, __VA_ARGS__), false)

static bool get_bstr(const cbor_item *map, int64_t key, bytes *out,
                     bool required, const char *name, char *err,
                     size_t errlen)
{
    const cbor_item *v = cbor_map_get(map, key);

    if (!v) {
        return required ? SAY("%s claim (%lld) missing", name,
                              (long long)key) : true;
    }
    if (v->type != CBOR_BSTR) {
        return SAY("%s claim (%lld) is not a byte string", name,
                   (long long)key);
    }
    out->p = v->bytes;
    out->n = v->len;
    return true;
}

static bool get_tstr(const cbor_item *map, int64_t key, const char **out,
                     const char *name, char *err, size_t errlen)
{
    const cbor_item *v = cbor_map_get(map, key);

    if (!v || v->type != CBOR_TSTR) {
        return SAY("%s claim (%lld) missing or not text", name,
                   (long long)key);
    }
    {
        /* text claims are short: an interned NUL-terminated copy */
        g_autofree char *s = g_strndup((const char *)v->bytes,
                                       MIN(v->len, 256));

        *out = g_intern_string(s);
    }
    return true;
}

/* A COSE_Sign1_Tagged in a byte string (RFC 9052 4.2). */
static bool parse_sign1(cose_sign1 *s, cbor_doc **doc, const cbor_item *bstr,
                        const char *what, char *err, size_t errlen)
{
    const cbor_item *t, *a, *alg;
    cbor_doc *hdr;
    char e[160];

    if (!bstr || bstr->type != CBOR_BSTR) {
        return SAY("%s token missing or not a byte string", what);
    }
    *doc = cbor_decode(bstr->bytes, bstr->len, e, sizeof(e));
    if (!*doc) {
        return SAY("%s token: %s", what, e);
    }
    t = cbor_root(*doc);
    if (t->type != CBOR_TAG || t->val != 18) {
        return SAY("%s token is not a COSE_Sign1_Tagged (tag 18)", what);
    }
    a = t->tagged;
    if (a->type != CBOR_ARRAY || a->len != 4 ||
        a->items[0]->type != CBOR_BSTR || a->items[1]->type != CBOR_MAP ||
        a->items[2]->type != CBOR_BSTR || a->items[3]->type != CBOR_BSTR) {
        return SAY("%s token: COSE_Sign1 is [bstr, map, bstr, bstr]", what);
    }
    s->protected_hdr = (bytes){ a->items[0]->bytes, a->items[0]->len };
    s->payload = (bytes){ a->items[2]->bytes, a->items[2]->len };
    s->signature = (bytes){ a->items[3]->bytes, a->items[3]->len };
    hdr = cbor_decode(s->protected_hdr.p, s->protected_hdr.n, e, sizeof(e));
    if (!hdr) {
        return SAY("%s token protected header: %s", what, e);
    }
    alg = cbor_map_get(cbor_root(hdr), 1);
    if (!alg || alg->type != CBOR_NINT) {
        cbor_doc_free(hdr);
        return SAY("%s token: no signature algorithm (header 1)", what);
    }
    s->alg = -1 - (int64_t)MIN(alg->val, (uint64_t)INT32_MAX);
    cbor_doc_free(hdr);
    s->payload_doc = cbor_decode(s->payload.p, s->payload.n, e, sizeof(e));
    if (!s->payload_doc) {
        return SAY("%s token payload: %s", what, e);
    }
    s->claims = cbor_root(s->payload_doc);
    if (s->claims->type != CBOR_MAP) {
        return SAY("%s token payload is not a map of claims", what);
    }
    return true;
}

/*
 * The byte string holding the token at @key of the collection: directly
 * (tag 399), or as the value of a CMW record [263, bytes] (tag 907).
 * NULL (and parse_sign1() says what is missing) otherwise.
 */
static const cbor_item *collection_entry(const cbor_item *coll, bool cmw,
                                         uint64_t key)
{
    const cbor_item *e = cbor_map_get(coll, key);

    if (!cmw || !e) {
        return e;
    }
    if (e->type != CBOR_ARRAY || e->len < 2 || e->len > 3 ||
        e->items[0]->type != CBOR_UINT ||
        e->items[0]->val != CCA_CMW_EAT_CWT) {
        return NULL;
    }
    return e->items[1];
}

bool cca_token_parse(cca_token *t, const uint8_t *buf, size_t len,
                     char *err, size_t errlen)
{
    bool cmw;
    const cbor_item *root, *coll, *rems;
    char e[160];

    memset(t, 0, sizeof(*t));
    t->doc = cbor_decode(buf, len, e, sizeof(e));
    if (!t->doc) {
        return SAY("token: %s", e);
    }
    root = cbor_root(t->doc);
    if (root->type != CBOR_TAG ||
        (root->val != CCA_TOKEN_TAG && root->val != CCA_TOKEN_TAG_CMW) ||
        root->tagged->type != CBOR_MAP) {
        return SAY("not a CCA token: a map tagged %d (A7.2.1) or %d (CMW "
                   "collection) expected", CCA_TOKEN_TAG, CCA_TOKEN_TAG_CMW);
    }
    cmw = root->val == CCA_TOKEN_TAG_CMW;
    t->collection_tag = (unsigned)root->val;
    coll = root->tagged;
    if (!parse_sign1(&t->realm, &t->realm_doc,
                     collection_entry(coll, cmw, CCA_REALM_TOKEN), "Realm",
                     err, errlen) ||
        !parse_sign1(&t->platform, &t->platform_doc,
                     collection_entry(coll, cmw, CCA_PLATFORM_TOKEN),
                     "platform", err, errlen)) {
        return false;
    }
    if (!get_bstr(t->realm.claims, CLAIM_CHALLENGE, &t->challenge, true,
                  "Realm challenge", err, errlen) ||
        !get_bstr(t->realm.claims, CLAIM_RPV, &t->rpv, true,
                  "Realm personalization value", err, errlen) ||
        !get_bstr(t->realm.claims, CLAIM_RIM, &t->rim, true,
                  "Realm initial measurement", err, errlen) ||
        !get_bstr(t->realm.claims, CLAIM_PUB_KEY, &t->pub_key, true,
                  "Realm public key", err, errlen) ||
        !get_tstr(t->realm.claims, CLAIM_HASH_ALGO, &t->hash_algo,
                  "Realm hash algorithm", err, errlen) ||
        !get_tstr(t->realm.claims, CLAIM_PUB_KEY_HASH_ALGO,
                  &t->pub_key_hash_algo, "Realm public key hash algorithm",
                  err, errlen) ||
        !get_bstr(t->platform.claims, CLAIM_CHALLENGE, &t->p_challenge,
                  true, "platform challenge", err, errlen)) {
        return false;
    }
    rems = cbor_map_get(t->realm.claims, CLAIM_REM);
    if (!rems || rems->type != CBOR_ARRAY || rems->len != 4) {
        return SAY("Realm extensible measurements claim (%d): an array of "
                   "4 expected", CLAIM_REM);
    }
    for (unsigned i = 0; i < 4; i++) {
        if (rems->items[i]->type != CBOR_BSTR) {
            return SAY("REM%u is not a byte string", i);
        }
        t->rem[i] = (bytes){ rems->items[i]->bytes, rems->items[i]->len };
    }
    if (cbor_map_get(t->realm.claims, CLAIM_PROFILE)) {
        get_tstr(t->realm.claims, CLAIM_PROFILE, &t->profile, "profile",
                 err, errlen);
    }
    return true;
}

void cca_token_free(cca_token *t)
{
    cbor_doc_free(t->realm.payload_doc);
    cbor_doc_free(t->platform.payload_doc);
    cbor_doc_free(t->realm_doc);
    cbor_doc_free(t->platform_doc);
    cbor_doc_free(t->doc);
    memset(t, 0, sizeof(*t));
}

/* Verify @s with @pkey: Sig_structure of RFC 9052 4.4, ECDSA r || s. */
static bool verify_sign1(const cose_sign1 *s, EVP_PKEY *pkey,
                         const char *what, char *err, size_t errlen)
{
    const EVP_MD *md;
    size_t half;
    GByteArray *tbs = g_byte_array_new();
    ECDSA_SIG *sig = NULL;
    EVP_MD_CTX *ctx = NULL;
    unsigned char *der = NULL;
    int der_len, ok = 0;
    BIGNUM *r, *sv;

    switch (s->alg) {
    case -7:
        md = EVP_sha256();
        half = 32;
        break;
    case -35:
        md = EVP_sha384();
        half = 48;
        break;
    case -36:
        md = EVP_sha512();
        half = 66;
        break;
    default:
        g_byte_array_free(tbs, true);
        return SAY("%s token: COSE algorithm %lld is not ES256/384/512",
                   what, (long long)s->alg);
    }
    if (s->signature.n != 2 * half) {
        g_byte_array_free(tbs, true);
        return SAY("%s token: signature of %zu bytes, %zu expected", what,
                   s->signature.n, 2 * half);
    }
    cbor_put_head(tbs, 4, 4);
    cbor_put_tstr(tbs, "Signature1");
    cbor_put_bstr(tbs, s->protected_hdr.p, s->protected_hdr.n);
    cbor_put_bstr(tbs, NULL, 0);
    cbor_put_bstr(tbs, s->payload.p, s->payload.n);

    sig = ECDSA_SIG_new();
    r = BN_bin2bn(s->signature.p, half, NULL);
    sv = BN_bin2bn(s->signature.p + half, half, NULL);
    if (sig && r && sv && ECDSA_SIG_set0(sig, r, sv)) {
        der_len = i2d_ECDSA_SIG(sig, &der);
        ctx = EVP_MD_CTX_new();
        ok = der_len > 0 && ctx &&
             EVP_DigestVerifyInit(ctx, NULL, md, NULL, pkey) == 1 &&
             EVP_DigestVerify(ctx, der, der_len, tbs->data, tbs->len) == 1;
    } else {
        BN_free(r);
        BN_free(sv);
    }
    OPENSSL_free(der);
    EVP_MD_CTX_free(ctx);
    ECDSA_SIG_free(sig);
    g_byte_array_free(tbs, true);
    return ok ? true : SAY("%s token: the signature does not verify", what);
}

/* An EVP_PKEY from a COSE_Key (RFC 9053 7.1.1: EC2). */
static EVP_PKEY *cose_key(bytes k, char *err, size_t errlen)
{
    static const struct { int64_t crv; const char *name; size_t n; } curves[] = {
        { 1, "P-256", 32 }, { 2, "P-384", 48 }, { 3, "P-521", 66 },
    };
    char e[160];
    cbor_doc *doc = cbor_decode(k.p, k.n, e, sizeof(e));
    const cbor_item *m, *kty, *crv, *x, *y;
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    uint8_t point[1 + 2 * 66];
    unsigned c;

    if (!doc) {
        snprintf(err, errlen, "Realm public key: %s", e);
        return NULL;
    }
    m = cbor_root(doc);
    kty = cbor_map_get(m, 1);
    crv = cbor_map_get(m, -1);
    x = cbor_map_get(m, -2);
    y = cbor_map_get(m, -3);
    for (c = 0; c < G_N_ELEMENTS(curves); c++) {
        if (crv && cbor_is_int(crv, curves[c].crv)) {
            break;
        }
    }
    if (!kty || !cbor_is_int(kty, 2) || c == G_N_ELEMENTS(curves) ||
        !x || x->type != CBOR_BSTR || x->len != curves[c].n ||
        !y || y->type != CBOR_BSTR || y->len != curves[c].n) {
        snprintf(err, errlen, "Realm public key: not an EC2 COSE_Key on "
                 "P-256, P-384 or P-521");
        cbor_doc_free(doc);
        return NULL;
    }
    point[0] = 0x04;
    memcpy(point + 1, x->bytes, x->len);
    memcpy(point + 1 + x->len, y->bytes, y->len);
    bld = OSSL_PARAM_BLD_new();
    if (bld &&
        OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
                                        curves[c].name, 0) &&
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
                                         point, 1 + 2 * curves[c].n) &&
        (params = OSSL_PARAM_BLD_to_param(bld)) &&
        (pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) &&
        EVP_PKEY_fromdata_init(pctx) == 1 &&
        EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
        pkey = NULL;
    }
    if (!pkey) {
        snprintf(err, errlen, "Realm public key: not a point on %s",
                 curves[c].name);
    }
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    cbor_doc_free(doc);
    return pkey;
}

bool cca_token_verify_realm(const cca_token *t, char *err, size_t errlen)
{
    EVP_PKEY *pkey = cose_key(t->pub_key, err, errlen);
    bool ok;

    if (!pkey) {
        return false;
    }
    ok = verify_sign1(&t->realm, pkey, "Realm", err, errlen);
    EVP_PKEY_free(pkey);
    return ok;
}

bool cca_token_check_binding(const cca_token *t, char *err, size_t errlen)
{
    const char *a = t->pub_key_hash_algo;
    GChecksumType type;
    GChecksum *c;
    uint8_t h[64];
    gsize n = sizeof(h);
    bool ok;

    if (!strcmp(a, "sha-256")) {
        type = G_CHECKSUM_SHA256;
    } else if (!strcmp(a, "sha-384")) {
        type = G_CHECKSUM_SHA384;
    } else if (!strcmp(a, "sha-512")) {
        type = G_CHECKSUM_SHA512;
    } else {
        return SAY("Realm public key hash algorithm \"%s\" unknown", a);
    }
    c = g_checksum_new(type);
    g_checksum_update(c, t->pub_key.p, t->pub_key.n);
    g_checksum_get_digest(c, h, &n);
    g_checksum_free(c);
    ok = n == t->p_challenge.n && !memcmp(h, t->p_challenge.p, n);
    return ok ? true : SAY("binding: the platform challenge is not the %s "
                           "of the Realm public key (A7.2.3.2.2)", a);
}

bool cca_token_verify_platform(const cca_token *t, const char *pem_file,
                               char *err, size_t errlen)
{
    FILE *f = fopen(pem_file, "r");
    EVP_PKEY *pkey;
    bool ok;

    if (!f) {
        return SAY("%s: cannot open", pem_file);
    }
    pkey = PEM_read_PUBKEY(f, NULL, NULL, NULL);
    fclose(f);
    if (!pkey) {
        return SAY("%s: no PEM public key", pem_file);
    }
    ok = verify_sign1(&t->platform, pkey, "platform", err, errlen);
    EVP_PKEY_free(pkey);
    return ok;
}
