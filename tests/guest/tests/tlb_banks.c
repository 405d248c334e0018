/*
 * tlb_banks.c - TLB entries belong to the Security state that made them.
 *
 * Arm ARM DDI0487 D8.17 R_NWYRD: "Entries held in a TLB are distinguished
 * by ... the Security state", so a world switch through EL3 (a change of
 * SCR_EL3.{NSE,NS}) needs no TLB maintenance: each world keeps reading
 * through its own translations.  And TLB maintenance reaches the entries
 * of the Security state it targets (D8.17.5.4): a TLBI executed at EL3 for
 * the EL1&0 or EL2 regime applies to "the Security state specified by the
 * Effective value of SCR_EL3.{NSE, NS}", even while that world is not
 * running.
 *
 * Each test runs two lower-EL sides in different worlds that yield to
 * each other through EL3 the way firmware switches worlds
 * (mmu_run_pingpong(): EL3 saves and restores the GPRs and the EL1/EL2
 * system registers, and does no TLB maintenance).  Both sides map the same
 * VA to different PAs.
 */
#include "common.h"
#include "mmu.h"
#include "sysreg.h"

#define ROUNDS  64

/* What a side reads; in the image, seen by every world. */
struct side {
    uint64_t va;
    unsigned int pages;         /* read at va, va + 4KB, ... */
    volatile uint64_t expect;   /* their sum; EL3 may change it */
    volatile uint64_t bad, seen, last;
    unsigned int rounds;        /* side a only */
};

static struct side sa, sb;

static uint64_t pa_of(unsigned int i)
{
    return scratch_page(400 + i);
}

static bool side_read(struct side *s)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < s->pages; i++) {
        v += *(volatile uint64_t *)(s->va + i * 0x1000UL);
    }
    s->last = v;
    s->seen++;
    if (v != s->expect) {
        s->bad++;
        return false;
    }
    return true;
}

static uint64_t side_a_fn(uint64_t arg)
{
    struct side *s = (struct side *)arg;

    for (unsigned int i = 0; i < s->rounds; i++) {
        side_read(s);
        hsmc_yield();
    }
    return side_read(s) ? 0 : 1;
}

static uint64_t side_b_fn(uint64_t arg)
{
    struct side *s = (struct side *)arg;

    for (;;) {
        side_read(s);
        hsmc_yield();
    }
    return 0;
}

/* Map MMU_TEST_VA.. to pages pages at pa, each holding val ^ (i << 20). */
static void side_init_pages(struct side *s, struct mmu *m, enum mmu_regime r,
                            uint64_t pa, unsigned int pages, uint64_t val)
{
    mmu_init(m, r);
    s->expect = 0;
    for (unsigned int i = 0; i < pages; i++) {
        uint64_t v = val ^ ((uint64_t)i << 20);

        mmu_map(m, MMU_TEST_VA + i * 0x1000UL, pa + i * 0x1000UL, 0);
        *(volatile uint64_t *)(pa + i * 0x1000UL) = v;
        s->expect += v;
    }
    s->va = MMU_TEST_VA;
    s->pages = pages;
    s->bad = s->seen = s->last = 0;
    s->rounds = ROUNDS;
}

static void side_init(struct side *s, struct mmu *m, enum mmu_regime r,
                      uint64_t pa, uint64_t val)
{
    side_init_pages(s, m, r, pa, 1, val);
}

static void world_pair(enum world wa, unsigned int ela,
                       enum world wb, unsigned int elb)
{
    static struct mmu ma, mb;
    struct mmu_side a = { wa, ela, &ma, side_a_fn, (uintptr_t)&sa };
    struct mmu_side b = { wb, elb, &mb, side_b_fn, (uintptr_t)&sb };
    uint64_t r;

    if ((wa == WORLD_REALM || wb == WORLD_REALM) && !cpu_has_rme()) {
        SKIP("no FEAT_RME: no Realm world");
    }
    if (((wa == WORLD_SECURE && ela == 2) ||
         (wb == WORLD_SECURE && elb == 2)) && !cpu_has_sel2()) {
        SKIP("no FEAT_SEL2: no Secure EL2");
    }
    side_init(&sa, &ma, ela == 1 ? MMU_EL1 : MMU_EL2, pa_of(0),
              0xa0a0a0a000000000UL | wa);
    side_init(&sb, &mb, elb == 1 ? MMU_EL1 : MMU_EL2, pa_of(1),
              0xb0b0b0b000000000UL | wb);
    dsb_sy();

