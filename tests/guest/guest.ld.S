/*
 * guest.ld.S - linker script, run through the C preprocessor so that the
 * load address comes from board.h.
 */
#include "board.h"
#include "asm.h"

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_start)

MEMORY
{
    RAM (rwx) : ORIGIN = BOARD_IMAGE_BASE, LENGTH = BOARD_IMAGE_SIZE
}

SECTIONS
{
    .text : {
        KEEP(*(.text.entry))
        *(.text .text.*)
        __text_end = .;
    } > RAM

    .rodata : ALIGN(8) {
        *(.rodata .rodata.*)
    } > RAM

    /* Test table, in link order (see TEST() in harness.h). */
    .tests : ALIGN(8) {
        __tests_start = .;
        KEEP(*(.tests))
        __tests_end = .;
    } > RAM

    .data : ALIGN(8) {
        *(.data .data.*)
    } > RAM

    .bss (NOLOAD) : ALIGN(16) {
        __bss_start = .;
        *(.bss .bss.* COMMON)
        . = ALIGN(8);
        __bss_end = .;
    } > RAM

    .stack (NOLOAD) : ALIGN(16) {
        . += EL3_STACK_SIZE;
        __stack_el3_top = .;
        . += EL3_STACK_SIZE;
        __stack_el3_cpu1_top = .;
    } > RAM

    __image_end = .;

    /DISCARD/ : {
        *(.comment .note.* .eh_frame*)
    }
}
