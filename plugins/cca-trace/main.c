/*
 * qemu-rme: cca-trace, a TCG plugin tracing Arm CCA activity: options,
 * installation, what the QEMU it runs in offers (probe_qemu()), start and exit
 *
 *   -plugin libcca-trace.so[,events=call:world:gpf:insn|all]
 *           [,format=text|json|tarmac][,outfile=PATH][,icount=on|off]
 *
 * Events, one per line (docs/tracing.md has the text and JSON schemas):
 *   call   every SMC/HVC with the caller's world and EL, the function ID
 *          by name (RMI, RSI, RMM-EL3, PSCI, SMCCC, TRNG), x1..x6
 *   ret    the return to the caller (an ERET to the instruction after the
 *          SMC/HVC, into the caller's world and EL, same vCPU) with x0..x7
 *          and the call's length in instructions; nesting shows as depth
 *   world  exception entry to EL3 and ERET from EL3, from/to world and EL
 *   gpf    exceptions reporting a granule protection check failure: GPC
 *          exceptions to EL3 (EC 0x1E) and Instruction/Data Aborts with a
 *          GPF fault status code, decoded
 *   insn   every executed instruction (not in "all"): count, vCPU, world
 *          and EL, PC, encoding and disassembly
 * and a summary at exit.
 *
 * Cost when idle (without insn): instruction callbacks only on SMC/HVC/ERET
 * (recognised from their encodings at translation time), the discontinuity
 * callback for exceptions/interrupts, and one inline scoreboard addition per
 * translation block for the instruction count (icount=off drops it; GPF
 * events alone then need no translation hook at all).
 *
 * Needs only the plugin API of QEMU 10.1+ (API version 5): registers are
 * read through the gdbstub register set.  What a newer QEMU offers is
 * detected in one place, probe_qemu(): the qemu-rme API extension (the PA
 * space of accesses, reads in any PA space) gives the GPT walk of GPF
 * events, made with the reference walker (target-arm-rme/gpt.c, DDI0487
 * D9); plugin API 6 (a callback for blocks left before their last
 * instruction) makes the instruction count exact.
 *
 * The plugin's files: main.c (this), vcpu.c (registers, EL, world),
 * icount.c, xlate.c (translation-time hooks), exec.c and gpf.c (the event
 * sources), calls.c (the call/return state machine, pure logic), event.h
 * (the one event type), stats.c, sink.h with sink-text.c, sink-json.c and
 * sink-tarmac.c (one file per output format), out.c (writing lines), disas.c.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE         /* RTLD_DEFAULT */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcpu.h"
#include "out.h"
#include "stats.h"

/*
 * Plugin API 5 (QEMU 10.1) is all this plugin calls directly, so it loads
 * into a stock QEMU too; newer functions (API 6: the rewind callback) and
 * the qemu-rme extension are looked up with dlsym() by probe_qemu().
 */
QEMU_PLUGIN_EXPORT int qemu_plugin_version = 5;

/*
 * Symbol exported by a QEMU that carries the qemu-rme plugin API extension
 * (security space of accesses, Root/Secure memory reads for the GPT walk).
 */
#define QEMU_RME_EXT_SYMBOL "qemu_plugin_rme_api_version"

/*
 * The extension's functions, looked up with dlsym(): calling them directly
 * would keep the plugin from loading into a stock QEMU, and their
 * declarations are not in a stock qemu-plugin.h.  The PA space numbers are
 * the architectural {NSE, NS} encoding, as in enum qemu_plugin_pas, gpt_pas
 * and cca_world.
 */
/*
 * One numbering everywhere (include/rme/arch.h): the casts between
 * cca_world, gpt_pas/gpt_ss and the extension's PA space numbers below
 * rely on it, so the compiler checks it.
 */
