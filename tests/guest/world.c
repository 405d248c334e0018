/*
 * world.c - EL3 set-up and run_at(): running a function at EL2 or EL1 of
 * the Secure, Non-secure or Realm world.
 *
 * SCR_EL3 bits [5:4] are RES1 and always written as 1.
 *
 * Register state at the lower EL (all MMUs and data caches off, so every
 * access is to the PA equal to its VA, in the world's PA space):
 *
 *   SCR_EL3   RW=1 (lower ELs AArch64), HCE=1 (HVC enabled), SMD=0 (SMC
 *             enabled), IRQ/FIQ/EA=0 (not routed to EL3), GPF=0,
 *             {NSE,NS} = Secure {0,0}, Non-secure {0,1}, Realm {1,1}
 *             (Arm ARM DDI0487 D24.2 SCR_EL3.NSE; RME DEN0129), EEL2=1 when
 *             FEAT_SEL2 is implemented (needed for Secure EL2); plus any
 *             bits a test adds with run_at_set_scr_extra().
 *   HCR_EL2   RW=1 only (EL1 is AArch64; TGE=0, VM=0: no stage 2, no
 *             routing to EL2), plus run_at_set_hcr_extra() bits.
 *   SCTLR_EL2/SCTLR_EL1  M=0, C=0, I=1, SA=1, RES1 bits.
 *   CPTR_EL2  no FP trap (TFP=0); CPACR_EL1.FPEN=0b11 (TZ/TSM set and
 *             ZEN/SMEN 0: SVE and SME trap); a test may choose other
 *             values with run_at_set_fp_traps().
 *   CPTR_EL3  0: no FP/SIMD, AMU or trace traps to EL3 (EZ/ESM=0: SVE and
 *             SME trap, but the suite is built -mgeneral-regs-only).
 *             PSTATE.SM and PSTATE.ZA (SVCR) are cleared before and after
 *             every test when FEAT_SME is implemented.
 *   MDCR_EL3 = 0 and MDCR_EL2 = {HPMN = PMCR_EL0.N}: no debug/PMU traps.
 *   CNTHCTL_EL2  EL1 may access the physical counter and timer.
 *   VBAR_EL2/VBAR_EL1  the harness vectors; SP_EL2/SP_EL1 the
 *             (world, EL) stack; SPSR_EL3 = EL2h/EL1h with DAIF masked.
 *
 * EL3 itself runs with SCTLR_EL3.M=0, so its accesses use the Root PA
 * space (FEAT_RME), and with SCR_EL3 = RES1|RW|HCE between run_at() calls.
 */
#include "internal.h"
#include "sysreg.h"

#define SCR_EL3_BASE    (SCR_RES1 | SCR_RW | SCR_HCE)

volatile enum world cur_world = WORLD_ROOT;
bool have_rme;
static bool have_sel2;

static struct cpu_ctx el3_ctx;          /* EL3 context during run_at() */
static bool in_run_at;
static uint64_t scr_extra, hcr_extra, sctlr_el2_extra;
static uint64_t cptr_el2_val = CPTR_EL2_DEFAULT;
static uint64_t cpacr_el1_val = CPACR_EL1_DEFAULT;

/* One stack per (world, EL): [world][el - 1] (no EL1/EL2 in Root). */
static uint8_t lower_stacks[RME_SS_COUNT][2][LOWER_STACK_SIZE]
    __attribute__((aligned(16)));

uint64_t scr_for_world(uint64_t scr, enum world w)
{
    scr &= ~(SCR_NS | SCR_NSE);
    if ((unsigned int)w & 1) {
        scr |= SCR_NS;
    }
    if ((unsigned int)w & 2) {
        scr |= SCR_NSE;
    }
    if (have_sel2) {
        scr |= SCR_EEL2;
    }
    return scr;
}

const char *world_name(enum world w)
{
    return rme_ss_name((unsigned int)w);
}

bool cpu_has_rme(void)
{
    return id_field(read_sysreg(id_aa64pfr0_el1), ID_AA64PFR0_RME_SHIFT) != 0;
}

bool cpu_has_sel2(void)
{
    return id_field(read_sysreg(id_aa64pfr0_el1), ID_AA64PFR0_SEL2_SHIFT) != 0;
}

void run_at_set_scr_extra(uint64_t bits)
{
    scr_extra = bits;
}

void run_at_set_hcr_extra(uint64_t bits)
{
    hcr_extra = bits;
}

void run_at_set_sctlr_el2_extra(uint64_t bits)
{
    sctlr_el2_extra = bits;
}

