/*
 * qemu-rme: reference Granule Protection Table (GPT) walker
 *
 * Written from the Arm ARM (DDI0487 M.a.a): chapter D9 rules, the
 * GPCCR_EL3/GPTBR_EL3/GPCBW_EL3 register descriptions and the J1.3.5
 * pseudocode.  Each step names the rule or pseudocode function it follows.
 * See gpt.h for the API and README.md for an overview.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gpt.h"

#define PA_BITS 56u     /* the pseudocode's physical addresses are bits(56) */

/* Bits [n-1:0] set; n may be 0..64. */
static uint64_t low_mask(unsigned n)
{
    return n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
}

/* Bits [hi:lo] set, hi >= lo. */
static uint64_t bit_range(unsigned hi, unsigned lo)
{
    return low_mask(hi + 1) & ~low_mask(lo);
}

static unsigned get_field(uint64_t v, unsigned shift, unsigned len)
{
    return (unsigned)((v >> shift) & low_mask(len));
}

static unsigned min_u(unsigned a, unsigned b)
{
    return a < b ? a : b;
}

/* AbovePPS(): does @addr exceed the range configured by PPS? */
static bool above_pps(uint64_t addr, unsigned pps_bits)
{
    if (pps_bits >= PA_BITS) {
        return false;
    }
    return (addr & low_mask(PA_BITS)) >> pps_bits != 0;
}

/* DecodePPS(), with the FEAT_RME_GPC3 encodings; 0 if reserved. */
static unsigned decode_pps(unsigned pps, bool gpc3)
{
    static const unsigned char pps_bits[16] = {
        [0x0] = 32, [0x1] = 36, [0x2] = 40, [0x3] = 42,
        [0x4] = 44, [0x5] = 48, [0x6] = 52,
        [0x7] = 56, [0x8] = 46, [0x9] = 47,     /* FEAT_RME_GPC3 only */
    };

    if (!gpc3 && pps > 6) {
        /* GPCRegistersConsistent(): PPS == '111' is reserved */
        return 0;
    }
    return pps_bits[pps & 0xf];
}

/* DecodePGS()/DecodePGSRange(): p; 0 for the reserved encoding 0b11. */
static unsigned decode_pgs(unsigned pgs)
{
    static const unsigned char pgs_bits[4] = { 12, 16, 14, 0 };

    return pgs_bits[pgs & 3];
}

/* GPTL0Size(): s; 0 if reserved. */
static unsigned decode_l0gptsz(unsigned enc)
{
    switch (enc) {
    case 0x0:
        return 30;
    case 0x4:
        return 34;
    case 0x6:
        return 36;
    case 0x9:
        return 39;
    default:
        return 0;
    }
}

/* GPCBW_EL3.BWSIZE -> gpcbwl as a PA bit number; 0 if reserved. */
static unsigned decode_bwsize(unsigned bwsize)
{
    switch (bwsize) {
    case 0x0:
    case 0x1:
    case 0x2:
    case 0x4:
    case 0x6:
        return 30 + bwsize;
    default:
        return 0;
    }
}

/*
 * GPCBW_EL3.BWSTRIDE -> gpcbwu as a PA bit number; 0 if reserved.
 * GPCBW_EL3BWSTRIDEValid() gives the valid set.
 */
static unsigned decode_bwstride(unsigned bwstride)
{
    switch (bwstride) {
    case 0x00:
    case 0x02:
    case 0x04:
    case 0x06:
    case 0x07:
    case 0x08:
    case 0x09:
    case 0x0a:
    case 0x10:
        return 39 + bwstride;
    default:
        return 0;
    }
}

