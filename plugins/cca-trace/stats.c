/*
 * qemu-rme: cca-trace, statistics for the exit summary, kept from the
 * events as they are emitted: events by kind, GPFs by faulting world and
 * PA space, calls and returns by function ID with their length
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "stats.h"

static GMutex stats_lock;
static uint64_t n_events[CT_EV_NKINDS];
static uint64_t gpf_pairs[5][5];    /* [faulting world][PA space] */

typedef struct fid_count {
    uint32_t fid;
    uint64_t calls, returned, insns;
} fid_count;
static GHashTable *fid_table;       /* fid -> fid_count */

void stats_install(void)
{
    fid_table = g_hash_table_new_full(NULL, NULL, NULL, g_free);
}

/* Called with stats_lock held */
static fid_count *fid_count_of(uint32_t fid)
{
    fid_count *st = g_hash_table_lookup(fid_table, GUINT_TO_POINTER(fid));

    if (!st) {
        st = g_new0(fid_count, 1);
        st->fid = fid;
        g_hash_table_insert(fid_table, GUINT_TO_POINTER(fid), st);
    }
    return st;
}

void stats_event(const ct_event *ev)
{
    if (ev->kind == CT_EV_INSN) {
        return;     /* counted per vCPU (vcpu_state.n_insn): no lock */
    }
    g_mutex_lock(&stats_lock);
    n_events[ev->kind]++;
    switch (ev->kind) {
    case CT_EV_CALL:
        fid_count_of(ev->u.call.c->fid)->calls++;
        break;
    case CT_EV_RET: {
        fid_count *st = fid_count_of(ev->u.ret.c->fid);

        st->returned++;
        st->insns += ev->u.ret.insns;
        break;
    }
    case CT_EV_GPF:
        gpf_pairs[MIN((unsigned)ev->u.gpf.world, 4u)]
                 [MIN((unsigned)ev->u.gpf.pas, 4u)]++;
        break;
    default:
        break;
    }
    g_mutex_unlock(&stats_lock);
}

static gint cmp_fid(gconstpointer a, gconstpointer b)
{
    const ct_fid_stats *x = a, *y = b;

    return x->fid < y->fid ? -1 : x->fid > y->fid;
}

void stats_summary(uint64_t n_insn, uint64_t pending, uint64_t lost,
                   void (*fn)(const ct_summary *s, void *opaque),
                   void *opaque)
{
    g_autoptr(GArray) fids = g_array_new(FALSE, TRUE, sizeof(ct_fid_stats));
    ct_summary s = { .pending = pending, .lost = lost };
    GHashTableIter it;
    gpointer v;

    g_mutex_lock(&stats_lock);
    memcpy(s.n, n_events, sizeof(s.n));
    s.n[CT_EV_INSN] = n_insn;
    memcpy(s.gpf_pairs, gpf_pairs, sizeof(s.gpf_pairs));
    g_hash_table_iter_init(&it, fid_table);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        const fid_count *c = v;
        cca_fid_info fi = fid_lookup(c->fid, CCA_WORLD_UNKNOWN);
        ct_fid_stats st = {
            .fid = c->fid, .name = fi.name,
            .iface = cca_iface_name(fi.iface, c->fid),
            .calls = c->calls, .returned = c->returned, .insns = c->insns,
        };

        g_array_append_val(fids, st);
    }
    g_array_sort(fids, cmp_fid);
    s.fids = (const ct_fid_stats *)(void *)fids->data;
    s.n_fids = fids->len;
    fn(&s, opaque);
    g_mutex_unlock(&stats_lock);
}
