/*
 * qemu-rme: cca-trace, writing lines: ct_emit() hands an event to the
 * statistics and to the sink chosen with format=, and writes its line
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdarg.h>

#include "out.h"
#include "stats.h"

const ct_sink *out_sink = &ct_sink_text;
static FILE *out_file;              /* NULL: qemu_plugin_outs() */
static GMutex out_lock;

/*
 * The line of an event, in a buffer of the calling thread's that the next
 * line reuses; a vCPU's callbacks run on its thread.
 */
static __thread GString *line_buf;

void out_open(const ct_sink *sink, FILE *file)
{
    out_sink = sink;
    out_file = file;
}

void out_close(void)
{
    g_mutex_lock(&out_lock);
    if (out_file) {
        fclose(out_file);
        out_file = NULL;
    }
    g_mutex_unlock(&out_lock);
}

void out_write(GString *line)
{
    if (!line->len) {
        return;                 /* the sink has no line for this */
    }
    g_string_append_c(line, '\n');
    g_mutex_lock(&out_lock);
    if (out_file) {
        fwrite(line->str, 1, line->len, out_file);
    } else {
        qemu_plugin_outs(line->str);
    }
    g_mutex_unlock(&out_lock);
}

void ct_emit(const ct_event *ev)
{
    GString *g = line_buf;

    if (!g) {
        g = line_buf = g_string_sized_new(512);
    }
    g_string_truncate(g, 0);
    stats_event(ev);
    if (out_sink->event[ev->kind]) {
        out_sink->event[ev->kind](g, ev);
    }
    out_write(g);
}

/*
 * gs_printf() for the subset of printf the events use, without
 * going through vasprintf (a malloc, a copy and the full printf machinery
 * per call: most of the cost of an event line).  Conversions d i u x s c %
 * with flags '-' and '0', a width (digits or '*') and the length modifiers
 * l ll z, formatted as glibc does; anything else (a precision, %f) hands
 * the whole call to g_string_append_vprintf(), so the output is the same.
 */
void G_GNUC_PRINTF(2, 3) gs_printf(GString *g, const char *fmt, ...)
{
    va_list ap, ap0;
    gsize start = g->len;
    char out[256];              /* appended to @g when full and at the end */
    gsize o = 0;
    const char *f;

#define PUT(c) do {                                 \
        if (o == sizeof(out)) {                     \
            g_string_append_len(g, out, (gssize)o); \
            o = 0;                                  \
        }                                           \
        out[o++] = (c);                             \
    } while (0)

    va_start(ap, fmt);
    va_copy(ap0, ap);
    for (f = fmt; *f; f++) {
        char num[24], *digits;
        const char *str;
        bool left = false, zero = false, neg = false;
        int width = 0;
        char lng = 0;           /* 0 (int), 'l', 'L' (long long), 'z' */
        gsize len, pad, i;
        uint64_t v;

        if (*f != '%') {
            PUT(*f);
            continue;
        }
        for (f++; *f == '-' || *f == '0'; f++) {
            left |= *f == '-';
            zero |= *f == '0';
        }
        if (*f == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = true;
                width = -width;
            }
            f++;
        } else {
            while (*f >= '0' && *f <= '9') {
                width = width * 10 + (*f++ - '0');
            }
        }
        if (*f == 'z') {
            lng = 'z';
            f++;
        } else if (*f == 'l') {
            lng = f[1] == 'l' ? 'L' : 'l';
            f += lng == 'L' ? 2 : 1;
        }
#define ARG(type) (lng == 'l' ? (type long)va_arg(ap, type long) :          \
                   lng == 'L' ? (type long long)va_arg(ap, type long long) : \
                   lng == 'z' ? (type long long)va_arg(ap, size_t) :        \
                   (type int)va_arg(ap, type int))
        switch (*f) {
        case 'd':
        case 'i': {
            int64_t sv = ARG(signed);

            neg = sv < 0;
            v = neg ? -(uint64_t)sv : (uint64_t)sv;
            goto decimal;
        }
        case 'u':
            v = ARG(unsigned);
        decimal:
            digits = num + sizeof(num);
            do {
                *--digits = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            if (neg) {
                *--digits = '-';
            }
            str = digits;
            len = (gsize)(num + sizeof(num) - digits);
            break;
        case 'x':
            v = ARG(unsigned);
            digits = num + sizeof(num);
            do {
                *--digits = "0123456789abcdef"[v & 15];
                v >>= 4;
            } while (v);
            str = digits;
            len = (gsize)(num + sizeof(num) - digits);
            break;
        case 's':
            str = va_arg(ap, const char *);
            if (!str) {
                str = "(null)";
            }
            len = strlen(str);
            zero = false;
            break;
        case 'c':
            num[0] = (char)va_arg(ap, int);
            str = num;
            len = 1;
            zero = false;
            break;
        case '%':
            if (width || left || zero || lng) {
                goto fallback;
            }
            PUT('%');
            continue;
        default:
            goto fallback;
        }
        pad = (gsize)width > len ? (gsize)width - len : 0;
        if (!left && !zero) {
            for (i = 0; i < pad; i++) {
                PUT(' ');
            }
        } else if (zero && !left) {
            if (neg) {
                PUT('-');
                str++;
                len--;
            }
            for (i = 0; i < pad; i++) {
                PUT('0');
            }
        }
        for (i = 0; i < len; i++) {
            PUT(str[i]);
        }
        if (left) {
            for (i = 0; i < pad; i++) {
                PUT(' ');
            }
        }
    }
#undef ARG
#undef PUT
    g_string_append_len(g, out, (gssize)o);
    va_end(ap);
    va_end(ap0);
    return;

fallback:
    va_end(ap);
    g_string_truncate(g, start);
    g_string_append_vprintf(g, fmt, ap0);
    va_end(ap0);
}


void json_str(GString *g, const char *s)
{
    if (!s) {
        put_s(g, "null");
        return;
    }
    g_string_append_c(g, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            g_string_append_c(g, '\\');
            g_string_append_c(g, (char)c);
        } else if (c < 0x20) {
            gs_printf(g, "\\u%04x", c);
        } else {
            g_string_append_c(g, (char)c);
        }
    }
    g_string_append_c(g, '"');
}

void json_hex(GString *g, const char *key, uint64_t v)
{
    put_len(g, ",\"", 2);
    put_s(g, key);
    put_len(g, "\":\"0x", 5);
    put_hex(g, v);
    g_string_append_c(g, '"');
}
