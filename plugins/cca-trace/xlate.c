/*
 * qemu-rme: cca-trace, translation-time hooks: which instructions get an
 * execution callback (SMC, HVC, ERET, TLBI PA*; every one with
 * events=insn; memory callbacks with events=mec), and what is noted of the
 * instructions that may fault in the middle of their block
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "trace.h"

bool translating;
va_table fault_opcodes;

void va_table_init(va_table *t)
{
    _Static_assert(sizeof(gsize) >= sizeof(uint64_t),
                   "va_table keys are 64-bit in a pointer");
    t->map = g_hash_table_new(NULL, NULL);
}

bool va_table_find(va_table *t, uint64_t vaddr, uint32_t *val)
{
    gpointer v;
    bool hit;

    g_mutex_lock(&t->lock);
    hit = g_hash_table_lookup_extended(t->map, GSIZE_TO_POINTER(vaddr),
                                       NULL, &v);
    g_mutex_unlock(&t->lock);
    if (hit) {
        *val = (uint32_t)GPOINTER_TO_SIZE(v);
    }
    return hit;
}

/* Called with t->lock held */
static void va_table_put(va_table *t, uint64_t vaddr, uint32_t val)
{
    g_hash_table_insert(t->map, GSIZE_TO_POINTER(vaddr),
                        GSIZE_TO_POINTER((gsize)val));
}

static void va_table_clear(va_table *t)
{
    g_mutex_lock(&t->lock);
    g_hash_table_remove_all(t->map);
    g_mutex_unlock(&t->lock);
}

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
 * (D9.8, TLB maintenance for GPT entries).
 */
static const struct { uint32_t enc; const char *name; } tlbi_pa[] = {
    { 0xd50e8780u, "TLBI PAALL" },      /* CRm 7, op2 4 */
    { 0xd50e8180u, "TLBI PAALLOS" },    /* CRm 1, op2 4 */
    { 0xd50e8460u, "TLBI RPAOS" },      /* CRm 4, op2 3 */
    { 0xd50e84e0u, "TLBI RPALOS" },     /* CRm 4, op2 7 */
};

const char *tlbi_pa_name(unsigned kind)
{
    return tlbi_pa[kind].name;
}

static int tlbi_pa_kind(uint32_t w)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(tlbi_pa); i++) {
        if ((w & ~0x1fu) == tlbi_pa[i].enc) {
            return (int)i;
        }
    }
    return -1;
}

/*
 * events=insn: the insn_rec of each translated instruction (shared by
 * every translation of the same encoding at the same address, so the
 * table grows with the code, not with retranslations); kept until QEMU
 * exits (a callback may still fire).
 */
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

/* Note an instruction that may fault, in the tables that want it. */
static void note_may_fault(bool *locked, uint64_t va, uint32_t w,
                           uint16_t rest)
{
    if (!*locked) {
        if (fault_opcodes.on) {
            g_mutex_lock(&fault_opcodes.lock);
        }
        if (fault_rest.on) {
            g_mutex_lock(&fault_rest.lock);
        }
        *locked = true;
    }
    if (fault_opcodes.on) {
        va_table_put(&fault_opcodes, va, w);
    }
    if (fault_rest.on) {
        va_table_put(&fault_rest, va, rest);
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    unsigned ev = ct_opt.ev_mask;
    size_t n = qemu_plugin_tb_n_insns(tb);
    bool locked = false;
    bool note = fault_opcodes.on || fault_rest.on;
    size_t i;

    icount_tb(tb, n);
    for (i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint8_t b[4];
        size_t got = qemu_plugin_insn_data(insn, b, sizeof(b));
        uint32_t w;
        uint64_t va;
        enum insn_kind kind;

        if (ev & EV_INSN) {
            trace_insn(insn, b, got);
        }
        if (ct_opt.mec_traced) {
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
        if ((ev & EV_GPT) && tlbi_pa_kind(w) >= 0) {
            /* A64 instructions are 4-byte aligned: the kind in bits 1:0 */
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, on_tlbi_pa, QEMU_PLUGIN_CB_R_REGS,
                (void *)(uintptr_t)(qemu_plugin_insn_vaddr(insn) |
                                    (unsigned)tlbi_pa_kind(w)));
        }
        if (may_fault(w)) {
            if (note) {
                note_may_fault(&locked, qemu_plugin_insn_vaddr(insn), w,
                               (uint16_t)(n - 1 - i));
            }
            continue;
        }
        kind = classify(w);
        if (kind == K_NONE) {
            continue;
        }
        va = qemu_plugin_insn_vaddr(insn);
        if ((kind == K_SMC || kind == K_HVC) && (ev & EV_CALL)) {
            /* A64 instructions are 4-byte aligned: the kind in bits 1:0 */
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, on_call, QEMU_PLUGIN_CB_R_REGS,
                (void *)(uintptr_t)(va | kind));
        } else if (kind == K_ERET && (ev & (EV_CALL | EV_WORLD | EV_INSN))) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, on_eret, QEMU_PLUGIN_CB_R_REGS, (void *)(uintptr_t)va);
        }
    }
    if (locked) {
        if (fault_rest.on) {
            g_mutex_unlock(&fault_rest.lock);
        }
        if (fault_opcodes.on) {
            g_mutex_unlock(&fault_opcodes.lock);
        }
    }
}

/* QEMU flushed its translations: what was noted of them goes too. */
static void on_flush(qemu_plugin_id_t id)
{
    va_table_clear(&fault_opcodes);
    va_table_clear(&fault_rest);
}

void xlate_install(qemu_plugin_id_t id)
{
    va_table_init(&fault_opcodes);
    if (ct_opt.ev_mask & EV_INSN) {
        insn_recs = g_hash_table_new_full(insn_rec_hash, insn_rec_equal,
                                          insn_rec_free, NULL);
    }
    /* GPF events alone need no translation hook: only the exception one. */
    translating = ct_opt.icount_on || ct_opt.mec_traced ||
                  (ct_opt.ev_mask & (EV_CALL | EV_WORLD | EV_INSN | EV_GPT));
    fault_opcodes.on = translating && (ct_opt.ev_mask & EV_GPF);
    if (translating) {
        qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    }
    qemu_plugin_register_flush_cb(id, on_flush);
}
