/*
 * qemu-rme demo payload: TF-A's BL33, running at Non-secure EL2.
 *
 * It walks through the basic Realm Management Extension flow and says in
 * words what happens at each step:
 *   1. RMI_VERSION                        (RMM spec DEN0137, B4.3.x)
 *      RMI_FEATURES(0)                    (feature register 0)
 *   2. fill a Non-secure page with a pattern
 *   3. RMI_GRANULE_DELEGATE on that page  (the monitor moves it to Realm PAS)
 *   4. read it from the Normal world: granule protection fault.  TF-A 2.12
 *      leaves SCR_EL3.GPF=0, so the GPF is reported as a Data Abort to the
 *      EL that owns the translation regime, here EL2 (DDI0487 D9 "Granule
 *      Protection Checks", "Reporting of GPFs"): ESR_EL2.EC=0x25, DFSC=0x28.
 *   5. RMI_GRANULE_UNDELEGATE             (back to the Non-secure PAS)
 *   6. read it again: no fault
 * then powers the machine off through PSCI SYSTEM_OFF.
 *
 * An RMM that implements RMI 2.0 only (TF-RMM v0.9.0, 2.0-bet0) is asked
 * for 2.0 and activated first (RMI_RMM_CONFIG_GET/SET, RMI_RMM_ACTIVATE),
 * and steps 3 and 5 use RMI_GRANULE_RANGE_DELEGATE/UNDELEGATE.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "payload.h"

extern uint8_t victim_page[4096];

static volatile struct {
    uint64_t count, esr, far, elr;
} fault;

static const char *rmi_status(uint64_t s)
{
    switch (s) {
    case 0: return "RMI_SUCCESS";
    case 1: return "RMI_ERROR_INPUT";
    case 2: return "RMI_ERROR_REALM";
    case 3: return "RMI_ERROR_REC";
    case 4: return "RMI_ERROR_RTT";
    case 0xffffffffffffffffUL: return "SMC_UNKNOWN: no RMM answered";
    default: return "unknown status";
    }
}

/* Called from the EL2 vectors with the vector index. */
void el2_exception(uint64_t kind)
{
    uint64_t esr, far, elr;

    __asm__ volatile("mrs %0, esr_el2" : "=r"(esr));
    __asm__ volatile("mrs %0, far_el2" : "=r"(far));
    __asm__ volatile("mrs %0, elr_el2" : "=r"(elr));
    if (kind != 4) {
        unexpected_exception("[demo]", "", kind);
    }
    fault.count++;
    fault.esr = esr;
    fault.far = far;
    fault.elr = elr;
    /* Step over the faulting load. */
    __asm__ volatile("msr elr_el2, %0" : : "r"(elr + 4));
}

