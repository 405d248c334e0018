/*
 * smmu.c - an SMMUv3 with RME: the Root control page and granule
 * protection checks of DMA (Arm IHI0070 G.b section 3.25 and the
 * SMMU_ROOT_* registers, 6.3.110 to 6.3.119; docs/smmu.md).
 *
 * Everything runs at EL3.  The SMMU walks the suite's GPT (gpt-table.h)
 * through SMMU_ROOT_GPT_BASE/GPT_BASE_CFG, programmed as TF-A's
 * smmuv3_init() does, while the PE's own GPC stays off so that EL3 can
 * look at memory whatever its GPI.  DMA comes from the rme-dma-test PCIe
 * device (hw/misc/rme-dma-test.c), a Non-secure stream whose transactions
 * are in the Non-secure PA space, or, with its SEC_SID register at 2, a
 * Realm stream (3.10.1) that the Realm programming interface configures
 * (the SMMU_R_* pages, 2.7, 6.2.7-6.2.9).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "common.h"
#include "mmu.h"

#if defined(BOARD_SMMU_ROOT_BASE) && defined(BOARD_PCIE_ECAM)

/* ---- the Root control page (6.3.110-119) ------------------------------ */

#define ROOT_IDR0           0x0000
#define ROOT_IIDR           0x0008
#define ROOT_CR0            0x0020
#define ROOT_CR0ACK         0x0024
#define ROOT_GPT_BASE       0x0028
#define ROOT_GPT_BASE_CFG   0x0030
#define ROOT_GPF_FAR        0x0038
#define ROOT_GPT_CFG_FAR    0x0040
#define ROOT_IDR0_REALM_IMPL (1u << 3)
#define ROOT_IDR0_BA_REALM(i) (((i) >> 22) & 0x3ff)
#define ROOT_CR0_ACCESSEN   (1u << 0)
#define ROOT_CR0_GPCEN      (1u << 1)

#define FAR_FAULT           1UL
#define FAR_REASON(f)       (((f) >> 1) & 7)
#define FAR_FAULTCODE(f)    (((f) >> 4) & 0xff)
#define FAR_FADDR(f)        ((f) & 0x00fffffffffff000UL)
#define FAR_CFG_ERR(f)      (((f) >> 56) & 0xf)
#define FAR_FPAS(f)         ((f) >> 62)
#define REASON_TRANSLATION  1
#define REASON_GERROR       2
#define REASON_TRANSACTION  3

/* 32- and 64-bit MMIO, each write completed before the next access */
static uint32_t rd32(uintptr_t a)
{
    return *(volatile uint32_t *)a;
}

static uint64_t rd64(uintptr_t a)
{
    return *(volatile uint64_t *)a;
}

static void wr32(uintptr_t a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
    dsb_sy();
}

static void wr64(uintptr_t a, uint64_t v)
{
    *(volatile uint64_t *)a = v;
    dsb_sy();
}

#define root_rd32(off)      rd32(BOARD_SMMU_ROOT_BASE + (off))
#define root_rd64(off)      rd64(BOARD_SMMU_ROOT_BASE + (off))
#define root_wr32(off, v)   wr32(BOARD_SMMU_ROOT_BASE + (off), (v))
#define root_wr64(off, v)   wr64(BOARD_SMMU_ROOT_BASE + (off), (v))

/* ---- the Non-secure programming interface (6.3) ------------------------ */

#define SMMU_IDR0           0x0000
#define SMMU_IDR0_RME_IMPL  (1u << 30)
#define SMMU_CR0            0x0020
#define SMMU_CR0ACK         0x0024
#define SMMU_CR0_SMMUEN     (1u << 0)
#define SMMU_CR0_EVENTQEN   (1u << 2)
#define SMMU_CR0_CMDQEN     (1u << 3)
#define SMMU_GERROR         0x0060
#define SMMU_GERRORN        0x0064
#define GERROR_CMDQ_ERR     (1u << 0)
#define GERROR_EVENTQ_ABT   (1u << 2)
#define SMMU_STRTAB_BASE    0x0080
#define SMMU_STRTAB_CFG     0x0088
#define SMMU_CMDQ_BASE      0x0090
#define SMMU_CMDQ_PROD      0x0098
#define SMMU_CMDQ_CONS      0x009c
#define CMDQ_CONS_ERR(c)    (((c) >> 24) & 0x7f)
#define CERROR_ABT          2
#define SMMU_EVENTQ_BASE    0x00a0
#define SMMU_EVENTQ_PROD    0x100a8
#define SMMU_EVENTQ_CONS    0x100ac
#define EVT_F_STE_FETCH     0x03
#define EVT_C_BAD_STE       0x04

#define smmu_rd32(off)      rd32(BOARD_SMMU_BASE + (off))
#define smmu_wr32(off, v)   wr32(BOARD_SMMU_BASE + (off), (v))
#define smmu_wr64(off, v)   wr64(BOARD_SMMU_BASE + (off), (v))

/* ---- the rme-dma-test device --------------------------------------------- */

#define DMA_ID              0x000
#define DMA_ID_VALUE        0x54444d52u
#define DMA_ADDR_LO         0x008
#define DMA_ADDR_HI         0x00c
#define DMA_LEN             0x010
#define DMA_CMD             0x014
#define DMA_STATUS          0x018
#define DMA_SEC_SID         0x024
#define DMA_BUF             0x1000
#define DMA_TO_MEMORY       1
#define DMA_FROM_MEMORY     2
#define DMA_DONE            0
#define DMA_ABORTED         1

static uintptr_t dma_bar;
static uint32_t dma_sid;

static volatile uint32_t *ecam(unsigned int devfn, unsigned int reg)
{
    return (volatile uint32_t *)(BOARD_PCIE_ECAM + ((uintptr_t)devfn << 12) +
                                 reg);
}

/* Find the device on bus 0, give it BAR0 and bus mastering. */
static bool dma_find(void)
{
    for (unsigned int dev = 0; dev < 32; dev++) {
        unsigned int devfn = dev << 3;

        if (*ecam(devfn, 0) == (0x10f0u << 16 | 0x1b36u)) {
            *ecam(devfn, 0x10) = BOARD_PCIE_MMIO;
            *ecam(devfn, 0x04) = 0x6;       /* Memory space, Bus master */
            dsb_sy();
            dma_bar = BOARD_PCIE_MMIO;
            dma_sid = devfn;                /* bus 0: RID = StreamID */
            return *(volatile uint32_t *)(dma_bar + DMA_ID) == DMA_ID_VALUE;
        }
    }
    return false;
}

#define dma_wr32(off, v)    wr32(dma_bar + (off), (v))

/* One transfer of @len bytes between the buffer and @pa: its status */
static uint32_t dma(unsigned int cmd, uint64_t pa, uint32_t len)
{
    dma_wr32(DMA_ADDR_LO, (uint32_t)pa);
    dma_wr32(DMA_ADDR_HI, pa >> 32);
    dma_wr32(DMA_LEN, len);
    dma_wr32(DMA_CMD, cmd);
    return *(volatile uint32_t *)(dma_bar + DMA_STATUS);
}

static void dma_fill(uint64_t seed)
{
    for (unsigned int i = 0; i < 64; i++) {
        *(volatile uint64_t *)(dma_bar + DMA_BUF + 8 * i) = seed + i;
    }
}

static uint64_t dma_buf(unsigned int i)
{
    return *(volatile uint64_t *)(dma_bar + DMA_BUF + 8 * i);
}

/* ---- set-up ------------------------------------------------------------- */

#define PG(i)               scratch_page(500 + (i))

static void need_smmu(void)
{
    uint32_t idr0;

    /* with smmu=off nothing is there: the read takes an External abort */
    expect_exception();
    idr0 = root_rd32(ROOT_IDR0);
    if (exception_taken() || !(idr0 & 1)) {
        SKIP("no SMMU Root control page (-M virt,rme=on,smmu=off?)");
    }
    if (!dma_find()) {
        SKIP("no rme-dma-test device on PCIe bus 0 (run-qemu.sh adds it; "
             "DMA_DEVICE= removes it)");
    }
    dma_wr32(DMA_SEC_SID, 0);
}

/*
 * The SMMU with the suite's GPT and both checks and accesses on, as TF-A's
 * smmuv3_init() programs it: GPT_BASE_CFG from GPCCR_EL3 without GPC,
 * GPT_BASE from GPTBR_EL3.BADDR as a PA.  The PE's GPC stays off.  The
 * Non-secure interface is off (SMMUEN = 0: bypass, SMMU_GBPA), faults
 * cleared.
 */
static void smmu_gpc_on(uint32_t cr0)
{
    smmu_wr32(SMMU_CR0, 0);
    root_wr32(ROOT_CR0, 0);
    ASSERT_TRUE(gpt_init());
    root_wr32(ROOT_GPT_BASE_CFG, (uint32_t)gpt_gpccr());
    root_wr64(ROOT_GPT_BASE, gpt_info()->l0);
    root_wr32(ROOT_GPF_FAR, 0);
    root_wr32(ROOT_GPT_CFG_FAR, 0);
    root_wr32(ROOT_CR0, cr0);
    EXPECT_EQ(root_rd32(ROOT_CR0ACK), cr0);
}

/* The Realm page's SMMU_R_CR0; no Realm interface: nothing to do */
static void realm_off(void);

/* Back to what the harness expects: accesses on, no checks, no faults. */
static void smmu_done(void)
{
    dma_wr32(DMA_SEC_SID, 0);
    realm_off();
    smmu_wr32(SMMU_CR0, 0);
    root_wr32(ROOT_CR0, ROOT_CR0_ACCESSEN);
    root_wr32(ROOT_GPF_FAR, 0);
    root_wr32(ROOT_GPT_CFG_FAR, 0);
}

static void fill(uint64_t pa, uint64_t v)
{
    for (unsigned int i = 0; i < 64; i++) {
        ((volatile uint64_t *)pa)[i] = v;
    }
}

/*
 * SMMU_ROOT_GPF_FAR (6.3.116) holds an active fault of a Non-secure
 * access to the granule of @pa, with @reason and @faultcode.
 */
static void expect_gpf_far(unsigned int reason, unsigned int faultcode,
                           uint64_t pa)
{
    uint64_t far = root_rd64(ROOT_GPF_FAR);

    EXPECT_EQ(far & FAR_FAULT, FAR_FAULT);
    EXPECT_EQ(FAR_REASON(far), reason);
    EXPECT_EQ(FAR_FAULTCODE(far), faultcode);
    EXPECT_EQ(FAR_FPAS(far), 1);                /* Non-secure */
    EXPECT_EQ(FAR_FADDR(far), pa & ~0xfffUL);
}

/*
 * The GPIs of the SMMU's Stream table, Event queue and Command queue at
 * PG(@first), PG(@first + 1), PG(@first + 2).
 */
static void smmu_structs_gpi(unsigned int first, unsigned int strtab,
                             unsigned int eventq, unsigned int cmdq)
{
    gpt_set_gpi(PG(first), strtab);
    gpt_set_gpi(PG(first + 1), eventq);
    gpt_set_gpi(PG(first + 2), cmdq);
}

/* ---- tests -------------------------------------------------------------- */

