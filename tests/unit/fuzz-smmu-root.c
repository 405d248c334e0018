/*
 * Register-level fuzz target of the SMMUv3 Root control page and the
 * SMMU's granule protection check (hw/arm/smmu-root-regs.c over the
 * reference GPT walker), built with AddressSanitizer and UBSan and run by
 * make check.
 *
 *   fuzz-smmu-root [-runs=N] [-seed=S]
 *
 * Random sequences of 8-, 16-, 32- and 64-bit register reads and writes
 * from every PA space at any offset (mostly the page's registers, also
 * misaligned and far outside it) with random and boundary values,
 * interleaved with what DMA does to it: granule protection checks of
 * random addresses in random PA spaces for every kind of SMMU access,
 * against a GPT in memory whose entries are rewritten at random (valid,
 * invalid and reserved encodings, table pointers anywhere), with fetches
 * that sometimes abort.  Besides the sanitizers it checks, per operation
 * (IHI0070 G.b):
 *  - an access that is not Root is RAZ/WI and changes nothing (6.3.110);
 *  - CR0ACK equals CR0 and both hold only ACCESSEN and GPCEN (6.3.112);
 *  - GPT_BASE and GPT_BASE_CFG do not change while GPCEN is set and hold
 *    no RES0 bit (6.3.114/115);
 *  - a FAR with FAULT = 0 is all zero, and an active FAR never changes
 *    except by the write that clears it (3.25.5, 6.3.116/117);
 *  - with ACCESSEN = 0 every check fails without reading the GPT, with
 *    GPCEN = 0 every check passes without reading it (6.3.112);
 *  - a failed check whose FAR was free records it: GPF_FAR for a GPF,
 *    GPT_CFG_FAR for a lookup error, with FPAS and FADDR of the access.
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

#include "smmu-root-regs.h"

/* A small physical memory for the GPT: 64 KiB at GPT_MEM */
#define GPT_MEM         0x40000000ull
#define GPT_MEM_WORDS   8192

static uint64_t mem[GPT_MEM_WORDS];
static unsigned abort_one_in;       /* 0: no fetch aborts */
static unsigned long fetches;
static SmmuRootRegs regs;
static unsigned long passes;     /* checks the GPT let through */

static bool read64(void *opaque, uint64_t pa, uint64_t *val)
{
    (void)opaque;
    fetches++;
    if (abort_one_in && below(abort_one_in) == 0) {
        return false;
    }
    if (pa >= GPT_MEM && pa < GPT_MEM + sizeof(mem)) {
        *val = mem[(pa - GPT_MEM) / 8];
    } else {
        *val = rnd();           /* anything: the walker must cope */
    }
    return true;
}

static uint64_t descriptor(void)
{
    switch (below(6)) {
    case 0:         /* level 0 Block with any GPI */
        return (rnd() & 0xf0) | GPT_L0_TYPE_BLOCK;
    case 1:         /* level 0 Table into the GPT memory */
        return ((GPT_MEM + (rnd() % sizeof(mem))) & ~0xfffull) |
               GPT_L0_TYPE_TABLE;
    case 2:         /* a Table anywhere */
        return (rnd() & ~0xfffull) | GPT_L0_TYPE_TABLE;
    case 3:         /* a level 1 Granules descriptor of valid GPIs */
        return 0x9999999999999999ull ^ (rnd() & 0x2222222222222222ull);
    default:
        return rnd();
    }
}

static const uint64_t offsets[] = {
    SMMU_ROOT_IDR0, SMMU_ROOT_IIDR, SMMU_ROOT_CR0, SMMU_ROOT_CR0ACK,
    SMMU_ROOT_GPT_BASE, SMMU_ROOT_GPT_BASE + 4, SMMU_ROOT_GPT_BASE_CFG,
    SMMU_ROOT_GPT_BASE_CFG + 4, SMMU_ROOT_GPF_FAR, SMMU_ROOT_GPF_FAR + 4,
    SMMU_ROOT_GPT_CFG_FAR, SMMU_ROOT_GPT_CFG_FAR + 4, SMMU_ROOT_TLBI,
    SMMU_ROOT_TLBI + 4, SMMU_ROOT_TLBI_CTRL,
};

