/*
 * gpt-map: a small strict JSON reader (json.h)
 *
 * Recursive descent, one pass over the bytes, with the depth bounded by
 * json_limits.max_depth (so by the C stack only that far).  Children of
 * the array or object being read wait on two shared stacks and move into
 * the arena when it closes.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "json.h"

/* ---- arena ---------------------------------------------------------- */

#define ARENA_BLOCK  ((size_t)64 << 10)
#define ARENA_ALIGN  ((size_t)16)

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} arena_block;

typedef struct arena {
    arena_block *head;
} arena;

static void *arena_alloc(arena *a, size_t size)
{
    arena_block *b = a->head;
    size_t need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);

    if (need == 0) {
        need = ARENA_ALIGN;
    }
    if (!b || b->cap - b->used < need) {
        size_t cap = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;

        b = g_malloc(sizeof(*b) + cap);
        b->cap = cap;
        b->used = 0;
        if (a->head && cap != ARENA_BLOCK) {
            /* a big one-off: keep filling the current block after it */
            b->next = a->head->next;
            a->head->next = b;
            b->used = need;
            return b->data;
        }
        b->next = a->head;
        a->head = b;
    }
    b->used += need;
    return b->data + b->used - need;
}

static void arena_free(arena *a)
{
    while (a->head) {
        arena_block *next = a->head->next;

        g_free(a->head);
        a->head = next;
    }
}

/* ---- documents ------------------------------------------------------ */

struct json_doc {
    arena arena;
    const json_value **values;
    size_t n;
};

typedef struct parser {
    const unsigned char *p, *end, *line_start;
    unsigned line;
    unsigned depth;
    size_t nvalues;
    json_limits lim;
    json_error *err;
    json_doc *doc;
    GPtrArray *items;           /* children of the open arrays */
    GArray *members;            /* json_member of the open objects */
    bool failed;
} parser;

static void fail_at(parser *ps, const unsigned char *at, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static void fail_at(parser *ps, const unsigned char *at, const char *fmt, ...)
{
    va_list ap;

    if (ps->failed) {
        return;
    }
    ps->failed = true;
    ps->err->line = ps->line;
    /* every position reported lies on the current line */
    ps->err->col = (unsigned)(at - ps->line_start) + 1;
    va_start(ap, fmt);
    vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
    va_end(ap);
}

/* A byte as the user would recognise it in an error message. */
static void describe_byte(char *out, size_t n, const unsigned char *p,
                          const unsigned char *end)
{
    if (p >= end) {
        snprintf(out, n, "end of input");
    } else if (*p >= 0x21 && *p < 0x7f) {
        snprintf(out, n, "'%c'", *p);
    } else {
        snprintf(out, n, "byte 0x%02x", *p);
    }
}

static void unexpected(parser *ps, const char *wanted)
{
    char what[32];

    describe_byte(what, sizeof(what), ps->p, ps->end);
    fail_at(ps, ps->p, "expected %s, found %s", wanted, what);
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end) {
        unsigned char c = *ps->p;

        if (c == '\n') {
            ps->line++;
            ps->line_start = ps->p + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        ps->p++;
    }
}

static json_value *new_value(parser *ps, json_type type,
                             const unsigned char *at)
{
    json_value *v;

    if (++ps->nvalues > ps->lim.max_values) {
        fail_at(ps, at, "more than %zu values (the reader's limit)",
                ps->lim.max_values);
        return NULL;
    }
    v = arena_alloc(&ps->doc->arena, sizeof(*v));
    memset(v, 0, sizeof(*v));
    v->type = type;
    v->line = ps->line;
    v->col = (unsigned)(at - ps->line_start) + 1;
    return v;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Four hex digits at @p (bounds checked by the caller), or -1. */
static long hex4(const unsigned char *p)
{
    long v = 0;

    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);

        if (h < 0) {
            return -1;
        }
        v = v << 4 | h;
    }
    return v;
}

static size_t put_utf8(unsigned char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xc0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xe0 | cp >> 12);
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (unsigned char)(0xf0 | cp >> 18);
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

/*
 * Length of the well-formed UTF-8 sequence at @p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xbf;
    size_t n;

    if (c < 0x80) {
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf) {
            return 0;
        }
    }
    return n;
}

/*
 * A string at ps->p (the opening quote).  Returns its decoded bytes in the
 * arena, NUL-terminated, and the length in *@len; NULL on error.
 */