unsigned gpt_decode_regs(const gpt_config *cfg, gpt_regs *out)
{
    gpt_regs r = { 0 };
    uint64_t gpccr = cfg->gpccr;
    uint64_t res0;
    unsigned pamax = cfg->pa_range_bits ? cfg->pa_range_bits : PA_BITS;

    /*
     * RES0 fields of GPCCR_EL3 for this set of features (D24.2.56).  A RES0
     * bit has no effect on behaviour, so the effective value ignores it.
     */
    res0 = bit_range(63, 30) | bit_range(4, 4);
    if (!cfg->feat_gpc3) {
        res0 |= bit_range(GPT_GPCCR_GPCBW_SHIFT, GPT_GPCCR_GPCBW_SHIFT) |
                bit_range(GPT_GPCCR_PPS3_SHIFT, GPT_GPCCR_PPS3_SHIFT);
    }
    if (!cfg->feat_gdi) {
        res0 |= bit_range(GPT_GPCCR_NA7_SHIFT, GPT_GPCCR_SA_SHIFT);
    }
    if (!cfg->feat_gpc2) {
        res0 |= bit_range(GPT_GPCCR_APPSAA_SHIFT, GPT_GPCCR_APPSAA_SHIFT) |
                bit_range(GPT_GPCCR_NSO_SHIFT, GPT_GPCCR_NSO_SHIFT) |
                bit_range(GPT_GPCCR_SPAD_SHIFT, GPT_GPCCR_RLPAD_SHIFT);
    }
    r.gpccr_res0 = gpccr & res0;
    gpccr &= ~res0;

    /* PPS, PPS3: GPCRegistersConsistent() */
    r.pps = get_field(gpccr, GPT_GPCCR_PPS_SHIFT, 3) |
            get_field(gpccr, GPT_GPCCR_PPS3_SHIFT, 1) << 3;
    r.pps_bits = decode_pps(r.pps, cfg->feat_gpc3);
    if (!r.pps_bits) {
        r.problems |= GPT_CFG_PPS_RESERVED;
    } else if (r.pps_bits > pamax) {
        /* "exceeding the implemented physical address size is invalid" */
        r.problems |= GPT_CFG_PPS_TOO_LARGE;
    }

    /* PGS: 0b11 reserved; also sizes unsupported at both stages */
    r.pgs = get_field(gpccr, GPT_GPCCR_PGS_SHIFT, 2);
    r.pgs_bits = decode_pgs(r.pgs);
    if (!r.pgs_bits) {
        r.problems |= GPT_CFG_PGS_RESERVED;
    } else if (cfg->pgs_reserved & (1u << r.pgs)) {
        r.problems |= GPT_CFG_PGS_UNSUPPORTED;
    }

    /*
     * L0GPTSZ is RO; an implementation only advertises valid values, but a
     * reserved value is still "a field programmed to a reserved value"
     * (R_JWCSM).
     */
    if (cfg->l0gptsz_impl) {
        r.l0gptsz = cfg->l0gptsz_impl >= 30 && cfg->l0gptsz_impl < 46 ?
                    cfg->l0gptsz_impl - 30 : 0xf;
    } else {
        r.l0gptsz = get_field(gpccr, GPT_GPCCR_L0GPTSZ_SHIFT, 4);
    }
    r.l0gptsz_bits = decode_l0gptsz(r.l0gptsz);
    if (!r.l0gptsz_bits) {
        r.problems |= GPT_CFG_L0GPTSZ_RESERVED;
    }

    /* SH, ORGN, IRGN: GPCRegistersConsistent() */
    r.sh = get_field(gpccr, GPT_GPCCR_SH_SHIFT, 2);
    r.irgn = get_field(gpccr, GPT_GPCCR_IRGN_SHIFT, 2);
    r.orgn = get_field(gpccr, GPT_GPCCR_ORGN_SHIFT, 2);
    if (r.sh == 1) {
        r.problems |= GPT_CFG_SH_RESERVED;
    } else if (r.orgn == 0 && r.irgn == 0 && r.sh != 2) {
        /* Inner and Outer Non-cacheable requires Outer Shareable */
        r.problems |= GPT_CFG_SH_NC_NOT_OUTER;
    }

    r.gpc = get_field(gpccr, GPT_GPCCR_GPC_SHIFT, 1);
    r.gpcp = get_field(gpccr, GPT_GPCCR_GPCP_SHIFT, 1);
    r.tbgpcd = get_field(gpccr, GPT_GPCCR_TBGPCD_SHIFT, 1);
    r.spad = get_field(gpccr, GPT_GPCCR_SPAD_SHIFT, 1);
    r.nspad = get_field(gpccr, GPT_GPCCR_NSPAD_SHIFT, 1);
    r.rlpad = get_field(gpccr, GPT_GPCCR_RLPAD_SHIFT, 1);
    r.nso = get_field(gpccr, GPT_GPCCR_NSO_SHIFT, 1);
    r.appsaa = get_field(gpccr, GPT_GPCCR_APPSAA_SHIFT, 1);
    r.sa = get_field(gpccr, GPT_GPCCR_SA_SHIFT, 1);
    r.nsp = get_field(gpccr, GPT_GPCCR_NSP_SHIFT, 1);
    r.na6 = get_field(gpccr, GPT_GPCCR_NA6_SHIFT, 1);
    r.na7 = get_field(gpccr, GPT_GPCCR_NA7_SHIFT, 1);
    r.gpcbw = get_field(gpccr, GPT_GPCCR_GPCBW_SHIFT, 1);

    /* GPCBW_EL3 (D24.2.55), consulted only when GPCCR_EL3.GPCBW is 1 */
    if (cfg->feat_gpc3) {
        uint64_t bw = cfg->gpcbw;
        unsigned bwaddr_field;

        r.gpcbw_res0 = bw & (bit_range(63, 40) | bit_range(31, 26));
        r.bwsize = get_field(bw, 37, 3);
        r.bwstride = get_field(bw, 32, 5);
        bwaddr_field = get_field(bw, 0, 26);
        r.bwaddr = (uint64_t)bwaddr_field << 30;
        r.bw_lo_bits = decode_bwsize(r.bwsize);
        r.bw_hi_bits = decode_bwstride(r.bwstride);
        if (r.gpcbw) {
            if (!r.bw_lo_bits) {
                r.problems |= GPT_CFG_BWSIZE_RESERVED;
            }
            if (!r.bw_hi_bits) {
                r.problems |= GPT_CFG_BWSTRIDE_RESERVED;
            }
            if (r.bw_lo_bits && r.bw_hi_bits) {
                /* bwstride = 1 << (40 + BWSTRIDE); the window base must lie
                 * below it and be aligned to the window size. */
                if (r.bwaddr >> (40 + r.bwstride) != 0) {
                    r.problems |= GPT_CFG_BWADDR_BEYOND_STRIDE;
                }
                if (bwaddr_field & low_mask(r.bwsize)) {
                    r.problems |= GPT_CFG_BWADDR_UNALIGNED;
                }
            }
        }
    }

    /*
     * GPTBR_EL3 (D24.2.57): BADDR[39:0] is PA[51:12]; with FEAT_RME_GPC3
     * BADDR[43:40] is PA[55:52].  Bits above are RES0.
     */
    res0 = bit_range(63, 44);
    if (!cfg->feat_gpc3) {
        res0 |= bit_range(43, 40);
    }
    r.gptbr_res0 = cfg->gptbr & res0;
    r.gpt_base = (cfg->gptbr & ~res0) << 12;

    /*
     * GPTWalk(): the level 0 table is aligned to the greater of its size and
     * 4KB; base<Max(pps - l0sz + 3, 12) - 1 : 0> are treated as zero.
     */
    if (r.pps_bits && r.l0gptsz_bits) {
        unsigned t = r.pps_bits, s = r.l0gptsz_bits;
        unsigned align = t > s && t - s + 3 > 12 ? t - s + 3 : 12;

        r.l0_base = r.gpt_base & ~low_mask(align);
        r.l0_entries = t <= s ? 1 : 1u << (t - s);
    }

    *out = r;
    return r.problems;
}

