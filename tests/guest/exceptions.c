/*
 * exceptions.c - the C half of the exception vectors (vectors.S).
 *
 * One handler serves EL3, EL2 and EL1.  In order, it:
 *   1. at EL3, recognises the harness's own SMCs from a lower EL
 *      (HSMC_RETURN ends a run_at(), HSMC_ABORT aborts the test); at
 *      EL2, relays such an SMC that HCR_EL2.TSC trapped from EL1;
 *   2. if a test armed expect_exception(), records the exception in
 *      exc_rec and resumes after the faulting instruction;
 *   3. otherwise prints a diagnostic and fails (aborts) the current test.
 * A second exception while the handler at the same EL is still running
 * stops the whole run (panic), so a broken handler cannot loop or hang.
 */
#include "internal.h"
#include "sysreg.h"

_Static_assert(sizeof(struct exc_frame) == FRAME_SIZE, "exc_frame layout");

volatile struct exc_record exc_rec;
static volatile unsigned int exc_armed;
static volatile unsigned int exc_depth[4];

static const char *const kind_names[4] = { "sync", "IRQ", "FIQ", "SError" };

static const char *ec_name(unsigned int ec)
{
    switch (ec) {
    case 0x00: return "unknown reason / UNDEFINED";
    case 0x01: return "WFI/WFE trap";
    case 0x07: return "FP/SIMD access trap";
    case 0x0e: return "illegal execution state";
    case 0x15: return "SVC (AArch64)";
    case 0x16: return "HVC (AArch64)";
    case 0x17: return "SMC (AArch64)";
    case 0x18: return "MSR/MRS/system instruction trap";
    case 0x19: return "SVE access trap";
    case 0x1d: return "SME access trap";
    case 0x1e: return "granule protection check";
    case 0x20: return "instruction abort, lower EL";
    case 0x21: return "instruction abort, same EL";
    case 0x22: return "PC alignment fault";
    case 0x24: return "data abort, lower EL";
    case 0x25: return "data abort, same EL";
    case 0x26: return "SP alignment fault";
    case 0x2f: return "SError";
    case 0x3c: return "BRK";
    default:   return "?";
    }
}

/* Re-issue a harness SMC at this EL; EL3 never returns from it. */
static void __attribute__((noreturn)) harness_smc_relay(uint64_t op,
                                                         uint64_t val)
{
    register uint64_t x0 __asm__("x0") = op;
    register uint64_t x1 __asm__("x1") = val;

    __asm__ volatile("smc #" STR(HARNESS_SMC_IMM) : : "r"(x0), "r"(x1)
                     : "memory");
    panic("harness SMC relay returned\n");
}

void exc_reset(void)
{
    exc_armed = 0;
    memset((void *)&exc_rec, 0, sizeof(exc_rec));
    for (unsigned int i = 0; i < ARRAY_SIZE(exc_depth); i++) {
        exc_depth[i] = 0;
    }
}

void expect_exception(void)
{
    memset((void *)&exc_rec, 0, sizeof(exc_rec));
    __asm__ volatile("" : : : "memory");
    exc_armed = 1;
    __asm__ volatile("dsb sy" : : : "memory");
}

bool exception_taken(void)
{
    exc_armed = 0;
    __asm__ volatile("" : : : "memory");
    return exc_rec.taken != 0;
}

/* Security state of the code that took an exception to EL3. */
static enum world world_from_scr(uint64_t scr, unsigned int from_el)
{
    if (from_el == 3) {
        return WORLD_ROOT;
    }
    /* {NSE, NS} = 10 (reserved below EL3) gives Root, as EL3 itself. */
    return (enum world)rme_ss_from_nse_ns(!!(scr & SCR_NSE), !!(scr & SCR_NS));
}

/*
 * Preferred return address (Arm ARM DDI0487 D1.4, "Preferred exception
 * return address"): for an executed SVC, HVC or SMC it is the next
 * instruction; for everything else handled here (aborts, UNDEFINED,
 * trapped instructions - including an SMC trapped to EL2 by HCR_EL2.TSC)
 * it is the faulting instruction, which we skip.
 */
static bool elr_is_next_insn(unsigned int ec, unsigned int el)
{
    return ec == EC_SVC64 || ec == EC_HVC64 || (ec == EC_SMC64 && el == 3);
}

/* An exception on an instruction fetch: Instruction Abort or GPC InD. */
static bool is_fetch_fault(unsigned int ec, uint64_t esr)
{
    return ec == EC_IABT_LOW || ec == EC_IABT_CUR ||
           (ec == EC_GPC && (esr & GPC_ISS_IND));
}