static const char *parse_string(parser *ps, size_t *len)
{
    const unsigned char *open = ps->p, *q = ps->p + 1;
    unsigned char *buf, *o;

    /* First pass: find the closing quote (escapes never hide one). */
    while (q < ps->end && *q != '"') {
        q += (*q == '\\' && q + 1 < ps->end) ? 2 : 1;
    }
    if (q >= ps->end) {
        fail_at(ps, open, "unterminated string");
        return NULL;
    }
    /* Decoding never makes a string longer than its source. */
    o = buf = arena_alloc(&ps->doc->arena, (size_t)(q - open));
    for (const unsigned char *s = open + 1; s < q;) {
        if (*s == '\\') {
            const unsigned char *esc = s;
            long cp;

            switch (s[1]) {
            case '"': case '\\': case '/':
                *o++ = s[1];
                s += 2;
                continue;
            case 'b': *o++ = '\b'; s += 2; continue;
            case 'f': *o++ = '\f'; s += 2; continue;
            case 'n': *o++ = '\n'; s += 2; continue;
            case 'r': *o++ = '\r'; s += 2; continue;
            case 't': *o++ = '\t'; s += 2; continue;
            case 'u':
                break;
            default: {
                char what[32];

                describe_byte(what, sizeof(what), s + 1, q);
                fail_at(ps, esc, "invalid escape: backslash then %s", what);
                return NULL;
            }
            }
            if (q - s < 6 || (cp = hex4(s + 2)) < 0) {
                fail_at(ps, esc, "invalid \\u escape: expected 4 hex digits");
                return NULL;
            }
            s += 6;
            if (cp >= 0xdc00 && cp <= 0xdfff) {
                fail_at(ps, esc, "invalid \\u escape: a low surrogate "
                        "(\\u%04lx) without a high one before it", cp);
                return NULL;
            }
            if (cp >= 0xd800 && cp <= 0xdbff) {
                long lo;

                if (q - s < 6 || s[0] != '\\' || s[1] != 'u' ||
                    (lo = hex4(s + 2)) < 0 || lo < 0xdc00 || lo > 0xdfff) {
                    fail_at(ps, esc, "invalid \\u escape: a high surrogate "
                            "(\\u%04lx) not followed by a low one", cp);
                    return NULL;
                }
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                s += 6;
            }
            if (cp == 0) {
                fail_at(ps, esc, "\\u0000 (NUL) in a string is not accepted");
                return NULL;
            }
            o += put_utf8(o, (unsigned long)cp);
        } else if (*s < 0x20) {
            fail_at(ps, s, "control character 0x%02x in a string "
                    "(write it as an escape)", *s);
            return NULL;
        } else {
            size_t n = utf8_len(s, q);

            if (!n) {
                fail_at(ps, s, "invalid UTF-8 (byte 0x%02x) in a string", *s);
                return NULL;
            }
            memcpy(o, s, n);
            o += n;
            s += n;
        }
    }
    *o = 0;
    *len = (size_t)(o - buf);
    ps->p = q + 1;
    return (const char *)buf;
}

static json_value *parse_number(parser *ps)
{
    const unsigned char *start = ps->p;
    json_value *v;
    uint64_t mag = 0;
    bool neg = false, overflow = false;

    if (*ps->p == '-') {
        neg = true;
        ps->p++;
    }
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
        unexpected(ps, "a digit");
        return NULL;
    }
    if (*ps->p == '0') {
        ps->p++;
        if (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
            fail_at(ps, start, "invalid number: leading zeros are not allowed");
            return NULL;
        }
    } else {
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
            unsigned d = *ps->p++ - '0';

            if (mag > (UINT64_MAX - d) / 10) {
                overflow = true;
            } else {
                mag = mag * 10 + d;
            }
        }
    }
    if (ps->p < ps->end &&
        (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E')) {
        /*
         * RFC 8259 frac / exp: valid JSON (cca-trace's summary line has
         * means), kept as a JSON_REAL without a value; the map's fields
         * are integers, so the model refuses one there.
         */
        if (*ps->p == '.') {
            ps->p++;
            if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
                fail_at(ps, start, "invalid number: a digit must follow '.'");
                return NULL;
            }
            while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
                ps->p++;
            }
        }
        if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
            ps->p++;
            if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) {
                ps->p++;
            }
            if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
                fail_at(ps, start, "invalid number: a digit must follow "
                        "the exponent");
                return NULL;
            }
            while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
                ps->p++;
            }
        }
        return new_value(ps, JSON_REAL, start);
    }
    if (overflow || (neg && mag > (uint64_t)1 << 63)) {
        fail_at(ps, start, "integer out of range (more than 64 bits)");
        return NULL;
    }
    v = new_value(ps, JSON_INT, start);
    if (v) {
        v->u.i.neg = neg && mag != 0;
        v->u.i.mag = mag;
    }
    return v;
}