void run_at_set_fp_traps(uint64_t cptr_el2, uint64_t cpacr_el1)
{
    cptr_el2_val = cptr_el2;
    cpacr_el1_val = cpacr_el1;
}

uint64_t run_at_get_scr_extra(void)
{
    return scr_extra;
}

uint64_t run_at_get_hcr_extra(void)
{
    return hcr_extra;
}

void el3_init(void)
{
    have_rme = cpu_has_rme();
    have_sel2 = cpu_has_sel2();

    write_sysreg(vbar_el3, vectors_el3);
    write_sysreg(sctlr_el3, SCTLR_EL3_RES1 | SCTLR_I | SCTLR_SA);
    if (id_field(read_sysreg(id_aa64pfr1_el1), ID_AA64PFR1_SME_SHIFT)) {
        /* Out of Streaming SVE mode, ZA off: SVCR = 0 (needs ESM = 1). */
        write_sysreg(cptr_el3, CPTR_EL3_ESM);
        isb();
        write_sysreg_s(SVCR, 0);
    }
    write_sysreg(cptr_el3, 0);
    write_sysreg(mdcr_el3, 0);
    write_sysreg(scr_el3, SCR_EL3_BASE);
    isb();
}

/* Registers of the lower ELs; not banked by world, so set every time. */
static void lower_el_init(void)
{
    write_sysreg(hcr_el2, HCR_RW | hcr_extra);
    write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_I | SCTLR_SA |
                 sctlr_el2_extra);
    write_sysreg(sctlr_el1, SCTLR_EL1_RES1 | SCTLR_I | SCTLR_SA);
    write_sysreg(cptr_el2, cptr_el2_val);
    write_sysreg(cpacr_el1, cpacr_el1_val);
    write_sysreg(cnthctl_el2, CNTHCTL_EL2_DEFAULT);
    write_sysreg(mdcr_el2, (read_sysreg(pmcr_el0) >> 11) & 0x1f);
    write_sysreg(vbar_el2, vectors_el2);
    write_sysreg(vbar_el1, vectors_el1);
}

void world_reset(void)
{
    in_run_at = false;
    cur_world = WORLD_ROOT;
    scr_extra = 0;
    hcr_extra = 0;
    sctlr_el2_extra = 0;
    cptr_el2_val = CPTR_EL2_DEFAULT;
    cpacr_el1_val = CPACR_EL1_DEFAULT;
    el3_init();
}

uint64_t run_at(enum world w, unsigned int el, lower_fn fn, uint64_t arg)
{
    uint64_t scr = SCR_EL3_BASE | scr_extra;
    uint64_t ret;

    if (current_el() != 3 || in_run_at) {
        test_fail(__FILE__, __LINE__, "run_at() is only callable at EL3");
        test_abort();
    }
    if ((el != 1 && el != 2) ||
        (w != WORLD_SECURE && w != WORLD_NONSECURE && w != WORLD_REALM)) {
        test_fail(__FILE__, __LINE__, "run_at(%d, %u): no such world/EL",
                  (int)w, el);
        test_abort();
    }
    if (w == WORLD_REALM && !have_rme) {
        test_fail(__FILE__, __LINE__, "Realm world needs FEAT_RME "
                  "(ID_AA64PFR0_EL1.RME is 0)");
        test_abort();
    }
    if (w == WORLD_SECURE && el == 2 && !have_sel2) {
        test_fail(__FILE__, __LINE__, "Secure EL2 needs FEAT_SEL2");
        test_abort();
    }

    scr = scr_for_world(scr, w);

    lower_el_init();
    write_sysreg(sp_el2, &lower_stacks[w][1][LOWER_STACK_SIZE]);
    write_sysreg(sp_el1, &lower_stacks[w][0][LOWER_STACK_SIZE]);
    write_sysreg(spsr_el3, (el == 2 ? SPSR_M_EL2H : SPSR_M_EL1H) | SPSR_DAIF);
    write_sysreg(elr_el3, lower_el_entry);
    write_sysreg(scr_el3, scr);
    isb();

    cur_world = w;
    in_run_at = true;
    ret = world_switch(&el3_ctx, fn, arg);
    in_run_at = false;
    cur_world = WORLD_ROOT;

    write_sysreg(scr_el3, SCR_EL3_BASE);
    isb();
    return ret;
}

/* Called by the EL3 exception handler on HSMC_RETURN. */
void world_return(uint64_t val)
{
    if (!in_run_at) {
        panic("HSMC_RETURN outside run_at()\n");
    }
    ctx_restore(&el3_ctx, val);
}