unsigned int exc_gpc_count;

void exc_handle(struct exc_frame *f, unsigned int kind, unsigned int el)
{
    uint64_t esr, far, mfar = 0, scr = 0, hpfar = 0;
    unsigned int from_el = (f->spsr >> 2) & 3;
    unsigned int ec;
    enum world world;

    switch (el) {
    case 3:
        esr = read_sysreg(esr_el3);
        far = read_sysreg(far_el3);
        scr = read_sysreg(scr_el3);
        if (have_rme) {
            mfar = read_sysreg_s(MFAR_EL3);
        }
        world = world_from_scr(scr, from_el);
        break;
    case 2:
        esr = read_sysreg(esr_el2);
        far = read_sysreg(far_el2);
        hpfar = read_sysreg(hpfar_el2);
        world = cur_world;
        break;
    default:
        esr = read_sysreg(esr_el1);
        far = read_sysreg(far_el1);
        world = cur_world;
        break;
    }
    ec = ESR_EC(esr);
    if (el == 3 && (kind & 3) == 0 && ec == EC_GPC) {
        exc_gpc_count++;
    }

    if (exc_depth[el]++ != 0) {
        panic("nested exception at EL%u: ESR=0x%lx (EC 0x%02x %s) "
              "ELR=0x%lx FAR=0x%lx\n", el, esr, ec, ec_name(ec), f->elr, far);
    }

    /* 1. Harness calls from a lower EL. */
    if (el == 3 && kind == 8 && ec == EC_SMC64 &&
        (esr & 0xffff) == HARNESS_SMC_IMM) {
        exc_depth[el]--;
        if (f->x[0] == HSMC_RETURN) {
            if (pingpong_in_b()) {
                panic("mmu_run_pingpong: side b returned\n");
            }
            world_return(f->x[1]);
        }
        if (f->x[0] == HSMC_YIELD && pingpong_yield(f)) {
            return;
        }
        if (f->x[0] == HSMC_ABORT) {
            test_abort_el3();
        }
        panic("bad harness SMC operation 0x%lx\n", f->x[0]);
    }

    /*
     * 1b. A harness SMC from EL1 trapped to EL2 (a test set HCR_EL2.TSC):
     * make the same call from EL2, where TSC does not apply.
     */
    if (el == 2 && kind == 8 && ec == EC_SMC64 &&
        (esr & 0xffff) == HARNESS_SMC_IMM) {
        exc_depth[el]--;
        harness_smc_relay(f->x[0], f->x[1]);
    }

    /* 2. An exception the test asked for. */
    if ((kind & 3) == 0 && exc_armed) {
        exc_rec.el = el;
        exc_rec.from_el = from_el;
        exc_rec.world = world;
        exc_rec.esr = esr;
        exc_rec.far = far;
        exc_rec.elr = f->elr;
        exc_rec.spsr = f->spsr;
        exc_rec.mfar = mfar;
        exc_rec.hpfar = hpfar;
        exc_rec.taken++;
        exc_armed = 0;
        if (is_fetch_fault(ec, esr)) {
            /* Return from the function that could not be fetched. */
            f->elr = f->x[30];
        } else if (!elr_is_next_insn(ec, el)) {
            f->elr += 4;
        }
        if (ec == EC_ILLEGAL_STATE) {
            f->spsr &= ~SPSR_IL;
        }
        exc_depth[el]--;
        return;
    }

    /* 3. Anything else is a test failure. */
    printf("  UNEXPECTED %s exception taken to EL%u from EL%u (%s)\n",
           kind_names[kind & 3], el, from_el, world_name(world));
    printf("    ESR=0x%08lx EC=0x%02x (%s) IL=%u ISS=0x%07lx\n", esr, ec,
           ec_name(ec), (unsigned int)((esr >> 25) & 1), ESR_ISS(esr));
    printf("    FAR=0x%016lx ELR=0x%016lx SPSR=0x%08lx\n", far, f->elr,
           f->spsr);
    if (el == 3) {
        printf("    SCR_EL3=0x%016lx MFAR_EL3=0x%016lx\n", scr, mfar);
    }
    exc_depth[el]--;
    test_fail(NULL, 0, "unexpected %s exception at EL%u: EC=0x%02x "
              "(%s) ESR=0x%lx ELR=0x%lx FAR=0x%lx", kind_names[kind & 3], el,
              ec, ec_name(ec), esr, f->elr, far);
    test_abort();
}