#define SAME_SS(a, b) _Static_assert((int)(a) == (int)(b), #a " != " #b)
SAME_SS(CCA_WORLD_SECURE, GPT_PAS_SECURE);
SAME_SS(CCA_WORLD_NS, GPT_PAS_NONSECURE);
SAME_SS(CCA_WORLD_ROOT, GPT_PAS_ROOT);
SAME_SS(CCA_WORLD_REALM, GPT_PAS_REALM);
SAME_SS(CCA_WORLD_SECURE, GPT_SS_SECURE);
SAME_SS(CCA_WORLD_NS, GPT_SS_NONSECURE);
SAME_SS(CCA_WORLD_ROOT, GPT_SS_ROOT);
SAME_SS(CCA_WORLD_REALM, GPT_SS_REALM);
#ifdef QEMU_PLUGIN_RME_API_VERSION      /* built against qemu-rme's header */
SAME_SS(QEMU_PLUGIN_PAS_SECURE, RME_SS_SECURE);
SAME_SS(QEMU_PLUGIN_PAS_NONSECURE, RME_SS_NONSECURE);
SAME_SS(QEMU_PLUGIN_PAS_ROOT, RME_SS_ROOT);
SAME_SS(QEMU_PLUGIN_PAS_REALM, RME_SS_REALM);
SAME_SS(QEMU_PLUGIN_PAS_UNKNOWN, RME_SS_UNKNOWN);
#endif

typedef int (*rme_api_version_fn)(void);
#define RME_READ_PAS_SYMBOL "qemu_plugin_read_memory_hwaddr_pas"
/* Extension version 2: the PA space and the MECID of an access. */
#define RME_HWADDR_PAS_SYMBOL "qemu_plugin_hwaddr_pas"
#define RME_HWADDR_MECID_SYMBOL "qemu_plugin_hwaddr_mecid"
/* Plugin API 6: told of blocks left part-way (exact icount). */
#define REWIND_SYMBOL "qemu_plugin_register_vcpu_tb_rewind_cb"

ct_options ct_opt = {
    .ev_mask = EV_ALL,
    .icount_on = true,
    .mec_pa_hi = UINT64_MAX,
};
ct_qemu_caps qemu_caps;

static const ct_sink *sink = &ct_sink_text;
static char *out_path;

/* ---- start-up ------------------------------------------------------------ */

/*
 * The one place that decides what this QEMU offers: the plugin API version
 * and whether the qemu-rme API extension is present.
 */
static void probe_qemu(const qemu_info_t *info)
{
    rme_api_version_fn version;

    qemu_caps.api_cur = info->version.cur;
    qemu_caps.api_min = info->version.min;
    version = (rme_api_version_fn)dlsym(RTLD_DEFAULT, QEMU_RME_EXT_SYMBOL);
    if (version) {
        qemu_caps.rme_api = version();
        qemu_caps.read_pas = (read_memory_hwaddr_pas_fn)
            dlsym(RTLD_DEFAULT, RME_READ_PAS_SYMBOL);
        if (qemu_caps.rme_api >= 2) {
            qemu_caps.hwaddr_pas = (hwaddr_info_fn)
                dlsym(RTLD_DEFAULT, RME_HWADDR_PAS_SYMBOL);
            qemu_caps.hwaddr_mecid = (hwaddr_info_fn)
                dlsym(RTLD_DEFAULT, RME_HWADDR_MECID_SYMBOL);
        }
    }
    if (qemu_caps.api_cur >= 6) {
        qemu_caps.register_rewind = (register_rewind_fn)
            dlsym(RTLD_DEFAULT, REWIND_SYMBOL);
    }
    qemu_caps.rme_ext = qemu_caps.rme_api >= 1 && qemu_caps.read_pas;
}

/* Fields a stock QEMU cannot provide. */
static const char *const unavailable_stock[] = {
    "gpf.gpt (GPT level, descriptor and GPI: needs Root PA space reads)",
    "gpf.pas of aborts outside the Non-secure state with the MMU on "
    "(needs the access's PA space)",
};

/*
 * What even the extension does not give: the output address of an access
 * that faulted is in no register, and a faulting access makes no memory
 * callback (whose hwaddr would carry the PA and its space).
 */
static const char *const unavailable_ext[] = {
    "gpf.pa, gpf.pas and gpf.gpt of aborts with the MMU on (pas is known "
    "in the Non-secure state; the faulting access has no memory callback)",
};

/* events=mec asked of a QEMU without the MECID of accesses */
static const char mec_unavailable[] =
    "mec events (the MECID of an access: needs the qemu-rme API extension "
    "version 2)";

