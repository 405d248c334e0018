/*
 * gpc3.c - FEAT_RME_GPC3 (ID_AA64PFR0_EL1.RME >= 0b0011): GPC bypass
 * windows (GPCBW_EL3, GPCCR_EL3.GPCBW), the 46 and 47-bit protected PA
 * sizes (GPCCR_EL3.PPS3) and the wider GPTBR_EL3.BADDR.  Arm ARM DDI0487
 * M.a.a D24.2.55 GPCBW_EL3, D24.2.56 GPCCR_EL3, D24.2.57 GPTBR_EL3, "GPC
 * faults" (Table D9-2, R_GMGRR), D9.2 "GPC bypass windows" (R_SRQWF: a PA
 * in a window behaves as if its GPI were All access; I_XNHTX: the window
 * check comes right after priority 3).
 *
 * The window: BWSIZE gives l (log2 of the window size, 30..36), BWSTRIDE
 * gives u (39..49, or 55 for "no stride"), BWADDR the base PA[55:30].  A
 * PA is in a window when PA[u:l] == base[u:l]: windows of 2^l bytes every
 * 2^(u+1) bytes.  The board's RAM (the image, the GPT pool and the scratch
 * granules, in one naturally aligned 1GB) is in the window whose base is
 * that 1GB for BWSIZE = 1GB, and in the window at the RAM base aligned
 * down to the window size for the larger sizes (on QEMU virt, RAM is
 * [1GB, 2GB): the 2GB-64GB windows at 0).
 *
 * Not tested here: the invalid GPCBW_EL3 configurations of R_JWCSM (with
 * GPCCR_EL3.GPCBW = 1, a reserved BWSIZE or BWSTRIDE, a BWADDR not
 * aligned to the window size, or a base not below the stride), the
 * reserved {PPS3, PPS} encodings 0b1010-0b1111, and PPS = 56 bits (0b0111)
 * above a PARange of 52 bits: each is an invalid configuration, so every
 * access - including the fetches of EL3's own exception vector - is a GPT
 * walk fault at level 0, and the PE can only re-take the GPC exception
 * forever.  The differential test (tests/diff) covers them.  The valid
 * encodings are all tested, and gpc3_gpcbw_el3_unused_unless_enabled
 * checks that an invalid GPCBW_EL3 is harmless while GPCCR_EL3.GPCBW or
 * GPC is 0.
 *
 * Tests that break the GPT for PAs outside the window (a GPTBR_EL3 base
 * above PPS, an invalid level 0 entry) run everything they need from the
 * window (image, stacks, exception vectors) but not the UART: they print
 * nothing until the GPT is restored, and first check that the window
 * does cover RAM (so that a broken window fails the test instead of
 * hanging the run).
 */
#include "common.h"
#include "mmu.h"

#define GB                  (1UL << 30)

/* GPCBW_EL3.BWSIZE: encoding and l = log2(window size) (D24.2.55). */
struct bw_enc {
    unsigned int enc, bits;
};
static const struct bw_enc bw_sizes[] = {
    { 0x0, 30 }, { 0x1, 31 }, { 0x2, 32 }, { 0x4, 34 }, { 0x6, 36 },
};
/* GPCBW_EL3.BWSTRIDE: encoding and u (the stride is 2^(u + 1)). */
static const struct bw_enc bw_strides[] = {
    { 0x00, 39 }, { 0x02, 41 }, { 0x04, 43 }, { 0x06, 45 }, { 0x07, 46 },
    { 0x08, 47 }, { 0x09, 48 }, { 0x0a, 49 }, { 0x10, 55 },
};
#define BWSIZE_1GB          0x0
#define BWSTRIDE_1TB        0x00

/* What the harness uses in RAM: image, GPT pool, scratch granules. */
#define HARNESS_LO          ((uint64_t)BOARD_IMAGE_BASE)
#define HARNESS_HI          ((uint64_t)BOARD_SCRATCH_BASE + BOARD_SCRATCH_SIZE)
_Static_assert(BOARD_GPT_POOL_BASE >= BOARD_IMAGE_BASE &&
               BOARD_SCRATCH_BASE >= BOARD_GPT_POOL_BASE,
               "harness RAM layout");

static const struct who ns_el1 = { WORLD_NONSECURE, 1 };
static const struct who realm_el1 = { WORLD_REALM, 1 };
static const struct who root_el3 = { WORLD_ROOT, 3 };

static void need_gpc3(void)
{
    if (!have_gpc3()) {
        SKIP("FEAT_RME_GPC3 not implemented (ID_AA64PFR0_EL1.RME = %u)",
             id_field(read_sysreg(id_aa64pfr0_el1), ID_AA64PFR0_RME_SHIFT));
    }
}

/* Base of the 2^bits window that holds the harness's RAM. */
static uint64_t ram_base(unsigned int bits)
{
    return HARNESS_LO & ~((1UL << bits) - 1);
}

/*
 * GPCBW_EL3 for the 1GB window over the harness (stride 1TB); skips if
 * the harness's RAM is not within one naturally aligned 1GB.
 */
static uint64_t ram_window(void)
{
    if (((HARNESS_HI - 1) ^ HARNESS_LO) >> 30) {
        SKIP("the harness's RAM is not within one aligned 1GB");
    }
    return GPCBW(BWSIZE_1GB, BWSTRIDE_1TB, ram_base(30) >> 30);
}

/* Is pa in the window base (BWADDR << 30), PA[u:l] compared? */
static bool in_window(uint64_t pa, uint64_t base, unsigned int l,
                      unsigned int u)
{
    uint64_t mask = ((u >= 63 ? ~0UL : (2UL << u) - 1)) & ~((1UL << l) - 1);

    return ((pa ^ base) & mask) == 0;
}

