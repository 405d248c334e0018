/*
 * diffmap.h - every physical address the GPC differential test uses.
 *
 * QEMU "virt" only (-M virt,rme=on -m 1G).  Source: base_memmap[] and
 * virt_set_high_memmap() in QEMU 10.2 hw/arm/virt.c, and hw/arm/virt-rme.c
 * (secure-ram-size).  The test never touches MMIO: every probe and every
 * GPT fetch lands in RAM or in a hole with nothing mapped, where QEMU
 * returns a decode error (a synchronous External abort for a probe, an
 * External abort on GPT fetch for a walk).
 *
 *   0x0e000000 + secure-ram-size    Secure RAM (VIRT_SECURE_MEM); visible
 *                                    to Secure and Root accesses only.
 *                                    run-diff.sh shrinks it (secure-ram-size
 *                                    = DIFF_SECURE_RAM_SIZE) so that tables
 *                                    can straddle its end and get External
 *                                    aborts on part of their entries.
 *   end of Secure RAM .. 0x10000000  hole (VIRT_PCIE_MMIO starts there)
 *   0x40000000 .. 0x80000000         RAM (VIRT_MEM, -m 1G)
 *     0x40000000                     DTB (QEMU copies it here)
 *     0x40180000                     parameter block (run-diff.sh pokes it
 *                                    with -device loader,data=...)
 *     0x40200000                     the image (tests/guest/board.h)
 *     0x44000000 .. 0x7c000000       14 slots of 64 MiB for GPT tables
 *     0x7c000000 .. 0x80000000       scratch: write and fetch probes
 *   0x80000000 .. 0x40_0000_0000     hole (RAM ends at 2 GiB with -m 1G;
 *                                    the high-memory devices start at 256
 *                                    GiB: VIRT_HIGH_GIC_REDIST2,
 *                                    VIRT_HIGH_PCIE_ECAM, then
 *                                    VIRT_HIGH_PCIE_MMIO up to 1 TiB)
 *   0x100_0000_0000 .. 2^52          hole (above the high PCIe window)
 */
#ifndef DIFF_DIFFMAP_H
#define DIFF_DIFFMAP_H

#define DM_SEC_BASE         0x0e000000UL
#define DM_SEC_HOLE_END     0x10000000UL
/* Default secure-ram-size run-diff.sh passes: 64 KiB aligned, not 128 KiB. */
#define DIFF_SECURE_RAM_SIZE 0x007f0000UL

#define DM_RAM_BASE         0x40000000UL
#define DM_RAM_END          0x80000000UL
#define DM_PARAM_BASE       0x40180000UL
#define DM_ARENA_BASE       0x44000000UL
#define DM_SLOT_SIZE        0x04000000UL
#define DM_NSLOTS           14
#define DM_SCRATCH_BASE     0x7c000000UL
#define DM_SCRATCH_END      0x80000000UL

#define DM_HOLE_MID_BASE    0x80000000UL
#define DM_HOLE_MID_END     0x4000000000UL          /* 256 GiB */
#define DM_HOLE_HIGH_BASE   0x10000000000UL         /* 1 TiB */
#define DM_HOLE_HIGH_END    (1UL << 52)

#define DM_UART_BASE        0x09000000UL            /* VIRT_UART0 */
#define DM_UART_SIZE        0x1000UL

/* Parameter block (u64 words), written by the host before reset. */
#define DP_MAGIC_VALUE      0x3146464944545047UL    /* "GPTDIFF1" */
#define DP_MAGIC            0
#define DP_SEED             1
#define DP_CASES            2
#define DP_FIRST_LAYOUT     3
#define DP_FLAGS            4
#define DP_SECURE_RAM_SIZE  5
#define DP_MAX_PRINT        6
#define DP_PROGRESS         7
#define DP_WORDS            8

/* DP_FLAGS bits */
#define DF_VERBOSE          (1UL << 0)  /* print every case before it runs */
#define DF_UNSAFE_GPTBR     (1UL << 1)  /* set GPTBR_EL3[51:40] (RES0) */
#define DF_AVOID_PPS_LE_L0  (1UL << 2)  /* no PPS <= L0GPTSZ layouts */
#define DF_NO_MMU           (1UL << 3)  /* no probes through stage 1 */
#define DF_ONLY_LAYOUT      (1UL << 4)  /* run only DP_FIRST_LAYOUT */
#define DF_SCR_EA           (1UL << 5)  /* SCR_EL3.EA = 1 for lower ELs */
#define DF_FATAL            (1UL << 6)  /* one fatal case (fatal.py) */
#define DF_INJECT           (1UL << 7)  /* self-check: corrupt 1/97 of the
                                           expectations */

#endif /* DIFF_DIFFMAP_H */
