/*
 * Unit tests of the SMMUv3 Root control page and the SMMU's granule
 * protection check (hw/arm/smmu-root-regs.c, docs/smmu.md), against Arm
 * IHI0070 G.b section 3.25 and the SMMU_ROOT_* register descriptions
 * 6.3.110 to 6.3.119.  The GPT is built in host memory and walked by the
 * reference walker (target-arm-rme/gpt.c), as in QEMU.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "smmu-root-regs.h"
#include "tap.h"

/*
 * A GPT for a 4 GiB protected space (PPS = 32 bits), 1 GiB level 0
 * entries (L0GPTSZ = 30), 4 KiB granules:
 *   0x00000000-0x3fffffff  level 0 Block, GPI Non-secure
 *   0x40000000-0x7fffffff  level 0 Table: granule 0x40000000 Realm, the
 *                          next one Root, every other one Non-secure
 *   0x80000000-0xbfffffff  level 0 Invalid
 *   0xc0000000-0xffffffff  level 0 Block, GPI Any
 */
#define L0_BASE     0x7f000000ull
#define L1_BASE     0x7e000000ull       /* 128 KiB: 16384 entries */
#define L1_ENTRIES  16384
#define CFG_OK      0x3500ull   /* PPS 32, IRGN/ORGN WB, SH IS, PGS 4K */

static uint64_t l0[4];
static uint64_t l1[L1_ENTRIES];
static bool fetch_aborts;
static unsigned fetches;

static bool read64(void *opaque, uint64_t pa, uint64_t *val)
{
    (void)opaque;
    fetches++;
    if (fetch_aborts) {
        return false;
    }
    if (pa >= L0_BASE && pa < L0_BASE + sizeof(l0)) {
        *val = l0[(pa - L0_BASE) / 8];
    } else if (pa >= L1_BASE && pa < L1_BASE + sizeof(l1)) {
        *val = l1[(pa - L1_BASE) / 8];
    } else {
        *val = 0;
    }
    return true;
}

static void build_gpt(void)
{
    l0[0] = (uint64_t)GPT_GPI_NONSECURE << 4 | GPT_L0_TYPE_BLOCK;
    l0[1] = L1_BASE | GPT_L0_TYPE_TABLE;
    l0[2] = 0;
    l0[3] = (uint64_t)GPT_GPI_ANY << 4 | GPT_L0_TYPE_BLOCK;
    for (unsigned i = 0; i < L1_ENTRIES; i++) {
        l1[i] = 0x9999999999999999ull;
    }
    /* granules 0 and 1 of the first entry: Realm, Root */
    l1[0] = 0x99999999999999abull;
    fetch_aborts = false;
}

static SmmuRootRegs regs;

static void reset(uint32_t idr0, bool accessen_at_reset)
{
    memset(&regs, 0, sizeof(regs));
    regs.idr0 = idr0;
    regs.iidr = SMMU_ROOT_IIDR_FVP;
    regs.oas_bits = 44;
    regs.l0gptsz_bits = 30;
    regs.feat_sel2 = true;
    regs.accessen_at_reset = accessen_at_reset;
    smmu_root_reset(&regs);
    build_gpt();
    fetches = 0;
}

static uint64_t rd(uint64_t off, unsigned size)
{
    uint64_t v = 0xdeadbeef;

    TAP_EQ_U64(smmu_root_read(&regs, off, size, RME_SS_ROOT, &v),
               SMMU_ROOT_REG_OK);
    return v;
}

static void wr(uint64_t off, unsigned size, uint64_t v)
{
    TAP_EQ_U64(smmu_root_write(&regs, off, size, RME_SS_ROOT, v),
               SMMU_ROOT_REG_OK);
}

/* Program the GPT and turn on GPC and accesses, as TF-A's smmuv3_init() */
static void enable(uint64_t cfg)
{
    wr(SMMU_ROOT_GPT_BASE_CFG, 4, cfg);
    wr(SMMU_ROOT_GPT_BASE, 8, L0_BASE);
    wr(SMMU_ROOT_CR0, 4, SMMU_ROOT_CR0_GPCEN | SMMU_ROOT_CR0_ACCESSEN);
}

