/*
 * simd_state.c - SIMD&FP, SVE and SME register state across world
 * switches (Arm ARM DDI0487 B1.4 "The Scalable Vector and Scalable Matrix
 * Extensions", D24.2.39 CPTR_EL3, D24.2.226-228 ZCR_ELx, D24.2.184-186
 * SMCR_ELx, and the shared pseudocode in J1.1: AArch64.TakeException,
 * MaybeZeroSVEUppers, CheckSVEEnabled, CurrentNSVL, ImplementedSVEVector
 * Length, ResetSVEState, SetPSTATE_SM/ZA).
 *
 * The V/Z/P/FFR registers, FPCR/FPSR, PSTATE.{SM,ZA}, ZA and ZT0 are one
 * set shared by every Exception level and Security state: nothing in the
 * architecture banks them by world, so what one world leaves in them is
 * what the next one finds unless EL3 saves and clears them (or keeps the
 * other world out with CPTR_EL3.{EZ,ESM,TFP}, whose traps are how
 * firmware switches the state lazily).  The tests check that:
 *   - exception entry to EL3 and the return change nothing within the
 *     Effective vector length (VL), in any world (the harness is built
 *     -mgeneral-regs-only, so it never touches the registers itself);
 *   - the Effective VL is what ZCR_ELx/SMCR_ELx select;
 *   - when VL shrinks and grows again the bits that stayed accessible keep
 *     their values, and the bits that were inaccessible hold either their
 *     old value or zero (CONSTRAINED UNPREDICTABLE: both are accepted,
 *     nothing else is);
 *   - AdvSIMD writes, SMSTART/SMSTOP and PSTATE.ZA 0->1 zero what the
 *     architecture says they zero;
 *   - CPTR_EL3/CPTR_EL2/CPACR_EL1 traps reach the right EL with the right
 *     EC (0x07 FP, 0x19 SVE, 0x1D SME) in the architected priority order.
 *
 * Register images are written with a per-byte pattern that is never 0,
 * a function of (seed, register, byte) only, so an image stored at one
 * VL can be checked against one stored at another.
 */
#include "common.h"

/* ---- simd_asm.S --------------------------------------------------------- */

void fp_v_load(const void *buf);
void fp_v_store(void *buf);
uint64_t fp_fpcr_read(void);
void fp_fpcr_write(uint64_t v);
uint64_t fp_fpsr_read(void);
void fp_fpsr_write(uint64_t v);
uint64_t sve_rdvl(void);
void sve_z_load(const void *buf);
void sve_z_store(void *buf);
void sve_p_load(const void *buf);
void sve_p_store(void *buf);
void sve_ffr_load(const void *buf, void *scratch);
void sve_ffr_store(void *buf, void *scratch);
uint64_t sme_rdsvl(void);
void sme_smstart_sm(void);
void sme_smstop_sm(void);
void sme_smstart_za(void);
void sme_smstop_za(void);
uint64_t sme_svcr_read(void);
void sme_za_load(const void *buf);
void sme_za_store(void *buf);
void sme_zt0_load(const void *buf);
void sme_zt0_store(void *buf);
/* Single instructions, usable as run_at() functions (arg ignored). */
uint64_t probe_rdvl(uint64_t);
uint64_t probe_rdsvl(uint64_t);
uint64_t probe_fmov(uint64_t);
uint64_t probe_smstart_sm(uint64_t);
uint64_t probe_mrs_zcr_el2(uint64_t);
uint64_t probe_mrs_zcr_el1(uint64_t);
uint64_t probe_mrs_smcr_el2(uint64_t);
uint64_t probe_mrs_svcr(uint64_t);

/* ---- features and set-up ------------------------------------------------ */

#define MAX_VLB         256             /* 2048 bits */
#define MAX_PLB         (MAX_VLB / 8)
#define ZA_MAX_SVLB     64              /* ZA tests use SVL <= 512 bits */
#define SMCR_FA64       BIT(31)
#define SMCR_EZT0       BIT(30)
#define SVCR_SM         BIT(0)
#define SVCR_ZA         BIT(1)
#define FPSR_SM_CHANGE  0x0800009fUL    /* I_MHTLZ, ResetSVEState() */

#define CPACR_EL1_SIMD  (CPACR_EL1_FPEN | CPACR_EL1_ZEN | CPACR_EL1_SMEN)

static bool have_sve(void)
{
    return id_field(read_sysreg(id_aa64pfr0_el1), ID_AA64PFR0_SVE_SHIFT) != 0;
}

/* 0: no SME, 1: FEAT_SME, 2: FEAT_SME2 (ZT0). */
static unsigned int sme_level(void)
{
    return id_field(read_sysreg(id_aa64pfr1_el1), ID_AA64PFR1_SME_SHIFT);
}

static bool have_fa64(void)
{
    return (read_sysreg_s(ID_AA64SMFR0_EL1) >> 63) & 1;
}

/* Every (world, EL) below EL3 this PE has. */
static const struct who lower[] = {
    { WORLD_REALM, 2 },  { WORLD_NONSECURE, 2 }, { WORLD_SECURE, 1 },
    { WORLD_REALM, 1 },  { WORLD_NONSECURE, 1 }, { WORLD_SECURE, 2 },
};

static bool lower_ok(struct who r)
{
    return (r.w != WORLD_REALM || cpu_has_rme()) &&
           (r.w != WORLD_SECURE || r.el != 2 || cpu_has_sel2());
}

static unsigned int max_vlb;            /* maximum NSVL in bytes */

/*
 * SVE (and SME) usable everywhere at the maximum lengths: CPTR_EL3.EZ/ESM
 * = 1, TFP = 0; CPTR_EL2 and CPACR_EL1 trap nothing; ZCR_ELx.LEN =
 * SMCR_ELx.LEN = 15; SMCR_ELx.FA64 (if implemented) and EZT0 (SME2) = 1.
 */
static void simd_setup(bool need_sme)
{
    uint64_t cptr = CPTR_EL3_EZ, smcr = 0xf;
    uint64_t cptr_el2 = CPTR_EL2_DEFAULT & ~CPTR_EL2_TZ;

    if (!have_sve()) {
        SKIP("FEAT_SVE not implemented");
    }
    if (need_sme && !sme_level()) {
        SKIP("FEAT_SME not implemented");
    }
    if (sme_level()) {
        cptr |= CPTR_EL3_ESM;
        cptr_el2 &= ~CPTR_EL2_TSM;
        smcr |= have_fa64() ? SMCR_FA64 : 0;
        smcr |= sme_level() >= 2 ? SMCR_EZT0 : 0;
    }
    write_sysreg(cptr_el3, cptr);
    isb();
    write_sysreg_s(ZCR_EL3, 0xf);
    write_sysreg_s(ZCR_EL2, 0xf);
    write_sysreg_s(ZCR_EL1, 0xf);
    if (sme_level()) {
        write_sysreg_s(SMCR_EL3, smcr);
        write_sysreg_s(SMCR_EL2, smcr);
        write_sysreg_s(SMCR_EL1, smcr);
    }
    isb();
    run_at_set_fp_traps(cptr_el2, CPACR_EL1_SIMD);
    max_vlb = sve_rdvl();
    ASSERT_TRUE(max_vlb >= 16 && max_vlb <= MAX_VLB &&
                (max_vlb & (max_vlb - 1)) == 0);
}

/* ---- register images ------------------------------------------------------ */

