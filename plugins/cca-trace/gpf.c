/*
 * qemu-rme: cca-trace, granule protection: GPF events (an exception whose
 * syndrome reports a granule protection fault, decoded, with the GPT walk
 * of its PA) and GPT snapshots at TLBI PA* (events=gpt)
 *
 * The GPT walks use the reference walker (target-arm-rme/gpt.c, DDI0487
 * D9) and need the qemu-rme API extension's Root PA space reads.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vcpu.h"
#include "event.h"
#include "gpt-map.h"            /* target-arm-rme: the GPT as ranges */

/* A scratch buffer for memory reads, one per thread (callbacks only). */
static __thread GByteArray *mem_buf;

static GByteArray *mem_buf_get(void)
{
    if (!mem_buf) {
        mem_buf = g_byte_array_sized_new(8);
    }
    mem_buf->len = 0;
    return mem_buf;
}

/*
 * The encoding of the instruction at @pc that faulted at @src_el, now that
 * the exception has been taken to @tel: read from memory when the current
 * translation regime is the one that fetched it, or when that one was flat
 * (then @pc is its PA; read through the Non-secure address space, the only
 * one the stock API reads); else as cached at translation time.
 */
static bool fetch_opcode(vcpu_state *s, unsigned tel, unsigned src_el,
                         uint64_t pc, uint32_t *opcode)
{
    GByteArray *b = mem_buf_get();

    if ((src_el == tel && qemu_plugin_read_memory_vaddr(pc, b, 4)) ||
        (regime_is_flat(s, src_el) &&
         qemu_plugin_read_memory_hwaddr(pc, b, 4) ==
         QEMU_PLUGIN_HWADDR_OPERATION_OK)) {
        if (b->len == 4) {
            *opcode = (uint32_t)b->data[0] | (uint32_t)b->data[1] << 8 |
                      (uint32_t)b->data[2] << 16 | (uint32_t)b->data[3] << 24;
            return true;
        }
    }
    return fault_opcodes.on && va_table_find(&fault_opcodes, pc, opcode);
}

/* ---- the GPT walk (qemu-rme API extension) ------------------------------ */

/*
 * The walker's reader: 8 bytes of the GPT in the Root PA space, where
 * GPTWalk() fetches the table (DDI0487 D9, R_THJVJ), little-endian.
 */
static bool gpt_read_root(void *opaque, uint64_t pa, uint64_t *val)
{
    GByteArray *b = opaque;
    int i;

    *val = 0;
    b->len = 0;
    if (qemu_caps.read_pas(pa, CCA_WORLD_ROOT, b, 8) !=
        QEMU_PLUGIN_HWADDR_OPERATION_OK || b->len < 8) {
        return false;       /* reported as an External abort on GPT fetch */
    }
    for (i = 0; i < 8; i++) {
        *val |= (uint64_t)b->data[i] << (8 * i);
    }
    return true;
}

static unsigned parange_bits(unsigned enc)
{
    static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52, 56 };

    return enc < 8 ? bits[enc] : 0;
}

/*
 * Walk the GPT as the GPC of an access to @pa in PA space @pas by a
 * requester in Security state @ss (DDI0487 D9, GranuleProtectionCheck()),
 * with the reference walker, GPCCR_EL3/GPTBR_EL3 as they are now (at the
 * exception entry, before the handler runs) and the implemented features
 * from the ID registers.  Needs the extension's Root PA space reads.
 */
/*
 * The walker's view of this vCPU: GPCCR_EL3/GPTBR_EL3 as they are now and
 * the implemented features from the ID registers.  Reads go through the
 * extension's Root PA space reads with @reader/@opaque.
 */
