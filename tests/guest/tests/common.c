/*
 * common.c - see common.h.
 */
#include "common.h"

const struct who all_requesters[7] = {
    { WORLD_SECURE, 2 },    { WORLD_SECURE, 1 },
    { WORLD_NONSECURE, 2 }, { WORLD_NONSECURE, 1 },
    { WORLD_REALM, 2 },     { WORLD_REALM, 1 },
    { WORLD_ROOT, 3 },
};

const char *acc_name(enum acc a)
{
    static const char *const names[] = { "read", "write", "fetch" };

    return names[a];
}

void plant_ret(uintptr_t pa)
{
    *(volatile uint32_t *)pa = 0xd65f03c0;      /* RET */
    __asm__ volatile("dsb sy\n\t"
                     "ic iallu\n\t"
                     "dsb sy\n\t"
                     "isb" : : : "memory");
}

uint64_t lower_read(uint64_t addr)
{
    return probe_read64(addr);
}

uint64_t lower_write(uint64_t addr)
{
    probe_write64(addr, 0x5a5a5a5a5a5a5a5aUL);
    return 0;
}

uint64_t lower_fetch(uint64_t addr)
{
    ((void (*)(void))(uintptr_t)addr)();
    return 0;
}

static const lower_fn acc_fns[] = { lower_read, lower_write, lower_fetch };

bool access_by(struct who r, enum acc a, uint64_t addr)
{
    expect_exception();
    if (r.w == WORLD_ROOT) {
        acc_fns[a](addr);
    } else {
        run_at(r.w, r.el, acc_fns[a], addr);
    }
    return exception_taken();
}

unsigned int world_gpi(enum world w)
{
    static const unsigned int gpi[] = {
        [WORLD_SECURE] = GPI_SECURE, [WORLD_NONSECURE] = GPI_NONSECURE,
        [WORLD_REALM] = GPI_REALM,   [WORLD_ROOT] = GPI_ROOT,
    };

    return gpi[w];
}

uint64_t mfar_pas_bits(enum world w)
{
    static const uint64_t bits[] = {
        [WORLD_SECURE] = 0,             [WORLD_NONSECURE] = MFAR_NS,
        [WORLD_ROOT] = MFAR_NSE,        [WORLD_REALM] = MFAR_NSE | MFAR_NS,
    };

    return bits[w];
}

bool expect_none_(const char *file, int line)
{
    if (!exc_rec.taken) {
        return true;
    }
    return test_fail(file, line, "expected no exception, got one at EL%u "
                     "from EL%u: ESR=0x%lx FAR=0x%lx", exc_rec.el,
                     exc_rec.from_el, exc_rec.esr, exc_rec.far);
}

bool expect_gpc_(const char *file, int line, unsigned int gpcsc)
{
    if (!exc_rec.taken) {
        return test_fail(file, line, "expected a GPC exception (GPCSC "
                         "0x%02x), no exception", gpcsc);
    }
    if (exc_rec.el != 3 || ESR_EC(exc_rec.esr) != EC_GPC ||
        GPC_ISS_GPCSC(exc_rec.esr) != gpcsc) {
        return test_fail(file, line, "expected a GPC exception at EL3 with "
                         "GPCSC 0x%02x, got EL%u ESR=0x%lx (EC 0x%02lx, "
                         "GPCSC 0x%02lx)", gpcsc, exc_rec.el, exc_rec.esr,
                         ESR_EC(exc_rec.esr), GPC_ISS_GPCSC(exc_rec.esr));
    }
    return true;
}

bool expect_gpf_abort_(const char *file, int line, unsigned int el,
                       bool fetch)
{
    unsigned int ec;

    if (!exc_rec.taken) {
        return test_fail(file, line, "expected a GPF abort at EL%u, no "
                         "exception", el);
    }
    ec = fetch ? (exc_rec.from_el == el ? EC_IABT_CUR : EC_IABT_LOW)
               : (exc_rec.from_el == el ? EC_DABT_CUR : EC_DABT_LOW);
    if (exc_rec.el != el || ESR_EC(exc_rec.esr) != ec ||
        (exc_rec.esr & FSC_MASK) != FSC_GPF) {
        return test_fail(file, line, "expected a GPF %s Abort at EL%u (EC "
                         "0x%02x, FSC 0x28), got EL%u ESR=0x%lx",
                         fetch ? "Instruction" : "Data", el, ec, exc_rec.el,
                         exc_rec.esr);
    }
    return true;
}