static void emit_meta(vcpu_state *s)
{
    g_autoptr(GString) g = g_string_new(NULL);
    const char *missing[R_COUNT];
    ct_meta m = {
        .rme = s->rme,
        .world_inferred = !s->reg[R_SCR3],
        .missing = missing,
        .unavail = qemu_caps.rme_ext ? unavailable_ext : unavailable_stock,
        .n_unavail = qemu_caps.rme_ext ? G_N_ELEMENTS(unavailable_ext) :
                     G_N_ELEMENTS(unavailable_stock),
        .mec_unavailable = (ct_opt.ev_mask & EV_MEC) && !ct_opt.mec_traced ?
                           mec_unavailable : NULL,
    };
    size_t i;

    for (i = 0; i < R_COUNT; i++) {
        if (!s->reg[i]) {
            missing[m.n_missing++] = reg_names[i];
        }
    }
    sink->meta(g, &m);
    out_write(g);
}

static void vcpu_init(qemu_plugin_id_t id, unsigned vcpu)
{
    static bool meta_done;
    static GMutex meta_lock;
    vcpu_state *s = vstate(vcpu);

    vcpu_setup(s);
    g_mutex_lock(&meta_lock);
    if (!meta_done) {
        meta_done = true;
        emit_meta(s);
    }
    g_mutex_unlock(&meta_lock);
}

/* ---- summary ------------------------------------------------------------- */

static void write_summary(const ct_summary *sum, void *opaque)
{
    g_autoptr(GString) g = g_string_new(NULL);

    sink->summary(g, sum);
    out_write(g);
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    uint64_t pending = 0, lost = 0, n_insn = 0;
    int vcpu, n = qemu_plugin_num_vcpus();

    for (vcpu = 0; vcpu < n; vcpu++) {
        vcpu_state *s = vstate(vcpu);

        pending += ct_calls_pending(&s->calls);
        lost += s->calls.lost;
        n_insn += s->n_insn;
    }
    stats_summary(n_insn, pending, lost, write_summary, NULL);
    out_close();
}

/* ---- options ------------------------------------------------------------- */

static const char usage[] =
    PLUGIN_NAME ": options: events=call:world:gpf:insn:gpt:mec|all (kinds "
    "separated by ':' or '+', since QEMU splits -plugin arguments at ','), "
    "format=text|json|tarmac, outfile=PATH, icount=on|off, mec-pa=FIRST-LAST";

static bool bad_option(const char *opt, const char *why)
{
    fprintf(stderr, "%s: bad option '%s': %s\n%s\n", PLUGIN_NAME, opt, why,
            usage);
    return false;
}

static bool parse_events(const char *opt, const char *val)
{
    g_auto(GStrv) kinds = g_strsplit_set(val, ":+,|", -1);
    unsigned mask = 0;
    size_t i;

    for (i = 0; kinds[i]; i++) {
        if (!strcmp(kinds[i], "call") || !strcmp(kinds[i], "calls")) {
            mask |= EV_CALL;
        } else if (!strcmp(kinds[i], "world")) {
            mask |= EV_WORLD;
        } else if (!strcmp(kinds[i], "gpf")) {
            mask |= EV_GPF;
        } else if (!strcmp(kinds[i], "all")) {
            mask |= EV_ALL;
        } else if (!strcmp(kinds[i], "insn")) {
            mask |= EV_INSN;
        } else if (!strcmp(kinds[i], "gpt")) {
            mask |= EV_GPT;
        } else if (!strcmp(kinds[i], "mec")) {
            mask |= EV_MEC;
        } else {
            g_autofree char *why = g_strdup_printf(
                "unknown event kind '%s' (known: call, world, gpf, all, insn, "
                "gpt, mec)",
                kinds[i]);
            return bad_option(opt, why);
        }
    }
    if (!mask) {
        return bad_option(opt, "no event kind given");
    }
    ct_opt.ev_mask = mask;
    return true;
}

/* One address in C notation (0x.. hexadecimal), all of @str. */
static bool parse_pa(const char *str, uint64_t *v)
{
    char *end;

    if (!g_ascii_isdigit(*str)) {
        return false;               /* no sign, no space */
    }
    errno = 0;
    *v = g_ascii_strtoull(str, &end, 0);
    return !errno && !*end;
}

/* "FIRST-LAST", both included. */
static bool parse_pa_range(const char *val, uint64_t *lo, uint64_t *hi)
{
    const char *dash = strchr(val, '-');
    g_autofree char *first = NULL;

    if (!dash) {
        return false;
    }
    first = g_strndup(val, (gsize)(dash - val));
    return parse_pa(first, lo) && parse_pa(dash + 1, hi) && *lo <= *hi;
}

