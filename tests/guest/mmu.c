/*
 * mmu.c - see mmu.h.  Descriptor formats: Arm ARM DDI0487 D8.3
 * ("Translation table descriptor formats"), stage 1 and stage 2 Block and
 * Page descriptors; TCR_EL1/TCR_EL2/TCR_EL3/VTCR_EL2 (D24.2).
 */
#include "board.h"
#include "internal.h"
#include "mmu.h"
#include "sysreg.h"

#define TABLE_POOL      (BOARD_SCRATCH_BASE + 0x10000000UL)
#define TABLE_STRIDE    0x10000UL       /* one table per 64KB */
#define TABLE_COUNT     256

/* MAIR: Attr0 Device-nGnRnE, Attr1 Normal Non-cacheable, Attr2 WB. */
#define MAIR_VALUE      0x0000000000ff4400UL
#define ATTR_DEVICE     0
#define ATTR_NORMAL_NC  1

/*
 * TCR: T0SZ = 25 (39-bit input, start level 1 with 4KB granules),
 * IRGN0 = ORGN0 = 0 (walks Non-cacheable), SH0 = Outer Shareable,
 * TG0 = 4KB, (I)PS = 40 bits.  TCR_EL2/TCR_EL3 bits 31 and 23 are RES1.
 * TCR_EL1 also: T1SZ = 16 (48-bit TTBR1 range, start level 0), SH1 =
 * Outer Shareable, TG1 = 4KB (0b10).
 */
#define TCR_T0SZ        25UL
#define TCR_SH0_OUTER   (2UL << 12)
#define TCR_EL1_VALUE   (TCR_T0SZ | TCR_SH0_OUTER | (16UL << 16) | \
                         (2UL << 28) | (2UL << 30) | (2UL << 32))
#define TCR_EL1_EPD1    (1UL << 23)
#define TCR_EL23_VALUE  (TCR_T0SZ | TCR_SH0_OUTER | (2UL << 16) | \
                         (1UL << 23) | (1UL << 31))
/* VTCR_EL2: SL0 = 0b01 (start at level 1 for 4KB), PS = 40 bits, RES1 31 */
#define VTCR_VALUE      (TCR_T0SZ | (1UL << 6) | TCR_SH0_OUTER | \
                         (2UL << 16) | (1UL << 31))
/* VTCR_EL2.NSA/NSW: Secure EL1&0 Non-secure IPA space -> Non-secure PA. */
#define VTCR_NSA_NSW    ((1UL << 30) | (1UL << 29))
/* VSTCR_EL2 (Secure IPA space): T0SZ, SL0, TG0 = 4KB, SW = SA = 0. */
#define VSTCR_VALUE     (TCR_T0SZ | (1UL << 6))
#define VSTTBR_EL2      S3_4_C2_C6_0
#define VSTCR_EL2       S3_4_C2_C6_2

#define DESC_VALID      0x1UL
#define DESC_TABLE      0x3UL           /* also "page" at level 3 */
#define DESC_AF         (1UL << 10)
#define DESC_SH_OUTER   (2UL << 8)
#define DESC_ADDR_MASK  0x0000fffffffff000UL

static unsigned int tables_used;

void mmu_reset(void)
{
    tables_used = 0;
}

static uint64_t *table_alloc(void)
{
    uint64_t *t;

    if (tables_used >= TABLE_COUNT) {
        test_fail(__FILE__, __LINE__, "out of translation tables");
        test_abort();
    }
    t = (uint64_t *)(TABLE_POOL + tables_used++ * TABLE_STRIDE);
    for (unsigned int i = 0; i < 512; i++) {
        ((volatile uint64_t *)t)[i] = 0;
    }
    return t;
}

