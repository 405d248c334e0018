/*
 * qemu-rme: cca-trace, statistics for the exit summary, kept from the
 * events as they are emitted
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TRACE_STATS_H
#define CCA_TRACE_STATS_H

#include "sink.h"

void stats_install(void);
void stats_event(const ct_event *ev);
/*
 * The summary, with what only the vCPUs know added: instructions traced
 * (insn events are counted per vCPU, not under the statistics' lock),
 * calls pending and lost; handed to @fn while the statistics are held.
 */
void stats_summary(uint64_t n_insn, uint64_t pending, uint64_t lost,
                   void (*fn)(const ct_summary *s, void *opaque),
                   void *opaque);

#endif