static SmmuGpcOutcome gpc(uint64_t pa, unsigned pas, SmmuGpcAccess kind)
{
    return smmu_root_gpc(&regs, pa, pas, pas, kind, read64, NULL);
}

static unsigned far_reason(uint64_t far)
{
    return (far >> SMMU_ROOT_FAR_REASON_SHIFT) & 7;
}

static unsigned far_code(uint64_t far)
{
    return (far >> SMMU_ROOT_FAR_FAULTCODE_SHIFT) & 0xff;
}

static unsigned far_cfg_err(uint64_t far)
{
    return (far >> SMMU_ROOT_FAR_CFG_ERR_SHIFT) & 0xf;
}

static void test_not_root_raz_wi(void)
{
    static const unsigned others[] = { RME_SS_SECURE, RME_SS_NONSECURE,
                                       RME_SS_REALM };
    static const uint64_t offs[] = {
        SMMU_ROOT_IDR0, SMMU_ROOT_IIDR, SMMU_ROOT_CR0, SMMU_ROOT_CR0ACK,
        SMMU_ROOT_GPT_BASE, SMMU_ROOT_GPT_BASE_CFG, SMMU_ROOT_GPF_FAR,
        SMMU_ROOT_GPT_CFG_FAR, SMMU_ROOT_TLBI, SMMU_ROOT_TLBI_CTRL,
    };
    uint64_t v;

    tap_begin("6.3.110-119: accesses that are not Root are RAZ/WI");
    reset(SMMU_ROOT_IDR0_FVP | SMMU_ROOT_IDR0_RGPTM, false);
    for (unsigned p = 0; p < 3; p++) {
        for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
            TAP_EQ_U64(smmu_root_read(&regs, offs[i], 4, others[p], &v),
                       SMMU_ROOT_REG_NOT_ROOT);
            TAP_EQ_U64(v, 0);
            TAP_EQ_U64(smmu_root_write(&regs, offs[i], 4, others[p],
                                       0xffffffff), SMMU_ROOT_REG_NOT_ROOT);
        }
    }
    TAP_EQ_U64(regs.cr0, 0);
    TAP_EQ_U64(regs.gpt_base_cfg, 0);
    TAP_EQ_U64(regs.tlbi, 0);
    TAP_EQ_U64(rd(SMMU_ROOT_IDR0, 4), SMMU_ROOT_IDR0_FVP | SMMU_ROOT_IDR0_RGPTM);
    tap_end();
}

static void test_id_and_reset(void)
{
    tap_begin("6.3.110/111/112: IDR0, IIDR (FVP: 3, 0x43B); CR0 resets "
              "to 0; IDs are RO");
    reset(SMMU_ROOT_IDR0_FVP, false);
    TAP_EQ_U64(rd(SMMU_ROOT_IDR0, 4), 3);
    TAP_EQ_U64(rd(SMMU_ROOT_IIDR, 4), 0x43b);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0, 4), 0);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0ACK, 4), 0);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_IDR0, 4, RME_SS_ROOT, 0),
               SMMU_ROOT_REG_READ_ONLY);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_CR0ACK, 4, RME_SS_ROOT, 3),
               SMMU_ROOT_REG_READ_ONLY);
    TAP_EQ_U64(rd(SMMU_ROOT_IDR0, 4), 3);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0ACK, 4), 0);
    /* no RGPTM: SMMU_ROOT_TLBI and TLBI_CTRL are absent (RES0) */
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_TLBI_CTRL, 4, RME_SS_ROOT,
                               1), SMMU_ROOT_REG_BAD_OFFSET);
    /* the non-architectural open reset: ACCESSEN only */
    reset(SMMU_ROOT_IDR0_FVP, true);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0ACK, 4), SMMU_ROOT_CR0_ACCESSEN);
    tap_end();
}

