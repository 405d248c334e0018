/*
 * gpt-table.c - see gpt-table.h.  Descriptor formats from Arm ARM DDI0487 D9.6:
 *   level 0 Block descriptor   bits[3:0] = 0b0001, bits[7:4] = GPI
 *   level 0 Table descriptor   bits[3:0] = 0b0011, bits[51:12] = L1 address
 *   level 1 Granules descriptor  sixteen 4-bit GPIs, GPI of granule i
 *                              (i = PA[p+3:p]) at bits[4i+3:4i]
 * Indexing (D9.7): level 0 index PA[t-1:s], level 1 index PA[s-1:p+4].
 */
#include "board.h"
#include "gpt-table.h"
#include "internal.h"
#include "sysreg.h"

/*
 * Level 0 descriptors are written for PAs below 1 TiB, or all of them if
 * the table has at most 8192 entries (64KB).
 */
#define L0_FILL_LIMIT_BITS  40
#define L0_FILL_ALL         8192
/* Level 1 descriptors are written for PAs below this (4 GiB). */
#define L1_FILL_LIMIT       0x100000000UL

static struct gpt_info info;
static uintptr_t pool_next;

unsigned int gpt_pps_bits(unsigned int pps)
{
    /*
     * {PPS3, PPS}: 0b0111 (56 bits), 0b1000 (46) and 0b1001 (47) only with
     * FEAT_RME_GPC3 (ID_AA64PFR0_EL1.RME >= 3); 0b1010 and up reserved.
     */
    static const unsigned char bits[10] = { 32, 36, 40, 42, 44, 48, 52,
                                            56, 46, 47 };
    bool gpc3 = id_field(read_sysreg(id_aa64pfr0_el1),
                         ID_AA64PFR0_RME_SHIFT) >= 3;

    if (pps >= 10 || (pps >= 7 && !gpc3)) {
        return 0;
    }
    return bits[pps];
}

unsigned int gpt_pgs_bits(unsigned int pgs)
{
    static const unsigned char bits[4] = { 12, 16, 14, 0 };

    return pgs < 4 ? bits[pgs] : 0;
}

unsigned int gpt_l0gptsz_bits(void)
{
    switch ((read_sysreg_s(GPCCR_EL3) >> GPCCR_L0GPTSZ_SHIFT) &
            GPCCR_L0GPTSZ_MASK) {
    case 0x0: return 30;
    case 0x4: return 34;
    case 0x6: return 36;
    case 0x9: return 39;
    default:  return 0;
    }
}

unsigned int gpt_pamax_bits(void)
{
    static const unsigned char bits[16] = {
        32, 36, 40, 42, 44, 48, 52, 56, 0, 0, 0, 0, 0, 0, 0, 0,
    };

    return bits[id_field(read_sysreg(id_aa64mmfr0_el1),
                         ID_AA64MMFR0_PARANGE_SHIFT)];
}

void tlbi_paall(void)
{
    /* TLBI PAALL: SYS #6, C8, C7, #4 (Arm ARM C5.5.19) */
    __asm__ volatile("dsb sy\n\t"
                     "sys #6, c8, c7, #4\n\t"
                     "dsb sy\n\t"
                     "isb" : : : "memory");
}

void tlbi_paallos(void)
{
    /* TLBI PAALLOS: SYS #6, C8, C1, #4 (C5.5.20) */
    __asm__ volatile("dsb sy\n\t"
                     "sys #6, c8, c1, #4\n\t"
                     "dsb sy\n\t"
                     "isb" : : : "memory");
}

void tlbi_rpaos(uint64_t xt)
{
    /* TLBI RPAOS, Xt: SYS #6, C8, C4, #3, Xt (C5.5.28) */
    __asm__ volatile("dsb sy\n\t"
                     "sys #6, c8, c4, #3, %0\n\t"
                     "dsb sy\n\t"
                     "isb" : : "r"(xt) : "memory");
}

void tlbi_rpalos(uint64_t xt)
{
    /* TLBI RPALOS, Xt: SYS #6, C8, C4, #7, Xt (C5.5.27) */
    __asm__ volatile("dsb sy\n\t"
                     "sys #6, c8, c4, #7, %0\n\t"
                     "dsb sy\n\t"
                     "isb" : : "r"(xt) : "memory");
}

