/*
 * Unit tests of tools/gpt-map/json.c, the strict JSON reader: valid
 * input (every type, escapes, UTF-8, sequences of values), malformed
 * input with the line and column of the error, the limits (depth, size,
 * value count) and numbers at and beyond 64 bits.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "json.h"
#include "tap.h"

static json_doc *parse(const char *s)
{
    json_error e;

    return json_parse(s, strlen(s), NULL, &e);
}

/*
 * @s must fail at @line:@col with a message containing @what.  A macro so
 * that failures point at the case.
 */
#define BAD(s, line, col, what) \
    bad_at(__FILE__, __LINE__, (s), sizeof(s) - 1, (line), (col), (what), NULL)
#define BAD_LIM(s, lim, line, col, what) \
    bad_at(__FILE__, __LINE__, (s), strlen(s), (line), (col), (what), (lim))

static void bad_at(const char *file, int fline, const char *s, size_t len,
                   unsigned line, unsigned col, const char *what,
                   const json_limits *lim)
{
    json_error e;
    json_doc *doc = json_parse(s, len, lim, &e);

    if (!tap_ok_at(file, fline, doc == NULL, "rejected: %.60s", s)) {
        json_doc_free(doc);
        return;
    }
    tap_eq_u64_at(file, fline, "line", e.line, line);
    tap_eq_u64_at(file, fline, "column", e.col, col);
    tap_ok_at(file, fline, strstr(e.msg, what) != NULL,
              "message \"%s\" contains \"%s\"", e.msg, what);
}

static void test_valid(void)
{
    const char *s =
        "{\"b\": [1, -2, 0, -0, true, false, null],\n"
        " \"a\": {\"x\": \"y\", \"\": []},\n"
        " \"big\": 18446744073709551615, \"min\": -9223372036854775808}";
    json_doc *doc;
    const json_value *v, *b;

    tap_begin("valid: every type, members found by key, positions");
    doc = parse(s);
    TAP_TRUE(doc != NULL);
    if (!doc) {
        tap_end();
        return;
    }
    TAP_EQ_U64(json_doc_count(doc), 1);
    v = json_doc_value(doc, 0);
    TAP_EQ_INT(v->type, JSON_OBJECT);
    TAP_EQ_U64(v->u.obj.n, 4);
    b = json_get(v, "b");
    TAP_TRUE(b && b->type == JSON_ARRAY && b->u.arr.n == 7);
    if (b && b->u.arr.n == 7) {
        TAP_EQ_INT(b->u.arr.items[0]->type, JSON_INT);
        TAP_EQ_U64(b->u.arr.items[0]->u.i.mag, 1);
        TAP_TRUE(b->u.arr.items[1]->u.i.neg);
        TAP_EQ_U64(b->u.arr.items[1]->u.i.mag, 2);
        TAP_TRUE(!b->u.arr.items[3]->u.i.neg);      /* -0 is 0 */
        TAP_EQ_INT(b->u.arr.items[4]->type, JSON_TRUE);
        TAP_EQ_INT(b->u.arr.items[5]->type, JSON_FALSE);
        TAP_EQ_INT(b->u.arr.items[6]->type, JSON_NULL);
        /* "b": [1, ... the 1 is at line 1, column 8 */
        TAP_EQ_U64(b->u.arr.items[0]->line, 1);
        TAP_EQ_U64(b->u.arr.items[0]->col, 8);
    }
    v = json_get(json_doc_value(doc, 0), "a");
    TAP_TRUE(v && v->line == 2 && v->col == 7);
    TAP_EQ_STR(json_get(v, "x")->u.str.s, "y");
    TAP_TRUE(json_get(v, "") != NULL);
    TAP_TRUE(json_get(v, "z") == NULL);
    TAP_TRUE(json_get(json_get(v, "x"), "x") == NULL);   /* not an object */
    v = json_get(json_doc_value(doc, 0), "big");
    TAP_EQ_U64(v->u.i.mag, UINT64_MAX);
    v = json_get(json_doc_value(doc, 0), "min");
    TAP_TRUE(v->u.i.neg && v->u.i.mag == (uint64_t)1 << 63);
    json_doc_free(doc);
    tap_end();
}

