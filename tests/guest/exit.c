/*
 * exit.c - ending the run.
 *
 * EXIT_SEMIHOSTING (default): Arm semihosting SYS_EXIT (operation 0x18),
 * called with "HLT #0xF000" in AArch64 state.  x1 points to the parameter
 * block {reason = ADP_Stopped_ApplicationExit (0x20026), exit code}.
 * QEMU needs -semihosting-config enable=on,target=native; the FVP enables
 * semihosting by default (cluster0.cpu0.semihosting-enable=1).
 * Reference: Arm "Semihosting for AArch32 and AArch64" (IHI0098/DUI0003).
 *
 * EXIT_SPIN: print nothing more and wait forever; the runner decides from
 * the summary line and kills the model.  For platforms without
 * semihosting.  (PSCI SYSTEM_OFF is not an option: the harness is itself
 * the EL3 firmware, so there is no PSCI implementation to call.  A board
 * with a power controller could add a write to it here.)
 */
#include "internal.h"

#define SYS_EXIT                    0x18
#define ADP_STOPPED_APPLICATIONEXIT 0x20026

void platform_exit(int code)
{
#ifndef EXIT_SPIN
    static uint64_t block[2];
    register uint64_t x0 __asm__("x0") = SYS_EXIT;
    register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

    block[0] = ADP_STOPPED_APPLICATIONEXIT;
    block[1] = (uint64_t)code;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
#else
    (void)code;
#endif
    for (;;) {
        __asm__ volatile("wfi");
    }
}