/* Write GPCBW_EL3 (with GPC on: a valid value only), ISB, TLBI PAALL. */
static void gpcbw_write(uint64_t v)
{
    write_sysreg_s(GPCBW_EL3, v);
    isb();
    tlbi_paall();
}

/* GPC on with the current layout; GPCCR_EL3.GPCBW = bw, extra bits. */
static void gpc_on_bw(bool bw, uint64_t extra)
{
    gpc_enable_extra((bw ? GPCCR_GPCBW : 0) | extra);
}

/* Turn GPCCR_EL3.GPCBW on or off with GPC on (other bits: extra). */
static void bw_switch(bool bw, uint64_t extra)
{
    gpccr_write(gpccr_on() | extra | (bw ? GPCCR_GPCBW : 0));
    tlbi_paall();
}

/*
 * Give the PA pa, which the harness does not use, GPI gpi: its level 1
 * Granules descriptor and the other one of its 16-byte pair (so that
 * FEAT_RME_GDI's pair check sees a valid pair) when pa is in the level 1
 * region, otherwise the level 0 Block descriptor of its 2^s region.
 * Returns the GPT level of the entry, or -1 if pa cannot be given a GPI
 * without taking it from the harness (its RAM, the UART's level 0 region
 * or above PPS).
 */
static int set_outside_gpi(uint64_t pa, unsigned int gpi)
{
    const struct gpt_info *gi = gpt_info();
    unsigned int s = gi->l0_bits;
    uint64_t *d;

    if (pa >= HARNESS_LO && pa < HARNESS_HI) {
        return -1;
    }
    if (pa - gi->l1_region < (1UL << s)) {
        d = (uint64_t *)((uintptr_t)gpt_l1_desc(pa) & ~(uintptr_t)15);
        d[0] = GPT_L1_GRANULES(gpi);
        d[1] = GPT_L1_GRANULES(gpi);
        dsb_sy();
        tlbi_paall();
        return 1;
    }
    d = gpt_l0_desc(pa);
    if (!d || ((pa ^ (uint64_t)BOARD_UART_BASE) >> s) == 0) {
        return -1;
    }
    gpt_write(d, GPT_L0_BLOCK(gpi));
    return 0;
}

/* exc_rec snapshots, for the accesses made while nothing may print. */
static struct exc_record snaps[8];

static void snap(unsigned int i)
{
    memcpy(&snaps[i], (const void *)&exc_rec, sizeof(snaps[i]));
}

static void unsnap(unsigned int i)
{
    memcpy((void *)&exc_rec, &snaps[i], sizeof(snaps[i]));
}

static uint64_t lower_read_gpcbw(uint64_t unused)
{
    (void)unused;
    return read_sysreg_s(GPCBW_EL3);
}

static uint64_t lower_write_gpcbw(uint64_t v)
{
    write_sysreg_s(GPCBW_EL3, v);
    return 0;
}

/*
 * GPCBW_EL3 accessibility (D24.2.55): "if !IsFeatureImplemented(
 * FEAT_RME_GPC3) then UNDEFINED".  Without FEAT_RME_GPC3, MRS and MSR of
 * S3_6_C2_C1_5 at EL3 are UNDEFINED: an exception to EL3 with EC 0x00.
 */
TEST(gpc3_gpcbw_el3_undefined_without_gpc3)
{
    if (have_gpc3()) {
        SKIP("FEAT_RME_GPC3 implemented: GPCBW_EL3 exists");
    }
    expect_exception();
    (void)read_sysreg_s(GPCBW_EL3);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 3);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_UNKNOWN);
    expect_exception();
    write_sysreg_s(GPCBW_EL3, 0);
    ASSERT_TRUE(exception_taken());
    EXPECT_EQ(exc_rec.el, 3);
    EXPECT_EQ(ESR_EC(exc_rec.esr), EC_UNKNOWN);
}

/*
 * GPCBW_EL3 is an EL3 register (D24.2.55 accessibility: UNDEFINED at
 * EL0, EL1 and EL2, with or without FEAT_RME_GPC3): MRS and MSR at EL2
 * and EL1 of every lower world take an exception to the same EL with EC
 * 0x00, and the MSR does not change the register.
 */
TEST(gpc3_gpcbw_el3_undefined_below_el3)
{
    static const enum world worlds[] = { WORLD_SECURE, WORLD_NONSECURE,
                                         WORLD_REALM };
    uint64_t before = 0;

    if (have_gpc3()) {
        before = GPCBW(0x1, 0x02, 0x2);
        write_sysreg_s(GPCBW_EL3, before);
        isb();
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(worlds); i++) {
        for (unsigned int el = 1; el <= 2; el++) {
            for (unsigned int wr = 0; wr <= 1; wr++) {
                bool ok = true;

                expect_exception();
                run_at(worlds[i], el, wr ? lower_write_gpcbw :
                       lower_read_gpcbw, GPCBW(0x4, 0x04, 0x10));
                ok &= EXPECT_TRUE(exception_taken());
                ok &= EXPECT_EQ(exc_rec.el, el);
                ok &= EXPECT_EQ(ESR_EC(exc_rec.esr), EC_UNKNOWN);
                if (!ok) {
                    printf("    (%s GPCBW_EL3 at %s EL%u)\n",
                           wr ? "MSR" : "MRS", world_name(worlds[i]), el);
                }
            }
        }
    }
    if (have_gpc3()) {
        EXPECT_EQ(read_sysreg_s(GPCBW_EL3), before);
    }
}

