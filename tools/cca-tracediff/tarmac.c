/*
 * cca-tracediff: a Tarmac trace turned into cca-trace events.
 *
 * The line forms are those of the "TarmacTrace file format" (Arm Fast
 * Models Reference Guide, 100964, "Plug-ins for Fast Models" >
 * "TarmacTrace"): every record is
 *   <time> [<scale>] [<cpu>] <kind> ...
 * with, per kind (section of that document):
 *   IT|IS (<inst_id>) <addr> <opcode> <iset> <mode>_<security> : <disasm>
 *                                               (Instruction trace)
 *   R <register> <value>                        (Register trace)
 *   E <addr> <number> <event name>              (Event trace: exceptions,
 *                                                FVP's CoreEvent_* names)
 *   M<R|W><size>[X|T|L] <vaddr>[:<paddr><psecurity>] <data>
 *                                               (Core memory access trace)
 * and the "common address definition" <vaddr>{:<paddr><psecurity>}, whose
 * <psecurity> is _NS or nothing (Secure); we also take _S, and _RL and _RT
 * for the Realm and Root PA spaces (cca-trace's tags, docs/tracing.md).
 *
 * The state followed per CPU: x0..x7 from R lines, the Security state and
 * EL from each instruction's mode (EL<n><h|t>_<s|n|ns|rl|realm|rt|root>),
 * the exception registers written after an E line.  Derived:
 *   call   an SMC or HVC instruction: x0 (function ID), x1..x6 as they are
 *          when the instruction completes (its R lines included)
 *   gpf    an exception whose ESR_ELx reports a GPF: PC (ELR), FAR, PA and
 *          PA space from MFAR_EL3 when written
 *   world  an exception taken to EL3 from a lower EL; an ERET at EL3 to a
 *          lower EL (where to: the next instruction's mode)
 *   ret    an ERET arriving at a pending call's return address in its
 *          caller's world and EL (cca-trace's own state machine, calls.c),
 *          with x0..x7 as they are then
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tarmac.h"
#include "calls.h"
#include "cca-decode.h"

#define TM_MAX_CPUS 4096

typedef struct tm_cpu {
    uint64_t x[8];
    bool have_mode;
    cca_world world;
    unsigned el;
    /* the last instruction, completed by the next IT/E line */
    bool pend_call;
    bool call_hvc;
    uint64_t call_pc;
    /* an ERET: arrives where the next instruction is */
    bool pend_eret;
    cca_world eret_world;
    unsigned eret_el;
    /* an exception: completed by the next IT/E line */
    bool exc;
    unsigned exc_line;
    cca_world exc_world;
    unsigned exc_el;
    uint64_t exc_pc;
    char kind[16];
    bool has_esr, has_far, has_elr, has_mfar;
    unsigned esr_el;
    uint64_t esr, far, elr, mfar;
    int cpsr_el;
    ct_calls calls;
    uint64_t next_id;
} tm_cpu;

struct tarmac_reader {
    tarmac_emit_fn emit;
    void *opaque;
    GPtrArray *cpus;
    unsigned rmm_major;
    unsigned insns;
};

tarmac_reader *tarmac_new(tarmac_emit_fn emit, void *opaque)
{
    tarmac_reader *r = g_new0(tarmac_reader, 1);

    r->emit = emit;
    r->opaque = opaque;
    r->cpus = g_ptr_array_new_with_free_func(g_free);
    return r;
}

void tarmac_free(tarmac_reader *r)
{
    g_ptr_array_free(r->cpus, true);
    g_free(r);
}

unsigned tarmac_insns(const tarmac_reader *r)
{
    return r->insns;
}

static tm_cpu *cpu_of(tarmac_reader *r, unsigned n)
{
    while (r->cpus->len <= n) {
        g_ptr_array_add(r->cpus, g_new0(tm_cpu, 1));
    }
    return r->cpus->pdata[n];
}

/* ---- derived events, as cca-trace JSON objects ------------------------- */

static void j_wel(GString *g, const char *prefix, cca_world w, unsigned el)
{
    g_string_append_printf(g, ",\"%sworld\":\"%s\",\"%sel\":%u", prefix,
                           cca_world_name(w), prefix, el);
}

static void j_str(GString *g, const char *key, const char *s)
{
    if (s) {
        g_string_append_printf(g, ",\"%s\":\"%s\"", key, s);
    } else {
        g_string_append_printf(g, ",\"%s\":null", key);
    }
}

