/*
 * qemu-rme: cca-trace, the JSON Lines sink (format=json): one object per
 * event, the meta object first and the summary last (docs/tracing.md has
 * the schema, tests/plugins/test_cca_trace.py a checker)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "out.h"
#include "gpt-map.h"            /* target-arm-rme: the GPT as ranges */

/* {"ev":KIND,"vcpu":N,"icount":N|null,"depth":N */
static void head(GString *g, const char *kind, const ct_event *ev)
{
    put_s(g, "{\"ev\":\"");
    put_s(g, kind);
    put_s(g, "\",\"vcpu\":");
    put_u(g, ev->vcpu);
    if (ct_opt.icount_on) {
        put_s(g, ",\"icount\":");
        put_u(g, ev->icount);
    } else {
        put_s(g, ",\"icount\":null");
    }
    put_s(g, ",\"depth\":");
    put_u(g, ev->depth);
}

static void json_wel(GString *g, const char *prefix, cca_world w, unsigned el)
{
    put_s(g, ",\"");
    put_s(g, prefix);
    put_s(g, "world\":\"");
    put_s(g, cca_world_name(w));
    put_s(g, "\",\"");
    put_s(g, prefix);
    put_s(g, "el\":");
    put_u(g, el);
}

static void fid_json(GString *g, uint32_t fid, const cca_fid_info *fi)
{
    put_s(g, ",\"fid\":\"0x");
    put_hex_w(g, fid, 8);
    put_s(g, "\",\"name\":");
    json_str(g, fi->name);
    put_s(g, ",\"iface\":");
    json_str(g, cca_iface_name(fi->iface, fid));
}

static void ev_call(GString *g, const ct_event *ev)
{
    const ct_ev_call *e = &ev->u.call;
    const ct_call *c = e->c;
    int i;

    head(g, "call", ev);
    put_s(g, ",\"id\":");
    put_u(g, c->id);
    json_wel(g, "", c->world, c->el);
    put_s(g, c->hvc ? ",\"insn\":\"hvc\"" : ",\"insn\":\"smc\"");
    json_hex(g, "pc", c->pc);
    fid_json(g, c->fid, &e->fi);
    put_s(g, ",\"args\":[");
    for (i = 1; i <= 6; i++) {
        put_s(g, i > 1 ? ",\"0x" : "\"0x");
        put_hex(g, c->x[i]);
        g_string_append_c(g, '"');
    }
    put_s(g, c->yields ? "],\"yields\":true,\"note\":" :
                 "],\"yields\":false,\"note\":");
    json_str(g, e->note);
    g_string_append_c(g, '}');
}

static void ev_ret(GString *g, const ct_event *ev)
{
    const ct_ev_ret *e = &ev->u.ret;
    int i;

    head(g, "ret", ev);
    put_s(g, ",\"id\":");
    put_u(g, e->c->id);
    json_wel(g, "", e->c->world, e->c->el);
    json_hex(g, "pc", e->c->ret_pc);
    fid_json(g, e->c->fid, &e->fi);
    put_s(g, ",\"ret\":[");
    for (i = 0; i < 8; i++) {
        put_s(g, i ? ",\"0x" : "\"0x");
        put_hex(g, e->x[i]);
        g_string_append_c(g, '"');
    }
    put_s(g, "],\"status\":");
    json_str(g, e->status);
    put_s(g, ",\"status_index\":");
    put_u(g, e->status_index);
    put_s(g, ",\"next\":");
    json_str(g, e->next);
    put_s(g, e->resumed ? ",\"resumed\":true,\"via\":\"" :
                 ",\"resumed\":false,\"via\":\"");
    put_s(g, e->via);
    put_s(g, "\",\"insns\":");
    if (ct_opt.icount_on) {
        put_u(g, e->insns);
        g_string_append_c(g, '}');
    } else {
        put_s(g, "null}");
    }
}