static uint64_t value(void)
{
    static const uint64_t v[] = {
        0, 1, 2, 3, 0xffffffff, ~0ull, 0x3500, 0x13500, 0xf0ff07,
        GPT_MEM, GPT_MEM | 0xfff, 0x100000000ull,
    };

    return below(2) ? v[below(sizeof(v) / sizeof(v[0]))] : rnd();
}

static void check_invariants(unsigned long op)
{
    if (regs.cr0 != regs.cr0ack || regs.cr0 & ~SMMU_ROOT_CR0_MASK) {
        fuzz_fail(op, "CR0/CR0ACK out of step or with RES0 bits");
    }
    if (regs.gpt_base_cfg & ~SMMU_ROOT_GPT_BASE_CFG_MASK ||
        regs.gpt_base & ~SMMU_ROOT_GPT_BASE_MASK) {
        fuzz_fail(op, "RES0 bits stored in GPT_BASE or GPT_BASE_CFG");
    }
    if ((!(regs.gpf_far & SMMU_ROOT_FAR_FAULT) && regs.gpf_far) ||
        (!(regs.gpt_cfg_far & SMMU_ROOT_FAR_FAULT) && regs.gpt_cfg_far)) {
        fuzz_fail(op, "an inactive FAR is not zero");
    }
}

static void reg_op(unsigned long op)
{
    static const unsigned sizes[] = { 4, 4, 8, 8, 1, 2 };
    unsigned pas = below(4), size = sizes[below(6)];
    uint64_t off = below(8) ? offsets[below(sizeof(offsets) /
                                            sizeof(offsets[0]))]
                            : rnd() & (below(2) ? 0xffff : UINT64_MAX);
    SmmuRootRegs before = regs;
    SmmuRootRegResult r;
    uint64_t v = value();

    if (below(2)) {
        uint64_t got;

        r = smmu_root_read(&regs, off, size, pas, &got);
        if (r != SMMU_ROOT_REG_OK && got != 0) {
            fuzz_fail(op, "a read that reaches no register returned data");
        }
        if (size == 4 && r == SMMU_ROOT_REG_OK && got >> 32) {
            fuzz_fail(op, "a 32-bit read returned more than 32 bits");
        }
        if (memcmp(&before, &regs, sizeof(regs))) {
            fuzz_fail(op, "a read changed the registers");
        }
    } else {
        r = smmu_root_write(&regs, off, size, pas, v);
        if (before.gpf_far & SMMU_ROOT_FAR_FAULT &&
            regs.gpf_far != before.gpf_far && regs.gpf_far != 0) {
            fuzz_fail(op, "a write changed an active GPF_FAR other than "
                          "clearing it");
        }
        if ((before.cr0 | before.cr0ack) & SMMU_ROOT_CR0_GPCEN &&
            (regs.gpt_base != before.gpt_base ||
             regs.gpt_base_cfg != before.gpt_base_cfg)) {
            fuzz_fail(op, "GPT_BASE or GPT_BASE_CFG changed while GPCEN");
        }
    }
    if (pas != RME_SS_ROOT &&
        (r != SMMU_ROOT_REG_NOT_ROOT || memcmp(&before, &regs,
                                               sizeof(regs)))) {
        fuzz_fail(op, "an access that is not Root was not RAZ/WI");
    }
    check_invariants(op);
}