/* Block (level 1/2) or Page (level 3) descriptor for pa. */
static uint64_t leaf(enum mmu_regime r, uint64_t pa, unsigned int attrs,
                     bool page)
{
    uint64_t d = (pa & DESC_ADDR_MASK) | (page ? DESC_TABLE : DESC_VALID) |
                 DESC_AF | DESC_SH_OUTER;

    if (r == MMU_S2) {
        /* MemAttr[5:2]: 0b0000 Device-nGnRnE, 0b0101 Normal NC/NC. */
        d |= (attrs & MMU_DEVICE) ? 0 : (0x5UL << 2);
        /* S2AP[7:6]: 0b01 read-only, 0b11 read/write. */
        d |= (attrs & MMU_RO) ? (1UL << 6) : (3UL << 6);
        /* XN[1:0] = 0b10 (bit 54): not executable at EL1 or EL0. */
        d |= (attrs & MMU_XN) ? (1UL << 54) : 0;
        /* NS, bit 55: Realm stage 2 output in the Non-secure PA space. */
        d |= (attrs & MMU_NS) ? (1UL << 55) : 0;
        return d;
    }
    d |= (uint64_t)((attrs & MMU_DEVICE) ? ATTR_DEVICE : ATTR_NORMAL_NC) << 2;
    d |= (attrs & MMU_NS) ? (1UL << 5) : 0;
    d |= (attrs & MMU_NSE) ? (1UL << 11) : 0;
    d |= (attrs & MMU_RO) ? (1UL << 7) : 0;         /* AP[2] */
    if (r == MMU_EL1) {
        /* AP[1] = 0: no EL0 access; UXN (54) always, PXN (53) if XN. */
        d |= 1UL << 54;
        d |= (attrs & MMU_XN) ? (1UL << 53) : 0;
    } else {
        /* One privilege level: AP[1] is RES1, XN is bit 54. */
        d |= 1UL << 6;
        d |= (attrs & MMU_XN) ? (1UL << 54) : 0;
    }
    return d;
}

static uint64_t *root_for(const struct mmu *m, uint64_t va,
                          unsigned int *start)
{
    if (va >= MMU_TTBR1_VA) {
        *start = 0;
        return m->root1;
    }
    *start = 1;
    return m->root;
}

static unsigned int index_at(uint64_t va, unsigned int level)
{
    return (va >> (39 - 9 * level)) & 0x1ff;
}

void mmu_init(struct mmu *m, enum mmu_regime regime)
{
    unsigned int attrs = regime == MMU_EL3 ? MMU_PAS_ROOT : 0;
    uint64_t uart_gb = (uint64_t)BOARD_UART_BASE >> 30;
    uint64_t gb;

    m->regime = regime;
    m->root = table_alloc();
    m->root1 = NULL;
    m->root[uart_gb] = leaf(regime, uart_gb << 30, attrs | MMU_DEVICE |
                            MMU_XN, false);
    for (gb = (uint64_t)BOARD_DRAM_BASE >> 30;
         gb < ((uint64_t)BOARD_DRAM_BASE + BOARD_DRAM_SIZE) >> 30; gb++) {
        m->root[gb] = leaf(regime, gb << 30, attrs, false);
    }
    dsb_sy();
}

uint64_t *mmu_desc(const struct mmu *m, uint64_t va, unsigned int level)
{
    unsigned int start;
    uint64_t *t = root_for(m, va, &start);

    for (unsigned int l = start; t && l <= 3; l++) {
        uint64_t *d = &t[index_at(va, l)];

        if (l == level) {
            return d;
        }
        if ((*d & 3) != DESC_TABLE) {
            return NULL;
        }
        t = (uint64_t *)(*d & DESC_ADDR_MASK);
    }
    return NULL;
}


uint64_t mmu_table_pa(const struct mmu *m, uint64_t va, unsigned int level)
{
    uint64_t *d = mmu_desc(m, va, level);

    if (!d) {
        return 0;
    }
    return (uint64_t)(uintptr_t)d & ~0xfffUL;
}

void mmu_map(struct mmu *m, uint64_t va, uint64_t pa, unsigned int attrs)
{
    unsigned int nst_at = (attrs & MMU_NSTABLE) ? (attrs >> 8) & 3 : 4;
    unsigned int start;
    uint64_t *t;

    if (va >= MMU_TTBR1_VA && !m->root1) {
        if (m->regime != MMU_EL1) {
            test_fail(__FILE__, __LINE__, "mmu_map: no TTBR1 in this regime");
            test_abort();
        }
        m->root1 = table_alloc();
    }
    t = root_for(m, va, &start);
    for (unsigned int l = start; l < 3; l++) {
        uint64_t *d = &t[index_at(va, l)];

        if (*d == 0) {
            *d = (uint64_t)(uintptr_t)table_alloc() | DESC_TABLE |
                 (l == nst_at ? 1UL << 63 : 0);
        } else if ((*d & 3) != DESC_TABLE) {
            test_fail(__FILE__, __LINE__, "mmu_map(0x%lx): inside a block",
                      (unsigned long)va);
            test_abort();
        }
        t = (uint64_t *)(*d & DESC_ADDR_MASK);
    }
    t[index_at(va, 3)] = leaf(m->regime, pa, attrs & 0xff, true);
    dsb_sy();
}

