/*
 * diff.c - differential test of QEMU's granule protection check (GPC)
 * against the reference GPT walker (target-arm-rme/gpt.c).
 *
 * For every case: build (part of) a random GPT in RAM, program
 * GPCCR_EL3/GPTBR_EL3, invalidate (TLBI PAALL), make one access (read,
 * write or instruction fetch) to a random PA from a random requester, and
 * compare what QEMU did with what gpt_check() predicts for the same
 * registers and the same memory:
 *
 *   walker says             QEMU must
 *   ---------------------   --------------------------------------------
 *   pass                    complete the access, or (nothing at that PA)
 *                           take a synchronous External abort
 *   GPF, requester at EL3,  take an Instruction/Data Abort with FSC
 *   or SCR_EL3.GPF == 0     0b101000 (GPF) at the requester's EL
 *                           (R_BLYPM; R_VBZMW/R_LXHQR)
 *   any other fault         take a GPC exception to EL3 (EC 0x1E) with
 *                           ESR_EL3.ISS.GPCSC = the predicted fault class
 *                           and level (EncodeGPCSC(), R_PYTGX), InD/WnR
 *                           for the access, xFSC 0b101000, FAR_EL3 = VA,
 *                           MFAR_EL3 = PA[51:12] and the PA space in
 *                           {NSE,NS} (D24.2 ESR_EL3, MFAR_EL3)
 *
 * Requesters (Security state, PA space): with the MMU off, Secure,
 * Non-secure and Realm EL2/EL1 and Root (EL3) access their own PA space;
 * through a stage 1 window, EL3 accesses any PA space (descriptor NSE/NS)
 * and Secure/Realm EL2 the Non-secure one (descriptor NS), which is what
 * exercises GPICheck()'s Security-state input (GPI NSO).
 *
 * Layouts are generated lazily: each layout fixes GPCCR_EL3, GPTBR_EL3,
 * the level 0 table and up to four level 1 tables; only the entries that
 * a probe (or the image) uses are written, each when first used.  The
 * walker reads the same memory, so untouched entries never matter.  The
 * image and the UART are forced to GPI All access so that the harness can
 * run in every world while GPC is on (gpt_check() confirms it before each
 * layout is used).  GPC is off whenever the GPT is written or the walker
 * runs.  Each layout has its own PRNG stream (seed, layout index), so any
 * layout can be re-run alone (DF_ONLY_LAYOUT).
 */
#include "board.h"
#include "diffmap.h"
#include "harness.h"
#include "sysreg.h"
#include "target-arm-rme/gpt.h"

/* ---- asm (diff_asm.S) ---------------------------------------------- */

struct diff_exc {
    uint64_t armed, taken, el, esr, far, elr, spsr, mfar, unwind;
};
volatile struct diff_exc diff_exc;

extern char diff_vectors_el3[], diff_vectors_el2[], diff_vectors_el1[];
uint64_t diff_probe_read(uint64_t va);
uint64_t diff_probe_write(uint64_t va);
uint64_t diff_probe_fetch(uint64_t va);
extern char __image_end[];
extern char lower_el_entry[];       /* world_asm.S: first lower-EL insn */

/* ---- small helpers ---------------------------------------------------- */

#define BITS(n)         ((n) >= 64 ? ~0UL : (1UL << (n)) - 1)

static inline void tlbi_paall(void)
{
    /* TLBI PAALL (SYS #6, C8, C7, #4) */
    __asm__ volatile("dsb sy\n\tsys #6, c8, c7, #4\n\tdsb sy\n\tisb"
                     : : : "memory");
}

static inline void wr64(uint64_t pa, uint64_t v)
{
    *(volatile uint64_t *)pa = v;
}

static inline uint64_t rd64(uint64_t pa)
{
    return *(volatile uint64_t *)pa;
}

/* splitmix64: one stream per layout. */
static uint64_t rng;

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
    return z ^ (z >> 31);
}

static uint64_t rnd(void)
{
    rng += 0x9e3779b97f4a7c15UL;
    return mix64(rng);
}

static uint64_t below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

static bool chance(unsigned pct)
{
    return below(100) < pct;
}

/* Random value in [lo, hi), aligned down to 2^align_bits, >= lo. */
static uint64_t in_range(uint64_t lo, uint64_t hi, unsigned align_bits)
{
    uint64_t a = hi > lo ? lo + below(hi - lo) : lo;

    a &= ~BITS(align_bits);
    return a < lo ? lo : a;
}

/* ---- run parameters and CPU features ------------------------------- */

static uint64_t p_seed, p_cases, p_first_layout, p_flags, p_sec_size;
static uint64_t p_max_print, p_progress;
static uint64_t sec_end;

static unsigned l0gptsz_enc, s_bits;     /* fixed at reset */
static gpt_config base_cfg;
static bool mmu_ok;

static void read_params(void)
{
    volatile uint64_t *p = (volatile uint64_t *)DM_PARAM_BASE;

    p_seed = 1;
    p_cases = 10000;
    p_first_layout = 0;
    p_flags = 0;
    p_sec_size = DIFF_SECURE_RAM_SIZE;
    p_max_print = 30;
    p_progress = 0;
    if (p[DP_MAGIC] == DP_MAGIC_VALUE) {
        p_seed = p[DP_SEED];
        p_cases = p[DP_CASES];
        p_first_layout = p[DP_FIRST_LAYOUT];
        p_flags = p[DP_FLAGS];
        if (p[DP_SECURE_RAM_SIZE]) {
            p_sec_size = p[DP_SECURE_RAM_SIZE];
        }
        p_max_print = p[DP_MAX_PRINT];
        p_progress = p[DP_PROGRESS];
    } else {
        printf("diff: no parameter block at 0x%lx, using defaults\n",
               DM_PARAM_BASE);
    }
    sec_end = DM_SEC_BASE + p_sec_size;
}

static unsigned parange_bits(unsigned enc)
{
    static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52, 56 };

    return enc < 8 ? bits[enc] : 52;
}

static void read_features(void)
{
    uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
    uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
    /* ID_AA64MMFR4_EL1 (S3_0_C0_C7_4): RMEGDI, bits [31:28] */
    uint64_t mmfr4 = read_sysreg_s(S3_0_C0_C7_4);
    unsigned rme = id_field(pfr0, ID_AA64PFR0_RME_SHIFT);
    unsigned tg4 = id_field(mmfr0, 28), tg64 = id_field(mmfr0, 24);
    unsigned tg16 = id_field(mmfr0, 20);
    unsigned tg4_2 = id_field(mmfr0, 40), tg64_2 = id_field(mmfr0, 36);
    unsigned tg16_2 = id_field(mmfr0, 32);
    bool s1_4 = tg4 != 0xf, s1_64 = tg64 != 0xf, s1_16 = tg16 != 0;
    /* TGran*_2: 0 = as stage 1, 1 = not supported, 2+ = supported */
    bool s2_4 = tg4_2 == 0 ? s1_4 : tg4_2 >= 2;
    bool s2_64 = tg64_2 == 0 ? s1_64 : tg64_2 >= 2;
    bool s2_16 = tg16_2 == 0 ? s1_16 : tg16_2 >= 2;

    l0gptsz_enc = (read_sysreg_s(GPCCR_EL3) >> 20) & 0xf;
    base_cfg = (gpt_config){
        .pa_range_bits = parange_bits(mmfr0 & 0xf),
        .feat_sel2 = cpu_has_sel2(),
        .feat_gpc2 = rme >= 2,
        .feat_gpc3 = rme >= 3,
        .feat_gdi = rme && id_field(mmfr4, 28) != 0,
        .pgs_reserved = (!s1_4 && !s2_4 ? GPT_PGS_RESERVED_4K : 0) |
                        (!s1_64 && !s2_64 ? GPT_PGS_RESERVED_64K : 0) |
                        (!s1_16 && !s2_16 ? GPT_PGS_RESERVED_16K : 0),
    };
    {
        gpt_regs r;
        gpt_config c = base_cfg;

        c.gpccr = (uint64_t)l0gptsz_enc << 20;
        gpt_decode_regs(&c, &r);
        s_bits = r.l0gptsz_bits;
    }
    /* Probes through stage 1 need 4KB granules and a 48-bit output. */
    mmu_ok = s1_4 && (mmfr0 & 0xf) >= 5 && !(p_flags & DF_NO_MMU);
    printf("diff: PE: RME level %u, SEL2 %d, PARange %u bits, L0GPTSZ %u "
           "bits (enc %u), PGS reserved mask 0x%x, GPC2 %d GPC3 %d GDI %d\n",
           rme, base_cfg.feat_sel2, base_cfg.pa_range_bits, s_bits,
           l0gptsz_enc, base_cfg.pgs_reserved, base_cfg.feat_gpc2,
           base_cfg.feat_gpc3, base_cfg.feat_gdi);
}

/* ---- memory model ------------------------------------------------------ */

enum pas { PAS_S = GPT_PAS_SECURE, PAS_NS = GPT_PAS_NONSECURE,
           PAS_ROOT = GPT_PAS_ROOT, PAS_RL = GPT_PAS_REALM };

static bool in(uint64_t a, uint64_t lo, uint64_t hi)
{
    return a >= lo && a < hi;
}

/* Root-visible RAM (where GPT entries can be written and read). */
static bool root_ram(uint64_t a)
{
    return in(a, DM_RAM_BASE, DM_RAM_END) || in(a, DM_SEC_BASE, sec_end);
}

static bool is_hole(uint64_t a)
{
    return in(a, sec_end, DM_SEC_HOLE_END) ||
           in(a, DM_HOLE_MID_BASE, DM_HOLE_MID_END) ||
           in(a, DM_HOLE_HIGH_BASE, DM_HOLE_HIGH_END);
}

