/*
 * simd_asm.S - SIMD&FP, SVE and SME register access for tests/simd_state.c
 * (the C code is built -mgeneral-regs-only, so every access to the vector
 * register file is here).  Buffers are laid out at the current Effective
 * SVE vector length VL (bytes VLB = VL / 8): Zn at buf + n * VLB, Pn at
 * buf + n * VLB / 8, ZA array vector n at buf + n * SVLB.
 *
 * The loads and stores are LDR/STR (vector), (predicate), (array vector)
 * and (table): byte accesses, fine on the Device memory every EL uses
 * with its MMU off.  ZT0 (FEAT_SME2) is encoded with .inst because
 * binutils 2.40 does not know "ldr zt0" yet.
 */
    .arch   armv9-a+sve2+sme
    .text

.macro func name
    .globl  \name
    .type   \name, %function
\name:
.endm

/* ---- SIMD&FP (bits [127:0] of Z0-Z31) --------------------------------- */

/* void fp_v_load(const void *buf): Q0-Q31 <- buf[16 * n] */
func fp_v_load
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ldr     q\n, [x0, #16 * \n]
    .endr
    ret

/* void fp_v_store(void *buf) */
func fp_v_store
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    str     q\n, [x0, #16 * \n]
    .endr
    ret

/* uint64_t fp_fpcr_read(void), fp_fpsr_read(void); writes */
func fp_fpcr_read
    mrs     x0, fpcr
    ret
func fp_fpcr_write
    msr     fpcr, x0
    ret
func fp_fpsr_read
    mrs     x0, fpsr
    ret
func fp_fpsr_write
    msr     fpsr, x0
    ret

/* ---- SVE ---------------------------------------------------------------- */

/* uint64_t sve_rdvl(void): VL in bytes */
func sve_rdvl
    rdvl    x0, #1
    ret

/* void sve_z_load(const void *buf): Z0-Z31 <- buf + n * VLB */
func sve_z_load
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ldr     z\n, [x0, #\n, mul vl]
    .endr
    ret

/* void sve_z_store(void *buf) */
func sve_z_store
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    str     z\n, [x0, #\n, mul vl]
    .endr
    ret

/* void sve_p_load(const void *buf): P0-P15 <- buf + n * VLB / 8 */
func sve_p_load
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    ldr     p\n, [x0, #\n, mul vl]
    .endr
    ret

/* void sve_p_store(void *buf) */
func sve_p_store
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    str     p\n, [x0, #\n, mul vl]
    .endr
    ret

/*
 * void sve_ffr_load(const void *buf, void *scratch)
 * void sve_ffr_store(void *buf, void *scratch)
 * FFR <-> buf through P0; P0 is saved to and reloaded from scratch (one
 * predicate, VLB / 8 bytes), so only P0's bits above VL may change
 * (the P[] setter's CONSTRAINED UNPREDICTABLE zeroing).  Not legal in
 * Streaming SVE mode without FEAT_SME_FA64.
 */
func sve_ffr_load
    str     p0, [x1]
    ldr     p0, [x0]
    wrffr   p0.b
    ldr     p0, [x1]
    ret

func sve_ffr_store
    str     p0, [x1]
    rdffr   p0.b
    str     p0, [x0]
    ldr     p0, [x1]
    ret

/* ---- SME ---------------------------------------------------------------- */

/* uint64_t sme_rdsvl(void): SVL in bytes (legal outside Streaming mode) */
func sme_rdsvl
    rdsvl   x0, #1
    ret

func sme_smstart_sm
    smstart sm
    ret
func sme_smstop_sm
    smstop  sm
    ret
func sme_smstart_za
    smstart za
    ret
func sme_smstop_za
    smstop  za
    ret

/* uint64_t sme_svcr_read(void) */
func sme_svcr_read
    mrs     x0, svcr
    ret

/* void sme_za_load(const void *buf): ZA[n] <- buf + n * SVLB, n < SVLB */
func sme_za_load
    rdsvl   x2, #1
    mov     w12, #0
1:  ldr     za[w12, 0], [x0]
    add     x0, x0, x2
    add     w12, w12, #1
    cmp     w12, w2
    b.ne    1b
    ret

/* void sme_za_store(void *buf) */
func sme_za_store
    rdsvl   x2, #1
    mov     w12, #0
1:  str     za[w12, 0], [x0]
    add     x0, x0, x2
    add     w12, w12, #1
    cmp     w12, w2
    b.ne    1b
    ret

/* void sme_zt0_load(const void *buf), sme_zt0_store(void *buf): 64 bytes */
func sme_zt0_load
    .inst   0xe11f8000              /* ldr zt0, [x0] */
    ret
func sme_zt0_store
    .inst   0xe13f8000              /* str zt0, [x0] */
    ret

/* ---- single instructions for trap tests (first instruction = probe) ---- */

func probe_rdvl                     /* SVE */
    rdvl    x0, #1
    ret
func probe_rdsvl                    /* SME */
    rdsvl   x0, #1
    ret
func probe_fmov                     /* SIMD&FP: reads D0 */
    fmov    x0, d0
    ret
func probe_smstart_sm               /* MSR SVCRSM, #1 */
    smstart sm
    ret
func probe_mrs_zcr_el2
    mrs     x0, zcr_el2
    ret
func probe_mrs_zcr_el1
    mrs     x0, zcr_el1
    ret
func probe_mrs_smcr_el2
    mrs     x0, smcr_el2
    ret
func probe_mrs_svcr
    mrs     x0, svcr
    ret
