/*
 * mmu.h - small translation tables for tests that need a stage of
 * translation: EL1&0 and EL2 stage 1, EL3 stage 1, EL1&0 stage 2.
 *
 * Format: VMSAv8-64, 4KB granule, 39-bit input addresses (T0SZ = 25), so
 * walks start at level 1 (Arm ARM DDI0487 D8.2, D8.3); the TTBR1_EL1
 * range is 48 bits (T1SZ = 16), so its walks start at level 0.  mmu_init()
 * identity-maps the harness with level 1 Block descriptors (1GB): the
 * 1GB that holds the UART as Device-nGnRnE and the DRAM as Normal
 * Non-cacheable, readable, writable and executable, so code, stacks and
 * harness data work unchanged with the MMU on.  Tests add 4KB pages with
 * mmu_map() at other addresses (e.g. MMU_TEST_VA), which creates level 2
 * and level 3 tables; mmu_table_pa() says where a table is, so that a
 * test can put it in a granule of its choice (or deny its GPI).
 *
 * Tables come from the board's scratch RAM, one per 64KB (so each table
 * has a granule of its own for every GPCCR_EL3.PGS); the allocator is
 * reset before every test.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

enum mmu_regime {
    MMU_EL1,        /* EL1&0 stage 1 (TTBR0_EL1, and TTBR1_EL1 for high VAs) */
    MMU_EL2,        /* EL2 stage 1, HCR_EL2.E2H = 0 */
    MMU_EL3,        /* EL3 stage 1 */
    MMU_S2,         /* EL1&0 stage 2 (VTTBR_EL2) */
};

/* mmu_map() attributes. */
#define MMU_DEVICE      (1U << 0)   /* Device-nGnRnE, else Normal NC */
#define MMU_RO          (1U << 1)   /* read-only, else read/write */
#define MMU_XN          (1U << 2)   /* execute-never */
#define MMU_NS          (1U << 3)   /* stage 1 NS (bit 5); Realm stage 2 NS (bit 55) */
#define MMU_NSE         (1U << 4)   /* EL3 stage 1 NSE (bit 11) */
#define MMU_NSTABLE     (1U << 5)   /* mmu_map(): see MMU_NSTABLE_AT() */
/* EL3 output PA space, D8.4.6 R_XTYPW (Table D8-88). */
#define MMU_PAS_SECURE  0U
#define MMU_PAS_NONSECURE MMU_NS
#define MMU_PAS_ROOT    MMU_NSE
#define MMU_PAS_REALM   (MMU_NSE | MMU_NS)

/* A VA (or IPA) no identity mapping uses: 64GB, level 1 index 64. */
#define MMU_TEST_VA     0x1000000000UL
/* The base of the TTBR1_EL1 range with T1SZ = 16 (walks from level 0). */
#define MMU_TTBR1_VA    0xffff000000000000UL

struct mmu {
    enum mmu_regime regime;
    uint64_t *root;         /* level 1 table (TTBR0_ELx / VTTBR_EL2) */
    uint64_t *root1;        /* TTBR1_EL1 level 0 table, or NULL */
};

/* Empty tables plus the identity map of the harness. */
void mmu_init(struct mmu *m, enum mmu_regime regime);
/*
 * Map one 4KB page va -> pa.  With MMU_NSTABLE_AT(level) in attrs, the
 * Table descriptor it creates at that level gets NSTable = 1 (for a
 * Secure walk, the next-level tables and the output are then in the
 * Non-secure PA space, D8.4.6.1); attrs otherwise apply to the Page
 * descriptor.
 */
#define MMU_NSTABLE_AT(level)   (MMU_NSTABLE | ((unsigned int)(level) << 8))
void mmu_map(struct mmu *m, uint64_t va, uint64_t pa, unsigned int attrs);
/* PA of the level (0-3) table a walk for va reads (0 if none). */
uint64_t mmu_table_pa(const struct mmu *m, uint64_t va, unsigned int level);
/* Address of the level (0-3) descriptor for va (NULL if none). */
uint64_t *mmu_desc(const struct mmu *m, uint64_t va, unsigned int level);