static json_value *parse_value(parser *ps);

static int cmp_members(const void *a, const void *b)
{
    const json_member *x = a, *y = b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);

    if (c) {
        return c;
    }
    if (x->key_len != y->key_len) {
        return x->key_len < y->key_len ? -1 : 1;
    }
    /* equal keys: input order, so the later one is reported */
    if (x->line != y->line) {
        return x->line < y->line ? -1 : 1;
    }
    return x->col < y->col ? -1 : x->col > y->col;
}

/* A key for an error message: at most 40 bytes, printable ASCII only. */
static void describe_key(char *out, size_t n, const char *key, size_t len)
{
    size_t i, o = 0;

    for (i = 0; i < len && o + 4 < n && i < 40; i++) {
        unsigned char c = (unsigned char)key[i];

        out[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (i < len && o + 4 < n) {
        out[o++] = '.';
        out[o++] = '.';
        out[o++] = '.';
    }
    out[o] = 0;
}

static json_value *parse_container(parser *ps, bool object)
{
    const unsigned char *open = ps->p;
    json_value *v = new_value(ps, object ? JSON_OBJECT : JSON_ARRAY, open);
    size_t base = object ? ps->members->len : ps->items->len, n;
    const unsigned char close = object ? '}' : ']';

    if (!v) {
        return NULL;
    }
    if (++ps->depth > ps->lim.max_depth) {
        fail_at(ps, open, "nesting deeper than %u levels (the reader's "
                "limit)", ps->lim.max_depth);
        return NULL;
    }
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
    } else {
        for (;;) {
            skip_ws(ps);
            if (object) {
                json_member m;

                if (ps->p >= ps->end || *ps->p != '"') {
                    unexpected(ps, "a string (an object key)");
                    return NULL;
                }
                m.line = ps->line;
                m.col = (unsigned)(ps->p - ps->line_start) + 1;
                m.key = parse_string(ps, &m.key_len);
                if (!m.key) {
                    return NULL;
                }
                skip_ws(ps);
                if (ps->p >= ps->end || *ps->p != ':') {
                    unexpected(ps, "':' after an object key");
                    return NULL;
                }
                ps->p++;
                m.value = parse_value(ps);
                if (!m.value) {
                    return NULL;
                }
                g_array_append_val(ps->members, m);
            } else {
                json_value *item = parse_value(ps);

                if (!item) {
                    return NULL;
                }
                g_ptr_array_add(ps->items, item);
            }
            skip_ws(ps);
            if (ps->p < ps->end && *ps->p == ',') {
                ps->p++;
                skip_ws(ps);
                if (ps->p < ps->end && *ps->p == close) {
                    fail_at(ps, ps->p, "trailing comma before '%c'", close);
                    return NULL;
                }
                continue;
            }
            if (ps->p < ps->end && *ps->p == close) {
                ps->p++;
                break;
            }
            unexpected(ps, object ? "',' or '}'" : "',' or ']'");
            return NULL;
        }
    }
    ps->depth--;
    if (object) {
        json_member *m;

        n = ps->members->len - base;
        m = arena_alloc(&ps->doc->arena, n * sizeof(*m));
        if (n) {
            memcpy(m, &g_array_index(ps->members, json_member, base),
                   n * sizeof(*m));
        }
        g_array_set_size(ps->members, (guint)base);
        qsort(m, n, sizeof(*m), cmp_members);
        for (size_t i = 1; i < n; i++) {
            if (m[i].key_len == m[i - 1].key_len &&
                memcmp(m[i].key, m[i - 1].key, m[i].key_len) == 0) {
                char key[64];

                describe_key(key, sizeof(key), m[i].key, m[i].key_len);
                ps->failed = true;
                ps->err->line = m[i].line;
                ps->err->col = m[i].col;
                snprintf(ps->err->msg, sizeof(ps->err->msg),
                         "duplicate key \"%s\" (first at line %u, "
                         "column %u)", key, m[i - 1].line, m[i - 1].col);
                return NULL;
            }
        }
        v->u.obj.members = m;
        v->u.obj.n = n;
    } else {
        const json_value **items;

        n = ps->items->len - base;
        items = arena_alloc(&ps->doc->arena, n * sizeof(*items));
        if (n) {
            memcpy(items, &g_ptr_array_index(ps->items, base),
                   n * sizeof(*items));
        }
        g_ptr_array_set_size(ps->items, (guint)base);
        v->u.arr.items = items;
        v->u.arr.n = n;
    }
    return v;
}

static bool literal(parser *ps, const char *word)
{
    size_t n = strlen(word);

    if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0) {
        ps->p += n;
        return true;
    }
    return false;
}

