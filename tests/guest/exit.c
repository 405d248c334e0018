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

#define SYS_GET_CMDLINE             0x15
#define SYS_EXIT                    0x18
#define ADP_STOPPED_APPLICATIONEXIT 0x20026

/*
 * SYS_GET_CMDLINE (operation 0x15): the run's arguments (QEMU:
 * -semihosting-config ...,arg=A,arg=B gives "A B"), or "" without
 * semihosting or when the host gives none.  x1 points to {buffer,
 * length}; the host writes the string and its length and returns 0.
 */
const char *platform_cmdline(void)
{
    static char buf[256];
    static bool done;
#ifndef EXIT_SPIN
    static uint64_t block[2];

    if (!done) {
        register uint64_t x0 __asm__("x0") = SYS_GET_CMDLINE;
        register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

        block[0] = (uint64_t)(uintptr_t)buf;
        block[1] = sizeof(buf) - 1;
        __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
        if (x0 != 0 || block[1] >= sizeof(buf)) {
            buf[0] = 0;
        } else {
            buf[block[1]] = 0;
        }
    }
#endif
    done = true;
    return buf;
}

const char *platform_arg(const char *name)
{
    const char *s = platform_cmdline();
    size_t n = strlen(name);

    while (*s) {
        while (*s == ' ') {
            s++;
        }
        size_t i = 0;

        while (i < n && s[i] == name[i]) {
            i++;
        }
        if (i == n && s[n] == '=') {
            return s + n + 1;       /* up to the next space */
        }
        while (*s && *s != ' ') {
            s++;
        }
    }
    return NULL;
}

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