static void ev_world(GString *g, const ct_event *ev)
{
    const ct_ev_world *e = &ev->u.world;

    head(g, "world", ev);
    put_s(g, e->entry ? ",\"dir\":\"entry\"" : ",\"dir\":\"exit\"");
    json_wel(g, "from_", e->from_world, e->from_el);
    json_wel(g, "to_", e->to_world, e->to_el);
    put_s(g, ",\"cause\":");
    json_str(g, e->cause);
    if (e->has_esr) {
        json_hex(g, "esr", e->esr);
    } else {
        put_s(g, ",\"esr\":null");
    }
    json_hex(g, "from_pc", e->from_pc);
    json_hex(g, "to_pc", e->to_pc);
    g_string_append_c(g, '}');
}

static void iss_field(GString *g, bool *first, const char *name, uint64_t v)
{
    if (!*first) {
        g_string_append_c(g, ',');
    }
    g_string_append_c(g, '"');
    put_s(g, name);
    put_len(g, "\":", 2);
    put_u(g, v);
    *first = false;
}

static void gpt_walk_json(GString *g, const gpt_walk *w)
{
    const gpt_result *r = &w->r;

    gs_printf(g, ",\"gpt\":{\"ss\":\"%s\"", cca_world_name(w->ss));
    json_hex(g, "gpccr", w->gpccr);
    json_hex(g, "gptbr", w->gptbr);
    gs_printf(g, ",\"result\":\"%s\",\"reason\":\"%s\",\"level\":%u,\"gpi\":",
              gpt_result_name(r->kind), gpt_reason_name(r->reason), r->level);
    if (r->gpi >= 0) {
        gs_printf(g, "%d,\"gpi_name\":\"%s\"", r->gpi,
                  gpt_gpi_name((unsigned)r->gpi));
    } else {
        put_s(g, "null,\"gpi_name\":null");
    }
    gs_printf(g, ",\"desc_kind\":\"%s\"", gpt_desc_kind_name(r->desc_kind));
    if (r->nreads) {
        json_hex(g, "desc", r->desc);
        json_hex(g, "desc_addr", r->desc_addr);
    } else {
        put_s(g, ",\"desc\":null,\"desc_addr\":null");
    }
    gs_printf(g, ",\"reads\":%u,\"gpcsc\":", r->nreads);
    if (r->kind != GPT_OK) {
        gs_printf(g, "%u,\"gpcsc_name\":\"%s\"}", r->gpcsc,
                  cca_gpcsc_name(r->gpcsc));
    } else {
        put_s(g, "null,\"gpcsc_name\":null}");
    }
}

