/*
 * mpe.c - the board's memory protection engine, from EL3 (mpe.h).
 */
#include "board.h"
#include "harness.h"
#include "internal.h"
#include "mpe.h"
#include "sysreg.h"

bool have_mec(void)
{
    return id_field(read_sysreg_s(ID_AA64MMFR3_EL1),
                    ID_AA64MMFR3_MEC_SHIFT) != 0;
}

bool have_mpe(void)
{
#ifdef BOARD_MPE_BASE
    /*
     * 0: not probed yet, 1: present, 2: absent.  A PE with FEAT_MEC on a
     * board without the engine (upstream QEMU: -cpu max has FEAT_MEC) has
     * nothing at BOARD_MPE_BASE: the probe's read aborts.
     */
    static int state;

    if (!state) {
        uint32_t iidr = 0;

        state = 2;
        if (have_mec()) {
            expect_exception();
            iidr = mpe_read(MPE_IIDR);
            if (!exception_taken() && iidr == MPE_IIDR_VALUE) {
                state = 1;
            }
        }
    }
    return state == 1;
#else
    return false;
#endif
}

#ifdef BOARD_MPE_BASE
uint32_t mpe_read(unsigned int off)
{
    return *(volatile uint32_t *)(uintptr_t)(BOARD_MPE_BASE + off);
}

void mpe_write(unsigned int off, uint32_t val)
{
    *(volatile uint32_t *)(uintptr_t)(BOARD_MPE_BASE + off) = val;
    __asm__ volatile("dsb sy\n\tisb" : : : "memory");
}
#else
uint32_t mpe_read(unsigned int off)
{
    (void)off;
    return 0;
}

void mpe_write(unsigned int off, uint32_t val)
{
    (void)off;
    (void)val;
}
#endif

/*
 * Harness hook between tests: the engine off, EL3's MECID controls back
 * to their reset values (SCTLR2_EL3.EMEC = 0, MECID_RL_A_EL3 = 0).
 */
void mpe_reset(void)
{
    if (!have_mec()) {
        return;
    }
    write_sysreg_s(SCTLR2_EL3, 0);
    write_sysreg_s(MECID_RL_A_EL3, 0);
    __asm__ volatile("isb" : : : "memory");
    if (have_mpe()) {
        mpe_write(MPE_CTRL, 0);
    }
}
