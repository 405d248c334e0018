/*
 * make-token: builds CCA attestation tokens for the tests of cca-token
 * (tests/tools/test_cca_token.py) with token-builder.c.  Not installed; a
 * test helper only.
 *
 *   make-token OUT CPAK.pem [--rim HEX] [--rpv HEX] [--remN HEX]
 *              [--challenge HEX] [--hash sha-256|sha-512]
 *              [--bad-realm-sig] [--bad-platform-sig] [--bad-binding]
 *              [--no-rim]
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <openssl/pem.h>

#include "token-builder.h"

int main(int argc, char **argv)
{
    tb_opts o = TB_OPTS_DEFAULT;
    EVP_PKEY *cpak = NULL;
    GByteArray *tok;
    FILE *f;

    if (argc < 3) {
        fprintf(stderr, "usage: make-token OUT CPAK.pem [options]\n");
        return 2;
    }
    for (int i = 3; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";

        if (!strcmp(a, "--rim")) {
            o.rim = v, i++;
        } else if (!strcmp(a, "--rpv")) {
            o.rpv = v, i++;
        } else if (!strncmp(a, "--rem", 5) && a[5] >= '0' && a[5] <= '3') {
            o.rem[a[5] - '0'] = v, i++;
        } else if (!strcmp(a, "--challenge")) {
            o.challenge = v, i++;
        } else if (!strcmp(a, "--hash")) {
            o.hash = v, i++;
        } else if (!strcmp(a, "--bad-realm-sig")) {
            o.bad_realm_sig = true;
        } else if (!strcmp(a, "--bad-platform-sig")) {
            o.bad_platform_sig = true;
        } else if (!strcmp(a, "--bad-binding")) {
            o.bad_binding = true;
        } else if (!strcmp(a, "--no-rim")) {
            o.no_rim = true;
        } else {
            fprintf(stderr, "make-token: unknown option %s\n", a);
            return 2;
        }
    }
    tok = tb_build(&o, &cpak);
    if (!tok) {
        fprintf(stderr, "make-token: OpenSSL failed\n");
        return 2;
    }
    f = fopen(argv[1], "wb");
    if (!f || fwrite(tok->data, 1, tok->len, f) != tok->len || fclose(f)) {
        fprintf(stderr, "make-token: cannot write %s\n", argv[1]);
        return 2;
    }
    f = fopen(argv[2], "w");
    if (!f || !PEM_write_PUBKEY(f, cpak) || fclose(f)) {
        fprintf(stderr, "make-token: cannot write %s\n", argv[2]);
        return 2;
    }
    g_byte_array_free(tok, true);
    EVP_PKEY_free(cpak);
    return 0;
}