static void test_cr0_ack(void)
{
    tap_begin("6.3.112/113: an Update of CR0 completes in CR0ACK; RES0 "
              "bits read 0");
    reset(SMMU_ROOT_IDR0_FVP, false);
    wr(SMMU_ROOT_CR0, 4, 0xfffffffd);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0, 4), SMMU_ROOT_CR0_ACCESSEN);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0ACK, 4), SMMU_ROOT_CR0_ACCESSEN);
    wr(SMMU_ROOT_CR0, 4, SMMU_ROOT_CR0_GPCEN | SMMU_ROOT_CR0_ACCESSEN);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0ACK, 4), 3);
    wr(SMMU_ROOT_CR0, 4, 0);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0ACK, 4), 0);
    tap_end();
}

static void test_gpt_regs(void)
{
    tap_begin("6.3.114/115: GPT_BASE/GPT_BASE_CFG are RO while GPCEN; "
              "L0GPTSZ is RO; 32-bit halves; RES0 bits");
    reset(SMMU_ROOT_IDR0_FVP, false);
    /* TF-A writes GPCCR_EL3 with GPC cleared, 32 bits */
    wr(SMMU_ROOT_GPT_BASE_CFG, 4, 0x00f3f5ff);
    /* PPS, IRGN, ORGN, SH, PGS kept; GPC (16), GPCP (17), [7:3] RES0/0 */
    TAP_EQ_U64(rd(SMMU_ROOT_GPT_BASE_CFG, 8), 0xf507);
    /* L0GPTSZ reads the implementation's 30 bits (0b0000) */
    regs.l0gptsz_bits = 39;
    TAP_EQ_U64(rd(SMMU_ROOT_GPT_BASE_CFG, 4), 0x0090f507);
    regs.l0gptsz_bits = 30;
    wr(SMMU_ROOT_GPT_BASE, 4, 0x12345fff);
    wr(SMMU_ROOT_GPT_BASE + 4, 4, 0xffffffff);
    /* ADDR [51:12], and above SMMU_IDR5.OAS (44 bits) RES0 */
    TAP_EQ_U64(rd(SMMU_ROOT_GPT_BASE, 8), 0x00000fff12345000ull);
    TAP_EQ_U64(rd(SMMU_ROOT_GPT_BASE + 4, 4), 0xfff);
    wr(SMMU_ROOT_CR0, 4, SMMU_ROOT_CR0_GPCEN);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_GPT_BASE, 8, RME_SS_ROOT,
                               L0_BASE), SMMU_ROOT_REG_READ_ONLY);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_GPT_BASE_CFG, 4,
                               RME_SS_ROOT, CFG_OK), SMMU_ROOT_REG_READ_ONLY);
    TAP_EQ_U64(rd(SMMU_ROOT_GPT_BASE, 8), 0x00000fff12345000ull);
    wr(SMMU_ROOT_CR0, 4, 0);
    wr(SMMU_ROOT_GPT_BASE, 8, L0_BASE);
    TAP_EQ_U64(rd(SMMU_ROOT_GPT_BASE, 8), L0_BASE);
    /* odd sizes and misaligned offsets reach no register */
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_GPT_BASE + 2, 4, RME_SS_ROOT,
                               0), SMMU_ROOT_REG_BAD_OFFSET);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_CR0, 8, RME_SS_ROOT, 3),
               SMMU_ROOT_REG_BAD_OFFSET);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_CR0, 2, RME_SS_ROOT, 3),
               SMMU_ROOT_REG_BAD_OFFSET);
    TAP_EQ_U64(rd(SMMU_ROOT_CR0, 4), 0);
    tap_end();
}

static void test_accessen(void)
{
    SmmuGpcOutcome o;
    uint64_t far;

    tap_begin("6.3.112 ACCESSEN = 0 terminates every access as a GPF in "
              "GPF_FAR; GPCEN = 0 lets every access through");
    reset(SMMU_ROOT_IDR0_FVP, false);
    o = gpc(0x40000000, RME_SS_NONSECURE, SMMU_GPC_STE);
    TAP_TRUE(!o.pass && o.access_disabled && o.recorded && !o.checked);
    far = rd(SMMU_ROOT_GPF_FAR, 8);
    TAP_EQ_U64(far & SMMU_ROOT_FAR_FAULT, 1);
    TAP_EQ_U64(far_reason(far), SMMU_ROOT_REASON_TRANSLATION);
    TAP_EQ_U64(far_code(far), SMMU_ROOT_FC_GPF_STE_FETCH);
    TAP_EQ_U64(fetches, 0);
    /* accesses on, checks off: even a Realm granule passes, no walk */
    wr(SMMU_ROOT_CR0, 4, SMMU_ROOT_CR0_ACCESSEN);
    o = gpc(0x40000000, RME_SS_NONSECURE, SMMU_GPC_CLIENT);
    TAP_TRUE(o.pass && !o.checked);
    TAP_EQ_U64(fetches, 0);
    TAP_EQ_U64(regs.stats.gpfs, 1);
    tap_end();
}