/*
 * GPCBW_EL3 fields (D24.2.55): BWSIZE [39:37], BWSTRIDE [36:32] and
 * BWADDR [25:0] hold what EL3 writes.  Every valid BWSIZE and BWSTRIDE
 * encoding, and BWADDR patterns, written with GPCCR_EL3.GPCBW = 0 (no
 * effect) and read back.
 */
TEST(gpc3_gpcbw_el3_fields_read_back)
{
    static const uint64_t addrs[] = { 0x0, 0x3ffffff, 0x2aaaaaa, 0x1555555,
                                      0x1 };

    need_gpc3();
    for (unsigned int i = 0; i < ARRAY_SIZE(bw_sizes); i++) {
        for (unsigned int j = 0; j < ARRAY_SIZE(bw_strides); j++) {
            uint64_t v = GPCBW(bw_sizes[i].enc, bw_strides[j].enc,
                               addrs[(i + j) % ARRAY_SIZE(addrs)]);

            write_sysreg_s(GPCBW_EL3, v);
            isb();
            if (!EXPECT_EQ(read_sysreg_s(GPCBW_EL3), v)) {
                printf("    (BWSIZE 0x%x BWSTRIDE 0x%x)\n", bw_sizes[i].enc,
                       bw_strides[j].enc);
            }
        }
    }
    write_sysreg_s(GPCBW_EL3, 0);
    isb();
    EXPECT_EQ(read_sysreg_s(GPCBW_EL3), 0);
}

/*
 * GPCCR_EL3.GPCBW (bit 29) and GPCCR_EL3.PPS3 (bit 3) are read/write
 * fields with FEAT_RME_GPC3 (D24.2.56): written with GPC = 0, each reads
 * back as written, alone and together, and clears again.
 */
TEST(gpc3_gpccr_gpcbw_pps3_read_back)
{
    static const uint64_t bits[] = { GPCCR_GPCBW, GPCCR_PPS3,
                                     GPCCR_GPCBW | GPCCR_PPS3 };
    uint64_t base;

    need_gpc3();
    ASSERT_TRUE(gpt_init());
    base = gpt_gpccr();
    for (unsigned int i = 0; i < ARRAY_SIZE(bits); i++) {
        gpccr_write(base | bits[i]);
        EXPECT_EQ(read_sysreg_s(GPCCR_EL3) & (GPCCR_GPCBW | GPCCR_PPS3),
                  bits[i]);
        gpccr_write(base);
        EXPECT_EQ(read_sysreg_s(GPCCR_EL3) & (GPCCR_GPCBW | GPCCR_PPS3), 0);
    }
}

/*
 * Without FEAT_RME_GPC3, GPCCR_EL3 bits 3 (PPS3) and 29 (GPCBW) are RES0
 * (D24.2.56): setting them has no effect.  PPS = 0b000 with bit 3 set is
 * still a 32-bit PPS (not 46 bits): a Realm read of 4GB is a GPF at level
 * 0 (R_JFFHB, priority 3) and the 4-entry level 0 table is walked as
 * such (a Realm granule denies NS EL1, GPF at level 1); with bit 29 set
 * too there is no bypass window: a No-access granule in RAM still faults.
 * (Whether the RES0 bits read back as written is IMPLEMENTATION DEFINED,
 * Glossary "RES0"; the value is printed, not checked.)
 */
TEST(gpc3_gpccr_bits_res0_without_gpc3)
{
    uintptr_t realm_pg = scratch_page(100), na_pg = scratch_page(101);

    if (have_gpc3()) {
        SKIP("FEAT_RME_GPC3 implemented: GPCCR_EL3.{PPS3, GPCBW} are fields");
    }
    if (gpt_pamax_bits() <= 32) {
        SKIP("PARange is 32 bits: no PA above PPS = 32 bits");
    }
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(realm_pg, GPI_REALM);
    gpt_set_gpi(na_pg, GPI_NO_ACCESS);
    gpc_enable_extra(GPCCR_PPS3 | GPCCR_GPCBW);
    printf("    GPCCR_EL3 = 0x%lx after writing bits 3 and 29\n",
           read_sysreg_s(GPCCR_EL3));
    run_at_set_scr_extra(SCR_GPF);
    access_by(realm_el1, ACC_READ, 1UL << 32);
    expect_gpc(GPCSC_GPF_L0);
    access_by(ns_el1, ACC_READ, realm_pg);
    expect_gpc(GPCSC_GPF_L1);
    access_by(realm_el1, ACC_READ, realm_pg);
    expect_none();
    access_by(ns_el1, ACC_READ, na_pg);
    expect_gpc(GPCSC_GPF_L1);
}

/* Expected outcome of access a by r to a No-access granule. */
static bool denied_ok(struct who r, enum acc a, uint64_t addr, bool denied,
                      unsigned int level)
{
    return denied ? is_gpf_from(r, a, addr, level) : !exc_rec.taken;
}

/*
 * All requesters read, write and fetch the No-access granule pg; each
 * access must be denied (GPF at level 1) or pass, as `denied` says.
 */
static unsigned int check_na_granule(uintptr_t pg, bool denied,
                                     const char *what)
{
    unsigned int bad = 0;

    for (unsigned int i = 0; i < ARRAY_SIZE(all_requesters); i++) {
        struct who r = all_requesters[i];

        for (unsigned int a = ACC_READ; a <= ACC_FETCH; a++) {
            uint64_t addr = pg + (a == ACC_FETCH ? 0x800 : 0x100);

            access_by(r, a, addr);
            if (!denied_ok(r, a, addr, denied, 1) && bad++ < 6) {
                printf("    %s: %s EL%u %s: expected %s, got ", what,
                       world_name(r.w), r.el, acc_name(a),
                       denied ? "GPF" : "no fault");
                print_exc();
            }
        }
    }
    return bad;
}