/*
 * Everything aligned to 256 bytes: LDR/STR (vector), (predicate) and
 * (table) check 16-byte alignment when alignment is checked, which it is
 * for the Device memory of a disabled MMU.
 */
struct sve_image {
    uint8_t z[32 * MAX_VLB];
    uint8_t p[16 * MAX_PLB];
    uint8_t ffr[MAX_PLB];
} __attribute__((aligned(256)));

#define ALIGNED __attribute__((aligned(256)))
static struct sve_image img_in, img_out, img_out2, img_exp, img_alt;
static uint8_t p0_scratch[MAX_PLB] ALIGNED;
static uint8_t vbuf_in[32 * 16] ALIGNED, vbuf_out[32 * 16] ALIGNED;
static uint8_t za_in[ZA_MAX_SVLB * ZA_MAX_SVLB] ALIGNED;
static uint8_t za_out[ZA_MAX_SVLB * ZA_MAX_SVLB] ALIGNED;
static uint8_t zt0_in[64] ALIGNED, zt0_out[64] ALIGNED;

#define SEED_ZERO       (-1)            /* "the value is zero" */

/* Byte b of register r (Z: 0-31, P: 32-47, ZA vectors: 64+) for seed. */
static uint8_t pat(int seed, unsigned int r, unsigned int b)
{
    if (seed == SEED_ZERO) {
        return 0;
    }
    return (uint8_t)(((unsigned int)seed * 73 + r * 37 + b * 11) % 255 + 1);
}

/*
 * FFR must hold a monotonic predicate (WRFFR, C8.2.933): bits [n-1:0]
 * set, n a little below the maximum PL so that the top bytes differ.
 */
static uint8_t ffr_pat(int seed, unsigned int b)
{
    unsigned int n = MAX_PLB * 8 - 1 - (unsigned int)seed % 5, lo = b * 8;

    if (seed == SEED_ZERO || lo >= n) {
        return 0;
    }
    return n - lo >= 8 ? 0xff : (uint8_t)((1u << (n - lo)) - 1);
}

/* An image of seed laid out at VL = vlb bytes. */
static void img_fill(struct sve_image *m, unsigned int vlb, int seed)
{
    unsigned int plb = vlb / 8;

    for (unsigned int r = 0; r < 32; r++) {
        for (unsigned int b = 0; b < vlb; b++) {
            m->z[r * vlb + b] = pat(seed, r, b);
        }
    }
    for (unsigned int r = 0; r < 16; r++) {
        for (unsigned int b = 0; b < plb; b++) {
            m->p[r * plb + b] = pat(seed, 32 + r, b);
        }
    }
    for (unsigned int b = 0; b < plb; b++) {
        m->ffr[b] = ffr_pat(seed, b);
    }
}

/*
 * Expected images at VL = vlb: Z bytes [lo, hi) (P and FFR bytes
 * [lo/8, hi/8)) must be the pattern of seed or of alt_seed.
 */
static void expect_range(unsigned int vlb, unsigned int lo, unsigned int hi,
                         int seed, int alt_seed)
{
    unsigned int plb = vlb / 8;

    for (unsigned int r = 0; r < 32; r++) {
        for (unsigned int b = lo; b < hi; b++) {
            img_exp.z[r * vlb + b] = pat(seed, r, b);
            img_alt.z[r * vlb + b] = pat(alt_seed, r, b);
        }
    }
    for (unsigned int r = 0; r < 16; r++) {
        for (unsigned int b = lo / 8; b < hi / 8; b++) {
            img_exp.p[r * plb + b] = pat(seed, 32 + r, b);
            img_alt.p[r * plb + b] = pat(alt_seed, 32 + r, b);
        }
    }
    for (unsigned int b = lo / 8; b < hi / 8; b++) {
        img_exp.ffr[b] = ffr_pat(seed, b);
        img_alt.ffr[b] = ffr_pat(alt_seed, b);
    }
}

/* Z only: bytes [lo, hi) of every Z register must be seed or alt_seed. */
static void expect_z_range(unsigned int vlb, unsigned int lo,
                           unsigned int hi, int seed, int alt_seed)
{
    for (unsigned int r = 0; r < 32; r++) {
        for (unsigned int b = lo; b < hi; b++) {
            img_exp.z[r * vlb + b] = pat(seed, r, b);
            img_alt.z[r * vlb + b] = pat(alt_seed, r, b);
        }
    }
}

/* Z bytes [0, 16) = the V pattern of vseed (what fp_v_load() wrote). */
static void expect_v_in_z(unsigned int vlb, int vseed)
{
    for (unsigned int r = 0; r < 32; r++) {
        for (unsigned int b = 0; b < 16; b++) {
            img_exp.z[r * vlb + b] = img_alt.z[r * vlb + b] =
                pat(vseed, 100 + r, b);
        }
    }
}

/*
 * Compare image m (at VL = vlb, Z/P only if !ffr) with img_exp/img_alt;
 * print the first mismatches and record one failure.
 */
#define CHECK_IMG(m, vlb, ffr, what) \
    check_img(__FILE__, __LINE__, (m), (vlb), (ffr), (what))
static bool check_img(const char *file, int line, const struct sve_image *m,
                      unsigned int vlb, bool ffr, const char *what)
{
    unsigned int plb = vlb / 8, bad = 0;

#define CMP(kind, arr, idx, r, b)                                           \
    do {                                                                    \
        uint8_t g = m->arr[idx], e = img_exp.arr[idx], a = img_alt.arr[idx];\
        if (g != e && g != a) {                                             \
            if (bad++ < 4) {                                                \
                printf("    %s: %s%u byte %u = 0x%02x, expected 0x%02x"    \
                       " or 0x%02x\n", what, kind, (r), (b), g, e, a);      \
            }                                                               \
        }                                                                   \
    } while (0)

    for (unsigned int r = 0; r < 32; r++) {
        for (unsigned int b = 0; b < vlb; b++) {
            CMP("Z", z, r * vlb + b, r, b);
        }
    }
    for (unsigned int r = 0; r < 16; r++) {
        for (unsigned int b = 0; b < plb; b++) {
            CMP("P", p, r * plb + b, r, b);
        }
    }
    for (unsigned int b = 0; ffr && b < plb; b++) {
        CMP("FFR", ffr, b, 0u, b);
    }
#undef CMP
    if (bad) {
        return test_fail(file, line, "%s: %u bytes differ (VL %u bits)",
                         what, bad, vlb * 8);
    }
    return true;
}

/* Load/store Z, P and FFR (FFR through P0, see simd_asm.S). */
static void state_load(const struct sve_image *m, bool ffr)
{
    if (ffr) {
        sve_ffr_load(m->ffr, p0_scratch);
    }
    sve_p_load(m->p);
    sve_z_load(m->z);
}

static void state_store(struct sve_image *m, bool ffr)
{
    sve_z_store(m->z);
    sve_p_store(m->p);
    if (ffr) {
        sve_ffr_store(m->ffr, p0_scratch);
    }
}

/* ---- lower-EL functions --------------------------------------------------- */

/*
 * Store what this (world, EL) finds in Z/P/FFR into img_out, then load
 * the pattern of seed (if not SEED_ZERO) at its own VL.  Returns VL.
 */
static uint64_t lower_sve_swap(uint64_t seed)
{
    unsigned int vlb = sve_rdvl();

    state_store(&img_out, true);
    if ((int)seed != SEED_ZERO) {
        img_fill(&img_in, vlb, (int)seed);
        state_load(&img_in, true);
    }
    return vlb;
}

static uint64_t lower_nothing(uint64_t arg)
{
    return arg;
}