void mmu_tlbi_world(enum world w)
{
    uint64_t scr = read_sysreg(scr_el3);

    write_sysreg(scr_el3, scr_for_world(scr, w));
    isb();
    __asm__ volatile("dsb sy\n\t"
                     "tlbi alle2\n\t"
                     "tlbi alle1\n\t"
                     "dsb sy\n\t"
                     "isb" : : : "memory");
    write_sysreg(scr_el3, scr);
    isb();
}

/* What the lower-EL trampoline needs; in the image, seen by every world. */
static volatile struct {
    lower_fn fn;
    uint64_t arg;
    uint64_t ttbr0, ttbr1, tcr;
    bool s1;
} tramp;

static uint64_t tramp_el1(uint64_t unused)
{
    uint64_t sctlr = read_sysreg(sctlr_el1);
    uint64_t r;

    (void)unused;
    if (tramp.s1) {
        write_sysreg(mair_el1, MAIR_VALUE);
        write_sysreg(tcr_el1, tramp.tcr);
        write_sysreg(ttbr0_el1, tramp.ttbr0);
        write_sysreg(ttbr1_el1, tramp.ttbr1);
        isb();
        __asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" : : : "memory");
        write_sysreg(sctlr_el1, (sctlr | SCTLR_M) & ~SCTLR_WXN);
        isb();
    }
    r = tramp.fn(tramp.arg);
    write_sysreg(sctlr_el1, sctlr);
    isb();
    return r;
}

static uint64_t tramp_el2(uint64_t unused)
{
    uint64_t sctlr = read_sysreg(sctlr_el2);
    uint64_t r;

    (void)unused;
    if (tramp.s1) {
        write_sysreg(mair_el2, MAIR_VALUE);
        write_sysreg(tcr_el2, tramp.tcr);
        write_sysreg(ttbr0_el2, tramp.ttbr0);
        isb();
        __asm__ volatile("tlbi alle2\n\tdsb nsh\n\tisb" : : : "memory");
        write_sysreg(sctlr_el2, (sctlr | SCTLR_M) & ~SCTLR_WXN);
        isb();
    }
    r = tramp.fn(tramp.arg);
    write_sysreg(sctlr_el2, sctlr);
    isb();
    return r;
}

uint64_t mmu_run_at(enum world w, unsigned int el, const struct mmu *s1,
                    const struct mmu *s2, lower_fn fn, uint64_t arg)
{
    uint64_t hcr_saved = run_at_get_hcr_extra();
    uint64_t r;

    if ((s1 && s1->regime != (el == 1 ? MMU_EL1 : MMU_EL2)) ||
        (s2 && (s2->regime != MMU_S2 || el != 1))) {
        test_fail(__FILE__, __LINE__, "mmu_run_at: regime/EL mismatch");
        test_abort();
    }
    tramp.fn = fn;
    tramp.arg = arg;
    tramp.s1 = s1 != NULL;
    if (s1) {
        tramp.ttbr0 = (uintptr_t)s1->root;
        tramp.ttbr1 = (uintptr_t)s1->root1;
        tramp.tcr = el == 1 ? TCR_EL1_VALUE | (s1->root1 ? 0 : TCR_EL1_EPD1)
                            : TCR_EL23_VALUE;
    }
    if (s2) {
        /*
         * The same tables for every IPA space; for Secure EL1 the
         * Secure IPA space (VSTTBR_EL2) outputs to the Secure PA space
         * and the Non-secure one (VTTBR_EL2) to the Non-secure PA space.
         */
        write_sysreg(vtcr_el2, VTCR_VALUE |
                     (w == WORLD_SECURE ? VTCR_NSA_NSW : 0));
        write_sysreg(vttbr_el2, (uintptr_t)s2->root);     /* VMID 0 */
        if (w == WORLD_SECURE) {
            write_sysreg_s(VSTCR_EL2, VSTCR_VALUE);
            write_sysreg_s(VSTTBR_EL2, (uintptr_t)s2->root);
        }
        run_at_set_hcr_extra(hcr_saved | HCR_VM);
    }
    dsb_sy();
    mmu_tlbi_world(w);
    r = run_at(w, el, el == 1 ? tramp_el1 : tramp_el2, 0);
    run_at_set_hcr_extra(hcr_saved);
    return r;
}