uint64_t tlbi_rpa_arg(uint64_t base, unsigned int size)
{
    /*
     * Address[39:0] holds BaseADDR[51:12] for PGS = 4KB, [51:14] in
     * Xt[39:2] for 16KB and [51:16] in Xt[39:4] for 64KB: in every case
     * Xt[39:0] = BaseADDR[51:12] with the low bits zero for an aligned
     * base.
     */
    return ((uint64_t)size << 44) | ((base >> 12) & ((1UL << 40) - 1));
}

uintptr_t gpt_alloc(uint64_t size, uint64_t align)
{
    uintptr_t p;

    if (align < 4096) {
        align = 4096;
    }
    p = (pool_next + align - 1) & ~(uintptr_t)(align - 1);
    if (p + size > BOARD_GPT_POOL_BASE + BOARD_GPT_POOL_SIZE) {
        test_fail(__FILE__, __LINE__, "GPT pool exhausted (0x%lx bytes "
                  "aligned to 0x%lx)", (unsigned long)size,
                  (unsigned long)align);
        test_abort();
    }
    pool_next = p + size;
    return p;
}

const struct gpt_info *gpt_info(void)
{
    return &info;
}

bool gpt_init_layout(unsigned int pps, unsigned int pgs)
{
    unsigned int t = gpt_pps_bits(pps), p = gpt_pgs_bits(pgs), s;
    uint64_t l0_size, l1_entries, l1_size, n;
    uint64_t *l0, *l1;
    uint64_t i;

    if (!have_rme) {
        return test_fail(__FILE__, __LINE__,
                         "FEAT_RME not implemented (ID_AA64PFR0_EL1.RME = 0)");
    }
    s = gpt_l0gptsz_bits();
    if (!s) {
        return test_fail(__FILE__, __LINE__, "GPCCR_EL3.L0GPTSZ = 0x%lx is "
                         "reserved", (read_sysreg_s(GPCCR_EL3) >>
                         GPCCR_L0GPTSZ_SHIFT) & GPCCR_L0GPTSZ_MASK);
    }
    if (!t || !p) {
        return test_fail(__FILE__, __LINE__, "gpt_init_layout(%u, %u): "
                         "reserved PPS or PGS", pps, pgs);
    }

    info.pps = pps;
    info.pgs = pgs;
    info.pps_bits = t;
    info.pgs_bits = p;
    info.l0_bits = s;
    info.l0_entries = t > s ? 1UL << (t - s) : 1;
    info.l1_region = (uintptr_t)BOARD_IMAGE_BASE & ~((1UL << s) - 1);

    /*
     * GPTBR_EL3.BADDR: the level 0 table is aligned to the greater of its
     * size and 4KB.  A level 1 table is aligned to its size (I_BFKHR):
     * 2^(s - p - 4) descriptors of 8 bytes.
     */
    pool_next = BOARD_GPT_POOL_BASE;
    l0_size = info.l0_entries * 8;
    info.l0 = gpt_alloc(l0_size, l0_size);
    l1_entries = 1UL << (s - p - 4);
    l1_size = l1_entries * 8;
    info.l1 = gpt_alloc(l1_size, l1_size);

    l0 = (uint64_t *)info.l0;
    n = info.l0_entries;
    if (n > L0_FILL_ALL && t > L0_FILL_LIMIT_BITS) {
        n = 1UL << (L0_FILL_LIMIT_BITS - s);
    }
    for (i = 0; i < n; i++) {
        l0[i] = GPT_L0_BLOCK(GPI_ALL);
    }
    *gpt_l0_desc(info.l1_region) = GPT_L0_TABLE(info.l1);

    l1 = (uint64_t *)info.l1;
    n = l1_entries;
    if (info.l1_region + (1UL << s) > L1_FILL_LIMIT) {
        n = (L1_FILL_LIMIT - info.l1_region) >> (p + 4);
    }
    for (i = 0; i < n; i++) {
        l1[i] = GPT_L1_GRANULES(GPI_ALL);
    }
    dsb_sy();
    return true;
}

bool gpt_init(void)
{
    return gpt_init_layout(GPCCR_PPS_4GB, GPCCR_PGS_4KB);
}

