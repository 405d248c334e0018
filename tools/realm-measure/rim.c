/*
 * realm-measure: RIM and REM computation (DEN0137 1.0 A7.1); see rim.h.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "rim.h"

/* Measurement descriptor types and sizes (C1.11-C1.13) */
#define DESC_TYPE_DATA  0x0
#define DESC_TYPE_REC   0x1
#define DESC_TYPE_RIPAS 0x2
#define DESC_SIZE       0x100

static void put64(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++) {
        p[i] = v >> (8 * i);
    }
}

size_t rim_hash_size(enum rim_hash h)
{
    return h == RIM_SHA512 ? 64 : 32;
}

void rim_hash(enum rim_hash h, const void *data, size_t len,
              uint8_t out[RIM_MEAS_SIZE])
{
    GChecksum *c = g_checksum_new(h == RIM_SHA512 ? G_CHECKSUM_SHA512
                                                  : G_CHECKSUM_SHA256);
    gsize n = RIM_MEAS_SIZE;

    memset(out, 0, RIM_MEAS_SIZE);
    g_checksum_update(c, data, len);
    g_checksum_get_digest(c, out, &n);
    g_checksum_free(c);
}

void rim_init(rim_state *s, const rim_realm_params *p)
{
    /* B4.3.9.4: a zero-filled RmiRealmParams with the measured fields */
    uint8_t params[RIM_GRANULE] = { 0 };

    memset(s, 0, sizeof(*s));
    s->hash = p->hash;
    put64(params + 0x0, p->flags);
    params[0x8] = p->s2sz;
    params[0x10] = p->sve_vl;
    params[0x18] = p->num_bps;
    params[0x20] = p->num_wps;
    params[0x28] = p->pmu_num_ctrs;
    params[0x30] = p->hash;
    rim_hash(s->hash, params, sizeof(params), s->rim);
}

/* A descriptor's common head: desc_type, len, rim (C1.11-C1.13). */
static void desc_head(const rim_state *s, uint8_t d[DESC_SIZE], uint8_t type)
{
    memset(d, 0, DESC_SIZE);
    d[0x0] = type;
    put64(d + 0x8, DESC_SIZE);
    memcpy(d + 0x10, s->rim, rim_hash_size(s->hash));
}

void rim_extend_data(rim_state *s, uint64_t ipa, bool measure,
                     const uint8_t content[RIM_GRANULE])
{
    uint8_t d[DESC_SIZE];

    desc_head(s, d, DESC_TYPE_DATA);
    put64(d + 0x50, ipa);
    put64(d + 0x58, measure ? 1 : 0);
    if (measure) {
        uint8_t h[RIM_MEAS_SIZE];

        rim_hash(s->hash, content, RIM_GRANULE, h);
        memcpy(d + 0x60, h, rim_hash_size(s->hash));
    }
    rim_hash(s->hash, d, sizeof(d), s->rim);
}

void rim_extend_rec(rim_state *s, const rim_rec_params *p)
{
    uint8_t params[RIM_GRANULE] = { 0 };
    uint8_t d[DESC_SIZE], h[RIM_MEAS_SIZE];

    if (!(p->flags & 1)) {
        return;                 /* not runnable: no extension */
    }
    put64(params + 0x0, p->flags);
    put64(params + 0x200, p->pc);
    for (unsigned i = 0; i < 8; i++) {
        put64(params + 0x300 + 8 * i, p->gprs[i]);
    }
    rim_hash(s->hash, params, sizeof(params), h);
    desc_head(s, d, DESC_TYPE_REC);
    memcpy(d + 0x50, h, rim_hash_size(s->hash));
    rim_hash(s->hash, d, sizeof(d), s->rim);
}

void rim_extend_ripas_entry(rim_state *s, uint64_t base, uint64_t top)
{
    uint8_t d[DESC_SIZE];

    desc_head(s, d, DESC_TYPE_RIPAS);
    put64(d + 0x50, base);
    put64(d + 0x58, top);
    rim_hash(s->hash, d, sizeof(d), s->rim);
}

uint64_t rim_extend_ripas(rim_state *s, uint64_t base, uint64_t top,
                          unsigned entry_bits)
{
    uint64_t size, n = 0;

    if (entry_bits < 12 || entry_bits > 48) {
        return 0;
    }
    size = 1ULL << entry_bits;
    if (top <= base || (base | top) & (size - 1)) {
        return 0;
    }
    for (uint64_t a = base; a < top; a += size, n++) {
        rim_extend_ripas_entry(s, a, a + size);
    }
    return n;
}

bool rim_extend_rem(rim_state *s, unsigned index, const uint8_t *value,
                    size_t size, bool pad)
{
    GChecksum *c;
    uint8_t v[RIM_MEAS_SIZE] = { 0 };
    gsize n = RIM_MEAS_SIZE;

    if (index >= RIM_NUM_REMS || size > RIM_MEAS_SIZE) {
        return false;
    }
    memcpy(v, value, size);
    c = g_checksum_new(s->hash == RIM_SHA512 ? G_CHECKSUM_SHA512
                                             : G_CHECKSUM_SHA256);
    g_checksum_update(c, s->rem[index], rim_hash_size(s->hash));
    g_checksum_update(c, v, pad ? RIM_MEAS_SIZE : size);
    memset(s->rem[index], 0, RIM_MEAS_SIZE);
    g_checksum_get_digest(c, s->rem[index], &n);
    g_checksum_free(c);
    return true;
}
