/*
 * Unit tests of the memory protection engine's register frame
 * (hw/misc/mpe-regs.c, docs/mec.md).
 *
 * DEN0129 makes the memory protection engine a Root-world resource: only
 * Root PA space accesses reach its registers; an access from the Secure,
 * Non-secure or Realm PA space is refused (QEMU: an error response).  The
 * register behaviour is the engine's own (docs/mec.md): MPE_CTRL.EN turns
 * contexts on and off, MPE_REKEY invalidates one MECID's context so data
 * written under it before no longer reads back (the re-key of FEAT_MEC's
 * MECID contexts, DDI0487 D8.12), PA space keys of zero leave a PA space
 * unencrypted except the Realm PA space, which is always encrypted.
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "mpe-regs.h"
#include "tap.h"

static MpeCore core;
static MpeRegs regs;

static void reset(void)
{
    mpe_init(&core, 1);
    mpe_regs_init(&regs, &core);
}

static uint32_t rd(uint64_t off)
{
    uint32_t v = 0xdeadbeef;

    TAP_EQ_U64(mpe_regs_read(&regs, off, RME_SS_ROOT, &v), MPE_REG_OK);
    return v;
}

static void test_root_only(void)
{
    static const unsigned others[] = { RME_SS_SECURE, RME_SS_NONSECURE,
                                       RME_SS_REALM };
    uint32_t v;

    tap_begin("only the Root PA space reaches the registers (DEN0129)");
    reset();
    for (unsigned i = 0; i < 3; i++) {
        TAP_EQ_U64(mpe_regs_read(&regs, MPE_IIDR, others[i], &v),
                   MPE_REG_REFUSED);
        TAP_EQ_U64(v, 0);
        TAP_EQ_U64(mpe_regs_write(&regs, MPE_CTRL, others[i], 0),
                   MPE_REG_REFUSED);
        TAP_EQ_U64(mpe_regs_write(&regs, MPE_PAS_KEY_LO(RME_SS_REALM),
                                  others[i], 0x1234), MPE_REG_REFUSED);
    }
    /* nothing changed */
    TAP_TRUE(core.enabled);
    TAP_EQ_U64(core.stats.pas_rekeys, 0);
    TAP_EQ_U64(rd(MPE_IIDR), MPE_IIDR_VALUE);
    tap_end();
}

static void test_idr(void)
{
    tap_begin("MPE_IDR reports MECID width, block size and strategy");
    reset();
    core.block_bits = 6;
    core.mecid_bits = 12;
    core.strategy = MPE_XOR;
    TAP_EQ_U64(rd(MPE_IDR), 11u | (6u - 4) << 4 | 1u << 8);
    TAP_EQ_U64(mpe_regs_write(&regs, MPE_IDR, RME_SS_ROOT, 0),
               MPE_REG_READ_ONLY);
    TAP_EQ_U64(rd(MPE_IDR), 11u | (6u - 4) << 4 | 1u << 8);
    tap_end();
}

static void test_ctrl(void)
{
    MpeTag on;

    tap_begin("MPE_CTRL.EN = 0: every context is plaintext; EN = 1 again");
    reset();
    on = mpe_tag_of(&core, RME_SS_REALM, 3);
    TAP_TRUE(mpe_tag_encrypted(on));
    TAP_EQ_U64(rd(MPE_CTRL), MPE_CTRL_EN);
    TAP_EQ_U64(mpe_regs_write(&regs, MPE_CTRL, RME_SS_ROOT, 0),
               MPE_REG_OK_FLUSH);
    TAP_EQ_U64(mpe_tag_of(&core, RME_SS_REALM, 3), MPE_TAG_PLAIN);
    TAP_EQ_U64(rd(MPE_CTRL), 0);
    mpe_regs_write(&regs, MPE_CTRL, RME_SS_ROOT,
                   MPE_CTRL_EN | MPE_CTRL_IGNORE_MECID | 0xfffffff0u);
    TAP_EQ_U64(rd(MPE_CTRL), MPE_CTRL_EN | MPE_CTRL_IGNORE_MECID);
    /* ignore-MECID: every Realm MECID shares the default context */
    TAP_EQ_U64(mpe_tag_of(&core, RME_SS_REALM, 3),
               mpe_tag_of(&core, RME_SS_REALM, 0));
    tap_end();
}