/* GPIValid() */
static bool gpi_valid(const gpt_config *cfg, const gpt_regs *r, unsigned gpi)
{
    switch (gpi) {
    case GPT_GPI_NO_ACCESS:
    case GPT_GPI_NONSECURE:
    case GPT_GPI_ROOT:
    case GPT_GPI_REALM:
    case GPT_GPI_ANY:
        return true;
    case GPT_GPI_SA:
        return cfg->feat_gdi && r->sa;
    case GPT_GPI_NSP:
        return cfg->feat_gdi && r->nsp;
    case GPT_GPI_NA6:
        return cfg->feat_gdi && r->na6;
    case GPT_GPI_NA7:
        return cfg->feat_gdi && r->na7;
    case GPT_GPI_SECURE:
        return cfg->feat_sel2;
    case GPT_GPI_NSO:
        /* "reserved if the Effective value of GPCCR_EL3.NSO is 0" */
        return cfg->feat_gpc2 && r->nso;
    default:
        return false;
    }
}

bool gpt_gpi_valid(const gpt_config *cfg, unsigned gpi)
{
    gpt_regs r;

    gpt_decode_regs(cfg, &r);
    return gpi_valid(cfg, &r, gpi);
}

/* GPICheck(); @gpi is a valid encoding. */
bool gpt_gpi_permits(unsigned gpi, gpt_pas pas, gpt_ss ss)
{
    switch (gpi) {
    case GPT_GPI_SECURE:
        return pas == GPT_PAS_SECURE;
    case GPT_GPI_NONSECURE:
        return pas == GPT_PAS_NONSECURE;
    case GPT_GPI_ROOT:
        return pas == GPT_PAS_ROOT;
    case GPT_GPI_REALM:
        return pas == GPT_PAS_REALM;
    case GPT_GPI_NSO:
        /* Non-secure PA space, from Root or Non-secure state only */
        return pas == GPT_PAS_NONSECURE &&
               (ss == GPT_SS_ROOT || ss == GPT_SS_NONSECURE);
    case GPT_GPI_ANY:
        return true;
    case GPT_GPI_SA:
    case GPT_GPI_NSP:
        /* Only the SA / NSP PA spaces, which a PE never uses (R_QCLPT) */
    case GPT_GPI_NA6:
    case GPT_GPI_NA7:
    case GPT_GPI_NO_ACCESS:
    default:
        return false;
    }
}

