/*
 * mpe.c - the board's memory protection engine, from EL3 (mpe.h).
 */
#include "board.h"
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
    return have_mec();
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