static void test_strings(void)
{
    json_doc *doc;
    const json_value *v;

    tap_begin("strings: every escape, \\u to UTF-8, surrogate pairs, raw "
              "UTF-8");
    doc = parse("[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\", \"\\u00e9\\u20AC\","
                " \"\\ud83d\\ude00\", \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
                " \"\x7f\"]");
    TAP_TRUE(doc != NULL);
    if (doc) {
        v = json_doc_value(doc, 0);
        TAP_EQ_STR(v->u.arr.items[0]->u.str.s, "\" \\ / \b \f \n \r \t");
        TAP_EQ_STR(v->u.arr.items[1]->u.str.s, "\xc3\xa9\xe2\x82\xac");
        TAP_EQ_U64(v->u.arr.items[1]->u.str.len, 5);
        TAP_EQ_STR(v->u.arr.items[2]->u.str.s, "\xf0\x9f\x98\x80");
        TAP_EQ_STR(v->u.arr.items[3]->u.str.s,
                   "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
        TAP_EQ_STR(v->u.arr.items[4]->u.str.s, "\x7f");
        json_doc_free(doc);
    }
    tap_end();
}

static void test_sequence(void)
{
    json_doc *doc;

    tap_begin("several values: JSON Lines, a BOM, values back to back");
    doc = parse("\xef\xbb\xbf{\"a\": 1}\n{\"a\": 2}\r\n\n[]{}\t7 \"s\"\n");
    TAP_TRUE(doc != NULL);
    if (doc) {
        TAP_EQ_U64(json_doc_count(doc), 6);
        TAP_EQ_U64(json_doc_value(doc, 0)->col, 1);     /* after the BOM */
        TAP_EQ_U64(json_doc_value(doc, 1)->line, 2);
        TAP_EQ_U64(json_doc_value(doc, 2)->line, 4);
        TAP_EQ_U64(json_doc_value(doc, 3)->col, 3);
        TAP_EQ_U64(json_doc_value(doc, 4)->u.i.mag, 7);
        TAP_TRUE(json_doc_value(doc, 6) == NULL);
        json_doc_free(doc);
    }
    tap_end();
}

static void test_malformed(void)
{
    tap_begin("malformed: each error names its line and column");
    BAD("", 1, 1, "no JSON value");
    BAD("  \n  ", 2, 3, "no JSON value");
    BAD("{", 1, 2, "expected a string (an object key), found end of input");
    BAD("[1,]", 1, 4, "trailing comma");
    BAD("{\"a\": 1,}", 1, 9, "trailing comma");
    BAD("{\"a\" 1}", 1, 6, "expected ':'");
    BAD("{1: 2}", 1, 2, "expected a string (an object key)");
    BAD("[1 2]", 1, 4, "expected ',' or ']'");
    BAD("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'");
    BAD("[1, 2", 1, 6, "expected ',' or ']', found end of input");
    BAD("]", 1, 1, "expected a value, found ']'");
    BAD("tru", 1, 1, "expected a value");
    BAD("nul", 1, 1, "expected a value");
    BAD("True", 1, 1, "expected a value");
    BAD("{} x", 1, 4, "expected a value, found 'x'");
    BAD("[\x01]", 1, 2, "found byte 0x01");
    BAD("\0", 1, 1, "found byte 0x00");
    BAD("// c\n1", 1, 1, "expected a value, found '/'");
    BAD("{\n  \"a\": [1,\n  2,,\n]}", 3, 5, "expected a value, found ','");
    BAD("{\"a\": 1, \"b\": 2, \"a\": 3}", 1, 18, "duplicate key \"a\"");
    BAD("{\"k\":\n {\"x\": 1,\n  \"x\": 2}}", 3, 3, "first at line 2, column 3");
    tap_end();
}

static void test_bad_strings(void)
{
    tap_begin("malformed strings: escapes, control characters, UTF-8");
    BAD("\"abc", 1, 1, "unterminated string");
    BAD("[\"abc\\\"]", 1, 2, "unterminated string");
    BAD("\"a\\", 1, 1, "unterminated string");
    BAD("\"a\x01\"", 1, 3, "control character 0x01");
    BAD("\"a\nb\"", 1, 3, "control character 0x0a");
    BAD("\"\\x\"", 1, 2, "invalid escape: backslash then 'x'");
    BAD("\"\\'\"", 1, 2, "invalid escape");
    BAD("\"\\u12\"", 1, 2, "expected 4 hex digits");
    BAD("\"\\u12G4\"", 1, 2, "expected 4 hex digits");
    BAD("\"\\ud800\"", 1, 2, "high surrogate (\\ud800) not followed");
    BAD("\"\\ud800\\u0041\"", 1, 2, "high surrogate");
    BAD("\"\\udc00\"", 1, 2, "low surrogate (\\udc00) without");
    BAD("\"\\u0000\"", 1, 2, "\\u0000 (NUL)");
    BAD("\"\xff\"", 1, 2, "invalid UTF-8 (byte 0xff)");
    BAD("\"\xc0\xaf\"", 1, 2, "invalid UTF-8 (byte 0xc0)");        /* overlong */
    BAD("\"\xe0\x80\xaf\"", 1, 2, "invalid UTF-8");                /* overlong */
    BAD("\"\xed\xa0\x80\"", 1, 2, "invalid UTF-8 (byte 0xed)");    /* surrogate */
    BAD("\"\xf4\x90\x80\x80\"", 1, 2, "invalid UTF-8");            /* > U+10FFFF */
    BAD("\"\xe2\x82\"", 1, 2, "invalid UTF-8");                    /* truncated */
    BAD("\"ok\x80\"", 1, 4, "invalid UTF-8 (byte 0x80)");
    tap_end();
}

static void test_numbers(void)
{
    tap_begin("numbers: integers of 64 bits at most, no leading zeros; "
              "fractions and exponents (RFC 8259) read as non-integers");
    {
        json_doc *d = parse("[1.5, -2e3, 0.25E+1, 7]");
        const json_value *a = d ? json_doc_value(d, 0) : NULL;

        TAP_TRUE(a && a->type == JSON_ARRAY && a->u.arr.n == 4);
        if (a && a->u.arr.n == 4) {
            TAP_EQ_INT(a->u.arr.items[0]->type, JSON_REAL);
            TAP_EQ_INT(a->u.arr.items[1]->type, JSON_REAL);
            TAP_EQ_INT(a->u.arr.items[2]->type, JSON_REAL);
            TAP_EQ_INT(a->u.arr.items[3]->type, JSON_INT);
        }
        json_doc_free(d);
    }
    BAD("18446744073709551616", 1, 1, "integer out of range");
    BAD("99999999999999999999999999999999", 1, 1, "integer out of range");
    BAD("-9223372036854775809", 1, 1, "integer out of range");
    BAD("[0, 01]", 1, 5, "leading zeros");
    BAD("-01", 1, 1, "leading zeros");
    BAD("1.", 1, 1, "a digit must follow '.'");
    BAD("[1e]", 1, 2, "a digit must follow the exponent");
    BAD("2E+", 1, 1, "a digit must follow the exponent");
    BAD("-", 1, 2, "expected a digit");
    BAD("-x", 1, 2, "expected a digit");
    BAD("+1", 1, 1, "expected a value, found '+'");
    BAD("0x10", 1, 2, "expected a value, found 'x'");
    tap_end();
}

static void test_limits(void)
{
    json_limits lim = {
        .max_bytes = 1 << 20, .max_depth = 64, .max_values = 1 << 20,
    };
    GString *s = g_string_new(NULL);
    json_doc *doc;
    json_error e;

    tap_begin("limits: depth 64 reads, 65 does not; 100000 '[' fail "
              "cleanly; input size and value count");
    for (int i = 0; i < 64; i++) {
        g_string_append_c(s, '[');
    }
    for (int i = 0; i < 64; i++) {
        g_string_append_c(s, ']');
    }
    doc = json_parse(s->str, s->len, &lim, &e);
    TAP_TRUE(doc != NULL);
    json_doc_free(doc);

    g_string_truncate(s, 0);
    for (int i = 0; i < 65; i++) {
        g_string_append(s, i % 2 ? "[" : "{\"k\":");
    }
    BAD_LIM(s->str, &lim, 1, 1 + 32 * 6, "nesting deeper than 64");

    g_string_truncate(s, 0);
    for (int i = 0; i < 100000; i++) {
        g_string_append_c(s, '[');
    }
    BAD_LIM(s->str, NULL, 1, 65, "nesting deeper than 64");

    lim.max_bytes = 4;
    BAD_LIM("[1, 2]", &lim, 0, 0, "over the reader's limit of 4");
    lim.max_bytes = 1 << 20;
    lim.max_values = 3;
    BAD_LIM("[1, 2, 3]", &lim, 1, 8, "more than 3 values");
    doc = json_parse("[1, 2]", 6, &lim, &e);
    TAP_TRUE(doc != NULL);
    json_doc_free(doc);
    g_string_free(s, TRUE);
    tap_end();
}

static void test_big_input(void)
{
    GString *s = g_string_new("[");
    json_doc *doc;
    json_error e;

    tap_begin("a big array: 200000 objects read, freed");
    for (int i = 0; i < 200000; i++) {
        g_string_append_printf(s, "%s{\"base\": %d, \"s\": \"0x%x\"}",
                               i ? ",\n" : "", i, i);
    }
    g_string_append(s, "]");
    doc = json_parse(s->str, s->len, NULL, &e);
    TAP_TRUE(doc != NULL);
    if (doc) {
        const json_value *a = json_doc_value(doc, 0);

        TAP_EQ_U64(a->u.arr.n, 200000);
        TAP_EQ_U64(json_get(a->u.arr.items[199999], "base")->u.i.mag, 199999);
        TAP_EQ_STR(json_get(a->u.arr.items[4096], "s")->u.str.s, "0x1000");
        TAP_EQ_U64(a->u.arr.items[199999]->line, 200000);
    }
    json_doc_free(doc);
    g_string_free(s, TRUE);
    tap_end();
}

int main(void)
{
    test_valid();
    test_strings();
    test_sequence();
    test_malformed();
    test_bad_strings();
    test_numbers();
    test_limits();
    test_big_input();
    return tap_done();
}