static bool gpt_cfg_of(vcpu_state *s, gpt_config *cfg, gpt_read64_fn reader,
                       void *opaque)
{
    uint64_t mmfr0, mmfr4;

    *cfg = (gpt_config){ 0 };
    if (!qemu_caps.read_pas || !s->rme || !reg_read(s, R_GPCCR3, &cfg->gpccr) ||
        !reg_read(s, R_GPTBR3, &cfg->gptbr)) {
        return false;
    }
    /*
     * The gdbstub does not expose ID_AA64PFR0_EL1 (RME, SEL2 fields).  QEMU
     * implements FEAT_RME with SEL2 and FEAT_RME_GPC2 for -cpu max only;
     * GPCCR_EL3 reads back only the bits its features implement (the GPC2
     * fields read 0 without it), so assuming GPC2 cannot enable a field
     * the CPU lacks.  FEAT_RME_GPC3 brings GPCBW_EL3, which the gdbstub
     * has only then; FEAT_RME_GDI is ID_AA64MMFR4_EL1.RMEGDI.
     */
    cfg->feat_sel2 = true;
    cfg->feat_gpc2 = true;
    cfg->feat_gpc3 = reg_read(s, R_GPCBW3, &cfg->gpcbw);
    cfg->feat_gdi = reg_read(s, R_MMFR4, &mmfr4) && (mmfr4 >> 28) & 0xf;
    if (reg_read(s, R_MMFR0, &mmfr0)) {
        /* TGran*: granule sizes for PGS; TGran*_2 0 means "as stage 1" */
        unsigned tg4 = (mmfr0 >> 28) & 0xf, tg64 = (mmfr0 >> 24) & 0xf;
        unsigned tg16 = (mmfr0 >> 20) & 0xf, tg4_2 = (mmfr0 >> 40) & 0xf;
        unsigned tg64_2 = (mmfr0 >> 36) & 0xf, tg16_2 = (mmfr0 >> 32) & 0xf;
        bool s1_4 = tg4 != 0xf, s1_64 = tg64 != 0xf, s1_16 = tg16 != 0;
        bool s2_4 = tg4_2 == 0 ? s1_4 : tg4_2 >= 2;
        bool s2_64 = tg64_2 == 0 ? s1_64 : tg64_2 >= 2;
        bool s2_16 = tg16_2 == 0 ? s1_16 : tg16_2 >= 2;

        cfg->pa_range_bits = parange_bits((unsigned)mmfr0 & 0xf);
        cfg->pgs_reserved = (!s1_4 && !s2_4 ? GPT_PGS_RESERVED_4K : 0) |
                            (!s1_64 && !s2_64 ? GPT_PGS_RESERVED_64K : 0) |
                            (!s1_16 && !s2_16 ? GPT_PGS_RESERVED_16K : 0);
    }
    cfg->read = reader;
    cfg->opaque = opaque;
    return true;
}

static bool walk_gpt(vcpu_state *s, uint64_t pa, cca_world pas, cca_world ss,
                     gpt_walk *w)
{
    gpt_config cfg;

    if (pas >= CCA_WORLD_UNKNOWN || ss >= CCA_WORLD_UNKNOWN ||
        !gpt_cfg_of(s, &cfg, gpt_read_root, mem_buf_get())) {
        return false;
    }
    w->gpccr = cfg.gpccr;
    w->gptbr = cfg.gptbr;
    w->ss = ss;
    w->r = gpt_check(&cfg, pa, (gpt_pas)pas, (gpt_ss)ss);
    return w->r.kind != GPT_BAD_ARGUMENT;
}

/*
 * FEAT_MEC: the MECID of an access to the Realm PA space by @el of world
 * @fw (DDI0487 D8.12.1), from the registers: which register holds it and,
 * when a descriptor's AMEC bit may pick another, that one too (the
 * descriptor is not visible here).  Table walks (@ttw) have the MECID of
 * their regime (R_RXMFG, R_XBDTH, R_PDCWV, R_FQFXK).  False without
 * FEAT_MEC.
 */
