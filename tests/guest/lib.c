/*
 * lib.c - the few libc functions the compiler may call even in a
 * freestanding build.  Byte-wise on purpose: with the MMU off all data
 * accesses are Device memory, where unaligned accesses fault.
 */
#include "harness.h"

void *memset(void *s, int c, size_t n)
{
    volatile unsigned char *p = s;

    while (n--) {
        *p++ = (unsigned char)c;
    }
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile unsigned char *dp = d;
    const unsigned char *sp = s;

    while (n--) {
        *dp++ = *sp++;
    }
    return d;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}