    r = mmu_run_pingpong(&a, &b, NULL);

    EXPECT_EQ(r, 0);
    EXPECT_EQ(sa.bad, 0);
    EXPECT_EQ(sb.bad, 0);
    EXPECT_EQ(sa.seen, ROUNDS + 1);
    EXPECT_EQ(sb.seen, ROUNDS);
    EXPECT_EQ(mmu_pingpong_switches(), 2 * ROUNDS);
    if (sa.bad || sb.bad) {
        printf("    %s EL%u read 0x%lx, %s EL%u read 0x%lx\n",
               world_name(wa), ela, sa.last, world_name(wb), elb, sb.last);
    }
}

/* R_NWYRD: the same VA, two worlds, 128 world switches, no TLBI. */
TEST(tlbbank_pair_ns_el1_realm_el1)
{
    world_pair(WORLD_NONSECURE, 1, WORLD_REALM, 1);
}

TEST(tlbbank_pair_ns_el1_secure_el1)
{
    world_pair(WORLD_NONSECURE, 1, WORLD_SECURE, 1);
}

TEST(tlbbank_pair_realm_el1_secure_el1)
{
    world_pair(WORLD_REALM, 1, WORLD_SECURE, 1);
}

/* The EL2 regime: a host at NS-EL2 and an RMM at R-EL2. */
TEST(tlbbank_pair_ns_el2_realm_el2)
{
    world_pair(WORLD_NONSECURE, 2, WORLD_REALM, 2);
}

TEST(tlbbank_pair_ns_el2_secure_el2)
{
    world_pair(WORLD_NONSECURE, 2, WORLD_SECURE, 2);
}

/* A host at NS-EL2 and a Realm at R-EL1, as for a Realm VM. */
TEST(tlbbank_pair_ns_el2_realm_el1)
{
    world_pair(WORLD_NONSECURE, 2, WORLD_REALM, 1);
}

/*
 * A PTE change made by a world and invalidated by that world's own TLBI is
 * seen by it (D8.17.6), whatever the other world does meanwhile.  Side a
 * remaps its VA to a second page half way, with the TLBI of `op`.
 */
enum own_tlbi { OWN_VAE1, OWN_ASIDE1, OWN_VMALLE1, OWN_VAE2, OWN_ALLE2 };
static enum own_tlbi own_op;
static uint64_t own_pa2;
static uint64_t *own_pte;

static uint64_t side_a_remap_fn(uint64_t arg)
{
    struct side *s = (struct side *)arg;
    unsigned int fails = 0;

    for (unsigned int i = 0; i < s->rounds; i++) {
        if (i == s->rounds / 2) {
            *own_pte = (*own_pte & ~0x0000fffffffff000UL) | own_pa2;
            s->expect = *(volatile uint64_t *)own_pa2;
            switch (own_op) {
            case OWN_VAE1:
                __asm__ volatile("dsb sy\n\ttlbi vae1, %0\n\tdsb sy\n\tisb"
                                 : : "r"(s->va >> 12) : "memory");
                break;
            case OWN_ASIDE1:    /* ASID 0: TTBR0_EL1.ASID is 0 */
                __asm__ volatile("dsb sy\n\ttlbi aside1, %0\n\tdsb sy\n\tisb"
                                 : : "r"(0UL) : "memory");
                break;
            case OWN_VMALLE1:
                __asm__ volatile("dsb sy\n\ttlbi vmalle1\n\tdsb sy\n\tisb"
                                 : : : "memory");
                break;
            case OWN_VAE2:
                __asm__ volatile("dsb sy\n\ttlbi vae2, %0\n\tdsb sy\n\tisb"
                                 : : "r"(s->va >> 12) : "memory");
                break;
            case OWN_ALLE2:
                __asm__ volatile("dsb sy\n\ttlbi alle2\n\tdsb sy\n\tisb"
                                 : : : "memory");
                break;
            }
        }
        fails += !side_read(s);
        hsmc_yield();
    }
    return fails;
}