/* Is there memory at pa in the address space of PA space pas? */
static bool backed(uint64_t pa, unsigned pas)
{
    if (in(pa, DM_RAM_BASE, DM_RAM_END)) {
        return true;
    }
    /* QEMU maps VIRT_SECURE_MEM into the Secure address space only, which
     * Secure and Root accesses use. */
    return in(pa, DM_SEC_BASE, sec_end) &&
           (pas == PAS_S || pas == PAS_ROOT);
}

static unsigned gen_errors;

static bool walker_read(void *opaque, uint64_t pa, uint64_t *val)
{
    (void)opaque;
    if (root_ram(pa)) {
        *val = rd64(pa);
        return true;
    }
    if (!is_hole(pa)) {
        printf("GENERATOR ERROR: walker read 0x%lx outside RAM and holes\n",
               pa);
        gen_errors++;
    }
    return false;
}

/* ---- stage 1 windows ------------------------------------------------- */

/*
 * 4KB granule, 39-bit VA (T0SZ = 25), walk starting at level 1: entry 0
 * maps 0-1GB (UART) as Device-nGnRnE, entry 1 maps 1-2GB (the image) as
 * Normal, identity, in the requester's own PA space; entry 511 is the
 * probe window, a 1GB block (VA 0x7fc0000000) in the probed PA space.
 * VMSAv8-64 block descriptor (D8.3): [1:0] = 0b01, AttrIndx [4:2], NS [5],
 * AP [7:6] (AP[1] RES1 in one-privilege regimes), SH [9:8], AF [10],
 * NSE [11] in the EL3 regime with FEAT_RME.
 */
#define WIN_VA          0x7fc0000000UL
#define PTE_BLOCK       0x1UL
#define PTE_ATTR(i)     ((uint64_t)(i) << 2)
#define PTE_NS          (1UL << 5)
#define PTE_AP1         (1UL << 6)
#define PTE_SH_INNER    (3UL << 8)
#define PTE_AF          (1UL << 10)
#define PTE_NSE         (1UL << 11)
#define MAIR_VALUE      0x44ff00UL      /* 0: Dev-nGnRnE, 1: WB, 2: NC */
#define TCR_VALUE       (25UL | (5UL << 16) | (1UL << 23) | (1UL << 31))
#ifndef SCTLR_M
#define SCTLR_M         (1UL << 0)
#endif

static uint64_t pt_el3[512] __attribute__((aligned(4096)));
static uint64_t pt_el2[512] __attribute__((aligned(4096)));

static void pt_init(void)
{
    uint64_t dev = PTE_BLOCK | PTE_ATTR(0) | PTE_AP1 | PTE_AF;
    uint64_t mem = PTE_BLOCK | PTE_ATTR(1) | PTE_AP1 | PTE_SH_INNER | PTE_AF;

    memset(pt_el3, 0, sizeof(pt_el3));
    memset(pt_el2, 0, sizeof(pt_el2));
    pt_el3[0] = 0x00000000UL | dev | PTE_NSE;           /* Root */
    pt_el3[1] = 0x40000000UL | mem | PTE_NSE;
    pt_el2[0] = 0x00000000UL | dev;                     /* own space */
    pt_el2[1] = 0x40000000UL | mem;
}

static uint64_t pas_desc_bits(unsigned pas)
{
    switch (pas) {
    case PAS_S:    return 0;
    case PAS_NS:   return PTE_NS;
    case PAS_ROOT: return PTE_NSE;
    default:       return PTE_NSE | PTE_NS;
    }
}

static uint64_t window_desc(uint64_t pa, uint64_t pas_bits)
{
    return (pa & ~BITS(30) & BITS(48)) | PTE_BLOCK | PTE_ATTR(2) | PTE_AP1 |
           PTE_AF | pas_bits;
}

/* ---- the probe ------------------------------------------------------- */

enum acc { ACC_READ, ACC_WRITE, ACC_FETCH };
static const char *const acc_name[] = { "read", "write", "fetch" };

/* One requester: Security state, EL, PA space, through a window or not. */
struct req {
    unsigned ss;            /* gpt_ss */
    unsigned el;            /* 1..3 */
    unsigned pas;           /* gpt_pas */
    bool mmu;               /* through the stage 1 window */
    bool scr_gpf;           /* SCR_EL3.GPF for lower ELs */
    bool entry;             /* probe = the lower EL's first fetch */
};

/* The names of include/rme/arch.h, for Security states and PA spaces alike. */
static const char *ss_name(unsigned ss)
{
    return rme_ss_name(ss);
}

static const char *pas_short(unsigned pas)
{
    return rme_ss_name(pas);
}

static lower_fn probe_fn(enum acc a)
{
    return a == ACC_READ ? diff_probe_read :
           a == ACC_WRITE ? diff_probe_write : diff_probe_fetch;
}

/* Shared with the lower EL (in the image, so All access). */
static volatile struct {
    uint64_t va;
    uint64_t acc;
    uint64_t mmu;
} lreq;

static uint64_t lower_probe(uint64_t unused)
{
    unsigned el = current_el();
    lower_fn fn = probe_fn((enum acc)lreq.acc);
    uint64_t va = lreq.va;

    (void)unused;
    if (el == 2) {
        write_sysreg(vbar_el2, diff_vectors_el2);
    } else {
        write_sysreg(vbar_el1, diff_vectors_el1);
    }
    isb();
    if (lreq.mmu) {
        /* EL2 only: stage 1 of the EL2 regime, probe through the window */
        uint64_t sctlr = read_sysreg(sctlr_el2);

        write_sysreg(mair_el2, MAIR_VALUE);
        write_sysreg(tcr_el2, TCR_VALUE);
        write_sysreg(ttbr0_el2, pt_el2);
        isb();
        __asm__ volatile("tlbi alle2\n\tdsb sy\n\tisb" : : : "memory");
        write_sysreg(sctlr_el2, sctlr | SCTLR_M);
        isb();
        fn(va);
        write_sysreg(sctlr_el2, sctlr);
        isb();
    } else {
        fn(va);
    }
    return 0;
}

static void el3_probe(uint64_t va, enum acc a, bool mmu)
{
    lower_fn fn = probe_fn(a);

    if (mmu) {
        uint64_t sctlr = read_sysreg(sctlr_el3);

        write_sysreg(mair_el3, MAIR_VALUE);
        write_sysreg(tcr_el3, TCR_VALUE);
        write_sysreg(ttbr0_el3, pt_el3);
        isb();
        __asm__ volatile("tlbi alle3\n\tdsb sy\n\tisb" : : : "memory");
        write_sysreg(sctlr_el3, sctlr | SCTLR_M);
        isb();
        fn(va);
        write_sysreg(sctlr_el3, sctlr);
        isb();
    } else {
        fn(va);
    }
}

/* ---- layout state ---------------------------------------------------- */

struct l1tab {
    uint64_t base;
    uint64_t nwr;           /* entries [0, nwr) are writable RAM */
    const char *where;
};

struct run {
    uint8_t tab;
    uint64_t lo, hi;        /* L1 entry indices [lo, hi) */
};

#define MAX_TABS    4
#define MAX_RUNS    96
#define MAX_L0      48

static struct {
    uint64_t gpccr;         /* as written */
    uint64_t gptbr;
    uint64_t gpcbw;         /* GPCBW_EL3 as written (FEAT_RME_GPC3) */
    gpt_config cfg;         /* what the walker sees */
    unsigned t, p;          /* PPS and PGS in bits */
    bool nso, appsaa, spad, nspad, rlpad;
    bool sa, nsp, na6, na7;     /* FEAT_RME_GDI GPI enables */
    bool bw;                    /* GPCCR_EL3.GPCBW (FEAT_RME_GPC3) */
    uint64_t l0base;        /* aligned level 0 table base */
    uint64_t l0_nwr;        /* writable level 0 entries [0, l0_nwr) */
    const char *l0where;
    struct l1tab tab[MAX_TABS];
    unsigned ntabs;
    struct run touched[MAX_RUNS];
    unsigned ntouched;
    uint64_t l0done[MAX_L0];
    unsigned nl0done;
    bool full;              /* bookkeeping full: end the layout */
} L;

static uint64_t l0_index(uint64_t pa)
{
    return L.t > s_bits ? (pa >> s_bits) & BITS(L.t - s_bits) : 0;
}

static uint64_t l1_index(uint64_t pa)
{
    return (pa >> (L.p + 4)) & BITS(s_bits - L.p - 4);
}

static uint64_t l1_table_size(void)
{
    return 8UL << (s_bits - L.p - 4);
}

/* ---- descriptor generation ------------------------------------------ */

static const uint8_t gpi_ok[] = { 0x0, 0x8, 0x9, 0xa, 0xb, 0xf, 0xf, 0xd,
                                  0x4, 0x5, 0x6, 0x7 };
static const uint8_t gpi_bad[] = { 0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0xc,
                                   0xe, 0xd };

/*
 * GPIs whose validity depends on GPCCR_EL3 (D9.6.5): NSO (FEAT_RME_GPC2)
 * and SA, NSP, NA6, NA7 (FEAT_RME_GDI) are reserved unless enabled.
 */
static bool gpi_enabled(unsigned g)
{
    switch (g) {
    case 0xd:
        return L.nso;
    case 0x4:
        return L.sa;
    case 0x5:
        return L.nsp;
    case 0x6:
        return L.na6;
    case 0x7:
        return L.na7;
    default:
        return true;
    }
}

/* A valid GPI for this configuration. */
static unsigned rnd_gpi_valid(void)
{
    unsigned g;

    do {
        g = gpi_ok[below(sizeof(gpi_ok))];
    } while (!gpi_enabled(g));
    return g;
}