static void j_hex(GString *g, const char *key, uint64_t v)
{
    g_string_append_printf(g, ",\"%s\":\"0x%" PRIx64 "\"", key, v);
}

static void j_fid(GString *g, uint32_t fid, const cca_fid_info *fi)
{
    g_string_append_printf(g, ",\"fid\":\"0x%08" PRIx32 "\"", fid);
    j_str(g, "name", fi->name);
    j_str(g, "iface", cca_iface_name(fi->iface, fid));
}

static void emit(tarmac_reader *r, GString *g, unsigned line)
{
    g_string_append_c(g, '}');
    r->emit(r->opaque, g->str, line);
    g_string_free(g, true);
}

static GString *j_head(const char *kind, unsigned cpu)
{
    GString *g = g_string_new(NULL);

    g_string_append_printf(g, "{\"ev\":\"%s\",\"vcpu\":%u", kind, cpu);
    return g;
}

static cca_fid_info fid_lookup(tarmac_reader *r, uint32_t fid, cca_world w)
{
    cca_call_ctx ctx = { w, r->rmm_major };

    return cca_fid_lookup_ctx(fid, &ctx);
}

static void finish_call(tarmac_reader *r, unsigned n, tm_cpu *c,
                        unsigned line)
{
    ct_call call = { 0 };
    cca_fid_info fi;
    GString *g;

    if (!c->pend_call) {
        return;
    }
    c->pend_call = false;
    call.id = ++c->next_id;
    call.pc = c->call_pc;
    call.ret_pc = c->call_pc + 4;
    memcpy(call.x, c->x, sizeof(call.x));
    call.fid = (uint32_t)c->x[0];
    call.world = (uint8_t)c->world;
    call.el = (uint8_t)c->el;
    call.hvc = c->call_hvc;
    fi = fid_lookup(r, call.fid, c->world);
    call.yields = fi.yields;

    g = j_head("call", n);
    j_wel(g, "", c->world, c->el);
    g_string_append_printf(g, ",\"insn\":\"%s\"", call.hvc ? "hvc" : "smc");
    j_fid(g, call.fid, &fi);
    g_string_append(g, ",\"args\":[");
    for (int i = 1; i <= 6; i++) {
        g_string_append_printf(g, "%s\"0x%" PRIx64 "\"", i > 1 ? "," : "",
                               c->x[i]);
    }
    g_string_append_c(g, ']');
    emit(r, g, line);
    ct_calls_push(&c->calls, &call);
}

static void arrive(tarmac_reader *r, unsigned n, tm_cpu *c, uint64_t pc,
                   unsigned line)
{
    ct_call done;
    ct_arrival a;
    cca_fid_info fi;
    const char *status;
    unsigned index;
    GString *g;

    c->pend_eret = false;
    if (c->eret_el == 3 && c->el < 3) {
        g = j_head("world", n);
        g_string_append(g, ",\"dir\":\"exit\"");
        j_wel(g, "from_", c->eret_world, 3);
        j_wel(g, "to_", c->world, c->el);
        g_string_append(g, ",\"cause\":\"ERET\"");
        emit(r, g, line);
    }
    a = ct_calls_arrive(&c->calls, (uint8_t)c->world, (uint8_t)c->el, pc,
                        true, &done);
    if (a == CT_ARRIVE_NONE) {
        return;
    }
    fi = fid_lookup(r, done.fid, (cca_world)done.world);
    status = cca_status_name(done.fid, c->x[0], &index);
    if (fi.name && c->x[0] == 0 && (!strcmp(fi.name, "RMI_VERSION") ||
                                    !strcmp(fi.name, "RSI_VERSION"))) {
        unsigned major = (done.x[1] >> 16) & 0x7fff;

        if (major == 1 || major == 2) {
            r->rmm_major = major;
        }
    }
    g = j_head("ret", n);
    j_wel(g, "", (cca_world)done.world, done.el);
    j_fid(g, done.fid, &fi);
    g_string_append(g, ",\"ret\":[");
    for (int i = 0; i < 8; i++) {
        g_string_append_printf(g, "%s\"0x%" PRIx64 "\"", i ? "," : "",
                               c->x[i]);
    }
    g_string_append_c(g, ']');
    j_str(g, "status", status);
    g_string_append(g, ",\"via\":\"eret\"");
    emit(r, g, line);
}