/*
 * R_SRQWF: with GPCCR_EL3.GPCBW = 1, a PA in a bypass window behaves as
 * if its GPI were All access.  A No-access granule in RAM, under the 1GB
 * window over RAM: read, write and fetch pass for every requester (S, NS,
 * Realm EL2/EL1, Root EL3).  The same granule is denied (GPF at level 1;
 * a GPC exception with SCR_EL3.GPF = 1, an abort at EL3) with the same
 * valid window and GPCCR_EL3.GPCBW = 0, and with GPCBW = 1 and the window
 * moved to the neighbouring 1GB (the GPI then applies).
 */
TEST(gpc3_window_over_ram_bypasses_gpt)
{
    uintptr_t pg = scratch_page(102);
    uint64_t win, elsewhere;
    unsigned int bad = 0;

    need_gpc3();
    win = ram_window();
    elsewhere = GPCBW(BWSIZE_1GB, BWSTRIDE_1TB, (ram_base(30) >> 30) ^ 1);
    plant_ret(pg + 0x800);
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_NO_ACCESS);
    run_at_set_scr_extra(SCR_GPF);
    gpcbw_write(win);
    gpc_on_bw(true, 0);
    bad += check_na_granule(pg, false, "window over RAM");
    bw_switch(false, 0);
    bad += check_na_granule(pg, true, "GPCCR_EL3.GPCBW = 0");
    gpcbw_write(elsewhere);
    bw_switch(true, 0);
    bad += check_na_granule(pg, true, "window elsewhere");
    EXPECT_EQ(bad, 0);
}

/*
 * GPCBW_EL3.BWSIZE and BWSTRIDE (D24.2.55), R_SRQWF: a PA is in the
 * window when PA[u:l] == base[u:l].  For every valid BWSIZE (1, 2, 4, 16,
 * 64GB) and every valid BWSTRIDE (1TB ... 1PB, 64PB = no stride), with the
 * window at the size-aligned base that holds RAM and then at the
 * neighbouring aligned base: a No-access granule in RAM and No-access
 * PAs at the edges of each window size (just below and above, last
 * granule inside) are read by NS and Realm EL1.  A PA in the window gets
 * no GPC fault; one outside gets the GPF of its GPT entry.  PPS = 40 bits
 * (the 64GB window and the PA above it are below PPS).
 */
TEST(gpc3_window_each_size_and_stride)
{
    static const struct who reqs[] = { { WORLD_NONSECURE, 1 },
                                       { WORLD_REALM, 1 } };
    uint64_t pts[24];
    int lvl[24];
    unsigned int npts = 0, bad = 0, checked = 0;

    need_gpc3();
    (void)ram_window();
    if (gpt_pamax_bits() < 40) {
        SKIP("PARange is %u bits: no PPS of 40 bits", gpt_pamax_bits());
    }
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_1TB, GPCCR_PGS_4KB));
    pts[npts] = scratch_page(103);
    lvl[npts++] = 1;
    gpt_set_gpi(pts[0], GPI_NO_ACCESS);
    for (unsigned int i = 0; i < ARRAY_SIZE(bw_sizes); i++) {
        uint64_t size = 1UL << bw_sizes[i].bits, b = ram_base(bw_sizes[i].bits);
        uint64_t cand[3] = { b - 0x1000, b + size - 0x1000, b + size };

        for (unsigned int c = 0; c < 3; c++) {
            int l;

            if ((c == 0 && b == 0) || npts >= ARRAY_SIZE(pts)) {
                continue;
            }
            l = set_outside_gpi(cand[c], GPI_NO_ACCESS);
            if (l >= 0) {
                pts[npts] = cand[c];
                lvl[npts++] = l;
            }
        }
    }
    run_at_set_scr_extra(SCR_GPF);
    gpcbw_write(ram_window());
    gpc_on_bw(true, 0);
    for (unsigned int i = 0; i < ARRAY_SIZE(bw_sizes); i++) {
        unsigned int l = bw_sizes[i].bits;

        for (unsigned int j = 0; j < ARRAY_SIZE(bw_strides); j++) {
            unsigned int u = bw_strides[j].bits;

            for (unsigned int moved = 0; moved <= 1; moved++) {
                uint64_t base = ram_base(l) ^ (moved ? 1UL << l : 0);

                gpcbw_write(GPCBW(bw_sizes[i].enc, bw_strides[j].enc,
                                  base >> 30));
                for (unsigned int p = 0; p < npts; p++) {
                    bool in = in_window(pts[p], base, l, u);

                    for (unsigned int q = 0; q < ARRAY_SIZE(reqs); q++) {
                        bool ok;

                        access_by(reqs[q], ACC_READ, pts[p]);
                        ok = in ? !exc_is_gpc_fault()
                                : is_gpf_from(reqs[q], ACC_READ, pts[p],
                                              lvl[p]);
                        checked++;
                        if (!ok && bad++ < 8) {
                            printf("    BWSIZE 0x%x BWSTRIDE 0x%x base "
                                   "0x%lx: %s EL1 read of 0x%lx (%s the "
                                   "window): ", bw_sizes[i].enc,
                                   bw_strides[j].enc, base,
                                   world_name(reqs[q].w), pts[p],
                                   in ? "in" : "outside");
                            print_exc();
                        }
                    }
                }
            }
        }
    }
    printf("    %u PAs, %u accesses\n", npts, checked);
    if (bad) {
        test_fail(__FILE__, __LINE__, "%u of %u accesses wrong", bad,
                  checked);
    }
}