static void test_client_gpf(void)
{
    SmmuGpcOutcome o;
    uint64_t far;

    tap_begin("3.25.1/3.25.4: a client access to a granule the GPT forbids "
              "is a GPF, recorded as TRANSACTION with FPAS and FADDR");
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable(CFG_OK);
    /* Non-secure granule: Non-secure passes */
    o = gpc(0x40002000, RME_SS_NONSECURE, SMMU_GPC_CLIENT);
    TAP_TRUE(o.pass && o.checked);
    TAP_EQ_U64(o.res.gpi, GPT_GPI_NONSECURE);
    /* Realm granule: Non-secure fails, Realm passes */
    o = gpc(0x40000010, RME_SS_NONSECURE, SMMU_GPC_CLIENT);
    TAP_TRUE(!o.pass && !o.cfg_error && o.recorded);
    o = gpc(0x40000000, RME_SS_REALM, SMMU_GPC_CLIENT);
    TAP_TRUE(o.pass);
    far = rd(SMMU_ROOT_GPF_FAR, 8);
    TAP_EQ_U64(far >> SMMU_ROOT_FAR_FPAS_SHIFT, RME_SS_NONSECURE);
    TAP_EQ_U64(far & SMMU_ROOT_FAR_FADDR_MASK, 0x40000000);
    TAP_EQ_U64(far_reason(far), SMMU_ROOT_REASON_TRANSACTION);
    TAP_EQ_U64(far_code(far), 0);
    TAP_EQ_U64(far & SMMU_ROOT_FAR_FAULT, 1);
    TAP_EQ_U64(rd(SMMU_ROOT_GPT_CFG_FAR, 8), 0);
    /* the Root granule: not from Realm either */
    o = gpc(0x40001000, RME_SS_REALM, SMMU_GPC_CLIENT);
    TAP_TRUE(!o.pass && !o.recorded);
    /* GPI Any: every PA space */
    TAP_TRUE(gpc(0xc0000000, RME_SS_REALM, SMMU_GPC_CLIENT).pass);
    TAP_TRUE(gpc(0xc0000000, RME_SS_SECURE, SMMU_GPC_CLIENT).pass);
    tap_end();
}

static void test_far_first_fault_stays(void)
{
    uint64_t far;

    tap_begin("3.25.5, 6.3.116: the first fault stays until FAULT is "
              "cleared; a write of 1 is ignored; clearing FAULT clears all");
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable(CFG_OK);
    TAP_TRUE(gpc(0x40000000, RME_SS_NONSECURE, SMMU_GPC_CMDQ).recorded);
    TAP_TRUE(!gpc(0x40000000, RME_SS_NONSECURE, SMMU_GPC_EVENTQ).recorded);
    far = rd(SMMU_ROOT_GPF_FAR, 8);
    TAP_EQ_U64(far_reason(far), SMMU_ROOT_REASON_GERROR);
    TAP_EQ_U64(far_code(far), SMMU_ROOT_FC_CMDQ_GPF);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_GPF_FAR, 8, RME_SS_ROOT,
                               far), SMMU_ROOT_REG_READ_ONLY);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_GPF_FAR + 4, 4, RME_SS_ROOT,
                               0), SMMU_ROOT_REG_READ_ONLY);
    TAP_EQ_U64(rd(SMMU_ROOT_GPF_FAR, 8), far);
    wr(SMMU_ROOT_GPF_FAR, 4, 0);
    TAP_EQ_U64(rd(SMMU_ROOT_GPF_FAR, 8), 0);
    TAP_TRUE(gpc(0x40000000, RME_SS_NONSECURE, SMMU_GPC_EVENTQ).recorded);
    far = rd(SMMU_ROOT_GPF_FAR, 8);
    TAP_EQ_U64(far_code(far), SMMU_ROOT_FC_EVENTQ_GPF);
    tap_end();
}