/* GPTBlockDescriptorValid() (R_PHBLQ, R_FZGCP) */
static bool block_desc_valid(const gpt_config *cfg, const gpt_regs *r,
                             uint64_t d)
{
    return (d >> 8) == 0 && gpi_valid(cfg, r, get_field(d, 4, 4));
}

/*
 * GPTTableDescriptorValid(): bits [63:52] RES0 (R_KCDQS; bits [55:52] are
 * address bits with FEAT_RME_GPC3 and a 56-bit PPS, R_LHVFM), bits [11:4]
 * RES0 (R_SFPYD), bits [s-p-2:12] RES0 (R_DBTFW).
 */
static bool table_desc_valid(const gpt_config *cfg, const gpt_regs *r,
                             uint64_t d)
{
    unsigned s = r->l0gptsz_bits, p = r->pgs_bits;
    uint64_t res0 = bit_range(11, 4);

    if (cfg->feat_gpc3 && r->pps_bits == 56) {
        res0 |= bit_range(63, 56);
    } else {
        res0 |= bit_range(63, 52);
    }
    /* s >= 30 and p <= 16, so s - p - 2 >= 12 always */
    res0 |= bit_range(s - p - 2, 12);
    return (d & res0) == 0;
}

/* GPTContigDescriptorValid() (R_MVVWZ, R_BFCGF) */
static bool contig_desc_valid(const gpt_config *cfg, const gpt_regs *r,
                              uint64_t d)
{
    return (d >> 10) == 0 && get_field(d, 8, 2) != 0 &&
           gpi_valid(cfg, r, get_field(d, 4, 4));
}

/* GPTGranulesDescriptorValid(): all 16 GPI fields must be valid. */
static bool granules_desc_valid(const gpt_config *cfg, const gpt_regs *r,
                                uint64_t d)
{
    for (unsigned i = 0; i < 16; i++) {
        if (!gpi_valid(cfg, r, get_field(d, i * 4, 4))) {
            return false;
        }
    }
    return true;
}