/*
 * 6.3.110/111: SMMU_ROOT_IDR0.ROOT_IMPL reads 1; FVP's published values
 * are IDR0 = 3 (ROOT_IMPL, BGPTM) and IIDR = 0x43B, to which qemu-rme
 * adds REALM_IMPL with its Realm interface (below).  6.3.1: with RME
 * features, SMMU_IDR0.RME_IMPL is 1.
 */
TEST(smmu_root_ids)
{
    need_smmu();
    EXPECT_EQ(root_rd32(ROOT_IDR0) & 7, 3);
    EXPECT_EQ(root_rd32(ROOT_IIDR), 0x43b);
    EXPECT_EQ(smmu_rd32(SMMU_IDR0) & SMMU_IDR0_RME_IMPL, SMMU_IDR0_RME_IMPL);
}

/*
 * 6.3.110-119: "When an access is not Root, accesses to this register are
 * RAZ/WI": through the Secure, Non-secure and Realm PA spaces IDR0 reads
 * 0, a write of CR0 changes nothing, and neither takes an abort.
 */
TEST(smmu_root_page_not_root_raz_wi)
{
    static const unsigned int pas[] = { MMU_PAS_SECURE, MMU_PAS_NONSECURE,
                                        MMU_PAS_REALM };
    uint32_t cr0, idr0;
    struct mmu m;

    need_smmu();
    cr0 = root_rd32(ROOT_CR0);
    idr0 = root_rd32(ROOT_IDR0);
    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        mmu_map(&m, MMU_TEST_VA + i * 0x10000UL, BOARD_SMMU_ROOT_BASE,
                pas[i] | MMU_DEVICE | MMU_XN);
    }
    mmu_el3_on(&m);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        volatile uint32_t *p = (volatile uint32_t *)(MMU_TEST_VA +
                                                     i * 0x10000UL);

        expect_exception();
        EXPECT_EQ(p[ROOT_IDR0 / 4], 0);
        p[ROOT_CR0 / 4] = cr0 ^ ROOT_CR0_ACCESSEN;
        dsb_sy();
        EXPECT_FALSE(exception_taken());
    }
    mmu_el3_off();
    EXPECT_EQ(root_rd32(ROOT_CR0), cr0);
    EXPECT_EQ(root_rd32(ROOT_IDR0), idr0);
}

/*
 * 6.3.114/115: GPT_BASE and GPT_BASE_CFG are RO while GPCEN is 1; RW
 * otherwise.  GPT_BASE_CFG has no GPC bit (bit 16 RES0).
 */
TEST(smmu_root_gpt_regs_locked_while_gpcen)
{
    uint64_t base, cfg;

    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    base = root_rd64(ROOT_GPT_BASE);
    cfg = root_rd64(ROOT_GPT_BASE_CFG);
    EXPECT_EQ(base, gpt_info()->l0);
    EXPECT_EQ(cfg & (1UL << 16), 0);
    root_wr64(ROOT_GPT_BASE, base + 0x100000);
    root_wr32(ROOT_GPT_BASE_CFG, (uint32_t)cfg ^ 0x1);
    EXPECT_EQ(root_rd64(ROOT_GPT_BASE), base);
    EXPECT_EQ(root_rd64(ROOT_GPT_BASE_CFG), cfg);
    root_wr32(ROOT_CR0, ROOT_CR0_ACCESSEN);
    root_wr64(ROOT_GPT_BASE, base + 0x100000);
    EXPECT_EQ(root_rd64(ROOT_GPT_BASE), base + 0x100000);
    smmu_done();
}

/*
 * 3.25.1: a client access is checked on its output address; DMA to a
 * Non-secure and to an All-access granule completes, DMA to a Realm or
 * Root granule from this Non-secure stream is terminated (GPI does not
 * permit the Non-secure PA space, DDI0487 D9.6.5) and leaves memory as it
 * was, and the GPF is recorded in SMMU_ROOT_GPF_FAR (6.3.116): FAULT,
 * REASON = TRANSACTION, FAULTCODE 0, FPAS Non-secure, FADDR the PA.  It
 * is not reported in the Event queue (the Non-secure interface is off).
 */
TEST(smmu_dma_gpc_on_output_address)
{
    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    gpt_set_gpi(PG(0), GPI_NONSECURE);
    gpt_set_gpi(PG(1), GPI_REALM);
    gpt_set_gpi(PG(2), GPI_ROOT);
    gpt_set_gpi(PG(3), GPI_ALL);
    for (unsigned int i = 0; i < 4; i++) {
        fill(PG(i), 0x5a5a5a5a5a5a5a5aUL);
    }
    dma_fill(0x1000);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(0), 512), DMA_DONE);
    EXPECT_EQ(((volatile uint64_t *)PG(0))[63], 0x1000 + 63);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(3), 512), DMA_DONE);
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), 0);

    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(1) + 0x100, 64), DMA_ABORTED);
    EXPECT_EQ(((volatile uint64_t *)(PG(1) + 0x100))[0], 0x5a5a5a5a5a5a5a5aUL);
    expect_gpf_far(REASON_TRANSACTION, 0, PG(1));
    EXPECT_EQ(root_rd64(ROOT_GPT_CFG_FAR), 0);

    /* a read is checked as well: the buffer keeps what it had */
    dma_fill(0x2000);
    EXPECT_EQ(dma(DMA_FROM_MEMORY, PG(2), 64), DMA_ABORTED);
    EXPECT_EQ(dma_buf(0), 0x2000);
    EXPECT_EQ(dma(DMA_FROM_MEMORY, PG(0), 64), DMA_DONE);
    EXPECT_EQ(dma_buf(0), 0x1000);
    smmu_done();
}

/*
 * 3.25.5, 6.3.116: the first GPF stays recorded until software writes 0
 * to FAULT, which clears the whole register; a write of 1 is ignored.
 */
TEST(smmu_dma_gpf_far_keeps_the_first_fault)
{
    uint64_t far;

    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    gpt_set_gpi(PG(4), GPI_REALM);
    gpt_set_gpi(PG(5), GPI_ROOT);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(4), 8), DMA_ABORTED);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(5), 8), DMA_ABORTED);
    far = root_rd64(ROOT_GPF_FAR);
    EXPECT_EQ(FAR_FADDR(far), PG(4));
    root_wr64(ROOT_GPF_FAR, far | FAR_FAULT);
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), far);
    root_wr32(ROOT_GPF_FAR, 0);
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), 0);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(5), 8), DMA_ABORTED);
    EXPECT_EQ(FAR_FADDR(root_rd64(ROOT_GPF_FAR)), PG(5));
    smmu_done();
}

/*
 * The SMMU uses the GPT as it is after the change and its invalidation
 * (3.25: the same invalidation as FEAT_RME; BGPTM = 1, so the PE's
 * broadcast TLBI PAALL reaches it): a granule given to the Realm world
 * and back to Non-secure takes DMA again.
 */
TEST(smmu_dma_follows_gpi_changes)
{
    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    gpt_set_gpi(PG(6), GPI_NONSECURE);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(6), 64), DMA_DONE);
    gpt_set_gpi(PG(6), GPI_REALM);              /* with TLBI PAALL */
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(6), 64), DMA_ABORTED);
    gpt_set_gpi(PG(6), GPI_NONSECURE);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(6), 64), DMA_DONE);
    smmu_done();
}

/*
 * 6.3.112: with GPCEN = 0 all accesses bypass the checks (DMA reaches a
 * Realm granule); with ACCESSEN = 0 no access becomes observable: DMA is
 * terminated even to a Non-secure granule and recorded in GPF_FAR.
 */
TEST(smmu_root_cr0_gpcen_and_accessen)
{
    uint64_t far;

    need_smmu();
    smmu_gpc_on(ROOT_CR0_ACCESSEN);
    gpt_set_gpi(PG(7), GPI_REALM);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(7), 64), DMA_DONE);
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), 0);

    root_wr32(ROOT_CR0, ROOT_CR0_GPCEN);
    EXPECT_EQ(root_rd32(ROOT_CR0ACK), ROOT_CR0_GPCEN);
    gpt_set_gpi(PG(7), GPI_NONSECURE);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(7), 64), DMA_ABORTED);
    far = root_rd64(ROOT_GPF_FAR);
    EXPECT_EQ(far & FAR_FAULT, FAR_FAULT);
    EXPECT_EQ(FAR_FADDR(far), PG(7));
    smmu_done();
}

/*
 * 3.25.4, 6.3.117: a GPT_BASE_CFG with a reserved field (PGS = 0b11) is a
 * GPT lookup error: the DMA is terminated and the error recorded in
 * SMMU_ROOT_GPT_CFG_FAR with CFG_ERR 0 ("invalid configuration of GPT
 * configuration registers"), not in GPF_FAR.
 */
TEST(smmu_gpt_lookup_error_in_gpt_cfg_far)
{
    uint64_t far;

    need_smmu();
    smmu_gpc_on(0);
    root_wr32(ROOT_GPT_BASE_CFG, (uint32_t)gpt_gpccr() | 3u << 14);
    root_wr32(ROOT_CR0, ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    gpt_set_gpi(PG(8), GPI_NONSECURE);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(8), 64), DMA_ABORTED);
    far = root_rd64(ROOT_GPT_CFG_FAR);
    EXPECT_EQ(far & FAR_FAULT, FAR_FAULT);
    EXPECT_EQ(FAR_CFG_ERR(far), 0);
    EXPECT_EQ(FAR_REASON(far), REASON_TRANSACTION);
    EXPECT_EQ(FAR_FADDR(far), PG(8));
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), 0);
    smmu_done();
}

/*
 * Post @n commands and a CMD_SYNC on the Command queue of 32 entries at
 * @cmdq of the programming interface whose page 0 is at @page0 (the
 * Non-secure and Realm pages have the same layout, 6.2.8), and check
 * that it is consumed to the end (IHI0070 G.b 4.7).
 */
static void cmdq_post_sync(uintptr_t page0, uint64_t cmdq,
                           const uint32_t (*cmd)[4], unsigned int n)
{
    volatile uint32_t *c = (volatile uint32_t *)cmdq;
    uint32_t prod = rd32(page0 + SMMU_CMDQ_PROD);

    for (unsigned int i = 0; i <= n; i++) {
        volatile uint32_t *w = c + 4 * ((prod + i) & 0x1f);

        for (unsigned int k = 0; k < 4; k++) {
            w[k] = i < n ? cmd[i][k] : k == 0 ? 0x46 : 0;   /* CMD_SYNC */
        }
    }
    dsb_sy();
    wr32(page0 + SMMU_CMDQ_PROD, (prod + n + 1) & 0x3f);
    EXPECT_EQ(rd32(page0 + SMMU_CMDQ_CONS), rd32(page0 + SMMU_CMDQ_PROD));
}

/*
 * Through the Command queue at @cmdq (4.3, 4.4, 4.7): forget every cached
 * STE and CD (CMD_CFGI_ALL) and every TLB entry (CMD_TLBI_NSNH_ALL, which
 * on the Realm interface "only applies to Realm entries"), then CMD_SYNC;
 * an SMMU may cache Stream table entries, so software invalidates them
 * after changing them.
 */