void mmu_el2_preload(const struct mmu *m)
{
    write_sysreg(mair_el2, MAIR_VALUE);
    write_sysreg(tcr_el2, TCR_EL23_VALUE);
    write_sysreg(ttbr0_el2, (uintptr_t)m->root);
    isb();
}

void mmu_el3_on(const struct mmu *m)
{
    write_sysreg(mair_el3, MAIR_VALUE);
    write_sysreg(tcr_el3, TCR_EL23_VALUE);
    write_sysreg(ttbr0_el3, (uintptr_t)m->root);
    isb();
    __asm__ volatile("dsb sy\n\ttlbi alle3\n\tdsb sy\n\tisb" : : : "memory");
    write_sysreg(sctlr_el3, (read_sysreg(sctlr_el3) | SCTLR_M) & ~SCTLR_WXN);
    isb();
}

void mmu_el3_off(void)
{
    write_sysreg(sctlr_el3, read_sysreg(sctlr_el3) & ~SCTLR_M);
    isb();
    __asm__ volatile("dsb sy\n\ttlbi alle3\n\tdsb sy\n\tisb" : : : "memory");
}

void mmu_run_at_expecting(enum world w, unsigned int el, const struct mmu *s1,
                          const struct mmu *s2, lower_fn fn, uint64_t arg)
{
    expect_exception();
    mmu_run_at(w, el, s1, s2, fn, arg);
    exception_taken();
}

/*
 * ---- two worlds that yield to each other through EL3 ----------------
 *
 * EL3 switches sides as firmware switches worlds (TF-A's context
 * management): it saves the general-purpose registers, ELR/SPSR_EL3 and
 * the EL1 and EL2 system registers of one side, restores the other's,
 * and returns to it with SCR_EL3 selecting its Security state.  Nothing
 * here invalidates a TLB.
 */
struct pp_regs {
    uint64_t sctlr1, tcr1, ttbr0_1, ttbr1_1, mair1, vbar1, sp1;
    uint64_t sctlr2, tcr2, ttbr0_2, mair2, vbar2, sp2;
    uint64_t hcr, scr;
};

static struct pp_side {
    struct mmu_side s;
    bool started;
    struct exc_frame f;
    struct pp_regs r;
} pp[2];
static bool pp_active;
static unsigned int pp_cur, pp_switches;
static void (*pp_hook)(unsigned int to, unsigned int n);
static uint8_t pp_stack[LOWER_STACK_SIZE] __attribute__((aligned(16)));

static void pp_save(struct pp_regs *r)
{
    r->sctlr1 = read_sysreg(sctlr_el1);
    r->tcr1 = read_sysreg(tcr_el1);
    r->ttbr0_1 = read_sysreg(ttbr0_el1);
    r->ttbr1_1 = read_sysreg(ttbr1_el1);
    r->mair1 = read_sysreg(mair_el1);
    r->vbar1 = read_sysreg(vbar_el1);
    r->sp1 = read_sysreg(sp_el1);
    r->sctlr2 = read_sysreg(sctlr_el2);
    r->tcr2 = read_sysreg(tcr_el2);
    r->ttbr0_2 = read_sysreg(ttbr0_el2);
    r->mair2 = read_sysreg(mair_el2);
    r->vbar2 = read_sysreg(vbar_el2);
    r->sp2 = read_sysreg(sp_el2);
    r->hcr = read_sysreg(hcr_el2);
    r->scr = read_sysreg(scr_el3);
}

static void pp_load(const struct pp_regs *r)
{
    write_sysreg(sctlr_el1, r->sctlr1);
    write_sysreg(tcr_el1, r->tcr1);
    write_sysreg(ttbr0_el1, r->ttbr0_1);
    write_sysreg(ttbr1_el1, r->ttbr1_1);
    write_sysreg(mair_el1, r->mair1);
    write_sysreg(vbar_el1, r->vbar1);
    write_sysreg(sp_el1, r->sp1);
    write_sysreg(sctlr_el2, r->sctlr2);
    write_sysreg(tcr_el2, r->tcr2);
    write_sysreg(ttbr0_el2, r->ttbr0_2);
    write_sysreg(mair_el2, r->mair2);
    write_sysreg(vbar_el2, r->vbar2);
    write_sysreg(sp_el2, r->sp2);
    write_sysreg(hcr_el2, r->hcr);
    write_sysreg(scr_el3, r->scr);
    isb();
}