/*
 * run_at() with translation on: s1 (MMU_EL1 or MMU_EL2, matching el) may
 * be NULL for stage 1 off; s2 (MMU_S2) may be NULL for no stage 2, and
 * needs el == 1 (it sets HCR_EL2.VM).  For the Secure world s2 serves
 * both IPA spaces: VSTTBR_EL2 (Secure IPAs to the Secure PA space) and
 * VTTBR_EL2 with VTCR_EL2.{NSA,NSW} = 1 (Non-secure IPAs to Non-secure).  TLBs of the target world are
 * invalidated first; the MMU is turned on by the first instructions at
 * the lower EL and off again before it returns.
 */
uint64_t mmu_run_at(enum world w, unsigned int el, const struct mmu *s1,
                    const struct mmu *s2, lower_fn fn, uint64_t arg);

/*
 * mmu_run_at() expecting one exception: arms the catcher, runs, disarms.
 * The result is in exc_rec (exc_rec.taken == 0 if nothing was taken).
 */
void mmu_run_at_expecting(enum world w, unsigned int el, const struct mmu *s1,
                          const struct mmu *s2, lower_fn fn, uint64_t arg);

/* EL3 stage 1 on/off (TLBI ALLE3 each time).  Reset after every test. */
void mmu_el3_on(const struct mmu *m);
/*
 * From EL3: MAIR_EL2, TCR_EL2, TTBR0_EL2 for m (MMU_EL2), so that a
 * run_at() at EL2 with run_at_set_sctlr_el2_extra(SCTLR_M) starts with
 * this stage 1 on (TLBI for that world with mmu_tlbi_world()).
 */
void mmu_el2_preload(const struct mmu *m);
void mmu_el3_off(void);

/* TLBI ALLE1 + ALLE2 for the world's Security state, from EL3. */
void mmu_tlbi_world(enum world w);

/*
 * Two lower-EL sides in different worlds that yield to each other through
 * EL3, as a firmware world switch does: hsmc_yield() from one side makes
 * EL3 save its general-purpose registers, ELR/SPSR_EL3 and EL1/EL2 system
 * registers, restore the other side's, and return to it with SCR_EL3
 * selecting its Security state.  EL3 does no TLB maintenance.  Side a
 * starts like mmu_run_at(); side b starts at its first hsmc_yield() with
 * its own stage 1 on (s1 must match el; no stage 2) and must never return.
 * hook, if not NULL, runs at EL3 at every switch, before the registers of
 * side `to` (0 = a, 1 = b) are restored; n counts switches from 0.
 * Returns a->fn's result.
 */
struct mmu_side {
    enum world w;
    unsigned int el;
    const struct mmu *s1;
    lower_fn fn;
    uint64_t arg;
};
uint64_t mmu_run_pingpong(const struct mmu_side *a, const struct mmu_side *b,
                          void (*hook)(unsigned int to, unsigned int n));
/* Switches the last mmu_run_pingpong() made. */
unsigned int mmu_pingpong_switches(void);
/* Lower EL, in mmu_run_pingpong(): switch to the other side. */
uint64_t hsmc_yield(void);

/*
 * CPU 1 only (smp_cpu1_start()): run fn(arg) at EL el (1 or 2) of world
 * w with stage 1 s1 (MMU_EL1 or MMU_EL2) on from the first instruction;
 * EL3 writes the EL1/EL2 registers for it and does no TLB maintenance.
 * Returns fn's result, (1 << 63) | ESR_ELx if that EL took an exception,
 * or ~0 if s1 does not match el.
 */
uint64_t mmu_cpu1_run(enum world w, unsigned int el, const struct mmu *s1,
                      lower_fn fn, uint64_t arg);

/* Harness hook: reset the table allocator. */
void mmu_reset(void);

#endif /* GUEST_MMU_H */
