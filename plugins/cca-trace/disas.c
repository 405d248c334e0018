/*
 * qemu-rme: cca-trace, disassembly of the instructions that took a GPF,
 * on demand
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "trace.h"
#ifdef HAVE_CAPSTONE
#include <capstone.h>
#endif

/*
 * Disassembly, on demand: only instructions that took a GPF are decoded,
 * with capstone as QEMU does ("mnemonic operands"), through one handle.
 * (qemu_plugin_insn_disas() works only at translation time, where calling
 * it for every memory access instruction costs more than the whole trace.)
 */
char *disassemble(uint32_t opcode)
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