static bool mec_of_access(vcpu_state *s, unsigned el, cca_world fw, bool ttw,
                          uint64_t va, mec_info *m)
{
    uint64_t mmfr3, sctlr2, hcr = 0;
    enum reg_id r = R_COUNT, alt = R_COUNT;

    memset(m, 0, sizeof(*m));
    if (!reg_read(s, R_MMFR3, &mmfr3) ||
        !((mmfr3 >> RME_ID_AA64MMFR3_MEC_SHIFT) & 0xf)) {
        return false;
    }
    if (el == 3) {
        /* R_FMLTL, R_CCSND; EL3 table walks use the default MECID */
        m->emec = reg_read(s, R_SCTLR2_3, &sctlr2) &&
                  (sctlr2 & RME_SCTLR2_EMEC);
        if (m->emec && !ttw) {
            r = R_MECID_RL_A3;
        }
    } else if (fw == CCA_WORLD_REALM) {
        /* R_CBJVF, R_HDGTR: SCTLR2_EL2.EMEC (SCR_EL3.SCTLR2En is 1 when
         * SCTLR2_EL2 is in use) */
        m->emec = reg_read(s, R_SCTLR2_2, &sctlr2) &&
                  (sctlr2 & RME_SCTLR2_EMEC);
        reg_read(s, R_HCR2, &hcr);
        if (!m->emec) {
            /* default */
        } else if (el == 2 || (el == 0 && (hcr & RME_HCR_E2H) &&
                               (hcr & RME_HCR_TGE))) {
            bool e2h = hcr & RME_HCR_E2H;

            if (ttw) {
                r = !e2h || (reg_get(s, R_TCR2) & RME_TCR_EL2_A1) ?
                    R_MECID_P0 : R_MECID_P1;
            } else if (!(reg_get(s, R_SCTLR2) & 1)) {
                r = R_MECID_P0;                         /* R_FCSBF */
            } else if (e2h && ((va >> 55) & 1)) {
                r = R_MECID_P1;                         /* R_MQHXQ */
                alt = R_MECID_A1;
            } else {
                r = R_MECID_P0;                         /* R_THGCP */
                alt = R_MECID_A0;
            }
        } else {
            /* EL1&0: R_YSNHS, R_XMTZH, R_PDCWV, R_FQFXK */
            r = R_VMECID_P;
            if (hcr & RME_HCR_VM) {
                alt = R_VMECID_A;
            }
        }
    } else {
        return false;
    }
    if (r != R_COUNT) {
        m->reg = reg_names[r];
        m->mecid = reg_get(s, r) & 0xffff;
    }
    if (alt != R_COUNT) {
        m->alt = reg_names[alt];
    }
    return true;
}

/*
 * An exception was taken to @tel whose ESR_EL<tel> reports a GPF: decoded
 * from registers, plus the GPT walk for its PA and PA space when those are
 * known and QEMU has the qemu-rme API extension (Root PA space reads).
 */