static void iface_invalidate_all(uintptr_t page0, uint64_t cmdq)
{
    static const uint32_t cmds[2][4] = {
        { 0x04, 0, 31, 0 },                     /* CFGI_ALL: Range 31 */
        { 0x30, 0, 0, 0 },                      /* TLBI_NSNH_ALL */
    };

    cmdq_post_sync(page0, cmdq, cmds, 2);
}

/*
 * Turn the programming interface whose page 0 is at @page0 on with a
 * linear Stream table of 32 STEs at @strtab, an Event queue of 32 records
 * at @eventq and a Command queue of 32 commands at @cmdq (6.3.9,
 * 6.3.24-33); CR0ACK must then follow CR0, except in @ack_ignore.
 */
static void iface_on(uintptr_t page0, uint64_t strtab, uint64_t eventq,
                     uint64_t cmdq, uint32_t ack_ignore)
{
    wr32(page0 + SMMU_CR0, 0);
    wr64(page0 + SMMU_STRTAB_BASE, strtab);
    wr32(page0 + SMMU_STRTAB_CFG, 5);           /* linear, 2^5 STEs */
    wr64(page0 + SMMU_EVENTQ_BASE, eventq | 5); /* 2^5 records */
    wr32(page0 + SMMU_EVENTQ_PROD, 0);
    wr32(page0 + SMMU_EVENTQ_CONS, 0);
    wr64(page0 + SMMU_CMDQ_BASE, cmdq | 5);
    wr32(page0 + SMMU_CMDQ_PROD, 0);
    wr32(page0 + SMMU_CMDQ_CONS, 0);
    wr32(page0 + SMMU_GERRORN, rd32(page0 + SMMU_GERROR));
    wr32(page0 + SMMU_CR0, SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN |
                           SMMU_CR0_CMDQEN);
    EXPECT_EQ(rd32(page0 + SMMU_CR0ACK) & ~ack_ignore,
              SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN);
}

/*
 * The Non-secure interface on (iface_on()); with @inval, drop what the
 * SMMU cached of earlier Stream tables.
 */
static void smmu_ns_on(uint64_t strtab, uint64_t eventq, uint64_t cmdq,
                       bool inval)
{
    iface_on(BOARD_SMMU_BASE, strtab, eventq, cmdq, 0);
    if (inval) {
        iface_invalidate_all(BOARD_SMMU_BASE, cmdq);
    }
}

/*
 * 3.25.3: a GPF on the SMMU's own STE fetch is reported as F_STE_FETCH
 * with GPCF (bit 80) = 1 and FetchAddr the STE's PA, and recorded in
 * GPF_FAR as REASON = TRANSLATION, FAULTCODE GPF_STE_FETCH (0x03); the
 * client's DMA is terminated.
 */
TEST(smmu_ste_fetch_gpf_is_f_ste_fetch_with_gpcf)
{
    volatile uint32_t *evt;

    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    smmu_structs_gpi(9, GPI_REALM, GPI_NONSECURE, GPI_NONSECURE);
    gpt_set_gpi(PG(12), GPI_NONSECURE);         /* the DMA target */
    fill(PG(10), 0);
    smmu_ns_on(PG(9), PG(10), PG(11), true);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(12), 64), DMA_ABORTED);
    /*
     * QEMU retries the failed access in chunks, each an F_STE_FETCH (no
     * event merging): at least one record, the first one checked.
     */
    EXPECT_TRUE(smmu_rd32(SMMU_EVENTQ_PROD) != 0);
    evt = (volatile uint32_t *)PG(10);
    EXPECT_EQ(evt[0] & 0xff, EVT_F_STE_FETCH);
    EXPECT_EQ(evt[1], dma_sid);
    EXPECT_EQ((evt[2] >> 16) & 1, 1);           /* GPCF */
    EXPECT_EQ(((uint64_t)evt[7] << 32 | evt[6]) & ~7UL, PG(9) + 64 * dma_sid);
    expect_gpf_far(REASON_TRANSLATION, 0x03, PG(9));
    smmu_done();
}

/*
 * 3.25.3: a GPF on an Event queue write is reported through
 * SMMU_GERROR.EVENTQ_ABT_ERR and recorded as REASON = GERROR, FAULTCODE
 * EVENTQ_GPF (0x02).  The event is a C_BAD_STE for the device's invalid
 * STE (V = 0) in a Non-secure Stream table.
 */
TEST(smmu_eventq_gpf_is_gerror_eventq_abt)
{
    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    smmu_structs_gpi(13, GPI_NONSECURE, GPI_REALM, GPI_NONSECURE);
    gpt_set_gpi(PG(16), GPI_NONSECURE);
    fill(PG(13), 0);                            /* every STE invalid */
    fill(PG(13) + 512, 0);
    fill(PG(13) + 1024, 0);
    fill(PG(13) + 1536, 0);
    smmu_ns_on(PG(13), PG(14), PG(15), true);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(16), 64), DMA_ABORTED);
    /* active errors are those where GERROR differs from GERRORN */
    EXPECT_EQ((smmu_rd32(SMMU_GERROR) ^ smmu_rd32(SMMU_GERRORN)) &
              GERROR_EVENTQ_ABT, GERROR_EVENTQ_ABT);
    expect_gpf_far(REASON_GERROR, 0x02, PG(14));
    smmu_done();
}

/*
 * 3.25.3: a GPF on a Command queue read stops the queue with CMDQ_ERR,
 * CERROR_ABT, and is recorded as REASON = GERROR, FAULTCODE CMDQ_GPF
 * (0x00).
 */
TEST(smmu_cmdq_gpf_is_cerror_abt)
{
    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    smmu_structs_gpi(17, GPI_NONSECURE, GPI_NONSECURE, GPI_REALM);
    smmu_ns_on(PG(17), PG(18), PG(19), false);
    smmu_wr32(SMMU_CMDQ_PROD, 1);               /* one command to read */
    EXPECT_EQ((smmu_rd32(SMMU_GERROR) ^ smmu_rd32(SMMU_GERRORN)) &
              GERROR_CMDQ_ERR, GERROR_CMDQ_ERR);
    EXPECT_EQ(CMDQ_CONS_ERR(smmu_rd32(SMMU_CMDQ_CONS)), CERROR_ABT);
    expect_gpf_far(REASON_GERROR, 0x00, PG(19));
    smmu_done();
}

/*
 * The device's STE in the linear Stream table at @strtab: stage 2 only
 * (STE.Config = 0b110), VMSAv8-64 tables (S2AA64 = @aa64) with 4 KiB
 * granules, a 32-bit IPA space starting at level 1 (S2T0SZ = 32, S2SL0 =
 * 1), S2PS 40 bits, access flag faults off (S2AFFD), the table at @s2ttb
 * (IHI0070 G.b 5.2).  Every other STE is invalid.
 */
static void ste_s2(uint64_t strtab, uint64_t s2ttb, bool aa64)
{
    volatile uint32_t *ste = (volatile uint32_t *)(strtab + 64 * dma_sid);

    for (unsigned int i = 0; i < 32 * 16; i++) {
        ((volatile uint32_t *)strtab)[i] = 0;
    }
    ste[0] = 1 | 0x6u << 1;                     /* V, Config S2 only */
    ste[4] = 1;                                 /* S2VMID */
    ste[5] = 32 | 1u << 6 | 0u << 14 | 2u << 16 | (aa64 ? 1u << 19 : 0) |
             1u << 21 | 1u << 26;               /* T0SZ SL0 TG PS AA64 AFFD R */
    ste[6] = (uint32_t)s2ttb;
    ste[7] = s2ttb >> 32;
    dsb_sy();
}

/* A level 1 stage 2 Block descriptor: 1 GiB at @pa, RW, Normal WB, AF */
#define S2_BLOCK_1G(pa)     ((pa) | 0x3UL << 6 | 0xfUL << 2 | 1UL << 10 | 0x1)

/*
 * 3.25.3: a GPF on a stage 2 translation table walk is F_WALK_EABT with
 * GPCF = 1 (reported whatever STE.S2R says), recorded as REASON =
 * TRANSLATION, FAULTCODE GPF_WALK_EABT (0x0B), FADDR the table.
 */
TEST(smmu_s2_walk_gpf_is_f_walk_eabt_with_gpcf)
{
    volatile uint32_t *evt;

    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    smmu_structs_gpi(30, GPI_NONSECURE, GPI_NONSECURE, GPI_NONSECURE);
    gpt_set_gpi(PG(33), GPI_REALM);             /* the stage 2 table */
    fill(PG(31), 0);
    ste_s2(PG(30), PG(33), true);
    smmu_ns_on(PG(30), PG(31), PG(32), true);
    EXPECT_EQ(dma(DMA_TO_MEMORY, 0x1000, 64), DMA_ABORTED);
    EXPECT_TRUE(smmu_rd32(SMMU_EVENTQ_PROD) != 0);
    evt = (volatile uint32_t *)PG(31);
    EXPECT_EQ(evt[0] & 0xff, 0x0b);             /* F_WALK_EABT */
    EXPECT_EQ((evt[2] >> 16) & 1, 1);           /* GPCF */
    EXPECT_EQ((evt[3] >> 7) & 1, 1);            /* S2 */
    EXPECT_EQ(((uint64_t)evt[7] << 32 | evt[6]) & ~0xfffUL, PG(33));
    expect_gpf_far(REASON_TRANSLATION, 0x0b, PG(33));
    smmu_done();
}

/*
 * 3.25.1: the check is on the output address of the translation: a
 * stage 2 Block maps IOVA 0..1 GiB to PA 1..2 GiB (RAM); DMA through it to
 * a Non-secure granule completes, to a Realm granule it is terminated and
 * recorded with FADDR the output PA (not the IOVA); a 1 GiB Block does
 * not carry the check to the next granule.
 */
TEST(smmu_s2_translated_dma_checked_on_output_address)
{
    const uint64_t ram = 0x40000000UL;

    need_smmu();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    smmu_structs_gpi(34, GPI_NONSECURE, GPI_NONSECURE, GPI_NONSECURE);
    gpt_set_gpi(PG(37), GPI_NONSECURE);         /* the stage 2 table */
    gpt_set_gpi(PG(38), GPI_NONSECURE);         /* DMA targets */
    gpt_set_gpi(PG(38) + 0x1000, GPI_REALM);
    fill(PG(37), 0);
    ((volatile uint64_t *)PG(37))[0] = S2_BLOCK_1G(ram);
    ste_s2(PG(34), PG(37), true);
    smmu_ns_on(PG(34), PG(35), PG(36), true);
    fill(PG(38), 0);
    dma_fill(0x3000);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(38) - ram, 64), DMA_DONE);
    EXPECT_EQ(((volatile uint64_t *)PG(38))[1], 0x3001);
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), 0);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(38) + 0x1000 - ram, 64), DMA_ABORTED);
    expect_gpf_far(REASON_TRANSACTION, 0, PG(38) + 0x1000);
    /* the first granule again, after the IOMMU entry for the Block */
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(38) - ram, 64), DMA_DONE);
    smmu_done();
}

/*
 * IHI0070 G.b 5.2, STE.S2AA64: with stage 2 enabled, selecting VMSAv8-32
 * LPAE tables on an SMMU without them (SMMU_IDR0.TTF[0] = 0) is ILLEGAL:
 * C_BAD_STE.  Upstream QEMU 10.2.2 aborts here (g_assert_not_reached());
 * "hw/arm/smmuv3: Report an STE with AArch32 stage 2 tables as C_BAD_STE".
 */
