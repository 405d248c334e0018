/*
 * A builder of CCA attestation tokens for the tests of cca-token: the
 * shape of DEN0137 1.0 A7.2.1 (tag 399 over the platform token, 44234,
 * and the Realm token, 44241, each a COSE_Sign1_Tagged signed with ES384
 * by a fresh P-384 key; the Realm public key claim a COSE_Key; the
 * platform challenge the SHA-256 of it), with ways to break each part.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TOKEN_TESTS_TOKEN_BUILDER_H
#define CCA_TOKEN_TESTS_TOKEN_BUILDER_H

#include <stdbool.h>

#include <glib.h>
#include <openssl/evp.h>

typedef struct tb_opts {
    const char *rim, *rpv, *rem[4], *challenge;     /* hex, "" for zeros */
    const char *hash;                               /* "sha-256", "sha-512" */
    bool bad_realm_sig, bad_platform_sig, bad_binding, no_rim;
    bool cmw;       /* TF-RMM v0.9.0's form: tag 907, CMW records [263, bstr] */
} tb_opts;

/* All claims zero, SHA-256, nothing broken, tag 399. */
#define TB_OPTS_DEFAULT \
    { "", "", { "", "", "", "" }, "", "sha-256", false, false, false, false, \
      false }

/*
 * The token; *@cpak (if not NULL) gets the platform key, which the caller
 * frees with EVP_PKEY_free().  NULL if OpenSSL failed.
 */
GByteArray *tb_build(const tb_opts *o, EVP_PKEY **cpak);

#endif /* CCA_TOKEN_TESTS_TOKEN_BUILDER_H */