static uint64_t read_probe(volatile uint64_t *p)
{
    uint64_t v;

    /* One plain LDR, so that ELR+4 resumes right after it. */
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static int failures;
static bool rmi2;               /* the RMM speaks RMI 2.0 only */
static void payload_demo(void);

static void check(bool ok, const char *what)
{
    failures += !note_unexpected(ok, "[demo]   ", what);
}

void payload_main(void)
{
#ifdef STORM_GRANULES
    storm_main();
#endif

    payload_demo();
}

static void payload_demo(void)
{
    uint64_t el, pa = (uint64_t)(uintptr_t)victim_page;
    volatile uint64_t *probe = (volatile uint64_t *)victim_page;
    struct smc_ret r;
    uint64_t v;
    int i;

    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
    puts_("\n[demo] qemu-rme demo payload: TF-A handed over to BL33 at Non-secure EL");
    putdec((el >> 2) & 3);
    puts_(".\n");
    check(((el >> 2) & 3) == 2, "BL33 should enter at EL2");

    /* 1. RMI_VERSION: ask for RMI 1.0; the RMM reports what it supports. */
    r = smc(RMI_VERSION, RMI_ABI_VERSION(1, 0), 0);
    puts_("[demo] 1. RMI_VERSION(1.0): the monitor forwards the call to the RMM at Realm EL2.\n");
    puts_("[demo]    status ");
    puthex(r.x0);
    puts_(" (");
    puts_(rmi_status(r.x0));
    puts_("), RMM implements RMI ");
    print_version(r.x1);
    puts_(" .. ");
    print_version(r.x2);
    puts_("\n");
    if (r.x0 == 1) {
        puts_("[demo]    (ERROR_INPUT means this RMM does not implement the requested 1.0;\n"
              "[demo]     it still reports the range it does implement)\n");
    }
    check(r.x0 == 0 || r.x0 == 1, "RMI_VERSION status must be SUCCESS or ERROR_INPUT");
    check(r.x1 <= r.x2, "RMI_VERSION lower <= higher");
    if (r.x0 == 1 && ((r.x2 >> 16) & 0x7fff) == 2) {
        rmi2 = true;
        r = smc(RMI_VERSION, RMI_ABI_VERSION(2, 0), 0);
        v = r.x0;
        /* RmiRmmConfig in a Non-secure granule: the victim page, for now */
        r.x0 = rmi2_activate(pa);
        puts_("[demo]    RMI_VERSION(2.0): status ");
        puthex(v);
        puts_(" (");
        puts_(rmi_status(v));
        puts_("); RMI 2.0 wants RMI_RMM_CONFIG_SET and RMI_RMM_ACTIVATE "
              "first: status ");
        puthex(r.x0);
        puts_(".\n");
        check(v == 0, "RMI_VERSION(2.0)");
        check(r.x0 == 0, "RMI_RMM_CONFIG_GET/SET, RMI_RMM_ACTIVATE");
    }

    /*
     * RMI_FEATURES(0): feature register 0 (DEN0137 RmiFeatureRegister0:
     * S2SZ [7:0], LPA2 [8], SVE_EN [9], SVE_VL [13:10], NUM_BPS [19:14],
     * NUM_WPS [25:20], PMU_EN [26], PMU_NUM_CTRS [31:27]).  TF-A's test
     * RMM (TRP) implements only VERSION and the granule calls and
     * answers anything else with SMCCC NOT_SUPPORTED (-1).
     */
    r = smc(RMI_FEATURES, 0, 0);
    puts_("[demo]    RMI_FEATURES(0): status ");
    puthex(r.x0);
    if (r.x0 == 0) {
        puts_(" (RMI_SUCCESS), feature register 0 ");
        puthex(r.x1);
        puts_("\n[demo]    (S2SZ ");
        putdec(r.x1 & 0xff);
        puts_(" bits, LPA2 ");
        putdec((r.x1 >> 8) & 1);
        puts_(", SVE ");
        putdec((r.x1 >> 9) & 1);
        puts_(" VL ");
        putdec((r.x1 >> 10) & 0xf);
        puts_(", PMU ");
        putdec((r.x1 >> 26) & 1);
        puts_(" with ");
        putdec((r.x1 >> 27) & 0x1f);
        puts_(" counters)\n");
    } else if (r.x0 == SMC_UNKNOWN) {
        puts_(" (NOT_SUPPORTED: this RMM does not implement RMI_FEATURES)\n");
    } else {
        puts_(" (");
        puts_(rmi_status(r.x0));
        puts_(")\n");
    }

    /* 2. A Non-secure page with a known pattern. */
    for (i = 0; i < 512; i++) {
        probe[i] = 0x5245414c4d000000ULL | (uint64_t)i;   /* "REALM\0\0" | i */
    }
    puts_("[demo] 2. Page at PA ");
    puthex(pa);
    puts_(" is in the Non-secure PAS; reading it gives ");
    v = read_probe(probe);
    puthex(v);
    puts_(".\n");
    check(fault.count == 0 && v == 0x5245414c4d000000ULL, "NS read before delegation");

    /* 3. Delegate it: Non-secure PAS -> Realm PAS. */
    r = rmi_granule_transition(rmi2, pa, false);
    puts_(rmi2 ? "[demo] 3. RMI_GRANULE_RANGE_DELEGATE(" : "[demo] 3. RMI_GRANULE_DELEGATE(");
    puthex(pa);
    puts_("): status ");
    puthex(r.x0);
    puts_(" (");
    puts_(rmi_status(r.x0));
    puts_("). The RMM asked the monitor (RMM-EL3 GTSI_DELEGATE) to change the granule's GPT entry to Realm.\n");
    check(r.x0 == 0, "delegate must succeed");

    /* 4. The Normal world may no longer read it. */
    v = read_probe(probe);
    puts_("[demo] 4. Normal-world read of the delegated page: ");
    if (fault.count == 1) {
        puts_("granule protection fault, as the architecture requires.\n");
        puts_("[demo]    ESR_EL2 ");
        puthex(fault.esr);
        puts_(" (EC ");
        puthex(fault.esr >> 26);
        puts_(" data abort at EL2, DFSC ");
        puthex(fault.esr & 0x3f);
        puts_((fault.esr & 0x3f) == 0x28 ? " granule protection fault" : " NOT a GPF");
        puts_((fault.esr & (1u << 6)) ? ", write)\n" : ", read)\n");
        puts_("[demo]    FAR_EL2 ");
        puthex(fault.far);
        puts_(" (the faulting address)\n");
    } else {
        puts_("NO FAULT (read ");
        puthex(v);
        puts_(")\n");
    }
    check(fault.count == 1, "exactly one fault");
    check((fault.esr >> 26) == 0x25, "ESR_EL2.EC == 0x25 (Data Abort, same EL)");
    check((fault.esr & 0x3f) == 0x28, "ESR_EL2.DFSC == 0x28 (GPF, not on a table walk)");
    check(!(fault.esr & (1u << 6)), "ESR_EL2.WnR == 0 (read)");
    check(fault.far == pa, "FAR_EL2 == the delegated PA");

    /* 5. Undelegate: back to the Non-secure PAS. */
    r = rmi_granule_transition(rmi2, pa, true);
    puts_(rmi2 ? "[demo] 5. RMI_GRANULE_RANGE_UNDELEGATE(" : "[demo] 5. RMI_GRANULE_UNDELEGATE(");
    puthex(pa);
    puts_("): status ");
    puthex(r.x0);
    puts_(" (");
    puts_(rmi_status(r.x0));
    puts_("). The granule is Non-secure again.\n");
    check(r.x0 == 0, "undelegate must succeed");

    /* 6. Readable again. */
    v = read_probe(probe);
    puts_("[demo] 6. Normal-world read after undelegation: ");
    puts_(fault.count == 1 ? "no fault" : "FAULT");
    puts_(", value ");
    puthex(v);
    puts_(".\n");
    check(fault.count == 1, "no fault after undelegation");

    puts_(failures ? "[demo] RESULT: FAIL\n" : "[demo] RESULT: PASS\n");
    puts_("[demo] Powering off through PSCI SYSTEM_OFF.\n");
    power_off();
}