static void test_faultcodes(void)
{
    static const struct {
        SmmuGpcAccess kind;
        unsigned reason, code;
    } t[] = {
        { SMMU_GPC_CLIENT, SMMU_ROOT_REASON_TRANSACTION, 0 },
        { SMMU_GPC_STE, SMMU_ROOT_REASON_TRANSLATION, 0x03 },
        { SMMU_GPC_CD, SMMU_ROOT_REASON_TRANSLATION, 0x09 },
        { SMMU_GPC_WALK, SMMU_ROOT_REASON_TRANSLATION, 0x0b },
        { SMMU_GPC_VMS, SMMU_ROOT_REASON_TRANSLATION, 0x25 },
        { SMMU_GPC_CMDQ, SMMU_ROOT_REASON_GERROR, 0x00 },
        { SMMU_GPC_EVENTQ, SMMU_ROOT_REASON_GERROR, 0x02 },
        { SMMU_GPC_PRIQ, SMMU_ROOT_REASON_GERROR, 0x03 },
        { SMMU_GPC_OTHER, SMMU_ROOT_REASON_GERROR, 0x10 },
    };

    tap_begin("6.3.116: REASON and FAULTCODE of each kind of access");
    for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        uint64_t far;

        reset(SMMU_ROOT_IDR0_FVP, false);
        enable(CFG_OK);
        TAP_TRUE(!gpc(0x40000000, RME_SS_NONSECURE, t[i].kind).pass);
        far = rd(SMMU_ROOT_GPF_FAR, 8);
        TAP_EQ_U64(far_reason(far), t[i].reason);
        TAP_EQ_U64(far_code(far), t[i].code);
    }
    tap_end();
}

static void test_lookup_errors(void)
{
    SmmuGpcOutcome o;
    uint64_t far;

    tap_begin("3.25.4, 6.3.117: GPT lookup errors go to GPT_CFG_FAR with "
              "their CFG_ERR");
    /* reserved PGS */
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable(CFG_OK | 3u << GPT_GPCCR_PGS_SHIFT);
    o = gpc(0x1000, RME_SS_NONSECURE, SMMU_GPC_CLIENT);
    TAP_TRUE(!o.pass && o.cfg_error && o.recorded);
    far = rd(SMMU_ROOT_GPT_CFG_FAR, 8);
    TAP_EQ_U64(far_cfg_err(far), SMMU_ROOT_CFG_ERR_REGS);
    TAP_EQ_U64(far & SMMU_ROOT_FAR_FADDR_MASK, 0x1000);
    TAP_EQ_U64(far_reason(far), SMMU_ROOT_REASON_TRANSACTION);
    TAP_EQ_U64(rd(SMMU_ROOT_GPF_FAR, 8), 0);
    /* PPS beyond SMMU_IDR5.OAS (48 > 44 bits) */
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable((CFG_OK & ~7ull) | 5);
    TAP_TRUE(gpc(0x1000, RME_SS_NONSECURE, SMMU_GPC_CLIENT).cfg_error);
    TAP_EQ_U64(far_cfg_err(rd(SMMU_ROOT_GPT_CFG_FAR, 8)),
               SMMU_ROOT_CFG_ERR_REGS);
    /* SH not Outer Shareable with Non-cacheable fetches */
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable(3u << GPT_GPCCR_SH_SHIFT);
    TAP_TRUE(gpc(0x1000, RME_SS_NONSECURE, SMMU_GPC_CLIENT).cfg_error);
    /* an invalid level 0 entry */
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable(CFG_OK);
    o = gpc(0x80000000, RME_SS_NONSECURE, SMMU_GPC_CLIENT);
    TAP_TRUE(o.cfg_error);
    TAP_EQ_U64(far_cfg_err(rd(SMMU_ROOT_GPT_CFG_FAR, 8)),
               SMMU_ROOT_CFG_ERR_ENTRY);
    /* an External abort on the GPT fetch */
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable(CFG_OK);
    fetch_aborts = true;
    TAP_TRUE(gpc(0x1000, RME_SS_NONSECURE, SMMU_GPC_WALK).cfg_error);
    far = rd(SMMU_ROOT_GPT_CFG_FAR, 8);
    TAP_EQ_U64(far_cfg_err(far), SMMU_ROOT_CFG_ERR_EABT);
    TAP_EQ_U64(far_code(far), SMMU_ROOT_FC_GPF_WALK_EABT);
    /* the GPT base beyond PPS (4 GiB) */
    reset(SMMU_ROOT_IDR0_FVP, false);
    wr(SMMU_ROOT_GPT_BASE_CFG, 4, CFG_OK);
    wr(SMMU_ROOT_GPT_BASE, 8, 0x100000000ull);
    wr(SMMU_ROOT_CR0, 4, 3);
    TAP_TRUE(gpc(0x1000, RME_SS_NONSECURE, SMMU_GPC_CLIENT).cfg_error);
    TAP_EQ_U64(far_cfg_err(rd(SMMU_ROOT_GPT_CFG_FAR, 8)),
               SMMU_ROOT_CFG_ERR_BASE);
    /* a level 0 Table address beyond PPS */
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable(CFG_OK);
    l0[1] = 0x100000000ull | GPT_L0_TYPE_TABLE;
    TAP_TRUE(gpc(0x40000000, RME_SS_NONSECURE, SMMU_GPC_CLIENT).cfg_error);
    TAP_EQ_U64(far_cfg_err(rd(SMMU_ROOT_GPT_CFG_FAR, 8)),
               SMMU_ROOT_CFG_ERR_NEXT);
    TAP_EQ_U64(regs.stats.cfg_errors, 1);
    tap_end();
}