/* A reserved GPI for this configuration. */
static unsigned rnd_gpi_reserved(void)
{
    unsigned g;

    do {
        g = gpi_bad[below(sizeof(gpi_bad))];
    } while (gpi_enabled(g) && g >= 0x4 && g != 0xc && g != 0xe);
    return g;
}

static unsigned rnd_gpi(unsigned bad_pct)
{
    return chance(bad_pct) ? rnd_gpi_reserved() : rnd_gpi_valid();
}

static uint64_t granules_desc(void)
{
    uint64_t d = 0;

    for (unsigned i = 0; i < 16; i++) {
        d |= (uint64_t)rnd_gpi_valid() << (4 * i);
    }
    if (chance(35)) {
        /* one to three reserved GPIs, indexed or not */
        unsigned n = 1 + below(3);

        for (unsigned k = 0; k < n; k++) {
            unsigned i = below(16);

            d = (d & ~(0xfUL << (4 * i))) |
                ((uint64_t)rnd_gpi_reserved() << (4 * i));
        }
    }
    /* A granules descriptor must not look like a contiguous one:
     * GPI[0] = 0b0001 is reserved anyway, so this is just a spelling. */
    return d;
}

/* ---- bookkeeping ------------------------------------------------------ */

static bool l0_done(uint64_t idx)
{
    for (unsigned i = 0; i < L.nl0done; i++) {
        if (L.l0done[i] == idx) {
            return true;
        }
    }
    return false;
}

static void l0_mark(uint64_t idx)
{
    if (L.nl0done < MAX_L0) {
        L.l0done[L.nl0done++] = idx;
    }
    if (L.nl0done >= MAX_L0 - 2) {
        L.full = true;
    }
}

static const struct run *run_at_index(unsigned tab, uint64_t j)
{
    for (unsigned i = 0; i < L.ntouched; i++) {
        if (L.touched[i].tab == tab && j >= L.touched[i].lo &&
            j < L.touched[i].hi) {
            return &L.touched[i];
        }
    }
    return NULL;
}

static uint64_t next_touched(unsigned tab, uint64_t j)
{
    uint64_t n = ~0UL;

    for (unsigned i = 0; i < L.ntouched; i++) {
        if (L.touched[i].tab == tab && L.touched[i].lo > j &&
            L.touched[i].lo < n) {
            n = L.touched[i].lo;
        }
    }
    return n;
}

static void touch(unsigned tab, uint64_t lo, uint64_t hi)
{
    if (L.ntouched < MAX_RUNS) {
        L.touched[L.ntouched++] = (struct run){ (uint8_t)tab, lo, hi };
    }
    if (L.ntouched >= MAX_RUNS - 4) {
        L.full = true;
    }
}

/* Write L1 entries [lo, hi) of table tab with d, skipping touched ones. */
static void l1_fill(unsigned tab, uint64_t lo, uint64_t hi, uint64_t d)
{
    const struct l1tab *T = &L.tab[tab];
    uint64_t j = lo;

    if (hi > T->nwr) {
        hi = T->nwr;
    }
    while (j < hi) {
        const struct run *r = run_at_index(tab, j);
        uint64_t end;

        if (r) {
            j = r->hi;
            continue;
        }
        end = next_touched(tab, j);
        if (end > hi) {
            end = hi;
        }
        for (; j < end; j++) {
            wr64(T->base + j * 8, d);
        }
    }
}

/* Make sure L1 entry j of table tab has been generated in this layout. */
static void l1_gen(unsigned tab, uint64_t j)
{
    const struct l1tab *T = &L.tab[tab];
    uint64_t d;

    if (j >= T->nwr || run_at_index(tab, j)) {
        return;
    }
    if (chance(55)) {
        d = granules_desc();
        wr64(T->base + j * 8, d);
        touch(tab, j, j + 1);
        return;
    }
    if (chance(85)) {
        /* Contiguous: 2MB / 32MB / 512MB (R_CZJSQ), naturally aligned */
        static const unsigned cbits[4] = { 0, 21, 25, 29 };
        unsigned size = 1 + below(3);
        uint64_t n = 1UL << (cbits[size] - L.p - 4);
        uint64_t lo = j & ~(n - 1);

        d = ((uint64_t)rnd_gpi(12) << 4) | ((uint64_t)size << 8) | 0x1;
        if (chance(4)) {
            d |= (1 + below(BITS(54))) << 10;       /* RES0 [63:10] */
        }
        if (chance(4)) {
            d &= ~(3UL << 8);                       /* Contig 0b00 */
        }
        if (chance(8)) {
            /* misprogrammed run (R_SPLJH): only this entry */
            wr64(T->base + j * 8, d);
            touch(tab, j, j + 1);
        } else {
            l1_fill(tab, lo, lo + n, d);
            touch(tab, lo, lo + n);
        }
        return;
    }
    /* Garbage: a random 64-bit value (mostly invalid) */
    d = rnd();
    if (chance(30)) {
        d = (d & ~0xfUL) | 0x1;                     /* contig-typed junk */
    }
    wr64(T->base + j * 8, d);
    touch(tab, j, j + 1);
}

/* An address above PPS (< 2^52), aligned to 2^align. */
static uint64_t above_pps_addr(unsigned align)
{
    return in_range(1UL << L.t, 1UL << 52, align) & BITS(52);
}

/* A hole address below PPS if possible, aligned to 2^align. */
static uint64_t hole_addr(unsigned align)
{
    uint64_t a;

    if (chance(50)) {
        a = (sec_end + BITS(align)) & ~BITS(align);
        if (a + (1UL << align) <= DM_SEC_HOLE_END) {
            return a;
        }
    }
    return in_range(DM_HOLE_MID_BASE, DM_HOLE_MID_END, align);
}

static uint64_t l0_table_desc(void)
{
    unsigned tab = below(L.ntabs);
    unsigned a = s_bits - L.p - 1;          /* L1 table alignment */
    uint64_t d = L.tab[tab].base | 0x3;
    unsigned r = below(100);

    if (r < 4) {
        d |= (1 + below(255)) << 4;                 /* RES0 [11:4] */
    } else if (r < 8 && a > 12) {
        d |= 1UL << (12 + below(a - 12));           /* misaligned */
    } else if (r < 12) {
        d |= (1 + below(4095)) << 52;               /* [63:52] */
    } else if (r < 18 && L.t < 52) {
        d = above_pps_addr(a) | 0x3;                /* above PPS */
    } else if (r < 22) {
        d = hole_addr(a) | 0x3;                     /* nothing there */
    }
    return d;
}

/* Make sure the L0 entry for pa (and its L1 entry) has been generated. */
static void gen_for(uint64_t pa)
{
    uint64_t idx = l0_index(pa);
    uint64_t ea = L.l0base + idx * 8;
    uint64_t d;

    if (pa >> L.t) {
        return;                                     /* no walk */
    }
    if (!l0_done(idx)) {
        if (idx < L.l0_nwr) {
            unsigned r = below(100);

            if (r < 10) {
                d = chance(30) ? 0 : rnd();
                if ((d & 0xf) == 1 || (d & 0xf) == 3) {
                    d ^= 0x4;                       /* invalid type */
                }
            } else if (r < 38) {
                d = ((uint64_t)rnd_gpi(15) << 4) | 0x1;
                if (chance(5)) {
                    d |= (1 + below(BITS(56))) << 8;    /* RES0 [63:8] */
                }
            } else {
                d = l0_table_desc();
            }
            wr64(ea, d);
        }
        l0_mark(idx);
    }
    if (idx >= L.l0_nwr) {
        return;
    }
    d = rd64(ea);
    if ((d & 0xf) == 3) {
        for (unsigned tab = 0; tab < L.ntabs; tab++) {
            if ((d & ~0xfUL) == L.tab[tab].base) {
                l1_gen(tab, l1_index(pa));
                if (base_cfg.feat_gdi) {
                    /* the walk checks the whole pair (I_VRKNJ) */
                    l1_gen(tab, l1_index(pa) ^ 1);
                }
            }
        }
    }
}

/* ---- layout generation ----------------------------------------------- */

static const uint64_t prot_lo[2] = { BOARD_IMAGE_BASE, DM_UART_BASE };
static uint64_t prot_hi[2];

/* A table of 2^size_bits bytes placed so that it straddles the end of
 * Secure RAM, with its first `need` bytes in RAM; 0 if impossible. */
static uint64_t straddle_base(unsigned size_bits, uint64_t need)
{
    uint64_t size = 1UL << size_bits;
    uint64_t b = (sec_end - 1) & ~(size - 1);

    if (b < DM_SEC_BASE || b + size <= sec_end || sec_end - b < need) {
        return 0;
    }
    return b;
}

static bool pick_slot(bool used[DM_NSLOTS], unsigned *slot)
{
    unsigned free = 0, k;

    for (unsigned i = 0; i < DM_NSLOTS; i++) {
        free += !used[i];
    }
    if (!free) {
        return false;
    }
    k = below(free);
    for (unsigned i = 0; i < DM_NSLOTS; i++) {
        if (!used[i] && k-- == 0) {
            used[i] = true;
            *slot = i;
            return true;
        }
    }
    return false;
}