static void own_tlbi(enum own_tlbi op, unsigned int el)
{
    static struct mmu ma, mb;
    struct mmu_side a = { WORLD_REALM, el, &ma, side_a_remap_fn,
                          (uintptr_t)&sa };
    struct mmu_side b = { WORLD_NONSECURE, el, &mb, side_b_fn,
                          (uintptr_t)&sb };

    if (!cpu_has_rme()) {
        SKIP("no FEAT_RME: no Realm world");
    }
    own_op = op;
    own_pa2 = pa_of(2);
    *(volatile uint64_t *)own_pa2 = 0xa2a2a2a2a2a2a2a2UL;
    side_init(&sa, &ma, el == 1 ? MMU_EL1 : MMU_EL2, pa_of(0),
              0xa1a1a1a1a1a1a1a1UL);
    side_init(&sb, &mb, el == 1 ? MMU_EL1 : MMU_EL2, pa_of(1),
              0xb1b1b1b1b1b1b1b1UL);
    own_pte = mmu_desc(&ma, MMU_TEST_VA, 3);
    dsb_sy();

    EXPECT_EQ(mmu_run_pingpong(&a, &b, NULL), 0);
    EXPECT_EQ(sa.bad, 0);
    EXPECT_EQ(sb.bad, 0);
    EXPECT_EQ(sb.seen, ROUNDS);
}

TEST(tlbbank_own_tlbi_vae1)
{
    own_tlbi(OWN_VAE1, 1);
}

TEST(tlbbank_own_tlbi_aside1)
{
    own_tlbi(OWN_ASIDE1, 1);
}

TEST(tlbbank_own_tlbi_vmalle1)
{
    own_tlbi(OWN_VMALLE1, 1);
}

TEST(tlbbank_own_tlbi_vae2)
{
    own_tlbi(OWN_VAE2, 2);
}

TEST(tlbbank_own_tlbi_alle2)
{
    own_tlbi(OWN_ALLE2, 2);
}

/*
 * D8.17.5.4: TLBI ALLE1 / ALLE2 executed at EL3 apply to "the Security
 * state specified by the Effective value of SCR_EL3.{NSE, NS}".  While
 * side a (Realm) is switched out, EL3 remaps its VA and invalidates with
 * SCR_EL3 selecting the Realm state; side a must then read the new page.
 * The same TLBI with SCR_EL3 selecting Non-secure would not be enough, so
 * this fails if the Realm's entries survive a TLBI aimed at them.
 */
static uint64_t *el3_pte;
static bool el3_alle2;

static void el3_remap_hook(unsigned int to, unsigned int n)
{
    uint64_t scr = read_sysreg(scr_el3);

    if (to != 1 || n != ROUNDS) {       /* half way, while a is out */
        return;
    }
    *el3_pte = (*el3_pte & ~0x0000fffffffff000UL) | pa_of(2);
    sa.expect = *(volatile uint64_t *)pa_of(2);
    dsb_sy();
    write_sysreg(scr_el3, scr_for_world(scr, WORLD_REALM));
    isb();
    if (el3_alle2) {
        __asm__ volatile("tlbi alle2\n\tdsb sy\n\tisb" : : : "memory");
    } else {
        __asm__ volatile("tlbi alle1\n\tdsb sy\n\tisb" : : : "memory");
    }
    write_sysreg(scr_el3, scr);
    isb();
}

static void el3_tlbi(bool alle2)
{
    static struct mmu ma, mb;
    unsigned int el = alle2 ? 2 : 1;
    struct mmu_side a = { WORLD_REALM, el, &ma, side_a_fn, (uintptr_t)&sa };
    struct mmu_side b = { WORLD_NONSECURE, el, &mb, side_b_fn,
                          (uintptr_t)&sb };

    if (!cpu_has_rme()) {
        SKIP("no FEAT_RME: no Realm world");
    }
    el3_alle2 = alle2;
    *(volatile uint64_t *)pa_of(2) = 0xc2c2c2c2c2c2c2c2UL;
    side_init(&sa, &ma, alle2 ? MMU_EL2 : MMU_EL1, pa_of(0),
              0xc1c1c1c1c1c1c1c1UL);
    side_init(&sb, &mb, alle2 ? MMU_EL2 : MMU_EL1, pa_of(1),
              0xd1d1d1d1d1d1d1d1UL);
    el3_pte = mmu_desc(&ma, MMU_TEST_VA, 3);
    dsb_sy();

    EXPECT_EQ(mmu_run_pingpong(&a, &b, el3_remap_hook), 0);
    EXPECT_EQ(sa.bad, 0);
    EXPECT_EQ(sb.bad, 0);
    EXPECT_EQ(sa.last, 0xc2c2c2c2c2c2c2c2UL);
}

TEST(tlbbank_el3_tlbi_alle1_reaches_realm)
{
    el3_tlbi(false);
}