static void ev_gpf(GString *g, const ct_event *ev)
{
    const ct_ev_gpf *e = &ev->u.gpf;
    uint64_t iss = e->iss;
    bool first = true;

    head(g, "gpf", ev);
    json_wel(g, "", e->world, e->el);
    json_hex(g, "pc", e->pc);
    put_s(g, ",\"insn\":");
    json_str(g, e->disas);
    if (e->have_opcode) {
        put_s(g, ",\"opcode\":\"0x");
        put_hex_w(g, e->opcode, 8);
        g_string_append_c(g, '"');
    } else {
        put_s(g, ",\"opcode\":null");
    }
    json_hex(g, "far", e->far);
    put_s(g, ",\"access\":\"");
    put_s(g, e->access);
    put_s(g, e->ttw ? "\",\"ttw\":true,\"walk_level\":" :
             "\",\"ttw\":false,\"walk_level\":");
    if (e->ttw) {
        put_d(g, e->walk_level);
    } else {
        put_s(g, "null");
    }
    json_wel(g, "to_", e->to_world, e->to_el);
    put_s(g, ",\"reg\":\"ESR_EL");
    put_u(g, e->to_el);
    g_string_append_c(g, '"');
    json_hex(g, "esr", e->esr);
    put_s(g, ",\"ec\":");
    put_u(g, e->ec);
    put_s(g, ",\"ec_name\":\"");
    put_s(g, cca_ec_name(e->ec));
    put_s(g, "\",\"fsc\":");
    put_u(g, e->fsc);
    put_s(g, ",\"fsc_name\":\"");
    put_s(g, cca_fsc_name(e->fsc));
    put_s(g, "\",\"iss\":{");
    if (e->gpc) {
        iss_field(g, &first, "s2ptw", RME_FIELD(iss, RME_GPC_ISS_S2PTW_SHIFT, 1));
        iss_field(g, &first, "ind", RME_FIELD(iss, RME_GPC_ISS_IND_SHIFT, 1));
        iss_field(g, &first, "gpcsc", RME_GPC_ISS_GPCSC(iss));
        iss_field(g, &first, "vncr", RME_FIELD(iss, RME_ISS_VNCR_SHIFT, 1));
        iss_field(g, &first, "cm", RME_FIELD(iss, RME_ISS_CM_SHIFT, 1));
        iss_field(g, &first, "s1ptw", RME_FIELD(iss, RME_ISS_S1PTW_SHIFT, 1));
        iss_field(g, &first, "wnr", RME_FIELD(iss, RME_ISS_WNR_SHIFT, 1));
        iss_field(g, &first, "xfsc", e->fsc);
    } else {
        ct_abort_iss_fields(g, &first, e, iss_field);
    }
    put_s(g, "}");
    if (e->gpc) {
        unsigned gpcsc = RME_GPC_ISS_GPCSC(iss);

        gs_printf(g, ",\"gpcsc\":%u,\"gpcsc_name\":\"%s\"", gpcsc,
                  cca_gpcsc_name(gpcsc));
    } else {
        put_s(g, ",\"gpcsc\":null,\"gpcsc_name\":null");
    }
    if (e->have_mfar) {
        json_hex(g, "mfar", e->mfar);
    } else {
        put_s(g, ",\"mfar\":null");
    }
    if (e->have_pa) {
        json_hex(g, "pa", e->pa);
    } else {
        put_s(g, ",\"pa\":null");
    }
    put_s(g, ",\"pa_src\":");
    json_str(g, e->pa_src);
    put_s(g, ",\"pas\":");
    json_str(g, e->pas == CCA_WORLD_UNKNOWN ? NULL : cca_world_name(e->pas));
    json_hex(g, "vector", e->vector);
    if (e->have_mec) {
        gs_printf(g, ",\"mec\":{\"emec\":%d,\"mecid\":%" PRIu64 ",\"reg\":",
                  e->mec.emec, e->mec.mecid);
        json_str(g, e->mec.reg);
        put_s(g, ",\"alt\":");
        json_str(g, e->mec.alt);
        g_string_append_c(g, '}');
    } else {
        put_s(g, ",\"mec\":null");
    }
    if (e->have_walk) {
        gpt_walk_json(g, &e->walk);
        g_string_append_c(g, '}');
    } else {
        put_s(g, ",\"gpt\":null}");
    }
}

static void ev_insn(GString *g, const ct_event *ev)
{
    const ct_ev_insn *e = &ev->u.insn;
    const insn_rec *r = e->r;

    head(g, "insn", ev);
    json_wel(g, "", e->world, e->el);
    put_s(g, ",\"pc\":\"");
    put_0x(g, r->vaddr);
    put_s(g, "\",\"insn\":");
    json_str(g, r->text);
    put_s(g, ",\"opcode\":\"0x");
    put_hex_w(g, r->opcode, r->size * 2);
    put_s(g, "\"}");
}

typedef struct snap_out {
    GString *g;
    unsigned n;
} snap_out;