/* GPTLevel1EntryValid() */
static bool l1_desc_valid(const gpt_config *cfg, const gpt_regs *r,
                          uint64_t d)
{
    if ((d & 0xf) == GPT_L1_TYPE_CONTIG) {
        return contig_desc_valid(cfg, r, d);
    }
    return granules_desc_valid(cfg, r, d);
}

unsigned gpt_encode_gpcsc(gpt_result_kind kind, unsigned level)
{
    unsigned l = level & 1;

    /* EncodeGPCSC() */
    switch (kind) {
    case GPT_FAULT_ADDRSIZE:
        return 0x00 | l;        /* '00000':level */
    case GPT_FAULT_WALK:
        return 0x04 | l;        /* '00010':level */
    case GPT_FAULT_GPF:
        return 0x0c | l;        /* '00110':level */
    case GPT_FAULT_EABT:
        return 0x14 | l;        /* '01010':level */
    default:
        return 0;
    }
}

/* GPCFault(): fill in a fault result. */
static gpt_result fault(gpt_result res, gpt_result_kind kind, unsigned level,
                        gpt_reason reason, unsigned span_bits)
{
    res.kind = kind;
    res.level = level;
    res.reason = reason;
    res.priority = reason >= GPT_R_BAD_CONFIG && reason <= GPT_R_L1_DENIED ?
                   (unsigned)(reason - GPT_R_BAD_CONFIG) + 1 : 0;
    res.gpcsc = gpt_encode_gpcsc(kind, level);
    res.span_bits = span_bits;
    return res;
}

static gpt_result pass(gpt_result res, gpt_reason reason, unsigned level,
                       unsigned span_bits)
{
    res.kind = GPT_OK;
    res.reason = reason;
    res.level = level;
    res.priority = 0;
    res.gpcsc = 0;
    res.span_bits = span_bits;
    return res;
}

static bool fetch(const gpt_config *cfg, gpt_result *res, uint64_t addr,
                  uint64_t *val)
{
    res->nreads++;
    res->desc_addr = addr;
    res->desc = 0;
    if (!cfg->read(cfg->opaque, addr, val)) {
        return false;
    }
    res->desc = *val;
    return true;
}