/*
 * The stride (D24.2.55 BWSTRIDE, R_SRQWF): only PA[u:l] is compared, so
 * the window repeats every 2^(u + 1) bytes; with BWSTRIDE = 64PB (u = 55)
 * there is a single window.  A 1GB window over RAM and No-access level 0
 * Blocks at RAM + 2^k for every k from 39 to PPS - 1 (PPS the largest
 * within PARange): RAM + 2^k is in a window exactly when k > u.  Read by
 * NS and Realm EL1 for every valid BWSTRIDE.
 */
TEST(gpc3_window_stride_repeats)
{
    static const struct who reqs[] = { { WORLD_NONSECURE, 1 },
                                       { WORLD_REALM, 1 } };
    unsigned int pamax = gpt_pamax_bits(), pps = 0, t = 0, bad = 0, n = 0;
    uint64_t base;

    need_gpc3();
    (void)ram_window();
    for (unsigned int e = 0; e <= 6; e++) {
        if (gpt_pps_bits(e) <= pamax && gpt_pps_bits(e) > t) {
            pps = e;
            t = gpt_pps_bits(e);
        }
    }
    if (t <= 40) {
        SKIP("PARange is %u bits: no PA above the 1TB stride", pamax);
    }
    ASSERT_TRUE(gpt_init_layout(pps, GPCCR_PGS_4KB));
    base = ram_base(30);
    for (unsigned int k = 39; k < t; k++) {
        ASSERT_EQ(set_outside_gpi(base + (1UL << k), GPI_NO_ACCESS), 0);
    }
    run_at_set_scr_extra(SCR_GPF);
    gpcbw_write(ram_window());
    gpc_on_bw(true, 0);
    for (unsigned int j = 0; j < ARRAY_SIZE(bw_strides); j++) {
        unsigned int u = bw_strides[j].bits;

        gpcbw_write(GPCBW(BWSIZE_1GB, bw_strides[j].enc, base >> 30));
        for (unsigned int k = 39; k < t; k++) {
            uint64_t pa = base + (1UL << k);
            bool in = k > u;

            for (unsigned int q = 0; q < ARRAY_SIZE(reqs); q++) {
                bool ok;

                access_by(reqs[q], ACC_READ, pa);
                ok = in ? !exc_is_gpc_fault()
                        : is_gpf_from(reqs[q], ACC_READ, pa, 0);
                n++;
                if (!ok && bad++ < 8) {
                    printf("    BWSTRIDE 0x%x (u = %u): %s EL1 read of "
                           "0x%lx (%s a window): ", bw_strides[j].enc, u,
                           world_name(reqs[q].w), pa,
                           in ? "in" : "outside");
                    print_exc();
                }
            }
        }
    }
    if (bad) {
        test_fail(__FILE__, __LINE__, "%u of %u accesses wrong (PPS = %u "
                  "bits)", bad, n, t);
    }
}

/*
 * I_XNHTX: the window check comes after fault priority 3 (R_JFFHB: a
 * Secure, Realm or Root PA above PPS is a GPF at level 0, GPCSC
 * 0b001100).  PPS = 32 bits and a 1GB window at 4GB: Secure EL1, Realm
 * EL1 and Realm EL2 reading 4GB + 4KB still get the level 0 GPF (MFAR_EL3
 * = the PA in their PA space), EL3 a GPF Data Abort; Non-secure EL1 no
 * GPC fault (R_CPDSB).  With PPS = 36 bits the same window does apply to
 * that PA: a No-access GPT entry there gives no fault to Realm and Secure
 * EL1 (and does with GPCCR_EL3.GPCBW = 0).
 */
TEST(gpc3_window_after_pa_above_pps)
{
    static const struct who reqs[] = { { WORLD_SECURE, 1 },
                                       { WORLD_REALM, 1 },
                                       { WORLD_REALM, 2 } };
    uint64_t pa = (1UL << 32) + 0x1000;
    int lvl;

    need_gpc3();
    if (gpt_pamax_bits() <= 32) {
        SKIP("PARange is 32 bits: no PA above PPS = 32 bits");
    }
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_4GB, GPCCR_PGS_4KB));
    gpcbw_write(GPCBW(BWSIZE_1GB, BWSTRIDE_1TB, 4));
    gpc_on_bw(true, 0);
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(reqs); i++) {
        access_by(reqs[i], ACC_READ, pa);
        if (!is_gpf_from(reqs[i], ACC_READ, pa, 0)) {
            test_fail(__FILE__, __LINE__, "%s EL%u read of 0x%lx (above "
                      "PPS, in the window): expected a level 0 GPF",
                      world_name(reqs[i].w), reqs[i].el, pa);
            print_exc();
        }
    }
    access_by(root_el3, ACC_READ, pa);
    expect_gpf_abort(3, false);
    access_by(ns_el1, ACC_READ, pa);
    EXPECT_FALSE(exc_is_gpc_fault());

    if (gpt_pamax_bits() < 36) {
        printf("    (PARange %u bits: PPS = 36 bits part not run)\n",
               gpt_pamax_bits());
        return;
    }
    gpc_disable();
    ASSERT_TRUE(gpt_init_layout(GPCCR_PPS_64GB, GPCCR_PGS_4KB));
    lvl = set_outside_gpi(pa, GPI_NO_ACCESS);
    ASSERT_TRUE(lvl >= 0);
    gpc_on_bw(true, 0);
    for (unsigned int i = 0; i < 2; i++) {
        access_by(reqs[i], ACC_READ, pa);
        if (!EXPECT_FALSE(exc_is_gpc_fault())) {
            printf("    (%s EL1, PPS = 36 bits, in the window)\n",
                   world_name(reqs[i].w));
        }
    }
    bw_switch(false, 0);
    access_by(realm_el1, ACC_READ, pa);
    if (!is_gpf_from(realm_el1, ACC_READ, pa, lvl)) {
        test_fail(__FILE__, __LINE__, "Realm EL1, PPS = 36 bits, GPCBW = 0: "
                  "expected a level %d GPF", lvl);
        print_exc();
    }
}

