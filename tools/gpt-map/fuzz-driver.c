/*
 * gpt-map: a standalone driver for fuzz-json.c without libFuzzer
 *
 *   fuzz-json [-runs=N] [-seed=S] [-max_len=N] SEED_FILE_OR_DIR...
 *
 * Where clang's libFuzzer is not available (tools/meson.build picks this
 * file then), this runs LLVMFuzzerTestOneInput() on N inputs (default
 * 100000) made by mutating the seeds: bit flips, random bytes, JSON
 * tokens and interesting numbers inserted, stretches deleted, duplicated
 * or spliced from another input.  Inputs that get far (valid JSON, a GPT
 * map object, a valid map: gm_fuzz_stage) join the pool the next ones are
 * made from, so mutations pile up where they matter; a few others join
 * too.  That is all the feedback there is: no coverage, which is why the
 * build prefers libFuzzer.  A bug shows as a
 * sanitizer report (the build uses AddressSanitizer and UBSan) or an
 * abort(); the input is then written to ./crash-fuzz-driver.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <sanitizer/common_interface_defs.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern int gm_fuzz_stage;      /* fuzz-json.c: how far the input got */

static const char *const tokens[] = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00",
    "\\u0000", "0x", "-", "0", "1", "-0", "01", "1.5", "1e9",
    "18446744073709551615", "18446744073709551616", "9223372036854775808",
    "72057594037927936", "\"0x100000000000000\"", "\"0xffffffffffffffff\"",
    "true", "false", "null", "\"ranges\"", "\"base\"", "\"size\"",
    "\"kind\"", "\"gpi\"", "\"label\"", "\"start\"", "\"end\"", "\"return\"",
    "\"truncated\"", "\"config-errors\"", "\"desc\"", "\"desc-addr\"",
    "\"desc-kind\"", "\"level\"", "\"reason\"", "\"gpi\"", "\"walk-fault\"",
    "\"above-pps\"", "\"Realm\"", "\"NS\"", "\"pgs_reserved\"",
    "\"l1_denied\"", "\"granules\"", "\n", " ", "\t", "\xff", "\xc3\xa9",
    "\xed\xa0\x80", "\xef\xbb\xbf",
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static size_t below(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}

/* The input being run, for the crash file. */
static const GByteArray *current;

static void save_crash(void)
{
    FILE *f = fopen("crash-fuzz-driver", "wb");

    if (f && current) {
        fwrite(current->data, 1, current->len, f);
        fprintf(stderr, "fuzz-driver: the input is in crash-fuzz-driver\n");
    }
    if (f) {
        fclose(f);
    }
}