static void test_rekey(void)
{
    uint8_t page[MPE_PAGE_SIZE], orig[MPE_PAGE_SIZE];
    MpeTag before, after, other;

    tap_begin("MPE_REKEY: data written before no longer reads back");
    reset();
    for (unsigned i = 0; i < sizeof(page); i++) {
        orig[i] = page[i] = (uint8_t)(i * 13 + 1);
    }
    before = mpe_tag_of(&core, RME_SS_REALM, 7);
    other = mpe_tag_of(&core, RME_SS_REALM, 8);
    TAP_EQ_U64(mpe_regs_write(&regs, MPE_REKEY, RME_SS_ROOT, 7),
               MPE_REG_OK_FLUSH);
    TAP_EQ_U64(rd(MPE_REKEY), 0);
    after = mpe_tag_of(&core, RME_SS_REALM, 7);
    TAP_TRUE(after != before);
    TAP_EQ_U64(mpe_tag_of(&core, RME_SS_REALM, 8), other);
    mpe_transform(&core, page, sizeof(page), 0x88000000, before, after);
    TAP_TRUE(memcmp(page, orig, sizeof(page)) != 0);
    TAP_EQ_U64(rd(MPE_STAT_LO(MPE_STAT_REKEYS)), 1);
    tap_end();
}

static void test_pas_keys(void)
{
    tap_begin("PA space keys: 0 leaves NS unencrypted, Realm always is");
    reset();
    TAP_EQ_U64(rd(MPE_PAS_KEY_LO(RME_SS_NONSECURE)), 0);
    TAP_EQ_U64(rd(MPE_PAS_KEY_HI(RME_SS_NONSECURE)), 0);
    TAP_EQ_U64(mpe_tag_of(&core, RME_SS_NONSECURE, 0), MPE_TAG_PLAIN);
    mpe_regs_write(&regs, MPE_PAS_KEY_HI(RME_SS_NONSECURE), RME_SS_ROOT,
                   0xabcd);
    TAP_EQ_U64(rd(MPE_PAS_KEY_HI(RME_SS_NONSECURE)), 0xabcd);
    TAP_TRUE(mpe_tag_encrypted(mpe_tag_of(&core, RME_SS_NONSECURE, 0)));
    mpe_regs_write(&regs, MPE_PAS_KEY_HI(RME_SS_NONSECURE), RME_SS_ROOT, 0);
    TAP_EQ_U64(mpe_tag_of(&core, RME_SS_NONSECURE, 0), MPE_TAG_PLAIN);
    mpe_regs_write(&regs, MPE_PAS_KEY_LO(RME_SS_REALM), RME_SS_ROOT, 0);
    mpe_regs_write(&regs, MPE_PAS_KEY_HI(RME_SS_REALM), RME_SS_ROOT, 0);
    TAP_TRUE(mpe_tag_encrypted(mpe_tag_of(&core, RME_SS_REALM, 0)));
    TAP_EQ_U64(rd(MPE_STAT_LO(MPE_STAT_PAS_REKEYS)), 4);
    tap_end();
}

static void test_bad_offsets(void)
{
    uint32_t v;

    tap_begin("unknown, unaligned and out-of-frame offsets are RAZ/WI");
    reset();
    TAP_EQ_U64(mpe_regs_read(&regs, 0x00c, RME_SS_ROOT, &v),
               MPE_REG_BAD_OFFSET);
    TAP_EQ_U64(v, 0);
    TAP_EQ_U64(mpe_regs_read(&regs, 0x002, RME_SS_ROOT, &v),
               MPE_REG_BAD_OFFSET);
    TAP_EQ_U64(mpe_regs_write(&regs, 0x1000, RME_SS_ROOT, 1),
               MPE_REG_BAD_OFFSET);
    TAP_EQ_U64(mpe_regs_write(&regs, UINT64_MAX - 3, RME_SS_ROOT, 1),
               MPE_REG_BAD_OFFSET);
    TAP_EQ_U64(mpe_regs_write(&regs, MPE_STAT_LO(0), RME_SS_ROOT, 1),
               MPE_REG_READ_ONLY);
    TAP_TRUE(core.enabled);
    tap_end();
}

int main(void)
{
    tap_plan(6);
    test_root_only();
    test_idr();
    test_ctrl();
    test_rekey();
    test_pas_keys();
    test_bad_offsets();
    return tap_done();
}