static bool snap_range(void *opaque, const gpt_map_range *r)
{
    snap_out *o = opaque;
    GString *g = o->g;

    gs_printf(g, "%s{\"base\":%" PRIu64 ",\"size\":%" PRIu64
              ",\"kind\":\"%s\",\"label\":\"%s\"", o->n ? "," : "",
              r->base, r->size, gpt_map_kind_name(r->kind),
              gpt_map_range_label(r));
    if (r->kind == GPT_MAP_GPI) {
        gs_printf(g, ",\"gpi\":%u", r->gpi);
    }
    gs_printf(g, ",\"reason\":\"%s\",\"level\":%u,\"desc-kind\":\"%s\""
              ",\"desc\":%" PRIu64 ",\"desc-addr\":%" PRIu64 "}",
              gpt_reason_name(r->reason), r->level,
              gpt_desc_kind_name(r->desc_kind), r->desc, r->desc_addr);
    o->n++;
    return true;
}

/* The GPT in the shape QMP's query-rme-gpt returns. */
static void ev_gpt(GString *g, const ct_event *ev)
{
    const ct_ev_gpt *e = &ev->u.gpt;
    const gpt_regs *regs = e->regs;
    const gpt_config *cfg = e->cfg;
    snap_out o = { .g = g };
    bool first = true;
    uint64_t end;
    unsigned b;

    head(g, "gpt", ev);
    put_s(g, ",\"cause\":");
    json_str(g, e->cause);
    json_hex(g, "pc", e->pc);
    gs_printf(g, ",\"cpu-index\":%u,\"gpccr-el3\":%" PRIu64
              ",\"gptbr-el3\":%" PRIu64 ",\"gpcbw-el3\":%" PRIu64
              ",\"gpc\":%s"
              ",\"pps-bits\":%u,\"pgs-bits\":%u,\"l0gptsz-bits\":%u"
              ",\"config-errors\":[", ev->vcpu, cfg->gpccr, cfg->gptbr,
              cfg->gpcbw, regs->gpc ? "true" : "false", regs->pps_bits,
              regs->pgs_bits, regs->l0gptsz_bits);
    for (b = 0; b < GPT_CFG_NPROBLEMS; b++) {
        if (regs->problems & (1u << b)) {
            put_s(g, first ? "" : ",");
            json_str(g, gpt_cfg_problem_name(1u << b));
            first = false;
        }
    }
    put_s(g, "],\"ranges\":[");
    end = gpt_map(cfg, 0, 0, CT_GPT_SNAP_MAX_CHECKS, snap_range, &o);
    gs_printf(g, "],\"start\":0,\"end\":%" PRIu64 ",\"truncated\":%s}",
              end, end < (1ull << 56) ? "true" : "false");
}

static void ev_mec(GString *g, const ct_event *ev)
{
    const ct_ev_mec *e = &ev->u.mec;

    head(g, "mec", ev);
    json_wel(g, "", e->world, e->el);
    json_hex(g, "pc", e->pc);
    json_hex(g, "va", e->va);
    json_hex(g, "pa", e->pa);
    put_s(g, e->store ? ",\"access\":\"write\",\"size\":" :
                        ",\"access\":\"read\",\"size\":");
    put_u(g, e->size);
    put_s(g, ",\"pas\":\"Realm\",\"mecid\":");
    put_d(g, e->mecid);
    put_s(g, ",\"mmio\":");
    put_s(g, e->mmio ? "true}" : "false}");
}