static void protect(void)
{
    for (unsigned r = 0; r < 2; r++) {
        uint64_t lo = prot_lo[r], hi = prot_hi[r];

        for (uint64_t pa = lo & ~BITS(s_bits); pa < hi; pa += 1UL << s_bits) {
            uint64_t idx = l0_index(pa);
            uint64_t d;
            int ram_tabs[MAX_TABS];
            unsigned n = 0;

            if (l0_done(idx)) {
                continue;
            }
            for (unsigned t = 0; t < L.ntabs; t++) {
                if (L.tab[t].nwr == (l1_table_size() / 8)) {
                    ram_tabs[n++] = (int)t;
                }
            }
            if (n && chance(75)) {
                unsigned tab = (unsigned)ram_tabs[below(n)];

                d = L.tab[tab].base | 0x3;
            } else {
                d = ((uint64_t)GPT_GPI_ANY << 4) | 0x1;
            }
            wr64(L.l0base + idx * 8, d);
            l0_mark(idx);
        }
    }
    /* Level 1: every entry covering a protected range is All access. */
    for (unsigned r = 0; r < 2; r++) {
        uint64_t step = 1UL << (L.p + 4);

        for (uint64_t pa = prot_lo[r] & ~(step - 1); pa < prot_hi[r];
             pa += step) {
            uint64_t d = rd64(L.l0base + l0_index(pa) * 8);

            if ((d & 0xf) != 3) {
                continue;
            }
            for (unsigned tab = 0; tab < L.ntabs; tab++) {
                uint64_t j = l1_index(pa);

                if ((d & ~0xfUL) != L.tab[tab].base) {
                    continue;
                }
                /* with FEAT_RME_GDI the other entry of the 16-byte pair
                 * must be valid too (I_VRKNJ) */
                for (unsigned k = 0; k < (base_cfg.feat_gdi ? 2 : 1); k++) {
                    uint64_t jj = base_cfg.feat_gdi ? (j & ~1UL) + k : j;

                    if (jj >= L.tab[tab].nwr || run_at_index(tab, jj)) {
                        continue;
                    }
                    wr64(L.tab[tab].base + jj * 8, ~0UL); /* 16 x All */
                    touch(tab, jj, jj + 1);
                }
            }
        }
    }
}

static const char *const pgs_name[] = { "4K", "64K", "16K", "rsv" };

/* Valid GPCBW_EL3.BWSIZE and BWSTRIDE encodings (D24.2.55). */
static const uint8_t bwsize_ok[] = { 0x0, 0x1, 0x2, 0x4, 0x6 };
static const uint8_t bwstride_ok[] = { 0x00, 0x02, 0x04, 0x06, 0x07, 0x08,
                                       0x09, 0x0a, 0x10 };

static bool bwstride_valid(unsigned stride)
{
    for (unsigned i = 0; i < sizeof(bwstride_ok); i++) {
        if (bwstride_ok[i] == stride) {
            return true;
        }
    }
    return false;
}

/*
 * FEAT_RME_GPC3: a valid GPCBW_EL3 (an invalid one with GPCCR_EL3.GPCBW
 * set faults every access, the harness's too, so only fatal cases use
 * one) and whether GPCCR_EL3.GPCBW enables it.  The window base is often
 * the one that holds RAM (the harness, the tables, the scratch area) or
 * 0 (Secure RAM and the low hole); the stride repeats it.
 */
static void gen_bypass_window(void)
{
    unsigned size = bwsize_ok[below(sizeof(bwsize_ok))];
    unsigned stride = bwstride_ok[below(sizeof(bwstride_ok))];
    unsigned lo = 30 + size;            /* gpcbwl */
    unsigned r = below(100);
    uint64_t base;

    if (r < 30) {
        base = DM_RAM_BASE & ~BITS(lo);
    } else if (r < 50) {
        base = 0;
    } else {
        /* any aligned base below the stride */
        base = in_range(0, 1UL << (40 + stride), lo);
    }
    L.bw = chance(50);
    L.gpcbw = (base >> 30) | ((uint64_t)stride << 32) |
              ((uint64_t)size << 37);
    if (chance(10)) {
        /* RES0 bits [63:40] and [31:26] are ignored */
        L.gpcbw |= rnd() & ((~0UL << 40) | (BITS(6) << 26));
    }
    if (!L.bw && chance(30)) {
        /* with GPCCR_EL3.GPCBW clear, GPCBW_EL3 is not looked at */
        L.gpcbw = rnd();
    }
}

static bool gen_layout(void)
{
    /* {PPS3, PPS}; 0b0111 (56 bits) exceeds every PARange the test
     * runs on, so only the fatal cases use it */
    static const unsigned pps_bits[16] = { 32, 36, 40, 42, 44, 48, 52, 0,
                                           46, 47 };
    bool used[DM_NSLOTS] = { false };
    unsigned pps, pgs, sh, irgn, orgn, l0size_bits, l0align_bits, slot;
    uint64_t v;

    memset(&L, 0, sizeof(L));

    /* GPCCR_EL3 (D24.2.56): only consistent configurations (R_JWCSM
     * faults every access, including the harness's own). */
    do {
        /* FEAT_RME_GPC3 adds 0b1000 (46 bits) and 0b1001 (47 bits) */
        pps = below(base_cfg.feat_gpc3 ? 9 : 7);
        pps = pps == 7 ? 8 : pps == 8 ? 9 : pps;
    } while (pps_bits[pps] > base_cfg.pa_range_bits ||
             ((p_flags & DF_AVOID_PPS_LE_L0) && pps_bits[pps] <= s_bits));
    pgs = below(3);
    if (base_cfg.pgs_reserved & (1u << pgs)) {
        pgs = 0;
    }
    irgn = below(4);
    orgn = below(4);
    sh = (unsigned[]){ 0, 2, 3 }[below(3)];
    if (irgn == 0 && orgn == 0) {
        sh = 2;             /* Non-cacheable needs Outer Shareable */
    }
    L.t = pps_bits[pps];
    L.p = pgs == 0 ? 12 : pgs == 1 ? 16 : 14;
    v = (pps & 7) | ((uint64_t)(pps >> 3) << 3) |
        ((uint64_t)irgn << 8) | ((uint64_t)orgn << 10) |
        ((uint64_t)sh << 12) | ((uint64_t)pgs << 14) | (1UL << 16);
    if (chance(50)) {
        v |= 1UL << 17;                                 /* GPCP */
    }
    if (base_cfg.feat_gpc2) {
        L.nso = chance(40);
        L.appsaa = chance(25);
        L.spad = chance(12);
        L.nspad = chance(12);
        L.rlpad = chance(12);
        v |= ((uint64_t)L.nso << 19) | ((uint64_t)L.appsaa << 24) |
             ((uint64_t)L.spad << 7) | ((uint64_t)L.nspad << 6) |
             ((uint64_t)L.rlpad << 5);
    }
    if (base_cfg.feat_gdi) {
        /* GPCCR_EL3.{SA, NSP, NA6, NA7} enable GPIs 0b0100..0b0111 */
        L.sa = chance(40);
        L.nsp = chance(40);
        L.na6 = chance(40);
        L.na7 = chance(40);
        v |= ((uint64_t)L.sa << 25) | ((uint64_t)L.nsp << 26) |
             ((uint64_t)L.na6 << 27) | ((uint64_t)L.na7 << 28);
    }
    if (base_cfg.feat_gpc3) {
        gen_bypass_window();
        v |= (uint64_t)L.bw << 29;
    }
    v |= below(16) << 20;               /* L0GPTSZ is read-only */
    if (chance(15)) {
        /* RES0 bits for this PE: [63:30], 18 (TBGPCD), 4, and 29
         * (GPCBW) and 3 (PPS3) without FEAT_RME_GPC3, 28:25 without
         * FEAT_RME_GDI */
        uint64_t res0 = (~0UL << 30) | (1UL << 18) | (1UL << 4);

        if (!base_cfg.feat_gpc3) {
            res0 |= (1UL << 29) | (1UL << 3);
        }
        if (!base_cfg.feat_gdi) {
            res0 |= 0xfUL << 25;
        }
        v |= rnd() & res0;
    }
    L.gpccr = v;

    /* Level 0 table: 2^(t-s) entries, aligned to its size (min 4KB). */
    l0size_bits = L.t > s_bits ? L.t - s_bits + 3 : 3;
    l0align_bits = l0size_bits > 12 ? l0size_bits : 12;
    {
        unsigned r = below(100);
        uint64_t b = 0;
        uint64_t need = 8 * (l0_index(prot_lo[1]) > l0_index(prot_lo[0]) ?
                             l0_index(prot_lo[1]) + 1 :
                             l0_index(prot_lo[0]) + 1);

        if (r < 12) {
            b = straddle_base(l0size_bits, need);
            L.l0where = "secure-ram-straddle";
        } else if (r < 18 && (1UL << l0align_bits) <= p_sec_size) {
            b = DM_SEC_BASE +
                in_range(0, p_sec_size - (1UL << l0align_bits) + 1,
                         l0align_bits);
            L.l0where = "secure-ram";
        }
        if (!b) {
            pick_slot(used, &slot);
            b = DM_ARENA_BASE + slot * DM_SLOT_SIZE +
                in_range(0, DM_SLOT_SIZE - (1UL << l0align_bits) + 1,
                         l0align_bits);
            L.l0where = "ram";
        }
        L.l0base = b;
        L.l0_nwr = 1UL << (l0size_bits - 3);
        if (b < sec_end && b + (1UL << l0size_bits) > sec_end) {
            L.l0_nwr = (sec_end - b) / 8;
        }
    }
    /* GPTBR_EL3: BADDR, plus ignored bits below the table alignment and
     * in the RES0 field [63:52] (shifted out of PA range by <<12). */
    L.gptbr = L.l0base >> 12;
    if (chance(30) && l0align_bits > 12) {
        L.gptbr |= below(1UL << (l0align_bits - 12));
    }
    if (chance(10)) {
        L.gptbr |= (1 + below(4095)) << 52;
    }
    if ((p_flags & DF_UNSAFE_GPTBR) && chance(10)) {
        /* RES0 only up from bit 44 with FEAT_RME_GPC3 (BADDR[43:40]) */
        L.gptbr |= base_cfg.feat_gpc3 ? 1UL << (44 + below(8)) :
                                        1UL << (40 + below(12));
    }

    /* Level 1 tables */
    L.ntabs = 1 + below(MAX_TABS);
    for (unsigned i = 0; i < L.ntabs; i++) {
        struct l1tab *T = &L.tab[i];
        unsigned tb = s_bits - L.p - 1;
        uint64_t tsize = 1UL << tb;
        unsigned r = below(100);
        bool l0_in_sec = L.l0base < DM_SEC_HOLE_END;

        T->nwr = tsize / 8;
        T->base = 0;
        if (r < 10) {
            T->base = hole_addr(tb);
            T->nwr = 0;
            T->where = "hole";
        } else if (r < 17 && !l0_in_sec) {
            T->base = straddle_base(tb, 8);
            T->nwr = T->base ? (sec_end - T->base) / 8 : 0;
            T->where = "secure-ram-straddle";
        } else if (r < 22 && !l0_in_sec && tsize <= p_sec_size) {
            T->base = DM_SEC_BASE + in_range(0, p_sec_size - tsize + 1, tb);
            T->where = "secure-ram";
        }
        if (!T->base) {
            if (!pick_slot(used, &slot)) {
                slot = 0;
            }
            T->base = DM_ARENA_BASE + slot * DM_SLOT_SIZE +
                      in_range(0, DM_SLOT_SIZE - tsize + 1, tb);
            T->nwr = tsize / 8;
            T->where = "ram";
        }
        /* two tables in Secure RAM could overlap: keep only one there */
        if (T->base < DM_SEC_HOLE_END) {
            for (unsigned k = 0; k < i; k++) {
                if (L.tab[k].base < DM_SEC_HOLE_END) {
                    T->base = hole_addr(tb);
                    T->nwr = 0;
                    T->where = "hole";
                }
            }
        }
    }

    L.cfg = base_cfg;
    L.cfg.gpccr = (L.gpccr & ~(0xfUL << 20)) | ((uint64_t)l0gptsz_enc << 20);
    L.cfg.gptbr = L.gptbr;
    L.cfg.gpcbw = L.gpcbw;
    L.cfg.read = walker_read;

    protect();

    /* The harness must survive: every protected granule passes for every
     * PA space that is not disabled (checked once per level 1 entry). */
    for (unsigned r = 0; r < 2; r++) {
        uint64_t step = 1UL << (L.p + 4);

        for (uint64_t pa = prot_lo[r]; pa < prot_hi[r];
             pa = (pa + step) & ~(step - 1)) {
            for (unsigned pas = 0; pas < 4; pas++) {
                gpt_result res;

                if ((pas == PAS_S && L.spad) || (pas == PAS_NS && L.nspad) ||
                    (pas == PAS_RL && L.rlpad)) {
                    continue;
                }
                res = gpt_check(&L.cfg, pa, (gpt_pas)pas, (gpt_ss)pas);
                if (res.kind != GPT_OK) {
                    printf("GENERATOR ERROR: protected PA 0x%lx %s: %s "
                           "(%s) gpccr=0x%lx gptbr=0x%lx\n", pa,
                           pas_short(pas), gpt_result_name(res.kind),
                           gpt_reason_name(res.reason), L.gpccr, L.gptbr);
                    gen_errors++;
                    return false;
                }
            }
        }
    }
    return true;
}

