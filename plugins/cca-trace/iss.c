/*
 * qemu-rme: cca-trace, the ISS fields of an abort's syndrome, for every
 * sink that writes them one by one (sink-text.c, sink-json.c)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sink.h"

/*
 * DDI0487 ESR_ELx.ISS of a Data Abort (EC 0x24/0x25) and, without the
 * data-access fields, of an Instruction Abort (EC 0x20/0x21): ISV and,
 * when it is set, SAS, SSE, SRT, SF and AR; VNCR; SET; FnV; EA; CM;
 * S1PTW; WnR.
 */
void ct_abort_iss_fields(GString *g, bool *first, const ct_ev_gpf *e,
                         ct_iss_field_fn *field)
{
    uint64_t iss = e->iss;

    if (!e->fetch) {
        field(g, first, "isv", RME_FIELD(iss, RME_ISS_ISV_SHIFT, 1));
        if (RME_FIELD(iss, RME_ISS_ISV_SHIFT, 1)) {
            field(g, first, "sas", RME_FIELD(iss, RME_ISS_SAS_SHIFT, 2));
            field(g, first, "sse", RME_FIELD(iss, RME_ISS_SSE_SHIFT, 1));
            field(g, first, "srt", RME_FIELD(iss, RME_ISS_SRT_SHIFT, 5));
            field(g, first, "sf", RME_FIELD(iss, RME_ISS_SF_SHIFT, 1));
            field(g, first, "ar", RME_FIELD(iss, RME_ISS_AR_SHIFT, 1));
        }
        field(g, first, "vncr", RME_FIELD(iss, RME_ISS_VNCR_SHIFT, 1));
    }
    field(g, first, "set", RME_FIELD(iss, RME_ISS_SET_SHIFT, 2));
    field(g, first, "fnv", RME_FIELD(iss, RME_ISS_FNV_SHIFT, 1));
    field(g, first, "ea", RME_FIELD(iss, RME_ISS_EA_SHIFT, 1));
    if (!e->fetch) {
        field(g, first, "cm", RME_FIELD(iss, RME_ISS_CM_SHIFT, 1));
    }
    field(g, first, "s1ptw", RME_FIELD(iss, RME_ISS_S1PTW_SHIFT, 1));
    if (!e->fetch) {
        field(g, first, "wnr", RME_FIELD(iss, RME_ISS_WNR_SHIFT, 1));
    }
}
