/*
 * common.h - helpers shared by the RME conformance tests in tests/:
 * scratch granules, single accesses of each kind from any world and EL,
 * and checks of the exception they raised.
 */
#ifndef GUEST_TESTS_COMMON_H
#define GUEST_TESTS_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "board.h"
#include "gpt-table.h"
#include "harness.h"
#include "sysreg.h"

/*
 * Scratch page i: 4KB at a 64KB stride in the board's scratch RAM, so each
 * is alone in its granule and in its level 1 Granules descriptor for PGS =
 * 4KB, and alone in its granule for every PGS.
 */
#define SCRATCH_STRIDE      0x10000UL
#define SCRATCH_PAGES       1024
static inline uintptr_t scratch_page(unsigned int i)
{
    return (uintptr_t)BOARD_SCRATCH_BASE + i * SCRATCH_STRIDE;
}

/*
 * A deterministic pseudo-random sequence for the fuzz tests (xorshift64*):
 * each test keeps its own state, so a test's sequence does not depend on
 * which tests ran before it.
 */
static inline uint64_t test_rand(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545f4914f6cdd1dUL;
}

/* Kinds of access a test makes. */
enum acc { ACC_READ, ACC_WRITE, ACC_FETCH };

/* A requester: a Security state and an Exception level (Root = EL3). */
struct who {
    enum world w;
    unsigned int el;
};
/* Every (world, EL) the harness can run: S/NS/Realm EL2 and EL1, Root EL3. */
extern const struct who all_requesters[7];
const char *acc_name(enum acc a);

/*
 * Make pa executable by writing "RET" to it (from EL3, Root PA space,
 * which must be permitted) and invalidating the instruction cache.
 */
void plant_ret(uintptr_t pa);

/*
 * One access of kind a to addr by requester r (EL3 runs it directly),
 * with the catcher armed; returns whether an exception was taken (then
 * exc_rec describes it).  A fetch branches to addr (see plant_ret()).
 */
bool access_by(struct who r, enum acc a, uint64_t addr);
/* The function run_at() uses for access_by(); arg = addr. */
uint64_t lower_read(uint64_t addr);
uint64_t lower_write(uint64_t addr);
uint64_t lower_fetch(uint64_t addr);

/* GPI own PA space of a world (the PAS it uses with translation off). */
unsigned int world_gpi(enum world w);
/* MFAR_EL3.{NSE,NS} for the PA space of a world (D24.2.136). */
uint64_t mfar_pas_bits(enum world w);

/*
 * Checks of exc_rec after an access; each records failures with the
 * caller's location and returns true if everything matched.
 *   expect_none: no exception.
 *   expect_gpc: a GPC exception at EL3 (EC 0x1E) with this GPCSC.
 *   expect_gpf_abort: a Data/Instruction Abort with FSC 0b101000 taken
 *     to el (EC for same or lower EL chosen from exc_rec.from_el).
 */
#define expect_none()           expect_none_(__FILE__, __LINE__)
#define expect_gpc(gpcsc)       expect_gpc_(__FILE__, __LINE__, (gpcsc))
#define expect_gpf_abort(el, fetch) \
    expect_gpf_abort_(__FILE__, __LINE__, (el), (fetch))
bool expect_none_(const char *file, int line);
bool expect_gpc_(const char *file, int line, unsigned int gpcsc);
bool expect_gpf_abort_(const char *file, int line, unsigned int el,
                       bool fetch);

/* Silent forms: does exc_rec show this GPC exception / no exception? */
bool is_gpc(unsigned int gpcsc);

/* Is this exc_rec a GPC exception or a GPF abort (any GPC fault)? */
bool exc_is_gpc_fault(void);

/*
 * Silent checks of exc_rec after access_by(r, a, addr), translation off,
 * SCR_EL3.GPF = 1 (R_PYTGX, R_FXMGJ):
 *   is_gpf_from: a Granule protection fault at GPT level `level` - from a
 *     lower EL a GPC exception with GPCSC 0b00110<level>, InD for a
 *     fetch, WnR for a write, FAR = addr and MFAR_EL3 = addr in r's PA
 *     space; from EL3 an Instruction/Data Abort at EL3 with FSC 0b101000
 *     and FAR = addr.
 *   is_walk_fault_from: a GPT walk fault at `level` (a GPC exception to
 *     EL3 whatever the EL, GPCSC 0b00010<level>) taken from r's EL.
 */
bool is_gpf_from(struct who r, enum acc a, uint64_t addr, unsigned int level);
bool is_walk_fault_from(struct who r, unsigned int level);
/* "no exception" or "EL<n> from EL<m> ESR ... FAR ... MFAR ...", newline. */
void print_exc(void);

/* FEAT_RME_GPC2 (ID_AA64PFR0_EL1.RME >= 2): SPAD/NSPAD/RLPAD, NSO, APPSAA. */
bool have_gpc2(void);
/*
 * FEAT_RME_GPC3 (ID_AA64PFR0_EL1.RME >= 3): GPCBW_EL3 bypass windows,
 * GPCCR_EL3.{GPCBW, PPS3}, GPTBR_EL3.BADDR[43:0].
 */
bool have_gpc3(void);
/*
 * FEAT_RME_GDI (ID_AA64MMFR4_EL1.RMEGDI != 0): GPIs 0b0100-0b0111 with
 * GPCCR_EL3.{SA, NSP, NA6, NA7}, level 1 entries checked in pairs.
 */
bool have_gdi(void);

/*
 * Build a GPT whose level 0 table has more than one entry: the smallest
 * PPS with 2^PPS > 2^s (L0GPTSZ) that the PE supports, PGS = 4KB.  Returns
 * the PA of the level 0 region just above the level 1 region (nothing of
 * the harness is there, so tests may rewrite its level 0 descriptor), or
 * skips the test when no such PPS exists.
 */
uint64_t l0_test_layout(void);
/* The same, but 0 (and some GPT layout) where there is no such region. */
uint64_t l0_find_layout(void);

/* GPCCR_EL3 with GPC set, from the current gpt_info() layout. */
uint64_t gpccr_on(void);
/* Write GPCCR_EL3 (with an ISB). */
void gpccr_write(uint64_t v);

#endif /* GUEST_TESTS_COMMON_H */