/* ---- cases ----------------------------------------------------------- */

struct region {
    uint64_t lo, hi;
    unsigned acc_mask;      /* 1 << ACC_* allowed */
    unsigned weight;
    const char *name;
};

#define R_ONLY  (1u << ACC_READ)
#define R_ALL   ((1u << ACC_READ) | (1u << ACC_WRITE) | (1u << ACC_FETCH))

static struct region regions[] = {
    { DM_HOLE_HIGH_BASE, DM_HOLE_HIGH_END, R_ALL, 22, "hole-high" },
    { DM_HOLE_MID_BASE, DM_HOLE_MID_END, R_ALL, 16, "hole-mid" },
    { 0, DM_SEC_HOLE_END, R_ALL, 5, "hole-low" },       /* lo = sec_end */
    { DM_SCRATCH_BASE, DM_SCRATCH_END, R_ALL, 20, "scratch" },
    { DM_ARENA_BASE, DM_SCRATCH_BASE, R_ONLY, 14, "gpt-arena" },
    { DM_SEC_BASE, 0, R_ONLY, 6, "secure-ram" },        /* hi = sec_end */
    { BOARD_IMAGE_BASE, 0, R_ONLY, 3, "image" },        /* hi = image end */
    { DM_RAM_BASE, BOARD_IMAGE_BASE, R_ONLY, 4, "dtb-params" },
    { 0, DM_ARENA_BASE, R_ONLY, 4, "free-ram" },        /* lo = image end */
};

static const struct region *region_of(uint64_t pa)
{
    for (unsigned i = 0; i < ARRAY_SIZE(regions); i++) {
        if (in(pa, regions[i].lo, regions[i].hi)) {
            return &regions[i];
        }
    }
    return NULL;
}

struct casedesc {
    struct req rq;
    enum acc acc;
    uint64_t pa, va;
    const char *region;
};

static uint64_t prev_pa;

static void pick_requester(struct req *rq, uint64_t pa)
{
    bool dis[4] = { [PAS_S] = L.spad, [PAS_NS] = L.nspad,
                    [PAS_RL] = L.rlpad, [PAS_ROOT] = false };
    bool win = mmu_ok && pa < (1UL << 48);

    for (;;) {
        unsigned r = below(100);

        memset(rq, 0, sizeof(*rq));
        rq->scr_gpf = !chance(15);
        if (r < 45) {
            /* MMU off: own PA space */
            static const unsigned ss[4] = { GPT_SS_SECURE, GPT_SS_NONSECURE,
                                            GPT_SS_REALM, GPT_SS_ROOT };
            rq->ss = ss[below(4)];
            rq->pas = rq->ss;
            rq->el = rq->ss == GPT_SS_ROOT ? 3 : 1 + below(2);
        } else if (r < 75 && win) {
            /* EL3 through a window to any PA space (descriptor NSE/NS) */
            rq->ss = GPT_SS_ROOT;
            rq->el = 3;
            rq->pas = below(4);
            rq->mmu = true;
        } else if (r < 90 && win) {
            /* Secure or Realm EL2 to the Non-secure PA space */
            rq->ss = chance(50) ? GPT_SS_SECURE : GPT_SS_REALM;
            rq->el = 2;
            rq->pas = PAS_NS;
            rq->mmu = true;
        } else {
            continue;
        }
        /*
         * The requester's own code must run: its PA space not disabled.
         * Or else the probe is its first instruction fetch, which gets
         * the GPF (R_TCWMD) as a GPC exception (SCR_EL3.GPF must be 1:
         * otherwise the GPF is taken at the requester's EL, whose vectors
         * cannot be fetched either).
         */
        if (rq->ss != GPT_SS_ROOT && dis[rq->ss]) {
            if (!rq->mmu && chance(50)) {
                rq->entry = true;
                rq->scr_gpf = true;
                return;
            }
            continue;
        }
        return;
    }
}

static void pick_case(struct casedesc *c)
{
    const struct region *rg = NULL;
    uint64_t pa = 0;

    if (prev_pa && chance(15)) {
        /* near the previous probe: same descriptor, same contiguous run */
        pa = prev_pa ^ (below(1UL << (L.p + (chance(50) ? 4 : 10))) & ~7UL);
        rg = region_of(pa);
    }
    if (!rg) {
        unsigned total = 0, k;

        for (unsigned i = 0; i < ARRAY_SIZE(regions); i++) {
            total += regions[i].weight;
        }
        k = below(total);
        for (unsigned i = 0; i < ARRAY_SIZE(regions); i++) {
            if (k < regions[i].weight) {
                rg = &regions[i];
                break;
            }
            k -= regions[i].weight;
        }
        pa = in_range(rg->lo, rg->hi, 3);
        if (chance(50)) {
            /* aligned to a random granule/block size */
            uint64_t a = pa & ~BITS(12 + below(30));

            if (a >= rg->lo) {
                pa = a;
            }
        }
        if (chance(20)) {
            /* right below PPS or right above it */
            uint64_t a = (1UL << L.t) - (chance(50) ? 8 : 0) +
                         (chance(50) ? 0 : 8 * below(512));

            if (region_of(a)) {
                pa = a;
                rg = region_of(a);
            }
        }
    }
    pa &= ~7UL;
    c->pa = pa;
    c->region = rg->name;
    c->acc = (enum acc)below(3);
    if (!(rg->acc_mask & (1u << c->acc))) {
        c->acc = ACC_READ;
    }
    pick_requester(&c->rq, pa);
    if (c->rq.entry) {
        c->pa = c->va = (uint64_t)(uintptr_t)lower_el_entry;
        c->region = "entry";
        c->acc = ACC_FETCH;
        prev_pa = pa;
        return;
    }
    /*
     * Instruction fetches through a stage 1 window into another PA space
     * get a Permission fault before the GPC: at EL3 from any PA space but
     * Root (R_ZWRVD), at Realm EL2 from any but Realm (R_PKTDS).  Secure
     * EL2 may fetch from Non-secure (SCR_EL3.SIF is 0).
     */
    if (c->acc == ACC_FETCH && c->rq.mmu &&
        ((c->rq.ss == GPT_SS_ROOT && c->rq.pas != PAS_ROOT) ||
         c->rq.ss == GPT_SS_REALM)) {
        c->acc = chance(50) && (rg->acc_mask & (1u << ACC_WRITE)) ?
                 ACC_WRITE : ACC_READ;
    }
    c->va = c->rq.mmu ? WIN_VA | (pa & BITS(30)) : pa;
    prev_pa = pa;
}

/* ---- outcome classification --------------------------------------- */