TEST(smmu_ste_s2aa64_0_is_c_bad_ste)
{
    volatile uint32_t *evt;

    need_smmu();
    smmu_gpc_on(ROOT_CR0_ACCESSEN);
    EXPECT_EQ((smmu_rd32(SMMU_IDR0) >> 2) & 3, 2);      /* TTF: AArch64 */
    fill(PG(40), 0);
    ste_s2(PG(39), PG(41), false);
    smmu_ns_on(PG(39), PG(40), PG(42), true);
    EXPECT_EQ(dma(DMA_TO_MEMORY, 0x1000, 8), DMA_ABORTED);
    evt = (volatile uint32_t *)PG(40);
    EXPECT_EQ(evt[0] & 0xff, EVT_C_BAD_STE);
    EXPECT_EQ(evt[1], dma_sid);
    smmu_done();
}

/*
 * IHI0070 G.b 6.3.25, SMMU_STRTAB_BASE_CFG.FMT: 0b00 is a linear Stream
 * table, 0b01 2-level; each write with SMMUEN = 0 selects the format.
 * After a 2-level configuration, a linear table with a bypass STE for
 * the device is used as linear: its DMA completes.  Upstream QEMU 10.2.2
 * keeps walking a 2-level table and reports C_BAD_STREAMID/C_BAD_STE
 * ("hw/arm/smmuv3: Use a linear Stream table again when
 * STRTAB_BASE_CFG.FMT is 0"; found by smmu_realm_pages_fuzz).
 */
TEST(smmu_strtab_fmt_back_to_linear)
{
    volatile uint32_t *ste;

    need_smmu();
    smmu_gpc_on(ROOT_CR0_ACCESSEN);
    for (unsigned int i = 0; i < 32 * 16; i++) {
        ((volatile uint32_t *)PG(43))[i] = 0;
    }
    ste = (volatile uint32_t *)(PG(43) + 64 * dma_sid);
    ste[0] = 1 | 0x4u << 1;                     /* V, bypass */
    dsb_sy();
    smmu_wr32(SMMU_CR0, 0);
    smmu_wr32(SMMU_STRTAB_CFG, 1u << 16 | 6u << 6 | 8);  /* 2-level */
    fill(PG(44), 0);
    smmu_ns_on(PG(43), PG(44), PG(45), true);   /* linear, 2^5 STEs */
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(46), 8), DMA_DONE);
    EXPECT_EQ(smmu_rd32(SMMU_EVENTQ_PROD), 0);
    smmu_done();
}

/*
 * A fuzz of the Root control page and of the rme-dma-test device through
 * QEMU's MMIO paths (hw/arm/smmuv3-rme.c, hw/misc/rme-dma-test.c; the
 * host target tests/unit/fuzz-smmu-root.c runs the page's logic under
 * ASan/UBSan): SMMU_FUZZ_OPS random 32- and 64-bit accesses to the Root
 * page through all four PA spaces, and as many to the device's registers
 * and buffer, with transfers to and from scratch granules of every GPI and
 * to addresses with nothing behind them, while the Root page's state
 * changes under them.  Checked on each operation: a Root page access that
 * is not Root reads 0 and takes no abort (6.3.110-119: RAZ/WI); IDR0 and
 * IIDR never change and CR0ACK follows CR0 (6.3.112/113); the device's ID
 * never changes and every transfer ends DONE or ABORTED.  Afterwards the
 * SMMU still checks DMA.
 */
#ifndef SMMU_FUZZ_OPS
#define SMMU_FUZZ_OPS       100000
#endif

/*
 * One fuzz access at @a: a write of @v or a read, 64-bit (at @a rounded
 * down to 8) if @wide, else 32-bit.  Returns how many checks it failed:
 * an abort taken, and with @raz a read that was not zero (RAZ/WI).
 */
static unsigned int fuzz_access(uintptr_t a, bool write, bool wide,
                                uint64_t v, bool raz)
{
    unsigned int bad = 0;

    expect_exception();
    if (write) {
        if (wide) {
            *(volatile uint64_t *)(a & ~7UL) = v;
        } else {
            *(volatile uint32_t *)a = (uint32_t)v;
        }
        dsb_sy();
    } else {
        uint64_t got = wide ? *(volatile uint64_t *)(a & ~7UL) :
                              *(volatile uint32_t *)a;

        if (raz && got != 0) {
            bad++;
        }
    }
    if (exception_taken()) {
        bad++;
    }
    return bad;
}

TEST(smmu_root_page_and_dma_device_fuzz)
{
    static const unsigned int pas[] = { MMU_PAS_SECURE, MMU_PAS_NONSECURE,
                                        MMU_PAS_ROOT, MMU_PAS_REALM };
    static const unsigned int gpis[] = { GPI_NONSECURE, GPI_REALM, GPI_ROOT,
                                         GPI_SECURE, GPI_ALL, GPI_NO_ACCESS };
    unsigned int bad = 0, root_ops = 0, xfers = 0;
    uint64_t seed = 0x2545f4914f6cdd1dUL;
    uint32_t idr0;
    struct mmu m;

    need_smmu();
    idr0 = root_rd32(ROOT_IDR0);
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    for (unsigned int i = 0; i < 8; i++) {
        gpt_set_gpi(PG(20 + i), gpis[i % ARRAY_SIZE(gpis)]);
    }
    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        mmu_map(&m, MMU_TEST_VA + i * 0x10000UL, BOARD_SMMU_ROOT_BASE,
                pas[i] | MMU_DEVICE | MMU_XN);
    }
    mmu_el3_on(&m);
    for (unsigned int op = 0; op < SMMU_FUZZ_OPS; op++) {
        uint64_t r = test_rand(&seed), v = test_rand(&seed);
        unsigned int p = r & 3, off = (r >> 2) & 0x78;
        uintptr_t a = MMU_TEST_VA + p * 0x10000UL + off;
        bool root = pas[p] == MMU_PAS_ROOT, w = (r >> 9) & 1;

        if ((r >> 10) & 1) {
            off = (r >> 11) & 0xffc;                /* anywhere, 32-bit */
            a = MMU_TEST_VA + p * 0x10000UL + off;
        }
        if (w && root && (off == ROOT_GPT_BASE || off == ROOT_GPT_BASE + 4) &&
            (r >> 24) & 1) {
            v = gpt_info()->l0;                 /* keep a usable GPT often */
        }
        bad += fuzz_access(a, w, w ? !((r >> 10) & 1 || (r >> 12) & 1) :
                                     !((r >> 10) & 1), v, !root);
        if (root) {
            root_ops++;
        }
    }
    mmu_el3_off();
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(root_rd32(ROOT_IDR0), idr0);
    EXPECT_EQ(root_rd32(ROOT_IIDR), 0x43b);
    EXPECT_EQ(root_rd32(ROOT_CR0ACK), root_rd32(ROOT_CR0));

    /* the device, under a Root page that changes now and then */
    for (unsigned int op = 0; op < SMMU_FUZZ_OPS; op++) {
        uint64_t r = test_rand(&seed), v = test_rand(&seed);
        unsigned int k = r & 15;

        if (k == 0) {
            root_wr32(ROOT_CR0, (r >> 4) & 3);
            root_wr32(ROOT_GPF_FAR, (r >> 6) & 1);
            continue;
        }
        if (k < 4) {
            /* a transfer to or from a scratch granule or nowhere */
            static const unsigned int cmds[] = { 1, 2, 3, 4, 5 };
            uint64_t pa = (r >> 4) & 1 ? BOARD_UNMAPPED_PA + (v & 0xfff000) :
                          PG(20 + ((r >> 5) & 7)) + ((v >> 8) & 0xf00);
            unsigned int cmd = cmds[(r >> 8) % 5];
            uint32_t st = dma(cmd, pa, 1 + ((v >> 20) & 0xff));

            xfers++;
            /* an ATS request (3) says 4 if ATS is not enabled */
            if (st != DMA_DONE && st != DMA_ABORTED &&
                !(cmd == 3 && st == 4)) {
                bad++;
            }
            continue;
        }
        if (k < 8) {
            /* the buffer, any width */
            unsigned int o = DMA_BUF + ((v >> 4) & 0xff8);

            switch ((r >> 4) & 3) {
            case 0:
                *(volatile uint8_t *)(dma_bar + o + (r & 7)) = (uint8_t)v;
                break;
            case 1:
                *(volatile uint16_t *)(dma_bar + o + (r & 6)) = (uint16_t)v;
                break;
            case 2:
                *(volatile uint32_t *)(dma_bar + o) = (uint32_t)v;
                break;
            default:
                *(volatile uint64_t *)(dma_bar + o) = v;
                break;
            }
            continue;
        }
        /* any register but CMD (which would DMA anywhere) */
        {
            unsigned int o = (r >> 4) & 0xffc;

            if (o == DMA_CMD) {
                o = DMA_STATUS;
            }
            if ((r >> 16) & 1) {
                dma_wr32(o, (uint32_t)v);
            } else {
                (void)*(volatile uint32_t *)(dma_bar + o);
            }
        }
        if (*(volatile uint32_t *)(dma_bar + DMA_ID) != DMA_ID_VALUE) {
            bad++;
        }
    }
    printf("    %u Root page operations through the Root PA space, %u "
           "transfers\n", root_ops, xfers);
    EXPECT_EQ(bad, 0);
    EXPECT_TRUE(root_ops > SMMU_FUZZ_OPS / 8);
    EXPECT_TRUE(xfers > SMMU_FUZZ_OPS / 8);

    /* the SMMU still checks DMA */
    dma_wr32(DMA_SEC_SID, 0);
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    gpt_set_gpi(PG(28), GPI_NONSECURE);
    gpt_set_gpi(PG(29), GPI_REALM);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(28), 64), DMA_DONE);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(29), 64), DMA_ABORTED);
    smmu_done();
}

/* ---- the Realm programming interface (2.7, 6.2.7-6.2.9) ------------------ */

#define R_IDR0              0x0000
#define R_IDR0_ATS          (1u << 10)
#define R_IDR0_MSI          (1u << 13)
#define R_IDR0_PRI          (1u << 16)
#define R_IDR0_STALL_MODEL(i) (((i) >> 24) & 3)
#define R_IDR1              0x0004
#define R_IDR1_RME_DA_IMPL  (1u << 31)
#define R_IDR2              0x0008
#define R_IDR3              0x000c
#define R_IDR3_FIELDS       (7u << 15)          /* DPT, MEC, XT */
#define R_IDR4              0x0010
#define R_GBPA              0x0044
#define R_GBPA_ABORT        (1u << 20)

#define realm_rd32(off)     rd32(BOARD_SMMU_REALM_BASE + (off))
#define realm_wr32(off, v)  wr32(BOARD_SMMU_REALM_BASE + (off), (v))
#define realm_wr64(off, v)  wr64(BOARD_SMMU_REALM_BASE + (off), (v))

static bool realm_impl(void)
{
    return root_rd32(ROOT_IDR0) & ROOT_IDR0_REALM_IMPL;
}

