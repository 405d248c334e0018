/*
 * qemu-rme: cca-trace, a TCG plugin tracing Arm CCA activity
 *
 *   -plugin libcca-trace.so[,events=call:world:gpf:insn|all]
 *           [,format=text|json][,outfile=PATH][,icount=on|off]
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
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE         /* RTLD_DEFAULT */
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>
#ifdef HAVE_CAPSTONE
#include <capstone.h>
#endif

#include "cca-decode.h"
#include "gpt.h"                /* target-arm-rme: the reference GPT walker */
#include "gpt-map.h"            /* target-arm-rme: the GPT as ranges */

/*
 * Plugin API 5 (QEMU 10.1) is all this plugin calls directly, so it loads
 * into a stock QEMU too; newer functions (API 6: the rewind callback) and
 * the qemu-rme extension are looked up with dlsym() by probe_qemu().
 */
QEMU_PLUGIN_EXPORT int qemu_plugin_version = 5;

#define PLUGIN_NAME     "cca-trace"
/* 3: GPI names are the PA space names; 4: mec events, summary counts.mec */
#define SCHEMA_VERSION  4

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
typedef int (*read_memory_hwaddr_pas_fn)(uint64_t addr, int pas,
                                         GByteArray *data, size_t len);
#define RME_READ_PAS_SYMBOL "qemu_plugin_read_memory_hwaddr_pas"
/* Extension version 2: the PA space and the MECID of an access. */
typedef int (*hwaddr_info_fn)(const struct qemu_plugin_hwaddr *haddr);
#define RME_HWADDR_PAS_SYMBOL "qemu_plugin_hwaddr_pas"
#define RME_HWADDR_MECID_SYMBOL "qemu_plugin_hwaddr_mecid"
/* Plugin API 6: told of blocks left part-way (exact icount). */
typedef void (*rewind_cb_fn)(qemu_plugin_id_t id, unsigned int vcpu_index,
                             uint64_t insns_skipped);
typedef void (*register_rewind_fn)(qemu_plugin_id_t id, rewind_cb_fn cb);
#define REWIND_SYMBOL "qemu_plugin_register_vcpu_tb_rewind_cb"

/* ---- options and global state -------------------------------------------- */

enum {
    EV_CALL = 1u << 0,      /* call and ret */
    EV_WORLD = 1u << 1,
    EV_GPF = 1u << 2,
    EV_ALL = EV_CALL | EV_WORLD | EV_GPF,
    EV_INSN = 1u << 3,      /* every instruction: not part of "all" */
    EV_GPT = 1u << 4,       /* GPT snapshots at TLBI PA*: not in "all" */
    EV_MEC = 1u << 5,       /* Realm PA space accesses: not in "all" */
};

/* events=mec: only accesses to PAs in [mec_pa_lo, mec_pa_hi] */
static uint64_t mec_pa_lo, mec_pa_hi = UINT64_MAX;

static unsigned ev_mask = EV_ALL;
static bool mec_traced;     /* events=mec and a QEMU that can tell MECIDs */
static bool fmt_json;
static bool icount_on = true;
static FILE *out_file;              /* NULL: qemu_plugin_outs() */
static char *out_path;
static GMutex out_lock;

/* What the QEMU we run in provides (probe_qemu()). */
static struct {
    int api_cur, api_min;
    bool rme_ext;
    int rme_api;                            /* extension version, 0: none */
    read_memory_hwaddr_pas_fn read_pas;     /* NULL without the extension */
    hwaddr_info_fn hwaddr_pas;              /* NULL before extension 2 */
    hwaddr_info_fn hwaddr_mecid;            /* NULL before extension 2 */
    register_rewind_fn register_rewind;     /* NULL before plugin API 6 */
} qemu_caps;

/*
 * The per-block count is exact: QEMU tells us of every block left before
 * its last instruction (plugin API 6), or events=insn counts instructions
 * one by one.  Else the count is corrected only for synchronous exceptions
 * at instructions found in the translation cache, and device accesses in
 * the middle of a block (which QEMU executes again) leave it too high.
 */
static bool icount_exact;

/* Counters for the summary, under stats_lock. */
static GMutex stats_lock;
static uint64_t n_events[7];        /* call, ret, world, gpf, insn, gpt, mec */
enum { N_CALL, N_RET, N_WORLD, N_GPF, N_INSN, N_GPT, N_MEC };
static uint64_t gpf_pairs[5][5];    /* [faulting world][PA space] */
static uint64_t n_lost;             /* calls dropped from full tables */

typedef struct fid_stats {
    uint32_t fid;
    uint64_t calls, returned, insns;
} fid_stats;
static GHashTable *fid_table;       /* fid -> fid_stats */

static uint64_t next_call_id;       /* atomic */

/* ---- registers ----------------------------------------------------------- */

enum reg_id {
    R_X0, R_X1, R_X2, R_X3, R_X4, R_X5, R_X6, R_X7,
    R_CPSR,
    R_SCR3, R_MFAR3, R_GPCCR3, R_GPTBR3, R_GPCBW3,
    R_MMFR0, R_MMFR4,
    R_ESR1, R_ESR2, R_ESR3,
    R_FAR1, R_FAR2, R_FAR3,
    R_ELR1, R_ELR2, R_ELR3,
    R_SPSR1, R_SPSR2, R_SPSR3,
    R_VBAR1, R_VBAR2, R_VBAR3,
    R_SCTLR1, R_SCTLR2, R_SCTLR3,
    R_HCR2,
    /* FEAT_MEC: the MECID of a Realm PA space access (mec_of_access()) */
    R_MMFR3, R_SCTLR2_2, R_SCTLR2_3, R_TCR2, R_MECID_P0, R_MECID_A0,
    R_MECID_P1, R_MECID_A1, R_VMECID_P, R_VMECID_A, R_MECID_RL_A3,
    R_COUNT
};

/* Names as the gdbstub (org.gnu.gdb.aarch64.core + cp_regs XML) has them. */
static const char *const reg_names[R_COUNT] = {
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
    "cpsr",
    "SCR_EL3", "MFAR_EL3", "GPCCR_EL3", "GPTBR_EL3", "GPCBW_EL3",
    "ID_AA64MMFR0_EL1", "ID_AA64MMFR4_EL1",
    "ESR_EL1", "ESR_EL2", "ESR_EL3",
    "FAR_EL1", "FAR_EL2", "FAR_EL3",
    "ELR_EL1", "ELR_EL2", "ELR_EL3",
    "SPSR_EL1", "SPSR_EL2", "SPSR_EL3",
    "VBAR_EL1", "VBAR_EL2", "VBAR_EL3",
    "SCTLR_EL1", "SCTLR_EL2", "SCTLR_EL3",
    "HCR_EL2",
    "ID_AA64MMFR3_EL1", "SCTLR2_EL2", "SCTLR2_EL3", "TCR_EL2",
    "MECID_P0_EL2", "MECID_A0_EL2", "MECID_P1_EL2", "MECID_A1_EL2",
    "VMECID_P_EL2", "VMECID_A_EL2", "MECID_RL_A_EL3",
};

/* Per-EL register of a family: fam(R_ESR1, el) for el 1..3. */
#define REG_EL(base, el) ((enum reg_id)((base) + (el) - 1))

/* ---- per-vCPU state ------------------------------------------------------ */

/*
 * Instructions executed per vCPU: added per block by an inline operation,
 * corrected when an exception leaves a block early.
 */
static struct qemu_plugin_scoreboard *sb_inline;
static qemu_plugin_u64 sb_icount;

typedef struct call_rec {
    uint64_t id;
    uint64_t pc, ret_pc;
    uint64_t icount;
    uint64_t x[7];          /* x0 (function ID) .. x6 */
    uint32_t fid;
    uint8_t world, el;
    bool hvc, yields;
} call_rec;

#define STACK_MAX   16
#define PARKED_MAX  8

typedef struct vcpu_state {
    bool ready;
    bool rme;               /* FEAT_RME: GPCCR_EL3 exists */
    struct qemu_plugin_register *reg[R_COUNT];
    GByteArray *buf;
    /*
     * Registers read in the current callback (the vCPU is stopped while a
     * callback runs, so a register reads the same until it returns): a
     * value is good while reg_gen[] equals gen, which each callback that
     * reads registers advances (vstate_enter()).
     */
    uint64_t gen;
    uint64_t reg_gen[R_COUNT];
    uint64_t reg_val[R_COUNT];
    bool reg_ok[R_COUNT];
    unsigned depth;         /* pending calls on the stack */
    call_rec stack[STACK_MAX];
    unsigned nparked;       /* calls whose caller lost control otherwise */
    call_rec parked[PARKED_MAX];
    /*
     * events=insn: the EL and world the vCPU executes in, kept up to date
     * at each exception entry (on_discon) and exception return (on_eret),
     * the only ways the EL or the Security state below EL3 changes; read
     * from the registers when not known yet (pos_ok false).
     */
    bool pos_ok;
    uint8_t pos_el;
    cca_world pos_world;
    uint64_t n_insn;        /* insn events written for this vCPU */
} vcpu_state;

static struct qemu_plugin_scoreboard *sb_state;

static vcpu_state *vstate(unsigned vcpu)
{
    return qemu_plugin_scoreboard_find(sb_state, vcpu);
}

/* The state of @vcpu at the start of a callback that reads registers. */
static vcpu_state *vstate_enter(unsigned vcpu)
{
    vcpu_state *s = vstate(vcpu);

    s->gen++;
    return s;
}

/* Registers that never change: ID registers, read once. */
static bool reg_is_const(enum reg_id r)
{
    return r == R_MMFR0 || r == R_MMFR4 || r == R_MMFR3;
}

static bool reg_read(vcpu_state *s, enum reg_id r, uint64_t *val)
{
    int n, i;
    bool ok = false;

    *val = 0;
    if (!s->reg[r]) {
        return false;
    }
    if (s->reg_gen[r] && (s->reg_gen[r] == s->gen || reg_is_const(r))) {
        *val = s->reg_val[r];
        return s->reg_ok[r];
    }
    s->buf->len = 0;            /* g_byte_array_set_size(, 0), inline */
    n = qemu_plugin_read_register(s->reg[r], s->buf);
    if (n >= 8) {
        /* gdbstub registers are in target (little-endian) byte order */
        uint64_t le;

        memcpy(&le, s->buf->data, 8);
        *val = GUINT64_FROM_LE(le);
        ok = true;
    } else if (n > 0) {
        for (i = 0; i < n; i++) {
            *val |= (uint64_t)s->buf->data[i] << (8 * i);
        }
        ok = true;
    }
    s->reg_gen[r] = s->gen;
    s->reg_val[r] = *val;
    s->reg_ok[r] = ok;
    return ok;
}

static uint64_t reg_get(vcpu_state *s, enum reg_id r)
{
    uint64_t v;

    reg_read(s, r, &v);
    return v;
}

static unsigned current_el(vcpu_state *s)
{
    return (unsigned)(reg_get(s, R_CPSR) >> 2) & 3;
}

/*
 * Security state at @el.  From SCR_EL3 when the CPU has EL3; without EL3 a
 * QEMU CPU runs in Non-secure state (inferred, said once in the meta line).
 */
static cca_world world_at(vcpu_state *s, unsigned el)
{
    uint64_t scr;

    if (!reg_read(s, R_SCR3, &scr)) {
        return CCA_WORLD_NS;
    }
    return cca_world_from_scr(scr, el, s->rme);
}