static void json_meta(GString *g, const ct_meta *m)
{
    static const struct { unsigned ev; const char *names; } kinds[] = {
        { EV_CALL, "\"call\",\"ret\"" }, { EV_WORLD, "\"world\"" },
        { EV_GPF, "\"gpf\"" }, { EV_INSN, "\"insn\"" }, { EV_GPT, "\"gpt\"" },
        { EV_MEC, "\"mec\"" },
    };
    bool first = true;
    size_t i;

    gs_printf(g, "{\"ev\":\"meta\",\"plugin\":\"%s\",\"schema\":%d,"
              "\"api\":%d,\"qemu_rme_ext\":%s,\"events\":[", PLUGIN_NAME,
              SCHEMA_VERSION, qemu_caps.api_cur,
              qemu_caps.rme_ext ? "true" : "false");
    for (i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (ct_opt.ev_mask & kinds[i].ev) {
            put_s(g, first ? "" : ",");
            put_s(g, kinds[i].names);
            first = false;
        }
    }
    gs_printf(g, "],\"icount\":%s,\"rme\":%s,\"world_source\":\"%s\","
              "\"missing_registers\":[", ct_opt.icount_on ? "true" : "false",
              m->rme ? "true" : "false",
              m->world_inferred ? "inferred" : "SCR_EL3");
    for (i = 0; i < m->n_missing; i++) {
        gs_printf(g, "%s\"%s\"", i ? "," : "", m->missing[i]);
    }
    put_s(g, "],\"unavailable\":[");
    for (i = 0; i < m->n_unavail; i++) {
        if (i) {
            g_string_append_c(g, ',');
        }
        json_str(g, m->unavail[i]);
    }
    if (m->mec_unavailable) {
        g_string_append_c(g, ',');
        json_str(g, m->mec_unavailable);
    }
    put_s(g, "]}");
}

static void json_summary(GString *g, const ct_summary *s)
{
    bool first = true;
    unsigned w, a;
    size_t i;

    gs_printf(g, "{\"ev\":\"summary\",\"counts\":{\"call\":%" PRIu64
              ",\"ret\":%" PRIu64 ",\"world\":%" PRIu64 ",\"gpf\":%" PRIu64
              ",\"insn\":%" PRIu64 ",\"gpt\":%" PRIu64 ",\"mec\":%" PRIu64
              "},\"gpf_by_world\":[", s->n[CT_EV_CALL], s->n[CT_EV_RET],
              s->n[CT_EV_WORLD], s->n[CT_EV_GPF], s->n[CT_EV_INSN],
              s->n[CT_EV_GPT], s->n[CT_EV_MEC]);
    for (w = 0; w < 5; w++) {
        for (a = 0; a < 5; a++) {
            if (s->gpf_pairs[w][a]) {
                gs_printf(g, "%s{\"world\":\"%s\",\"pas\":", first ? "" : ",",
                          cca_world_name((cca_world)w));
                json_str(g, a == CCA_WORLD_UNKNOWN ? NULL :
                         cca_world_name((cca_world)a));
                gs_printf(g, ",\"count\":%" PRIu64 "}", s->gpf_pairs[w][a]);
                first = false;
            }
        }
    }
    put_s(g, "],\"calls\":[");
    for (i = 0; i < s->n_fids; i++) {
        const ct_fid_stats *st = &s->fids[i];

        gs_printf(g, "%s{\"fid\":\"0x%08x\",\"name\":", i ? "," : "", st->fid);
        json_str(g, st->name);
        put_s(g, ",\"iface\":");
        json_str(g, st->iface);
        gs_printf(g, ",\"calls\":%" PRIu64 ",\"returned\":%" PRIu64
                  ",\"insns_total\":", st->calls, st->returned);
        if (ct_opt.icount_on && st->returned) {
            gs_printf(g, "%" PRIu64 ",\"insns_mean\":%.1f}", st->insns,
                      (double)st->insns / st->returned);
        } else if (ct_opt.icount_on) {
            put_s(g, "0,\"insns_mean\":null}");
        } else {
            put_s(g, "null,\"insns_mean\":null}");
        }
    }
    gs_printf(g, "],\"pending\":%" PRIu64 ",\"lost\":%" PRIu64 "}",
              s->pending, s->lost);
}

const ct_sink ct_sink_json = {
    .name = "json",
    .event = {
        [CT_EV_CALL] = ev_call,
        [CT_EV_RET] = ev_ret,
        [CT_EV_WORLD] = ev_world,
        [CT_EV_GPF] = ev_gpf,
        [CT_EV_INSN] = ev_insn,
        [CT_EV_GPT] = ev_gpt,
        [CT_EV_MEC] = ev_mec,
    },
    .meta = json_meta,
    .summary = json_summary,
};
