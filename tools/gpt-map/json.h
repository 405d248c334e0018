/*
 * gpt-map: a small strict JSON reader
 *
 * Reads RFC 8259 JSON with one deliberate restriction: numbers must be
 * integers (no fraction, no exponent) that fit in 64 bits, signed or
 * unsigned.  Everything else is checked as the RFC says: strings are valid
 * UTF-8 with no raw control characters, escapes are the RFC's (a \u escape
 * of a surrogate must be half of a pair), no leading zeros, no trailing
 * commas, no comments.  Also rejected: duplicate object keys, "\u0000"
 * (strings are C strings), nesting deeper than the depth limit, input or
 * value counts over the limits.
 *
 * The input may hold several values one after the other, separated by
 * whitespace (JSON Lines is the common case); a leading UTF-8 byte order
 * mark is skipped.  Errors name the line and column (1-based; the column
 * counts bytes) where the problem is.
 *
 * The values live in an arena owned by the json_doc: one allocation per
 * 64 KiB, freed with the document.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GPT_MAP_JSON_H
#define GPT_MAP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_INT,
    JSON_REAL,          /* a number with a fraction or exponent (no value) */
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} json_type;

typedef struct json_value json_value;

typedef struct json_member {
    const char *key;            /* NUL-terminated, valid UTF-8 */
    size_t key_len;
    unsigned line, col;         /* where the key starts */
    const json_value *value;
} json_member;

struct json_value {
    json_type type;
    unsigned line, col;         /* where the value starts */
    union {
        struct {
            bool neg;           /* a '-' sign: the value is -mag */
            uint64_t mag;       /* neg: at most 2^63 */
        } i;
        struct {
            const char *s;      /* NUL-terminated, valid UTF-8, no NUL */
            size_t len;
        } str;
        struct {
            const json_value *const *items;
            size_t n;
        } arr;
        struct {
            const json_member *members;   /* sorted by key (bytewise) */
            size_t n;
        } obj;
    } u;
};

typedef struct json_limits {
    size_t max_bytes;           /* input size */
    unsigned max_depth;         /* arrays/objects inside each other */
    size_t max_values;          /* values in the whole input */
} json_limits;

/* 64 MiB, depth 64, 4 Mi values (about 128 MiB of values). */
#define JSON_DEFAULT_MAX_BYTES   ((size_t)64 << 20)
#define JSON_DEFAULT_MAX_DEPTH   64u
#define JSON_DEFAULT_MAX_VALUES  ((size_t)4 << 20)

typedef struct json_error {
    unsigned line, col;         /* 0 if the error has no position */
    char msg[200];
} json_error;

typedef struct json_doc json_doc;

/*
 * Parses @len bytes at @buf (need not be NUL-terminated) as a sequence of
 * one or more JSON values.  @lim may be NULL for the defaults.  Returns
 * NULL and fills @err on any error.
 */
json_doc *json_parse(const char *buf, size_t len, const json_limits *lim,
                     json_error *err);
void json_doc_free(json_doc *doc);

/* The top-level values, in input order. */
size_t json_doc_count(const json_doc *doc);
const json_value *json_doc_value(const json_doc *doc, size_t i);

/* The member @key of object @obj, or NULL (also if @obj is no object). */
const json_value *json_get(const json_value *obj, const char *key);

/* "null", "boolean", "integer", "string", "array", "object" */
const char *json_type_name(json_type type);

#endif /* GPT_MAP_JSON_H */