static void need_realm(void)
{
    need_smmu();
    if (!realm_impl()) {
        SKIP("the SMMU has no Realm programming interface "
             "(SMMU_ROOT_IDR0.REALM_IMPL = 0: -M virt,smmu-realm=off?)");
    }
}

static void realm_off(void)
{
    if (realm_impl()) {
        realm_wr32(SMMU_CR0, 0);
    }
}

/*
 * The Realm interface on, as smmu_ns_on() does the Non-secure one, through
 * the Realm page (6.3.128, 6.3.142-147): a linear Realm Stream table of
 * 32 STEs at @strtab, a Realm Event queue and Command queue of 32 entries;
 * its cached configuration dropped.
 */
static void realm_on(uint64_t strtab, uint64_t eventq, uint64_t cmdq)
{
    /* ATSCHK (bit 4) is RO, one with ATS (6.3.128): not compared here */
    iface_on(BOARD_SMMU_REALM_BASE, strtab, eventq, cmdq, 0x10);
    iface_invalidate_all(BOARD_SMMU_REALM_BASE, cmdq);
}

/*
 * A Stream table of 32 STEs at @strtab, all invalid but the device's,
 * which is valid with @config (STE.Config, 5.2): 0b100 is bypass, whose
 * output PA space for a Realm stream follows the input NS attribute with
 * STE.NSCFG = 0b00, "defaults to Realm" (3.10.3.3).
 */
static void ste_only(uint64_t strtab, bool valid, unsigned int config)
{
    volatile uint32_t *ste = (volatile uint32_t *)(strtab + 64 * dma_sid);

    for (unsigned int i = 0; i < 32 * 16; i++) {
        ((volatile uint32_t *)strtab)[i] = 0;
    }
    ste[0] = (valid ? 1 : 0) | config << 1;
    dsb_sy();
}

/* SMMU_ROOT_GPF_FAR holds a fault of an access in PA space @fpas to @pa */
static void expect_gpf_far_pas(unsigned int reason, unsigned int faultcode,
                               unsigned int fpas, uint64_t pa)
{
    uint64_t far = root_rd64(ROOT_GPF_FAR);

    EXPECT_EQ(far & FAR_FAULT, FAR_FAULT);
    EXPECT_EQ(FAR_REASON(far), reason);
    EXPECT_EQ(FAR_FAULTCODE(far), faultcode);
    EXPECT_EQ(FAR_FPAS(far), fpas);
    EXPECT_EQ(FAR_FADDR(far), pa & ~0xfffUL);
}

#define FPAS_NONSECURE      1
#define FPAS_REALM          3                   /* 6.3.116 */

/*
 * 6.3.110: REALM_IMPL = 1 and Realm Page 0 at page 0 + 0x20000 +
 * BA_REALM * 0x10000, BA_REALM[0] zero.  6.3.122-126 read through the
 * Realm page: R_IDR0.STALL_MODEL is 0b01 ("the only permitted value"),
 * ATS, MSI and PRI as in SMMU_IDR0; R_IDR1.RME_DA_IMPL reads one; R_IDR2
 * and R_IDR4 are zero, R_IDR3 only DPT, MEC and XT.  6.3.133: R_GBPA is
 * RO with ABORT = 1.
 */
TEST(smmu_realm_ids)
{
    uint32_t idr0, ridr0, ns_idr0;

    need_realm();
    idr0 = root_rd32(ROOT_IDR0);
    EXPECT_EQ(ROOT_IDR0_BA_REALM(idr0) & 1, 0);
    EXPECT_EQ(BOARD_SMMU_BASE + 0x20000UL +
              ROOT_IDR0_BA_REALM(idr0) * 0x10000UL, BOARD_SMMU_REALM_BASE);
    ridr0 = realm_rd32(R_IDR0);
    ns_idr0 = smmu_rd32(SMMU_IDR0);
    EXPECT_EQ(R_IDR0_STALL_MODEL(ridr0), 1);
    EXPECT_EQ(ridr0 & (R_IDR0_ATS | R_IDR0_MSI | R_IDR0_PRI),
              ns_idr0 & (R_IDR0_ATS | R_IDR0_MSI | R_IDR0_PRI));
    EXPECT_EQ(ridr0 & ~(R_IDR0_ATS | R_IDR0_MSI | R_IDR0_PRI | 3u << 24 |
                        1u << 31), 0);
    EXPECT_EQ(realm_rd32(R_IDR1), R_IDR1_RME_DA_IMPL);
    EXPECT_EQ(realm_rd32(R_IDR2), 0);
    EXPECT_EQ(realm_rd32(R_IDR3) & ~R_IDR3_FIELDS, 0);
    EXPECT_EQ(realm_rd32(R_IDR4), 0);
    EXPECT_EQ(realm_rd32(R_GBPA), R_GBPA_ABORT);
    realm_wr32(R_GBPA, 1u << 31);               /* UPDATE, ABORT = 0 */
    EXPECT_EQ(realm_rd32(R_GBPA), R_GBPA_ABORT);
    /* 6.3.128: R_CR0.ATSCHK is RO, one exactly when R_IDR0.ATS is one */
    realm_wr32(SMMU_CR0, 0);
    EXPECT_EQ((realm_rd32(SMMU_CR0) >> 4) & 1, (ridr0 & R_IDR0_ATS) ? 1 : 0);
}

/*
 * 6.2.7: the Realm pages are "only accessible in Realm and Root PA
 * spaces. Non-secure and Secure accesses to the page are RAZ/WI": through
 * the Secure and Non-secure PA spaces R_IDR1 reads 0 and a write of
 * R_CR0 changes nothing; through the Realm PA space R_IDR1 reads
 * RME_DA_IMPL and R_CR0 takes the write.  No access takes an abort.
 */
TEST(smmu_realm_pages_raz_wi_outside_realm_and_root)
{
    static const unsigned int pas[] = { MMU_PAS_SECURE, MMU_PAS_NONSECURE,
                                        MMU_PAS_REALM };
    uint32_t got[3], cr0[3];
    struct mmu m;

    need_realm();
    realm_off();
    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        mmu_map(&m, MMU_TEST_VA + i * 0x10000UL, BOARD_SMMU_REALM_BASE,
                pas[i] | MMU_DEVICE | MMU_XN);
    }
    mmu_el3_on(&m);
    expect_exception();
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        volatile uint32_t *p = (volatile uint32_t *)(MMU_TEST_VA +
                                                     i * 0x10000UL);

        got[i] = p[R_IDR1 / 4];
        p[SMMU_CR0 / 4] = SMMU_CR0_CMDQEN;
        dsb_sy();
        cr0[i] = realm_rd32(SMMU_CR0);          /* Root, MMU off: a VA = PA */
    }
    EXPECT_FALSE(exception_taken());
    mmu_el3_off();
    EXPECT_EQ(got[0], 0);
    EXPECT_EQ(got[1], 0);
    EXPECT_EQ(got[2], R_IDR1_RME_DA_IMPL);
    realm_off();
    EXPECT_EQ(cr0[2] & ~0x10u, SMMU_CR0_CMDQEN);        /* but ATSCHK */
    EXPECT_EQ(realm_rd32(SMMU_CR0) & ~0x10u, 0);
}

/* At a lower EL: the 32-bit register at @a */
static uint64_t lower_rd32(uint64_t a)
{
    return *(volatile uint32_t *)a;
}

/* At a lower EL: R_CR0 = CMDQEN through the Realm page, then R_CR0ACK */
static uint64_t lower_realm_cmdqen(uint64_t base)
{
    *(volatile uint32_t *)(base + SMMU_CR0) = SMMU_CR0_CMDQEN;
    dsb_sy();
    return *(volatile uint32_t *)(base + SMMU_CR0ACK);
}

/*
 * The pages as software in each world sees them, run at EL2 with the MMU
 * off, so in the world's own PA space: from the Normal world the Root
 * page (6.3.110-119) and the Realm pages (6.2.7) read zero and a write to
 * R_CR0 does nothing, while Non-secure page 0 reads its SMMU_IDR0; from
 * the Realm world, where the RMM runs, the Root page reads zero and the
 * Realm pages work: R_IDR1 reads RME_DA_IMPL and Realm EL2 turns the
 * Realm Command queue on.
 */
TEST(smmu_pages_from_the_normal_and_realm_worlds)
{
    uint64_t ack;

    need_realm();
    realm_off();
    EXPECT_EQ(run_at(WORLD_NONSECURE, 2, lower_rd32,
                     BOARD_SMMU_ROOT_BASE + ROOT_IDR0), 0);
    EXPECT_EQ(run_at(WORLD_NONSECURE, 2, lower_rd32,
                     BOARD_SMMU_REALM_BASE + R_IDR1), 0);
    EXPECT_EQ(run_at(WORLD_NONSECURE, 2, lower_rd32,
                     BOARD_SMMU_BASE + SMMU_IDR0), smmu_rd32(SMMU_IDR0));
    run_at(WORLD_NONSECURE, 2, lower_realm_cmdqen, BOARD_SMMU_REALM_BASE);
    EXPECT_EQ(realm_rd32(SMMU_CR0) & SMMU_CR0_CMDQEN, 0);

    EXPECT_EQ(run_at(WORLD_REALM, 2, lower_rd32,
                     BOARD_SMMU_ROOT_BASE + ROOT_IDR0), 0);
    EXPECT_EQ(run_at(WORLD_REALM, 2, lower_rd32,
                     BOARD_SMMU_REALM_BASE + R_IDR1), R_IDR1_RME_DA_IMPL);
    ack = run_at(WORLD_REALM, 2, lower_realm_cmdqen, BOARD_SMMU_REALM_BASE);
    EXPECT_EQ(ack & SMMU_CR0_CMDQEN, SMMU_CR0_CMDQEN);
    EXPECT_EQ(realm_rd32(SMMU_CR0) & SMMU_CR0_CMDQEN, SMMU_CR0_CMDQEN);
    realm_off();
}

/*
 * 3.10.1: a Realm stream is configured by the Realm interface alone.
 * With SMMU_R_CR0.SMMUEN = 0 its transactions abort (R_GBPA.ABORT is
 * RES1, 6.3.133), without a GPF, while the same device as a Non-secure
 * stream passes the Non-secure interface in bypass.
 */
TEST(smmu_realm_stream_aborts_while_realm_smmuen_is_0)
{
    need_realm();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    realm_off();
    gpt_set_gpi(PG(60), GPI_REALM);
    gpt_set_gpi(PG(61), GPI_NONSECURE);
    fill(PG(60), 0x5a5a5a5a5a5a5a5aUL);
    dma_fill(0x6000);
    dma_wr32(DMA_SEC_SID, 2);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(60), 64), DMA_ABORTED);
    EXPECT_EQ(((volatile uint64_t *)PG(60))[0], 0x5a5a5a5a5a5a5a5aUL);
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), 0);
    dma_wr32(DMA_SEC_SID, 0);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(61), 64), DMA_DONE);
    smmu_done();
}

/*
 * The point of the Realm interface.  With a Realm Stream table, Event
 * queue and Command queue in Realm granules and a bypass STE for the
 * device (3.10.3.3), the device's Realm stream writes and reads a Realm
 * granule (its accesses are in the Realm PA space, which GPI Realm
 * permits, DDI0487 D9.6.5), while the same device as a Non-secure stream
 * cannot reach it (3.25.1, GPF_FAR FPAS Non-secure).  A Realm stream
 * cannot reach a Non-secure granule either: the GPF is recorded with
 * FPAS Realm (6.3.116).
 */
