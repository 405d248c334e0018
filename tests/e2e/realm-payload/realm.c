/*
 * qemu-rme Realm payload: runs at Realm EL1 in a Realm built by
 * tests/e2e/realm-host, and walks through the Realm Services Interface
 * (DEN0137 1.0, chapter B5), printing what it sees on the host's console:
 *
 *   RSI_VERSION, RSI_REALM_CONFIG        who am I, how wide is my IPA space
 *   RSI_MEASUREMENT_READ(0..1)           the RIM the RMM computed while the
 *   RSI_MEASUREMENT_EXTEND(1)            host built me; a REM extended
 *   RSI_IPA_STATE_GET / _SET             RIPAS of my pages; give one back
 *   RSI_HOST_CALL                        a round trip through the host
 *   RSI_ATTESTATION_TOKEN_INIT/CONTINUE  the token for a challenge, handed
 *                                        to the host in host calls
 *   PSCI SYSTEM_OFF                      the end of the Realm
 *
 * Every "[realm] ... !!" line is a failed expectation; the host's test
 * (tests/e2e/test_realm.py) checks the values printed against its own
 * prediction (tools/realm-measure) and the token (tools/cca-token).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../payload/smccc.h"
#include "realm.h"

#define RSI_VERSION             0xC4000190UL
#define RSI_MEASUREMENT_READ    0xC4000192UL
#define RSI_MEASUREMENT_EXTEND  0xC4000193UL
#define RSI_ATTEST_TOKEN_INIT   0xC4000194UL
#define RSI_ATTEST_TOKEN_CONT   0xC4000195UL
#define RSI_REALM_CONFIG        0xC4000196UL
#define RSI_IPA_STATE_SET       0xC4000197UL
#define RSI_IPA_STATE_GET       0xC4000198UL
#define RSI_HOST_CALL           0xC4000199UL
#define PSCI_SYSTEM_OFF         0x84000008UL

/* RsiCommandReturnCode (B5.4.1), RsiRipas (B5.4.7), RsiResponse (B5.4.6) */
#define RSI_SUCCESS     0
#define RSI_INCOMPLETE  3
#define RIPAS_EMPTY     0
#define RIPAS_RAM       1
#define RSI_ACCEPT      0

/* RsiRealmConfig (B5.4.5): ipa_width at 0, hash_algo at 8, rpv at 0x200 */
struct realm_config {
    uint64_t ipa_width;
    uint8_t hash_algo;
    uint8_t pad[0x200 - 9];
    uint8_t rpv[64];
    uint8_t pad2[0x1000 - 0x240];
};

/* RsiHostCall (B5.4.3): imm at 0, gprs[31] from 8 */
struct host_call {
    uint16_t imm;
    uint16_t pad[3];
    uint64_t gprs[31];
};

static struct realm_config config __attribute__((aligned(4096)));
static struct host_call hc __attribute__((aligned(256)));
static uint8_t token[3 * 4096] __attribute__((aligned(4096)));
static volatile uint8_t *console;
static int failures;

/* RSI returns up to x8 (RSI_MEASUREMENT_READ). */
static void rsi(uint64_t r[11])
{
    smccc_smc(r);
}

static uint64_t rsi1(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
                     uint64_t a4, uint64_t out[3])
{
    uint64_t r[11] = { fid, a1, a2, a3, a4 };

    rsi(r);
    if (out) {
        out[0] = r[1];
        out[1] = r[2];
        out[2] = r[3];
    }
    return r[0];
}

static void power_off(void) __attribute__((noreturn));
static void power_off(void)
{
    uint64_t r[11] = { PSCI_SYSTEM_OFF };

    rsi(r);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

/* One byte per emulated MMIO write: the host prints it. */
static void putc_(char c)
{
    if (console) {
        *console = (uint8_t)c;
    }
}

static void puts_(const char *s)
{
    while (*s) {
        putc_(*s++);
    }
}

static void puthex_n(uint64_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";

    for (int i = (digits - 1) * 4; i >= 0; i -= 4) {
        putc_(hex[(v >> i) & 0xf]);
    }
}

static void puthex(uint64_t v)
{
    int digits = 1;

    while (digits < 16 && (v >> (digits * 4))) {
        digits++;
    }
    puts_("0x");
    puthex_n(v, digits);
}

static void putbytes(const uint8_t *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        puthex_n(b[i], 2);
    }
}

static void check(bool ok, const char *what)
{
    if (!ok) {
        failures++;
        puts_("[realm] !! unexpected: ");
        puts_(what);
        puts_("\n");
    }
}

void realm_exception(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far);
void realm_exception(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
    puts_("[realm] !! unexpected exception, vector ");
    puthex(kind);
    puts_(" ESR_EL1 ");
    puthex(esr);
    puts_(" ELR_EL1 ");
    puthex(elr);
    puts_(" FAR_EL1 ");
    puthex(far);
    puts_("\n[realm] RESULT: FAIL\n");
    power_off();
}

