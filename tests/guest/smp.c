/*
 * smp.c - a second PE for tests of broadcast operations.
 *
 * With -smp 2 and the loader starting CPU 1 at _start (run-qemu.sh
 * SMP=2), CPU 1 waits in start.S until CPU 0 hands it work here.  CPU 1
 * has its own EL3 stack, vectors (smp_asm.S) and lower-EL stack, and
 * never uses the harness's exception handling, printf or assertions: what
 * it finds goes into memory that the test on CPU 0 checks.
 */
#include "internal.h"
#include "sysreg.h"

/* Read by CPU 1 in start.S before CPU 0 clears .bss: keep it in .data. */
volatile uintptr_t smp_cpu1_entry __attribute__((section(".data")));

struct cpu_ctx cpu1_ctx;                /* smp_asm.S */
volatile uint64_t smp_cpu1_esr;         /* smp_asm.S */
extern char smp_vectors_el3[], smp_vectors_el1[], smp_vectors_el2[];

static volatile struct {
    void (*fn)(uint64_t);
    uint64_t arg;
    unsigned int seq, done, alive;
} mbox;

static uint8_t cpu1_stack[2][LOWER_STACK_SIZE] __attribute__((aligned(16)));

static void cpu1_main(void)
{
    unsigned int seen = 0;

    write_sysreg(vbar_el3, smp_vectors_el3);
    write_sysreg(sctlr_el3, SCTLR_EL3_RES1 | SCTLR_I | SCTLR_SA);
    write_sysreg(cptr_el3, 0);
    write_sysreg(mdcr_el3, 0);
    write_sysreg(scr_el3, SCR_RES1 | SCR_RW | SCR_HCE);
    isb();
    mbox.alive = 1;
    dsb_sy();
    __asm__ volatile("sev");
    for (;;) {
        while (mbox.seq == seen) {
            __asm__ volatile("wfe");
        }
        seen = mbox.seq;
        mbox.fn(mbox.arg);
        dsb_sy();
        mbox.done = seen;
        dsb_sy();
        __asm__ volatile("sev");
    }
}

bool smp_cpu1_start(void (*fn)(uint64_t), uint64_t arg)
{
    uint64_t freq = read_sysreg(cntfrq_el0);
    uint64_t t0 = read_sysreg(cntpct_el0);

    if (!smp_cpu1_entry) {
        smp_cpu1_entry = (uintptr_t)cpu1_main;
        dsb_sy();
        __asm__ volatile("sev");
    }
    /* CPU 1 answers within microseconds if it runs at all. */
    while (!mbox.alive) {
        if (read_sysreg(cntpct_el0) - t0 > freq / 10) {
            return false;
        }
    }
    smp_cpu1_esr = 0;
    mbox.fn = fn;
    mbox.arg = arg;
    dsb_sy();
    mbox.seq++;
    dsb_sy();
    __asm__ volatile("sev");
    return true;
}

void smp_cpu1_wait(void)
{
    while (mbox.done != mbox.seq) {
        __asm__ volatile("yield");
    }
    dsb_sy();
}

uint64_t smp_cpu1_run_lower(enum world w, unsigned int el, lower_fn fn,
                            uint64_t arg)
{
    uint64_t scr = scr_for_world(SCR_RES1 | SCR_RW | SCR_HCE, w);

    write_sysreg(vbar_el1, smp_vectors_el1);
    write_sysreg(vbar_el2, smp_vectors_el2);
    write_sysreg(sp_el1, &cpu1_stack[0][LOWER_STACK_SIZE]);
    write_sysreg(sp_el2, &cpu1_stack[1][LOWER_STACK_SIZE]);
    write_sysreg(spsr_el3, (el == 2 ? SPSR_M_EL2H : SPSR_M_EL1H) | SPSR_DAIF);
    write_sysreg(elr_el3, lower_el_entry);
    write_sysreg(scr_el3, scr);
    isb();
    return world_switch(&cpu1_ctx, fn, arg);
}