/* V registers and FPCR/FPSR: store what is there, load those of seed. */
static uint64_t fpcr_of(unsigned int seed)
{
    /* DN (25), FZ (24), RMode (23:22) */
    return ((seed & 1UL) << 25) | ((seed & 2UL) << 23) | ((seed % 4UL) << 22);
}

static uint64_t fpsr_of(unsigned int seed)
{
    /* QC (27), IDC (7), IXC..IOC (4:0) */
    return ((seed & 1UL) << 27) | ((seed & 2UL) << 6) | ((seed * 7UL) & 0x1f);
}

static void vbuf_fill(uint8_t *buf, int seed)
{
    for (unsigned int r = 0; r < 32; r++) {
        for (unsigned int b = 0; b < 16; b++) {
            buf[r * 16 + b] = pat(seed, 100 + r, b);
        }
    }
}

static volatile uint64_t fpcr_out, fpsr_out;

static uint64_t lower_v_swap(uint64_t seed)
{
    fp_v_store(vbuf_out);
    fpcr_out = fp_fpcr_read();
    fpsr_out = fp_fpsr_read();
    vbuf_fill(vbuf_in, (int)seed);
    fp_v_load(vbuf_in);
    fp_fpcr_write(fpcr_of(seed));
    fp_fpsr_write(fpsr_of(seed));
    return 0;
}

static bool check_v(const char *what, int seed)
{
    for (unsigned int r = 0; r < 32; r++) {
        for (unsigned int b = 0; b < 16; b++) {
            if (vbuf_out[r * 16 + b] != pat(seed, 100 + r, b)) {
                return test_fail(__FILE__, __LINE__, "%s: V%u byte %u = "
                                 "0x%02x, expected 0x%02x", what, r, b,
                                 vbuf_out[r * 16 + b], pat(seed, 100 + r, b));
            }
        }
    }
    return true;
}

/* ---- tests: state shared by all worlds, preserved within VL -------------- */

/*
 * V0-V31, FPCR and FPSR written at one (world, EL) are read unchanged at
 * EL3 and by the next world: AArch64.TakeException and ExceptionReturn
 * (J1.1) change no SIMD&FP register bits [127:0] (MaybeZeroSVEUppers
 * only affects bits at and above VL >= 128) and do not touch FPCR/FPSR,
 * and none of them is banked by Exception level or Security state (B1.2
 * "Registers in AArch64 Execution state": one V0-V31, FPCR and FPSR per
 * PE; only SP_ELx, ELR_ELx and SPSR_ELx are per-EL).  This is why EL3
 * firmware must save and restore them on a world switch.  No SVE needed:
 * CPTR_EL3 = 0 (TFP = 0).
 */
TEST(simd_v_fpcr_fpsr_shared_by_all_worlds)
{
    int seed = 1;

    vbuf_fill(vbuf_in, seed);
    fp_v_load(vbuf_in);
    fp_fpcr_write(fpcr_of(seed));
    fp_fpsr_write(fpsr_of(seed));
    for (unsigned int i = 0; i < ARRAY_SIZE(lower); i++) {
        if (!lower_ok(lower[i])) {
            continue;
        }
        run_at(lower[i].w, lower[i].el, lower_v_swap, seed + 1);
        if (!check_v("previous world's V seen by the next", seed) ||
            !EXPECT_EQ(fpcr_out, fpcr_of(seed)) ||
            !EXPECT_EQ(fpsr_out, fpsr_of(seed))) {
            printf("    (at %s EL%u)\n", world_name(lower[i].w), lower[i].el);
        }
        seed++;
        fp_v_store(vbuf_out);
        if (!check_v("V at EL3 after the world's ERET/SMC", seed) ||
            !EXPECT_EQ(fp_fpcr_read(), fpcr_of(seed)) ||
            !EXPECT_EQ(fp_fpsr_read(), fpsr_of(seed))) {
            printf("    (written at %s EL%u)\n", world_name(lower[i].w),
                   lower[i].el);
        }
    }
    fp_fpcr_write(0);
    fp_fpsr_write(0);
}

/*
 * Z0-Z31, P0-P15 and FFR at the maximum VL everywhere (ZCR_EL3/2/1.LEN =
 * 15): every bit a world writes is seen unchanged at EL3 and by the next
 * world.  MaybeZeroSVEUppers(target_el) (J1.1, called by
 * AArch64.TakeException) may zero only bits [MAX_VL-1:VL] of the source
 * EL, and VL is the same everywhere here; ExceptionReturn does not touch
 * them; I_PDLWX: "When changing VL, the contents in the bits that
 * consistently remain accessible remain the same".
 */
TEST(simd_z_p_ffr_shared_by_all_worlds_at_equal_vl)
{
    int seed = 10;

    simd_setup(false);
    img_fill(&img_in, max_vlb, seed);
    state_load(&img_in, true);
    for (unsigned int i = 0; i < ARRAY_SIZE(lower); i++) {
        struct who r = lower[i];
        uint64_t vlb;

        if (!lower_ok(r)) {
            continue;
        }
        vlb = run_at(r.w, r.el, lower_sve_swap, seed + 1);
        EXPECT_EQ(vlb, max_vlb);
        expect_range(max_vlb, 0, max_vlb, seed, seed);
        if (!CHECK_IMG(&img_out, max_vlb, true, "seen by the next world")) {
            printf("    (at %s EL%u)\n", world_name(r.w), r.el);
        }
        seed++;
        state_store(&img_out, true);
        expect_range(max_vlb, 0, max_vlb, seed, seed);
        if (!CHECK_IMG(&img_out, max_vlb, true, "at EL3")) {
            printf("    (written at %s EL%u)\n", world_name(r.w), r.el);
        }
    }
}

/*
 * R_DMBPN: "When taking an exception to a target Exception level, if
 * SVE, SME, and floating-point instructions are disabled, trapped, or not
 * available at all Exception levels below the target Exception level ...
 * the SVE register state at the target Exception level is preserved"
 * (MaybeZeroSVEUppers returns early when IsFPEnabled() of the lower EL is
 * FALSE).  With CPTR_EL2.TFP = 1 every bit of Z/P/FFR written at EL3
 * survives a trip through EL2 and EL1 of each world, even with ZCR_EL2.LEN
 * = 0 (a 128-bit VL there, had SVE been usable).
 */
TEST(simd_sve_state_preserved_when_lower_els_cannot_use_fp)
{
    simd_setup(false);
    write_sysreg_s(ZCR_EL2, 0);
    write_sysreg_s(ZCR_EL1, 0);
    isb();
    run_at_set_fp_traps(CPTR_EL2_DEFAULT | CPTR_EL2_TFP, CPACR_EL1_DEFAULT);
    img_fill(&img_in, max_vlb, 20);
    state_load(&img_in, true);
    for (unsigned int i = 0; i < ARRAY_SIZE(lower); i++) {
        if (lower_ok(lower[i])) {
            run_at(lower[i].w, lower[i].el, lower_nothing, 0);
        }
    }
    state_store(&img_out, true);
    expect_range(max_vlb, 0, max_vlb, 20, 20);
    CHECK_IMG(&img_out, max_vlb, true, "at EL3 after every world ran");
}

/* ---- tests: effective vector length --------------------------------------- */

/* Highest power of two <= min(requested, maximum), in bytes (VL >= 16). */
static unsigned int nsvl_for(unsigned int len)
{
    unsigned int req = (len + 1) * 16, vl = 16;

    while (vl * 2 <= req && vl * 2 <= max_vlb) {
        vl *= 2;
    }
    return vl;
}

