/*
 * qemu-rme: cca-trace, the text sink (format=text): one line per event for
 * a person, "#" lines for the meta information and the summary
 * (docs/tracing.md has examples)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "out.h"
#include "gpt-map.h"            /* target-arm-rme: the GPT as ranges */

/* "   <icount> cpuN   " and two spaces per call depth, then KIND padded */
static void head(GString *g, const char *kind, const ct_event *ev)
{
    unsigned sp;
    gsize n;

    if (ct_opt.icount_on) {
        put_u_w(g, ev->icount, 12, false);
    } else {
        put_s(g, "           -");
    }
    put_s(g, " cpu");
    put_u_w(g, ev->vcpu, 2, true);
    g_string_append_c(g, ' ');
    for (sp = MIN(ev->depth, 16u) * 2; sp; sp--) {
        g_string_append_c(g, ' ');
    }
    n = strlen(kind);
    put_len(g, kind, n);
    for (; n < 5; n++) {
        g_string_append_c(g, ' ');      /* %-5s */
    }
    g_string_append_c(g, ' ');
}

static void text_wel(GString *g, cca_world w, unsigned el, int width)
{
    gsize start = g->len;

    put_s(g, cca_world_name(w));
    put_s(g, "-EL");
    put_u(g, el);
    while (g->len - start < (gsize)width) {
        g_string_append_c(g, ' ');
    }
}

/* "#<id> <World-ELn>" that starts the text of a call and of its return. */
static void call_head(GString *g, const ct_call *c)
{
    g_string_append_c(g, '#');
    put_u_w(g, c->id, 4, true);
    g_string_append_c(g, ' ');
    text_wel(g, c->world, c->el, 10);
}

static void fid_text(GString *g, uint32_t fid, const cca_fid_info *fi)
{
    if (fi->name) {
        put_s(g, fi->name);
        put_s(g, " 0x");
        put_hex_w(g, fid, 8);
    } else {
        put_s(g, "0x");
        put_hex_w(g, fid, 8);
        put_s(g, " [");
        put_s(g, cca_iface_name(fi->iface, fid));
        g_string_append_c(g, ']');
    }
}

/*
 * "name=0x.." for register x@i, or "x<i>=0x.." when the specification
 * gives it no name (cca_call_names); a space before all but the @first.
 */
static void text_reg(GString *g, bool first, int i, const char *name,
                     uint64_t v)
{
    if (!first) {
        g_string_append_c(g, ' ');
    }
    if (name) {
        put_s(g, name);
    } else {
        g_string_append_c(g, 'x');
        put_u(g, (unsigned)i);
    }
    put_s(g, "=0x");
    put_hex(g, v);
}

static void ev_call(GString *g, const ct_event *ev)
{
    const ct_ev_call *e = &ev->u.call;
    const ct_call *c = e->c;
    const cca_call_names *nm = cca_call_names_of(e->fi.name);
    int i;

    head(g, "CALL", ev);
    call_head(g, c);
    put_s(g, c->hvc ? " hvc  " : " smc  ");
    fid_text(g, c->fid, &e->fi);
    put_s(g, " (");
    for (i = 1; i <= 6; i++) {
        text_reg(g, i == 1, i, nm ? nm->arg[i - 1] : NULL, c->x[i]);
    }
    put_s(g, ") pc=0x");
    put_hex(g, c->pc);
    if (e->note) {
        put_s(g, " [");
        put_s(g, nm && nm->arg[0] ? nm->arg[0] : "x1");
        put_s(g, ": ");
        put_s(g, e->note);
        g_string_append_c(g, ']');
    }
    if (c->yields) {
        put_s(g, " [yields to EL3]");
    }
}

/* A return shows x0..x3 (ev->u.ret.x has x0..x7). */
static void ev_ret(GString *g, const ct_event *ev)
{
    const ct_ev_ret *e = &ev->u.ret;
    const cca_call_names *nm;
    int i;

    head(g, "RET", ev);
    call_head(g, e->c);
    put_s(g, "      ");
    fid_text(g, e->c->fid, &e->fi);
    put_s(g, e->resumed ? " resumed -> " : " -> ");
    if (e->status) {
        put_s(g, e->status);
        if (e->status_index) {
            gs_printf(g, " index %u", e->status_index);
        }
        g_string_append_c(g, ' ');
    } else if (e->next) {
        gs_printf(g, "next request %s ", e->next);
    }
    nm = cca_call_names_of(e->fi.name);
    put_s(g, "(");
    for (i = 0; i < 4; i++) {
        text_reg(g, i == 0, i, i && nm ? nm->ret[i - 1] : NULL, e->x[i]);
    }
    put_s(g, ")");
    if (ct_opt.icount_on) {
        g_string_append_c(g, ' ');
        put_u(g, e->insns);
        put_s(g, " insns");
    }
    if (strcmp(e->via, "eret")) {
        gs_printf(g, " [%s]", e->via);
    }
}

