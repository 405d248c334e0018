/*
 * cca-tracediff: a Tarmac trace (Arm Fast Models TarmacTrace, or
 * cca-trace format=tarmac) turned into cca-trace events
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TRACEDIFF_TARMAC_H
#define CCA_TRACEDIFF_TARMAC_H

#include <stdbool.h>
#include <glib.h>

typedef struct tarmac_reader tarmac_reader;

/*
 * @emit gets each derived event as one cca-trace JSON Lines object (the
 * schema of docs/tracing.md, the fields cca-tracediff compares) and the
 * line number of the Tarmac line that completed it.
 */
typedef void (*tarmac_emit_fn)(void *opaque, const char *json, unsigned line);

tarmac_reader *tarmac_new(tarmac_emit_fn emit, void *opaque);
/* One line (without its newline); false and *@err on a malformed line. */
bool tarmac_line(tarmac_reader *r, const char *line, unsigned lineno,
                 char **err);
/* The end of the trace: what is still pending. */
void tarmac_finish(tarmac_reader *r, unsigned lineno);
/* Instruction lines seen (a trace without any cannot be followed). */
unsigned tarmac_insns(const tarmac_reader *r);
void tarmac_free(tarmac_reader *r);

#endif