static bool parse_options(int argc, char **argv)
{
    int i;

    for (i = 0; i < argc; i++) {
        g_auto(GStrv) kv = g_strsplit(argv[i], "=", 2);
        const char *key = kv[0], *val = kv[1];

        if (!val) {
            return bad_option(argv[i], "expected name=value");
        }
        if (!strcmp(key, "events")) {
            if (!parse_events(argv[i], val)) {
                return false;
            }
        } else if (!strcmp(key, "format")) {
            if (!strcmp(val, ct_sink_json.name)) {
                sink = &ct_sink_json;
            } else if (!strcmp(val, ct_sink_text.name)) {
                sink = &ct_sink_text;
            } else if (!strcmp(val, ct_sink_tarmac.name)) {
                sink = &ct_sink_tarmac;
            } else {
                return bad_option(argv[i], "format is text, json or tarmac");
            }
        } else if (!strcmp(key, "outfile")) {
            if (!*val) {
                return bad_option(argv[i], "empty file name");
            }
            g_free(out_path);
            out_path = g_strdup(val);
        } else if (!strcmp(key, "icount")) {
            if (!qemu_plugin_bool_parse(key, val, &ct_opt.icount_on)) {
                return bad_option(argv[i], "icount is on or off");
            }
        } else if (!strcmp(key, "mec-pa")) {
            if (!parse_pa_range(val, &ct_opt.mec_pa_lo, &ct_opt.mec_pa_hi)) {
                return bad_option(argv[i], "mec-pa is FIRST-LAST, two "
                                  "physical addresses with FIRST <= LAST");
            }
        } else if (!strcmp(key, "call") || !strcmp(key, "world") ||
                   !strcmp(key, "gpf")) {
            /* "events=gpf,call" reaches us as "events=gpf" and "call=on" */
            return bad_option(argv[i], "unknown option; to list several event "
                              "kinds write events=gpf:call");
        } else {
            return bad_option(argv[i], "unknown option");
        }
    }
    return true;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    unsigned ev, discon;
    FILE *file = NULL;

    if (!info->system_emulation) {
        fprintf(stderr, "%s: needs system emulation (qemu-system-aarch64)\n",
                PLUGIN_NAME);
        return -1;
    }
    if (strcmp(info->target_name, "aarch64")) {
        fprintf(stderr, "%s: traces aarch64 guests only, not %s\n",
                PLUGIN_NAME, info->target_name);
        return -1;
    }
    if (!parse_options(argc, argv)) {
        return -1;
    }
    if (out_path) {
        file = fopen(out_path, "w");
        if (!file) {
            fprintf(stderr, "%s: cannot open outfile '%s': %s\n", PLUGIN_NAME,
                    out_path, strerror(errno));
            return -1;
        }
        setvbuf(file, NULL, _IOFBF, 1 << 16);
    }
    out_open(sink, file);
    probe_qemu(info);
    ev = ct_opt.ev_mask;

    if ((ev & EV_GPT) && !qemu_caps.rme_ext) {
        fprintf(stderr, "%s: events=gpt needs the qemu-rme plugin API "
                "extension (reads of the Root PA space): this QEMU has "
                "none, so no gpt event will be written\n", PLUGIN_NAME);
    }
    ct_opt.mec_traced = (ev & EV_MEC) && qemu_caps.hwaddr_pas &&
                        qemu_caps.hwaddr_mecid;
    if ((ev & EV_MEC) && !ct_opt.mec_traced) {
        fprintf(stderr, "%s: events=mec needs the qemu-rme plugin API "
                "extension version 2 or later (the MECID of an access): "
                "this QEMU has %s, so no mec event will be written\n",
                PLUGIN_NAME, qemu_caps.rme_api ? "an older version" : "none");
    }

    stats_install();
    vcpu_install();
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    icount_install(id);
    xlate_install(id);
    /*
     * Exceptions for GPFs, world entries and the instruction count; host
     * calls for calls that QEMU serves itself (PSCI without firmware).
     */
    discon = 0;
    if (ev & EV_CALL) {
        discon |= QEMU_PLUGIN_DISCON_HOSTCALL;
    }
    if ((ev & (EV_GPF | EV_WORLD | EV_INSN)) || ct_opt.icount_on) {
        discon |= QEMU_PLUGIN_DISCON_EXCEPTION;
    }
    if (ev & (EV_WORLD | EV_INSN)) {
        discon |= QEMU_PLUGIN_DISCON_INTERRUPT;
    }
    qemu_plugin_register_vcpu_discon_cb(
        id, (enum qemu_plugin_discon_type)discon, on_discon);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