/*
 * ZCR_EL3.LEN caps the Effective Non-streaming SVE vector length at every
 * EL (CurrentNSVL, J1.1.3.302: EL3 uses ZCR_EL3.LEN, lower ELs
 * Min(own LEN, ZCR_EL2.LEN, ZCR_EL3.LEN); ZCR_EL2.LEN step 1: "If EL3 is
 * implemented and the requested length is greater than the Effective
 * length at EL3, then the Effective length at EL3 is used").  RDVL in
 * every world equals the EL3 length, for the power-of-two requests (the
 * lengths every implementation must support up to its maximum).
 */
TEST(simd_zcr_el3_len_caps_vl_at_every_el)
{
    static const unsigned int lens[] = { 0, 1, 3, 7, 15 };

    simd_setup(false);
    for (unsigned int i = 0; i < ARRAY_SIZE(lens); i++) {
        unsigned int want = nsvl_for(lens[i]);

        write_sysreg_s(ZCR_EL3, lens[i]);
        isb();
        EXPECT_EQ(sve_rdvl(), want);
        for (unsigned int j = 0; j < ARRAY_SIZE(lower); j++) {
            struct who r = lower[j];

            if (lower_ok(r) &&
                !EXPECT_EQ(run_at(r.w, r.el, probe_rdvl, 0), want)) {
                printf("    (ZCR_EL3.LEN = %u, %s EL%u)\n", lens[i],
                       world_name(r.w), r.el);
            }
        }
    }
}

/*
 * ZCR_EL2.LEN caps EL1 and ZCR_EL1.LEN only EL1 (CurrentNSVL: at EL1
 * Min(ZCR_EL1.LEN, ZCR_EL2.LEN if EL2 is enabled, ZCR_EL3.LEN); at EL2
 * Min(ZCR_EL2.LEN, ZCR_EL3.LEN)).  Secure EL1 is capped by ZCR_EL2 only
 * when Secure EL2 is enabled (SCR_EL3.EEL2 = 1, set with FEAT_SEL2).
 */
TEST(simd_zcr_el2_len_caps_el1_not_el2)
{
    static const struct { unsigned int el2, el1; } cfg[] = {
        { 1, 15 }, { 1, 0 }, { 15, 3 }, { 0, 15 },
    };

    simd_setup(false);
    for (unsigned int i = 0; i < ARRAY_SIZE(cfg); i++) {
        write_sysreg_s(ZCR_EL2, cfg[i].el2);
        write_sysreg_s(ZCR_EL1, cfg[i].el1);
        isb();
        for (unsigned int j = 0; j < ARRAY_SIZE(lower); j++) {
            struct who r = lower[j];
            unsigned int len;

            if (!lower_ok(r)) {
                continue;
            }
            if (r.el == 2) {
                len = cfg[i].el2;
            } else if (r.w == WORLD_SECURE && !cpu_has_sel2()) {
                len = cfg[i].el1;
            } else {
                len = cfg[i].el1 < cfg[i].el2 ? cfg[i].el1 : cfg[i].el2;
            }
            if (!EXPECT_EQ(run_at(r.w, r.el, probe_rdvl, 0), nsvl_for(len))) {
                printf("    (ZCR_EL2.LEN = %u, ZCR_EL1.LEN = %u, %s EL%u)\n",
                       cfg[i].el2, cfg[i].el1, world_name(r.w), r.el);
            }
        }
    }
}

/*
 * Every LEN, including the non-power-of-two requests: "The Non-streaming
 * SVE vector length can be any power of two from 128 bits to 2048 bits
 * inclusive ... the PE selects the highest supported Non-streaming SVE
 * vector length that is less than or equal to the requested length"
 * (ZCR_EL3.LEN and ZCR_EL2.LEN, D24.2.227-228; I_NWYBP: "The
 * architecturally defined NSVL set is all powers of two from 128 to 2048
 * bits inclusive"; ImplementedSVEVectorLength(), J1.1.3.328, "Reduce SVE
 * vector length to a supported value (power of two)").  LEN = 2 (384
 * bits requested) gives 256 bits.  A direct read returns LEN as written.
 */
/*
 * QEMU 10.2.2's -cpu max selected every multiple of 128 bits (LEN = 2 gave
 * 384 bits); "target/arm: Let ZCR_ELx.LEN select only power-of-two SVE
 * vector lengths" restricts the selection to powers of two.
 */

TEST(simd_zcr_len_selects_power_of_two_vl)
{
    simd_setup(false);
    for (unsigned int len = 0; len < 16; len++) {
        write_sysreg_s(ZCR_EL3, len);
        isb();
        EXPECT_EQ(read_sysreg_s(ZCR_EL3) & 0xf, len);
        if (!EXPECT_EQ(sve_rdvl(), nsvl_for(len))) {
            printf("    (EL3, ZCR_EL3.LEN = %u)\n", len);
        }
    }
    write_sysreg_s(ZCR_EL3, 0xf);
    for (unsigned int len = 0; len < 16; len++) {
        write_sysreg_s(ZCR_EL2, len);
        isb();
        if (!EXPECT_EQ(run_at(WORLD_REALM, 2, probe_rdvl, 0),
                       nsvl_for(len))) {
            printf("    (Realm EL2, ZCR_EL2.LEN = %u)\n", len);
        }
    }
}

/*
 * VL reduced at EL3 and raised again, no world switch: the low 128 bits
 * keep their values (I_PDLWX); the bits that were inaccessible hold their
 * old value or zero (R_YRPDH: CONSTRAINED UNPREDICTABLE; the Z[]/P[]/FFR[]
 * setters and MaybeZeroSVEUppers zero them or leave them,
 * Unpredictable_SVEZEROUPPER).
 */
TEST(simd_zcr_el3_shrink_and_grow_keeps_low_bits)
{
    simd_setup(false);
    if (max_vlb == 16) {
        SKIP("maximum VL is 128 bits: no VL change possible");
    }
    img_fill(&img_in, max_vlb, 30);
    state_load(&img_in, true);
    write_sysreg_s(ZCR_EL3, 0);
    isb();
    ASSERT_EQ(sve_rdvl(), 16);
    state_store(&img_out, true);
    expect_range(16, 0, 16, 30, 30);
    CHECK_IMG(&img_out, 16, true, "at VL 128");
    write_sysreg_s(ZCR_EL3, 0xf);
    isb();
    state_store(&img_out, true);
    expect_range(max_vlb, 0, 16, 30, 30);
    expect_range(max_vlb, 16, max_vlb, 30, SEED_ZERO);
    CHECK_IMG(&img_out, max_vlb, true, "back at the maximum VL");
}

/*
 * A world running at a smaller VL (ZCR_EL2.LEN = 1: 256 bits, at EL2 and
 * EL1) sees the low 256 bits of what EL3 left (I_PDLWX), and what it
 * writes there is seen by EL3 at the maximum VL; bits [MAX-1:256] are
 * either EL3's old values or zero (R_YRPDH; Z[]/P[]/FFR[] setters and
 * MaybeZeroSVEUppers: Unpredictable_SVEZEROUPPER), never anything else.
 */