/* Stage 1 of s1 on at EL el from the first instruction, on stack sp. */
static void pp_stage1(struct pp_regs *r, unsigned int el, const struct mmu *m,
                      uint64_t sp)
{
    r->sctlr1 = SCTLR_EL1_RES1 | SCTLR_I | SCTLR_SA;
    r->sctlr2 = SCTLR_EL2_RES1 | SCTLR_I | SCTLR_SA;
    if (el == 1) {
        r->sctlr1 |= SCTLR_M;
        r->tcr1 = TCR_EL1_VALUE | (m->root1 ? 0 : TCR_EL1_EPD1);
        r->ttbr0_1 = (uintptr_t)m->root;
        r->ttbr1_1 = (uintptr_t)m->root1;
        r->mair1 = MAIR_VALUE;
        r->sp1 = sp;
    } else {
        r->sctlr2 |= SCTLR_M;
        r->tcr2 = TCR_EL23_VALUE;
        r->ttbr0_2 = (uintptr_t)m->root;
        r->mair2 = MAIR_VALUE;
        r->sp2 = sp;
    }
}

/* Side b's first entry: its own registers, MMU on from the start. */
static void pp_start_b(struct pp_side *b, const struct pp_regs *a)
{
    b->r = *a;
    b->r.scr = scr_for_world(a->scr, b->s.w);
    pp_stage1(&b->r, b->s.el, b->s.s1,
              (uintptr_t)&pp_stack[LOWER_STACK_SIZE]);
    for (unsigned int i = 0; i < 31; i++) {
        b->f.x[i] = 0;
    }
    b->f.x[0] = (uintptr_t)b->s.fn;
    b->f.x[1] = b->s.arg;
    b->f.elr = (uintptr_t)lower_el_entry;
    b->f.spsr = (b->s.el == 2 ? SPSR_M_EL2H : SPSR_M_EL1H) | SPSR_DAIF;
    b->started = true;
}

bool pingpong_yield(struct exc_frame *f)
{
    struct pp_side *from, *to;

    if (!pp_active) {
        return false;
    }
    from = &pp[pp_cur];
    to = &pp[pp_cur ^ 1];
    from->f = *f;
    pp_save(&from->r);
    if (!to->started) {
        pp_start_b(to, &from->r);
    }
    if (pp_hook) {
        pp_hook(pp_cur ^ 1, pp_switches);
    }
    pp_load(&to->r);
    *f = to->f;
    pp_cur ^= 1;
    pp_switches++;
    cur_world = to->s.w;
    return true;
}

bool pingpong_in_b(void)
{
    return pp_active && pp_cur == 1;
}

uint64_t mmu_run_pingpong(const struct mmu_side *a, const struct mmu_side *b,
                          void (*hook)(unsigned int to, unsigned int n))
{
    uint64_t r;

    if (a->w == b->w || !a->s1 || !b->s1 ||
        b->s1->regime != (b->el == 1 ? MMU_EL1 : MMU_EL2)) {
        test_fail(__FILE__, __LINE__, "mmu_run_pingpong: bad sides");
        test_abort();
    }
    pp[0] = (struct pp_side){ .s = *a, .started = true };
    pp[1] = (struct pp_side){ .s = *b };
    pp_cur = 0;
    pp_switches = 0;
    pp_hook = hook;
    pp_active = true;
    r = mmu_run_at(a->w, a->el, a->s1, NULL, a->fn, a->arg);
    pp_active = false;
    return r;
}

unsigned int mmu_pingpong_switches(void)
{
    return pp_switches;
}

uint64_t hsmc_yield(void)
{
    register uint64_t x0 __asm__("x0") = HSMC_YIELD;

    __asm__ volatile("smc #" STR(HARNESS_SMC_IMM) : "+r"(x0) : : "memory");
    return x0;
}

uint64_t mmu_cpu1_run(enum world w, unsigned int el, const struct mmu *s1,
                      lower_fn fn, uint64_t arg)
{
    struct pp_regs r;

    if (s1->regime != (el == 1 ? MMU_EL1 : MMU_EL2)) {
        return ~0UL;
    }
    pp_save(&r);
    r.hcr = HCR_RW;
    pp_stage1(&r, el, s1, el == 1 ? r.sp1 : r.sp2);
    write_sysreg(cptr_el2, CPTR_EL2_DEFAULT);
    write_sysreg(cpacr_el1, CPACR_EL1_DEFAULT);
    pp_load(&r);
    return smp_cpu1_run_lower(w, el, fn, arg);
}