static void test_above_pps(void)
{
    tap_begin("3.25.4: above PPS, Non-secure passes and any other PA space "
              "is a GPF");
    reset(SMMU_ROOT_IDR0_FVP, false);
    enable(CFG_OK);
    TAP_TRUE(gpc(0x100000000ull, RME_SS_NONSECURE, SMMU_GPC_CLIENT).pass);
    TAP_TRUE(!gpc(0x100000000ull, RME_SS_REALM, SMMU_GPC_CLIENT).pass);
    TAP_EQ_U64(rd(SMMU_ROOT_GPF_FAR, 8) & SMMU_ROOT_FAR_FADDR_MASK,
               0x100000000ull);
    TAP_EQ_U64(rd(SMMU_ROOT_GPT_CFG_FAR, 8), 0);
    tap_end();
}

static void test_tlbi_regs(void)
{
    tap_begin("6.3.118/119: with RGPTM, a TLBI by PA runs on RUN = 1 and "
              "completes, clearing TLBI_CTRL");
    reset(SMMU_ROOT_IDR0_FVP | SMMU_ROOT_IDR0_RGPTM, false);
    wr(SMMU_ROOT_TLBI, 8, 0xffffffffffffffffull);
    TAP_EQ_U64(rd(SMMU_ROOT_TLBI, 8), SMMU_ROOT_TLBI_MASK);
    TAP_EQ_U64(smmu_root_write(&regs, SMMU_ROOT_TLBI_CTRL, 4, RME_SS_ROOT,
                               SMMU_ROOT_TLBI_CTRL_RUN),
               SMMU_ROOT_REG_INVALIDATE);
    TAP_EQ_U64(rd(SMMU_ROOT_TLBI_CTRL, 4), 0);
    TAP_EQ_U64(regs.stats.tlbis, 1);
    /* a write of RUN = 0 is IGNORED */
    wr(SMMU_ROOT_TLBI_CTRL, 4, 0);
    TAP_EQ_U64(regs.stats.tlbis, 1);
    tap_end();
}

int main(void)
{
    test_not_root_raz_wi();
    test_id_and_reset();
    test_cr0_ack();
    test_gpt_regs();
    test_accessen();
    test_client_gpf();
    test_far_first_fault_stays();
    test_faultcodes();
    test_lookup_errors();
    test_above_pps();
    test_tlbi_regs();
    return tap_done();
}
