# Compiler flags for the bare-metal aarch64 images (tests/guest, tests/diff).
# -fno-toplevel-reorder keeps TEST() entries in source order.
# -mbranch-protection=none: no PAC/BTI instructions (nothing enables them).
# include/rme/arch.h: the worlds and register fields shared with the walker,
# the plugin and the diff test.
RME_INCLUDE   := -I$(abspath $(dir $(lastword $(MAKEFILE_LIST)))../../include)
GUEST_CFLAGS  := $(RME_INCLUDE) -ffreestanding -nostdlib -nostartfiles -mstrict-align \
                 -mgeneral-regs-only -mbranch-protection=none \
                 -fno-toplevel-reorder -fno-pie -fno-stack-protector \
                 -O2 -g -Wall -Wextra -Werror -std=gnu11 -MMD -MP
GUEST_ASFLAGS := $(RME_INCLUDE) -g -Wall -Werror -D__ASSEMBLER__ -MMD -MP
GUEST_LDFLAGS := -nostdlib -nostartfiles -static -no-pie -Wl,--build-id=none \
                 -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