enum gclass { G_NONE, G_GPC, G_ABORT_GPF, G_SEA, G_OTHER };
static const char *const gclass_name[] = {
    "pass", "gpc-exception", "abort-gpf", "external-abort", "other",
};

struct outcome {
    enum gclass cls;
    unsigned gpcsc;         /* G_GPC */
    unsigned el;            /* EL the exception was taken to */
};

static struct outcome got_outcome(void)
{
    struct outcome o = { G_NONE, 0, 0 };
    unsigned ec, fsc;

    if (!diff_exc.taken) {
        return o;
    }
    ec = ESR_EC(diff_exc.esr);
    fsc = diff_exc.esr & 0x3f;
    o.el = (unsigned)diff_exc.el;
    if (ec == EC_GPC) {
        o.cls = G_GPC;
        o.gpcsc = GPC_ISS_GPCSC(diff_exc.esr);
    } else if (fsc == 0x10) {
        o.cls = G_SEA;
    } else if (fsc == 0x28) {
        o.cls = G_ABORT_GPF;
    } else {
        o.cls = G_OTHER;
    }
    return o;
}

static struct outcome exp_outcome(const struct casedesc *c,
                                  const gpt_result *r)
{
    struct outcome o = { G_NONE, 0, 0 };
    unsigned el = c->rq.el;

    switch (r->kind) {
    case GPT_OK:
        if (!backed(c->pa, c->rq.pas)) {
            /* a synchronous External abort, taken to EL3 if SCR_EL3.EA is
             * 1, else to the requester's EL (HCR_EL2.TEA is 0) */
            o.cls = G_SEA;
            o.el = (p_flags & DF_SCR_EA) ? 3 : el;
        }
        return o;
    case GPT_FAULT_GPF:
        if (el == 3 || !c->rq.scr_gpf) {
            /* R_BLYPM (EL3), R_VBZMW/R_LXHQR: an Instruction/Data Abort
             * with FSC GPF at the requester's EL (HCR_EL2.GPF is 0) */
            o.cls = G_ABORT_GPF;
            o.el = el;
            return o;
        }
        /* fall through */
    default:
        o.cls = G_GPC;
        o.gpcsc = r->gpcsc;
        o.el = 3;
        return o;
    }
}

static unsigned mfar_pas_bits(unsigned pas)
{
    /* MFAR_EL3.NSE (62), NS (63): Secure 00, NS 01, Root 10, Realm 11 */
    return (pas & 1 ? 2u : 0u) | (pas & 2 ? 1u : 0u);
}

/* Field checks on the exception QEMU reported; returns a reason or NULL. */
static const char *check_fields(const struct casedesc *c, struct outcome e)
{
    uint64_t esr = diff_exc.esr;
    unsigned ec = ESR_EC(esr);
    bool fetch = c->acc == ACC_FETCH;
    uint64_t elr = fetch ? c->va : (uint64_t)(uintptr_t)probe_fn(c->acc);

    if (diff_exc.el != e.el) {
        return "target EL";
    }
    if (diff_exc.elr != elr) {
        return "ELR";
    }
    if (e.cls == G_SEA) {
        return NULL;
    }
    if (diff_exc.far != c->va) {
        return "FAR";
    }
    if (e.cls == G_GPC) {
        /* ISS: IL, InD, GPCSC, xFSC; S2PTW, VNCR, CM, S1PTW zero */
        if (!(esr & ESR_IL)) {
            return "IL";
        }
        if (!!(esr & GPC_ISS_IND) != fetch) {
            return "ISS.InD";
        }
        if (!!(esr & GPC_ISS_WNR) != (c->acc == ACC_WRITE)) {
            return "ISS.WnR";
        }
        if ((esr & 0x3f) != 0x28) {
            return "ISS.xFSC";
        }
        if (esr & ((1UL << 21) | (1UL << 13) | (1UL << 8) | (1UL << 7))) {
            return "ISS.S2PTW/VNCR/CM/S1PTW";
        }
        if ((diff_exc.mfar & 0x000ffffffffff000UL) !=
            (c->pa & 0x000ffffffffff000UL)) {
            return "MFAR_EL3.FPA";
        }
        if ((unsigned)(diff_exc.mfar >> 62) != mfar_pas_bits(c->rq.pas)) {
            return "MFAR_EL3.{NS,NSE}";
        }
        if (diff_exc.mfar & 0x3ff0000000000fffUL) {
            return "MFAR_EL3 RES0";
        }
        return NULL;
    }
    /* Instruction/Data Abort with FSC GPF, taken at the requester's EL */
    if (ec != (fetch ? EC_IABT_CUR : EC_DABT_CUR)) {
        return "EC";
    }
    if (!fetch && !!(esr & (1UL << 6)) != (c->acc == ACC_WRITE)) {
        return "ISS.WnR";
    }
    return NULL;
}

/* ---- statistics -------------------------------------------------------- */

struct mclass {
    unsigned ek, er, el, gc, gk;    /* expected kind/reason/level, got */
    int gpi;                        /* the walker's GPI */
    unsigned dk;                    /* descriptor kind that decided */
    unsigned ss, pas;               /* requester */
    const char *field;
    unsigned long count;
    unsigned long first_case;
};

static struct mclass mclasses[64];
static unsigned long n_unclassified;
static unsigned nmclasses;
static unsigned long cov_reason[GPT_R_BAD_ARGUMENT + 1][2];
static unsigned long cov_acc[3], cov_req[4][4], cov_desc[6];
/* GPI that decided a walk result; layouts per PPS (bits) */
static unsigned long cov_gpi[16], cov_pps[57];
static unsigned long n_cases, n_mismatch, n_layouts, n_mmu, n_entry;
static unsigned long n_injected;

static void record_class(const gpt_result *r, struct outcome g,
                         const char *field, unsigned long caseno,
                         const struct req *rq)
{
    unsigned gk = g.cls == G_GPC ? g.gpcsc : 0;

    for (unsigned i = 0; i < nmclasses; i++) {
        struct mclass *m = &mclasses[i];

        if (m->ek == r->kind && m->er == r->reason && m->el == r->level &&
            m->gc == g.cls && m->gk == gk && m->field == field &&
            m->gpi == r->gpi && m->dk == r->desc_kind && m->ss == rq->ss &&
            m->pas == rq->pas) {
            m->count++;
            return;
        }
    }
    if (nmclasses < ARRAY_SIZE(mclasses)) {
        mclasses[nmclasses++] = (struct mclass){
            .ek = r->kind, .er = r->reason, .el = r->level, .gc = g.cls,
            .gk = gk, .gpi = r->gpi, .dk = r->desc_kind, .ss = rq->ss,
            .pas = rq->pas, .field = field, .count = 1, .first_case = caseno,
        };
    } else {
        n_unclassified++;
    }
}

static void print_outcome(const char *what, struct outcome o)
{
    printf("%s=%s", what, gclass_name[o.cls]);
    if (o.cls == G_GPC) {
        printf("(gpcsc=0x%02x)", o.gpcsc);
    }
    if (o.cls != G_NONE) {
        printf("@EL%u", o.el);
    }
}

static void print_case(const char *tag, unsigned long caseno,
                       unsigned long layout, unsigned probe,
                       const struct casedesc *c)
{
    printf("%s seed=0x%lx case=%lu layout=%lu.%u gpccr=0x%lx gptbr=0x%lx "
           "gpcbw=0x%lx pgs=%s pps=%u l0gptsz=%u pa=0x%lx(%s) req=%s/EL%u "
           "pas=%s%s scr.gpf=%d acc=%s%s", tag, p_seed, caseno, layout, probe,
           L.gpccr, L.gptbr, L.gpcbw, pgs_name[(L.gpccr >> 14) & 3], L.t,
           s_bits, c->pa,
           c->region, ss_name(c->rq.ss), c->rq.el, pas_short(c->rq.pas),
           c->rq.mmu ? "(stage1)" : "", c->rq.el == 3 ? 1 : c->rq.scr_gpf,
           acc_name[c->acc], c->rq.entry ? "(entry)" : "");
}

static void print_walk(const gpt_result *r, uint64_t pa)
{
    uint64_t l0a = L.l0base + l0_index(pa) * 8;

    printf("    walker: %s level %u gpcsc 0x%02x reason %s gpi %d, last "
           "desc %s 0x%016lx @0x%lx (%u fetches)\n", gpt_result_name(r->kind),
           r->level, r->gpcsc, gpt_reason_name(r->reason), r->gpi,
           gpt_desc_kind_name(r->desc_kind), r->desc, r->desc_addr,
           r->nreads);
    if (!(pa >> L.t) && l0_index(pa) < L.l0_nwr) {
        printf("    L0[%lu] @0x%lx (%s) = 0x%016lx\n", l0_index(pa), l0a,
               L.l0where, rd64(l0a));
    }
}

/* ---- one case ---------------------------------------------------------- */

static void gpc_on(void)
{
    dsb_sy();
    write_sysreg_s(GPTBR_EL3, L.gptbr);
    if (base_cfg.feat_gpc3) {
        write_sysreg_s(S3_6_C2_C1_5, L.gpcbw);      /* GPCBW_EL3 */
    }
    write_sysreg_s(GPCCR_EL3, L.gpccr & ~(1UL << 16));
    isb();
    write_sysreg_s(GPCCR_EL3, L.gpccr);
    isb();
    tlbi_paall();
}

static void gpc_off(void)
{
    write_sysreg_s(GPCCR_EL3, L.gpccr & ~(1UL << 16));
    isb();
    tlbi_paall();
}