/*
 * Make sure the window over RAM works before a test breaks the GPT for
 * the PAs outside it: a No-access granule pg in RAM must pass for NS EL1.
 * Otherwise fail (the break would stop the run).
 */
static bool window_covers_ram(uintptr_t pg)
{
    access_by(ns_el1, ACC_READ, pg);
    if (exc_rec.taken) {
        test_fail(__FILE__, __LINE__, "the window over RAM does not bypass "
                  "the GPT (not breaking the GPT, which would hang)");
        print_exc();
        return false;
    }
    return true;
}

/*
 * The GPT with @pg's granule No access, GPC on with a bypass window over
 * RAM (GPCBW_EL3 = ram_window(), GPCCR_EL3.GPCBW = 1) and SCR_EL3.GPF = 1;
 * false if the window does not reach @pg (window_covers_ram() said why).
 */
static bool noaccess_in_window(uintptr_t pg)
{
    gpcbw_write(ram_window());
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(pg, GPI_NO_ACCESS);
    gpc_on_bw(true, 0);
    run_at_set_scr_extra(SCR_GPF);
    return window_covers_ram(pg);
}

/*
 * I_XNHTX: the window check comes before fault priority 4 (R_XVCKY: a
 * GPTBR_EL3 base above PPS is a GPT address size fault at level 0, GPCSC
 * 0b000000).  PPS = 32 bits, a 1GB window over RAM, GPTBR_EL3.BADDR = 4GB:
 * a No-access granule in RAM still passes (and EL3 keeps running from
 * RAM); a PA outside the window, 1GB above the RAM window's base, gets the
 * address size fault from NS and Realm EL1 and from EL3 (a GPC exception
 * even at EL3, R_PYTGX), with MFAR_EL3 = the PA.
 */
TEST(gpc3_window_before_gptbr_above_pps)
{
    static const struct who reqs[] = { { WORLD_NONSECURE, 1 },
                                       { WORLD_REALM, 1 },
                                       { WORLD_ROOT, 3 } };
    uintptr_t pg = scratch_page(104);
    uint64_t out = ram_base(30) + GB + 0x1000, gptbr;

    need_gpc3();
    ASSERT_TRUE(out < (1UL << 32));
    if (!noaccess_in_window(pg)) {
        return;
    }
    gptbr = read_sysreg_s(GPTBR_EL3);
    /* Nothing may print from here until GPTBR_EL3 is restored. */
    write_sysreg_s(GPTBR_EL3, 1UL << (32 - 12));
    isb();
    tlbi_paall();
    access_by(ns_el1, ACC_READ, pg);
    snap(0);
    for (unsigned int i = 0; i < ARRAY_SIZE(reqs); i++) {
        access_by(reqs[i], ACC_READ, out);
        snap(1 + i);
    }
    write_sysreg_s(GPTBR_EL3, gptbr);
    isb();
    tlbi_paall();

    unsnap(0);
    if (!expect_none()) {
        printf("    (NS EL1 read of a No-access granule in the window)\n");
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(reqs); i++) {
        bool ok = true;

        unsnap(1 + i);
        ok &= expect_gpc(GPCSC_ADDRSIZE_L0);
        ok &= EXPECT_EQ(exc_rec.from_el, reqs[i].el);
        ok &= EXPECT_EQ(exc_rec.mfar, (out & MFAR_FPA_MASK) |
                        mfar_pas_bits(reqs[i].w));
        if (!ok) {
            printf("    (%s EL%u read of 0x%lx, outside the window)\n",
                   world_name(reqs[i].w), reqs[i].el, out);
        }
    }
}

/*
 * GPTBR_EL3.BADDR is bits [43:0] with FEAT_RME_GPC3 (D24.2.57: PA[55:12]
 * of the level 0 table): bits [43:40] are address bits, not RES0.  With
 * one of them set the base is at or above 2^52, above every PPS: an
 * access outside the window over RAM is a GPT address size fault at
 * level 0 (R_XVCKY), while RAM (in the window, I_XNHTX) still passes.
 */
TEST(gpc3_gptbr_baddr_bits_43_40_used)
{
    uintptr_t pg = scratch_page(105);
    uint64_t out = ram_base(30) + GB + 0x1000, gptbr;

    need_gpc3();
    if (!noaccess_in_window(pg)) {
        return;
    }
    gptbr = read_sysreg_s(GPTBR_EL3);
    /* Nothing may print from here until GPTBR_EL3 is restored. */
    for (unsigned int b = 40; b <= 43; b++) {
        write_sysreg_s(GPTBR_EL3, gptbr | (1UL << b));
        isb();
        tlbi_paall();
        access_by(ns_el1, ACC_READ, out);
        snap(2 * (b - 40));
        access_by(ns_el1, ACC_READ, pg);
        snap(2 * (b - 40) + 1);
    }
    write_sysreg_s(GPTBR_EL3, gptbr);
    isb();
    tlbi_paall();

    for (unsigned int b = 40; b <= 43; b++) {
        bool ok = true;

        unsnap(2 * (b - 40));
        ok &= expect_gpc(GPCSC_ADDRSIZE_L0);
        unsnap(2 * (b - 40) + 1);
        ok &= expect_none();
        if (!ok) {
            printf("    (GPTBR_EL3 bit %u set: PA bit %u)\n", b, b + 12);
        }
    }
}