TEST(smmu_realm_stream_dma_into_realm_memory)
{
    need_realm();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    smmu_structs_gpi(62, GPI_REALM, GPI_REALM, GPI_REALM);
    gpt_set_gpi(PG(65), GPI_REALM);             /* DMA targets */
    gpt_set_gpi(PG(66), GPI_NONSECURE);
    ste_only(PG(62), true, 0x4);                /* bypass */
    fill(PG(63), 0);
    realm_on(PG(62), PG(63), PG(64));
    fill(PG(65), 0);
    fill(PG(66), 0x5a5a5a5a5a5a5a5aUL);

    dma_wr32(DMA_SEC_SID, 2);
    dma_fill(0x7000);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(65), 512), DMA_DONE);
    EXPECT_EQ(((volatile uint64_t *)PG(65))[63], 0x7000 + 63);
    dma_fill(0);
    EXPECT_EQ(dma(DMA_FROM_MEMORY, PG(65), 64), DMA_DONE);
    EXPECT_EQ(dma_buf(7), 0x7007);
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), 0);
    EXPECT_EQ(realm_rd32(SMMU_EVENTQ_PROD), 0);

    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(66), 64), DMA_ABORTED);
    EXPECT_EQ(((volatile uint64_t *)PG(66))[0], 0x5a5a5a5a5a5a5a5aUL);
    expect_gpf_far_pas(REASON_TRANSACTION, 0, FPAS_REALM, PG(66));
    root_wr32(ROOT_GPF_FAR, 0);

    dma_wr32(DMA_SEC_SID, 0);                   /* Non-secure, bypass */
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(65) + 0x100, 64), DMA_ABORTED);
    EXPECT_EQ(((volatile uint64_t *)(PG(65) + 0x100))[0], 0x7000 + 32);
    expect_gpf_far_pas(REASON_TRANSACTION, 0, FPAS_NONSECURE, PG(65));
    smmu_done();
}

/*
 * 3.10.1: the Non-secure and Realm StreamID spaces are separate, each
 * with its own Stream table and Event queue.  The device's STE is
 * invalid in the Realm table and bypass in the Non-secure one: its Realm
 * stream aborts with C_BAD_STE in the Realm Event queue and nothing in
 * the Non-secure one; as a Non-secure stream it passes.  And the other
 * way round.
 */
TEST(smmu_realm_and_ns_stream_tables_are_separate)
{
    volatile uint32_t *revt = (volatile uint32_t *)PG(68);

    need_realm();
    smmu_gpc_on(ROOT_CR0_ACCESSEN);
    for (unsigned int i = 67; i < 75; i++) {
        gpt_set_gpi(PG(i), GPI_ALL);
    }
    ste_only(PG(67), false, 0);                 /* Realm: invalid */
    ste_only(PG(70), true, 0x4);                /* Non-secure: bypass */
    fill(PG(68), 0);
    fill(PG(71), 0);
    realm_on(PG(67), PG(68), PG(69));
    smmu_ns_on(PG(70), PG(71), PG(72), true);

    dma_wr32(DMA_SEC_SID, 2);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(73), 8), DMA_ABORTED);
    EXPECT_TRUE(realm_rd32(SMMU_EVENTQ_PROD) != 0);
    EXPECT_EQ(revt[0] & 0xff, EVT_C_BAD_STE);
    EXPECT_EQ(revt[1], dma_sid);
    EXPECT_EQ(smmu_rd32(SMMU_EVENTQ_PROD), 0);
    dma_wr32(DMA_SEC_SID, 0);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(73), 8), DMA_DONE);
    EXPECT_EQ(smmu_rd32(SMMU_EVENTQ_PROD), 0);

    /* swap: Realm bypass, Non-secure invalid */
    ste_only(PG(67), true, 0x4);
    ste_only(PG(70), false, 0);
    fill(PG(68), 0);
    realm_on(PG(67), PG(68), PG(69));
    smmu_ns_on(PG(70), PG(71), PG(72), true);
    dma_wr32(DMA_SEC_SID, 2);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(74), 8), DMA_DONE);
    dma_wr32(DMA_SEC_SID, 0);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(74), 8), DMA_ABORTED);
    EXPECT_TRUE(smmu_rd32(SMMU_EVENTQ_PROD) != 0);
    EXPECT_EQ(((volatile uint32_t *)PG(71))[0] & 0xff, EVT_C_BAD_STE);
    EXPECT_EQ(realm_rd32(SMMU_EVENTQ_PROD), 0);
    smmu_done();
}

/*
 * 6.2.7: the addresses in the Realm page's registers are Realm physical
 * addresses, and 5.2 makes the Realm STE's pointers Realm PAs: the Realm
 * interface's own accesses are checked in the Realm PA space (3.25.3).  A
 * Realm Stream table in a Non-secure granule gives F_STE_FETCH with GPCF
 * in the Realm Event queue, recorded as REASON = TRANSLATION, FAULTCODE
 * 0x03, FPAS Realm.
 */
TEST(smmu_realm_ste_fetch_is_in_the_realm_pas)
{
    volatile uint32_t *evt = (volatile uint32_t *)PG(76);

    need_realm();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    smmu_structs_gpi(75, GPI_NONSECURE, GPI_REALM, GPI_REALM);
    gpt_set_gpi(PG(78), GPI_REALM);
    ste_only(PG(75), true, 0x4);
    fill(PG(76), 0);
    realm_on(PG(75), PG(76), PG(77));
    dma_wr32(DMA_SEC_SID, 2);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(78), 64), DMA_ABORTED);
    EXPECT_TRUE(realm_rd32(SMMU_EVENTQ_PROD) != 0);
    EXPECT_EQ(evt[0] & 0xff, EVT_F_STE_FETCH);
    EXPECT_EQ(evt[1], dma_sid);
    EXPECT_EQ((evt[2] >> 16) & 1, 1);           /* GPCF */
    EXPECT_EQ(((uint64_t)evt[7] << 32 | evt[6]) & ~7UL, PG(75) + 64 * dma_sid);
    expect_gpf_far_pas(REASON_TRANSLATION, 0x03, FPAS_REALM, PG(75));
    smmu_done();
}

/*
 * A fuzz of the Realm pages through QEMU's MMIO paths
 * (hw/arm/smmuv3-realm.c and the Realm SMMUv3 instance behind it):
 * SMMU_FUZZ_OPS random 32- and 64-bit accesses anywhere in the 128 KiB
 * through all four PA spaces, with Realm stream transfers in between.
 * Base address registers get scratch granules (a random queue base would
 * let the SMMU write anywhere, the suite's own image included).  Checked
 * on each operation: an access that is neither Realm nor Root reads 0 and
 * no access takes an abort (6.2.7); R_IDR1 and R_GBPA never change; every
 * transfer ends DONE or ABORTED.  Afterwards the Realm interface still
 * works.
 */
TEST(smmu_realm_pages_fuzz)
{
    static const unsigned int pas[] = { MMU_PAS_SECURE, MMU_PAS_NONSECURE,
                                        MMU_PAS_ROOT, MMU_PAS_REALM };
    unsigned int bad = 0, ok_ops = 0, xfers = 0;
    uint64_t seed = 0x9e3779b97f4a7c15UL;
    struct mmu m;

    need_realm();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    for (unsigned int i = 0; i < 8; i++) {
        gpt_set_gpi(PG(80 + i), i & 1 ? GPI_REALM : GPI_ALL);
        fill(PG(80 + i), 0);
    }
    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        for (unsigned long k = 0; k < 0x20000UL; k += 0x1000) {
            mmu_map(&m, MMU_TEST_VA + i * 0x20000UL + k,
                    BOARD_SMMU_REALM_BASE + k, pas[i] | MMU_DEVICE | MMU_XN);
        }
    }
    mmu_el3_on(&m);
    for (unsigned int op = 0; op < SMMU_FUZZ_OPS; op++) {
        uint64_t r = test_rand(&seed), v = test_rand(&seed);
        unsigned int p = r & 3, off;
        bool allowed = pas[p] == MMU_PAS_ROOT || pas[p] == MMU_PAS_REALM;
        bool w = (r >> 2) & 1, wide = (r >> 3) & 1;
        uintptr_t a;

        if ((r >> 4) & 7) {
            off = (r >> 8) & 0xf8;                  /* the registers */
            if ((r >> 16) & 1) {
                off |= 0x10000;                     /* page 1 */
            }
        } else {
            off = (r >> 8) & 0x1fff8;               /* anywhere */
        }
        if (!wide) {
            off |= (r >> 30) & 4;
        }
        if (w && off >= 0x80 && off < 0xc0) {
            /* a base: a scratch granule, any size and flags */
            v = PG(80 + ((v >> 40) & 7)) | (v & 0x1f) | (v & (1UL << 62));
        }
        if ((r >> 20) % 64 == 0) {
            uint32_t st;

            mmu_el3_off();
            dma_wr32(DMA_SEC_SID, 2);
            st = dma(1 + ((r >> 26) & 1), PG(80 + ((v >> 3) & 7)),
                     1 + (v & 0x3f));
            xfers++;
            if (st != DMA_DONE && st != DMA_ABORTED) {
                bad++;
            }
            mmu_el3_on(&m);
            continue;
        }
        a = MMU_TEST_VA + p * 0x20000UL + off;
        bad += fuzz_access(a, w, wide, v, !allowed);
        if (allowed) {
            ok_ops++;
        }
    }
    mmu_el3_off();
    printf("    %u Realm page operations through the Realm and Root PA "
           "spaces, %u Realm stream transfers\n", ok_ops, xfers);
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(realm_rd32(R_IDR1), R_IDR1_RME_DA_IMPL);
    EXPECT_EQ(realm_rd32(R_GBPA), R_GBPA_ABORT);
    EXPECT_TRUE(ok_ops > SMMU_FUZZ_OPS / 4);
    EXPECT_TRUE(xfers > SMMU_FUZZ_OPS / 128);

    /* the Realm interface still works */
    root_wr32(ROOT_GPF_FAR, 0);
    smmu_structs_gpi(88, GPI_REALM, GPI_REALM, GPI_REALM);
    gpt_set_gpi(PG(91), GPI_REALM);
    ste_only(PG(88), true, 0x4);
    realm_on(PG(88), PG(89), PG(90));
    dma_wr32(DMA_SEC_SID, 2);
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(91), 64), DMA_DONE);
    smmu_done();
}

/* ---- PCIe ATS and the Device Permission Table (3.9, 3.24) ------------- */

#define DMA_ATS_REQUEST     3
#define DMA_XLATED_TO_MEM   4
#define DMA_XLATED_FROM_MEM 5
#define DMA_NO_ATS          4
#define DMA_XLATE_LO        0x028
#define DMA_XLATE_HI        0x02c
#define DMA_XLATE_PERM      0x030
#define DMA_ATS_CAP         0x100
#define SMMU_IDR0_ATS       (1u << 10)
#define SMMU_IDR3           0x000c
#define SMMU_IDR3_DPT       (1u << 15)
#define SMMU_CR0_ATSCHK     (1u << 4)
#define SMMU_CR0_DPT_WALK   (1u << 10)
#define GERROR_DPT_ERR      (1u << 10)
#define DPT_BASE            0x0200
#define DPT_BASE_CFG        0x0208
#define DPT_CFG_FAR         0x0210
#define EVT_F_BAD_ATS_TREQ  0x05
#define EVT_F_TRANSL_FORBIDDEN 0x07
#define smmu_rd64(off)      rd64(BOARD_SMMU_BASE + (off))
#define realm_rd64(off)     rd64(BOARD_SMMU_REALM_BASE + (off))

