/*
 * realm-measure: the Realm Initial and Extensible Measurements as the RMM
 * specification (DEN0137 1.0, A7.1) computes them.
 *
 * A measurement is 64 bytes (RmmRealmMeasurement); with SHA-256 the upper
 * 32 bytes stay zero.  The descriptors are the specification's, byte for
 * byte: RmiRealmParams (B4.4.12) and RmiRecParams (B4.4.19), 4KB each, and
 * RmmMeasurementDescriptorData/Rec/Ripas (C1.11-C1.13), 256 bytes each,
 * little-endian.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef REALM_MEASURE_RIM_H
#define REALM_MEASURE_RIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RIM_MEAS_SIZE   64      /* RmmRealmMeasurement */
#define RIM_GRANULE     4096
#define RIM_NUM_REMS    4

/* RmiHashAlgorithm (B4.4.7) */
enum rim_hash { RIM_SHA256 = 0, RIM_SHA512 = 1 };

/* RmiRealmFlags (B4.4.11) */
#define RIM_REALM_FLAG_LPA2 (1u << 0)
#define RIM_REALM_FLAG_SVE  (1u << 1)
#define RIM_REALM_FLAG_PMU  (1u << 2)

/* The measured RmiRealmParams fields (B4.3.9.4) */
typedef struct rim_realm_params {
    uint64_t flags;
    uint8_t s2sz, sve_vl, num_bps, num_wps, pmu_num_ctrs;
    enum rim_hash hash;
} rim_realm_params;

/* The measured RmiRecParams fields (B4.3.12.4) */
typedef struct rim_rec_params {
    uint64_t flags;             /* RmiRecCreateFlags: bit 0 runnable */
    uint64_t pc;
    uint64_t gprs[8];
} rim_rec_params;

typedef struct rim_state {
    enum rim_hash hash;
    uint8_t rim[RIM_MEAS_SIZE];
    uint8_t rem[RIM_NUM_REMS][RIM_MEAS_SIZE];
} rim_state;

/* Bytes of output of @h: 32 or 64. */
size_t rim_hash_size(enum rim_hash h);
/* out[0:64] = H(data), zero-filled above the hash size. */
void rim_hash(enum rim_hash h, const void *data, size_t len,
              uint8_t out[RIM_MEAS_SIZE]);

/* RMI_REALM_CREATE (B4.3.9.4): the initial RIM; the REMs are zero. */
void rim_init(rim_state *s, const rim_realm_params *p);
/*
 * RMI_DATA_CREATE (B4.3.1.4): @content is the 4KB granule; @measure is
 * flags.measure (RMI_MEASURE_CONTENT).
 */
void rim_extend_data(rim_state *s, uint64_t ipa, bool measure,
                     const uint8_t content[RIM_GRANULE]);
/* RMI_REC_CREATE (B4.3.12.4): only a runnable REC extends the RIM. */
void rim_extend_rec(rim_state *s, const rim_rec_params *p);
/* One RTT entry [base, top) of RMI_RTT_INIT_RIPAS (B4.3.18.4). */
void rim_extend_ripas_entry(rim_state *s, uint64_t base, uint64_t top);
/*
 * RMI_RTT_INIT_RIPAS over [base, top) with RTT entries of 2^@entry_bits
 * bytes (12, 21, 30 for 4KB granules): one extension per entry, as the
 * RMM walks them.  @base and @top must be aligned to the entry size.
 * Returns the number of entries, 0 if misaligned or empty.
 */
uint64_t rim_extend_ripas(rim_state *s, uint64_t base, uint64_t top,
                          unsigned entry_bits);
/*
 * RSI_MEASUREMENT_EXTEND (B5.3.7) of REM @index (0..3) with @size (<= 64)
 * bytes of @value.  @pad: hash the value zero-padded to 64 bytes, as the
 * text of RemExtend (B3.42) reads; otherwise only @size bytes, as TF-RMM
 * v0.8.0 does.  The old value enters with the hash size in both.
 */
bool rim_extend_rem(rim_state *s, unsigned index, const uint8_t *value,
                    size_t size, bool pad);

#endif /* REALM_MEASURE_RIM_H */