static void gpc_op(unsigned long op)
{
    SmmuRootRegs before = regs;
    uint64_t pa = below(2) ? GPT_MEM - 0x40000000ull + (rnd() & 0x7fffffff)
                           : rnd() >> below(64);
    unsigned pas = below(4), ss = below(4);
    SmmuGpcAccess kind = (SmmuGpcAccess)below(SMMU_GPC_NKINDS);
    unsigned long f = fetches;
    SmmuGpcOutcome o;
    uint64_t *far;

    o = smmu_root_gpc(&regs, pa, pas, ss, kind, read64, NULL);
    passes += o.pass && o.checked;
    if (!(before.cr0ack & SMMU_ROOT_CR0_ACCESSEN)) {
        if (o.pass || !o.access_disabled || fetches != f) {
            fuzz_fail(op, "ACCESSEN = 0 let an access through or walked");
        }
    } else if (!(before.cr0ack & SMMU_ROOT_CR0_GPCEN)) {
        if (!o.pass || fetches != f) {
            fuzz_fail(op, "GPCEN = 0 checked an access");
        }
    }
    if (o.pass) {
        if (regs.gpf_far != before.gpf_far ||
            regs.gpt_cfg_far != before.gpt_cfg_far) {
            fuzz_fail(op, "an access that passed recorded a fault");
        }
    } else {
        far = o.cfg_error ? &regs.gpt_cfg_far : &regs.gpf_far;
        if (o.recorded != !((o.cfg_error ? before.gpt_cfg_far :
                             before.gpf_far) & SMMU_ROOT_FAR_FAULT)) {
            fuzz_fail(op, "a fault was recorded over an active one, or not "
                          "recorded in a free FAR");
        }
        if (o.recorded &&
            ((*far >> SMMU_ROOT_FAR_FPAS_SHIFT) != pas ||
             (*far & SMMU_ROOT_FAR_FADDR_MASK) !=
             (pa & SMMU_ROOT_FAR_FADDR_MASK))) {
            fuzz_fail(op, "the FAR does not name the failed access");
        }
        if (!o.recorded && regs.gpf_far != before.gpf_far) {
            fuzz_fail(op, "an active GPF_FAR changed");
        }
    }
    check_invariants(op);
}

static void mem_op(void)
{
    mem[below(GPT_MEM_WORDS)] = descriptor();
}

static int run(unsigned n, uint64_t seed, unsigned long ops)
{
    unsigned long before = fuzz_failures, checked = 0, p0 = passes;

    fuzz_seed(seed);
    memset(&regs, 0, sizeof(regs));
    regs.idr0 = SMMU_ROOT_IDR0_ROOT_IMPL |
                (below(2) ? SMMU_ROOT_IDR0_BGPTM | SMMU_ROOT_IDR0_RGPTM :
                            SMMU_ROOT_IDR0_BGPTM);
    regs.iidr = SMMU_ROOT_IIDR_FVP;
    regs.oas_bits = (unsigned[]){ 32, 36, 40, 42, 44, 48, 52 }[below(7)];
    regs.l0gptsz_bits = (unsigned[]){ 30, 34, 36, 39 }[below(4)];
    regs.pgs_reserved = below(4) ? 0 : (unsigned)rnd() & 7;
    regs.feat_sel2 = below(2);
    regs.accessen_at_reset = below(2);
    smmu_root_reset(&regs);
    abort_one_in = below(2) ? 0 : 16 + below(1000);
    for (unsigned i = 0; i < GPT_MEM_WORDS; i++) {
        mem[i] = descriptor();
    }
    for (unsigned long op = 0; op < ops; op++) {
        unsigned k = below(8);

        if (k < 3) {
            reg_op(op);
        } else if (k < 7) {
            gpc_op(op);
        } else {
            mem_op();
        }
        if (below(64) == 0) {
            /* what firmware does: a plausible configuration, then on */
            smmu_root_write(&regs, SMMU_ROOT_CR0, 4, RME_SS_ROOT, 0);
            smmu_root_write(&regs, SMMU_ROOT_GPT_BASE_CFG, 4, RME_SS_ROOT,
                            0x3500 | below(8));
            smmu_root_write(&regs, SMMU_ROOT_GPT_BASE, 8, RME_SS_ROOT,
                            GPT_MEM);
            smmu_root_write(&regs, SMMU_ROOT_CR0, 4, RME_SS_ROOT, 3);
        }
    }
    checked = regs.stats.checks;
    /* a run in which the GPT never let an access through proves nothing
     * about accesses that pass */
    if (passes == p0) {
        fuzz_fail(ops, "no checked access passed");
    }
    printf("%s %u - seed 0x%" PRIx64 ": %lu operations, OAS %u, L0GPTSZ "
           "%u, %lu GPT walks: %lu passed, %" PRIu64 " GPFs, %" PRIu64
           " lookup errors\n", fuzz_failures == before ? "ok" : "not ok",
           n, seed, ops, regs.oas_bits, regs.l0gptsz_bits, checked,
           passes - p0, regs.stats.gpfs, regs.stats.cfg_errors);
    return fuzz_failures == before;
}

int main(int argc, char **argv)
{
    return fuzz_main(argc, argv, 200000, 0x534d4d55, 4, run, &fuzz_failures);
}