static void need_ats(void)
{
    need_smmu();
    if (!(smmu_rd32(SMMU_IDR0) & SMMU_IDR0_ATS)) {
        SKIP("the SMMU has no PCIe ATS (-M virt,smmu-ats=off?)");
    }
}

/* PCIe ATS Control (ATS capability + 6): Enable, bit 15 */
static void ats_enable(bool on)
{
    *ecam(dma_sid & 0xff, DMA_ATS_CAP + 4) = on ? 1u << 31 : 0;
    dsb_sy();
}

/*
 * The stage 2 only STE of ste_s2(), with STE.EATS = @eats (5.2, bits
 * [93:92]) and STE.S2VMID = @vmid, STE.DPT_VMATCH 0.
 */
static void ste_s2_eats(uint64_t strtab, uint64_t s2ttb, unsigned eats,
                        uint16_t vmid)
{
    volatile uint32_t *ste = (volatile uint32_t *)(strtab + 64 * dma_sid);

    ste_s2(strtab, s2ttb, true);
    ste[2] = eats << 28;
    ste[4] = vmid;
    dsb_sy();
}

/* IOVA 0..1 GiB to PA 1..2 GiB (the RAM), one stage 2 Block, at @table */
static void s2_ram_block(uint64_t table)
{
    fill(table, 0);
    ((volatile uint64_t *)table)[0] = S2_BLOCK_1G(0x40000000UL);
    dsb_sy();
}

/*
 * 5.2 STE.EATS and 7.3.8: with SMMU_CR0.ATSCHK = 1, a transaction marked
 * Translated from a stream whose STE.EATS is 0b00 is terminated with
 * F_TRANSL_FORBIDDEN (InputAddr the PA, RnW); with EATS 0b01 (Full ATS)
 * it passes untranslated; with ATSCHK = 0 it bypasses the SMMU.  What
 * passes is still checked against the GPT (3.25.1).
 */
TEST(smmu_ats_translated_dma_follows_ste_eats)
{
    volatile uint32_t *evt;

    need_ats();
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    smmu_structs_gpi(100, GPI_NONSECURE, GPI_NONSECURE, GPI_NONSECURE);
    gpt_set_gpi(PG(103), GPI_NONSECURE);        /* stage 2 table */
    gpt_set_gpi(PG(104), GPI_NONSECURE);        /* DMA targets */
    gpt_set_gpi(PG(105), GPI_REALM);
    s2_ram_block(PG(103));
    ste_s2_eats(PG(100), PG(103), 0, 1);
    fill(PG(101), 0);
    fill(PG(104), 0x5a5a5a5a5a5a5a5aUL);
    smmu_ns_on(PG(100), PG(101), PG(102), true);
    smmu_wr32(SMMU_CR0, smmu_rd32(SMMU_CR0) | SMMU_CR0_ATSCHK);
    dma_fill(0x8000);

    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(104), 64), DMA_ABORTED);
    EXPECT_EQ(((volatile uint64_t *)PG(104))[0], 0x5a5a5a5a5a5a5a5aUL);
    evt = (volatile uint32_t *)PG(101);
    EXPECT_TRUE(smmu_rd32(SMMU_EVENTQ_PROD) != 0);
    EXPECT_EQ(evt[0] & 0xff, EVT_F_TRANSL_FORBIDDEN);
    EXPECT_EQ(evt[1], dma_sid);
    EXPECT_EQ((evt[3] >> 3) & 1, 0);            /* RnW: a write */
    EXPECT_EQ(((uint64_t)evt[5] << 32 | evt[4]), PG(104));

    /* ATSCHK = 0: Translated traffic bypasses the SMMU */
    smmu_wr32(SMMU_CR0, smmu_rd32(SMMU_CR0) & ~SMMU_CR0_ATSCHK);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(104), 64), DMA_DONE);
    EXPECT_EQ(((volatile uint64_t *)PG(104))[1], 0x8001);

    /* EATS 0b01 with ATSCHK = 1: passes, still subject to the GPC */
    ste_s2_eats(PG(100), PG(103), 1, 1);
    smmu_ns_on(PG(100), PG(101), PG(102), true);
    smmu_wr32(SMMU_CR0, smmu_rd32(SMMU_CR0) | SMMU_CR0_ATSCHK);
    fill(PG(104), 0);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(104), 64), DMA_DONE);
    EXPECT_EQ(((volatile uint64_t *)PG(104))[2], 0x8002);
    EXPECT_EQ(dma(DMA_XLATED_FROM_MEM, PG(104), 64), DMA_DONE);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(105), 64), DMA_ABORTED);
    expect_gpf_far(REASON_TRANSACTION, 0, PG(105));
    smmu_done();
}

/*
 * 3.9.1.2, 7.3.6: an ATS Translation Request is answered with the
 * translation of all enabled stages and its permissions (stage 2 Block,
 * RW), or, with STE.EATS = 0b00, unsuccessfully (UR) with F_BAD_ATS_TREQ.
 * A device whose ATS capability is not enabled makes none.
 */
TEST(smmu_ats_translation_request)
{
    volatile uint32_t *evt;
    const uint64_t ram = 0x40000000UL;
    uint64_t xlate;

    need_ats();
    smmu_gpc_on(ROOT_CR0_ACCESSEN);
    s2_ram_block(PG(109));
    ste_s2_eats(PG(106), PG(109), 1, 1);
    fill(PG(107), 0);
    smmu_ns_on(PG(106), PG(107), PG(108), true);
    dma_wr32(DMA_ADDR_LO, (uint32_t)(PG(110) - ram + 0x123));
    dma_wr32(DMA_ADDR_HI, 0);
    ats_enable(false);
    dma_wr32(DMA_CMD, DMA_ATS_REQUEST);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_STATUS), DMA_NO_ATS);
    ats_enable(true);
    dma_wr32(DMA_CMD, DMA_ATS_REQUEST);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_STATUS), DMA_DONE);
    xlate = *(volatile uint32_t *)(dma_bar + DMA_XLATE_LO) |
            (uint64_t)*(volatile uint32_t *)(dma_bar + DMA_XLATE_HI) << 32;
    EXPECT_EQ(xlate, PG(110) + 0x123);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_XLATE_PERM), 3);
    EXPECT_EQ(smmu_rd32(SMMU_EVENTQ_PROD), 0);

    ste_s2_eats(PG(106), PG(109), 0, 1);
    smmu_ns_on(PG(106), PG(107), PG(108), true);
    dma_wr32(DMA_CMD, DMA_ATS_REQUEST);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_STATUS), DMA_ABORTED);
    evt = (volatile uint32_t *)PG(107);
    EXPECT_TRUE(smmu_rd32(SMMU_EVENTQ_PROD) != 0);
    EXPECT_EQ(evt[0] & 0xff, EVT_F_BAD_ATS_TREQ);
    EXPECT_EQ(evt[1], dma_sid);
    ats_enable(false);
    smmu_done();
}

/* One command @w0..@w3 and a CMD_SYNC on the Non-secure Command queue */
static void smmu_cmd_sync(uint64_t cmdq, uint32_t w0, uint32_t w1,
                          uint32_t w2, uint32_t w3)
{
    const uint32_t cmd[1][4] = { { w0, w1, w2, w3 } };

    cmdq_post_sync(BOARD_SMMU_BASE, cmdq, cmd, 1);
}

#define DMA_ATC_TO_MEM      6
#define DMA_ATC_MISS        5
#define DMA_ATC_VALID       0x034
#define DMA_ATC_INVALS      0x038

/*
 * 4.5.1 CMD_ATC_INV: an ATS Invalidation Request for the StreamID, for
 * Address spanned by 4096 * 2^Size.  The device caches the translation
 * of its Translation Request and uses it for a Translated write; an
 * invalidation of another page leaves it, one that covers it (Size 9:
 * 2 MiB) drops it, after which the device has nothing to send.
 */
TEST(smmu_ats_atc_invalidation)
{
    const uint64_t ram = 0x40000000UL;
    uint64_t iova = PG(146) - ram + 0x40;
    uint32_t invals;

    need_ats();
    smmu_gpc_on(ROOT_CR0_ACCESSEN);
    s2_ram_block(PG(145));
    ste_s2_eats(PG(142), PG(145), 1, 1);
    fill(PG(143), 0);
    smmu_ns_on(PG(142), PG(143), PG(144), true);
    smmu_wr32(SMMU_CR0, smmu_rd32(SMMU_CR0) | SMMU_CR0_ATSCHK);
    ats_enable(true);
    dma_wr32(DMA_ADDR_LO, (uint32_t)iova);
    dma_wr32(DMA_ADDR_HI, 0);
    dma_wr32(DMA_CMD, DMA_ATS_REQUEST);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_STATUS), DMA_DONE);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_ATC_VALID), 1);
    invals = *(volatile uint32_t *)(dma_bar + DMA_ATC_INVALS);

    fill(PG(146), 0);
    dma_fill(0xb000);
    EXPECT_EQ(dma(DMA_ATC_TO_MEM, iova, 8), DMA_DONE);
    EXPECT_EQ(((volatile uint64_t *)PG(146))[8], 0xb000);

    /* another 4 KiB page: the ATC keeps its entry */
    smmu_cmd_sync(PG(144), 0x40, dma_sid, (uint32_t)(iova + 0x1000) & ~0xfffu,
                  0);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_ATC_INVALS), invals + 1);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_ATC_VALID), 1);
    /* 2 MiB around it: dropped */
    smmu_cmd_sync(PG(144), 0x40, dma_sid, ((uint32_t)iova & ~0xfffu) | 9, 0);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_ATC_INVALS), invals + 2);
    EXPECT_EQ(*(volatile uint32_t *)(dma_bar + DMA_ATC_VALID), 0);
    EXPECT_EQ(dma(DMA_ATC_TO_MEM, iova, 8), DMA_ATC_MISS);
    ats_enable(false);
    smmu_done();
}

/*
 * A DPT of 4 GiB (DPTPS 0b000), 1 GiB level 0 entries, 64 KiB granules
 * (DPTGS 0b01, so a level 1 table is 8192 entries, 64 KiB): level 0 at
 * @l0, level 1 for 1..2 GiB at @l1, every level 1 entry No Access.
 * dpt_allow() then sets the attributes of one granule (3.24.3).
 */
#define DPT_CFG_64K         (1u << 14)

static void dpt_build(uint64_t l0, uint64_t l1)
{
    for (unsigned int i = 0; i < 4; i++) {
        ((volatile uint64_t *)l0)[i] = 0;       /* No Access */
    }
    ((volatile uint64_t *)l0)[1] = l1 | 3;      /* Table */
    for (unsigned int i = 0; i < 8192; i++) {
        ((volatile uint64_t *)l1)[i] = 0;
    }
    dsb_sy();
}