uint64_t *gpt_l0_desc(uint64_t pa)
{
    uint64_t idx = 0;

    if (info.pps_bits > info.l0_bits) {
        idx = (pa >> info.l0_bits) & (info.l0_entries - 1);
    }
    if (info.pps_bits < 64 && pa >> info.pps_bits) {
        return NULL;
    }
    return (uint64_t *)info.l0 + idx;
}

uint64_t *gpt_l1_desc(uint64_t pa)
{
    uint64_t off = pa - info.l1_region;

    if (pa < info.l1_region || off >> info.l0_bits) {
        test_fail(__FILE__, __LINE__, "gpt_l1_desc(0x%lx): outside the "
                  "level 1 region", (unsigned long)pa);
        test_abort();
    }
    return (uint64_t *)info.l1 + (off >> (info.pgs_bits + 4));
}

void gpt_write_notlbi(uint64_t *desc, uint64_t val)
{
    *(volatile uint64_t *)desc = val;
    dsb_sy();
}

void gpt_write(uint64_t *desc, uint64_t val)
{
    gpt_write_notlbi(desc, val);
    /* D9.5: make the update visible to GPT walks, drop cached copies. */
    tlbi_paall();
}

static void set_gpi(uintptr_t pa, unsigned int gpi)
{
    uint64_t *d = gpt_l1_desc(pa);
    unsigned int shift = ((pa >> info.pgs_bits) & 0xf) * 4;

    *(volatile uint64_t *)d = (*d & ~(0xfUL << shift)) |
                              ((uint64_t)gpi << shift);
}

void gpt_set_gpi(uintptr_t pa, unsigned int gpi)
{
    set_gpi(pa, gpi);
    dsb_sy();
    tlbi_paall();
}

void gpt_set_gpi_range(uintptr_t pa, uint64_t size, unsigned int gpi)
{
    uint64_t g = 1UL << info.pgs_bits;

    for (uint64_t off = 0; off < size; off += g) {
        set_gpi(pa + off, gpi);
    }
    dsb_sy();
    tlbi_paall();
}

uint64_t gpt_gpccr(void)
{
    uint64_t gpccr = read_sysreg_s(GPCCR_EL3);

    /*
     * Keep the read-only L0GPTSZ; PPS and PGS of the layout; walks
     * Non-cacheable (IRGN = ORGN = 0), which requires SH = Outer
     * Shareable (GPCCR_EL3.SH).
     */
    gpccr &= GPCCR_L0GPTSZ_MASK << GPCCR_L0GPTSZ_SHIFT;
    gpccr |= ((uint64_t)info.pps << GPCCR_PPS_SHIFT) |
             (GPCCR_SH_OUTER << GPCCR_SH_SHIFT) |
             ((uint64_t)info.pgs << GPCCR_PGS_SHIFT);
    return gpccr;
}

void gpc_enable_extra(uint64_t gpccr_bits)
{
    uint64_t gpccr = gpt_gpccr() | gpccr_bits;

    /* GPTBR_EL3.BADDR = table address bits [51:12]. */
    dsb_sy();
    write_sysreg_s(GPTBR_EL3, info.l0 >> 12);
    write_sysreg_s(GPCCR_EL3, gpccr & ~GPCCR_GPC);
    isb();
    write_sysreg_s(GPCCR_EL3, gpccr | GPCCR_GPC);
    isb();
    tlbi_paall();
}

void gpc_enable(void)
{
    gpc_enable_extra(0);
}

void gpc_disable(void)
{
    if (!have_rme) {
        return;
    }
    write_sysreg_s(GPCCR_EL3, read_sysreg_s(GPCCR_EL3) & ~GPCCR_GPC);
    isb();
    tlbi_paall();
}

/*
 * Harness hook between tests: GPC off, the other GPCCR_EL3 fields back to
 * zero (L0GPTSZ is read-only), TLBI PAALL.
 */
void gpc_reset(void)
{
    if (!have_rme) {
        return;
    }
    write_sysreg_s(GPCCR_EL3, read_sysreg_s(GPCCR_EL3) &
                   (GPCCR_L0GPTSZ_MASK << GPCCR_L0GPTSZ_SHIFT));
    isb();
    tlbi_paall();
}