static void finish_exc(tarmac_reader *r, unsigned n, tm_cpu *c)
{
    int tel;
    cca_world tw;
    GString *g;

    if (!c->exc) {
        return;
    }
    c->exc = false;
    tel = c->cpsr_el >= 0 ? c->cpsr_el : c->has_esr ? (int)c->esr_el : -1;
    if (tel < 0) {
        return;                 /* where it was taken is not known */
    }
    tw = tel == 3 ? CCA_WORLD_ROOT : c->exc_world;
    if (c->has_esr && cca_esr_is_gpf(c->esr)) {
        unsigned ec = RME_ESR_EC(c->esr);
        uint64_t iss = RME_ESR_ISS(c->esr);
        bool gpc = ec == CCA_EC_GPC;
        bool fetch = gpc ? RME_FIELD(iss, RME_GPC_ISS_IND_SHIFT, 1) :
                     ec == CCA_EC_IABT_LOW || ec == CCA_EC_IABT_CUR;

        g = j_head("gpf", n);
        j_wel(g, "", c->exc_world, c->exc_el);
        j_hex(g, "pc", c->has_elr ? c->elr : c->exc_pc);
        if (c->has_far) {
            j_hex(g, "far", c->far);
        }
        g_string_append_printf(g, ",\"access\":\"%s\"",
                               fetch ? "fetch" :
                               RME_FIELD(iss, RME_ISS_CM_SHIFT, 1) ? "cmo" :
                               RME_FIELD(iss, RME_ISS_WNR_SHIFT, 1) ? "write" :
                               "read");
        j_wel(g, "to_", tw, (unsigned)tel);
        g_string_append_printf(g, ",\"ec\":%u,\"fsc\":%u", ec,
                               (unsigned)RME_FIELD(iss, RME_ISS_FSC_SHIFT,
                                                   RME_ISS_FSC_WIDTH));
        if (gpc) {
            g_string_append_printf(g, ",\"gpcsc\":%u",
                                   (unsigned)RME_GPC_ISS_GPCSC(iss));
        } else {
            g_string_append(g, ",\"gpcsc\":null");
        }
        if (c->has_mfar) {
            j_hex(g, "pa", cca_mfar_pa(c->mfar));
            j_str(g, "pas", cca_world_name(cca_mfar_pas(c->mfar)));
        } else {
            g_string_append(g, ",\"pa\":null,\"pas\":null");
        }
        emit(r, g, c->exc_line);
    }
    if (tel == 3 && c->exc_el < 3) {
        g = j_head("world", n);
        g_string_append(g, ",\"dir\":\"entry\"");
        j_wel(g, "from_", c->exc_world, c->exc_el);
        j_wel(g, "to_", CCA_WORLD_ROOT, 3);
        j_str(g, "cause", c->has_esr ? cca_ec_name(RME_ESR_EC(c->esr)) :
                          c->kind);
        emit(r, g, c->exc_line);
    }
    c->el = (unsigned)tel;
    c->world = tw;
}

/* ---- lexing ------------------------------------------------------------- */

typedef struct lexer {
    const char *p;
} lexer;

/* The next word (up to white space), or NULL at the end of the line. */
static char *word(lexer *l)
{
    const char *s;

    while (*l->p && isspace((unsigned char)*l->p)) {
        l->p++;
    }
    if (!*l->p) {
        return NULL;
    }
    s = l->p;
    while (*l->p && !isspace((unsigned char)*l->p)) {
        l->p++;
    }
    return g_strndup(s, (gsize)(l->p - s));
}

static bool is_dec(const char *s)
{
    if (!s || !*s) {
        return false;
    }
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s)) {
            return false;
        }
    }
    return true;
}

/* Hex digits (underscores allowed, as in register values). */
static bool parse_hex(const char *s, uint64_t *v)
{
    unsigned n = 0;

    *v = 0;
    if (!s || !*s) {
        return false;
    }
    for (; *s; s++) {
        if (*s == '_') {
            continue;
        }
        if (!isxdigit((unsigned char)*s) || ++n > 16) {
            return false;
        }
        *v = (*v << 4) | (uint64_t)g_ascii_xdigit_value(*s);
    }
    return n > 0;
}

/* <vaddr>[:<paddr>[_S|_NS|_RL|_RT]] (the common address definition) */
static bool parse_addr(const char *s, uint64_t *va)
{
    g_auto(GStrv) parts = g_strsplit(s, ":", 2);
    uint64_t pa;

    if (!parse_hex(parts[0], va)) {
        return false;
    }
    if (parts[1]) {
        char *us = strchr(parts[1], '_');

        if (us) {
            if (strcmp(us, "_S") && strcmp(us, "_NS") && strcmp(us, "_RL") &&
                strcmp(us, "_RT")) {
                return false;
            }
            *us = 0;
        }
        if (!parse_hex(parts[1], &pa)) {
            return false;
        }
    }
    return true;
}