TEST(simd_smaller_vl_world_sees_low_bits_upper_old_or_zero)
{
    static const struct who who[] = {
        { WORLD_REALM, 2 }, { WORLD_NONSECURE, 1 }, { WORLD_SECURE, 1 },
    };
    int seed = 40;

    simd_setup(false);
    if (max_vlb < 64) {
        SKIP("maximum VL below 512 bits");
    }
    write_sysreg_s(ZCR_EL2, 1);
    isb();
    for (unsigned int i = 0; i < ARRAY_SIZE(who); i++) {
        struct who r = who[i];
        unsigned int small = r.w == WORLD_SECURE && !cpu_has_sel2() ?
                             max_vlb : 32;

        if (!lower_ok(r)) {
            continue;
        }
        img_fill(&img_in, max_vlb, seed);
        state_load(&img_in, true);
        ASSERT_EQ(run_at(r.w, r.el, lower_sve_swap, seed + 1), small);
        expect_range(small, 0, small, seed, seed);
        if (!CHECK_IMG(&img_out, small, true, "low bits seen by the world")) {
            printf("    (%s EL%u)\n", world_name(r.w), r.el);
        }
        state_store(&img_out, true);
        expect_range(max_vlb, 0, small, seed + 1, seed + 1);
        expect_range(max_vlb, small, max_vlb, seed, SEED_ZERO);
        if (!CHECK_IMG(&img_out, max_vlb, true, "at EL3")) {
            printf("    (written at %s EL%u)\n", world_name(r.w), r.el);
        }
        seed += 2;
    }
}

/*
 * Which of R_YRPDH's two choices the CPU makes, where the run says which
 * to expect (run-qemu.sh GUEST_ARGS=sve-retain=on|off): with -cpu
 * max,x-sve-retain=on (what -M virt,rme=on picks, as FVP behaves) the
 * bits that become accessible again hold their old values; with off they
 * are zero.  Checked with ZCR_EL3 at EL3, and on the round trip firmware
 * test suites make: through Non-secure EL1 at 256 bits (ZCR_EL2.LEN = 1)
 * and back to EL3 at the maximum VL, where the Non-secure world's writes
 * are seen in the low 256 bits (I_PDLWX) and the rest is EL3's old
 * values or zero as configured.
 */
TEST(simd_vl_grows_back_to_old_bits_or_zero_as_configured)
{
    const struct who ns = { WORLD_NONSECURE, 1 };
    const char *want = platform_arg("sve-retain");
    int seed = 60, up;
    bool keep;

    simd_setup(false);
    if (!want) {
        SKIP("the run does not say which R_YRPDH choice to expect "
             "(run-qemu.sh GUEST_ARGS=sve-retain=on|off)");
    }
    if (max_vlb < 64) {
        SKIP("maximum VL below 512 bits");
    }
    keep = want[0] == 'o' && want[1] == 'n';
    up = keep ? seed : SEED_ZERO;
    img_fill(&img_in, max_vlb, seed);
    state_load(&img_in, true);
    write_sysreg_s(ZCR_EL3, 0);
    isb();
    write_sysreg_s(ZCR_EL3, 0xf);
    isb();
    state_store(&img_out, true);
    expect_range(max_vlb, 0, 16, seed, seed);
    expect_range(max_vlb, 16, max_vlb, up, up);
    CHECK_IMG(&img_out, max_vlb, true, keep ?
              "EL3, VL 128 and back: old values (sve-retain=on)" :
              "EL3, VL 128 and back: zeros (sve-retain=off)");

    if (!lower_ok(ns)) {
        return;
    }
    seed += 2;
    up = keep ? seed : SEED_ZERO;
    write_sysreg_s(ZCR_EL2, 1);
    isb();
    img_fill(&img_in, max_vlb, seed);
    state_load(&img_in, true);
    ASSERT_EQ(run_at(ns.w, ns.el, lower_sve_swap, seed + 1), 32);
    state_store(&img_out, true);
    expect_range(max_vlb, 0, 32, seed + 1, seed + 1);
    expect_range(max_vlb, 32, max_vlb, up, up);
    CHECK_IMG(&img_out, max_vlb, true, keep ?
              "through NS EL1 at VL 256: EL3's old values above (sve-retain=on)" :
              "through NS EL1 at VL 256: zeros above (sve-retain=off)");
}

/*
 * R_WKYLB: "When the Effective SVE vector length (VL) at the current
 * Exception level is greater than 128 bits, any AArch64 instruction that
 * writes to an 128-bit SIMD&FP register, V0-V31, sets bits [VL-1:128] to
 * zero" (the V[] setter).  At Realm EL2 with VL = max and then VL = 256:
 * after LDR Q0-Q31, Z bits [VL-1:128] are 0 there and at EL3; at EL3 the
 * bits above EL2's VL are the old value or zero (Unpredictable_
 * SVEZEROUPPER).  P and FFR are not SIMD&FP registers: unchanged.
 */
static uint64_t lower_v_over_z(uint64_t vseed)
{
    unsigned int vlb = sve_rdvl();

    vbuf_fill(vbuf_in, (int)vseed);
    fp_v_load(vbuf_in);
    state_store(&img_out, true);
    return vlb;
}

TEST(simd_advsimd_write_zeroes_z_above_128)
{
    simd_setup(false);
    if (max_vlb < 64) {
        SKIP("maximum VL below 512 bits");
    }
    for (unsigned int pass = 0; pass < 2; pass++) {
        unsigned int small = pass ? 32 : max_vlb;

        write_sysreg_s(ZCR_EL2, pass ? 1 : 0xf);
        isb();
        img_fill(&img_in, max_vlb, 50);
        state_load(&img_in, true);
        ASSERT_EQ(run_at(WORLD_REALM, 2, lower_v_over_z, 51), small);
        expect_range(small, 0, small, 50, 50);
        expect_z_range(small, 16, small, SEED_ZERO, SEED_ZERO);
        expect_v_in_z(small, 51);
        CHECK_IMG(&img_out, small, true, "at Realm EL2 after LDR Q");
        state_store(&img_out, true);
        expect_range(max_vlb, 0, small, 50, 50);
        expect_range(max_vlb, small, max_vlb, 50, SEED_ZERO);
        expect_z_range(max_vlb, 16, small, SEED_ZERO, SEED_ZERO);
        expect_v_in_z(max_vlb, 51);
        CHECK_IMG(&img_out, max_vlb, true, "at EL3");
    }
}

/* ---- tests: traps (how EL3 keeps a world out of the others' state) ------- */

/* The exception the last probe took: to el, with ec and (iss >= 0) ISS. */
#define EXPECT_TRAP(r, el, ec, iss, fn) \
    expect_trap(__FILE__, __LINE__, (r), (el), (ec), (iss), (fn))
static bool expect_trap(const char *file, int line, struct who r,
                        unsigned int el, unsigned int ec, long iss,
                        lower_fn fn)
{
    bool ok = exception_taken() && exc_rec.el == el &&
              exc_rec.from_el == r.el && ESR_EC(exc_rec.esr) == ec &&
              (exc_rec.esr & ESR_IL) &&
              (iss < 0 || ESR_ISS(exc_rec.esr) == (uint64_t)iss) &&
              exc_rec.elr == (uintptr_t)fn &&
              (el != 3 || exc_rec.world == r.w);

    if (!ok) {
        test_fail(file, line, "%s EL%u: expected EC 0x%02x to EL%u, got "
                  "%s (EL%u, ESR 0x%lx, ELR 0x%lx)", world_name(r.w), r.el,
                  ec, el, exc_rec.taken ? "an exception" : "none",
                  exc_rec.el, exc_rec.esr, exc_rec.elr);
    }
    return ok;
}

static void trap_probe(struct who r, lower_fn fn)
{
    expect_exception();
    run_at(r.w, r.el, fn, 0);
}

