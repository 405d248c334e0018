/*
 * poweroff.c - the Secure GPIO power-off and reset lines of -M virt,rme=on
 * stop the CPU that drives them.  Built only with "make POWEROFF=1";
 * check-poweroff.sh runs that build and judges it from outside, since the
 * tests' success is that nothing after the line runs.
 *
 * The lines are the ones TF-A PLAT=qemu drives for PSCI SYSTEM_OFF and
 * SYSTEM_RESET (DEN0022 5.10, 5.11: neither call returns): GPIO 0 and 1 of
 * the Secure PL061 at 0x090b0000, set as an output and taken low then high
 * (PL061 TRM DDI0190: GPIODIR at 0x400; GPIODATA is addressed through the
 * mask in address bits [9:2]).  QEMU serves both in its main loop, later.
 * For a reset it stops the current CPU at once (qemu_system_reset_request()
 * does); for a power-off qemu-rme does ("hw/arm/virt: Stop the CPUs when
 * the secure power-off line is raised": virt_secure_poweroff() in
 * hw/arm/virt.c powers every CPU off on any secure=on virt machine), so
 * there the CPU stops at the end of its current translation block, at the
 * latest the call into still_running() below.
 */
#include <stdint.h>

#include "board.h"
#include "harness.h"
#include "printf.h"
#include "sysreg.h"

#define SECURE_GPIO_BASE    0x090b0000UL
#define GPIODIR             0x400
#define GPIO_POWEROFF       0               /* TF-A SECURE_GPIO_POWEROFF */
#define GPIO_RESET          1               /* TF-A SECURE_GPIO_RESET */

/* Survives a board reset: RAM the ELF loader does not write. */
#define RESET_MARK          ((volatile uint64_t *)BOARD_SCRATCH_BASE)
#define RESET_MAGIC         0x52455345545f474fULL

static inline void gpio_write(unsigned long off, uint32_t v)
{
    *(volatile uint32_t *)(SECURE_GPIO_BASE + off) = v;
}

/* Set @line as an output and take it low, then high (a rising edge). */
static void gpio_pulse_high(unsigned int line)
{
    gpio_write(GPIODIR, 1u << line);
    gpio_write((1u << line) << 2, 0);
    gpio_write((1u << line) << 2, 1u << line);
}

/* Out of line: the call ends the translation block holding the GPIO write. */
static void __attribute__((noinline)) still_running(const char *what)
{
    for (int i = 0; i < 1000; i++) {
        printf("%s: CPU still running after the line (%d)\n", what, i);
    }
    test_fail(__FILE__, __LINE__, "CPU ran 1000 lines past the %s line", what);
}

/*
 * The reset line (PSCI SYSTEM_RESET, DEN0022 5.11: does not return; the
 * system restarts): the CPU stops at once and the board starts again from
 * the loaded image, where this test finds its mark and passes.
 */
TEST(reset_line_restarts_the_board)
{
    if (*RESET_MARK != RESET_MAGIC) {
        *RESET_MARK = RESET_MAGIC;
        dsb_sy();
        printf("reset: driving Secure GPIO %d low then high\n", GPIO_RESET);
        gpio_pulse_high(GPIO_RESET);
        still_running("reset");
        return;
    }
    *RESET_MARK = 0;
    printf("reset: the board restarted\n");
}

TEST(poweroff_line_stops_the_cpu)
{
    printf("poweroff: driving Secure GPIO %d low then high\n", GPIO_POWEROFF);
    gpio_pulse_high(GPIO_POWEROFF);
    still_running("poweroff");
}
