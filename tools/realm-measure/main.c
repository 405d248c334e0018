/*
 * realm-measure: predict a Realm's RIM and REMs from the steps a host takes
 * to build it (DEN0137 1.0 A7.1), and write them as reference values.
 *
 *   realm-measure [--json] [--rem-pad] SCRIPT
 *
 * SCRIPT lists the host's RMM operations in the order it makes them, one
 * per line (# starts a comment; numbers are decimal or 0x hex):
 *
 *   realm hash=sha256|sha512 s2sz=N [flags=lpa2,sve,pmu|N] [sve_vl=N]
 *         [num_bps=N] [num_wps=N] [pmu_num_ctrs=N] [rpv=HEX]
 *                                          RMI_REALM_CREATE (first line)
 *   ripas base=A top=A level=1|2|3         RMI_RTT_INIT_RIPAS over RTT
 *                                          entries of that level (4KB
 *                                          granules: 1GB, 2MB, 4KB)
 *   data ipa=A file=PATH [offset=N] [size=N] [measure=content|none]
 *                                          RMI_DATA_CREATE of each 4KB
 *                                          granule of the file's bytes,
 *                                          the last one zero-padded
 *   data ipa=A zero=N [measure=...]        N granules of zeros
 *   rec pc=A [x0=N .. x7=N] [runnable=0|1] RMI_REC_CREATE
 *   rem index=0..3 value=HEX               RSI_MEASUREMENT_EXTEND (size
 *                                          = the value's bytes, <= 64)
 *
 * PATH is relative to the script's directory.  Prints the hash algorithm,
 * RIM and REMs in hex, or with --json the reference values: scheme
 * ARM_CCA, hash-alg-id, realm-initial-measurement,
 * realm-personalization-value, rem0..rem3 (bytes in base64, measurements
 * of the hash's size as the Realm token carries them, A7.2.3.1.4).
 * --rem-pad hashes a REM extension's value zero-padded to 64 bytes
 * (the RemExtend text, B3.42) instead of its size (TF-RMM v0.8.0).
 * Exit status 0, or 2 for bad input (file and line named).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rim.h"

static const char *script_name;
static unsigned script_line;

static void G_GNUC_NORETURN G_GNUC_PRINTF(1, 2) bad(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "realm-measure: %s:%u: ", script_name, script_line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

typedef struct Args {
    GHashTable *kv;             /* key -> value */
    GHashTable *used;
} Args;

static void args_parse(Args *a, char **words)
{
    a->kv = g_hash_table_new(g_str_hash, g_str_equal);
    a->used = g_hash_table_new(g_str_hash, g_str_equal);
    for (unsigned i = 1; words[i]; i++) {
        char *eq = strchr(words[i], '=');

        if (!eq || eq == words[i]) {
            bad("'%s': expected KEY=VALUE", words[i]);
        }
        *eq = '\0';
        if (g_hash_table_contains(a->kv, words[i])) {
            bad("%s given twice", words[i]);
        }
        g_hash_table_insert(a->kv, words[i], eq + 1);
    }
}

static const char *arg_str(Args *a, const char *key, bool required)
{
    const char *v = g_hash_table_lookup(a->kv, key);

    if (!v && required) {
        bad("%s= missing", key);
    }
    if (v) {
        g_hash_table_add(a->used, (gpointer)key);
    }
    return v;
}

static uint64_t arg_u64(Args *a, const char *key, bool required,
                        uint64_t dflt, uint64_t max)
{
    const char *v = arg_str(a, key, required);
    char *end;
    uint64_t x;

    if (!v) {
        return dflt;
    }
    errno = 0;
    x = g_ascii_strtoull(v, &end, 0);
    if (!*v || *v == '-' || *end || errno || x > max) {
        bad("%s=%s: a number up to %" PRIu64 " expected", key, v, max);
    }
    return x;
}

/* Every key given must have been used by the operation. */
static void args_done(Args *a)
{
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, a->kv);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        if (!g_hash_table_contains(a->used, k)) {
            bad("unknown key %s", (const char *)k);
        }
    }
    g_hash_table_destroy(a->kv);
    g_hash_table_destroy(a->used);
}

static size_t parse_hex(const char *key, const char *hex, uint8_t *out,
                        size_t max)
{
    size_t n = strlen(hex);

    if (g_str_has_prefix(hex, "0x")) {
        hex += 2;
        n -= 2;
    }
    if (n == 0 || n % 2 || n / 2 > max) {
        bad("%s: an even number of hex digits, at most %zu bytes", key, max);
    }
    for (size_t i = 0; i < n / 2; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            bad("%s: not hex", key);
        }
        out[i] = hi << 4 | lo;
    }
    return n / 2;
}