static void run_case(unsigned long caseno, unsigned long layout,
                     unsigned probe)
{
    struct casedesc c;
    gpt_result r;
    struct outcome e, g;
    const char *field = NULL;

    pick_case(&c);
    gen_for(c.pa);
    if (c.acc == ACC_FETCH && root_ram(c.pa) && !c.rq.entry) {
        c.pa &= ~3UL;
        /* RET: the fetched "function" returns at once */
        *(volatile uint32_t *)c.pa = 0xd65f03c0;
        __asm__ volatile("dsb sy\n\tic iallu\n\tdsb sy\n\tisb" : : : "memory");
        c.va = c.rq.mmu ? WIN_VA | (c.pa & BITS(30)) : c.pa;
    }
    r = gpt_check(&L.cfg, c.pa, (gpt_pas)c.rq.pas, (gpt_ss)c.rq.ss);
    e = exp_outcome(&c, &r);

    if (p_flags & DF_VERBOSE) {
        print_case("CASE", caseno, layout, probe, &c);
        printf(" exp=%s\n", gclass_name[e.cls]);
    }
    if (c.rq.mmu) {
        uint64_t wd = window_desc(c.pa, c.rq.el == 3 ?
                                  pas_desc_bits(c.rq.pas) : PTE_NS);

        if (c.rq.el == 3) {
            pt_el3[511] = wd;
        } else {
            pt_el2[511] = wd;
        }
        dsb_sy();
        n_mmu++;
    }

    memset((void *)&diff_exc, 0, sizeof(diff_exc));
    gpc_on();
    diff_exc.armed = 1;
    if (c.rq.el == 3) {
        el3_probe(c.va, c.acc, c.rq.mmu);
    } else {
        static const enum world w[4] = {
            [GPT_SS_SECURE] = WORLD_SECURE,
            [GPT_SS_NONSECURE] = WORLD_NONSECURE,
            [GPT_SS_REALM] = WORLD_REALM,
        };

        lreq.va = c.va;
        lreq.acc = c.acc;
        lreq.mmu = c.rq.mmu;
        run_at_set_scr_extra(((p_flags & DF_SCR_EA) ? SCR_EA : 0) |
                             (c.rq.scr_gpf ? SCR_GPF : 0));
        diff_exc.unwind = c.rq.entry;
        run_at(w[c.rq.ss], c.rq.el, lower_probe, 0);
        diff_exc.unwind = 0;
    }
    diff_exc.armed = 0;
    gpc_off();

    g = got_outcome();
    if ((p_flags & DF_INJECT) && caseno % 97 == 13) {
        /* self-check: a wrong expectation must be reported */
        n_injected++;
        if (e.cls == G_GPC) {
            e.gpcsc ^= 1;
        } else {
            e.cls = e.cls == G_NONE ? G_SEA : G_NONE;
        }
    }
    if (g.cls != e.cls || (e.cls == G_GPC && g.gpcsc != e.gpcsc)) {
        field = "outcome";
    } else if (g.cls != G_NONE) {
        field = check_fields(&c, e);
    }

    n_cases++;
    cov_reason[r.reason][r.kind != GPT_OK]++;
    cov_acc[c.acc]++;
    n_entry += c.rq.entry;
    cov_req[c.rq.ss][c.rq.pas]++;
    cov_desc[r.desc_kind]++;
    if (r.gpi >= 0) {
        cov_gpi[r.gpi & 15]++;
    }
    if (field) {
        n_mismatch++;
        record_class(&r, g, field, caseno, &c.rq);
        if (n_mismatch <= p_max_print) {
            print_case("MISMATCH", caseno, layout, probe, &c);
            printf("\n    expected ");
            print_outcome("", e);
            printf(" got ");
            print_outcome("", g);
            printf(" [%s]\n", field);
            printf("    QEMU: ESR=0x%lx FAR=0x%lx ELR=0x%lx MFAR=0x%lx "
                   "SPSR=0x%lx\n", diff_exc.esr, diff_exc.far, diff_exc.elr,
                   diff_exc.mfar, diff_exc.spsr);
            print_walk(&r, c.pa);
        }
    }
}


/* ---- fatal cases ------------------------------------------------------ */

/*
 * Configurations in which every access of the image faults, Root ones
 * included: an inconsistent GPCCR_EL3 (R_JWCSM: reserved PPS, PGS or SH,
 * Non-cacheable walks that are not Outer Shareable), GPTBR_EL3 above PPS
 * (R_XVCKY), a level 0 table with nothing behind it (R_DFCHJ), the image's
 * own level 0 or level 1 entries invalid or denying Root.  The harness
 * cannot report these: after GPC is enabled the PE faults on its next
 * fetch, then on every fetch of the EL3 vector, for ever.  So the image
 * prints what the walker predicts for the fetch of the vector
 * (VBAR_EL3 + 0x200, "current EL with SP_ELx, synchronous") and enables
 * GPC; fatal.py then reads ESR_EL3, ELR_EL3, FAR_EL3 and MFAR_EL3 through
 * QEMU's gdbstub and compares.  A configuration predicted to pass (e.g.
 * GPTBR_EL3 RES0 bits set) must instead reach "FATAL-RESULT pass".
 * One case per QEMU run: layout DP_FIRST_LAYOUT.
 */
static const char *fatal_mutate(unsigned m)
{
    uint64_t img = BOARD_IMAGE_BASE;
    uint64_t l0e = L.l0base + l0_index(img) * 8;
    uint64_t d;

    switch (m) {
    case 0:
        L.gpccr |= 7;                                   /* PPS 0b111 */
        return "gpccr-pps-reserved";
    case 1:
        L.gpccr |= 3UL << 14;                           /* PGS 0b11 */
        return "gpccr-pgs-reserved";
    case 2:
        L.gpccr = (L.gpccr & ~(3UL << 12)) | (1UL << 12);   /* SH 0b01 */
        return "gpccr-sh-reserved";
    case 3:
        L.gpccr &= ~(0xfUL << 8);                       /* NC, NC */
        L.gpccr = (L.gpccr & ~(3UL << 12)) |
                  ((chance(50) ? 0UL : 3UL) << 12);     /* not OSH */
        return "gpccr-nc-not-outer-shareable";
    case 4:
        if (L.t >= 52) {
            return NULL;
        }
        L.gptbr = above_pps_addr(12) >> 12;
        return "gptbr-above-pps";
    case 5:
        L.gptbr = hole_addr(L.t > s_bits ? L.t - s_bits + 3 > 12 ?
                            L.t - s_bits + 3 : 12 : 12) >> 12;
        return "gptbr-in-hole";
    case 6:
        if (chance(50)) {
            d = rnd() & ~0xfUL;
            d |= (uint64_t)(chance(50) ? 0 : 2 + 2 * below(7)); /* not 1/3 */
            if ((d & 0xf) == 1 || (d & 0xf) == 3) {
                d ^= 4;
            }
        } else {
            static const uint8_t deny[] = { 0x0, 0x8, 0x9, 0xb, 0xd, 0x1,
                                            0x6, 0xc, 0xe };
            d = ((uint64_t)deny[below(sizeof(deny))] << 4) | 1;
        }
        wr64(l0e, d);
        return "image-l0-entry";
    case 7: {
        unsigned a = s_bits - L.p - 1;

        if (chance(40) && L.t < 52) {
            d = above_pps_addr(a) | 3;
        } else if (chance(60)) {
            d = hole_addr(a) | 3;
        } else {
            d = rd64(l0e) | (1UL << (12 + below(a > 12 ? a - 12 : 1))) | 3;
        }
        wr64(l0e, d);
        return "image-l0-table";
    }
    case 8: {
        uint64_t base;
        uint64_t step = 1UL << (L.p + 4);

        d = rd64(l0e);
        if ((d & 0xf) != 3) {
            return NULL;
        }
        base = d & ~0xfUL;
        if (chance(40)) {
            d = rnd();                                  /* junk */
            if (chance(50)) {
                d = (d & ~0xfUL) | 1;
            }
        } else {
            unsigned gpi = (unsigned[]){ 0x0, 0x8, 0x9, 0xb }[below(4)];

            d = 0;
            for (unsigned i = 0; i < 16; i++) {
                d |= (uint64_t)gpi << (4 * i);
            }
        }
        for (uint64_t pa = img & ~(step - 1); pa < prot_hi[0]; pa += step) {
            wr64(base + l1_index(pa) * 8, d);
        }
        return "image-l1-entries";
    }
    case 9:
        /* RES0 without FEAT_RME_GPC3; with it [43:40] are BADDR, PA[55:52],
         * and the base is then above PPS (priority 4) */
        L.gptbr |= 1UL << (40 + below(12));
        return "gptbr-bits-51-40";
    case 10: {
        /* FEAT_RME_GPC3: an invalid bypass window configuration */
        static const uint8_t bad_size[] = { 0x3, 0x5, 0x7 };
        unsigned size = bwsize_ok[below(sizeof(bwsize_ok))];
        unsigned stride = bwstride_ok[below(sizeof(bwstride_ok))];
        uint64_t addr = 0;
        const char *why;

        if (!base_cfg.feat_gpc3) {
            return NULL;
        }
        switch (below(4)) {
        case 0:
            size = bad_size[below(sizeof(bad_size))];
            why = "gpcbw-bwsize-reserved";
            break;
        case 1:
            do {
                stride = below(32);
            } while (bwstride_valid(stride));
            why = "gpcbw-bwstride-reserved";
            break;
        case 2:
            size = bwsize_ok[1 + below(sizeof(bwsize_ok) - 1)];  /* > 1GB */
            addr = 1UL << below(size);                  /* misaligned */
            why = "gpcbw-bwaddr-unaligned";
            break;
        default:
            if (stride == 0x10) {
                stride = 0x0a;
            }
            /* base >= the stride: BWADDR bit (40 + BWSTRIDE - 30) or up */
            addr = 1UL << (10 + stride + below(26 - 10 - stride));
            addr &= ~BITS(size);
            if (!addr) {
                addr = 1UL << 25;
            }
            why = "gpcbw-bwaddr-beyond-stride";
            break;
        }
        L.gpcbw = addr | ((uint64_t)stride << 32) | ((uint64_t)size << 37);
        L.gpccr |= 1UL << 29;
        L.cfg.gpcbw = L.gpcbw;
        return why;
    }
    case 11:
        /* FEAT_RME_GPC3: {PPS3, PPS} 0b1010..0b1111 are reserved */
        if (!base_cfg.feat_gpc3) {
            return NULL;
        }
        L.gpccr = (L.gpccr & ~0xfUL) | (0xa + below(6));
        return "gpccr-pps3-reserved";
    default:
        return "valid";
    }
}