TEST(tlbbank_el3_tlbi_alle2_reaches_realm)
{
    el3_tlbi(true);
}

/*
 * Benchmark workload (scripts/bench worlds): a host at NS-EL2 and a Realm
 * at R-EL1 each read TLBBANK_BENCH_PAGES pages of their own between world
 * switches through EL3, TLBBANK_BENCH_ROUNDS times.  Also a test: every
 * read returns the side's own data (R_NWYRD).
 */
#ifndef TLBBANK_BENCH_PAGES
#define TLBBANK_BENCH_PAGES 16
#endif
#ifndef TLBBANK_BENCH_ROUNDS
#define TLBBANK_BENCH_ROUNDS 4
#endif
#define BENCH_PA_A  (BOARD_SCRATCH_BASE + 0x08000000UL)
#define BENCH_PA_B  (BOARD_SCRATCH_BASE + 0x09000000UL)
_Static_assert(TLBBANK_BENCH_PAGES <= 4096, "16 MiB per side");

TEST(tlbbank_bench_world_roundtrip)
{
    static struct mmu ma, mb;
    struct mmu_side a = { WORLD_NONSECURE, 2, &ma, side_a_fn, (uintptr_t)&sa };
    struct mmu_side b = { WORLD_REALM, 1, &mb, side_b_fn, (uintptr_t)&sb };

    if (!cpu_has_rme()) {
        SKIP("no FEAT_RME: no Realm world");
    }
    side_init_pages(&sa, &ma, MMU_EL2, BENCH_PA_A, TLBBANK_BENCH_PAGES,
                    0x1111000000000001UL);
    side_init_pages(&sb, &mb, MMU_EL1, BENCH_PA_B, TLBBANK_BENCH_PAGES,
                    0x2222000000000002UL);
    sa.rounds = TLBBANK_BENCH_ROUNDS;
    dsb_sy();

    EXPECT_EQ(mmu_run_pingpong(&a, &b, NULL), 0);
    EXPECT_EQ(sa.bad, 0);
    EXPECT_EQ(sb.bad, 0);
    EXPECT_EQ(sa.seen, TLBBANK_BENCH_ROUNDS + 1);
    EXPECT_EQ(sb.seen, TLBBANK_BENCH_ROUNDS);
}

/*
 * Broadcast TLB maintenance (D8.17.7): a TLBI ...IS executed by CPU 0 for
 * world A reaches CPU 1's world-A entries while CPU 1 runs in world B, so
 * that when CPU 1 comes back to world A it sees the new mapping.  Needs
 * -smp 2 (run-qemu.sh SMP=2; scripts/check runs it so as guest.smp2).
 */
enum smp_op { SMP_VAE1IS, SMP_VMALLE1IS, SMP_EL3_ALLE1IS, SMP_VAE2IS };

static volatile struct {
    uint64_t r_a1, r_b, r_a2;
    unsigned int in_b, go;
} sh;
static struct mmu smp_ma, smp_mb;
static enum world smp_wa, smp_wb;
static unsigned int smp_el;

static uint64_t smp_read_va(uint64_t unused)
{
    (void)unused;
    return *(volatile uint64_t *)MMU_TEST_VA;
}

/* CPU 1, world B: fill B's entries, then wait for CPU 0's TLBI. */
static uint64_t smp_wait_in_b(uint64_t unused)
{
    uint64_t v = 0;

    (void)unused;
    sh.in_b = 1;
    dsb_sy();
    while (!sh.go) {
        v = *(volatile uint64_t *)MMU_TEST_VA;
    }
    return v;
}

static void smp_cpu1_job(uint64_t unused)
{
    (void)unused;
    sh.r_a1 = mmu_cpu1_run(smp_wa, smp_el, &smp_ma, smp_read_va, 0);
    sh.r_b = mmu_cpu1_run(smp_wb, smp_el, &smp_mb, smp_wait_in_b, 0);
    sh.r_a2 = mmu_cpu1_run(smp_wa, smp_el, &smp_ma, smp_read_va, 0);
}

/* CPU 0, world A EL1: remap, then the broadcast TLBI of arg. */
static uint64_t *smp_pte;

