/*
 * board.h - every board address the guest suite uses, and nothing else.
 *
 * Selected at build time by PLATFORM=qemu (default) or PLATFORM=fvp, which
 * the Makefile turns into -DPLATFORM_QEMU or -DPLATFORM_FVP.  This header is
 * included from C, from assembly and from the linker script, so it must
 * contain only preprocessor definitions.
 *
 * No other file of the suite may hard-code a physical address.
 */
#ifndef GUEST_BOARD_H
#define GUEST_BOARD_H

#if defined(PLATFORM_QEMU)

/*
 * QEMU "virt" machine.  Source: the base_memmap[] table in QEMU's
 * hw/arm/virt.c (QEMU 10.2): VIRT_UART0, VIRT_MEM, VIRT_SECURE_MEM.
 */
#define BOARD_NAME              "qemu-virt"

/* PL011 UART0 (VIRT_UART0). */
#define BOARD_UART_BASE         0x09000000

/* DRAM (VIRT_MEM).  The suite assumes at least 1 GiB (-m 1G). */
#define BOARD_DRAM_BASE         0x40000000
#define BOARD_DRAM_SIZE         0x40000000

/*
 * Load and link address of the test image.  QEMU's firmware-boot path
 * (hw/arm/boot.c, arm_setup_firmware_boot) copies the device tree blob to
 * the base of RAM; virt's DTB is at most 1 MiB, so keep 2 MiB clear of it.
 */
#define BOARD_IMAGE_BASE        0x40200000
/* Space the image (code, data, bss, stacks, GPT buffers) may occupy. */
#define BOARD_IMAGE_SIZE        0x01000000

/*
 * Secure-only memory (VIRT_SECURE_MEM, 16 MiB, 0x0e000000-0x0effffff).
 * QEMU maps it only into the Secure address space, so a Non-secure access
 * gets a decode error, which QEMU reports as a synchronous External abort.
 */
#define BOARD_SECURE_MEM_BASE   0x0e000000
#define BOARD_SECURE_MEM_SIZE   0x01000000
#define BOARD_SECURE_MEM_NS_ABORTS 1

/*
 * A physical address with nothing behind it in any address space: above
 * the end of RAM when the machine has at most 2 GiB (run-qemu.sh uses
 * -m 1G) and below the high-memory devices at 256 GiB.
 */
#define BOARD_UNMAPPED_PA       0xc0000000

/*
 * qemu-rme's memory protection engine (-M virt,rme=on with mec=on, the
 * default): its Root-only register frame (docs/mec.md), present whenever
 * the PEs have FEAT_MEC.
 */
#define BOARD_MPE_BASE          0x090d0000

/*
 * qemu-rme's SMMUv3 with RME (-M virt,rme=on with smmu=on, the default;
 * docs/smmu.md): the SMMU's page 0, its Root control page, and the PCIe
 * host it sits in front of: the ECAM of virt's high memory map (with 1 GiB
 * of RAM) and the 32-bit MMIO window for BARs.  run-qemu.sh plugs the
 * rme-dma-test device (hw/misc/rme-dma-test.c) into it.
 */
#define BOARD_SMMU_BASE         0x09050000UL
#define BOARD_SMMU_ROOT_BASE    0x090e0000UL
/* its Realm register pages (smmu-realm=on, the default), 128 KiB */
#define BOARD_SMMU_REALM_BASE   0x090f0000UL
#define BOARD_PCIE_ECAM         0x4010000000UL
#define BOARD_PCIE_MMIO         0x10000000UL

/*
 * RAM the image does not use (run-qemu.sh gives 1 GiB, so DRAM ends at
 * 0x80000000), split in two:
 *   - the GPT pool, for Granule Protection Tables of any size: a level 1
 *     table is aligned to its size, up to 64 MiB (L0GPTSZ = 39 bits, 4 KiB
 *     granules; Arm ARM DDI0487 D9.7, I_LJQCV), and a level 0 table for
 *     PPS = 52 bits with 1 GiB entries is 32 MiB;
 *   - scratch: granules whose GPI tests change, and translation tables.
 * Both lie in the 1 GiB region that holds the image, so the level 1 GPT
 * of gpt-table.h covers them.  The scratch base is 512 MiB aligned (the largest
 * GPT Contiguous descriptor range, D9.6.4).
 */
#define BOARD_GPT_POOL_BASE     0x44000000
#define BOARD_GPT_POOL_SIZE     0x1c000000
#define BOARD_SCRATCH_BASE      0x60000000
#define BOARD_SCRATCH_SIZE      0x20000000

#elif defined(PLATFORM_FVP)

/*
 * Arm Base FVP (FVP_Base_RevC-2xAEMvA).  Sources: TF-A
 * include/plat/arm/board/common/v2m_def.h (V2M_IOFPGA_UART0_BASE),
 * include/plat/arm/common/arm_def.h (ARM_TRUSTED_SRAM_BASE, ARM_DRAM1_BASE),
 * plat/arm/board/fvp/include/platform_def.h (PLAT_ARM_TRUSTED_DRAM_*),
 * and the Fast Models "Base Platform" memory map.
 * UNTESTED: no FVP is available where this suite was written.
 */
#define BOARD_NAME              "fvp-base-revc"

/* PL011 UART0 in the IOFPGA. */
#define BOARD_UART_BASE         0x1c090000

/* DRAM bank 0 (2 GiB at 0x80000000). */
#define BOARD_DRAM_BASE         0x80000000
#define BOARD_DRAM_SIZE         0x80000000

/* Load with: -a cluster0.cpu0=guest-tests.elf (PC is set to the entry). */
#define BOARD_IMAGE_BASE        0x80000000
#define BOARD_IMAGE_SIZE        0x01000000

/*
 * Trusted SRAM (256 KiB).  Secure-only when bp.secure_memory=1; what a
 * Non-secure access returns there depends on the model's TZC
 * configuration, so the abort test is not enabled for FVP.
 */
#define BOARD_SECURE_MEM_BASE   0x04000000
#define BOARD_SECURE_MEM_SIZE   0x00040000
#define BOARD_SECURE_MEM_NS_ABORTS 0

/* Trusted DRAM (32 MiB), secure-only with bp.secure_memory=1. */
#define BOARD_TRUSTED_DRAM_BASE 0x06000000
#define BOARD_TRUSTED_DRAM_SIZE 0x02000000

/* BOARD_UNMAPPED_PA is deliberately not defined: not verified on FVP. */

/* Unused DRAM bank 0 for GPTs and scratch granules (see the QEMU part). */
#define BOARD_GPT_POOL_BASE     0x84000000
#define BOARD_GPT_POOL_SIZE     0x1c000000
#define BOARD_SCRATCH_BASE      0xa0000000
#define BOARD_SCRATCH_SIZE      0x20000000

#else
#error "define PLATFORM_QEMU or PLATFORM_FVP (make PLATFORM=qemu|fvp)"
#endif

#endif /* GUEST_BOARD_H */
