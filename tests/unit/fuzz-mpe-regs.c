/*
 * Register-level fuzz target of the memory protection engine
 * (hw/misc/mpe-regs.c over hw/misc/mpe-core.c), built with AddressSanitizer
 * and UBSan and run by make check.
 *
 *   fuzz-mpe-regs [-runs=N] [-seed=S]
 *
 * Random sequences of 32-bit register reads and writes from every PA
 * space at any offset (mostly the frame's registers, also unaligned and
 * far outside it) with random and boundary values, interleaved with what
 * the CPUs do to the engine: accesses to a few pages of RAM through
 * random contexts (PA space, MECID of any width), which convert the page
 * as hw/misc/arm-mpe.c does, and writes of data through the context that
 * holds the page.  Each run starts from a random configuration (block
 * size, MECID width, strategy).  It checks, besides the sanitizers:
 *  - a non-Root access is refused and changes nothing (DEN0129: the
 *    engine is Root-only);
 *  - data written through a context reads back exactly through the same
 *    context, whatever conversions happened in between, as long as no key
 *    of that context changed (FEAT_MEC, DDI0487 D8.12: same MECID, same
 *    data);
 *  - the register file reads back what the engine does (MPE_CTRL).
 * Prints TAP: one result per run.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "mpe-regs.h"

#define NPAGES  4

static const uint64_t offsets[] = {
    MPE_IIDR, MPE_IDR, MPE_CTRL, MPE_REKEY,
    MPE_PAS_KEY_LO(0), MPE_PAS_KEY_HI(0), MPE_PAS_KEY_LO(1),
    MPE_PAS_KEY_HI(1), MPE_PAS_KEY_LO(2), MPE_PAS_KEY_HI(2),
    MPE_PAS_KEY_LO(3), MPE_PAS_KEY_HI(3), MPE_STAT_LO(0), MPE_STAT_HI(4),
    0x008, 0x00c, 0x03c, 0x060, 0x0a8, 0xffc, 0x1000, 0x1004,
    UINT64_MAX - 3, 0x001, 0x042,
};

static const uint32_t values[] = {
    0, 1, 2, 3, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
};

struct page {
    uint8_t data[MPE_PAGE_SIZE];
    MpeTag tag;
    uint8_t ref[MPE_PAGE_SIZE];     /* as last written through ref_tag */
    MpeTag ref_tag;
    int ref_valid;
    int ref_converted;              /* converted since it was written */
};

static struct page pages[NPAGES];
static MpeCore core;
static MpeRegs regs;
/* read-back checks made after the page went through another context */
static unsigned long roundtrips;

static void access_page(unsigned long op)
{
    struct page *p = &pages[below(NPAGES)];
    unsigned pas = below(4);
    unsigned mecid = below(4) ? below(8) : (unsigned)rnd() & 0x1ffff;
    MpeTag want = mpe_tag_of(&core, pas, mecid);
    uint64_t pa = 0x80000000ull + (uint64_t)(p - pages) * MPE_PAGE_SIZE;

    if (want != p->tag) {
        mpe_transform(&core, p->data, sizeof(p->data), pa, p->tag, want);
        p->tag = want;
        p->ref_converted = 1;
    }
    if (p->ref_valid && p->tag == p->ref_tag) {
        if (memcmp(p->data, p->ref, sizeof(p->data))) {
            fuzz_fail(op, "data written through a context did not read back "
                          "through it");
        } else if (p->ref_converted) {
            roundtrips++;
        }
    }
    if (below(3) == 0) {
        /* write through the context now using the page */
        unsigned off = below(MPE_PAGE_SIZE), len = 1 + below(64);

        if (off + len > MPE_PAGE_SIZE) {
            len = MPE_PAGE_SIZE - off;
        }
        for (unsigned i = 0; i < len; i++) {
            p->data[off + i] = (uint8_t)rnd();
        }
        memcpy(p->ref, p->data, sizeof(p->ref));
        p->ref_tag = p->tag;
        p->ref_valid = 1;
        p->ref_converted = 0;
    }
}

static void reg_op(unsigned long op)
{
    unsigned pas = below(4);
    uint64_t off = below(8) ? offsets[below(sizeof(offsets) /
                                            sizeof(offsets[0]))]
                            : rnd() & (below(2) ? 0xfff : UINT64_MAX);
    uint32_t val = below(2) ? values[below(sizeof(values) /
                                          sizeof(values[0]))]
                            : (uint32_t)rnd();
    MpeCore before = core;
    MpeRegResult r;

    if (below(2)) {
        uint32_t got;

        r = mpe_regs_read(&regs, off, pas, &got);
        if (r == MPE_REG_REFUSED && got != 0) {
            fuzz_fail(op, "a refused read returned data");
        }
        if (off == MPE_CTRL && r == MPE_REG_OK &&
            (!!(got & MPE_CTRL_EN) != core.enabled ||
             !!(got & MPE_CTRL_IGNORE_MECID) != core.ignore_mecid)) {
            fuzz_fail(op, "MPE_CTRL does not read back the engine's state");
        }
    } else {
        r = mpe_regs_write(&regs, off, pas, val);
        if (r == MPE_REG_OK_FLUSH) {
            /* a key may have changed: old data no longer has to read back */
            for (unsigned i = 0; i < NPAGES; i++) {
                pages[i].ref_valid = 0;
            }
        }
    }
    if (pas != RME_SS_ROOT &&
        (r != MPE_REG_REFUSED || memcmp(&before, &core, sizeof(core)))) {
        fuzz_fail(op, "an access from outside the Root PA space was not "
                      "refused or changed the engine");
    }
}

static int run(unsigned n, uint64_t seed, unsigned long ops)
{
    unsigned long before = fuzz_failures, rt = roundtrips;

    fuzz_seed(seed);
    mpe_init(&core, rnd());
    core.block_bits = MPE_MIN_BLOCK_BITS +
                      below(MPE_MAX_BLOCK_BITS - MPE_MIN_BLOCK_BITS + 1);
    core.mecid_bits = 1 + below(MPE_MAX_MECID_BITS);
    core.strategy = below(2) ? MPE_XOR : MPE_SCRAMBLE;
    mpe_regs_init(&regs, &core);
    for (unsigned i = 0; i < NPAGES; i++) {
        for (unsigned j = 0; j < MPE_PAGE_SIZE; j++) {
            pages[i].data[j] = (uint8_t)rnd();
        }
        pages[i].tag = MPE_TAG_PLAIN;
        pages[i].ref_valid = 0;
    }
    for (unsigned long op = 0; op < ops; op++) {
        if (below(2)) {
            reg_op(op);
        } else {
            access_page(op);
        }
    }
    /* a run whose read-back checks never followed a conversion proves
     * nothing about conversions */
    if (roundtrips == rt) {
        fuzz_fail(ops, "no data read back after a round trip through another "
                       "context");
    }
    printf("%s %u - seed 0x%" PRIx64 ": %lu operations, block %u bytes, "
           "%u-bit MECIDs, %s, %lu round trips read back\n",
           fuzz_failures == before ? "ok" : "not ok", n, seed, ops,
           1u << core.block_bits, core.mecid_bits,
           core.strategy == MPE_XOR ? "xor" : "scramble", roundtrips - rt);
    return fuzz_failures == before;
}

int main(int argc, char **argv)
{
    return fuzz_main(argc, argv, 100000, 0x4d4543, 4, run, &fuzz_failures);
}