gpt_result gpt_check(const gpt_config *cfg, uint64_t pa, gpt_pas pas,
                     gpt_ss ss)
{
    gpt_result res = {
        .kind = GPT_OK,
        .reason = GPT_R_GPI_PERMITS,
        .gpi = -1,
        .span_bits = PA_BITS,
    };
    gpt_regs r;
    unsigned t, s, p, cap, gpi, level;
    uint64_t addr, d, table;

    if (!cfg || (unsigned)pas > GPT_PAS_REALM ||
        (unsigned)ss > GPT_SS_REALM) {
        res.kind = GPT_BAD_ARGUMENT;
        res.reason = GPT_R_BAD_ARGUMENT;
        return res;
    }
    pa &= low_mask(PA_BITS);
    gpt_decode_regs(cfg, &r);

    /* R_BYRRZ: "Bypass mode - all accesses pass" */
    if (!r.gpc) {
        return pass(res, GPT_R_GPC_DISABLED, 0, PA_BITS);
    }

    /* Priority 1, R_JWCSM: GPCRegistersConsistent() */
    if (r.problems) {
        res.cfg_problems = r.problems;
        return fault(res, GPT_FAULT_WALK, 0, GPT_R_BAD_CONFIG, PA_BITS);
    }
    if (!cfg->read) {
        res.kind = GPT_BAD_ARGUMENT;
        res.reason = GPT_R_BAD_ARGUMENT;
        return res;
    }
    t = r.pps_bits;
    s = r.l0gptsz_bits;
    p = r.pgs_bits;

    /* Priority 2, R_TCWMD: GPCCR_EL3.{SPAD, NSPAD, RLPAD} (FEAT_RME_GPC2) */
    if ((pas == GPT_PAS_SECURE && r.spad) ||
        (pas == GPT_PAS_NONSECURE && r.nspad) ||
        (pas == GPT_PAS_REALM && r.rlpad)) {
        return fault(res, GPT_FAULT_GPF, 0, GPT_R_PAS_DISABLED, PA_BITS);
    }

    /*
     * Priority 3: input address size check.  R_CPDSB: a Non-secure PA above
     * PPS never faults; R_PBPSH: nor any PA if APPSAA is 1; R_JFFHB: else
     * a GPF at level 0.  Any 2^t-aligned block above PPS is all above PPS.
     */
    if (above_pps(pa, t)) {
        if (pas == GPT_PAS_NONSECURE || r.appsaa) {
            return pass(res, GPT_R_ABOVE_PPS_PASS, 0, t);
        }
        return fault(res, GPT_FAULT_GPF, 0, GPT_R_ABOVE_PPS, t);
    }

    /*
     * FEAT_RME_GPC3 bypass windows, checked right after priority 3
     * (I_XNHTX, R_SRQWF): PAWithinGPCBypassWindow() compares PA[u:l] with
     * the window base.  Membership depends only on PA bits >= l, so every
     * result below PPS holds at most for a 2^l block.
     */
    cap = t;
    if (r.gpcbw) {
        uint64_t m = bit_range(r.bw_hi_bits, r.bw_lo_bits);

        if ((pa & m) == (r.bwaddr & m)) {
            return pass(res, GPT_R_BYPASS_WINDOW, 0, r.bw_lo_bits);
        }
        cap = min_u(cap, r.bw_lo_bits);
    }

    /* Priority 4, R_XVCKY: GPTBR_EL3.BADDR above PPS */
    if (above_pps(r.gpt_base, t)) {
        return fault(res, GPT_FAULT_ADDRSIZE, 0, GPT_R_BASE_ABOVE_PPS, cap);
    }

    /*
     * GPTWalk(), level 0.  GPTLevel0Index(): PA[t-1:s], or 0 when PPS is
     * not larger than L0GPTSZ (R_RDYKY).
     */
    cap = min_u(cap, s);
    addr = r.l0_base;
    if (t > s) {
        addr += ((pa >> s) & low_mask(t - s)) * 8;
    }
    if (!fetch(cfg, &res, addr, &d)) {
        /* Priority 5, R_DFCHJ */
        return fault(res, GPT_FAULT_EABT, 0, GPT_R_L0_EABT, cap);
    }

    /* GPTLevel0EntryValid() (R_TRCQY, R_TXFXH, R_XNKFZ) */
    switch (d & 0xf) {
    case GPT_L0_TYPE_BLOCK:
        if (!block_desc_valid(cfg, &r, d)) {
            break;
        }
        /* DecodeGPTBlock(): the GPI covers the whole L0 entry */
        res.desc_kind = GPT_DESC_BLOCK;
        res.gpi = (int)get_field(d, 4, 4);
        if (!gpt_gpi_permits((unsigned)res.gpi, pas, ss)) {
            /* Priority 8, R_HDDNW */
            return fault(res, GPT_FAULT_GPF, 0, GPT_R_L0_DENIED, cap);
        }
        return pass(res, GPT_R_GPI_PERMITS, 0, cap);
    case GPT_L0_TYPE_TABLE:
        if (!table_desc_valid(cfg, &r, d)) {
            break;
        }
        res.desc_kind = GPT_DESC_TABLE;
        /*
         * DecodeGPTTable(): the next-level address is descriptor
         * bits [55:12]; the bits below the table alignment are already
         * known to be zero.
         */
        table = d & bit_range(PA_BITS - 1, 12);
        if (above_pps(table, t)) {
            /* Priority 7, R_JCGMZ */
            return fault(res, GPT_FAULT_ADDRSIZE, 0,
                         GPT_R_L0_TABLE_ABOVE_PPS, cap);
        }
        goto level1;
    default:
        break;
    }
    /* Priority 6, R_KYZMZ */
    res.desc_kind = GPT_DESC_INVALID;
    return fault(res, GPT_FAULT_WALK, 0, GPT_R_L0_INVALID, cap);

level1:
    /* GPTLevel1Index(): PA[s-1:p+4] (R_RSHYW) */
    level = 1;
    addr = table + ((pa >> (p + 4)) & low_mask(s - p - 4)) * 8;
    if (cfg->feat_gdi) {
        /*
         * R_PGHWX: with FEAT_RME_GDI both entries of the naturally aligned
         * 16-byte pair are fetched and must both be valid.
         */
        uint64_t lo, hi;

        cap = min_u(cap, p + 5);
        if (!fetch(cfg, &res, addr & ~(uint64_t)15, &lo) ||
            !fetch(cfg, &res, (addr & ~(uint64_t)15) + 8, &hi)) {
            return fault(res, GPT_FAULT_EABT, level, GPT_R_L1_EABT, cap);
        }
        d = (addr & 8) ? hi : lo;
        res.desc = d;
        res.desc_addr = addr;
        if (!l1_desc_valid(cfg, &r, lo) || !l1_desc_valid(cfg, &r, hi)) {
            res.desc_kind = GPT_DESC_INVALID;
            return fault(res, GPT_FAULT_WALK, level, GPT_R_L1_INVALID, cap);
        }
    } else {
        cap = min_u(cap, p + 4);
        if (!fetch(cfg, &res, addr, &d)) {
            /* Priority 9, R_DFCHJ */
            return fault(res, GPT_FAULT_EABT, level, GPT_R_L1_EABT, cap);
        }
        /* GPTLevel1EntryValid() (R_DCTFM, R_TPBZN, R_XNKFZ) */
        if (!l1_desc_valid(cfg, &r, d)) {
            /* Priority 10, R_KYZMZ */
            res.desc_kind = GPT_DESC_INVALID;
            return fault(res, GPT_FAULT_WALK, level, GPT_R_L1_INVALID, cap);
        }
    }

    if ((d & 0xf) == GPT_L1_TYPE_CONTIG) {
        /*
         * DecodeGPTContiguous(): Contig 0b01/0b10/0b11 = 2MB/32MB/512MB,
         * naturally aligned (R_CZJSQ).  A misprogrammed Contiguous
         * descriptor (R_SPLJH) is CONSTRAINED UNPREDICTABLE (R_SMQTZ); like
         * QEMU we use the GPI of the descriptor the PA indexes.
         */
        static const unsigned char contig_bits[4] = { 0, 21, 25, 29 };

        res.desc_kind = GPT_DESC_CONTIG;
        gpi = get_field(d, 4, 4);
        cap = min_u(t, contig_bits[get_field(d, 8, 2)]);
        if (r.gpcbw) {
            cap = min_u(cap, r.bw_lo_bits);
        }
    } else {
        /* DecodeGPTGranules(), GPIIndex(): PA[p+3:p] selects the GPI */
        res.desc_kind = GPT_DESC_GRANULES;
        gpi = get_field(d, get_field(pa, p, 4) * 4, 4);
        cap = p;
    }
    res.gpi = (int)gpi;
    if (!gpt_gpi_permits(gpi, pas, ss)) {
        /* Priority 11, R_HDDNW */
        return fault(res, GPT_FAULT_GPF, level, GPT_R_L1_DENIED, cap);
    }
    return pass(res, GPT_R_GPI_PERMITS, level, cap);
}