static void op_realm(Args *a, rim_state *s, uint8_t rpv[64])
{
    rim_realm_params p = { 0 };
    const char *h = arg_str(a, "hash", true);
    const char *flags = arg_str(a, "flags", false);
    const char *rpvs = arg_str(a, "rpv", false);

    if (!strcmp(h, "sha256")) {
        p.hash = RIM_SHA256;
    } else if (!strcmp(h, "sha512")) {
        p.hash = RIM_SHA512;
    } else {
        bad("hash=%s: sha256 or sha512", h);
    }
    if (flags && g_ascii_isdigit(flags[0])) {
        p.flags = arg_u64(a, "flags", false, 0, 7);
    } else if (flags) {
        g_auto(GStrv) f = g_strsplit(flags, ",", -1);

        for (unsigned i = 0; f[i]; i++) {
            if (!strcmp(f[i], "lpa2")) {
                p.flags |= RIM_REALM_FLAG_LPA2;
            } else if (!strcmp(f[i], "sve")) {
                p.flags |= RIM_REALM_FLAG_SVE;
            } else if (!strcmp(f[i], "pmu")) {
                p.flags |= RIM_REALM_FLAG_PMU;
            } else {
                bad("flags: %s is not lpa2, sve or pmu", f[i]);
            }
        }
    }
    p.s2sz = arg_u64(a, "s2sz", true, 0, 255);
    p.sve_vl = arg_u64(a, "sve_vl", false, 0, 255);
    p.num_bps = arg_u64(a, "num_bps", false, 0, 255);
    p.num_wps = arg_u64(a, "num_wps", false, 0, 255);
    p.pmu_num_ctrs = arg_u64(a, "pmu_num_ctrs", false, 0, 255);
    if (rpvs) {
        parse_hex("rpv", rpvs, rpv, 64);
    }
    rim_init(s, &p);
}

static void op_data(Args *a, rim_state *s, const char *dir)
{
    uint64_t ipa = arg_u64(a, "ipa", true, 0, UINT64_MAX);
    const char *file = arg_str(a, "file", false);
    const char *m = arg_str(a, "measure", false);
    bool measure = true;
    g_autofree char *buf = NULL;
    gsize len = 0;
    uint64_t off, size;

    if (m && !strcmp(m, "none")) {
        measure = false;
    } else if (m && strcmp(m, "content")) {
        bad("measure=%s: content or none", m);
    }
    if (ipa % RIM_GRANULE) {
        bad("ipa=0x%" PRIx64 " is not 4KB aligned", ipa);
    }
    if (file) {
        g_autofree char *path = g_path_is_absolute(file)
                                ? g_strdup(file)
                                : g_build_filename(dir, file, NULL);
        g_autoptr(GError) err = NULL;

        if (!g_file_get_contents(path, &buf, &len, &err)) {
            bad("%s", err->message);
        }
        off = arg_u64(a, "offset", false, 0, len);
        size = arg_u64(a, "size", false, len - off, len - off);
    } else {
        uint64_t n = arg_u64(a, "zero", true, 0, 1u << 20);

        off = 0;
        size = n * RIM_GRANULE;
        buf = g_malloc0(size ? size : 1);
    }
    if (size == 0) {
        bad("no bytes to load");
    }
    for (uint64_t done = 0; done < size; done += RIM_GRANULE) {
        uint8_t g[RIM_GRANULE] = { 0 };

        memcpy(g, buf + off + done, MIN(RIM_GRANULE, size - done));
        rim_extend_data(s, ipa + done, measure, g);
    }
}

static void op_rec(Args *a, rim_state *s)
{
    rim_rec_params p = { 0 };

    p.pc = arg_u64(a, "pc", true, 0, UINT64_MAX);
    p.flags = arg_u64(a, "runnable", false, 1, 1);
    for (unsigned i = 0; i < 8; i++) {
        char key[4] = { 'x', (char)('0' + i), 0 };

        p.gprs[i] = arg_u64(a, g_intern_string(key), false, 0, UINT64_MAX);
    }
    rim_extend_rec(s, &p);
}