static void ev_world(GString *g, const ct_event *ev)
{
    const ct_ev_world *e = &ev->u.world;

    head(g, "WORLD", ev);
    text_wel(g, e->from_world, e->from_el, 0);
    put_s(g, " -> ");
    text_wel(g, e->to_world, e->to_el, 0);
    put_s(g, "  ");
    put_s(g, e->cause);
    if (e->has_esr) {
        put_s(g, " (ESR 0x");
        put_hex(g, e->esr);
        g_string_append_c(g, ')');
    }
    put_s(g, " 0x");
    put_hex(g, e->from_pc);
    put_s(g, " -> 0x");
    put_hex(g, e->to_pc);
}

static void iss_field(GString *g, bool *first, const char *name, uint64_t v)
{
    if (!*first) {
        g_string_append_c(g, ' ');
    }
    put_s(g, name);
    g_string_append_c(g, '=');
    put_u(g, v);
    *first = false;
}

static void gpt_walk_text(GString *g, const gpt_walk *w)
{
    const gpt_result *r = &w->r;

    put_s(g, " | GPT (");
    put_s(g, cca_world_name(w->ss));
    put_s(g, " requester)");
    if (r->nreads) {
        put_s(g, " level ");
        put_u(g, r->level);
        g_string_append_c(g, ' ');
        put_s(g, gpt_desc_kind_name(r->desc_kind));
        put_s(g, " 0x");
        put_hex(g, r->desc);
        put_s(g, " at 0x");
        put_hex(g, r->desc_addr);
    }
    if (r->gpi >= 0) {
        put_s(g, " GPI ");
        put_s(g, gpt_gpi_name((unsigned)r->gpi));
        put_s(g, " (0x");
        put_hex(g, (unsigned)r->gpi);
        g_string_append_c(g, ')');
    }
    put_s(g, ": ");
    put_s(g, gpt_result_name(r->kind));
    put_s(g, " (");
    put_s(g, gpt_reason_name(r->reason));
    g_string_append_c(g, ')');
    if (r->kind != GPT_OK) {
        put_s(g, ", GPCSC 0x");
        put_hex_w(g, r->gpcsc, 2);
        g_string_append_c(g, ' ');
        put_s(g, cca_gpcsc_name(r->gpcsc));
    }
}

