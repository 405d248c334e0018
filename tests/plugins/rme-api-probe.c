/*
 * qemu-rme: test plugin for the plugin API extension ("plugins: Add the
 * security space of accesses and reads in any PAS")
 *
 *   -plugin librme-api-probe.so,outfile=PATH
 *
 * Calls the extension directly (it loads only into qemu-rme).  For every
 * guest load/store to RAM it records the Security state of the vCPU (from
 * SCR_EL3.{NSE,NS} and the EL) and the PA space the access went to
 * (qemu_plugin_hwaddr_pas()); for loads in the Root and Secure PA spaces
 * it reads the same bytes back with qemu_plugin_read_memory_hwaddr_pas()
 * and compares them with the loaded value.  It also asks each access for
 * its MECID (qemu_plugin_hwaddr_mecid(), "plugins: Add the MECID of an
 * access") and counts the MECIDs of Realm PA space accesses.  At exit it
 * writes one JSON object: {"extension": N, "accesses": [{"world", "pas",
 * "count"}...], "readback": {"Root": {"same", "differ", "failed"},
 * "Secure": {...}}, "unknown_pas": N, "mecids": {"<MECID>": count...}
 * (Realm PA space), "mecid_elsewhere": N (other PA spaces with a MECID
 * other than -1)}.  tests/plugins/test_cca_trace.py checks it.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

#include "rme/arch.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static GMutex lock;
static uint64_t counts[4][4];           /* [world][pas] */
static uint64_t readback[4][3];         /* [pas]: same, differ, failed */
static uint64_t unknown_pas;
static GHashTable *mecids;              /* MECID + 1 -> count */
static uint64_t mecid_elsewhere;
static char *out_path;

typedef struct vcpu_regs {
    struct qemu_plugin_register *cpsr, *scr;
    GByteArray *buf;
} vcpu_regs;

static struct qemu_plugin_scoreboard *regs_sb;

static uint64_t reg64(vcpu_regs *r, struct qemu_plugin_register *reg)
{
    uint64_t v = 0;
    int i, n;

    g_byte_array_set_size(r->buf, 0);
    n = qemu_plugin_read_register(reg, r->buf);
    for (i = 0; i < n && i < 8; i++) {
        v |= (uint64_t)r->buf->data[i] << (8 * i);
    }
    return v;
}

/* The Security state: Root at EL3, else SCR_EL3.{NSE,NS}. */
static unsigned world(vcpu_regs *r)
{
    unsigned el = (unsigned)(reg64(r, r->cpsr) >> 2) & 3;
    uint64_t scr = reg64(r, r->scr);

    if (el == 3) {
        return QEMU_PLUGIN_PAS_ROOT;
    }
    return rme_ss_from_nse_ns(RME_FIELD(scr, RME_SCR_NSE_SHIFT, 1),
                              RME_FIELD(scr, RME_SCR_NS_SHIFT, 1));
}