void report_gpf(vcpu_state *s, unsigned vcpu, unsigned tel, uint64_t esr,
                uint64_t from_pc, uint64_t to_pc)
{
    ct_event ev = { .kind = CT_EV_GPF, .vcpu = vcpu };
    ct_ev_gpf *e = &ev.u.gpf;
    unsigned ec = RME_ESR_EC(esr);
    uint64_t iss = RME_ESR_ISS(esr);
    bool same_el = ec == CCA_EC_IABT_CUR || ec == CCA_EC_DABT_CUR;
    unsigned fsc = RME_FIELD(iss, RME_ISS_FSC_SHIFT, RME_ISS_FSC_WIDTH);
    int level = -2;
    g_autofree char *disas = NULL;

    e->esr = esr;
    e->ec = ec;
    e->iss = iss;
    e->fsc = fsc;
    e->gpc = ec == CCA_EC_GPC;
    e->pc = from_pc;
    e->vector = to_pc;
    e->to_el = tel;
    e->far = reg_get(s, REG_EL(R_FAR1, tel));
    e->to_world = world_at(s, tel);
    e->pas = CCA_WORLD_UNKNOWN;
    if (same_el) {
        e->el = tel;
    } else {
        int el = cca_spsr_el(reg_get(s, REG_EL(R_SPSR1, tel)));

        e->el = el < 0 ? tel : (unsigned)el;
    }
    e->world = world_at(s, e->el);
    cca_fsc_is_gpf(fsc, &level);
    e->ttw = level >= -1;
    e->walk_level = level;

    if (e->gpc) {
        /* ESR_EL3 ISS for a GPC exception: InD, GPCSC, WnR, xFSC, ... */
        e->fetch = RME_FIELD(iss, RME_GPC_ISS_IND_SHIFT, 1);
        e->have_mfar = reg_read(s, R_MFAR3, &e->mfar);
        if (e->have_mfar) {
            e->pa = cca_mfar_pa(e->mfar);
            e->have_pa = true;
            e->pa_src = "MFAR_EL3";
            e->pas = cca_mfar_pas(e->mfar);
        }
    } else {
        /*
         * The access's output address and PA space are not in any
         * register.  Non-secure state can only access the Non-secure PAS;
         * with no translation enabled in the faulting regime the mapping is
         * flat (PA = VA) and the PA space is the Security state's own.
         * (QEMU's debug translation cannot help: it applies the GPC too.)
         */
        bool flat = regime_is_flat(s, e->el);

        e->fetch = ec == CCA_EC_IABT_LOW || ec == CCA_EC_IABT_CUR;
        if (flat && !e->ttw && !RME_FIELD(iss, RME_ISS_FNV_SHIFT, 1)) {
            e->pa = e->far;
            e->have_pa = true;
            e->pa_src = "flat";
        }
        if (e->world == CCA_WORLD_NS) {
            e->pas = CCA_WORLD_NS;
        } else if (flat) {
            e->pas = e->world;
        }
    }
    e->access = e->fetch ? "fetch" :
                RME_FIELD(iss, RME_ISS_CM_SHIFT, 1) ? "cmo" :
                RME_FIELD(iss, RME_ISS_WNR_SHIFT, 1) ? "write" : "read";

    if (!e->fetch && fetch_opcode(s, tel, e->el, from_pc, &e->opcode)) {
        e->have_opcode = true;
        e->disas = disas = disassemble(e->opcode);
    }
    if (e->have_pa && e->pas != CCA_WORLD_UNKNOWN) {
        /* The requester's Security state is the faulting world's. */
        e->have_walk = walk_gpt(s, e->pa, e->pas, e->world, &e->walk);
    }
    e->have_mec = e->pas == CCA_WORLD_REALM &&
                  mec_of_access(s, e->el, e->world, e->ttw, e->far, &e->mec);
    ev.depth = s->calls.depth;
    ev.icount = icount_get(vcpu);
    ct_emit(&ev);
}

/* ---- GPT snapshots (events=gpt) ------------------------------------------ */

/*
 * A map walks the same level 0 entry and level 1 descriptor for many
 * granules in a row: remember the last two entries read, for one snapshot.
 */
typedef struct gpt_snap_reader {
    GByteArray *buf;
    uint64_t addr[2], val[2];
    bool ok[2], valid[2];
    unsigned next;
} gpt_snap_reader;

static bool gpt_read_snap(void *opaque, uint64_t pa, uint64_t *val)
{
    gpt_snap_reader *r = opaque;
    unsigned i;

    for (i = 0; i < 2; i++) {
        if (r->valid[i] && r->addr[i] == pa) {
            *val = r->val[i];
            return r->ok[i];
        }
    }
    i = r->next;
    r->next ^= 1;
    r->addr[i] = pa;
    r->ok[i] = gpt_read_root(r->buf, pa, &r->val[i]);
    r->valid[i] = true;
    *val = r->val[i];
    return r->ok[i];
}

/*
 * TLBI PAALL, PAALLOS, RPAOS, RPALOS: the GPT as it is when software makes
 * its changes visible, as ranges (target-arm-rme/gpt-map.h), which the
 * sink walks as it writes them.
 */
void on_tlbi_pa(unsigned vcpu, void *udata)
{
    vcpu_state *s = vstate_enter(vcpu);
    uintptr_t u = (uintptr_t)udata;
    gpt_snap_reader rd = { .buf = mem_buf_get() };
    ct_event ev = { .kind = CT_EV_GPT, .vcpu = vcpu };
    gpt_config cfg;
    gpt_regs regs;

    if (!gpt_cfg_of(s, &cfg, gpt_read_snap, &rd)) {
        return;
    }
    gpt_decode_regs(&cfg, &regs);
    ev.depth = s->calls.depth;
    ev.icount = icount_get(vcpu);
    ev.u.gpt = (ct_ev_gpt){
        .cause = tlbi_pa_name(u & 3), .pc = u & ~(uintptr_t)3,
        .cfg = &cfg, .regs = &regs,
    };
    ct_emit(&ev);
}