static void run_fatal(unsigned long layout)
{
    uint64_t vec = (uint64_t)(uintptr_t)diff_vectors_el3 + 0x200;
    const char *what = NULL;
    gpt_result r = { 0 };
    const char *cls;

    for (unsigned tries = 0; tries < 50; tries++) {
        bool uniform = true;

        rng = mix64(p_seed ^ mix64(layout + 0x7654321UL + tries * 0x10000UL));
        if (!gen_layout()) {
            continue;
        }
        /* cycle through the kinds so that a few cases cover them all */
        what = fatal_mutate((unsigned)((layout + tries) % 13));
        if (!what) {
            continue;
        }
        L.cfg.gpccr = (L.gpccr & ~(0xfUL << 20)) |
                      ((uint64_t)l0gptsz_enc << 20);
        L.cfg.gptbr = L.gptbr;
        r = gpt_check(&L.cfg, vec, GPT_PAS_ROOT, GPT_SS_ROOT);
        /* every Root access of the image must get the same outcome */
        for (uint64_t pa = BOARD_IMAGE_BASE; pa < prot_hi[0]; pa += 0x1000) {
            gpt_result q = gpt_check(&L.cfg, pa, GPT_PAS_ROOT, GPT_SS_ROOT);

            if (q.kind != r.kind || q.gpcsc != r.gpcsc) {
                uniform = false;
                break;
            }
        }
        if (uniform) {
            break;
        }
        what = NULL;
    }
    if (!what) {
        printf("FATAL-SKIP layout=%lu: no uniform configuration\n", layout);
        return;
    }
    cls = r.kind == GPT_OK ? "pass" :
          r.kind == GPT_FAULT_GPF ? "abort-gpf" : "gpc";
    printf("FATAL-EXPECT seed=0x%lx layout=%lu what=%s class=%s gpcsc=0x%02x "
           "vector=0x%lx gpccr=0x%lx gptbr=0x%lx l0=0x%lx reason=%s "
           "desc=0x%lx@0x%lx\n", p_seed, layout, what, cls, r.gpcsc, vec,
           L.gpccr, L.gptbr, L.l0base, gpt_reason_name(r.reason), r.desc,
           r.desc_addr);
    gpc_on();
    (void)*(volatile uint64_t *)&p_seed;       /* a Root data access */
    gpc_off();
    printf("FATAL-RESULT pass\n");
}

/* ---- the test ---------------------------------------------------------- */

static void print_summary(void)
{
    printf("coverage: %lu layouts, %lu through stage 1, %lu entry fetches, "
           "accesses read %lu write %lu fetch %lu\n", n_layouts, n_mmu,
           n_entry, cov_acc[0], cov_acc[1], cov_acc[2]);
    printf("coverage: requester(ss>pas):");
    for (unsigned ss = 0; ss < 4; ss++) {
        for (unsigned pas = 0; pas < 4; pas++) {
            if (cov_req[ss][pas]) {
                printf(" %s>%s=%lu", ss_name(ss), pas_short(pas),
                       cov_req[ss][pas]);
            }
        }
    }
    printf("\ncoverage: walker outcome by reason:");
    for (unsigned i = 0; i <= GPT_R_BAD_ARGUMENT; i++) {
        for (unsigned f = 0; f < 2; f++) {
            if (cov_reason[i][f]) {
                printf(" %s=%lu", gpt_reason_name((gpt_reason)i),
                       cov_reason[i][f]);
            }
        }
    }
    printf("\ncoverage: descriptor that decided:");
    for (unsigned i = 0; i < 6; i++) {
        printf(" %s=%lu", gpt_desc_kind_name((gpt_desc_kind)i), cov_desc[i]);
    }
    printf("\ncoverage: GPI that decided:");
    for (unsigned i = 0; i < 16; i++) {
        if (cov_gpi[i]) {
            printf(" %s=%lu", gpt_gpi_name(i), cov_gpi[i]);
        }
    }
    printf("\ncoverage: layouts by PPS:");
    for (unsigned i = 0; i < 57; i++) {
        if (cov_pps[i]) {
            printf(" %u=%lu", i, cov_pps[i]);
        }
    }
    printf("\n");
    for (unsigned i = 0; i < nmclasses; i++) {
        const struct mclass *m = &mclasses[i];

        printf("mismatch class %u: %s>%s expected %s level %u (%s, %s, "
               "gpi %d) got %s", i + 1, ss_name(m->ss), pas_short(m->pas),
               gpt_result_name((gpt_result_kind)m->ek), m->el,
               gpt_reason_name((gpt_reason)m->er),
               gpt_desc_kind_name((gpt_desc_kind)m->dk), m->gpi,
               gclass_name[m->gc]);
        if (m->gc == G_GPC) {
            printf(" gpcsc=0x%02x", m->gk);
        }
        printf(" [%s]: %lu cases, first case %lu\n", m->field, m->count,
               m->first_case);
    }
}

TEST(gpt_diff)
{
    unsigned long layout, caseno = 0;

    read_params();
    ASSERT_TRUE(cpu_has_rme());
    read_features();
    ASSERT_TRUE(s_bits != 0);
    prot_hi[0] = ((uint64_t)(uintptr_t)__image_end + 0xffff) & ~0xffffUL;
    prot_hi[1] = DM_UART_BASE + DM_UART_SIZE;
    regions[2].lo = sec_end;
    regions[5].hi = sec_end;
    regions[6].hi = prot_hi[0];
    regions[8].lo = prot_hi[0];
    pt_init();
    write_sysreg(vbar_el3, diff_vectors_el3);
    isb();

    printf("diff: seed=0x%lx cases=%lu first_layout=%lu flags=0x%lx "
           "secure_ram=0x%lx..0x%lx image=0x%lx..0x%lx\n", p_seed, p_cases,
           p_first_layout, p_flags, DM_SEC_BASE, sec_end, prot_lo[0],
           prot_hi[0]);
    if (p_flags & DF_AVOID_PPS_LE_L0) {
        printf("diff: NOTE: layouts with PPS <= L0GPTSZ are excluded "
               "(DF_AVOID_PPS_LE_L0)\n");
    }
    if (p_flags & DF_FATAL) {
        run_fatal(p_first_layout);
        return;
    }

    for (layout = p_first_layout; caseno < p_cases; layout++) {
        unsigned nprobes;

        rng = mix64(p_seed ^ mix64(layout + 0x1234567UL));
        if (!gen_layout()) {
            if (gen_errors > 10) {
                break;
            }
            continue;
        }
        n_layouts++;
        cov_pps[L.t]++;
        prev_pa = 0;
        if (p_flags & DF_VERBOSE) {
            printf("LAYOUT %lu gpccr=0x%lx gptbr=0x%lx gpcbw=0x%lx l0=0x%lx(%s) "
                   "tabs:", layout, L.gpccr, L.gptbr, L.gpcbw, L.l0base,
                   L.l0where);
            for (unsigned i = 0; i < L.ntabs; i++) {
                printf(" 0x%lx(%s)", L.tab[i].base, L.tab[i].where);
            }
            printf("\n");
        }
        nprobes = 1 + below(16);
        for (unsigned pr = 0; pr < nprobes && caseno < p_cases && !L.full;
             pr++) {
            run_case(caseno++, layout, pr);
            if (p_progress && caseno % p_progress == 0) {
                printf("progress: %lu cases, %lu mismatches, layout %lu\n",
                       caseno, n_mismatch, layout);
            }
        }
        if (p_flags & DF_ONLY_LAYOUT) {
            break;
        }
    }

    print_summary();
    if (n_injected) {
        printf("diff: self-check: %lu wrong expectations injected\n",
               n_injected);
    }
    if (n_unclassified) {
        printf("diff: %lu mismatches beyond the class table\n",
               n_unclassified);
    }
    if (gen_errors) {
        printf("diff: %u generator errors\n", gen_errors);
    }
    printf("diff: %lu cases, %lu mismatches\n", n_cases, n_mismatch);
    EXPECT_EQ(n_mismatch, 0);
    EXPECT_EQ(gen_errors, 0);
    /*
     * A run of make check's size (2,500 cases) must have reached what the
     * PE's features add, or it proves nothing about them: GPC bypass
     * windows (R_SRQWF) and the 46/47-bit PPS of FEAT_RME_GPC3, and each
     * FEAT_RME_GDI GPI deciding a walk (D9.6.5).
     */
    if (n_cases >= 2000 && !(p_flags & DF_ONLY_LAYOUT)) {
        if (base_cfg.feat_gpc3) {
            EXPECT_TRUE(cov_reason[GPT_R_BYPASS_WINDOW][0] > 0);
            EXPECT_TRUE(cov_pps[46] > 0 && cov_pps[47] > 0);
        }
        if (base_cfg.feat_gdi) {
            for (unsigned g = GPT_GPI_SA; g <= GPT_GPI_NA7; g++) {
                EXPECT_TRUE(cov_gpi[g] > 0);
            }
        }
    }
}