/* Run @fn in @r expecting an exception, and check it was this trap. */
#define PROBE_EXPECT_TRAP(r, el, ec, iss, fn) \
    do {                                      \
        trap_probe((r), (fn));                \
        EXPECT_TRAP(r, el, ec, iss, fn);      \
    } while (0)

/*
 * CPTR_EL3.EZ = 0 "Traps execution of SVE instructions when the PE is
 * not in Streaming SVE mode, and instructions that directly access the
 * ZCR_EL3, ZCR_EL2, or ZCR_EL1 System registers, from all Exception
 * levels and any Security state, to EL3 ... EC syndrome value 0x19"
 * (D24.2.39; the ISS of an SVE access trap is RES0).  From every world
 * and EL, with CPTR_EL2/CPACR_EL1 trapping nothing: RDVL and MRS ZCR_EL2
 * (EL2) / ZCR_EL1 (EL1) are taken to EL3.
 */
TEST(simd_cptr_el3_ez_traps_sve_to_el3)
{
    simd_setup(false);
    write_sysreg(cptr_el3, read_sysreg(cptr_el3) & ~CPTR_EL3_EZ);
    isb();
    for (unsigned int i = 0; i < ARRAY_SIZE(lower); i++) {
        struct who r = lower[i];
        lower_fn zcr = r.el == 2 ? probe_mrs_zcr_el2 : probe_mrs_zcr_el1;

        if (!lower_ok(r)) {
            continue;
        }
        PROBE_EXPECT_TRAP(r, 3, EC_SVE_ACCESS, 0, probe_rdvl);
        PROBE_EXPECT_TRAP(r, 3, EC_SVE_ACCESS, 0, zcr);
    }
}

/*
 * CPTR_EL3.TFP = 1 traps SIMD&FP instructions with EC 0x07 and also "SME
 * and SVE instructions ... reported using EC syndrome value 0x07";
 * "A trap taken as a result of CPTR_EL3.EZ has precedence over a trap
 * taken as a result of CPTR_EL3.TFP", likewise ESM (D24.2.39;
 * CheckSVEEnabled/CheckSMEEnabled test EZ/ESM before TFP).
 */
TEST(simd_cptr_el3_tfp_traps_fp_sve_sme_with_ez_esm_first)
{
    struct who r = { WORLD_REALM, 2 }, ns = { WORLD_NONSECURE, 1 };
    uint64_t all;

    simd_setup(false);
    all = read_sysreg(cptr_el3);
    write_sysreg(cptr_el3, all | CPTR_EL3_TFP);
    isb();
    PROBE_EXPECT_TRAP(r, 3, EC_FP_ACCESS, -1, probe_fmov);
    PROBE_EXPECT_TRAP(ns, 3, EC_FP_ACCESS, -1, probe_fmov);
    PROBE_EXPECT_TRAP(r, 3, EC_FP_ACCESS, -1, probe_rdvl);
    if (sme_level()) {
        PROBE_EXPECT_TRAP(ns, 3, EC_FP_ACCESS, -1, probe_rdsvl);
    }
    write_sysreg(cptr_el3, (all & ~(CPTR_EL3_EZ | CPTR_EL3_ESM)) |
                 CPTR_EL3_TFP);
    isb();
    PROBE_EXPECT_TRAP(r, 3, EC_SVE_ACCESS, 0, probe_rdvl);
    if (sme_level()) {
        PROBE_EXPECT_TRAP(ns, 3, EC_SME_ACCESS, 0, probe_rdsvl);
    }
}

/*
 * CPTR_EL3.ESM = 0 "Traps execution of SME instructions ... and
 * instructions that directly access the SMCR_EL1, SMCR_EL2, SMCR_EL3,
 * SMPRI_EL1, SMPRIMAP_EL2, or SVCR System registers ... the MSR SVCRSM,
 * MSR SVCRZA, and MSR SVCRSMZA instructions are also trapped ... EC
 * syndrome value 0x1D, with an ISS code of 0x0000000" (D24.2.39).  RDSVL,
 * SMSTART SM, MRS SVCR and (at EL2) MRS SMCR_EL2 from every world and EL.
 */
TEST(simd_cptr_el3_esm_traps_sme_to_el3)
{
    simd_setup(true);
    write_sysreg(cptr_el3, read_sysreg(cptr_el3) & ~CPTR_EL3_ESM);
    isb();
    for (unsigned int i = 0; i < ARRAY_SIZE(lower); i++) {
        struct who r = lower[i];

        if (!lower_ok(r)) {
            continue;
        }
        PROBE_EXPECT_TRAP(r, 3, EC_SME_ACCESS, 0, probe_rdsvl);
        PROBE_EXPECT_TRAP(r, 3, EC_SME_ACCESS, 0, probe_smstart_sm);
        PROBE_EXPECT_TRAP(r, 3, EC_SME_ACCESS, 0, probe_mrs_svcr);
        if (r.el == 2) {
            PROBE_EXPECT_TRAP(r, 3, EC_SME_ACCESS, 0, probe_mrs_smcr_el2);
        }
    }
    write_sysreg(cptr_el3, read_sysreg(cptr_el3) | CPTR_EL3_ESM);
    isb();
    EXPECT_EQ(sme_svcr_read(), 0);      /* the trapped SMSTART did nothing */
}

/*
 * The lower ELs' own controls are checked first (CheckSVEEnabled and
 * CheckSMEEnabled, J1.1.3.298: CPACR_EL1 ZEN then FPEN at EL1, then
 * CPTR_EL2 TZ/TSM then TFP, then CPTR_EL3 EZ/ESM then TFP), so with
 * CPTR_EL3.EZ = ESM = 0 a lower-EL trap still goes to EL1 or EL2:
 *   CPACR_EL1.ZEN = 0          RDVL at EL1  -> EL1, EC 0x19
 *   CPACR_EL1.FPEN = 0, ZEN = 3  RDVL at EL1 -> EL1, EC 0x07
 *   CPTR_EL2.TZ = 1            RDVL at EL1  -> EL2, EC 0x19
 *   CPTR_EL2.TFP = 1, TZ = 0   RDVL at EL2  -> EL2, EC 0x07
 *   CPTR_EL2.TSM = 1           RDSVL at EL1 -> EL2, EC 0x1D
 */
TEST(simd_lower_el_traps_take_priority_over_cptr_el3)
{
    struct who rel1 = { WORLD_REALM, 1 }, nsel1 = { WORLD_NONSECURE, 1 };
    struct who nsel2 = { WORLD_NONSECURE, 2 };
    uint64_t cptr_el2_ok = CPTR_EL2_DEFAULT & ~CPTR_EL2_TZ;

    simd_setup(false);
    if (sme_level()) {
        cptr_el2_ok &= ~CPTR_EL2_TSM;
    }
    write_sysreg(cptr_el3, 0);
    isb();
    run_at_set_fp_traps(cptr_el2_ok, CPACR_EL1_FPEN | CPACR_EL1_SMEN);
    PROBE_EXPECT_TRAP(rel1, 1, EC_SVE_ACCESS, 0, probe_rdvl);
    run_at_set_fp_traps(cptr_el2_ok, CPACR_EL1_ZEN | CPACR_EL1_SMEN);
    PROBE_EXPECT_TRAP(nsel1, 1, EC_FP_ACCESS, -1, probe_rdvl);
    run_at_set_fp_traps(cptr_el2_ok | CPTR_EL2_TZ, CPACR_EL1_SIMD);
    PROBE_EXPECT_TRAP(rel1, 2, EC_SVE_ACCESS, 0, probe_rdvl);
    run_at_set_fp_traps(cptr_el2_ok | CPTR_EL2_TFP, CPACR_EL1_SIMD);
    PROBE_EXPECT_TRAP(nsel2, 2, EC_FP_ACCESS, -1, probe_rdvl);
    if (sme_level()) {
        run_at_set_fp_traps(cptr_el2_ok | CPTR_EL2_TSM, CPACR_EL1_SIMD);
        PROBE_EXPECT_TRAP(rel1, 2, EC_SME_ACCESS, 0, probe_rdsvl);
    }
}