/* RSI_MEASUREMENT_READ: x1..x8 hold the value, little-endian bytes. */
static void measurement_read(unsigned index, uint8_t out[64])
{
    uint64_t r[11] = { RSI_MEASUREMENT_READ, index };

    rsi(r);
    check(r[0] == RSI_SUCCESS, "RSI_MEASUREMENT_READ status");
    for (unsigned i = 0; i < 64; i++) {
        out[i] = (uint8_t)(r[1 + i / 8] >> (8 * (i % 8)));
    }
}

static uint64_t ripas_of(uint64_t ipa)
{
    uint64_t out[3];
    uint64_t st = rsi1(RSI_IPA_STATE_GET, ipa, ipa + 0x1000, 0, 0, out);

    check(st == RSI_SUCCESS, "RSI_IPA_STATE_GET status");
    check(out[0] == ipa + 0x1000, "RSI_IPA_STATE_GET top covers the page");
    return out[1];
}

void realm_main(uint64_t cfg, uint64_t pmu_ctrs);
void realm_main(uint64_t cfg, uint64_t pmu_ctrs)
{
    uint64_t out[3], st, hsize, len, ripas;
    uint8_t m[64], challenge[64];
    uint64_t r[11];

    /* B5.3.10 RSI_VERSION: request 1.0 */
    st = rsi1(RSI_VERSION, 0x10000, 0, 0, 0, out);
    /* B5.3.9 RSI_REALM_CONFIG: the IPA width tells where unprotected starts */
    if (rsi1(RSI_REALM_CONFIG, (uint64_t)(uintptr_t)&config, 0, 0, 0, NULL) !=
        RSI_SUCCESS) {
        power_off();    /* no console without the IPA width */
    }
    console = (volatile uint8_t *)((1UL << (config.ipa_width - 1)) |
                                   REALM_CONSOLE_OFF);

    puts_("[realm] Hello from Realm EL1, configuration ");
    puthex(cfg);
    puts_(".\n[realm] RSI_VERSION(1.0): status ");
    puthex(st);
    puts_(", RMM implements RSI ");
    puthex(out[0]);
    puts_(" .. ");
    puthex(out[1]);
    puts_("\n");
    check(st == RSI_SUCCESS, "RSI_VERSION(1.0) status SUCCESS");
    puts_("[realm] RSI_REALM_CONFIG: ipa_width ");
    puthex(config.ipa_width);
    puts_(" hash_algo ");
    puthex(config.hash_algo);
    puts_(" rpv ");
    putbytes(config.rpv, 64);
    puts_("\n");
    check(config.ipa_width == REALM_S2SZ, "ipa_width is the host's S2SZ");

    /*
     * A Realm created with PMU counters (RmiRealmParams.pmu_num_ctrs,
     * B4.4.12) sees that many: PMCR_EL0.N reads MDCR_EL2.HPMN from EL1
     * when EL2 is enabled (DDI0487, PMCR_EL0.N), and the RMM sets HPMN
     * from it.
     */
    if (pmu_ctrs) {
        uint64_t pmcr;

        __asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
        puts_("[realm] PMCR_EL0.N: ");
        puthex((pmcr >> 11) & 0x1f);
        puts_(" event counters, as the host asked for ");
        puthex(pmu_ctrs);
        puts_("\n");
        check(((pmcr >> 11) & 0x1f) == pmu_ctrs, "PMCR_EL0.N is pmu_num_ctrs");
    }

    /* B5.3.8 RSI_MEASUREMENT_READ(0): the RIM */
    hsize = config.hash_algo == 1 ? 64 : 32;    /* RsiHashAlgorithm */
    measurement_read(0, m);
    puts_("[realm] RIM ");
    putbytes(m, (unsigned)hsize);
    puts_("\n");

    /* B5.3.7 RSI_MEASUREMENT_EXTEND(1): index 1 is REM0 (index 0 is the
     * RIM, B5.3.8); 32 bytes, then read it back */
    for (unsigned i = 0; i < 64; i++) {
        m[i] = (uint8_t)(0xa0 + i);
    }
    r[0] = RSI_MEASUREMENT_EXTEND;
    r[1] = 1;
    r[2] = 32;
    for (unsigned i = 0; i < 8; i++) {
        r[3 + i] = 0;
        for (unsigned b = 0; b < 8; b++) {
            r[3 + i] |= (uint64_t)m[i * 8 + b] << (8 * b);
        }
    }
    rsi(r);
    check(r[0] == RSI_SUCCESS, "RSI_MEASUREMENT_EXTEND status");
    measurement_read(1, m);
    puts_("[realm] REM0 (RSI index 1) ");
    putbytes(m, (unsigned)hsize);
    puts_("\n");

    /* B5.3.5 RSI_IPA_STATE_GET: my pages are RAM (RTT_INIT_RIPAS) */
    st = ripas_of(REALM_IMAGE);
    ripas = ripas_of(REALM_SPARE);
    puts_("[realm] RSI_IPA_STATE_GET: my first image page is ");
    puts_(st == RIPAS_RAM ? "RAM" : "not RAM");
    puts_(", my spare scratch page is ");
    puts_(ripas == RIPAS_RAM ? "RAM\n" : "not RAM\n");
    check(st == RIPAS_RAM, "image page RIPAS RAM");
    check(ripas == RIPAS_RAM, "spare page RIPAS RAM");

    /* B5.3.6 RSI_IPA_STATE_SET(EMPTY) of the spare page: the host
     * answers with RMI_RTT_SET_RIPAS and accepts. */
    st = rsi1(RSI_IPA_STATE_SET, REALM_SPARE, REALM_SPARE + 0x1000,
              RIPAS_EMPTY, 0, out);
    ripas = ripas_of(REALM_SPARE);     /* before printing: one line */
    puts_("[realm] RSI_IPA_STATE_SET(spare page, EMPTY): status ");
    puthex(st);
    puts_(" new base ");
    puthex(out[0]);
    puts_(" response ");
    puts_(out[1] == RSI_ACCEPT ? "ACCEPT" : "REJECT");
    puts_(", RIPAS now ");
    puts_(ripas == RIPAS_EMPTY ? "EMPTY\n" : "not EMPTY\n");
    check(out[0] == REALM_SPARE + 0x1000 && out[1] == RSI_ACCEPT,
          "the host accepted the whole range");
    check(ripas == RIPAS_EMPTY, "spare page RIPAS EMPTY");

    /* B5.3.4 RSI_HOST_CALL: the host adds one to gprs[0..3] */
    hc.imm = HOSTCALL_ECHO;
    for (unsigned i = 0; i < 31; i++) {
        hc.gprs[i] = 0x1000 * cfg + i;
    }
    st = rsi1(RSI_HOST_CALL, (uint64_t)(uintptr_t)&hc, 0, 0, 0, NULL);
    puts_("[realm] RSI_HOST_CALL(echo): status ");
    puthex(st);
    puts_(", gprs[0..4] ");
    for (unsigned i = 0; i < 5; i++) {
        puthex(hc.gprs[i]);
        puts_(i < 4 ? " " : "\n");
    }
    check(st == RSI_SUCCESS, "RSI_HOST_CALL status");
    for (unsigned i = 0; i < 4; i++) {
        check(hc.gprs[i] == 0x1000 * cfg + i + 1, "host call result");
    }
    check(hc.gprs[4] == 0x1000 * cfg + 4, "host call leaves gprs[4]");

    /* B5.3.2, B5.3.1 attestation: INIT with a challenge, CONTINUE until done */
    for (unsigned i = 0; i < 64; i++) {
        challenge[i] = (uint8_t)(cfg * 0x10 + i);
    }
    r[0] = RSI_ATTEST_TOKEN_INIT;
    for (unsigned i = 0; i < 8; i++) {
        r[1 + i] = 0;
        for (unsigned b = 0; b < 8; b++) {
            r[1 + i] |= (uint64_t)challenge[i * 8 + b] << (8 * b);
        }
    }
    r[9] = r[10] = 0;
    rsi(r);
    puts_("[realm] RSI_ATTESTATION_TOKEN_INIT: status ");
    puthex(r[0]);
    puts_(", token at most ");
    puthex(r[1]);
    puts_(" bytes\n");
    check(r[0] == RSI_SUCCESS, "RSI_ATTESTATION_TOKEN_INIT status");
    check(r[1] <= sizeof(token), "token fits the buffer");
    len = 0;
    st = RSI_INCOMPLETE;
    for (unsigned calls = 0; st == RSI_INCOMPLETE && len < sizeof(token) &&
         calls < 100000; calls++) {
        uint64_t gran = (uint64_t)(uintptr_t)token + (len & ~0xfffUL);
        uint64_t off = len & 0xfff;

        st = rsi1(RSI_ATTEST_TOKEN_CONT, gran, off, 0x1000 - off, 0, out);
        if (st == RSI_SUCCESS || st == RSI_INCOMPLETE) {
            len += out[0];
        }
    }
    puts_("[realm] RSI_ATTESTATION_TOKEN_CONTINUE: status ");
    puthex(st);
    puts_(", token ");
    puthex(len);
    puts_(" bytes, handed to the host\n");
    check(st == RSI_SUCCESS && len > 0, "token complete");
    for (uint64_t off = 0; off < len; off += HOSTCALL_TOKEN_MAX) {
        uint64_t n = len - off < HOSTCALL_TOKEN_MAX ? len - off
                                                    : HOSTCALL_TOKEN_MAX;

        hc.imm = HOSTCALL_TOKEN;
        hc.gprs[0] = off;
        hc.gprs[1] = n;
        for (unsigned i = 0; i < 29; i++) {
            hc.gprs[2 + i] = 0;
            for (unsigned b = 0; b < 8 && i * 8 + b < n; b++) {
                hc.gprs[2 + i] |= (uint64_t)token[off + i * 8 + b] << (8 * b);
            }
        }
        check(rsi1(RSI_HOST_CALL, (uint64_t)(uintptr_t)&hc, 0, 0, 0, NULL) ==
              RSI_SUCCESS, "token host call");
    }

    puts_(failures ? "[realm] RESULT: FAIL\n" : "[realm] RESULT: PASS\n");
    puts_("[realm] PSCI SYSTEM_OFF: this Realm is done.\n");
    power_off();
}