/* "EL2h_n" and the like; EL3 is Root whatever its suffix (an RME PE). */
static bool parse_mode(const char *s, cca_world *w, unsigned *el)
{
    const char *us;

    if (g_ascii_strncasecmp(s, "EL", 2) || s[2] < '0' || s[2] > '3' ||
        (s[3] != 'h' && s[3] != 't' && s[3] != 'H' && s[3] != 'T') ||
        s[4] != '_') {
        return false;
    }
    *el = (unsigned)(s[2] - '0');
    us = s + 5;
    if (!g_ascii_strcasecmp(us, "s")) {
        *w = CCA_WORLD_SECURE;
    } else if (!g_ascii_strcasecmp(us, "n") || !g_ascii_strcasecmp(us, "ns")) {
        *w = CCA_WORLD_NS;
    } else if (!g_ascii_strcasecmp(us, "rl") ||
               !g_ascii_strcasecmp(us, "realm")) {
        *w = CCA_WORLD_REALM;
    } else if (!g_ascii_strcasecmp(us, "rt") ||
               !g_ascii_strcasecmp(us, "root")) {
        *w = CCA_WORLD_ROOT;
    } else {
        return false;
    }
    if (*el == 3) {
        *w = CCA_WORLD_ROOT;
    }
    return true;
}

#define FAIL(msg) do { *err = g_strdup(msg); return false; } while (0)

static bool line_insn(tarmac_reader *r, unsigned n, tm_cpu *c, lexer *l,
                      bool executed, unsigned lineno, char **err)
{
    g_autofree char *id = word(l), *addr = NULL, *op = NULL, *iset = NULL;
    g_autofree char *mode = NULL, *colon = NULL;
    uint64_t pc, opcode;
    cca_world w;
    unsigned el;
    size_t len;

    len = id ? strlen(id) : 0;
    if (len < 3 || id[0] != '(' || id[len - 1] != ')') {
        FAIL("instruction line: expected (<inst_id>)");
    }
    addr = word(l);
    op = word(l);
    iset = word(l);
    mode = word(l);
    colon = word(l);
    if (!addr || !parse_addr(addr, &pc)) {
        FAIL("instruction line: expected a hex address");
    }
    if (!op || !parse_hex(op, &opcode)) {
        FAIL("instruction line: expected a hex opcode");
    }
    if (!iset || strlen(iset) != 1 || !strchr("AOTX", iset[0])) {
        FAIL("instruction line: expected the instruction set (A, T, X, O)");
    }
    if (!mode || !parse_mode(mode, &w, &el)) {
        FAIL("instruction line: expected a mode (EL<n><h|t>_<security>)");
    }
    if (!colon || strcmp(colon, ":")) {
        FAIL("instruction line: expected ':' before the disassembly");
    }
    finish_call(r, n, c, lineno);
    finish_exc(r, n, c);
    r->insns++;
    c->world = w;
    c->el = el;
    c->have_mode = true;
    if (c->pend_eret) {
        arrive(r, n, c, pc, lineno);
    }
    if (!executed || iset[0] != 'O') {
        return true;
    }
    if ((opcode & 0xffe0001f) == 0xd4000003 ||
        (opcode & 0xffe0001f) == 0xd4000002) {
        c->pend_call = true;
        c->call_hvc = (opcode & 3) == 2;
        c->call_pc = pc;
    } else if (opcode == 0xd69f03e0) {
        c->pend_eret = true;
        c->eret_world = w;
        c->eret_el = el;
    }
    return true;
}

