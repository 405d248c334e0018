/*
 * gpt.c - see gpt.h.  Descriptor formats from Arm ARM DDI0487 D9.6:
 *   level 0 Block descriptor   bits[3:0] = 0b0001, bits[7:4] = GPI
 *   level 0 Table descriptor   bits[3:0] = 0b0011, bits[51:12] = L1 address
 *   level 1 Granules descriptor  sixteen 4-bit GPIs, GPI of granule i
 *                              (i = PA[15:12] for 4 KiB) at bits[4i+3:4i]
 */
#include "board.h"
#include "gpt.h"
#include "internal.h"
#include "sysreg.h"

#define L0_REGION_SHIFT 30                      /* L0GPTSZ = 1 GiB */
#define PPS_SHIFT       32                      /* 4 GiB protected */
#define L0_ENTRIES      (1UL << (PPS_SHIFT - L0_REGION_SHIFT))
/* Granules per 1 GiB / 16 granules per descriptor. */
#define L1_ENTRIES      (1UL << (L0_REGION_SHIFT - 12 - 4))

#define GPT_L0_BLOCK(gpi)   (((uint64_t)(gpi) << 4) | 0x1)
#define GPT_L0_TABLE(addr)  ((uint64_t)(addr) | 0x3)

/*
 * L0 table: aligned to its size, at least 4 KiB (GPTBR_EL3.BADDR is
 * bits [51:12]).  L1 table: aligned to its size (D9.6.1 I_BFKHR),
 * 2^(30 - 12 - 4) descriptors * 8 bytes = 128 KiB.
 */
static uint64_t gpt_l0[L0_ENTRIES] __attribute__((aligned(4096)));
static uint64_t gpt_l1[L1_ENTRIES]
    __attribute__((aligned(L1_ENTRIES * 8)));

static uintptr_t l1_base;   /* PA of the 1 GiB region gpt_l1 describes */

static inline void tlbi_paall(void)
{
    /* TLBI PAALL: SYS #6, C8, C7, #4 (Arm ARM C5.5.19) */
    __asm__ volatile("dsb sy\n\t"
                     "sys #6, c8, c7, #4\n\t"
                     "dsb sy\n\t"
                     "isb" : : : "memory");
}

bool gpt_init(void)
{
    uint64_t l0gptsz;

    if (!have_rme) {
        return test_fail(__FILE__, __LINE__,
                         "FEAT_RME not implemented (ID_AA64PFR0_EL1.RME = 0)");
    }
    l0gptsz = (read_sysreg_s(GPCCR_EL3) >> GPCCR_L0GPTSZ_SHIFT) &
              GPCCR_L0GPTSZ_MASK;
    if (l0gptsz != 0) {
        return test_fail(__FILE__, __LINE__, "GPCCR_EL3.L0GPTSZ = %lu: only "
                         "1 GiB level 0 regions are supported", l0gptsz);
    }

    l1_base = (uintptr_t)BOARD_IMAGE_BASE & ~((1UL << L0_REGION_SHIFT) - 1);
    for (unsigned long i = 0; i < L1_ENTRIES; i++) {
        gpt_l1[i] = 0xffffffffffffffffUL;       /* 16 x GPI_ALL */
    }
    for (unsigned long i = 0; i < L0_ENTRIES; i++) {
        gpt_l0[i] = GPT_L0_BLOCK(GPI_ALL);
    }
    gpt_l0[l1_base >> L0_REGION_SHIFT] = GPT_L0_TABLE((uintptr_t)gpt_l1);
    dsb_sy();
    return true;
}

void gpt_set_gpi(uintptr_t pa, unsigned int gpi)
{
    uintptr_t off = pa - l1_base;
    unsigned int shift = ((off >> 12) & 0xf) * 4;
    uint64_t *d;

    if (pa < l1_base || off >> L0_REGION_SHIFT) {
        test_fail(__FILE__, __LINE__, "gpt_set_gpi(0x%lx): outside the "
                  "level 1 region", (unsigned long)pa);
        test_abort();
    }
    d = &gpt_l1[off >> 16];
    *d = (*d & ~(0xfUL << shift)) | ((uint64_t)gpi << shift);
    /* D9.5: make the update visible to GPT walks, drop cached copies. */
    tlbi_paall();
}

void gpc_enable(void)
{
    uint64_t gpccr = read_sysreg_s(GPCCR_EL3);

    /*
     * Keep the read-only L0GPTSZ; PPS = 4 GB, PGS = 4 KB; walks
     * Non-cacheable (IRGN = ORGN = 0), which requires SH = Outer
     * Shareable.  GPTBR_EL3.BADDR = table address bits [51:12].
     */
    gpccr &= GPCCR_L0GPTSZ_MASK << GPCCR_L0GPTSZ_SHIFT;
    gpccr |= (GPCCR_PPS_4GB << GPCCR_PPS_SHIFT) |
             (GPCCR_SH_OUTER << GPCCR_SH_SHIFT) |
             (GPCCR_PGS_4KB << GPCCR_PGS_SHIFT);
    dsb_sy();
    write_sysreg_s(GPTBR_EL3, (uintptr_t)gpt_l0 >> 12);
    write_sysreg_s(GPCCR_EL3, gpccr);
    isb();
    write_sysreg_s(GPCCR_EL3, gpccr | GPCCR_GPC);
    isb();
    tlbi_paall();
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

/* Harness hook: GPC off between tests. */
void gpc_reset(void)
{
    gpc_disable();
}