/* Level 1: the granule of @pa gets AC, W, VMID (its half of the entry) */
static void dpt_allow(uint64_t l1, uint64_t pa, unsigned int ac, bool w,
                      uint16_t vmid)
{
    volatile uint64_t *e = (volatile uint64_t *)l1 +
                           ((pa - 0x40000000UL) >> 17);
    unsigned int upper = (pa >> 16) & 1;
    uint64_t half = (uint64_t)ac << 3 | (uint64_t)w << 5 |
                    (uint64_t)vmid << 16;

    *e = (*e & ~(0xffff0038ULL << (32 * upper))) | half << (32 * upper) |
         1ULL << upper;
    dsb_sy();
}

/*
 * 3.24.1/3.24.4 on the Non-secure interface (SMMU_IDR3.DPT): with
 * STE.EATS = 0b11, each Translated transaction is checked against the
 * DPT.  A granule the DPT grants is reached, a No Access one is not, a
 * W = 0 one only for reading, an AC 0b00 one only by the STE.S2VMID it
 * names (DPT_VMATCH 0b00); each refusal is F_TRANSL_FORBIDDEN and leaves
 * SMMU_DPT_CFG_FAR alone.  A DPT lookup fault (an invalid level 1
 * descriptor; DPT_WALK_EN = 0) is also recorded in SMMU_DPT_CFG_FAR with
 * DPT_FAULTCODE and LEVEL, keeps the first fault, and makes
 * SMMU_GERROR.DPT_ERR active.  A DPT fetch that fails its GPC is
 * DPT_GPC_FAULT, and the Root page records REASON TRANSLATION, FAULTCODE
 * GPF_WALK_EABT (3.24.4).
 */
TEST(smmu_dpt_checks_translated_dma)
{
    /* 64 KiB aligned tables: PG(i) are 64 KiB apart */
    uint64_t l0 = PG(112), l1 = PG(113), far;
    volatile uint32_t *evt = (volatile uint32_t *)PG(115);

    need_ats();
    if (!(smmu_rd32(SMMU_IDR3) & SMMU_IDR3_DPT)) {
        SKIP("the SMMU has no Device Permission Table (smmu-ats=off?)");
    }
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    for (unsigned int i = 112; i < 128; i++) {
        gpt_set_gpi(PG(i), GPI_NONSECURE);
    }
    dpt_build(l0, l1);
    dpt_allow(l1, PG(120), 2, true, 0);         /* anyone, RW */
    dpt_allow(l1, PG(122), 2, false, 0);        /* anyone, read only */
    dpt_allow(l1, PG(124), 0, true, 1);         /* VMID 1 */
    dpt_allow(l1, PG(126), 0, true, 2);         /* VMID 2 */
    s2_ram_block(PG(117));
    ste_s2_eats(PG(114), PG(117), 3, 1);
    fill(PG(115), 0);
    smmu_wr32(SMMU_CR0, 0);
    smmu_wr64(DPT_BASE, l0);
    smmu_wr32(DPT_BASE_CFG, DPT_CFG_64K);
    EXPECT_EQ(smmu_rd64(DPT_BASE), l0);
    smmu_ns_on(PG(114), PG(115), PG(116), true);
    smmu_wr32(SMMU_CR0, smmu_rd32(SMMU_CR0) | SMMU_CR0_ATSCHK |
                        SMMU_CR0_DPT_WALK);
    EXPECT_EQ(smmu_rd32(SMMU_CR0ACK) & SMMU_CR0_DPT_WALK, SMMU_CR0_DPT_WALK);
    /* 6.3.46/47: RO while DPT walks are enabled */
    smmu_wr64(DPT_BASE, l0 + 0x10000);
    EXPECT_EQ(smmu_rd64(DPT_BASE), l0);

    /*
     * Refused transfers are 4 bytes: QEMU retries a failed DMA in 4-byte
     * pieces, each its own event (docs/smmu.md), so this keeps one
     * F_TRANSL_FORBIDDEN per refusal.
     */
    dma_fill(0x9000);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(120), 64), DMA_DONE);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(121), 4), DMA_ABORTED);
    EXPECT_EQ(dma(DMA_XLATED_FROM_MEM, PG(122), 64), DMA_DONE);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(122), 4), DMA_ABORTED);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(124), 64), DMA_DONE);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(126), 4), DMA_ABORTED);
    EXPECT_EQ(smmu_rd32(SMMU_EVENTQ_PROD), 3);
    EXPECT_EQ(evt[0] & 0xff, EVT_F_TRANSL_FORBIDDEN);
    EXPECT_EQ(((uint64_t)evt[5] << 32 | evt[4]), PG(121));
    EXPECT_EQ(smmu_rd64(DPT_CFG_FAR), 0);
    EXPECT_EQ((smmu_rd32(SMMU_GERROR) ^ smmu_rd32(SMMU_GERRORN)) &
              GERROR_DPT_ERR, 0);
    /* untranslated DMA of the stream is translated by stage 2 as before */
    EXPECT_EQ(dma(DMA_TO_MEMORY, PG(121) - 0x40000000UL, 64), DMA_DONE);

    /* an invalid level 1 descriptor (MBZ bit 2): DPT_WALK_FAULT, level 1 */
    ((volatile uint64_t *)l1)[(PG(123) - 0x40000000UL) >> 17] = 1ULL << 2;
    dsb_sy();
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(123), 4), DMA_ABORTED);
    far = smmu_rd64(DPT_CFG_FAR);
    EXPECT_EQ(far & 1, 1);                              /* FAULT */
    EXPECT_EQ((far >> 4) & 0xf, 1);                     /* DPT_WALK_FAULT */
    EXPECT_EQ((far >> 1) & 1, 1);                       /* level 1 */
    EXPECT_EQ(far & 0x00fffffffffff000UL, PG(123));
    EXPECT_EQ((smmu_rd32(SMMU_GERROR) ^ smmu_rd32(SMMU_GERRORN)) &
              GERROR_DPT_ERR, GERROR_DPT_ERR);
    /* 6.3.48: a second fault does not overwrite; writing 1 is IGNORED */
    smmu_wr32(SMMU_CR0, smmu_rd32(SMMU_CR0) & ~SMMU_CR0_DPT_WALK);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(120), 4), DMA_ABORTED);
    EXPECT_EQ(smmu_rd64(DPT_CFG_FAR), far);
    smmu_wr64(DPT_CFG_FAR, 1);
    EXPECT_EQ(smmu_rd64(DPT_CFG_FAR), far);
    smmu_wr64(DPT_CFG_FAR, 0);
    EXPECT_EQ(smmu_rd64(DPT_CFG_FAR), 0);
    /* DPT_WALK_EN = 0: DPT_DISABLED at level 0 */
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(120), 4), DMA_ABORTED);
    far = smmu_rd64(DPT_CFG_FAR);
    EXPECT_EQ(far & 0xff, 1);                           /* code 0, level 0 */
    smmu_wr64(DPT_CFG_FAR, 0);

    /* a level 1 table in a Realm granule: DPT_GPC_FAULT, level 1 */
    smmu_wr32(SMMU_CR0, smmu_rd32(SMMU_CR0) | SMMU_CR0_DPT_WALK);
    root_wr32(ROOT_GPF_FAR, 0);
    /* the granule of the level 1 entry for PG(120) */
    far = l1 + (((PG(120) - 0x40000000UL) >> 17) * 8 & ~0xfffUL);
    gpt_set_gpi(far, GPI_REALM);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(120), 4), DMA_ABORTED);
    expect_gpf_far(REASON_TRANSLATION, 0x0b, far);
    far = smmu_rd64(DPT_CFG_FAR);
    EXPECT_EQ((far >> 4) & 0xf, 2);                     /* DPT_GPC_FAULT */
    EXPECT_EQ((far >> 1) & 1, 1);
    smmu_wr64(DPT_CFG_FAR, 0);
    smmu_wr32(SMMU_GERRORN, smmu_rd32(SMMU_GERROR));
    smmu_done();
}

/*
 * 3.24.1 in the Realm interface (SMMU_R_IDR3.DPT): the Realm DPT also
 * chooses the output PA space: AC 0b01 sends a Realm stream's Translated
 * access to the Non-secure PA space, where a Non-secure granule accepts
 * it; AC 0b00 keeps it in the Realm PA space, where the same kind of
 * granule refuses it (GPF, FPAS Realm).  6.3.128/122/125: R_CR0.ATSCHK
 * reads one (safe mode), R_IDR0.ATS and R_IDR3.DPT one.
 */
TEST(smmu_realm_dpt_chooses_the_output_pas)
{
    uint64_t l0 = PG(130), l1 = PG(131);

    need_realm();
    need_ats();
    EXPECT_EQ(realm_rd32(R_IDR0) & R_IDR0_ATS, R_IDR0_ATS);
    EXPECT_EQ(realm_rd32(R_IDR3) & SMMU_IDR3_DPT, SMMU_IDR3_DPT);
    smmu_gpc_on(ROOT_CR0_GPCEN | ROOT_CR0_ACCESSEN);
    for (unsigned int i = 130; i < 136; i++) {
        gpt_set_gpi(PG(i), GPI_REALM);          /* tables and queues */
    }
    gpt_set_gpi(PG(138), GPI_NONSECURE);        /* DMA targets */
    gpt_set_gpi(PG(140), GPI_NONSECURE);
    dpt_build(l0, l1);
    dpt_allow(l1, PG(138), 1, true, 1);         /* VMID 1, to Non-secure */
    dpt_allow(l1, PG(140), 0, true, 1);         /* VMID 1, stays Realm */
    s2_ram_block(PG(135));
    ste_s2_eats(PG(132), PG(135), 3, 1);
    realm_wr32(SMMU_CR0, 0);
    realm_wr64(DPT_BASE, l0);
    realm_wr32(DPT_BASE_CFG, DPT_CFG_64K);
    fill(PG(133), 0);
    realm_on(PG(132), PG(133), PG(134));
    realm_wr32(SMMU_CR0, realm_rd32(SMMU_CR0) | SMMU_CR0_DPT_WALK);
    EXPECT_EQ(realm_rd32(SMMU_CR0ACK) & (SMMU_CR0_DPT_WALK | SMMU_CR0_ATSCHK),
              SMMU_CR0_DPT_WALK | SMMU_CR0_ATSCHK);
    dma_wr32(DMA_SEC_SID, 2);
    dma_fill(0xa000);
    fill(PG(138), 0);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(138), 64), DMA_DONE);
    EXPECT_EQ(((volatile uint64_t *)PG(138))[3], 0xa003);
    EXPECT_EQ(root_rd64(ROOT_GPF_FAR), 0);
    EXPECT_EQ(dma(DMA_XLATED_TO_MEM, PG(140), 64), DMA_ABORTED);
    expect_gpf_far_pas(REASON_TRANSACTION, 0, FPAS_REALM, PG(140));
    EXPECT_EQ(realm_rd64(DPT_CFG_FAR), 0);
    smmu_done();
}

#else

TEST(smmu_root_ids)
{
    SKIP("this board has no SMMU with RME in board.h");
}

#endif /* BOARD_SMMU_ROOT_BASE && BOARD_PCIE_ECAM */