static bool line_reg(tm_cpu *c, lexer *l, char **err)
{
    g_autofree char *name = word(l);
    g_autoptr(GString) val = g_string_new(NULL);
    char *w;
    uint64_t v;
    unsigned el;

    if (!name) {
        FAIL("register line: expected a register name");
    }
    while ((w = word(l))) {
        if (w[0] == '(') {
            g_free(w);          /* "(AARCH64)" and the like */
            continue;
        }
        g_string_append(val, w);
        g_free(w);
    }
    if (!val->len) {
        FAIL("register line: expected a value");
    }
    if (!parse_hex(val->str, &v)) {
        if (val->len > 16 && strspn(val->str, "0123456789abcdefABCDEF_") ==
            val->len) {
            return true;        /* a vector or other wide register */
        }
        FAIL("register line: the value is not hex");
    }
    if ((name[0] == 'X' || name[0] == 'x') && is_dec(name + 1) &&
        atoi(name + 1) < 8) {
        c->x[atoi(name + 1)] = v;
    } else if (!g_ascii_strcasecmp(name, "cpsr")) {
        c->cpsr_el = (int)((v >> 2) & 3);
    } else if (sscanf(name, "ESR_EL%u", &el) == 1 && el >= 1 && el <= 3) {
        c->has_esr = true;
        c->esr = v;
        c->esr_el = el;
    } else if (sscanf(name, "FAR_EL%u", &el) == 1) {
        c->has_far = true;
        c->far = v;
    } else if (sscanf(name, "ELR_EL%u", &el) == 1) {
        c->has_elr = true;
        c->elr = v;
    } else if (!strcmp(name, "MFAR_EL3")) {
        c->has_mfar = true;
        c->mfar = v;
    }
    return true;
}

static bool line_exc(tarmac_reader *r, unsigned n, tm_cpu *c, lexer *l,
                     unsigned lineno, char **err)
{
    g_autofree char *addr = word(l), *num = word(l), *name = word(l);
    uint64_t pc, v;
    const char *k;

    if (!addr || !parse_hex(addr, &pc) || !num || !parse_hex(num, &v) ||
        !name) {
        FAIL("exception line: expected <address> <number> <name>");
    }
    finish_call(r, n, c, lineno);
    finish_exc(r, n, c);
    c->pend_eret = false;       /* the ERET itself, or an interrupt first */
    c->exc = true;
    c->exc_line = lineno;
    c->exc_world = c->world;
    c->exc_el = c->el;
    c->exc_pc = pc;
    c->has_esr = c->has_far = c->has_elr = c->has_mfar = false;
    c->cpsr_el = -1;
    k = g_str_has_suffix(name, "_IRQ") ? "IRQ" :
        g_str_has_suffix(name, "_FIQ") ? "FIQ" :
        g_str_has_suffix(name, "_SERROR") ||
        g_str_has_suffix(name, "_SError") ? "SError" : "sync";
    g_strlcpy(c->kind, k, sizeof(c->kind));
    return true;
}

bool tarmac_line(tarmac_reader *r, const char *line, unsigned lineno,
                 char **err)
{
    lexer l = { line };
    g_autofree char *t = word(&l);
    unsigned n = 0;
    tm_cpu *c;

    if (!t) {
        return true;            /* an empty line */
    }
    if (is_dec(t)) {
        g_free(t);
        t = word(&l);
        if (t && (!strcmp(t, "clk") || !strcmp(t, "ns") || !strcmp(t, "ps") ||
                  !strcmp(t, "cs") || !strcmp(t, "us") || !strcmp(t, "cyc") ||
                  !strcmp(t, "tic"))) {
            g_free(t);
            t = word(&l);
        }
    }
    if (t && g_str_has_prefix(t, "cpu")) {
        if (!is_dec(t + 3) || atoi(t + 3) >= TM_MAX_CPUS) {
            FAIL("expected cpu<N>");
        }
        n = (unsigned)atoi(t + 3);
        g_free(t);
        t = word(&l);
    }
    if (!t) {
        FAIL("truncated line: no record kind");
    }
    c = cpu_of(r, n);
    if (!strcmp(t, "IT") || !strcmp(t, "IS")) {
        return line_insn(r, n, c, &l, t[1] == 'T', lineno, err);
    }
    if (!strcmp(t, "R")) {
        return line_reg(c, &l, err);
    }
    if (!strcmp(t, "E")) {
        return line_exc(r, n, c, &l, lineno, err);
    }
    if (t[0] == 'M' && (t[1] == 'R' || t[1] == 'W') && isdigit((unsigned char)t[2])) {
        g_autofree char *a = word(&l);
        uint64_t va;

        if (!a || !parse_addr(a, &va)) {
            FAIL("memory access line: expected <vaddr>[:<paddr><security>]");
        }
        return true;
    }
    return true;                /* other kinds (SIGNAL:, TTW, ...) */
}

void tarmac_finish(tarmac_reader *r, unsigned lineno)
{
    for (unsigned n = 0; n < r->cpus->len; n++) {
        tm_cpu *c = r->cpus->pdata[n];

        finish_call(r, n, c, lineno);
        finish_exc(r, n, c);
    }
}