/* ---- tests: SME ------------------------------------------------------------ */

/*
 * In Streaming SVE mode SVE instructions are controlled by CPTR_EL3.ESM,
 * not EZ: EZ "Traps execution of SVE instructions when the PE is not in
 * Streaming SVE mode"; ESM traps "SVE instructions when ... the PE is in
 * Streaming SVE mode" (D24.2.39).  With EZ = 0, ESM = 1, Realm EL2 runs
 * RDVL after SMSTART SM (it returns SVL, I_VCQBB) and takes an SVE trap
 * (EC 0x19) to EL3 for it after SMSTOP SM.
 */
static volatile uint64_t sm_vl, sm_svl, sm_trapped, sm_esr, sm_el;

static uint64_t lower_rdvl_in_and_out_of_streaming(uint64_t arg)
{
    (void)arg;
    sme_smstart_sm();
    sm_vl = probe_rdvl(0);
    sm_svl = sme_rdsvl();
    sme_smstop_sm();
    expect_exception();
    probe_rdvl(0);
    sm_trapped = exception_taken();
    sm_esr = exc_rec.esr;
    sm_el = exc_rec.el;
    return 0;
}

TEST(simd_streaming_sve_gated_by_esm_not_ez)
{
    simd_setup(true);
    write_sysreg(cptr_el3, read_sysreg(cptr_el3) & ~CPTR_EL3_EZ);
    isb();
    run_at(WORLD_REALM, 2, lower_rdvl_in_and_out_of_streaming, 0);
    EXPECT_EQ(sm_vl, sm_svl);
    EXPECT_TRUE(sm_trapped);
    EXPECT_EQ(sm_el, 3);
    EXPECT_EQ(ESR_EC(sm_esr), EC_SVE_ACCESS);
}

/*
 * R_RRSWFQ: when PSTATE.SM changes 0 -> 1 "all implemented bits of
 * Streaming SVE register state are set to zero"; R_RKFRQZ: on 1 -> 0 "all
 * implemented bits of the SVE scalable vector registers, SVE predicate
 * registers, and FFR, are set to zero"; I_MHTLZ: either way FPSR =
 * 0x0800009f (ResetSVEState).  At NS EL2: Z/P/FFR loaded, SMSTART SM ->
 * zero; loaded again, SMSTOP SM -> zero.  (FFR in Streaming mode only
 * with FEAT_SME_FA64, enabled by simd_setup().)
 */
static volatile uint64_t fpsr_after_start, fpsr_after_stop, vl_sm, vl_nsm;

static uint64_t lower_smstart_smstop(uint64_t seed)
{
    bool fa64 = have_fa64();

    vl_nsm = sve_rdvl();
    img_fill(&img_in, vl_nsm, (int)seed);
    state_load(&img_in, true);
    fp_fpsr_write(0);
    sme_smstart_sm();
    fpsr_after_start = fp_fpsr_read();
    vl_sm = sve_rdvl();
    state_store(&img_out, fa64);
    img_fill(&img_in, vl_sm, (int)seed + 1);
    state_load(&img_in, fa64);
    fp_fpsr_write(0);
    sme_smstop_sm();
    fpsr_after_stop = fp_fpsr_read();
    state_store(&img_out2, true);
    return 0;
}

TEST(simd_smstart_smstop_zero_sve_state_and_set_fpsr)
{
    simd_setup(true);
    run_at(WORLD_NONSECURE, 2, lower_smstart_smstop, 60);
    EXPECT_EQ(fpsr_after_start, FPSR_SM_CHANGE);
    EXPECT_EQ(fpsr_after_stop, FPSR_SM_CHANGE);
    EXPECT_EQ(vl_sm, sme_rdsvl());
    expect_range(vl_sm, 0, vl_sm, SEED_ZERO, SEED_ZERO);
    CHECK_IMG(&img_out, vl_sm, have_fa64(), "after SMSTART SM");
    expect_range(vl_nsm, 0, vl_nsm, SEED_ZERO, SEED_ZERO);
    CHECK_IMG(&img_out2, vl_nsm, true, "after SMSTOP SM");
    EXPECT_EQ(sme_svcr_read(), 0);
}

/*
 * PSTATE.SM is not changed by exception entry or return (TakeException
 * and ExceptionReturn do not write it), so a world that returns to EL3 in
 * Streaming SVE mode leaves EL3, and the next world, in Streaming mode
 * with the same Z/P contents (SVL equal everywhere: SMCR_ELx.LEN = 15).
 * EL3 sees SVCR.SM = 1 and RDVL = RDSVL; when the next world leaves
 * Streaming mode everything is zeroed (R_RKFRQZ).
 */
static volatile uint64_t svcr_seen;

static uint64_t lower_enter_streaming(uint64_t seed)
{
    unsigned int vlb;

    sme_smstart_sm();
    vlb = sve_rdvl();
    img_fill(&img_in, vlb, (int)seed);
    state_load(&img_in, false);
    return vlb;
}

static uint64_t lower_leave_streaming(uint64_t arg)
{
    (void)arg;
    svcr_seen = sme_svcr_read();
    state_store(&img_out, false);
    sme_smstop_sm();
    state_store(&img_out2, true);
    return sve_rdvl();
}

TEST(simd_streaming_state_survives_switch_then_smstop_zeroes)
{
    uint64_t svlb, nsvlb;

    simd_setup(true);
    svlb = run_at(WORLD_REALM, 2, lower_enter_streaming, 70);
    EXPECT_EQ(sme_svcr_read(), SVCR_SM);
    EXPECT_EQ(sve_rdvl(), svlb);
    EXPECT_EQ(sme_rdsvl(), svlb);
    state_store(&img_out, false);
    expect_range(svlb, 0, svlb, 70, 70);
    CHECK_IMG(&img_out, svlb, false, "Streaming Z/P at EL3");

    nsvlb = run_at(WORLD_NONSECURE, 1, lower_leave_streaming, 0);
    EXPECT_EQ(svcr_seen, SVCR_SM);
    CHECK_IMG(&img_out, svlb, false, "Streaming Z/P at NS EL1");
    EXPECT_EQ(nsvlb, max_vlb);
    expect_range(nsvlb, 0, nsvlb, SEED_ZERO, SEED_ZERO);
    CHECK_IMG(&img_out2, nsvlb, true, "after SMSTOP SM at NS EL1");
    EXPECT_EQ(sme_svcr_read(), 0);
}

/*
 * SMCR_ELx.LEN selects the Effective Streaming SVE vector length like
 * ZCR_ELx.LEN the non-streaming one (SMCR_EL3.LEN, D24.2.186: the
 * highest supported SVL <= the request, or the minimum supported one;
 * SMCR_EL2.LEN: capped by EL3; CurrentSVL, J1.1), independently of
 * ZCR_ELx (B1.4.2: SVL and NSVL are separate lengths).  Measured at EL3
 * for every LEN, then Realm EL2 and NS EL1 must see the EL3 length of the
 * smallest LEN that applies to them.  "The Streaming SVE vector length
 * can be any power of two from 128 bits to 2048 bits" (SMCR_EL3.LEN).
 */