/*
 * I_XNHTX: the window check comes before the GPT walk, so an invalid GPT
 * entry in the window gives no fault.  A granule whose Granules
 * descriptor holds a reserved GPI (R_XNKFZ): no fault from any requester
 * under the window over RAM, a GPT walk fault at level 1 with GPCSC
 * 0b000101 with GPCCR_EL3.GPCBW = 0.  Then the level 0 entry of the whole
 * region that holds RAM is made invalid: RAM still passes for NS, Realm
 * EL1 and EL3; when that region is larger than the window (L0GPTSZ > 30
 * bits), a PA of it outside the window gets a GPT walk fault at level 0.
 */
TEST(gpc3_window_skips_gpt_walk)
{
    uintptr_t pg = scratch_page(106);
    const struct gpt_info *gi;
    uint64_t *l0d, l0v, out;
    bool have_out;
    unsigned int bad = 0;

    need_gpc3();
    gpcbw_write(ram_window());
    ASSERT_TRUE(gpt_init());
    gi = gpt_info();
    gpt_set_gpi(pg, 0xe);                   /* reserved */
    gpc_on_bw(true, 0);
    run_at_set_scr_extra(SCR_GPF);
    for (unsigned int i = 0; i < ARRAY_SIZE(all_requesters); i++) {
        access_by(all_requesters[i], ACC_READ, pg + 0x20);
        if (exc_rec.taken && bad++ < 4) {
            printf("    %s EL%u read, invalid level 1 entry in the window: ",
                   world_name(all_requesters[i].w), all_requesters[i].el);
            print_exc();
        }
    }
    bw_switch(false, 0);
    access_by(ns_el1, ACC_READ, pg + 0x20);
    expect_gpc(GPCSC_WALK_L1);
    bw_switch(true, 0);
    if (bad) {
        test_fail(__FILE__, __LINE__, "%u requesters faulted in the window",
                  bad);
        return;
    }

    gpt_set_gpi(pg, GPI_NO_ACCESS);
    l0d = gpt_l0_desc(gi->l1_region);
    l0v = *l0d;
    out = ram_base(30) + GB + 0x1000;
    have_out = gi->l0_bits > 30 && (out - gi->l1_region) >> gi->l0_bits == 0;
    /* Nothing may print from here until the level 0 entry is restored. */
    gpt_write(l0d, 0);                      /* invalid (bits[3:0] = 0) */
    access_by(ns_el1, ACC_READ, pg);
    snap(0);
    access_by(realm_el1, ACC_READ, pg);
    snap(1);
    access_by(root_el3, ACC_READ, pg);
    snap(2);
    if (have_out) {
        access_by(ns_el1, ACC_READ, out);
        snap(3);
    }
    gpt_write(l0d, l0v);

    for (unsigned int i = 0; i < 3; i++) {
        unsnap(i);
        if (!expect_none()) {
            printf("    (access %u to RAM, invalid level 0 entry)\n", i);
        }
    }
    if (have_out) {
        unsnap(3);
        if (!expect_gpc(GPCSC_WALK_L0)) {
            printf("    (NS EL1 read of 0x%lx outside the window)\n", out);
        }
    }
}

/* EL3 stage 1: MMU_TEST_VA + i * 4KB -> pa in PA space pas. */
static void el3_map(struct mmu *m, unsigned int i, uintptr_t pa,
                    unsigned int pas)
{
    mmu_map(m, MMU_TEST_VA + i * 0x1000UL, pa, pas | MMU_XN);
}

/*
 * I_XNHTX: the window check comes after fault priority 2 (R_TCWMD: a PA
 * space disabled by GPCCR_EL3.{SPAD, NSPAD, RLPAD} is a GPF at level 0).
 * With the window over RAM, EL3 reads an All-access granule in RAM
 * through its stage 1 in each PA space (R_XTYPW): the disabled one gets a
 * GPF Data Abort at EL3, the others pass.
 */
TEST(gpc3_window_after_pas_disable)
{
    static const unsigned int pas[] = { MMU_PAS_SECURE, MMU_PAS_NONSECURE,
                                        MMU_PAS_ROOT, MMU_PAS_REALM };
    static const uint64_t dis[] = { GPCCR_SPAD, GPCCR_NSPAD, 0,
                                    GPCCR_RLPAD };
    uintptr_t pg = scratch_page(107);
    struct mmu m;

    need_gpc3();
    gpcbw_write(ram_window());
    ASSERT_TRUE(gpt_init());
    mmu_init(&m, MMU_EL3);
    for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
        el3_map(&m, i, pg, pas[i]);
    }
    for (unsigned int d = 0; d < ARRAY_SIZE(dis); d++) {
        if (!dis[d]) {
            continue;
        }
        gpc_on_bw(true, dis[d]);
        mmu_el3_on(&m);
        for (unsigned int i = 0; i < ARRAY_SIZE(pas); i++) {
            bool ok;

            access_by(root_el3, ACC_READ, MMU_TEST_VA + i * 0x1000UL);
            ok = i == d ? expect_gpf_abort(3, false) : expect_none();
            if (!ok) {
                printf("    (GPCCR_EL3 0x%lx, EL3 read in PA space %u)\n",
                       dis[d], i);
            }
        }
        mmu_el3_off();
        gpc_disable();
    }
}

