/*
 * qemu-rme demo payload, storm mode (make STORM_GRANULES=N): a delegation
 * storm for scripts/bench worlds.
 *
 * CPU 0 (TF-A's BL33 at Non-secure EL2) delegates and undelegates
 * STORM_GRANULES granules, one RMI_GRANULE_DELEGATE and one
 * RMI_GRANULE_UNDELEGATE each (DEN0137 B4.3.3/B4.3.4): each goes
 * Normal -> Root -> Realm (the RMM) -> Root (RMM-EL3 GTSI call, a GPT
 * update and TLBI RPALOS of the granule) and back.  Meanwhile CPUs 1-3,
 * started with PSCI CPU_ON (DEN0022 5.6), keep reading a working set of
 * their own until CPU 0 is done.  Every status is checked; the result line says how
 * many granules per second of guest time (CNTVCT_EL0) CPU 0 managed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "payload.h"

#ifdef STORM_GRANULES

#define STORM_CPUS      4               /* at most; as many as -smp gives */
#define STORM_POOL      64              /* granules, reused round robin */
#define WS_PAGES        2048            /* per secondary CPU: 8 MiB */
/*
 * Non-secure DRAM above the payload.  The pool has a 32 MiB block of its
 * own: TF-A's GPT library fuses the granules it gives back into a
 * contiguous descriptor (DDI0487 GPT Contiguous descriptor, 32 MiB with
 * 4KB granules) and then invalidates the whole block with TLBI RPALOS
 * SIZE=32MB (gpt_undelegate_pas()).  A working set in that block, or the
 * payload's own code, must then be refilled; away from it, not.
 */
#define WS_MEM(cpu)     (0x61100000UL + (cpu) * WS_PAGES * 4096UL)
#define POOL_MEM        0x64000000UL

extern char secondary_start[];          /* start.S */
uint8_t secondary_stacks[STORM_CPUS][4096] __attribute__((aligned(16)));

static volatile struct {
    uint64_t rounds, bad;
    bool alive, done;
} cpu_state[STORM_CPUS];
static volatile bool storm_over;

static uint64_t counter(void)
{
    uint64_t v;

    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v));
    return v;
}

static uint64_t counter_freq(void)
{
    uint64_t v;

    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}

/* CPUs 1-3, from start.S: read the working set until the storm is over. */
void secondary_main(uint64_t cpu)
{
    volatile uint64_t *ws = (volatile uint64_t *)WS_MEM(cpu);

    cpu_state[cpu].alive = true;
    while (!storm_over) {
        uint64_t sum = 0;

        for (unsigned int i = 0; i < WS_PAGES; i++) {
            sum += ws[i * 512];
        }
        if (sum != cpu * WS_PAGES) {
            cpu_state[cpu].bad++;
        }
        cpu_state[cpu].rounds++;
    }
    __asm__ volatile("dsb sy");
    cpu_state[cpu].done = true;
    __asm__ volatile("dsb sy\n\tsev");
    for (;;) {
        __asm__ volatile("wfi");
    }
}

static void __attribute__((noreturn)) fail(const char *what, uint64_t v)
{
    puts_("[storm] FAIL: ");
    puts_(what);
    puts_(" ");
    puthex(v);
    puts_("\n[storm] RESULT: FAIL\n");
    power_off();
}

void storm_main(void)
{
    uint64_t t0, t1, ticks, freq = counter_freq();
    uint64_t ncpus = 1;
    struct smc_ret r;

    puts_("\n[storm] delegation storm: ");
    putdec(STORM_GRANULES);
    puts_(" granules on CPU 0, the other CPUs reading ");
    putdec(WS_PAGES);
    puts_(" pages each\n");

    for (uint64_t cpu = 1; cpu < STORM_CPUS; cpu++) {
        volatile uint64_t *ws = (volatile uint64_t *)WS_MEM(cpu);

        for (unsigned int i = 0; i < WS_PAGES; i++) {
            ws[i * 512] = cpu;
        }
    }
    __asm__ volatile("dsb sy");
    for (uint64_t cpu = 1; cpu < STORM_CPUS; cpu++) {
        /* Aff0 = cpu on -M virt (DEN0022 5.6: target_cpu is an MPIDR). */
        r = smc3(PSCI_CPU_ON, cpu, (uint64_t)(uintptr_t)secondary_start, cpu);
        if (r.x0 != 0) {
            break;                      /* no such CPU */
        }
        /*
         * TF-A PLAT=qemu accepts CPU_ON for any core its build knows of;
         * a CPU that -smp did not create never answers.
         */
        t0 = counter();
        while (!cpu_state[cpu].alive && counter() - t0 < freq / 5) {
        }
        if (!cpu_state[cpu].alive) {
            break;
        }
        ncpus = cpu + 1;
    }

    t0 = counter();
    for (uint64_t i = 0; i < STORM_GRANULES; i++) {
        uint64_t pa = POOL_MEM + (i % STORM_POOL) * 4096;

        r = smc(RMI_GRANULE_DELEGATE, pa, 0);
        if (r.x0 != 0) {
            fail("RMI_GRANULE_DELEGATE", r.x0);
        }
        r = smc(RMI_GRANULE_UNDELEGATE, pa, 0);
        if (r.x0 != 0) {
            fail("RMI_GRANULE_UNDELEGATE", r.x0);
        }
    }
    t1 = counter();
    ticks = t1 - t0 ? t1 - t0 : 1;
    storm_over = true;
    __asm__ volatile("dsb sy");

    for (uint64_t cpu = 1; cpu < ncpus; cpu++) {
        while (!cpu_state[cpu].done) {
            __asm__ volatile("wfe");
        }
        if (cpu_state[cpu].bad) {
            fail("working set of CPU", cpu);
        }
    }
    puts_("[storm] ");
    putdec(STORM_GRANULES);
    puts_(" granules delegated and undelegated in ");
    putdec(ticks * 1000 / freq);
    puts_(" ms of guest time: ");
    putdec(STORM_GRANULES * freq / ticks);
    puts_(" granules/s; working-set rounds of the other CPUs:");
    for (uint64_t cpu = 1; cpu < ncpus; cpu++) {
        puts_(" ");
        putdec(cpu_state[cpu].rounds);
    }
    puts_("\n[storm] RESULT: PASS\n");
    power_off();
}

#endif /* STORM_GRANULES */
