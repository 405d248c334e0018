/*
 * cca-token: a small strict CBOR decoder; see cbor.h.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cbor.h"

#define CBOR_MAX_DEPTH  16
#define CBOR_MAX_ITEMS  4096

struct cbor_doc {
    GPtrArray *allocs;          /* everything below, freed together */
    const cbor_item *root;
};

typedef struct decoder {
    const uint8_t *buf;
    size_t len, pos;
    unsigned items;
    cbor_doc *doc;
    char *err;
    size_t errlen;
} decoder;

static void *dalloc(decoder *d, size_t n)
{
    void *p = g_malloc0(n);

    g_ptr_array_add(d->doc->allocs, p);
    return p;
}

static bool fail(decoder *d, size_t at, const char *what)
{
    snprintf(d->err, d->errlen, "CBOR at byte %zu: %s", at, what);
    return false;
}

/* The argument of the head at d->pos (RFC 8949 3). */
static bool head(decoder *d, unsigned *major, uint64_t *arg)
{
    size_t at = d->pos;
    uint8_t ib;
    unsigned ai, n;

    if (d->pos >= d->len) {
        return fail(d, at, "truncated (an item expected)");
    }
    ib = d->buf[d->pos++];
    *major = ib >> 5;
    ai = ib & 0x1f;
    if (ai < 24) {
        *arg = ai;
        return true;
    }
    if (ai > 27) {
        return fail(d, at, ai == 31 ? "indefinite length (not supported)"
                                    : "reserved additional information");
    }
    n = 1u << (ai - 24);
    if (d->len - d->pos < n) {
        return fail(d, at, "truncated head");
    }
    *arg = 0;
    for (unsigned i = 0; i < n; i++) {
        *arg = *arg << 8 | d->buf[d->pos++];
    }
    return true;
}

static bool item(decoder *d, const cbor_item **out, unsigned depth)
{
    size_t at = d->pos;
    cbor_item *it;
    unsigned major;
    uint64_t arg;

    if (depth > CBOR_MAX_DEPTH) {
        return fail(d, at, "nested too deeply");
    }
    if (++d->items > CBOR_MAX_ITEMS) {
        return fail(d, at, "too many items");
    }
    if (!head(d, &major, &arg)) {
        return false;
    }
    it = dalloc(d, sizeof(*it));
    it->offset = at;
    *out = it;
    switch (major) {
    case 0:
    case 1:
        it->type = major ? CBOR_NINT : CBOR_UINT;
        it->val = arg;
        return true;
    case 2:
    case 3:
        if (arg > d->len - d->pos) {
            return fail(d, at, "string longer than the input");
        }
        it->type = major == 2 ? CBOR_BSTR : CBOR_TSTR;
        it->bytes = d->buf + d->pos;
        it->len = arg;
        d->pos += arg;
        return true;
    case 4:
    case 5: {
        uint64_t n = major == 5 ? arg * 2 : arg;

        /* each item takes at least one byte */
        if (arg > d->len - d->pos || n > d->len - d->pos) {
            return fail(d, at, "more items than bytes left");
        }
        it->type = major == 4 ? CBOR_ARRAY : CBOR_MAP;
        it->len = arg;
        it->items = dalloc(d, (n ? n : 1) * sizeof(*it->items));
        for (uint64_t i = 0; i < n; i++) {
            if (!item(d, &it->items[i], depth + 1)) {
                return false;
            }
        }
        return true;
    }
    case 6:
        it->type = CBOR_TAG;
        it->val = arg;
        return item(d, &it->tagged, depth + 1);
    default:
        if (arg == 20 || arg == 21 || arg == 22) {
            it->type = arg == 20 ? CBOR_FALSE : arg == 21 ? CBOR_TRUE
                                                          : CBOR_NULL;
            return true;
        }
        return fail(d, at, "unsupported simple value or float");
    }
}

cbor_doc *cbor_decode(const uint8_t *buf, size_t len, char *err,
                      size_t errlen)
{
    decoder d = { .buf = buf, .len = len, .err = err, .errlen = errlen };
    cbor_doc *doc = g_new0(cbor_doc, 1);

    doc->allocs = g_ptr_array_new_with_free_func(g_free);
    d.doc = doc;
    if (!item(&d, &doc->root, 0)) {
        cbor_doc_free(doc);
        return NULL;
    }
    if (d.pos != len) {
        fail(&d, d.pos, "bytes after the item");
        cbor_doc_free(doc);
        return NULL;
    }
    return doc;
}

const cbor_item *cbor_root(const cbor_doc *doc)
{
    return doc->root;
}

void cbor_doc_free(cbor_doc *doc)
{
    if (doc) {
        g_ptr_array_free(doc->allocs, true);
        g_free(doc);
    }
}

bool cbor_is_int(const cbor_item *it, int64_t v)
{
    if (v >= 0) {
        return it->type == CBOR_UINT && it->val == (uint64_t)v;
    }
    return it->type == CBOR_NINT && it->val == (uint64_t)(-(v + 1));
}

const cbor_item *cbor_map_get(const cbor_item *map, int64_t key)
{
    if (!map || map->type != CBOR_MAP) {
        return NULL;
    }
    for (size_t i = 0; i < map->len; i++) {
        if (cbor_is_int(map->items[2 * i], key)) {
            return map->items[2 * i + 1];
        }
    }
    return NULL;
}

void cbor_put_head(GByteArray *g, unsigned major, uint64_t v)
{
    uint8_t b[9];
    unsigned n;

    if (v < 24) {
        b[0] = major << 5 | v;
        n = 0;
    } else if (v <= 0xff) {
        b[0] = major << 5 | 24;
        n = 1;
    } else if (v <= 0xffff) {
        b[0] = major << 5 | 25;
        n = 2;
    } else if (v <= 0xffffffff) {
        b[0] = major << 5 | 26;
        n = 4;
    } else {
        b[0] = major << 5 | 27;
        n = 8;
    }
    for (unsigned i = 0; i < n; i++) {
        b[1 + i] = v >> (8 * (n - 1 - i));
    }
    g_byte_array_append(g, b, n + 1);
}

void cbor_put_bstr(GByteArray *g, const void *p, size_t n)
{
    cbor_put_head(g, 2, n);
    if (n) {
        g_byte_array_append(g, p, n);
    }
}

void cbor_put_tstr(GByteArray *g, const char *s)
{
    cbor_put_head(g, 3, strlen(s));
    g_byte_array_append(g, (const guint8 *)s, strlen(s));
}
