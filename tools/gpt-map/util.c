/*
 * gpt-map: small helpers shared by the modules (util.h)
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <string.h>

#include "util.h"

bool gm_parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;

    if (!s || !*s) {
        return false;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        if (!*s) {
            return false;
        }
        for (; *s; s++) {
            int d = g_ascii_xdigit_value(*s);

            if (d < 0 || v >> 60) {
                return false;
            }
            v = v << 4 | (unsigned)d;
        }
    } else {
        for (; *s; s++) {
            unsigned d;

            if (*s < '0' || *s > '9') {
                return false;
            }
            d = (unsigned)(*s - '0');
            if (v > (UINT64_MAX - d) / 10) {
                return false;
            }
            v = v * 10 + d;
        }
    }
    *out = v;
    return true;
}

void gm_append_size(GString *out, uint64_t size)
{
    static const char *const units[] = {
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
    };
    unsigned u = 0;

    while (u + 1 < G_N_ELEMENTS(units) && size >> (10 * (u + 1))) {
        u++;
    }
    if (u == 0 || (size & ((UINT64_C(1) << (10 * u)) - 1)) == 0) {
        g_string_append_printf(out, "%" PRIu64 " %s", size >> (10 * u),
                               units[u]);
    } else {
        /* whole units and hundredths, both rounded down, in integers */
        uint64_t whole = size >> (10 * u);
        uint64_t rest = size & ((UINT64_C(1) << (10 * u)) - 1);
        /* rest * 100 / 2^(10u) without overflow (rest < 2^60) */
        uint64_t hundredths = u <= 5 ? rest * 100 >> (10 * u)
                                     : (rest >> 4) * 100 >> (10 * u - 4);

        g_string_append_printf(out, "%" PRIu64 ".%02" PRIu64 " %s", whole,
                               hundredths, units[u]);
    }
}

void gm_append_xml(GString *out, const char *s)
{
    const char *p = s;

    while (*p) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        const char *next;

        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append(out, "\xef\xbf\xbd");
            p++;
            continue;
        }
        next = g_utf8_next_char(p);
        switch (c) {
        case '&':
            g_string_append(out, "&amp;");
            break;
        case '<':
            g_string_append(out, "&lt;");
            break;
        case '>':
            g_string_append(out, "&gt;");
            break;
        case '"':
            g_string_append(out, "&quot;");
            break;
        case '\'':
            g_string_append(out, "&apos;");
            break;
        default:
            /* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | ... */
            if ((c < 0x20 && c != 0x9 && c != 0xa && c != 0xd) ||
                c == 0xfffe || c == 0xffff) {
                g_string_append(out, "\xef\xbf\xbd");
            } else {
                g_string_append_len(out, p, next - p);
            }
        }
        p = next;
    }
}

void gm_append_printable(GString *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        g_string_append_c(out, c >= 0x20 && c < 0x7f ? (char)c : '?');
    }
}
