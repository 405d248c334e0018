/*
 * cca-token: a small strict CBOR decoder (RFC 8949) for attestation tokens.
 *
 * Definite lengths only (COSE and the CCA tokens use them); integers up to
 * 64 bits; simple values false, true, null; no floats.  Nesting and the
 * number of items are bounded, every length is checked against the input,
 * so any byte string decodes to a tree or to an error with its offset.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TOKEN_CBOR_H
#define CCA_TOKEN_CBOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cbor_type {
    CBOR_UINT, CBOR_NINT, CBOR_BSTR, CBOR_TSTR, CBOR_ARRAY, CBOR_MAP,
    CBOR_TAG, CBOR_FALSE, CBOR_TRUE, CBOR_NULL,
} cbor_type;

typedef struct cbor_item cbor_item;
struct cbor_item {
    cbor_type type;
    uint64_t val;               /* UINT; NINT: the value is -1 - val; TAG */
    const uint8_t *bytes;       /* BSTR, TSTR: the content */
    size_t len;                 /* BSTR, TSTR: bytes; ARRAY: items; MAP: pairs */
    const cbor_item **items;    /* ARRAY: len items; MAP: 2 * len, key, value */
    const cbor_item *tagged;    /* TAG */
    size_t offset;              /* of the item in the input */
};

typedef struct cbor_doc cbor_doc;

/*
 * Decodes exactly one item filling @len bytes at @buf (trailing bytes are
 * an error).  Returns NULL and writes a message naming the offset to
 * @err (at least 160 bytes) on any error.
 */
cbor_doc *cbor_decode(const uint8_t *buf, size_t len, char *err,
                      size_t errlen);
const cbor_item *cbor_root(const cbor_doc *doc);
void cbor_doc_free(cbor_doc *doc);

/* The value of integer key @key in map @map, or NULL. */
const cbor_item *cbor_map_get(const cbor_item *map, int64_t key);
/* Is @it the integer @v? */
bool cbor_is_int(const cbor_item *it, int64_t v);

/* Encoding, for COSE's Sig_structure and for tests: a head, a string. */
#include <glib.h>
void cbor_put_head(GByteArray *g, unsigned major, uint64_t v);
void cbor_put_bstr(GByteArray *g, const void *p, size_t n);
void cbor_put_tstr(GByteArray *g, const char *s);

#endif /* CCA_TOKEN_CBOR_H */