static void ev_gpf(GString *g, const ct_event *ev)
{
    const ct_ev_gpf *e = &ev->u.gpf;
    uint64_t iss = e->iss;
    bool first = true;

    head(g, "GPF", ev);
    text_wel(g, e->world, e->el, 10);
    put_s(g, " pc=0x");
    put_hex(g, e->pc);
    if (e->disas) {
        put_s(g, " \"");
        put_s(g, e->disas);
        g_string_append_c(g, '"');
    } else if (e->have_opcode) {
        put_s(g, " [.inst 0x");
        put_hex_w(g, e->opcode, 8);
        g_string_append_c(g, ']');
    }
    put_s(g, " far=0x");
    put_hex(g, e->far);
    g_string_append_c(g, ' ');
    put_s(g, e->access);
    put_s(g, " | reported to ");
    text_wel(g, e->to_world, e->to_el, 0);
    put_s(g, " as ");
    put_s(g, cca_ec_name(e->ec));
    put_s(g, ", ESR_EL");
    put_u(g, e->to_el);
    put_s(g, "=0x");
    put_hex(g, e->esr);
    put_s(g, ": ");
    if (e->gpc) {
        unsigned gpcsc = RME_GPC_ISS_GPCSC(iss);

        put_s(g, "GPCSC 0x");
        put_hex_w(g, gpcsc, 2);
        g_string_append_c(g, ' ');
        put_s(g, cca_gpcsc_name(gpcsc));
        put_s(g, ", xFSC 0x");
        put_hex_w(g, e->fsc, 2);
        g_string_append_c(g, ' ');
        put_s(g, cca_fsc_name(e->fsc));
        put_s(g, ", ");
        iss_field(g, &first, "s2ptw", RME_FIELD(iss, RME_GPC_ISS_S2PTW_SHIFT, 1));
        iss_field(g, &first, "ind", RME_FIELD(iss, RME_GPC_ISS_IND_SHIFT, 1));
        iss_field(g, &first, "vncr", RME_FIELD(iss, RME_ISS_VNCR_SHIFT, 1));
        iss_field(g, &first, "cm", RME_FIELD(iss, RME_ISS_CM_SHIFT, 1));
        iss_field(g, &first, "s1ptw", RME_FIELD(iss, RME_ISS_S1PTW_SHIFT, 1));
        iss_field(g, &first, "wnr", RME_FIELD(iss, RME_ISS_WNR_SHIFT, 1));
    } else {
        put_s(g, e->fetch ? "IFSC 0x" : "DFSC 0x");
        put_hex_w(g, e->fsc, 2);
        g_string_append_c(g, ' ');
        put_s(g, cca_fsc_name(e->fsc));
        put_s(g, ", ");
        ct_abort_iss_fields(g, &first, e, iss_field);
    }
    if (e->have_mfar) {
        put_s(g, " | MFAR_EL3=0x");
        put_hex(g, e->mfar);
    }
    if (e->have_pa) {
        put_s(g, " pa=0x");
        put_hex(g, e->pa);
        put_s(g, " (");
        put_s(g, strcmp(e->pa_src, "flat") ? e->pa_src : "MMU off: PA = VA");
        g_string_append_c(g, ')');
    }
    put_s(g, " pas=");
    put_s(g, e->pas == CCA_WORLD_UNKNOWN ? "?" : cca_world_name(e->pas));
    if (e->have_mec) {
        gs_printf(g, " MECID 0x%" PRIx64 " (%s%s%s)", e->mec.mecid,
                  e->mec.reg ? e->mec.reg : "the default MECID",
                  e->mec.alt ? "; AMEC=1 selects " : "",
                  e->mec.alt ? e->mec.alt : "");
    }
    if (e->have_walk) {
        gpt_walk_text(g, &e->walk);
    }
}

static void ev_insn(GString *g, const ct_event *ev)
{
    const ct_ev_insn *e = &ev->u.insn;
    const insn_rec *r = e->r;

    head(g, "INSN", ev);
    text_wel(g, e->world, e->el, 10);
    put_s(g, " pc=");
    put_0x(g, r->vaddr);
    g_string_append_c(g, ' ');
    put_hex_w(g, r->opcode, r->size * 2);
    g_string_append_c(g, ' ');
    put_s(g, r->text ? r->text : "?");
}

typedef struct snap_out {
    GString *g;
    unsigned n;
} snap_out;

static bool snap_range(void *opaque, const gpt_map_range *r)
{
    snap_out *o = opaque;

    gs_printf(o->g, "%s0x%" PRIx64 "-0x%" PRIx64 " %s", o->n ? ", " : "",
              r->base, r->base + r->size - 1, gpt_map_range_label(r));
    o->n++;
    return true;
}

/* The GPT as one line of ranges. */
static void ev_gpt(GString *g, const ct_event *ev)
{
    const ct_ev_gpt *e = &ev->u.gpt;
    snap_out o = { .g = g };
    uint64_t end;

    head(g, "GPT", ev);
    gs_printf(g, "%s pc=0x%" PRIx64 " GPC=%d PPS=%u-bit PGS=%u-bit: ",
              e->cause, e->pc, e->regs->gpc, e->regs->pps_bits,
              e->regs->pgs_bits);
    end = gpt_map(e->cfg, 0, 0, CT_GPT_SNAP_MAX_CHECKS, snap_range, &o);
    if (end < (1ull << 56)) {
        gs_printf(g, " ... (stopped at 0x%" PRIx64 ": walk budget)", end);
    }
}

static void ev_mec(GString *g, const ct_event *ev)
{
    const ct_ev_mec *e = &ev->u.mec;

    head(g, "MEC", ev);
    text_wel(g, e->world, e->el, 10);
    put_s(g, " pc=");
    put_0x(g, e->pc);
    put_s(g, e->store ? " write " : " read ");
    put_u(g, e->size);
    put_s(g, " va=");
    put_0x(g, e->va);
    put_s(g, " pa=");
    put_0x(g, e->pa);
    put_s(g, " pas=Realm MECID ");
    put_0x(g, (uint64_t)e->mecid);
    if (e->mmio) {
        put_s(g, " mmio");
    }
}