/*
 * GPI names (D9.6.5): the PA space's own name (include/rme/arch.h) for the
 * four GPIs that grant one space, short mnemonics for the others.
 */
const char *gpt_gpi_name(unsigned gpi)
{
    switch (gpi) {
    case GPT_GPI_NO_ACCESS:
        return "NoAccess";
    case GPT_GPI_SA:
        return "SA";
    case GPT_GPI_NSP:
        return "NSP";
    case GPT_GPI_NA6:
        return "NA6";
    case GPT_GPI_NA7:
        return "NA7";
    case GPT_GPI_SECURE:
        return rme_ss_name(RME_SS_SECURE);
    case GPT_GPI_NONSECURE:
        return rme_ss_name(RME_SS_NONSECURE);
    case GPT_GPI_ROOT:
        return rme_ss_name(RME_SS_ROOT);
    case GPT_GPI_REALM:
        return rme_ss_name(RME_SS_REALM);
    case GPT_GPI_NSO:
        return "NSO";
    case GPT_GPI_ANY:
        return "Any";
    default:
        return "reserved";
    }
}

const char *gpt_pas_name(gpt_pas pas)
{
    return rme_ss_name((unsigned)pas);
}

const char *gpt_ss_name(gpt_ss ss)
{
    return rme_ss_name((unsigned)ss);
}

