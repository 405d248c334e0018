/*
 * cca-token: the CCA attestation token (DEN0137 1.0 A7.2): parsing, the
 * Realm token's signature with the key it carries, and the binding of the
 * platform token to it.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TOKEN_TOKEN_H
#define CCA_TOKEN_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cbor.h"

/*
 * The collection: tag 399 over a map of the two COSE_Sign1s in byte
 * strings (DEN0137 1.0 A7.2.1), or, as TF-RMM v0.9.0 writes it for RMM 2.0,
 * tag 907 over a map of CMW records [content-format, bytes], the content
 * format 263 (CoAP "application/eat+cwt").
 */
#define CCA_TOKEN_TAG           399
#define CCA_TOKEN_TAG_CMW       907
#define CCA_CMW_EAT_CWT         263

/* Claim labels (A7.2.3) */
#define CCA_PLATFORM_TOKEN      44234
#define CCA_REALM_TOKEN         44241
#define CLAIM_CHALLENGE         10
#define CLAIM_PROFILE           265
#define CLAIM_RPV               44235
#define CLAIM_HASH_ALGO         44236
#define CLAIM_PUB_KEY           44237
#define CLAIM_RIM               44238
#define CLAIM_REM               44239
#define CLAIM_PUB_KEY_HASH_ALGO 44240
#define CLAIM_P_IMPL_ID         2396
#define CLAIM_P_INSTANCE_ID     256
#define CLAIM_P_CONFIG          2401
#define CLAIM_P_LIFECYCLE       2395
#define CLAIM_P_SW_COMPONENTS   2399
#define CLAIM_P_VERIFICATION    2400
#define CLAIM_P_HASH_ALGO       2402

typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;

typedef struct cose_sign1 {
    bytes protected_hdr, payload, signature;
    int64_t alg;                /* COSE algorithm: -7, -35, -36 */
    const cbor_item *claims;    /* the decoded payload: a map */
    cbor_doc *payload_doc;
} cose_sign1;

typedef struct cca_token {
    cbor_doc *doc;
    unsigned collection_tag;    /* 399 or 907 */
    cose_sign1 realm, platform;
    cbor_doc *realm_doc, *platform_doc;
    /* Realm claims */
    bytes challenge, rpv, rim, rem[4], pub_key;
    const char *hash_algo, *pub_key_hash_algo, *profile;
    /* Platform claims */
    bytes p_challenge;
} cca_token;

/*
 * Parses @len bytes of a token.  Returns false with a message in @err
 * (at least 200 bytes) for anything that is not a well-formed token with
 * every mandatory Realm claim; the caller frees with cca_token_free() in
 * both cases.
 */
bool cca_token_parse(cca_token *t, const uint8_t *buf, size_t len,
                     char *err, size_t errlen);
void cca_token_free(cca_token *t);

/*
 * The Realm token's signature, with the Realm public key claim (a COSE_Key,
 * EC2 P-256/P-384/P-521); false with a reason in @err.
 */
bool cca_token_verify_realm(const cca_token *t, char *err, size_t errlen);
/*
 * The binding: the platform token's challenge is the hash of the Realm
 * public key claim with the public key hash algorithm (A7.2.3.2.2).
 */
bool cca_token_check_binding(const cca_token *t, char *err, size_t errlen);
/* The platform token's signature with a PEM public key (the CPAK). */
bool cca_token_verify_platform(const cca_token *t, const char *pem_file,
                               char *err, size_t errlen);

#endif /* CCA_TOKEN_TOKEN_H */