static uint64_t icount_get(unsigned vcpu)
{
    if (!icount_on) {
        return 0;
    }
    if (ev_mask & EV_INSN) {
        return vstate(vcpu)->n_insn;    /* counted by on_insn() */
    }
    return qemu_plugin_u64_get(sb_icount, vcpu);
}

/* A block was left before its last instruction (plugin API 6). */
static void on_rewind(qemu_plugin_id_t id, unsigned int vcpu,
                      uint64_t insns_skipped)
{
    qemu_plugin_u64_set(sb_icount, vcpu,
                        qemu_plugin_u64_get(sb_icount, vcpu) - insns_skipped);
}

/* ---- translation --------------------------------------------------------- */

/*
 * Instructions that can take a synchronous exception in the middle of a
 * block, remembered at translation time by virtual address: their
 * encoding (disassembled only when a GPF names them) and how many
 * instructions follow them in their block (the per-block inline count
 * includes those; a fault takes them off again).  A map from the VA to
 * the latest translation at that VA, emptied when QEMU flushes its
 * translations: the same VA in another translation regime may alias, but
 * no other instruction evicts an entry (a direct-mapped cache lost the
 * faulting load of a GPF whenever a load 64 KiB further on was translated
 * later).  Only loads, stores and system instructions are kept: a few
 * thousand entries for a firmware image.
 */
typedef struct icache_entry {
    uint64_t vaddr;
    uint32_t opcode;
    uint16_t rest;          /* instructions after it in its block */
} icache_entry;

static GHashTable *icache;  /* vaddr -> opcode | rest << 32, icache_lock */
static GMutex icache_lock;
static bool translating;    /* a tb_trans callback is registered */

/* Called with icache_lock held */
static void icache_put(uint64_t vaddr, uint32_t opcode, uint16_t rest)
{
    g_hash_table_insert(icache, GSIZE_TO_POINTER(vaddr),
                        GSIZE_TO_POINTER((uint64_t)rest << 32 | opcode));
}

static bool icache_find(uint64_t vaddr, icache_entry *e)
{
    gpointer v;
    bool hit;

    if (!translating) {
        return false;
    }
    g_mutex_lock(&icache_lock);
    hit = g_hash_table_lookup_extended(icache, GSIZE_TO_POINTER(vaddr),
                                       NULL, &v);
    g_mutex_unlock(&icache_lock);
    if (hit) {
        e->vaddr = vaddr;
        e->opcode = (uint32_t)GPOINTER_TO_SIZE(v);
        e->rest = (uint16_t)((uint64_t)GPOINTER_TO_SIZE(v) >> 32);
    }
    return hit;
}

enum insn_kind { K_NONE, K_SMC, K_HVC, K_ERET };

static enum insn_kind classify(uint32_t w)
{
    if ((w & 0xffe0001fu) == 0xd4000003u) {
        return K_SMC;                       /* SMC #imm16 */
    }
    if ((w & 0xffe0001fu) == 0xd4000002u) {
        return K_HVC;                       /* HVC #imm16 */
    }
    if (w == 0xd69f03e0u || w == 0xd69f0bffu || w == 0xd69f0fffu) {
        return K_ERET;                      /* ERET, ERETAA, ERETAB */
    }
    return K_NONE;
}

/*
 * Instructions that commonly fault in the middle of a block: the A64
 * "Loads and Stores" group (op0 x1x0), SVE (op0 0010, which holds the SVE
 * loads/stores) and the system instruction space (DC/AT walk tables and
 * access memory; MSR/MRS/SYS trap).
 */
static bool may_fault(uint32_t w)
{
    unsigned op0 = (w >> 25) & 0xf;

    return (op0 & 0x5) == 0x4 || op0 == 0x2 || (w & 0xffc00000u) == 0xd5000000u;
}

/*
 * TLBI PAALL, PAALLOS, RPAOS, RPALOS (SYS #6, C8, Cm, #op2, Xt; DDI0487
 * C5.5): the instructions after which the PE may use a changed GPT
 * (D9.8, TLB maintenance for GPT entries).  Index into tlbi_pa_names[].
 */
static const struct { uint32_t enc; const char *name; } tlbi_pa[] = {
    { 0xd50e8780u, "TLBI PAALL" },      /* CRm 7, op2 4 */
    { 0xd50e8180u, "TLBI PAALLOS" },    /* CRm 1, op2 4 */
    { 0xd50e8460u, "TLBI RPAOS" },      /* CRm 4, op2 3 */
    { 0xd50e84e0u, "TLBI RPALOS" },     /* CRm 4, op2 7 */
};

static int tlbi_pa_kind(uint32_t w)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(tlbi_pa); i++) {
        if ((w & ~0x1fu) == tlbi_pa[i].enc) {
            return (int)i;
        }
    }
    return -1;
}

static void on_call(unsigned vcpu, void *udata);
static void on_eret(unsigned vcpu, void *udata);
static void on_insn(unsigned vcpu, void *udata);
static void on_tlbi_pa(unsigned vcpu, void *udata);
static void on_mem_mec(unsigned vcpu, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata);

/*
 * events=insn: what an instruction's line needs, made once per translated
 * instruction and shared by every translation of the same encoding at the
 * same address (so the table grows with the code, not with
 * retranslations); kept until QEMU exits (a callback may still fire).
 */
typedef struct insn_rec {
    uint64_t vaddr;
    uint32_t opcode;        /* its bytes, as a little-endian value */
    uint8_t size;
    char *text;             /* qemu_plugin_insn_disas(); NULL: none */
} insn_rec;

static GHashTable *insn_recs;
static GMutex insn_lock;

static guint insn_rec_hash(gconstpointer p)
{
    const insn_rec *r = p;

    return (guint)(r->vaddr ^ r->vaddr >> 32) * 0x9e3779b1u ^ r->opcode ^
           r->size;
}

static gboolean insn_rec_equal(gconstpointer a, gconstpointer b)
{
    const insn_rec *x = a, *y = b;

    return x->vaddr == y->vaddr && x->opcode == y->opcode &&
           x->size == y->size;
}

static void insn_rec_free(gpointer p)
{
    insn_rec *r = p;

    g_free(r->text);
    g_free(r);
}

/* @b: the instruction's first @n (up to 4) bytes. */
static void trace_insn(struct qemu_plugin_insn *insn, const uint8_t *b,
                       size_t n)
{
    insn_rec key = { 0 }, *r;
    size_t i;

    for (i = 0; i < n; i++) {
        key.opcode |= (uint32_t)b[i] << (8 * i);
    }
    key.vaddr = qemu_plugin_insn_vaddr(insn);
    key.size = (uint8_t)n;
    g_mutex_lock(&insn_lock);
    r = g_hash_table_lookup(insn_recs, &key);
    if (!r) {
        r = g_memdup2(&key, sizeof(key));
        r->text = qemu_plugin_insn_disas(insn);
        if (r->text) {
            g_strchomp(r->text);    /* "ret " */
        }
        g_hash_table_add(insn_recs, r);
    }
    g_mutex_unlock(&insn_lock);
    /* Before on_call/on_eret of the same instruction: its line comes first. */
    qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_R_REGS,
                                           r);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    bool locked = false;
    size_t i;

    if (icount_on && !(ev_mask & EV_INSN)) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, sb_icount, n);
    }
    for (i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint8_t b[4];
        size_t got = qemu_plugin_insn_data(insn, b, sizeof(b));
        uint32_t w;
        uint64_t va;
        enum insn_kind kind;

        if (ev_mask & EV_INSN) {
            trace_insn(insn, b, got);
        }
        if (mec_traced) {
            /* R_REGS: the EL and world of a Realm access are read then */
            qemu_plugin_register_vcpu_mem_cb(
                insn, on_mem_mec, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_MEM_RW,
                (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
        }
        if (qemu_plugin_insn_size(insn) != 4 || got != 4) {
            continue;           /* not A64 */
        }
        w = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
            (uint32_t)b[3] << 24;
        if ((ev_mask & EV_GPT) && tlbi_pa_kind(w) >= 0) {
            /* A64 instructions are 4-byte aligned: the kind in bits 1:0 */
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, on_tlbi_pa, QEMU_PLUGIN_CB_R_REGS,
                (void *)(uintptr_t)(qemu_plugin_insn_vaddr(insn) |
                                    (unsigned)tlbi_pa_kind(w)));
        }
        if (may_fault(w)) {
            va = qemu_plugin_insn_vaddr(insn);
            if (!locked) {
                g_mutex_lock(&icache_lock);
                locked = true;
            }
            icache_put(va, w, (uint16_t)(n - 1 - i));
            continue;
        }
        kind = classify(w);
        if (kind == K_NONE) {
            continue;
        }
        va = qemu_plugin_insn_vaddr(insn);
        if ((kind == K_SMC || kind == K_HVC) && (ev_mask & EV_CALL)) {
            /* A64 instructions are 4-byte aligned: the kind in bits 1:0 */
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, on_call, QEMU_PLUGIN_CB_R_REGS,
                (void *)(uintptr_t)(va | kind));
        } else if (kind == K_ERET && (ev_mask & (EV_CALL | EV_WORLD | EV_INSN))) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, on_eret, QEMU_PLUGIN_CB_R_REGS, (void *)(uintptr_t)va);
        }
    }
    if (locked) {
        g_mutex_unlock(&icache_lock);
    }
}

static void on_flush(qemu_plugin_id_t id)
{
    g_mutex_lock(&icache_lock);
    g_hash_table_remove_all(icache);
    g_mutex_unlock(&icache_lock);
}

/*
 * Disassembly, on demand: only instructions that took a GPF are decoded,
 * with capstone as QEMU does ("mnemonic operands"), through one handle.
 * (qemu_plugin_insn_disas() works only at translation time, where calling
 * it for every memory access instruction costs more than the whole trace.)
 */
static char *disassemble(uint32_t opcode)
{
#ifdef HAVE_CAPSTONE
    static csh handle;
    static bool opened, failed;
    static GMutex lock;
    /*
     * The text depends on the encoding alone (always decoded at address 0),
     * and faults repeat: remember the last ones, direct-mapped.
     */
    static struct {
        uint32_t opcode;
        char *text;             /* NULL: empty slot */
    } seen[64];
    unsigned slot = (opcode ^ opcode >> 6 ^ opcode >> 16) % G_N_ELEMENTS(seen);
    uint8_t b[4] = { opcode, opcode >> 8, opcode >> 16, opcode >> 24 };
    cs_insn *insn;
    char *text = NULL;

    g_mutex_lock(&lock);
    if (seen[slot].text && seen[slot].opcode == opcode) {
        text = g_strdup(seen[slot].text);
        g_mutex_unlock(&lock);
        return text;
    }
    if (!opened && !failed) {
        failed = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &handle) != CS_ERR_OK;
        opened = !failed;
    }
    if (opened && cs_disasm(handle, b, 4, 0, 1, &insn) == 1) {
        text = g_strdup_printf("%s %s", insn->mnemonic, insn->op_str);
        cs_free(insn, 1);
        g_free(seen[slot].text);
        seen[slot].opcode = opcode;
        seen[slot].text = g_strdup(text);
    }
    g_mutex_unlock(&lock);
    return text;
#else
    return NULL;
#endif
}

/* ---- output -------------------------------------------------------------- */