const char *gpt_result_name(gpt_result_kind kind)
{
    switch (kind) {
    case GPT_OK:
        return "ok";
    case GPT_FAULT_GPF:
        return "granule_protection_fault";
    case GPT_FAULT_WALK:
        return "gpt_walk_fault";
    case GPT_FAULT_ADDRSIZE:
        return "gpt_address_size_fault";
    case GPT_FAULT_EABT:
        return "gpt_fetch_external_abort";
    case GPT_BAD_ARGUMENT:
        return "bad_argument";
    default:
        return "invalid";
    }
}

const char *gpt_reason_name(gpt_reason reason)
{
    switch (reason) {
    case GPT_R_GPI_PERMITS:
        return "gpi_permits";
    case GPT_R_GPC_DISABLED:
        return "gpc_disabled";
    case GPT_R_ABOVE_PPS_PASS:
        return "above_pps_pass";
    case GPT_R_BYPASS_WINDOW:
        return "bypass_window";
    case GPT_R_BAD_CONFIG:
        return "bad_config";
    case GPT_R_PAS_DISABLED:
        return "pas_disabled";
    case GPT_R_ABOVE_PPS:
        return "above_pps";
    case GPT_R_BASE_ABOVE_PPS:
        return "base_above_pps";
    case GPT_R_L0_EABT:
        return "l0_fetch_abort";
    case GPT_R_L0_INVALID:
        return "l0_invalid";
    case GPT_R_L0_TABLE_ABOVE_PPS:
        return "l0_table_above_pps";
    case GPT_R_L0_DENIED:
        return "l0_denied";
    case GPT_R_L1_EABT:
        return "l1_fetch_abort";
    case GPT_R_L1_INVALID:
        return "l1_invalid";
    case GPT_R_L1_DENIED:
        return "l1_denied";
    case GPT_R_BAD_ARGUMENT:
        return "bad_argument";
    default:
        return "invalid";
    }
}

const char *gpt_desc_kind_name(gpt_desc_kind kind)
{
    switch (kind) {
    case GPT_DESC_NONE:
        return "none";
    case GPT_DESC_BLOCK:
        return "block";
    case GPT_DESC_TABLE:
        return "table";
    case GPT_DESC_CONTIG:
        return "contiguous";
    case GPT_DESC_GRANULES:
        return "granules";
    case GPT_DESC_INVALID:
        return "invalid";
    default:
        return "unknown";
    }
}

const char *gpt_cfg_problem_name(unsigned problem)
{
    switch (problem) {
    case GPT_CFG_PPS_RESERVED:
        return "pps_reserved";
    case GPT_CFG_PPS_TOO_LARGE:
        return "pps_exceeds_pa_size";
    case GPT_CFG_PGS_RESERVED:
        return "pgs_reserved";
    case GPT_CFG_PGS_UNSUPPORTED:
        return "pgs_unsupported_granule";
    case GPT_CFG_SH_RESERVED:
        return "sh_reserved";
    case GPT_CFG_SH_NC_NOT_OUTER:
        return "sh_noncacheable_not_outer_shareable";
    case GPT_CFG_L0GPTSZ_RESERVED:
        return "l0gptsz_reserved";
    case GPT_CFG_BWSIZE_RESERVED:
        return "bwsize_reserved";
    case GPT_CFG_BWSTRIDE_RESERVED:
        return "bwstride_reserved";
    case GPT_CFG_BWADDR_UNALIGNED:
        return "bwaddr_unaligned";
    case GPT_CFG_BWADDR_BEYOND_STRIDE:
        return "bwaddr_beyond_stride";
    default:
        return "unknown";
    }
}