bool is_gpc(unsigned int gpcsc)
{
    return exc_rec.taken && exc_rec.el == 3 &&
           ESR_EC(exc_rec.esr) == EC_GPC &&
           GPC_ISS_GPCSC(exc_rec.esr) == gpcsc;
}

bool exc_is_gpc_fault(void)
{
    unsigned int ec = ESR_EC(exc_rec.esr);
    unsigned int fsc = exc_rec.esr & FSC_MASK;

    if (!exc_rec.taken) {
        return false;
    }
    if (ec == EC_GPC) {
        return true;
    }
    return (ec == EC_DABT_CUR || ec == EC_DABT_LOW || ec == EC_IABT_CUR ||
            ec == EC_IABT_LOW) && fsc >= 0x23 && fsc <= 0x28;
}

bool is_gpf_from(struct who r, enum acc a, uint64_t addr, unsigned int level)
{
    uint64_t esr = exc_rec.esr;

    if (!exc_rec.taken || exc_rec.from_el != r.el) {
        return false;
    }
    if (r.el == 3) {
        return exc_rec.el == 3 &&
               ESR_EC(esr) == (a == ACC_FETCH ? EC_IABT_CUR : EC_DABT_CUR) &&
               (esr & FSC_MASK) == FSC_GPF && exc_rec.far == addr &&
               (a == ACC_FETCH || !!(esr & ISS_WNR) == (a == ACC_WRITE));
    }
    return is_gpc(level ? GPCSC_GPF_L1 : GPCSC_GPF_L0) &&
           !!(esr & GPC_ISS_IND) == (a == ACC_FETCH) &&
           (a == ACC_FETCH || !!(esr & GPC_ISS_WNR) == (a == ACC_WRITE)) &&
           (esr & FSC_MASK) == FSC_GPF && exc_rec.far == addr &&
           exc_rec.mfar == ((addr & MFAR_FPA_MASK) | mfar_pas_bits(r.w));
}

bool is_walk_fault_from(struct who r, unsigned int level)
{
    return is_gpc(level ? GPCSC_WALK_L1 : GPCSC_WALK_L0) &&
           exc_rec.from_el == r.el;
}

void print_exc(void)
{
    if (!exc_rec.taken) {
        printf("no exception\n");
        return;
    }
    printf("EL%u from EL%u ESR 0x%lx FAR 0x%lx MFAR 0x%lx\n", exc_rec.el,
           exc_rec.from_el, exc_rec.esr, exc_rec.far,
           exc_rec.el == 3 ? exc_rec.mfar : 0UL);
}

uint64_t gpccr_on(void)
{
    return gpt_gpccr() | GPCCR_GPC;
}

void gpccr_write(uint64_t v)
{
    write_sysreg_s(GPCCR_EL3, v);
    isb();
}

bool have_gpc2(void)
{
    return id_field(read_sysreg(id_aa64pfr0_el1), ID_AA64PFR0_RME_SHIFT) >= 2;
}

bool have_gpc3(void)
{
    return id_field(read_sysreg(id_aa64pfr0_el1), ID_AA64PFR0_RME_SHIFT) >= 3;
}

bool have_gdi(void)
{
    /* ID_AA64MMFR4_EL1 is in the ID space: RAZ where not implemented. */
    return id_field(read_sysreg_s(ID_AA64MMFR4_EL1),
                    ID_AA64MMFR4_RMEGDI_SHIFT) != 0;
}

uint64_t l0_find_layout(void)
{
    unsigned int s = gpt_l0gptsz_bits(), pamax = gpt_pamax_bits();
    const struct gpt_info *gi;

    for (unsigned int pps = 0; pps <= 6; pps++) {
        unsigned int t = gpt_pps_bits(pps);

        if (t > s && t <= pamax) {
            if (!gpt_init_layout(pps, GPCCR_PGS_4KB)) {
                test_abort();
            }
            gi = gpt_info();
            if (((gi->l1_region >> s) + 1) >= gi->l0_entries) {
                continue;
            }
            return gi->l1_region + (1UL << s);
        }
    }
    return 0;
}

uint64_t l0_test_layout(void)
{
    uint64_t r = l0_find_layout();

    if (!r) {
        SKIP("no PPS above L0GPTSZ (%u bits) within PARange (%u bits)",
             gpt_l0gptsz_bits(), gpt_pamax_bits());
    }
    return r;
}
