/*
 * gpt-map: small helpers shared by the modules (numbers, sizes, escaping)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GPT_MAP_UTIL_H
#define GPT_MAP_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

/*
 * A whole string as an unsigned 64-bit number: "0x" or "0X" then 1 or
 * more hex digits, or decimal digits.  No sign, no spaces, no suffix;
 * false on anything else or on overflow.
 */
bool gm_parse_u64(const char *s, uint64_t *out);

/*
 * A size in binary units: exact ("12 KiB", "3 GiB") when it is a whole
 * number of the largest unit it reaches, else that unit with two decimals
 * rounded down ("1023.98 MiB"), so a size is never shown larger than it is.
 */
void gm_append_size(GString *out, uint64_t size);

/* Text for XML character data and attribute values ("&<>\"'" escaped;
 * characters XML 1.0 does not allow become U+FFFD). */
void gm_append_xml(GString *out, const char *s);

/* @s with every byte outside printable ASCII as '?' (for terminals). */
void gm_append_printable(GString *out, const char *s);

#endif /* GPT_MAP_UTIL_H */
