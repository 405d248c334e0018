/*
 * qemu-rme: cca-trace, what the plugin's files share: the options, what
 * the QEMU it runs in provides, and the event sources' entry points
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CCA_TRACE_TRACE_H
#define CCA_TRACE_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>
#include <qemu-plugin.h>

#include "cca-decode.h"

#define PLUGIN_NAME     "cca-trace"
/* 3: GPI names are the PA space names; 4: mec events, summary counts.mec */
#define SCHEMA_VERSION  4

/* ---- options (main.c; set at install, read-only afterwards) ------------- */

enum {
    EV_CALL = 1u << 0,      /* call and ret */
    EV_WORLD = 1u << 1,
    EV_GPF = 1u << 2,
    EV_ALL = EV_CALL | EV_WORLD | EV_GPF,
    EV_INSN = 1u << 3,      /* every instruction: not part of "all" */
    EV_GPT = 1u << 4,       /* GPT snapshots at TLBI PA*: not in "all" */
    EV_MEC = 1u << 5,       /* Realm PA space accesses: not in "all" */
};

typedef struct ct_options {
    unsigned ev_mask;       /* EV_* */
    bool icount_on;
    bool mec_traced;        /* events=mec and a QEMU that can tell MECIDs */
    /* events=mec: only accesses to PAs in [mec_pa_lo, mec_pa_hi] */
    uint64_t mec_pa_lo, mec_pa_hi;
} ct_options;

extern ct_options ct_opt;

/* ---- what the QEMU we run in provides (main.c: probe_qemu()) ------------ */

typedef int (*read_memory_hwaddr_pas_fn)(uint64_t addr, int pas,
                                         GByteArray *data, size_t len);
typedef int (*hwaddr_info_fn)(const struct qemu_plugin_hwaddr *haddr);
typedef void (*rewind_cb_fn)(qemu_plugin_id_t id, unsigned int vcpu_index,
                             uint64_t insns_skipped);
typedef void (*register_rewind_fn)(qemu_plugin_id_t id, rewind_cb_fn cb);

typedef struct ct_qemu_caps {
    int api_cur, api_min;
    bool rme_ext;
    int rme_api;                            /* extension version, 0: none */
    read_memory_hwaddr_pas_fn read_pas;     /* NULL without the extension */
    hwaddr_info_fn hwaddr_pas;              /* NULL before extension 2 */
    hwaddr_info_fn hwaddr_mecid;            /* NULL before extension 2 */
    register_rewind_fn register_rewind;     /* NULL before plugin API 6 */
} ct_qemu_caps;

extern ct_qemu_caps qemu_caps;

/* ---- icount.c: instructions executed per vCPU --------------------------- */

/*
 * The per-block count is exact (icount_exact) when QEMU tells us of every
 * block left before its last instruction (plugin API 6) or events=insn
 * counts instructions one by one.  Else it is corrected for synchronous
 * exceptions at instructions whose position in their block is known.
 */
extern bool icount_exact;

void icount_install(qemu_plugin_id_t id);
uint64_t icount_get(unsigned vcpu);
void icount_tb(struct qemu_plugin_tb *tb, size_t n);
/*
 * A synchronous exception at @from_pc leaves its block early: how many
 * instructions after it the per-block count included, when known and the
 * count is not exact anyway (else 0); icount_take_off() corrects it.
 */
uint16_t icount_rest_at(uint64_t from_pc);
void icount_take_off(unsigned vcpu, uint16_t rest);

/* ---- xlate.c: translation-time hooks ------------------------------------ */

/*
 * A value per instruction that may fault in the middle of its block (loads,
 * stores, system instructions), noted at translation time by virtual
 * address: a map from the VA to the latest translation at that VA, emptied
 * when QEMU flushes its translations.  The same VA in another translation
 * regime may alias, but no other instruction evicts an entry (a
 * direct-mapped cache lost the faulting load of a GPF whenever a load
 * 64 KiB further on was translated later).  Filled only while @on.
 */
typedef struct va_table {
    bool on;
    GMutex lock;
    GHashTable *map;        /* vaddr -> value */
} va_table;

void va_table_init(va_table *t);
bool va_table_find(va_table *t, uint64_t vaddr, uint32_t *val);

/* The encodings of those instructions, for GPF events (gpf.c). */
extern va_table fault_opcodes;
/* How many instructions follow each in its block, for icount.c. */
extern va_table fault_rest;

extern bool translating;    /* a tb_trans callback is registered */
void xlate_install(qemu_plugin_id_t id);

/* The TLBI PA* forms (DDI0487 C5.5) by their index in xlate.c's table. */
const char *tlbi_pa_name(unsigned kind);

/*
 * events=insn: what an instruction's line needs, made once per translated
 * instruction and shared by every translation of the same encoding at the
 * same address.
 */
typedef struct insn_rec {
    uint64_t vaddr;
    uint32_t opcode;        /* its bytes, as a little-endian value */
    uint8_t size;
    char *text;             /* qemu_plugin_insn_disas(); NULL: none */
} insn_rec;

/* ---- exec.c: execution-time sources ------------------------------------- */

enum insn_kind { K_NONE, K_SMC, K_HVC, K_ERET };

void on_call(unsigned vcpu, void *udata);
void on_eret(unsigned vcpu, void *udata);
void on_insn(unsigned vcpu, void *udata);
void on_tlbi_pa(unsigned vcpu, void *udata);
void on_mem_mec(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
                void *udata);
void on_discon(qemu_plugin_id_t id, unsigned vcpu,
               enum qemu_plugin_discon_type type, uint64_t from_pc,
               uint64_t to_pc);
cca_fid_info fid_lookup(uint32_t fid, unsigned world);

/* ---- gpf.c: granule protection faults ----------------------------------- */

struct vcpu_state;

void report_gpf(struct vcpu_state *s, unsigned vcpu, unsigned tel,
                uint64_t esr, uint64_t from_pc, uint64_t to_pc);

/* ---- disas.c ------------------------------------------------------------- */

/* "mnemonic operands" of an A64 encoding (capstone); NULL: unknown. */
char *disassemble(uint32_t opcode);

#endif