static void text_meta(GString *g, const ct_meta *m)
{
    unsigned ev = ct_opt.ev_mask;
    size_t i;

    gs_printf(g, "# %s: plugin API %d, %s; events:%s%s%s%s%s%s; "
              "icount %s; FEAT_RME %s; worlds from %s",
              PLUGIN_NAME, qemu_caps.api_cur,
              qemu_caps.rme_ext ? "qemu-rme API extension" :
              "stock QEMU plugin API",
              ev & EV_CALL ? " call ret" : "",
              ev & EV_WORLD ? " world" : "",
              ev & EV_GPF ? " gpf" : "",
              ev & EV_INSN ? " insn" : "",
              ev & EV_GPT ? " gpt" : "",
              ev & EV_MEC ? " mec" : "",
              ct_opt.icount_on ? "on" : "off", m->rme ? "yes" : "no",
              m->world_inferred ? "inference (no SCR_EL3: Non-secure)" :
              "SCR_EL3");
    if (m->n_missing) {
        gs_printf(g, "\n# %s: registers not exposed: ", PLUGIN_NAME);
        for (i = 0; i < m->n_missing; i++) {
            gs_printf(g, "%s%s", i ? "," : "", m->missing[i]);
        }
    }
    gs_printf(g, "\n# %s: unavailable %s qemu-rme API extension:",
              PLUGIN_NAME, qemu_caps.rme_ext ? "even with the" : "without the");
    for (i = 0; i < m->n_unavail; i++) {
        gs_printf(g, "\n#   %s", m->unavail[i]);
    }
    if (m->mec_unavailable) {
        gs_printf(g, "\n#   %s", m->mec_unavailable);
    }
}

static void text_summary(GString *g, const ct_summary *s)
{
    unsigned ev = ct_opt.ev_mask, w, a;
    bool first = true;
    size_t i;

    gs_printf(g, "# summary: %" PRIu64 " call, %" PRIu64 " ret, %" PRIu64
              " world, %" PRIu64 " gpf", s->n[CT_EV_CALL], s->n[CT_EV_RET],
              s->n[CT_EV_WORLD], s->n[CT_EV_GPF]);
    if (ev & EV_INSN) {
        gs_printf(g, ", %" PRIu64 " insn", s->n[CT_EV_INSN]);
    }
    if (ev & EV_GPT) {
        gs_printf(g, ", %" PRIu64 " gpt", s->n[CT_EV_GPT]);
    }
    if (ev & EV_MEC) {
        gs_printf(g, ", %" PRIu64 " mec", s->n[CT_EV_MEC]);
    }
    gs_printf(g, "; %" PRIu64 " calls pending at exit, %" PRIu64 " lost\n",
              s->pending, s->lost);
    put_s(g, "# GPFs by faulting world -> PA space:");
    for (w = 0; w < 5; w++) {
        for (a = 0; a < 5; a++) {
            if (s->gpf_pairs[w][a]) {
                gs_printf(g, "%s %s -> %s: %" PRIu64, first ? "" : ",",
                          cca_world_name((cca_world)w),
                          cca_world_name((cca_world)a), s->gpf_pairs[w][a]);
                first = false;
            }
        }
    }
    gs_printf(g, "%s\n# %-32s %-10s %-8s %7s %8s %12s %10s\n",
              first ? " none" : "", "calls by function", "fid", "iface",
              "calls", "returned", "insns total", "mean");
    for (i = 0; i < s->n_fids; i++) {
        const ct_fid_stats *st = &s->fids[i];

        gs_printf(g, "# %-32s 0x%08x %-8s %7" PRIu64 " %8" PRIu64,
                  st->name ? st->name : "?", st->fid, st->iface, st->calls,
                  st->returned);
        if (ct_opt.icount_on && st->returned) {
            gs_printf(g, " %12" PRIu64 " %10.1f\n", st->insns,
                      (double)st->insns / st->returned);
        } else {
            gs_printf(g, " %12s %10s\n", "-", "-");
        }
    }
    g_string_truncate(g, g->len - 1);
}

const ct_sink ct_sink_text = {
    .name = "text",
    .event = {
        [CT_EV_CALL] = ev_call,
        [CT_EV_RET] = ev_ret,
        [CT_EV_WORLD] = ev_world,
        [CT_EV_GPF] = ev_gpf,
        [CT_EV_INSN] = ev_insn,
        [CT_EV_GPT] = ev_gpt,
        [CT_EV_MEC] = ev_mec,
    },
    .meta = text_meta,
    .summary = text_summary,
};
