/*
 * bench-floor: the part of a TCG plugin's cost that QEMU itself imposes,
 * for scripts/bench (issue #4).  Registers a translation callback that
 * does nothing (mode=empty) or only what cca-trace's icount=on does, one
 * inline per-block addition of the block's instruction count to a
 * scoreboard (mode=count).  At exit, mode=count prints the total so that
 * the count is live and checkable.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static bool count;
static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 insns;

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    if (count) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, insns, qemu_plugin_tb_n_insns(tb));
    }
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
    if (count) {
        fprintf(stderr, "bench-floor: %" PRIu64 " instructions\n",
                qemu_plugin_u64_sum(insns));
    }
    qemu_plugin_scoreboard_free(sb);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "mode=count")) {
            count = true;
        } else if (strcmp(argv[i], "mode=empty")) {
            fprintf(stderr, "bench-floor: bad option '%s' (mode=empty|count)\n",
                    argv[i]);
            return -1;
        }
    }
    sb = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    insns = qemu_plugin_scoreboard_u64(sb);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