/*
 * GPCCR_EL3.{PPS3, PPS} = 0b1000 (46 bits) and 0b1001 (47 bits)
 * (D24.2.56, FEAT_RME_GPC3): a working GPT of that size - level 0 index
 * PA[t-1:s] (R_RDYKY), a Realm and a Non-secure granule checked from
 * Realm and NS EL1 - whose last level 0 entry (a Realm Block) is used
 * for the top 2^s bytes below 2^t (Realm passes, NS gets a GPF at level
 * 0), while 2^t itself is above PPS (R_JFFHB: Realm gets a GPF at level
 * 0, NS no GPC fault, R_CPDSB).
 */
static void check_pps3(unsigned int pps)
{
    unsigned int t = gpt_pps_bits(pps);
    uintptr_t realm_pg = scratch_page(108) + 0x40;
    uintptr_t ns_pg = scratch_page(109) + 0x40;
    uint64_t top, above;

    need_gpc3();
    if (t > gpt_pamax_bits()) {
        SKIP("PPS %u bits above PARange (%u bits)", t, gpt_pamax_bits());
    }
    ASSERT_TRUE(gpt_init_layout(pps, GPCCR_PGS_4KB));
    ASSERT_EQ(gpt_info()->pps_bits, t);
    top = (1UL << t) - (1UL << gpt_info()->l0_bits) + 0x2000;
    above = 1UL << t;
    gpt_set_gpi(realm_pg, GPI_REALM);
    gpt_set_gpi(ns_pg, GPI_NONSECURE);
    gpt_write(gpt_l0_desc(top), GPT_L0_BLOCK(GPI_REALM));
    gpc_enable();
    EXPECT_EQ(read_sysreg_s(GPCCR_EL3) & 0xf, pps);
    run_at_set_scr_extra(SCR_GPF);
    access_by(realm_el1, ACC_READ, realm_pg);
    expect_none();
    access_by(ns_el1, ACC_READ, ns_pg);
    expect_none();
    access_by(ns_el1, ACC_READ, realm_pg);
    expect_gpc(GPCSC_GPF_L1);
    access_by(realm_el1, ACC_READ, ns_pg);
    expect_gpc(GPCSC_GPF_L1);
    access_by(realm_el1, ACC_READ, top);
    if (!EXPECT_FALSE(exc_is_gpc_fault())) {
        printf("    (Realm EL1 read of 0x%lx, last level 0 entry)\n", top);
    }
    access_by(ns_el1, ACC_READ, top);
    if (!expect_gpc(GPCSC_GPF_L0)) {
        printf("    (NS EL1 read of 0x%lx, last level 0 entry)\n", top);
    }
    access_by(realm_el1, ACC_READ, above);
    if (expect_gpc(GPCSC_GPF_L0)) {
        EXPECT_EQ(exc_rec.mfar & MFAR_FPA_MASK, above);
    } else {
        printf("    (Realm EL1 read of 0x%lx = 2^%u)\n", above, t);
    }
    access_by(ns_el1, ACC_READ, above);
    EXPECT_FALSE(exc_is_gpc_fault());
}

TEST(gpc3_pps_46_bits)
{
    check_pps3(GPCCR_PPS_64TB);
}

TEST(gpc3_pps_47_bits)
{
    check_pps3(GPCCR_PPS_128TB);
}

/*
 * GPCBW_EL3 is only looked at when GPCCR_EL3.GPC and GPCCR_EL3.GPCBW are
 * both 1: the invalid-configuration conditions of R_JWCSM on BWSIZE,
 * BWSTRIDE and BWADDR apply "if GPCCR_EL3.GPCBW is 1", and with GPC = 0
 * no access is checked at all (R_BYRRZ).  GPCBW_EL3 holds a reserved
 * BWSIZE and BWSTRIDE and an unaligned base: with GPC = 1, GPCBW = 0 the
 * GPT applies normally (a No-access granule faults at level 1, an
 * All-access one passes); with GPC = 0, GPCBW = 1 nothing faults, for
 * any requester.  (If an implementation used GPCBW_EL3 here, every access
 * would fault and the run would stop in this test.)
 */
TEST(gpc3_gpcbw_el3_unused_unless_enabled)
{
    uintptr_t na = scratch_page(110), all = scratch_page(111);
    const uint64_t invalid = GPCBW(0x7, 0x1f, 0x3);
    unsigned int bad = 0;

    need_gpc3();
    plant_ret(na + 0x800);
    ASSERT_TRUE(gpt_init());
    gpt_set_gpi(na, GPI_NO_ACCESS);
    write_sysreg_s(GPCBW_EL3, invalid);
    isb();
    gpc_on_bw(false, 0);
    run_at_set_scr_extra(SCR_GPF);
    access_by(ns_el1, ACC_READ, na);
    expect_gpc(GPCSC_GPF_L1);
    access_by(ns_el1, ACC_READ, all);
    expect_none();
    gpc_disable();

    write_sysreg_s(GPTBR_EL3, gpt_info()->l0 >> 12);
    gpccr_write(gpt_gpccr() | GPCCR_GPCBW);
    tlbi_paall();
    bad = check_na_granule(na, false, "GPC = 0, GPCBW = 1");
    gpccr_write(gpt_gpccr());
    write_sysreg_s(GPCBW_EL3, 0);
    isb();
    EXPECT_EQ(bad, 0);
}