static void on_mem(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t va,
                   void *udata)
{
    vcpu_regs *r = qemu_plugin_scoreboard_find(regs_sb, vcpu);
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, va);
    enum qemu_plugin_pas pas;
    unsigned w, size = 1u << qemu_plugin_mem_size_shift(info), k = 2;
    int mecid;
    bool check;

    if (!hw || qemu_plugin_hwaddr_is_io(hw) || !r->cpsr || !r->scr) {
        return;
    }
    pas = qemu_plugin_hwaddr_pas(hw);
    w = world(r);
    if (pas >= QEMU_PLUGIN_PAS_UNKNOWN) {
        g_mutex_lock(&lock);
        unknown_pas++;
        g_mutex_unlock(&lock);
        return;
    }
    mecid = qemu_plugin_hwaddr_mecid(hw);
    g_mutex_lock(&lock);
    if (pas == QEMU_PLUGIN_PAS_REALM) {
        gpointer key = GINT_TO_POINTER(mecid + 1);

        g_hash_table_insert(mecids, key, GSIZE_TO_POINTER(
            GPOINTER_TO_SIZE(g_hash_table_lookup(mecids, key)) + 1));
    } else if (mecid != -1) {
        mecid_elsewhere++;
    }
    g_mutex_unlock(&lock);
    check = !qemu_plugin_mem_is_store(info) && size <= 8 &&
            (pas == QEMU_PLUGIN_PAS_ROOT || pas == QEMU_PLUGIN_PAS_SECURE);
    if (check) {
        qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
        g_autoptr(GByteArray) b = g_byte_array_new();
        uint64_t got = 0, want;
        unsigned i;

        switch (v.type) {
        case QEMU_PLUGIN_MEM_VALUE_U8: want = v.data.u8; break;
        case QEMU_PLUGIN_MEM_VALUE_U16: want = v.data.u16; break;
        case QEMU_PLUGIN_MEM_VALUE_U32: want = v.data.u32; break;
        default: want = v.data.u64; break;
        }
        if (qemu_plugin_read_memory_hwaddr_pas(qemu_plugin_hwaddr_phys_addr(hw),
                                               pas, b, size) ==
            QEMU_PLUGIN_HWADDR_OPERATION_OK) {
            for (i = 0; i < size; i++) {
                got |= (uint64_t)b->data[i] << (8 * i);
            }
            k = got == want ? 0 : 1;
        }
    }
    g_mutex_lock(&lock);
    counts[w][pas]++;
    if (check) {
        readback[pas][k]++;     /* k: 0 same, 1 differ, 2 read failed */
    }
    g_mutex_unlock(&lock);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t i, n = qemu_plugin_tb_n_insns(tb);

    for (i = 0; i < n; i++) {
        qemu_plugin_register_vcpu_mem_cb(qemu_plugin_tb_get_insn(tb, i), on_mem,
                                         QEMU_PLUGIN_CB_R_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
    }
}

static void vcpu_init(qemu_plugin_id_t id, unsigned vcpu)
{
    vcpu_regs *r = qemu_plugin_scoreboard_find(regs_sb, vcpu);
    g_autoptr(GArray) regs = qemu_plugin_get_registers();
    guint i;

    r->buf = g_byte_array_new();
    for (i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);

        if (!strcmp(d->name, "cpsr")) {
            r->cpsr = d->handle;
        } else if (!strcmp(d->name, "SCR_EL3")) {
            r->scr = d->handle;
        }
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    FILE *f = fopen(out_path, "w");
    unsigned w, a;
    bool first = true;
    GHashTableIter it;
    gpointer key, val;

    if (!f) {
        return;
    }
    fprintf(f, "{\"extension\":%d,\"accesses\":[", qemu_plugin_rme_api_version());
    for (w = 0; w < 4; w++) {
        for (a = 0; a < 4; a++) {
            if (counts[w][a]) {
                fprintf(f, "%s{\"world\":\"%s\",\"pas\":\"%s\",\"count\":%" PRIu64
                        "}", first ? "" : ",", rme_ss_name(w), rme_ss_name(a), counts[w][a]);
                first = false;
            }
        }
    }
    fprintf(f, "],\"readback\":{");
    for (a = 0; a < 4; a += 2) {
        fprintf(f, "%s\"%s\":{\"same\":%" PRIu64 ",\"differ\":%" PRIu64
                ",\"failed\":%" PRIu64 "}", a ? "," : "", rme_ss_name(a),
                readback[a][0], readback[a][1], readback[a][2]);
    }
    fprintf(f, "},\"unknown_pas\":%" PRIu64 ",\"mecids\":{", unknown_pas);
    g_hash_table_iter_init(&it, mecids);
    first = true;
    while (g_hash_table_iter_next(&it, &key, &val)) {
        fprintf(f, "%s\"%d\":%" G_GSIZE_FORMAT, first ? "" : ",",
                GPOINTER_TO_INT(key) - 1, GPOINTER_TO_SIZE(val));
        first = false;
    }
    fprintf(f, "},\"mecid_elsewhere\":%" PRIu64 "}\n", mecid_elsewhere);
    fclose(f);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    if (argc != 1 || strncmp(argv[0], "outfile=", 8)) {
        fprintf(stderr, "rme-api-probe: usage: outfile=PATH\n");
        return -1;
    }
    out_path = g_strdup(argv[0] + 8);
    regs_sb = qemu_plugin_scoreboard_new(sizeof(vcpu_regs));
    mecids = g_hash_table_new(NULL, NULL);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
