/*
 * What the host fuzz targets share: a seeded pseudo-random sequence
 * (splitmix64, the same values for the same seed on every host) and the
 * main() that splits -runs=N operations over a few seeds and prints TAP,
 * one result per run.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TESTS_LIB_FUZZ_H
#define TESTS_LIB_FUZZ_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fuzz_rng_state;

static inline uint64_t rnd(void)
{
    uint64_t z = (fuzz_rng_state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A value in [0, n) */
static inline unsigned below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static inline void fuzz_seed(uint64_t seed)
{
    fuzz_rng_state = seed;
}

/* Invariants that failed; fuzz_main() exits 1 if any did */
static unsigned long fuzz_failures;

/* One failed invariant at operation @op; the first ten are printed */
static inline void __attribute__((format(printf, 2, 3)))
fuzz_fail(unsigned long op, const char *fmt, ...)
{
    va_list ap;

    if (fuzz_failures++ < 10) {
        printf("# op %lu: ", op);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
    }
}

/*
 * fuzz-<name> [-runs=N] [-seed=S]: @run is called for @nseeds seeds from S
 * with N/nseeds operations each (it prints its TAP line and seeds the
 * sequence with fuzz_seed()); the exit status is 1 if @failures is not 0
 * after the runs, 2 for a bad argument.
 */
static inline int fuzz_main(int argc, char **argv, unsigned long runs,
                            uint64_t seed, unsigned nseeds,
                            int (*run)(unsigned n, uint64_t seed,
                                       unsigned long ops),
                            const unsigned long *failures)
{
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "-runs=", 6)) {
            runs = strtoul(argv[i] + 6, NULL, 0);
        } else if (!strncmp(argv[i], "-seed=", 6)) {
            seed = strtoull(argv[i] + 6, NULL, 0);
        } else {
            fprintf(stderr, "usage: %s [-runs=N] [-seed=S]\n", argv[0]);
            return 2;
        }
    }
    printf("1..%u\n", nseeds);
    for (unsigned s = 0; s < nseeds; s++) {
        run(s + 1, seed + s, runs / nseeds + (s < runs % nseeds));
    }
    return *failures ? 1 : 0;
}

#endif