/*
 * gs_printf() for the subset of printf the events use, without
 * going through vasprintf (a malloc, a copy and the full printf machinery
 * per call: most of the cost of an event line).  Conversions d i u x s c %
 * with flags '-' and '0', a width (digits or '*') and the length modifiers
 * l ll z, formatted as glibc does; anything else (a precision, %f) hands
 * the whole call to g_string_append_vprintf(), so the output is the same.
 */
static void G_GNUC_PRINTF(2, 3) gs_printf(GString *g, const char *fmt, ...)
{
    va_list ap, ap0;
    gsize start = g->len;
    char out[256];              /* appended to @g when full and at the end */
    gsize o = 0;
    const char *f;

#define PUT(c) do {                                 \
        if (o == sizeof(out)) {                     \
            g_string_append_len(g, out, (gssize)o); \
            o = 0;                                  \
        }                                           \
        out[o++] = (c);                             \
    } while (0)

    va_start(ap, fmt);
    va_copy(ap0, ap);
    for (f = fmt; *f; f++) {
        char num[24], *digits;
        const char *str;
        bool left = false, zero = false, neg = false;
        int width = 0;
        char lng = 0;           /* 0 (int), 'l', 'L' (long long), 'z' */
        gsize len, pad, i;
        uint64_t v;

        if (*f != '%') {
            PUT(*f);
            continue;
        }
        for (f++; *f == '-' || *f == '0'; f++) {
            left |= *f == '-';
            zero |= *f == '0';
        }
        if (*f == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = true;
                width = -width;
            }
            f++;
        } else {
            while (*f >= '0' && *f <= '9') {
                width = width * 10 + (*f++ - '0');
            }
        }
        if (*f == 'z') {
            lng = 'z';
            f++;
        } else if (*f == 'l') {
            lng = f[1] == 'l' ? 'L' : 'l';
            f += lng == 'L' ? 2 : 1;
        }
#define ARG(type) (lng == 'l' ? (type long)va_arg(ap, type long) :          \
                   lng == 'L' ? (type long long)va_arg(ap, type long long) : \
                   lng == 'z' ? (type long long)va_arg(ap, size_t) :        \
                   (type int)va_arg(ap, type int))
        switch (*f) {
        case 'd':
        case 'i': {
            int64_t sv = ARG(signed);

            neg = sv < 0;
            v = neg ? -(uint64_t)sv : (uint64_t)sv;
            goto decimal;
        }
        case 'u':
            v = ARG(unsigned);
        decimal:
            digits = num + sizeof(num);
            do {
                *--digits = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            if (neg) {
                *--digits = '-';
            }
            str = digits;
            len = (gsize)(num + sizeof(num) - digits);
            break;
        case 'x':
            v = ARG(unsigned);
            digits = num + sizeof(num);
            do {
                *--digits = "0123456789abcdef"[v & 15];
                v >>= 4;
            } while (v);
            str = digits;
            len = (gsize)(num + sizeof(num) - digits);
            break;
        case 's':
            str = va_arg(ap, const char *);
            if (!str) {
                str = "(null)";
            }
            len = strlen(str);
            zero = false;
            break;
        case 'c':
            num[0] = (char)va_arg(ap, int);
            str = num;
            len = 1;
            zero = false;
            break;
        case '%':
            if (width || left || zero || lng) {
                goto fallback;
            }
            PUT('%');
            continue;
        default:
            goto fallback;
        }
        pad = (gsize)width > len ? (gsize)width - len : 0;
        if (!left && !zero) {
            for (i = 0; i < pad; i++) {
                PUT(' ');
            }
        } else if (zero && !left) {
            if (neg) {
                PUT('-');
                str++;
                len--;
            }
            for (i = 0; i < pad; i++) {
                PUT('0');
            }
        }
        for (i = 0; i < len; i++) {
            PUT(str[i]);
        }
        if (left) {
            for (i = 0; i < pad; i++) {
                PUT(' ');
            }
        }
    }
#undef ARG
#undef PUT
    g_string_append_len(g, out, (gssize)o);
    va_end(ap);
    va_end(ap0);
    return;

fallback:
    va_end(ap);
    g_string_truncate(g, start);
    g_string_append_vprintf(g, fmt, ap0);
    va_end(ap0);
}

/*
 * Direct appenders for the conversions event lines use most (what
 * gs_printf() would make of "%s", "%" PRIx64, "%0*x", "%" PRIu64, "%d").
 */
static inline void put_len(GString *g, const char *s, gsize n)
{
    if (G_LIKELY(g->len + n < g->allocated_len)) {
        memcpy(g->str + g->len, s, n);
        g->len += n;
        g->str[g->len] = 0;
    } else {
        g_string_append_len(g, s, (gssize)n);
    }
}

static inline void put_s(GString *g, const char *s)
{
    put_len(g, s, strlen(s));
}