static void on_abort(int sig)
{
    save_crash();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void insert(GByteArray *b, size_t pos, const guint8 *d, size_t n)
{
    size_t old = b->len;

    g_byte_array_set_size(b, (guint)(old + n));
    memmove(b->data + pos + n, b->data + pos, old - pos);
    memcpy(b->data + pos, d, n);
}

static void mutate(GByteArray *b, GPtrArray *pool, size_t max_len)
{
    unsigned n = 1 + (unsigned)below(3);

    for (unsigned i = 0; i < n; i++) {
        size_t pos = below(b->len + 1), len;

        switch (below(7)) {
        case 0:                                 /* flip a bit */
            if (b->len) {
                b->data[below(b->len)] ^= (guint8)(1u << below(8));
            }
            break;
        case 1:                                 /* a random byte */
            if (b->len) {
                b->data[below(b->len)] = (guint8)rnd();
            }
            break;
        case 2: {                               /* insert a token */
            const char *t = tokens[below(G_N_ELEMENTS(tokens))];

            insert(b, pos, (const guint8 *)t, strlen(t));
            break;
        }
        case 3:                                 /* delete a stretch */
            len = 1 + below(32);        /* MIN() evaluates twice */
            if (pos < b->len) {
                g_byte_array_remove_range(b, (guint)pos,
                                          (guint)MIN(len, b->len - pos));
            }
            break;
        case 4:                                 /* duplicate a stretch */
            if (b->len) {
                size_t from = below(b->len);
                guint8 *copy;

                len = 1 + below(64);
                len = MIN(len, b->len - from);
                copy = g_malloc(len);
                memcpy(copy, b->data + from, len);
                insert(b, pos, copy, len);
                g_free(copy);
            }
            break;
        case 5: {                               /* splice another input */
            GByteArray *o = g_ptr_array_index(pool, below(pool->len));

            if (o->len) {
                size_t from = below(o->len);

                len = 1 + below(128);
                len = MIN(len, o->len - from);
                insert(b, pos, o->data + from, len);
            }
            break;
        }
        default: {                              /* a digit run */
            char num[24];

            snprintf(num, sizeof(num), "%" G_GUINT64_FORMAT,
                     rnd() >> below(64));
            insert(b, pos, (const guint8 *)num, strlen(num));
            break;
        }
        }
    }
    if (b->len > max_len) {
        g_byte_array_set_size(b, (guint)max_len);
    }
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

static void add_seed(GPtrArray *pool, const char *path)
{
    gchar *data;
    gsize len;

    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        GDir *dir = g_dir_open(path, 0, NULL);
        const char *name;
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

        while (dir && (name = g_dir_read_name(dir))) {
            g_ptr_array_add(names, g_build_filename(path, name, NULL));
        }
        if (dir) {
            g_dir_close(dir);
        }
        /* a stable order, so a -seed= run repeats */
        g_ptr_array_sort(names, cmp_names);
        for (guint i = 0; i < names->len; i++) {
            add_seed(pool, g_ptr_array_index(names, i));
        }
        g_ptr_array_free(names, TRUE);
        return;
    }
    if (!g_file_get_contents(path, &data, &len, NULL)) {
        fprintf(stderr, "fuzz-driver: cannot read %s\n", path);
        exit(2);
    }
    g_ptr_array_add(pool, g_byte_array_new_take((guint8 *)data, len));
}

int main(int argc, char **argv)
{
    GPtrArray *pool = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_byte_array_unref);
    uint64_t runs = 100000, seed = 1;
    size_t max_len = 1 << 16, nseeds;

    /* sanitizer reports end in the death callback, abort() in SIGABRT */
    __sanitizer_set_death_callback(save_crash);
    signal(SIGABRT, on_abort);

    for (int i = 1; i < argc; i++) {
        if (g_str_has_prefix(argv[i], "-runs=")) {
            runs = g_ascii_strtoull(argv[i] + 6, NULL, 10);
        } else if (g_str_has_prefix(argv[i], "-seed=")) {
            seed = g_ascii_strtoull(argv[i] + 6, NULL, 10);
        } else if (g_str_has_prefix(argv[i], "-max_len=")) {
            max_len = (size_t)g_ascii_strtoull(argv[i] + 9, NULL, 10);
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "fuzz-driver: unknown option %s\n", argv[i]);
            return 2;
        } else {
            add_seed(pool, argv[i]);
        }
    }
    if (pool->len == 0) {
        g_ptr_array_add(pool, g_byte_array_append(g_byte_array_new(),
                                                  (const guint8 *)"{}", 2));
    }
    nseeds = pool->len;
    rng_state = 0x9e3779b97f4a7c15ull + seed * 0xbf58476d1ce4e5b9ull;
    if (!rng_state) {
        rng_state = 1;          /* xorshift's one fixed point */
    }
    /* the seeds as they are, first */
    for (guint i = 0; i < nseeds; i++) {
        GByteArray *s = g_ptr_array_index(pool, i);

        current = s;
        LLVMFuzzerTestOneInput(s->data, s->len);
    }
    for (uint64_t r = 0; r < runs; r++) {
        GByteArray *from = g_ptr_array_index(pool, below(pool->len));
        GByteArray *b = g_byte_array_sized_new(from->len + 64);

        g_byte_array_append(b, from->data, from->len);
        mutate(b, pool, max_len);
        current = b;
        LLVMFuzzerTestOneInput(b->data, b->len);
        if (pool->len < 4096 &&
            (gm_fuzz_stage >= 2 || (gm_fuzz_stage == 1 && below(4) == 0) ||
             below(64) == 0)) {
            g_ptr_array_add(pool, b);
        } else {
            g_byte_array_unref(b);
        }
        if ((r + 1) % 20000 == 0) {
            fprintf(stderr, "fuzz-driver: %" G_GUINT64_FORMAT " runs\n", r + 1);
        }
    }
    current = NULL;
    printf("fuzz-driver: %" G_GUINT64_FORMAT " mutated inputs (+%zu seeds), "
           "seed %" G_GUINT64_FORMAT ": no crash\n", runs, nseeds, seed);
    g_ptr_array_free(pool, TRUE);
    return 0;
}