static uint64_t smp_remap_tlbi(uint64_t op)
{
    *smp_pte = (*smp_pte & ~0x0000fffffffff000UL) | pa_of(2);
    __asm__ volatile("dsb ish" : : : "memory");
    if (op == SMP_VAE1IS) {
        __asm__ volatile("tlbi vae1is, %0" : : "r"(MMU_TEST_VA >> 12)
                         : "memory");
    } else if (op == SMP_VAE2IS) {
        __asm__ volatile("tlbi vae2is, %0" : : "r"(MMU_TEST_VA >> 12)
                         : "memory");
    } else {
        __asm__ volatile("tlbi vmalle1is" : : : "memory");
    }
    __asm__ volatile("dsb ish\n\tisb" : : : "memory");
    return 0;
}

static void smp_broadcast(enum world wa, enum world wb, enum smp_op op)
{
    uint64_t a1 = 0x5a5a000000000001UL, a2 = 0x5a5a000000000002UL;
    uint64_t b = 0x5b5b000000000001UL;
    uint64_t t0 = read_sysreg(cntpct_el0);

    if ((wa == WORLD_REALM || wb == WORLD_REALM) && !cpu_has_rme()) {
        SKIP("no FEAT_RME: no Realm world");
    }
    smp_wa = wa;
    smp_wb = wb;
    smp_el = op == SMP_VAE2IS ? 2 : 1;
    mmu_init(&smp_ma, smp_el == 1 ? MMU_EL1 : MMU_EL2);
    mmu_map(&smp_ma, MMU_TEST_VA, pa_of(0), 0);
    mmu_init(&smp_mb, smp_el == 1 ? MMU_EL1 : MMU_EL2);
    mmu_map(&smp_mb, MMU_TEST_VA, pa_of(1), 0);
    smp_pte = mmu_desc(&smp_ma, MMU_TEST_VA, 3);
    *(volatile uint64_t *)pa_of(0) = a1;
    *(volatile uint64_t *)pa_of(1) = b;
    *(volatile uint64_t *)pa_of(2) = a2;
    sh.r_a1 = sh.r_b = sh.r_a2 = 0;
    sh.in_b = sh.go = 0;
    dsb_sy();

    if (!smp_cpu1_start(smp_cpu1_job, 0)) {
        SKIP("a single PE: the broadcast needs -smp 2 (run-qemu.sh SMP=2)");
    }
    while (!sh.in_b) {
        if (read_sysreg(cntpct_el0) - t0 > read_sysreg(cntfrq_el0) * 10) {
            sh.go = 1;
            ASSERT_TRUE(!"CPU 1 did not reach world B within 10 s");
        }
    }
    if (op == SMP_EL3_ALLE1IS) {
        /* D8.17.5.4: at EL3, for the state SCR_EL3.{NSE,NS} selects. */
        uint64_t scr = read_sysreg(scr_el3);

        *smp_pte = (*smp_pte & ~0x0000fffffffff000UL) | pa_of(2);
        dsb_sy();
        write_sysreg(scr_el3, scr_for_world(scr, wa));
        isb();
        __asm__ volatile("tlbi alle1is\n\tdsb ish\n\tisb" : : : "memory");
        write_sysreg(scr_el3, scr);
        isb();
    } else {
        EXPECT_EQ(mmu_run_at(wa, smp_el, &smp_ma, NULL, smp_remap_tlbi, op),
                  0);
    }
    sh.go = 1;
    dsb_sy();
    smp_cpu1_wait();

    EXPECT_EQ(smp_cpu1_esr, 0);
    EXPECT_EQ(sh.r_a1, a1);
    EXPECT_EQ(sh.r_b, b);
    EXPECT_EQ(sh.r_a2, a2);
}

TEST(tlbbank_smp_vae1is_reaches_realm_on_other_pe)
{
    smp_broadcast(WORLD_REALM, WORLD_NONSECURE, SMP_VAE1IS);
}

TEST(tlbbank_smp_vmalle1is_reaches_nonsecure_on_other_pe)
{
    smp_broadcast(WORLD_NONSECURE, WORLD_REALM, SMP_VMALLE1IS);
}

TEST(tlbbank_smp_el3_alle1is_reaches_realm_on_other_pe)
{
    smp_broadcast(WORLD_REALM, WORLD_SECURE, SMP_EL3_ALLE1IS);
}

/* The EL2 regime: an RMM's TLBI VAE2IS reaches R-EL2 entries elsewhere. */
TEST(tlbbank_smp_vae2is_reaches_realm_el2_on_other_pe)
{
    smp_broadcast(WORLD_REALM, WORLD_NONSECURE, SMP_VAE2IS);
}