static json_value *parse_value(parser *ps)
{
    const unsigned char *at;
    json_value *v;

    skip_ws(ps);
    at = ps->p;
    if (ps->p >= ps->end) {
        unexpected(ps, "a value");
        return NULL;
    }
    switch (*ps->p) {
    case '{':
        return parse_container(ps, true);
    case '[':
        return parse_container(ps, false);
    case '"': {
        size_t len;
        const char *s = parse_string(ps, &len);

        if (!s) {
            return NULL;
        }
        v = new_value(ps, JSON_STRING, at);
        if (v) {
            v->u.str.s = s;
            v->u.str.len = len;
        }
        return v;
    }
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return parse_number(ps);
    case 't':
        if (literal(ps, "true")) {
            return new_value(ps, JSON_TRUE, at);
        }
        break;
    case 'f':
        if (literal(ps, "false")) {
            return new_value(ps, JSON_FALSE, at);
        }
        break;
    case 'n':
        if (literal(ps, "null")) {
            return new_value(ps, JSON_NULL, at);
        }
        break;
    default:
        break;
    }
    unexpected(ps, "a value");
    return NULL;
}

json_doc *json_parse(const char *buf, size_t len, const json_limits *lim,
                     json_error *err)
{
    parser ps = {
        .p = (const unsigned char *)buf,
        .end = (const unsigned char *)buf + len,
        .line_start = (const unsigned char *)buf,
        .line = 1,
        .lim = {
            .max_bytes = JSON_DEFAULT_MAX_BYTES,
            .max_depth = JSON_DEFAULT_MAX_DEPTH,
            .max_values = JSON_DEFAULT_MAX_VALUES,
        },
        .err = err,
    };
    GPtrArray *top;
    json_doc *doc;

    memset(err, 0, sizeof(*err));
    if (lim) {
        ps.lim = *lim;
    }
    if (len > ps.lim.max_bytes) {
        snprintf(err->msg, sizeof(err->msg),
                 "input of %zu bytes is over the reader's limit of %zu",
                 len, ps.lim.max_bytes);
        return NULL;
    }
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        ps.p += 3;              /* UTF-8 byte order mark */
        ps.line_start = ps.p;
    }
    doc = g_new0(json_doc, 1);
    ps.doc = doc;
    ps.items = g_ptr_array_new();
    ps.members = g_array_new(FALSE, FALSE, sizeof(json_member));
    top = g_ptr_array_new();
    for (;;) {
        json_value *v;

        skip_ws(&ps);
        if (ps.p >= ps.end) {
            break;
        }
        v = parse_value(&ps);
        if (!v) {
            break;
        }
        g_ptr_array_add(top, v);
    }
    if (!ps.failed && top->len == 0) {
        fail_at(&ps, ps.p, "no JSON value in the input");
    }
    g_ptr_array_free(ps.items, TRUE);
    g_array_free(ps.members, TRUE);
    if (ps.failed) {
        g_ptr_array_free(top, TRUE);
        json_doc_free(doc);
        return NULL;
    }
    doc->n = top->len;
    doc->values = (const json_value **)g_ptr_array_free(top, FALSE);
    return doc;
}

void json_doc_free(json_doc *doc)
{
    if (doc) {
        arena_free(&doc->arena);
        g_free(doc->values);
        g_free(doc);
    }
}

size_t json_doc_count(const json_doc *doc)
{
    return doc->n;
}

const json_value *json_doc_value(const json_doc *doc, size_t i)
{
    return i < doc->n ? doc->values[i] : NULL;
}

const json_value *json_get(const json_value *obj, const char *key)
{
    size_t lo = 0, hi, klen = strlen(key);

    if (!obj || obj->type != JSON_OBJECT) {
        return NULL;
    }
    hi = obj->u.obj.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const json_member *m = &obj->u.obj.members[mid];
        size_t n = m->key_len < klen ? m->key_len : klen;
        int c = memcmp(m->key, key, n);

        if (c == 0 && m->key_len != klen) {
            c = m->key_len < klen ? -1 : 1;
        }
        if (c == 0) {
            return m->value;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

const char *json_type_name(json_type type)
{
    switch (type) {
    case JSON_NULL:
        return "null";
    case JSON_FALSE:
    case JSON_TRUE:
        return "boolean";
    case JSON_INT:
        return "integer";
    case JSON_REAL:
        return "non-integer number";
    case JSON_STRING:
        return "string";
    case JSON_ARRAY:
        return "array";
    case JSON_OBJECT:
        return "object";
    default:
        return "?";
    }
}
