/*
 * qemu-rme: cca-trace, writing lines: the output file, a line buffer per
 * thread, and fast appenders for what event lines hold
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TRACE_OUT_H
#define CCA_TRACE_OUT_H

#include <stdio.h>
#include <string.h>

#include "sink.h"

/* The sink events go to, and where they are written (NULL: QEMU's log). */
void out_open(const ct_sink *sink, FILE *file);
void out_close(void);
extern const ct_sink *out_sink;

/* Append a newline to @line and write it. */
void out_write(GString *line);

/*
 * gs_printf() for the subset of printf the events use, formatted as glibc
 * does, without vasprintf; anything else goes to g_string_append_vprintf().
 */
void G_GNUC_PRINTF(2, 3) gs_printf(GString *g, const char *fmt, ...);

/*
 * Direct appenders for the conversions event lines use most (what
 * gs_printf() would make of "%s", "%" PRIx64, "%0*x", "%" PRIu64, "%d").
 */
static inline void put_len(GString *g, const char *s, gsize n)
{
    if (G_LIKELY(g->len + n < g->allocated_len)) {
        memcpy(g->str + g->len, s, n);
        g->len += n;
        g->str[g->len] = 0;
    } else {
        g_string_append_len(g, s, (gssize)n);
    }
}

static inline void put_s(GString *g, const char *s)
{
    put_len(g, s, strlen(s));
}

/* Hex digits of @v, at least @width of them (zero-padded). */
static inline void put_hex_w(GString *g, uint64_t v, int width)
{
    char b[16];
    int n = 16;

    do {
        b[--n] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    while (16 - n < width) {
        b[--n] = '0';
    }
    put_len(g, b + n, 16 - n);
}

static inline void put_hex(GString *g, uint64_t v)
{
    put_hex_w(g, v, 0);
}

/* "0x" and hex digits: "0x%" PRIx64 */
static inline void put_0x(GString *g, uint64_t v)
{
    put_len(g, "0x", 2);
    put_hex_w(g, v, 0);
}

/* Decimal @v padded with spaces to @width: right-aligned, or left if @left. */
static inline void put_u_w(GString *g, uint64_t v, int width, bool left)
{
    char b[24];
    int n = 24, len;

    do {
        b[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    len = 24 - n;
    if (!left) {
        while (24 - n < width) {
            b[--n] = ' ';
        }
        put_len(g, b + n, 24 - n);
        return;
    }
    put_len(g, b + n, len);
    for (; len < width; len++) {
        g_string_append_c(g, ' ');
    }
}

static inline void put_u(GString *g, uint64_t v)
{
    if (v < 10) {
        g_string_append_c(g, (char)('0' + v));
    } else {
        put_u_w(g, v, 0, false);
    }
}

static inline void put_d(GString *g, int64_t v)
{
    if (v < 0) {
        g_string_append_c(g, '-');
        put_u(g, -(uint64_t)v);
    } else {
        put_u(g, (uint64_t)v);
    }
}

/* A JSON string for @s, null for NULL. */
void json_str(GString *g, const char *s);
/* ,"key":"0x..." */
void json_hex(GString *g, const char *key, uint64_t v);

#endif
