/*
 * cca-token: fuzz target for the token parser and verifier.
 *
 * Runs cca_token_parse() on arbitrary bytes and, when it accepts them,
 * the Realm signature check and the binding check, as cca-token does.
 * Built with -Dfuzz=true (tools/meson.build): with libFuzzer where clang
 * has it, else under gpt-map's standalone mutating driver, with
 * AddressSanitizer and UBSan either way.  gm_fuzz_stage tells the driver
 * how far an input got, so that it keeps mutating those.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stddef.h>
#include <stdint.h>

#include "token.h"

int gm_fuzz_stage;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    cca_token t;
    cbor_doc *doc = cbor_decode(data, size, err, sizeof(err));

    gm_fuzz_stage = doc != NULL;
    cbor_doc_free(doc);
    if (cca_token_parse(&t, data, size, err, sizeof(err))) {
        gm_fuzz_stage = 2;
        cca_token_verify_realm(&t, err, sizeof(err));
        cca_token_check_binding(&t, err, sizeof(err));
    }
    cca_token_free(&t);
    return 0;
}