static void op_ripas(Args *a, rim_state *s)
{
    static const unsigned bits[] = { 0, 30, 21, 12 };
    uint64_t base = arg_u64(a, "base", true, 0, UINT64_MAX);
    uint64_t top = arg_u64(a, "top", true, 0, UINT64_MAX);
    unsigned level = arg_u64(a, "level", true, 0, 3);

    if (level == 0 || !rim_extend_ripas(s, base, top, bits[level])) {
        bad("ripas: level 1..3, base < top, both aligned to the level's "
            "entry size");
    }
}

static void op_rem(Args *a, rim_state *s, bool pad)
{
    unsigned index = arg_u64(a, "index", true, 0, RIM_NUM_REMS - 1);
    uint8_t v[RIM_MEAS_SIZE];
    size_t n = parse_hex("value", arg_str(a, "value", true), v, sizeof(v));

    rim_extend_rem(s, index, v, n, pad);
}

static void put_hex(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
}

static void put_b64(const char *key, const uint8_t *p, size_t n, bool comma)
{
    g_autofree char *b = g_base64_encode(p, n);

    printf("  \"%s\": \"%s\"%s\n", key, b, comma ? "," : "");
}

int main(int argc, char **argv)
{
    bool json = false, pad = false, have_realm = false;
    const char *file = NULL;
    g_autofree char *text = NULL, *dir = NULL;
    g_autoptr(GError) err = NULL;
    uint8_t rpv[64] = { 0 };
    rim_state s = { 0 };
    char **lines;
    size_t hs;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "--rem-pad")) {
            pad = true;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: realm-measure [--json] [--rem-pad] SCRIPT\n");
            return 0;
        } else if (!file && argv[i][0] != '-') {
            file = argv[i];
        } else {
            fprintf(stderr, "realm-measure: unexpected argument %s\n",
                    argv[i]);
            return 2;
        }
    }
    if (!file) {
        fprintf(stderr, "usage: realm-measure [--json] [--rem-pad] SCRIPT\n");
        return 2;
    }
    script_name = file;
    if (!g_file_get_contents(file, &text, NULL, &err)) {
        fprintf(stderr, "realm-measure: %s\n", err->message);
        return 2;
    }
    dir = g_path_get_dirname(file);
    lines = g_strsplit(text, "\n", -1);
    for (unsigned i = 0; lines[i]; i++) {
        char *l = lines[i], *hash = strchr(l, '#');
        g_auto(GStrv) words = NULL;
        Args a;

        script_line = i + 1;
        if (hash) {
            *hash = '\0';
        }
        g_strstrip(l);
        if (!*l) {
            continue;
        }
        words = g_regex_split_simple("[ \t]+", l, 0, 0);
        args_parse(&a, words);
        if (!strcmp(words[0], "realm")) {
            if (have_realm) {
                bad("a second realm line");
            }
            op_realm(&a, &s, rpv);
            have_realm = true;
        } else if (!have_realm) {
            bad("the first operation must be realm (RMI_REALM_CREATE)");
        } else if (!strcmp(words[0], "data")) {
            op_data(&a, &s, dir);
        } else if (!strcmp(words[0], "rec")) {
            op_rec(&a, &s);
        } else if (!strcmp(words[0], "ripas")) {
            op_ripas(&a, &s);
        } else if (!strcmp(words[0], "rem")) {
            op_rem(&a, &s, pad);
        } else {
            bad("unknown operation %s", words[0]);
        }
        args_done(&a);
    }
    g_strfreev(lines);
    if (!have_realm) {
        script_line = 1;
        bad("no realm line");
    }
    hs = rim_hash_size(s.hash);
    if (json) {
        printf("{\n  \"scheme\": \"ARM_CCA\",\n  \"hash-alg-id\": \"%s\",\n",
               s.hash == RIM_SHA512 ? "sha-512" : "sha-256");
        put_b64("realm-initial-measurement", s.rim, hs, true);
        put_b64("realm-personalization-value", rpv, sizeof(rpv), true);
        for (unsigned r = 0; r < RIM_NUM_REMS; r++) {
            char key[8];

            snprintf(key, sizeof(key), "rem%u", r);
            put_b64(key, s.rem[r], hs, r + 1 < RIM_NUM_REMS);
        }
        printf("}\n");
        return 0;
    }
    printf("hash-alg-id: %s\nRIM: ", s.hash == RIM_SHA512 ? "sha-512"
                                                          : "sha-256");
    put_hex(s.rim, hs);
    printf("\n");
    for (unsigned r = 0; r < RIM_NUM_REMS; r++) {
        printf("REM%u: ", r);
        put_hex(s.rem[r], hs);
        printf("\n");
    }
    return 0;
}
