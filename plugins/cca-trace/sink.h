/*
 * qemu-rme: cca-trace, an output sink: how events, the start-up meta
 * information and the exit summary are written (sink-text.c, sink-json.c,
 * sink-tarmac.c)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TRACE_SINK_H
#define CCA_TRACE_SINK_H

#include "event.h"

/* What the QEMU and the first vCPU provide: the meta information. */
typedef struct ct_meta {
    bool rme;                   /* FEAT_RME */
    bool world_inferred;        /* no SCR_EL3: Non-secure */
    const char *const *missing; /* names of the registers not exposed */
    size_t n_missing;
    const char *const *unavail; /* what this QEMU cannot provide */
    size_t n_unavail;
    const char *mec_unavailable;    /* events=mec asked in vain, or NULL */
} ct_meta;

/* The calls of one function ID (stats.c). */
typedef struct ct_fid_stats {
    uint32_t fid;
    const char *name;           /* NULL: unknown */
    const char *iface;
    uint64_t calls, returned, insns;
} ct_fid_stats;

typedef struct ct_summary {
    uint64_t n[CT_EV_NKINDS];   /* events by kind */
    uint64_t gpf_pairs[5][5];   /* [faulting world][PA space], 4: unknown */
    const ct_fid_stats *fids;   /* by function ID */
    size_t n_fids;
    uint64_t pending, lost;     /* calls still waiting; dropped */
} ct_summary;

/*
 * A sink appends one line (without its newline; text meta and summary
 * lines may hold several) to a buffer that out.c writes.
 */
typedef void ct_sink_event_fn(GString *g, const ct_event *ev);

typedef struct ct_sink {
    const char *name;           /* format=NAME */
    /* the writer of each kind of event; NULL: the format has no form */
    ct_sink_event_fn *event[CT_EV_NKINDS];
    void (*meta)(GString *g, const ct_meta *m);
    void (*summary)(GString *g, const ct_summary *s);
} ct_sink;

extern const ct_sink ct_sink_text, ct_sink_json, ct_sink_tarmac;

/* A sink's writer of one syndrome field: *@first until one is written */
typedef void ct_iss_field_fn(GString *g, bool *first, const char *name,
                             uint64_t v);

/* The ISS fields of a Data or Instruction Abort's syndrome (iss.c) */
void ct_abort_iss_fields(GString *g, bool *first, const ct_ev_gpf *e,
                         ct_iss_field_fn *field);

#endif