TEST(simd_smcr_len_caps_streaming_vl_independently_of_zcr)
{
    unsigned int svl[16];
    struct who rel2 = { WORLD_REALM, 2 }, nsel1 = { WORLD_NONSECURE, 1 };

    simd_setup(true);
    write_sysreg_s(ZCR_EL3, 0);     /* NSVL 128 bits: must not matter */
    for (unsigned int len = 0; len < 16; len++) {
        write_sysreg_s(SMCR_EL3, (read_sysreg_s(SMCR_EL3) & ~0xfUL) | len);
        isb();
        svl[len] = sme_rdsvl();
        EXPECT_EQ(svl[len] & (svl[len] - 1), 0);
        EXPECT_TRUE(svl[len] <= (len + 1) * 16 || svl[len] == svl[0]);
        EXPECT_TRUE(len == 0 || svl[len] >= svl[len - 1]);
        EXPECT_EQ(sve_rdvl(), 16);
    }
    /* SMCR_EL3.LEN = 15 from here */
    write_sysreg_s(SMCR_EL2, (read_sysreg_s(SMCR_EL2) & ~0xfUL) | 1);
    isb();
    EXPECT_EQ(run_at(rel2.w, rel2.el, probe_rdsvl, 0), svl[1]);
    EXPECT_EQ(run_at(nsel1.w, nsel1.el, probe_rdsvl, 0), svl[1]);
    EXPECT_EQ(run_at(rel2.w, rel2.el, probe_rdvl, 0), 16);
    write_sysreg_s(SMCR_EL1, read_sysreg_s(SMCR_EL1) & ~0xfUL);
    write_sysreg_s(SMCR_EL2, read_sysreg_s(SMCR_EL2) | 0xf);
    isb();
    EXPECT_EQ(run_at(nsel1.w, nsel1.el, probe_rdsvl, 0), svl[0]);
    EXPECT_EQ(run_at(rel2.w, rel2.el, probe_rdsvl, 0), svl[15]);
    write_sysreg_s(SMCR_EL3, read_sysreg_s(SMCR_EL3) & ~0xfUL);
    write_sysreg_s(ZCR_EL3, 0xf);
    isb();
    EXPECT_EQ(run_at(rel2.w, rel2.el, probe_rdsvl, 0), svl[0]);
    EXPECT_EQ(run_at(rel2.w, rel2.el, probe_rdvl, 0), max_vlb);
}

/*
 * ZA and ZT0 with PSTATE.ZA = 1 are "valid and are retained by hardware"
 * (R_SFWMY) and PSTATE.ZA is not changed by exception entry or return:
 * ZA (and ZT0, FEAT_SME2) written at Realm EL2 are read unchanged at EL3
 * and at NS EL2.  When PSTATE.ZA changes 0 -> 1 "all implemented bits of
 * ZA storage and the ZT0 register are set to zero" (R_RYRZRM): after EL3
 * does SMSTOP ZA, a world that does SMSTART ZA reads zeros.  Toggling ZA
 * leaves Z/P/FFR and FPSR alone (I_QWCJS).  SVL <= 512 bits (SMCR_ELx.LEN
 * = 3) keeps ZA at most 4 KB.
 */
static volatile uint64_t za_svlb;

static void za_fill(int seed)
{
    for (unsigned int i = 0; i < za_svlb; i++) {
        for (unsigned int b = 0; b < za_svlb; b++) {
            za_in[i * za_svlb + b] = pat(seed, 64 + i, b);
        }
    }
    for (unsigned int b = 0; b < 64; b++) {
        zt0_in[b] = pat(seed, 400, b);
    }
}

static bool za_check(const char *what, int seed, bool zt0)
{
    for (unsigned int i = 0; i < za_svlb; i++) {
        for (unsigned int b = 0; b < za_svlb; b++) {
            if (za_out[i * za_svlb + b] != pat(seed, 64 + i, b)) {
                return test_fail(__FILE__, __LINE__, "%s: ZA[%u] byte %u = "
                                 "0x%02x, expected 0x%02x", what, i, b,
                                 za_out[i * za_svlb + b], pat(seed, 64 + i, b));
            }
        }
    }
    for (unsigned int b = 0; zt0 && b < 64; b++) {
        if (zt0_out[b] != pat(seed, 400, b)) {
            return test_fail(__FILE__, __LINE__, "%s: ZT0 byte %u = 0x%02x, "
                             "expected 0x%02x", what, b, zt0_out[b],
                             pat(seed, 400, b));
        }
    }
    return true;
}

static uint64_t lower_za_write(uint64_t seed)
{
    sme_smstart_za();
    za_fill((int)seed);
    sme_za_load(za_in);
    if (sme_level() >= 2) {
        sme_zt0_load(zt0_in);
    }
    return sme_svcr_read();
}

static uint64_t lower_za_read(uint64_t start)
{
    if (start) {
        sme_smstart_za();
    }
    svcr_seen = sme_svcr_read();
    sme_za_store(za_out);
    if (sme_level() >= 2) {
        sme_zt0_store(zt0_out);
    }
    return 0;
}

TEST(simd_za_zt0_survive_switch_and_zero_on_za_enable)
{
    bool zt0;

    simd_setup(true);
    zt0 = sme_level() >= 2;
    write_sysreg_s(SMCR_EL3, (read_sysreg_s(SMCR_EL3) & ~0xfUL) | 3);
    write_sysreg_s(SMCR_EL2, (read_sysreg_s(SMCR_EL2) & ~0xfUL) | 3);
    write_sysreg_s(SMCR_EL1, (read_sysreg_s(SMCR_EL1) & ~0xfUL) | 3);
    isb();
    za_svlb = sme_rdsvl();
    if (za_svlb > ZA_MAX_SVLB) {
        SKIP("no Streaming vector length <= 512 bits");
    }
    EXPECT_EQ(run_at(WORLD_REALM, 2, lower_za_write, 80), SVCR_ZA);
    EXPECT_EQ(sme_svcr_read(), SVCR_ZA);
    sme_za_store(za_out);
    if (zt0) {
        sme_zt0_store(zt0_out);
    }
    za_check("ZA at EL3", 80, zt0);
    run_at(WORLD_NONSECURE, 2, lower_za_read, 0);
    EXPECT_EQ(svcr_seen, SVCR_ZA);
    za_check("ZA at NS EL2", 80, zt0);

    /* EL3 turns ZA off; Z/P/FFR and FPSR must not change (I_QWCJS). */
    img_fill(&img_in, max_vlb, 81);
    state_load(&img_in, true);
    fp_fpsr_write(0x11);
    sme_smstop_za();
    EXPECT_EQ(sme_svcr_read(), 0);
    run_at(WORLD_SECURE, 1, lower_za_read, 1);
    EXPECT_EQ(svcr_seen, SVCR_ZA);
    za_check("ZA after SMSTART ZA at Secure EL1", SEED_ZERO, zt0);
    EXPECT_EQ(fp_fpsr_read(), 0x11);
    state_store(&img_out, true);
    expect_range(max_vlb, 0, max_vlb, 81, 81);
    CHECK_IMG(&img_out, max_vlb, true, "Z/P/FFR across SMSTOP/SMSTART ZA");
    sme_smstop_za();
    fp_fpsr_write(0);
}