/* Hex digits of @v, at least @width of them (zero-padded). */
static void put_hex_w(GString *g, uint64_t v, int width)
{
    char b[16];
    int n = 16;

    do {
        b[--n] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    while (16 - n < width) {
        b[--n] = '0';
    }
    put_len(g, b + n, 16 - n);
}

static inline void put_hex(GString *g, uint64_t v)
{
    put_hex_w(g, v, 0);
}

/* "0x" and hex digits: "0x%" PRIx64 */
static inline void put_0x(GString *g, uint64_t v)
{
    put_len(g, "0x", 2);
    put_hex_w(g, v, 0);
}

/* Decimal @v padded with spaces to @width: right-aligned, or left if @left. */
static void put_u_w(GString *g, uint64_t v, int width, bool left)
{
    char b[24];
    int n = 24, len;

    do {
        b[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    len = 24 - n;
    if (!left) {
        while (24 - n < width) {
            b[--n] = ' ';
        }
        put_len(g, b + n, 24 - n);
        return;
    }
    put_len(g, b + n, len);
    for (; len < width; len++) {
        g_string_append_c(g, ' ');
    }
}

static inline void put_u(GString *g, uint64_t v)
{
    if (v < 10) {
        g_string_append_c(g, (char)('0' + v));
    } else {
        put_u_w(g, v, 0, false);
    }
}

static inline void put_d(GString *g, int64_t v)
{
    if (v < 0) {
        g_string_append_c(g, '-');
        put_u(g, -(uint64_t)v);
    } else {
        put_u(g, (uint64_t)v);
    }
}

static void emit(GString *line)
{
    g_string_append_c(line, '\n');
    g_mutex_lock(&out_lock);
    if (out_file) {
        fwrite(line->str, 1, line->len, out_file);
    } else {
        qemu_plugin_outs(line->str);
    }
    g_mutex_unlock(&out_lock);
}

/* Done with a line from line_start(): kept for the next one of this thread. */
static inline void line_done(GString *g)
{
    (void)g;
}

static void count_event(int kind)
{
    g_mutex_lock(&stats_lock);
    n_events[kind]++;
    g_mutex_unlock(&stats_lock);
}

static void json_str(GString *g, const char *s)
{
    if (!s) {
        put_s(g, "null");
        return;
    }
    g_string_append_c(g, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            g_string_append_c(g, '\\');
            g_string_append_c(g, (char)c);
        } else if (c < 0x20) {
            gs_printf(g, "\\u%04x", c);
        } else {
            g_string_append_c(g, (char)c);
        }
    }
    g_string_append_c(g, '"');
}

static void json_hex(GString *g, const char *key, uint64_t v)
{
    put_len(g, ",\"", 2);
    put_s(g, key);
    put_len(g, "\":\"0x", 5);
    put_hex(g, v);
    g_string_append_c(g, '"');
}

/*
 * Common start of an event line, in a buffer of the calling thread's that
 * the next line reuses (line_done()); a vCPU's callbacks run on its thread.
 */
static __thread GString *line_buf;

static GString *line_start_ic(const char *kind, unsigned vcpu, unsigned depth,
                             uint64_t ic)
{
    GString *g = line_buf;

    if (!g) {
        g = line_buf = g_string_sized_new(512);
    }
    g_string_truncate(g, 0);
    if (fmt_json) {
        put_s(g, "{\"ev\":\"");
        put_s(g, kind);
        put_s(g, "\",\"vcpu\":");
        put_u(g, vcpu);
        if (icount_on) {
            put_s(g, ",\"icount\":");
            put_u(g, ic);
        } else {
            put_s(g, ",\"icount\":null");
        }
        put_s(g, ",\"depth\":");
        put_u(g, depth);
    } else {
        char up[8];
        size_t i;
        unsigned sp;

        for (i = 0; kind[i] && i < sizeof(up) - 1; i++) {
            up[i] = g_ascii_toupper(kind[i]);
        }
        for (; i < 5; i++) {
            up[i] = ' ';        /* %-5s */
        }
        up[i] = 0;
        if (icount_on) {
            put_u_w(g, ic, 12, false);
        } else {
            put_s(g, "           -");
        }
        put_s(g, " cpu");
        put_u_w(g, vcpu, 2, true);
        g_string_append_c(g, ' ');
        for (sp = MIN(depth, 16u) * 2; sp; sp--) {
            g_string_append_c(g, ' ');
        }
        put_s(g, up);
        g_string_append_c(g, ' ');
    }
    return g;
}

static GString *line_start(const char *kind, unsigned vcpu, unsigned depth)
{
    return line_start_ic(kind, vcpu, depth, icount_get(vcpu));
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
static void text_call_head(GString *g, const call_rec *c)
{
    g_string_append_c(g, '#');
    put_u_w(g, c->id, 4, true);
    g_string_append_c(g, ' ');
    text_wel(g, c->world, c->el, 10);
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

/* ---- calls and returns --------------------------------------------------- */

static void stats_call(uint32_t fid, bool returned, uint64_t insns)
{
    fid_stats *st;

    g_mutex_lock(&stats_lock);
    st = g_hash_table_lookup(fid_table, GUINT_TO_POINTER(fid));
    if (!st) {
        st = g_new0(fid_stats, 1);
        st->fid = fid;
        g_hash_table_insert(fid_table, GUINT_TO_POINTER(fid), st);
    }
    if (returned) {
        st->returned++;
        st->insns += insns;
        n_events[N_RET]++;
    } else {
        st->calls++;
        n_events[N_CALL]++;
    }
    g_mutex_unlock(&stats_lock);
}

static void lost_call(void)
{
    g_mutex_lock(&stats_lock);
    n_lost++;
    g_mutex_unlock(&stats_lock);
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

static void fid_json(GString *g, uint32_t fid, const cca_fid_info *fi)
{
    put_s(g, ",\"fid\":\"0x");
    put_hex_w(g, fid, 8);
    put_s(g, "\",\"name\":");
    json_str(g, fi->name);
    put_s(g, ",\"iface\":");
    json_str(g, cca_iface_name(fi->iface, fid));
}

/*
 * The major version of the RMM specification the RMM agreed to: the
 * requested version of the first RMI_VERSION or RSI_VERSION that succeeded
 * (DEN0137 B4.3.21, B5.3.10), 0 until then.  It picks the meaning of the
 * function IDs that RMM 2.0 numbers differently from 1.x.
 */
static unsigned rmm_major;

static cca_fid_info fid_lookup(uint32_t fid, unsigned world)
{
    cca_call_ctx ctx = { (cca_world)world,
                         __atomic_load_n(&rmm_major, __ATOMIC_RELAXED) };

    return cca_fid_lookup_ctx(fid, &ctx);
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

static void emit_call(unsigned vcpu, unsigned depth, const call_rec *c)
{
    cca_fid_info fi = fid_lookup(c->fid, c->world);
    const char *note = cca_call_arg_note(c->fid, c->x[1]);
    GString *g = line_start("call", vcpu, depth);
    int i;

    if (fmt_json) {
        put_s(g, ",\"id\":");
        put_u(g, c->id);
        json_wel(g, "", c->world, c->el);
        put_s(g, c->hvc ? ",\"insn\":\"hvc\"" : ",\"insn\":\"smc\"");
        json_hex(g, "pc", c->pc);
        fid_json(g, c->fid, &fi);
        put_s(g, ",\"args\":[");
        for (i = 1; i <= 6; i++) {
            put_s(g, i > 1 ? ",\"0x" : "\"0x");
            put_hex(g, c->x[i]);
            g_string_append_c(g, '"');
        }
        put_s(g, c->yields ? "],\"yields\":true,\"note\":" :
                     "],\"yields\":false,\"note\":");
        json_str(g, note);
        g_string_append_c(g, '}');
    } else {
        const cca_call_names *nm = cca_call_names_of(fi.name);

        text_call_head(g, c);
        put_s(g, c->hvc ? " hvc  " : " smc  ");
        fid_text(g, c->fid, &fi);
        put_s(g, " (");
        for (i = 1; i <= 6; i++) {
            text_reg(g, i == 1, i, nm ? nm->arg[i - 1] : NULL, c->x[i]);
        }
        put_s(g, ") pc=0x");
        put_hex(g, c->pc);
        if (note) {
            put_s(g, " [");
            put_s(g, nm && nm->arg[0] ? nm->arg[0] : "x1");
            put_s(g, ": ");
            put_s(g, note);
            g_string_append_c(g, ']');
        }
        if (c->yields) {
            put_s(g, " [yields to EL3]");
        }
    }
    emit(g);
    line_done(g);
}

static void emit_ret(vcpu_state *s, unsigned vcpu, unsigned depth,
                     const call_rec *c, bool resumed, const char *via)
{
    cca_fid_info fi = fid_lookup(c->fid, c->world);
    uint64_t x[8];
    uint64_t insns = icount_get(vcpu) - c->icount;
    unsigned index = 0;
    const char *status;
    cca_fid_info next = { NULL, CCA_IF_OTHER, false };
    const cca_call_names *nm;
    GString *g;
    int i;

    /* JSON has x0..x7, text x0..x3: read only what the line shows */
    for (i = 0; i < 8; i++) {
        x[i] = fmt_json || i < 4 ? reg_get(s, (enum reg_id)(R_X0 + i)) : 0;
    }
    status = cca_status_name(c->fid, x[0], &index);
    if (fi.yields) {
        /* EL3 resumes the RMM with the next request in x0, a host's RMI */
        next = fid_lookup((uint32_t)x[0], CCA_WORLD_NS);
    }
    if (fi.name && x[0] == 0 && (!strcmp(fi.name, "RMI_VERSION") ||
                                 !strcmp(fi.name, "RSI_VERSION"))) {
        unsigned major = (c->x[1] >> 16) & 0x7fff;

        if (major == 1 || major == 2) {
            __atomic_store_n(&rmm_major, major, __ATOMIC_RELAXED);
        }
    }
    stats_call(c->fid, true, insns);

    g = line_start("ret", vcpu, depth);
    if (fmt_json) {
        put_s(g, ",\"id\":");
        put_u(g, c->id);
        json_wel(g, "", c->world, c->el);
        json_hex(g, "pc", c->ret_pc);
        fid_json(g, c->fid, &fi);
        put_s(g, ",\"ret\":[");
        for (i = 0; i < 8; i++) {
            put_s(g, i ? ",\"0x" : "\"0x");
            put_hex(g, x[i]);
            g_string_append_c(g, '"');
        }
        put_s(g, "],\"status\":");
        json_str(g, status);
        put_s(g, ",\"status_index\":");
        put_u(g, index);
        put_s(g, ",\"next\":");
        json_str(g, next.name);
        put_s(g, resumed ? ",\"resumed\":true,\"via\":\"" :
                     ",\"resumed\":false,\"via\":\"");
        put_s(g, via);
        put_s(g, "\",\"insns\":");
        if (icount_on) {
            put_u(g, insns);
            g_string_append_c(g, '}');
        } else {
            put_s(g, "null}");
        }
    } else {
        text_call_head(g, c);
        put_s(g, "      ");
        fid_text(g, c->fid, &fi);
        put_s(g, resumed ? " resumed -> " : " -> ");
        if (status) {
            put_s(g, status);
            if (index) {
                gs_printf(g, " index %u", index);
            }
            g_string_append_c(g, ' ');
        } else if (next.name) {
            gs_printf(g, "next request %s ", next.name);
        }
        nm = cca_call_names_of(fi.name);
        put_s(g, "(");
        for (i = 0; i < 4; i++) {
            text_reg(g, i == 0, i, i && nm ? nm->ret[i - 1] : NULL, x[i]);
        }
        put_s(g, ")");
        if (icount_on) {
            g_string_append_c(g, ' ');
            put_u(g, insns);
            put_s(g, " insns");
        }
        if (strcmp(via, "eret")) {
            gs_printf(g, " [%s]", via);
        }
    }
    emit(g);
    line_done(g);
}

static void park(vcpu_state *s, const call_rec *c)
{
    unsigned i;

    /* A call with the same caller context and return address replaces it. */
    for (i = 0; i < s->nparked; i++) {
        if (s->parked[i].ret_pc == c->ret_pc && s->parked[i].el == c->el &&
            s->parked[i].world == c->world) {
            s->parked[i] = *c;
            lost_call();
            return;
        }
    }
    if (s->nparked == PARKED_MAX) {
        memmove(&s->parked[0], &s->parked[1],
                (PARKED_MAX - 1) * sizeof(call_rec));
        s->nparked--;
        lost_call();
    }
    s->parked[s->nparked++] = *c;
}

static void on_call(unsigned vcpu, void *udata)
{
    vcpu_state *s = vstate_enter(vcpu);
    uintptr_t u = (uintptr_t)udata;
    call_rec c = { 0 };
    cca_fid_info fi;
    int i;

    if (!s->ready) {
        return;
    }
    c.hvc = (u & 3) == K_HVC;
    c.pc = u & ~(uintptr_t)3;
    c.ret_pc = c.pc + 4;
    c.el = (uint8_t)current_el(s);
    c.world = (uint8_t)world_at(s, c.el);
    for (i = 0; i < 7; i++) {
        c.x[i] = reg_get(s, (enum reg_id)(R_X0 + i));
    }
    c.fid = (uint32_t)c.x[0];
    c.id = __atomic_add_fetch(&next_call_id, 1, __ATOMIC_RELAXED);
    c.icount = icount_get(vcpu);
    fi = fid_lookup(c.fid, c.world);
    c.yields = fi.yields;

    stats_call(c.fid, false, 0);
    emit_call(vcpu, s->depth, &c);
    if (s->depth == STACK_MAX) {
        memmove(&s->stack[0], &s->stack[1], (STACK_MAX - 1) * sizeof(call_rec));
        s->depth--;
        lost_call();
    }
    s->stack[s->depth++] = c;
}

/*
 * Control arrives at @pc in (@w, @el) by an ERET, or after a call that QEMU
 * served itself (@via "hostcall": then only a return is looked for).
 */
static void match_return(vcpu_state *s, unsigned vcpu, cca_world w,
                         unsigned el, uint64_t pc, const char *via)
{
    int i;
    unsigned k;

    /* A return to a pending call, innermost first. */
    for (i = (int)s->depth - 1; i >= 0; i--) {
        call_rec *c = &s->stack[i];

        if (c->ret_pc == pc && c->el == el && c->world == w) {
            call_rec done = *c;
            unsigned j;

            /* Calls made above it hand control back later, if ever. */
            for (j = (unsigned)i + 1; j < s->depth; j++) {
                park(s, &s->stack[j]);
            }
            s->depth = (unsigned)i;
            emit_ret(s, vcpu, s->depth, &done, false, via);
            return;
        }
    }
    /* A return to a call that was set aside: e.g. RMM_RMI_REQ_COMPLETE. */
    for (k = 0; k < s->nparked; k++) {
        call_rec *c = &s->parked[k];

        if (c->ret_pc == pc && c->el == el && c->world == w) {
            call_rec done = *c;

            memmove(&s->parked[k], &s->parked[k + 1],
                    (s->nparked - k - 1) * sizeof(call_rec));
            s->nparked--;
            emit_ret(s, vcpu, s->depth, &done, true, via);
            return;
        }
    }
    if (!s->depth || strcmp(via, "eret")) {
        return;
    }
    /*
     * Not a return.  A caller that gets control back somewhere else is no
     * longer waiting (PSCI CPU_SUSPEND resuming at its entry point, a
     * hypervisor switching guests): set its call aside with those above.
     */
    for (i = 0; i < (int)s->depth; i++) {
        if (s->stack[i].el == el && s->stack[i].world == w) {
            unsigned j;

            for (j = (unsigned)i; j < s->depth; j++) {
                park(s, &s->stack[j]);
            }
            s->depth = (unsigned)i;
            return;
        }
    }
    /*
     * A yielding call (the RMM completing a request) whose caller does not
     * get control now: EL3 has moved on.
     */
    if (s->stack[s->depth - 1].yields) {
        park(s, &s->stack[s->depth - 1]);
        s->depth--;
    }
}

/* ---- world switches ------------------------------------------------------ */

static void emit_world(unsigned vcpu, unsigned depth, bool entry,
                       cca_world fw, unsigned fel, cca_world tw, unsigned tel,
                       const char *cause, bool has_esr, uint64_t esr,
                       uint64_t from_pc, uint64_t to_pc)
{
    GString *g = line_start("world", vcpu, depth);

    count_event(N_WORLD);
    if (fmt_json) {
        put_s(g, entry ? ",\"dir\":\"entry\"" : ",\"dir\":\"exit\"");
        json_wel(g, "from_", fw, fel);
        json_wel(g, "to_", tw, tel);
        put_s(g, ",\"cause\":");
        json_str(g, cause);
        if (has_esr) {
            json_hex(g, "esr", esr);
        } else {
            put_s(g, ",\"esr\":null");
        }
        json_hex(g, "from_pc", from_pc);
        json_hex(g, "to_pc", to_pc);
        g_string_append_c(g, '}');
    } else {
        text_wel(g, fw, fel, 0);
        put_s(g, " -> ");
        text_wel(g, tw, tel, 0);
        put_s(g, "  ");
        put_s(g, cause);
        if (has_esr) {
            put_s(g, " (ESR 0x");
            put_hex(g, esr);
            g_string_append_c(g, ')');
        }
        put_s(g, " 0x");
        put_hex(g, from_pc);
        put_s(g, " -> 0x");
        put_hex(g, to_pc);
    }
    emit(g);
    line_done(g);
}

/* ---- instructions (events=insn) ----------------------------------------- */

static void insn_pos_set(vcpu_state *s, unsigned el, cca_world w)
{
    s->pos_el = (uint8_t)el;
    s->pos_world = w;
    s->pos_ok = true;
}

/*
 * One line per instruction, written as it starts: its count (this one
 * included), world and EL, PC, encoding and disassembly.  An instruction
 * that takes a synchronous exception is followed by the exception's events
 * and the handler's first instruction.
 */
static void on_insn(unsigned vcpu, void *udata)
{
    const insn_rec *r = udata;
    vcpu_state *s = vstate(vcpu);
    GString *g;

    if (!s->ready) {
        return;
    }
    if (!s->pos_ok) {
        unsigned el;

        s = vstate_enter(vcpu);
        el = current_el(s);
        insn_pos_set(s, el, world_at(s, el));
    }
    s->n_insn++;
    g = line_start_ic("insn", vcpu, s->depth, icount_on ? s->n_insn : 0);
    if (fmt_json) {
        json_wel(g, "", s->pos_world, s->pos_el);
        put_s(g, ",\"pc\":\"");
        put_0x(g, r->vaddr);
        put_s(g, "\",\"insn\":");
        json_str(g, r->text);
        put_s(g, ",\"opcode\":\"0x");
        put_hex_w(g, r->opcode, r->size * 2);
        put_s(g, "\"}");
    } else {
        text_wel(g, s->pos_world, s->pos_el, 10);
        put_s(g, " pc=");
        put_0x(g, r->vaddr);
        g_string_append_c(g, ' ');
        put_hex_w(g, r->opcode, r->size * 2);
        g_string_append_c(g, ' ');
        put_s(g, r->text ? r->text : "?");
    }
    emit(g);
    line_done(g);
}

static void on_eret(unsigned vcpu, void *udata)
{
    vcpu_state *s = vstate_enter(vcpu);
    unsigned el;
    int tel;
    uint64_t elr, spsr;
    cca_world tw;

    if (!s->ready) {
        return;
    }
    if (!(ev_mask & (EV_WORLD | EV_INSN)) && !s->depth && !s->nparked) {
        return;                 /* no call waits for a return */
    }
    el = current_el(s);
    if (el == 0) {
        return;                 /* UNDEFINED at EL0 */
    }
    elr = reg_get(s, REG_EL(R_ELR1, el));
    spsr = reg_get(s, REG_EL(R_SPSR1, el));
    tel = cca_spsr_el(spsr);
    if (tel < 0 || tel > (int)el) {
        return;                 /* an illegal exception return */
    }
    if (el == 3 && tel < 3 && s->rme) {
        uint64_t scr = reg_get(s, R_SCR3);

        /*
         * Also illegal, so the PE stays at EL3: SCR_EL3.{NSE,NS} = {1,0}
         * (no lower EL in Root state), or Secure EL2 without SCR_EL3.EEL2.
         */
        if ((scr & RME_SCR_NSE) && !(scr & RME_SCR_NS)) {
            return;
        }
        if (tel == 2 && !(scr & RME_SCR_NSE) && !(scr & RME_SCR_NS) &&
            !(scr & RME_SCR_EEL2)) {
            return;
        }
    }
    /* SCR_EL3.{NSE,NS} give the Security state of the ELs below EL3 */
    tw = world_at(s, (unsigned)tel);
    if (ev_mask & EV_INSN) {
        insn_pos_set(s, (unsigned)tel, tw);
    }
    if ((ev_mask & EV_WORLD) && el == 3 && tel != 3) {
        emit_world(vcpu, s->depth, false, world_at(s, 3), 3, tw, (unsigned)tel,
                   "ERET", false, 0, (uintptr_t)udata, elr);
    }
    if (ev_mask & EV_CALL) {
        match_return(s, vcpu, tw, (unsigned)tel, elr, "eret");
    }
}

/* ---- MECIDs of Realm accesses (events=mec) ------------------------------ */

/*
 * Every load and store to the Realm PA space, with the MECID it used: the
 * one the translation regime, SCTLR2_ELx.EMEC, SCR_EL3.MECEn and the AMEC
 * bits selected (DDI0487 D8.12.1), as the TLB entry the access went
 * through holds it, so also what an AMEC descriptor bit chose, which no
 * register shows.  Other PA spaces have no MECID (their default context)
 * and make no event.  Costs a memory callback per access while on.
 */
static void on_mem_mec(unsigned vcpu, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    vcpu_state *s;
    uint64_t pa, pc = (uintptr_t)udata;
    unsigned el, size;
    bool store;
    int mecid;
    cca_world w;
    GString *g;

    if (!hw || qemu_caps.hwaddr_pas(hw) != CCA_WORLD_REALM) {
        return;
    }
    pa = qemu_plugin_hwaddr_phys_addr(hw);
    if (pa < mec_pa_lo || pa > mec_pa_hi) {
        return;
    }
    s = vstate_enter(vcpu);
    if (!s->ready) {
        return;
    }
    mecid = qemu_caps.hwaddr_mecid(hw);
    store = qemu_plugin_mem_is_store(info);
    size = 1u << qemu_plugin_mem_size_shift(info);
    el = current_el(s);
    w = world_at(s, el);
    count_event(N_MEC);
    g = line_start("mec", vcpu, s->depth);
    if (fmt_json) {
        json_wel(g, "", w, el);
        json_hex(g, "pc", pc);
        json_hex(g, "va", vaddr);
        json_hex(g, "pa", pa);
        put_s(g, store ? ",\"access\":\"write\",\"size\":" :
                         ",\"access\":\"read\",\"size\":");
        put_u(g, size);
        put_s(g, ",\"pas\":\"Realm\",\"mecid\":");
        put_d(g, mecid);
        put_s(g, ",\"mmio\":");
        put_s(g, qemu_plugin_hwaddr_is_io(hw) ? "true}" : "false}");
    } else {
        text_wel(g, w, el, 10);
        put_s(g, " pc=");
        put_0x(g, pc);
        put_s(g, store ? " write " : " read ");
        put_u(g, size);
        put_s(g, " va=");
        put_0x(g, vaddr);
        put_s(g, " pa=");
        put_0x(g, pa);
        put_s(g, " pas=Realm MECID ");
        put_0x(g, (uint64_t)mecid);
        if (qemu_plugin_hwaddr_is_io(hw)) {
            put_s(g, " mmio");
        }
    }
    emit(g);
    line_done(g);
}

/* ---- granule protection faults ------------------------------------------- */

static void gpf_pair_count(cca_world w, cca_world pas)
{
    g_mutex_lock(&stats_lock);
    n_events[N_GPF]++;
    gpf_pairs[MIN((unsigned)w, 4u)][MIN((unsigned)pas, 4u)]++;
    g_mutex_unlock(&stats_lock);
}

static void iss_field(GString *g, bool *first, const char *name, uint64_t v)
{
    if (fmt_json) {
        if (!*first) {
            g_string_append_c(g, ',');
        }
        g_string_append_c(g, '"');
        put_s(g, name);
        put_len(g, "\":", 2);
    } else {
        if (!*first) {
            g_string_append_c(g, ' ');
        }
        put_s(g, name);
        g_string_append_c(g, '=');
    }
    put_u(g, v);
    *first = false;
}

/*
 * Is the translation regime used at @el off: stage 1 disabled and, for
 * EL1&0, stage 2 too (SCTLR_ELx.M, HCR_EL2.{VM,DC}; with HCR_EL2.{E2H,TGE}
 * set EL0 uses the EL2&0 regime)?
 */
static bool regime_is_flat(vcpu_state *s, unsigned el)
{
    uint64_t hcr = 0;

    if (el >= 2) {
        return !(reg_get(s, REG_EL(R_SCTLR1, el)) & 1);
    }
    reg_read(s, R_HCR2, &hcr);
    if (el == 0 && (hcr & RME_HCR_E2H) && (hcr & RME_HCR_TGE)) {
        return !(reg_get(s, R_SCTLR2) & 1);
    }
    return !(reg_get(s, R_SCTLR1) & 1) && !(hcr & RME_HCR_VM) && !(hcr & RME_HCR_DC);
}

/*
 * The encoding of the instruction at @pc that faulted at @src_el, now that
 * the exception has been taken to @tel: read from memory when the current
 * translation regime is the one that fetched it, or when that one was flat
 * (then @pc is its PA; read through the Non-secure address space, the only
 * one the stock API reads); else as cached at translation time.
 */
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

static bool fetch_opcode(vcpu_state *s, unsigned tel, unsigned src_el,
                         uint64_t pc, uint32_t *opcode)
{
    GByteArray *b = mem_buf_get();
    icache_entry e;

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
    if (icache_find(pc, &e)) {
        *opcode = e.opcode;
        return true;
    }
    return false;
}

/* ---- the GPT walk (qemu-rme API extension) ------------------------------ */

typedef struct gpt_walk {
    cca_world ss;           /* requester's Security state */
    uint64_t gpccr, gptbr;
    gpt_result r;
} gpt_walk;

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
 * The GPT is guest memory: at most this many walker calls per snapshot (a
 * Granules descriptor's run of equal GPIs is one), then the snapshot says
 * where it stopped.
 */
#define GPT_SNAP_MAX_CHECKS (1u << 22)

typedef struct gpt_snap_out {
    GString *g;
    unsigned n;
} gpt_snap_out;

static bool gpt_snap_range(void *opaque, const gpt_map_range *r)
{
    gpt_snap_out *o = opaque;
    GString *g = o->g;

    if (fmt_json) {
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
    } else {
        gs_printf(g, "%s0x%" PRIx64 "-0x%" PRIx64 " %s", o->n ? ", " : "",
                  r->base, r->base + r->size - 1, gpt_map_range_label(r));
    }
    o->n++;
    return true;
}

/*
 * TLBI PAALL, PAALLOS, RPAOS, RPALOS: the GPT as it is when software makes its changes
 * visible, as ranges (target-arm-rme/gpt-map.h), in the shape QMP's
 * query-rme-gpt returns (JSON), or as one line of ranges (text).
 */
static void on_tlbi_pa(unsigned vcpu, void *udata)
{
    vcpu_state *s = vstate_enter(vcpu);
    uintptr_t u = (uintptr_t)udata;
    gpt_snap_reader rd = { .buf = mem_buf_get() };
    gpt_snap_out o;
    gpt_config cfg;
    gpt_regs regs;
    GString *g;
    unsigned b;
    uint64_t end;
    bool first = true;

    if (!gpt_cfg_of(s, &cfg, gpt_read_snap, &rd)) {
        return;
    }
    gpt_decode_regs(&cfg, &regs);
    count_event(N_GPT);
    g = line_start("gpt", vcpu, s->depth);
    o = (gpt_snap_out){ .g = g };
    if (fmt_json) {
        put_s(g, ",\"cause\":");
        json_str(g, tlbi_pa[u & 3].name);
        json_hex(g, "pc", u & ~(uintptr_t)3);
        gs_printf(g, ",\"cpu-index\":%u,\"gpccr-el3\":%" PRIu64
                  ",\"gptbr-el3\":%" PRIu64 ",\"gpcbw-el3\":%" PRIu64
                  ",\"gpc\":%s"
                  ",\"pps-bits\":%u,\"pgs-bits\":%u,\"l0gptsz-bits\":%u"
                  ",\"config-errors\":[", vcpu, cfg.gpccr, cfg.gptbr, cfg.gpcbw,
                  regs.gpc ? "true" : "false", regs.pps_bits, regs.pgs_bits,
                  regs.l0gptsz_bits);
        for (b = 0; b < GPT_CFG_NPROBLEMS; b++) {
            if (regs.problems & (1u << b)) {
                put_s(g, first ? "" : ",");
                json_str(g, gpt_cfg_problem_name(1u << b));
                first = false;
            }
        }
        put_s(g, "],\"ranges\":[");
        end = gpt_map(&cfg, 0, 0, GPT_SNAP_MAX_CHECKS, gpt_snap_range, &o);
        gs_printf(g, "],\"start\":0,\"end\":%" PRIu64 ",\"truncated\":%s}",
                  end, end < (1ull << 56) ? "true" : "false");
    } else {
        gs_printf(g, "%s pc=0x%" PRIx64 " GPC=%d PPS=%u-bit PGS=%u-bit: ",
                  tlbi_pa[u & 3].name, (uint64_t)(u & ~(uintptr_t)3),
                  regs.gpc, regs.pps_bits, regs.pgs_bits);
        end = gpt_map(&cfg, 0, 0, GPT_SNAP_MAX_CHECKS, gpt_snap_range, &o);
        if (end < (1ull << 56)) {
            gs_printf(g, " ... (stopped at 0x%" PRIx64 ": walk budget)", end);
        }
    }
    emit(g);
    line_done(g);
}

static void emit_gpt(GString *g, const gpt_walk *w)
{
    const gpt_result *r = &w->r;
    bool fault = r->kind != GPT_OK;

    if (fmt_json) {
        gs_printf(g, ",\"gpt\":{\"ss\":\"%s\"",
                               cca_world_name(w->ss));
        json_hex(g, "gpccr", w->gpccr);
        json_hex(g, "gptbr", w->gptbr);
        gs_printf(g, ",\"result\":\"%s\",\"reason\":\"%s\","
                               "\"level\":%u,\"gpi\":", gpt_result_name(r->kind),
                               gpt_reason_name(r->reason), r->level);
        if (r->gpi >= 0) {
            gs_printf(g, "%d,\"gpi_name\":\"%s\"", r->gpi,
                                   gpt_gpi_name((unsigned)r->gpi));
        } else {
            put_s(g, "null,\"gpi_name\":null");
        }
        gs_printf(g, ",\"desc_kind\":\"%s\"",
                               gpt_desc_kind_name(r->desc_kind));
        if (r->nreads) {
            json_hex(g, "desc", r->desc);
            json_hex(g, "desc_addr", r->desc_addr);
        } else {
            put_s(g, ",\"desc\":null,\"desc_addr\":null");
        }
        gs_printf(g, ",\"reads\":%u,\"gpcsc\":", r->nreads);
        if (fault) {
            gs_printf(g, "%u,\"gpcsc_name\":\"%s\"}", r->gpcsc,
                                   cca_gpcsc_name(r->gpcsc));
        } else {
            put_s(g, "null,\"gpcsc_name\":null}");
        }
    } else {
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
        if (fault) {
            put_s(g, ", GPCSC 0x");
            put_hex_w(g, r->gpcsc, 2);
            g_string_append_c(g, ' ');
            put_s(g, cca_gpcsc_name(r->gpcsc));
        }
    }
}

/*
 * FEAT_MEC: the MECID of an access to the Realm PA space by @el of world
 * @fw (DDI0487 D8.12.1), from the registers: which register holds it and,
 * when a descriptor's AMEC bit may pick another, that one too (the
 * descriptor is not visible here).  Table walks (@ttw) have the MECID of
 * their regime (R_RXMFG, R_XBDTH, R_PDCWV, R_FQFXK).  False without
 * FEAT_MEC.
 */
typedef struct mec_info {
    bool emec;
    uint64_t mecid;
    const char *reg;            /* NULL: the default MECID 0 */
    const char *alt;            /* AMEC may select this one instead */
} mec_info;

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
static void report_gpf(vcpu_state *s, unsigned vcpu, unsigned tel, uint64_t esr,
                       uint64_t from_pc, uint64_t to_pc)
{
    unsigned ec = RME_ESR_EC(esr);
    uint64_t iss = RME_ESR_ISS(esr);
    bool gpc = ec == CCA_EC_GPC;
    bool fetch, same_el = ec == CCA_EC_IABT_CUR || ec == CCA_EC_DABT_CUR;
    unsigned fsc = RME_FIELD(iss, RME_ISS_FSC_SHIFT, RME_ISS_FSC_WIDTH), src_el;
    int level = -2;
    uint64_t far = reg_get(s, REG_EL(R_FAR1, tel)), mfar = 0, pa = 0;
    bool have_pa = false, have_mfar = false, ttw;
    const char *pa_src = NULL, *access;
    g_autofree char *disas = NULL;
    cca_world fw, tw = world_at(s, tel), pas = CCA_WORLD_UNKNOWN;
    uint32_t opcode = 0;
    bool have_opcode = false, have_walk = false, have_mec;
    gpt_walk walk;
    mec_info mec;
    GString *g;
    bool first = true;

    if (same_el) {
        src_el = tel;
    } else {
        int e = cca_spsr_el(reg_get(s, REG_EL(R_SPSR1, tel)));

        src_el = e < 0 ? tel : (unsigned)e;
    }
    fw = world_at(s, src_el);
    cca_fsc_is_gpf(fsc, &level);
    ttw = level >= -1;

    if (gpc) {
        /* ESR_EL3 ISS for a GPC exception: InD, GPCSC, WnR, xFSC, ... */
        fetch = RME_FIELD(iss, RME_GPC_ISS_IND_SHIFT, 1);
        have_mfar = reg_read(s, R_MFAR3, &mfar);
        if (have_mfar) {
            pa = cca_mfar_pa(mfar);
            have_pa = true;
            pa_src = "MFAR_EL3";
            pas = cca_mfar_pas(mfar);
        }
    } else {
        fetch = ec == CCA_EC_IABT_LOW || ec == CCA_EC_IABT_CUR;
        /*
         * The access's output address and PA space are not in any
         * register.  Non-secure state can only access the Non-secure PAS;
         * with no translation enabled in the faulting regime the mapping is
         * flat (PA = VA) and the PA space is the Security state's own.
         * (QEMU's debug translation cannot help: it applies the GPC too.)
         */
        bool flat = regime_is_flat(s, src_el);

        if (flat && !ttw && !RME_FIELD(iss, RME_ISS_FNV_SHIFT, 1)) {
            pa = far;
            have_pa = true;
            pa_src = "flat";
        }
        if (fw == CCA_WORLD_NS) {
            pas = CCA_WORLD_NS;
        } else if (flat) {
            pas = fw;
        }
    }
    access = fetch ? "fetch" : RME_FIELD(iss, RME_ISS_CM_SHIFT, 1) ? "cmo" :
             RME_FIELD(iss, RME_ISS_WNR_SHIFT, 1) ? "write" : "read";

    if (!fetch && fetch_opcode(s, tel, src_el, from_pc, &opcode)) {
        have_opcode = true;
        disas = disassemble(opcode);
    }
    if (have_pa && pas != CCA_WORLD_UNKNOWN) {
        /* The requester's Security state is the faulting world's. */
        have_walk = walk_gpt(s, pa, pas, fw, &walk);
    }
    gpf_pair_count(fw, pas);
    have_mec = pas == CCA_WORLD_REALM &&
               mec_of_access(s, src_el, fw, ttw, far, &mec);

    g = line_start("gpf", vcpu, s->depth);
    if (fmt_json) {
        json_wel(g, "", fw, src_el);
        json_hex(g, "pc", from_pc);
        put_s(g, ",\"insn\":");
        json_str(g, disas);
        if (have_opcode) {
            put_s(g, ",\"opcode\":\"0x");
            put_hex_w(g, opcode, 8);
            g_string_append_c(g, '"');
        } else {
            put_s(g, ",\"opcode\":null");
        }
        json_hex(g, "far", far);
        put_s(g, ",\"access\":\"");
        put_s(g, access);
        put_s(g, ttw ? "\",\"ttw\":true,\"walk_level\":" :
                 "\",\"ttw\":false,\"walk_level\":");
        if (ttw) {
            put_d(g, level);
        } else {
            put_s(g, "null");
        }
        json_wel(g, "to_", tw, tel);
        put_s(g, ",\"reg\":\"ESR_EL");
        put_u(g, tel);
        g_string_append_c(g, '"');
        json_hex(g, "esr", esr);
        put_s(g, ",\"ec\":");
        put_u(g, ec);
        put_s(g, ",\"ec_name\":\"");
        put_s(g, cca_ec_name(ec));
        put_s(g, "\",\"fsc\":");
        put_u(g, fsc);
        put_s(g, ",\"fsc_name\":\"");
        put_s(g, cca_fsc_name(fsc));
        put_s(g, "\",\"iss\":{");
    } else {
        text_wel(g, fw, src_el, 10);
        put_s(g, " pc=0x");
        put_hex(g, from_pc);
        if (disas) {
            put_s(g, " \"");
            put_s(g, disas);
            g_string_append_c(g, '"');
        } else if (have_opcode) {
            put_s(g, " [.inst 0x");
            put_hex_w(g, opcode, 8);
            g_string_append_c(g, ']');
        }
        put_s(g, " far=0x");
        put_hex(g, far);
        g_string_append_c(g, ' ');
        put_s(g, access);
        put_s(g, " | reported to ");
        text_wel(g, tw, tel, 0);
        put_s(g, " as ");
        put_s(g, cca_ec_name(ec));
        put_s(g, ", ESR_EL");
        put_u(g, tel);
        put_s(g, "=0x");
        put_hex(g, esr);
        put_s(g, ": ");
    }
    if (gpc) {
        unsigned gpcsc = RME_GPC_ISS_GPCSC(iss);

        if (!fmt_json) {
            put_s(g, "GPCSC 0x");
            put_hex_w(g, gpcsc, 2);
            g_string_append_c(g, ' ');
            put_s(g, cca_gpcsc_name(gpcsc));
            put_s(g, ", xFSC 0x");
            put_hex_w(g, fsc, 2);
            g_string_append_c(g, ' ');
            put_s(g, cca_fsc_name(fsc));
            put_s(g, ", ");
        }
        iss_field(g, &first, "s2ptw", RME_FIELD(iss, RME_GPC_ISS_S2PTW_SHIFT, 1));
        iss_field(g, &first, "ind", RME_FIELD(iss, RME_GPC_ISS_IND_SHIFT, 1));
        if (fmt_json) {
            iss_field(g, &first, "gpcsc", gpcsc);
        }
        iss_field(g, &first, "vncr", RME_FIELD(iss, RME_ISS_VNCR_SHIFT, 1));
        iss_field(g, &first, "cm", RME_FIELD(iss, RME_ISS_CM_SHIFT, 1));
        iss_field(g, &first, "s1ptw", RME_FIELD(iss, RME_ISS_S1PTW_SHIFT, 1));
        iss_field(g, &first, "wnr", RME_FIELD(iss, RME_ISS_WNR_SHIFT, 1));
        if (fmt_json) {
            iss_field(g, &first, "xfsc", fsc);
        }
    } else {
        if (!fmt_json) {
            put_s(g, fetch ? "IFSC 0x" : "DFSC 0x");
            put_hex_w(g, fsc, 2);
            g_string_append_c(g, ' ');
            put_s(g, cca_fsc_name(fsc));
            put_s(g, ", ");
        }
        if (!fetch) {
            iss_field(g, &first, "isv", RME_FIELD(iss, RME_ISS_ISV_SHIFT, 1));
            if (RME_FIELD(iss, RME_ISS_ISV_SHIFT, 1)) {
                iss_field(g, &first, "sas", RME_FIELD(iss, RME_ISS_SAS_SHIFT, 2));
                iss_field(g, &first, "sse", RME_FIELD(iss, RME_ISS_SSE_SHIFT, 1));
                iss_field(g, &first, "srt", RME_FIELD(iss, RME_ISS_SRT_SHIFT, 5));
                iss_field(g, &first, "sf", RME_FIELD(iss, RME_ISS_SF_SHIFT, 1));
                iss_field(g, &first, "ar", RME_FIELD(iss, RME_ISS_AR_SHIFT, 1));
            }
            iss_field(g, &first, "vncr", RME_FIELD(iss, RME_ISS_VNCR_SHIFT, 1));
        }
        iss_field(g, &first, "set", RME_FIELD(iss, RME_ISS_SET_SHIFT, 2));
        iss_field(g, &first, "fnv", RME_FIELD(iss, RME_ISS_FNV_SHIFT, 1));
        iss_field(g, &first, "ea", RME_FIELD(iss, RME_ISS_EA_SHIFT, 1));
        if (!fetch) {
            iss_field(g, &first, "cm", RME_FIELD(iss, RME_ISS_CM_SHIFT, 1));
        }
        iss_field(g, &first, "s1ptw", RME_FIELD(iss, RME_ISS_S1PTW_SHIFT, 1));
        if (!fetch) {
            iss_field(g, &first, "wnr", RME_FIELD(iss, RME_ISS_WNR_SHIFT, 1));
        }
    }
    if (fmt_json) {
        put_s(g, "}");
        if (gpc) {
            unsigned gpcsc = RME_GPC_ISS_GPCSC(iss);

            gs_printf(g, ",\"gpcsc\":%u,\"gpcsc_name\":\"%s\"",
                                   gpcsc, cca_gpcsc_name(gpcsc));
        } else {
            put_s(g, ",\"gpcsc\":null,\"gpcsc_name\":null");
        }
        if (have_mfar) {
            json_hex(g, "mfar", mfar);
        } else {
            put_s(g, ",\"mfar\":null");
        }
        if (have_pa) {
            json_hex(g, "pa", pa);
        } else {
            put_s(g, ",\"pa\":null");
        }
        put_s(g, ",\"pa_src\":");
        json_str(g, pa_src);
        put_s(g, ",\"pas\":");
        json_str(g, pas == CCA_WORLD_UNKNOWN ? NULL : cca_world_name(pas));
        json_hex(g, "vector", to_pc);
        if (have_mec) {
            gs_printf(g, ",\"mec\":{\"emec\":%d,\"mecid\":%" PRIu64
                      ",\"reg\":", mec.emec, mec.mecid);
            json_str(g, mec.reg);
            put_s(g, ",\"alt\":");
            json_str(g, mec.alt);
            g_string_append_c(g, '}');
        } else {
            put_s(g, ",\"mec\":null");
        }
        if (have_walk) {
            emit_gpt(g, &walk);
            g_string_append_c(g, '}');
        } else {
            put_s(g, ",\"gpt\":null}");
        }
    } else {
        if (have_mfar) {
            put_s(g, " | MFAR_EL3=0x");
            put_hex(g, mfar);
        }
        if (have_pa) {
            put_s(g, " pa=0x");
            put_hex(g, pa);
            put_s(g, " (");
            put_s(g, strcmp(pa_src, "flat") ? pa_src : "MMU off: PA = VA");
            g_string_append_c(g, ')');
        }
        put_s(g, " pas=");
        put_s(g, pas == CCA_WORLD_UNKNOWN ? "?" : cca_world_name(pas));
        if (have_mec) {
            gs_printf(g, " MECID 0x%" PRIx64 " (%s%s%s)", mec.mecid,
                      mec.reg ? mec.reg : "the default MECID",
                      mec.alt ? "; AMEC=1 selects " : "",
                      mec.alt ? mec.alt : "");
        }
        if (have_walk) {
            emit_gpt(g, &walk);
        }
    }
    emit(g);
    line_done(g);
}

/* ---- exceptions and interrupts ------------------------------------------- */

static void on_discon(qemu_plugin_id_t id, unsigned vcpu,
                      enum qemu_plugin_discon_type type,
                      uint64_t from_pc, uint64_t to_pc)
{
    vcpu_state *s = vstate_enter(vcpu);
    bool sync = type == QEMU_PLUGIN_DISCON_EXCEPTION;
    bool have_esr = false;
    uint64_t esr = 0;
    unsigned el;
    icache_entry e;
    bool fix;

    if (!s->ready) {
        return;
    }
    if (type == QEMU_PLUGIN_DISCON_HOSTCALL) {
        /* QEMU itself served a PSCI call or semihosting: back at to_pc. */
        if ((ev_mask & EV_CALL) && s->depth) {
            el = current_el(s);
            match_return(s, vcpu, world_at(s, el), el, to_pc, "hostcall");
        }
        return;
    }
    if (ev_mask & EV_INSN) {
        el = current_el(s);
        insn_pos_set(s, el, world_at(s, el));
    }
    /*
     * The block's inline count included the instructions after the one
     * that took a synchronous exception: known from the translation cache
     * (found there, the instruction at from_pc had instructions after it).
     */
    fix = icount_on && !icount_exact && sync && icache_find(from_pc, &e) &&
          e.rest;
    if (!fix && !(sync && (ev_mask & EV_GPF)) && !(ev_mask & EV_WORLD)) {
        return;                 /* nothing to do: no register read */
    }
    el = current_el(s);
    if (el == 0) {
        return;
    }
    if (sync && (fix || (ev_mask & EV_GPF) || el == 3)) {
        have_esr = reg_read(s, REG_EL(R_ESR1, el), &esr);
    }
    /* (For SVC, HVC and SMC, from_pc is already the next instruction.) */
    if (fix && have_esr) {
        unsigned ec = RME_ESR_EC(esr);

        if (!(ec >= 0x11 && ec <= 0x17)) {
            qemu_plugin_u64_set(sb_icount, vcpu,
                                qemu_plugin_u64_get(sb_icount, vcpu) - e.rest);
        }
    }
    if (sync && (ev_mask & EV_GPF)) {
        if (have_esr && cca_esr_is_gpf(esr)) {
            report_gpf(s, vcpu, el, esr, from_pc, to_pc);
        }
    }
    if ((ev_mask & EV_WORLD) && el == 3) {
        int src = cca_spsr_el(reg_get(s, R_SPSR3));
        const char *cause;

        if (src < 0 || src == 3) {
            return;
        }
        if (sync) {
            if (!have_esr) {
                have_esr = reg_read(s, R_ESR3, &esr);
            }
            cause = cca_ec_name(RME_ESR_EC(esr));
        } else {
            cause = cca_vector_kind(to_pc - reg_get(s, R_VBAR3));
        }
        emit_world(vcpu, s->depth, true, world_at(s, (unsigned)src),
                   (unsigned)src, world_at(s, 3), 3, cause, sync && have_esr,
                   esr, from_pc, to_pc);
    }
}

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
    GString *g = g_string_new(NULL);
    GString *missing = g_string_new(NULL);
    bool world_inferred = !s->reg[R_SCR3];
    const char *const *unavail = qemu_caps.rme_ext ? unavailable_ext :
                                 unavailable_stock;
    size_t n_unavail = qemu_caps.rme_ext ? G_N_ELEMENTS(unavailable_ext) :
                       G_N_ELEMENTS(unavailable_stock);
    size_t i;

    for (i = 0; i < R_COUNT; i++) {
        if (!s->reg[i]) {
            gs_printf(missing, "%s%s%s%s", missing->len ? "," : "",
                                   fmt_json ? "\"" : "", reg_names[i],
                                   fmt_json ? "\"" : "");
        }
    }
    if (fmt_json) {
        gs_printf(g, "{\"ev\":\"meta\",\"plugin\":\"%s\","
                               "\"schema\":%d,\"api\":%d,\"qemu_rme_ext\":%s,"
                               "\"events\":[", PLUGIN_NAME, SCHEMA_VERSION,
                               qemu_caps.api_cur,
                               qemu_caps.rme_ext ? "true" : "false");
        gs_printf(g, "%s%s%s",
                               ev_mask & EV_CALL ? "\"call\",\"ret\"" : "",
                               (ev_mask & EV_CALL) && (ev_mask & EV_WORLD) ?
                               "," : "", ev_mask & EV_WORLD ? "\"world\"" : "");
        if (ev_mask & EV_GPF) {
            gs_printf(g, "%s\"gpf\"",
                                   ev_mask & (EV_CALL | EV_WORLD) ? "," : "");
        }
        if (ev_mask & EV_INSN) {
            gs_printf(g, "%s\"insn\"",
                      ev_mask & (EV_CALL | EV_WORLD | EV_GPF) ? "," : "");
        }
        if (ev_mask & EV_GPT) {
            gs_printf(g, "%s\"gpt\"",
                      ev_mask & (EV_CALL | EV_WORLD | EV_GPF | EV_INSN) ?
                      "," : "");
        }
        if (ev_mask & EV_MEC) {
            gs_printf(g, "%s\"mec\"", ev_mask & ~EV_MEC ? "," : "");
        }
        gs_printf(g, "],\"icount\":%s,\"rme\":%s,"
                               "\"world_source\":\"%s\","
                               "\"missing_registers\":[%s],"
                               "\"unavailable\":[",
                               icount_on ? "true" : "false",
                               s->rme ? "true" : "false",
                               world_inferred ? "inferred" : "SCR_EL3",
                               missing->str);
        for (i = 0; i < n_unavail; i++) {
            if (i) {
                g_string_append_c(g, ',');
            }
            json_str(g, unavail[i]);
        }
        if ((ev_mask & EV_MEC) && !mec_traced) {
            g_string_append_c(g, ',');
            json_str(g, mec_unavailable);
        }
        put_s(g, "]}");
    } else {
        gs_printf(g, "# %s: plugin API %d, %s; events:%s%s%s%s%s%s; "
                               "icount %s; FEAT_RME %s; worlds from %s",
                               PLUGIN_NAME, qemu_caps.api_cur,
                               qemu_caps.rme_ext ? "qemu-rme API extension" :
                               "stock QEMU plugin API",
                               ev_mask & EV_CALL ? " call ret" : "",
                               ev_mask & EV_WORLD ? " world" : "",
                               ev_mask & EV_GPF ? " gpf" : "",
                               ev_mask & EV_INSN ? " insn" : "",
                               ev_mask & EV_GPT ? " gpt" : "",
                               ev_mask & EV_MEC ? " mec" : "",
                               icount_on ? "on" : "off", s->rme ? "yes" : "no",
                               world_inferred ?
                               "inference (no SCR_EL3: Non-secure)" :
                               "SCR_EL3");
        if (missing->len) {
            gs_printf(g, "\n# %s: registers not exposed: %s",
                                   PLUGIN_NAME, missing->str);
        }
        gs_printf(g, "\n# %s: unavailable %s qemu-rme API "
                               "extension:", PLUGIN_NAME, qemu_caps.rme_ext ?
                               "even with the" : "without the");
        for (i = 0; i < n_unavail; i++) {
            gs_printf(g, "\n#   %s", unavail[i]);
        }
        if ((ev_mask & EV_MEC) && !mec_traced) {
            gs_printf(g, "\n#   %s", mec_unavailable);
        }
    }
    emit(g);
    g_string_free(g, TRUE);
    g_string_free(missing, TRUE);
}

static void vcpu_init(qemu_plugin_id_t id, unsigned vcpu)
{
    static bool meta_done;
    static GMutex meta_lock;
    static gsize names_done;
    static GHashTable *names;       /* reg_names[r] -> r + 1 */
    vcpu_state *s = vstate(vcpu);
    g_autoptr(GArray) regs = qemu_plugin_get_registers();
    guint i;
    size_t r;

    if (g_once_init_enter(&names_done)) {
        names = g_hash_table_new(g_str_hash, g_str_equal);
        for (r = 0; r < R_COUNT; r++) {
            g_hash_table_insert(names, (gpointer)reg_names[r],
                                GSIZE_TO_POINTER(r + 1));
        }
        g_once_init_leave(&names_done, 1);
    }
    s->buf = g_byte_array_new();
    /* The first register of each name, as the gdbstub lists them. */
    for (i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);

        r = d->name ? GPOINTER_TO_SIZE(g_hash_table_lookup(names, d->name)) : 0;
        if (r && !s->reg[r - 1]) {
            s->reg[r - 1] = d->handle;
        }
    }
    s->rme = s->reg[R_GPCCR3] != NULL;
    s->ready = s->reg[R_CPSR] != NULL && s->reg[R_X0] != NULL;

    g_mutex_lock(&meta_lock);
    if (!meta_done) {
        meta_done = true;
        emit_meta(s);
    }
    g_mutex_unlock(&meta_lock);
}

/* ---- summary ------------------------------------------------------------- */

static gint cmp_fid_stats(gconstpointer a, gconstpointer b)
{
    const fid_stats *x = *(fid_stats *const *)a, *y = *(fid_stats *const *)b;

    return x->fid < y->fid ? -1 : x->fid > y->fid;
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    GString *g = g_string_new(NULL);
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    uint64_t pending = 0;
    int vcpu, n = qemu_plugin_num_vcpus();
    unsigned w, a;
    guint i;
    bool first;

    g_mutex_lock(&stats_lock);
    n_events[N_INSN] = 0;
    for (vcpu = 0; vcpu < n; vcpu++) {
        vcpu_state *s = vstate(vcpu);

        pending += s->depth + s->nparked;
        n_events[N_INSN] += s->n_insn;      /* also its icount: keep it */
    }
    g_hash_table_iter_init(&it, fid_table);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        g_ptr_array_add(list, v);
    }
    g_ptr_array_sort(list, cmp_fid_stats);

    if (fmt_json) {
        gs_printf(g, "{\"ev\":\"summary\",\"counts\":{\"call\":%"
                               PRIu64 ",\"ret\":%" PRIu64 ",\"world\":%" PRIu64
                               ",\"gpf\":%" PRIu64 ",\"insn\":%" PRIu64
                               ",\"gpt\":%" PRIu64 ",\"mec\":%" PRIu64
                               "},\"gpf_by_world\":[",
                               n_events[N_CALL], n_events[N_RET],
                               n_events[N_WORLD], n_events[N_GPF],
                               n_events[N_INSN], n_events[N_GPT],
                               n_events[N_MEC]);
        first = true;
        for (w = 0; w < 5; w++) {
            for (a = 0; a < 5; a++) {
                if (gpf_pairs[w][a]) {
                    gs_printf(g, "%s{\"world\":\"%s\",\"pas\":",
                                           first ? "" : ",",
                                           cca_world_name((cca_world)w));
                    json_str(g, a == CCA_WORLD_UNKNOWN ? NULL :
                             cca_world_name((cca_world)a));
                    gs_printf(g, ",\"count\":%" PRIu64 "}",
                                           gpf_pairs[w][a]);
                    first = false;
                }
            }
        }
        put_s(g, "],\"calls\":[");
        for (i = 0; i < list->len; i++) {
            fid_stats *st = g_ptr_array_index(list, i);
            cca_fid_info fi = fid_lookup(st->fid, CCA_WORLD_UNKNOWN);

            gs_printf(g, "%s{\"fid\":\"0x%08x\",\"name\":",
                                   i ? "," : "", st->fid);
            json_str(g, fi.name);
            put_s(g, ",\"iface\":");
            json_str(g, cca_iface_name(fi.iface, st->fid));
            gs_printf(g, ",\"calls\":%" PRIu64 ",\"returned\":%"
                                   PRIu64 ",\"insns_total\":", st->calls,
                                   st->returned);
            if (icount_on && st->returned) {
                gs_printf(g, "%" PRIu64 ",\"insns_mean\":%.1f}",
                                       st->insns,
                                       (double)st->insns / st->returned);
            } else if (icount_on) {
                put_s(g, "0,\"insns_mean\":null}");
            } else {
                put_s(g, "null,\"insns_mean\":null}");
            }
        }
        gs_printf(g, "],\"pending\":%" PRIu64 ",\"lost\":%" PRIu64
                               "}", pending, n_lost);
    } else {
        gs_printf(g, "# summary: %" PRIu64 " call, %" PRIu64
                               " ret, %" PRIu64 " world, %" PRIu64 " gpf",
                               n_events[N_CALL], n_events[N_RET],
                               n_events[N_WORLD], n_events[N_GPF]);
        if (ev_mask & EV_INSN) {
            gs_printf(g, ", %" PRIu64 " insn", n_events[N_INSN]);
        }
        if (ev_mask & EV_GPT) {
            gs_printf(g, ", %" PRIu64 " gpt", n_events[N_GPT]);
        }
        if (ev_mask & EV_MEC) {
            gs_printf(g, ", %" PRIu64 " mec", n_events[N_MEC]);
        }
        gs_printf(g, "; %" PRIu64 " calls pending at exit, %" PRIu64
                  " lost\n", pending, n_lost);
        put_s(g, "# GPFs by faulting world -> PA space:");
        first = true;
        for (w = 0; w < 5; w++) {
            for (a = 0; a < 5; a++) {
                if (gpf_pairs[w][a]) {
                    gs_printf(g, "%s %s -> %s: %" PRIu64,
                                           first ? "" : ",",
                                           cca_world_name((cca_world)w),
                                           cca_world_name((cca_world)a),
                                           gpf_pairs[w][a]);
                    first = false;
                }
            }
        }
        gs_printf(g, "%s\n# %-32s %-10s %-8s %7s %8s %12s %10s\n",
                               first ? " none" : "", "calls by function", "fid",
                               "iface", "calls", "returned", "insns total",
                               "mean");
        for (i = 0; i < list->len; i++) {
            fid_stats *st = g_ptr_array_index(list, i);
            cca_fid_info fi = fid_lookup(st->fid, CCA_WORLD_UNKNOWN);

            gs_printf(g, "# %-32s 0x%08x %-8s %7" PRIu64 " %8"
                                   PRIu64, fi.name ? fi.name : "?", st->fid,
                                   cca_iface_name(fi.iface, st->fid),
                                   st->calls, st->returned);
            if (icount_on && st->returned) {
                gs_printf(g, " %12" PRIu64 " %10.1f\n", st->insns,
                                       (double)st->insns / st->returned);
            } else {
                gs_printf(g, " %12s %10s\n", "-", "-");
            }
        }
        g_string_truncate(g, g->len - 1);
    }
    g_mutex_unlock(&stats_lock);
    emit(g);
    g_string_free(g, TRUE);

    g_mutex_lock(&out_lock);
    if (out_file) {
        fclose(out_file);
        out_file = NULL;
    }
    g_mutex_unlock(&out_lock);
}

/* ---- options ------------------------------------------------------------- */

static const char usage[] =
    PLUGIN_NAME ": options: events=call:world:gpf:insn:gpt:mec|all (kinds "
    "separated by ':' or '+', since QEMU splits -plugin arguments at ','), "
    "format=text|json, outfile=PATH, icount=on|off, mec-pa=FIRST-LAST";

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
    ev_mask = mask;
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
            if (!strcmp(val, "json")) {
                fmt_json = true;
            } else if (!strcmp(val, "text")) {
                fmt_json = false;
            } else {
                return bad_option(argv[i], "format is text or json");
            }
        } else if (!strcmp(key, "outfile")) {
            if (!*val) {
                return bad_option(argv[i], "empty file name");
            }
            g_free(out_path);
            out_path = g_strdup(val);
        } else if (!strcmp(key, "icount")) {
            if (!qemu_plugin_bool_parse(key, val, &icount_on)) {
                return bad_option(argv[i], "icount is on or off");
            }
        } else if (!strcmp(key, "mec-pa")) {
            if (!parse_pa_range(val, &mec_pa_lo, &mec_pa_hi)) {
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
    unsigned discon;

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
        out_file = fopen(out_path, "w");
        if (!out_file) {
            fprintf(stderr, "%s: cannot open outfile '%s': %s\n", PLUGIN_NAME,
                    out_path, strerror(errno));
            return -1;
        }
        setvbuf(out_file, NULL, _IOFBF, 1 << 16);
    }
    probe_qemu(info);

    fid_table = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    _Static_assert(sizeof(gsize) >= sizeof(uint64_t),
                   "icache keys and values are 64-bit in a pointer");
    icache = g_hash_table_new(NULL, NULL);
    insn_recs = g_hash_table_new_full(insn_rec_hash, insn_rec_equal,
                                      insn_rec_free, NULL);
    sb_state = qemu_plugin_scoreboard_new(sizeof(vcpu_state));
    sb_inline = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    sb_icount = qemu_plugin_scoreboard_u64(sb_inline);

    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    if ((ev_mask & EV_GPT) && !qemu_caps.rme_ext) {
        fprintf(stderr, "%s: events=gpt needs the qemu-rme plugin API "
                "extension (reads of the Root PA space): this QEMU has "
                "none, so no gpt event will be written\n", PLUGIN_NAME);
    }
    mec_traced = (ev_mask & EV_MEC) && qemu_caps.hwaddr_pas &&
                 qemu_caps.hwaddr_mecid;
    if ((ev_mask & EV_MEC) && !mec_traced) {
        fprintf(stderr, "%s: events=mec needs the qemu-rme plugin API "
                "extension version 2 or later (the MECID of an access): "
                "this QEMU has %s, so no mec event will be written\n",
                PLUGIN_NAME, qemu_caps.rme_api ? "an older version" : "none");
    }
    if (ev_mask & EV_INSN) {
        icount_exact = true;
    } else if (icount_on && qemu_caps.register_rewind) {
        qemu_caps.register_rewind(id, on_rewind);
        icount_exact = true;
    }
    /* GPF events alone need no translation hook: only the exception one. */
    translating = icount_on || mec_traced ||
                  (ev_mask & (EV_CALL | EV_WORLD | EV_INSN | EV_GPT));
    if (translating) {
        qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    }
    /*
     * Exceptions for GPFs, world entries and the instruction count; host
     * calls for calls that QEMU serves itself (PSCI without firmware).
     */
    discon = 0;
    if (ev_mask & EV_CALL) {
        discon |= QEMU_PLUGIN_DISCON_HOSTCALL;
    }
    if ((ev_mask & (EV_GPF | EV_WORLD | EV_INSN)) || icount_on) {
        discon |= QEMU_PLUGIN_DISCON_EXCEPTION;
    }
    if (ev_mask & (EV_WORLD | EV_INSN)) {
        discon |= QEMU_PLUGIN_DISCON_INTERRUPT;
    }
    qemu_plugin_register_vcpu_discon_cb(
        id, (enum qemu_plugin_discon_type)discon, on_discon);
    qemu_plugin_register_flush_cb(id, on_flush);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
