/*
 * qemu-rme: a PCIe DMA test device
 *
 * Lets a bare-metal test make DMA transfers of its choosing, so that the
 * SMMU's granule protection checks (docs/smmu.md) are tested without a
 * driver: software fills the device's buffer through BAR0, names a bus
 * address and a length, and starts a transfer to or from memory; the
 * device reports whether the transfer completed or was aborted (a GPF on
 * the output address terminates it as an External abort would, IHI0070
 * G.b 3.25.1).  Its requester ID is its StreamID.
 *
 * BAR0 (16 KiB, 32-bit accesses; the buffer also 8/16/64-bit):
 *   0x000 ID      RO  0x54444d52 ("RMDT")
 *   0x004 VERSION RO  4 (3 had no ATC, 2 no ATS, 1 no SEC_SID)
 *   0x008 ADDR_LO RW  bus address of the transfer, bits [31:0]
 *   0x00c ADDR_HI RW  bits [63:32]
 *   0x010 LEN     RW  bytes, 1..4096 (larger values are clamped)
 *   0x014 CMD     WO  1: buffer -> memory (device write)
 *                     2: memory -> buffer (device read)
 *                     3: PCIe ATS Translation Request for ADDR (needs ATS
 *                        enabled in the ATS capability at 0x100, and
 *                        SEC_SID 0): STATUS done with XLATE_*, or aborted
 *                        (the SMMU answered UR), or 4 (ATS not enabled)
 *                     4: buffer -> memory, marked Translated (ADDR is a PA)
 *                     5: memory -> buffer, marked Translated
 *                     6: buffer -> memory through the ATC: ADDR is an
 *                        IOVA the last Translation Request covered, sent
 *                        Translated with the cached PA; STATUS 5 if the
 *                        ATC holds no translation for it
 *                     the transfer is done when the write returns; an
 *                     aborted read leaves the buffer unchanged
 *   0x018 STATUS  RO  of the last transfer: 0 done, 1 aborted,
 *                     2 bus mastering disabled, 3 bad command, 4 ATS
 *                     not enabled, 5 ATC miss
 *   0x01c DONE    RO  transfers done
 *   0x020 ABORTED RO  transfers aborted
 *   0x024 SEC_SID RW  the Security state the transfers are issued in,
 *                     the SMMU's SEC_SID (IHI0070 G.b 3.10.1): 0
 *                     Non-secure, 2 Realm (the requests a PCIe device
 *                     in the TDISP RUN state makes with T = 1); other
 *                     values are ignored
 *   0x028 XLATE_LO RO the last Translation Completion's address [31:0]
 *   0x02c XLATE_HI RO [63:32]
 *   0x030 XLATE_PERM RO its permissions: bit 0 read, bit 1 write
 *   0x034 ATC_VALID RO 1 while the ATC holds that translation (the ATC
 *                     has one entry; an ATS Invalidation Request from
 *                     the SMMU's CMD_ATC_INV that covers it drops it)
 *   0x038 ATC_INVALS RO Invalidation Requests received
 *   0x1000-0x1fff     the 4 KiB buffer
 *
 * The PCI vendor/device ID 1b36:10f0 is not an allocated QEMU ID; the
 * device is for qemu-rme's tests only (not user-creatable by default
 * machines; -device rme-dma-test).
 *
 * Copyright (c) 2026 qemu-rme developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pci_bus.h"
#include "hw/registerfields.h"
#include "migration/vmstate.h"
#include "system/dma.h"
#include "qom/object.h"
#include "rme/arch.h"
#include "trace.h"

#define TYPE_RME_DMA_TEST "rme-dma-test"
OBJECT_DECLARE_SIMPLE_TYPE(RmeDmaTestState, RME_DMA_TEST)

#define RME_DMA_TEST_VENDOR_ID  0x1b36
#define RME_DMA_TEST_DEVICE_ID  0x10f0
#define RME_DMA_TEST_BAR_SIZE   (16 * KiB)
#define RME_DMA_TEST_BUF_OFFSET 0x1000
#define RME_DMA_TEST_BUF_SIZE   4096

REG32(ID, 0x000)
REG32(VERSION, 0x004)
REG32(ADDR_LO, 0x008)
REG32(ADDR_HI, 0x00c)
REG32(LEN, 0x010)
REG32(CMD, 0x014)
REG32(STATUS, 0x018)
REG32(DONE, 0x01c)
REG32(ABORTED, 0x020)
REG32(SEC_SID, 0x024)
REG32(XLATE_LO, 0x028)
REG32(XLATE_HI, 0x02c)
REG32(XLATE_PERM, 0x030)
REG32(ATC_VALID, 0x034)
REG32(ATC_INVALS, 0x038)

#define RME_DMA_TEST_ATS_CAP    0x100

#define RME_DMA_TEST_ID         0x54444d52u     /* "RMDT" */

enum {
    CMD_TO_MEMORY = 1,
    CMD_FROM_MEMORY = 2,
    CMD_ATS_REQUEST = 3,
    CMD_TRANSLATED_TO_MEMORY = 4,
    CMD_TRANSLATED_FROM_MEMORY = 5,
    CMD_ATC_TO_MEMORY = 6,
};

enum {
    SEC_SID_NONSECURE = 0,
    SEC_SID_REALM = 2,
};

enum {
    STATUS_DONE = 0,
    STATUS_ABORTED = 1,
    STATUS_NO_BUS_MASTER = 2,
    STATUS_BAD_COMMAND = 3,
    STATUS_NO_ATS = 4,
    STATUS_ATC_MISS = 5,
};

struct RmeDmaTestState {
    PCIDevice parent_obj;

    MemoryRegion bar;
    uint64_t addr;
    uint32_t len;
    uint32_t status;
    uint32_t done;
    uint32_t aborted;
    uint32_t sec_sid;
    uint64_t xlate;
    uint32_t xlate_perm;
    /* the ATC: one translation, IOVA page -> PA page */
    bool atc_valid;
    uint64_t atc_iova;
    uint64_t atc_pa;
    uint32_t atc_invals;
    bool atc_notifier_on;
    IOMMUNotifier atc_notifier;
    uint8_t buf[RME_DMA_TEST_BUF_SIZE];
};

/* An ATS Invalidation Request (the SMMU's CMD_ATC_INV) */
static void rme_dma_test_atc_inval(IOMMUNotifier *n, IOMMUTLBEntry *entry)
{
    RmeDmaTestState *s = container_of(n, RmeDmaTestState, atc_notifier);

    s->atc_invals++;
    if (s->atc_valid && (s->atc_iova & ~entry->addr_mask) == entry->iova) {
        s->atc_valid = false;
    }
}

/* Listen for Invalidation Requests, once the IOMMU is there */
static void rme_dma_test_atc_listen(RmeDmaTestState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    if (s->atc_notifier_on) {
        return;
    }
    if (pci_iommu_init_iotlb_notifier(pdev, &s->atc_notifier,
                                      rme_dma_test_atc_inval, s) == 0 &&
        pci_iommu_register_iotlb_notifier(pdev, PCI_NO_PASID,
                                          &s->atc_notifier) == 0) {
        s->atc_notifier_on = true;
    }
}

/* A PCIe ATS Translation Request for the page at ADDR */
static void rme_dma_test_ats_request(RmeDmaTestState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    IOMMUTLBEntry entry = {};
    uint32_t err = 0;
    ssize_t n;

    n = pci_ats_request_translation(pdev, PCI_NO_PASID, false, false,
                                    s->addr & ~0xfffULL,
                                    4096, false, &entry, 1, &err);
    if (n >= 0) {
        rme_dma_test_atc_listen(s);
    }
    if (n == -EPERM) {
        s->status = STATUS_NO_ATS;
    } else if (n == 1) {
        s->status = STATUS_DONE;
        s->done++;
        s->xlate = (entry.translated_addr & ~entry.addr_mask) |
                   (s->addr & entry.addr_mask);
        s->xlate_perm = (entry.perm & IOMMU_RO ? 1 : 0) |
                        (entry.perm & IOMMU_WO ? 2 : 0);
        s->atc_valid = entry.perm != IOMMU_NONE;
        s->atc_iova = s->addr & ~0xfffULL;
        s->atc_pa = s->xlate & ~0xfffULL;
    } else {
        s->status = STATUS_ABORTED;
        s->aborted++;
        s->xlate = 0;
        s->xlate_perm = 0;
    }
    trace_rme_dma_test_xfer(pci_requester_id(pdev), CMD_ATS_REQUEST, s->addr,
                            0, s->status);
}

static void rme_dma_test_run(RmeDmaTestState *s, uint32_t cmd)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint32_t len = MIN(MAX(s->len, 1), RME_DMA_TEST_BUF_SIZE);
    uint8_t in[RME_DMA_TEST_BUF_SIZE];
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;
    uint64_t addr = s->addr;
    MemTxResult res;

    if (cmd < CMD_TO_MEMORY || cmd > CMD_ATC_TO_MEMORY ||
        (cmd == CMD_ATS_REQUEST && s->sec_sid != SEC_SID_NONSECURE)) {
        /* QEMU's ATS interface carries no T bit: no Realm requests */
        s->status = STATUS_BAD_COMMAND;
        qemu_log_mask(LOG_GUEST_ERROR, "rme-dma-test: bad command %u\n",
                      cmd);
        return;
    }
    if (!(pci_get_word(pdev->config + PCI_COMMAND) & PCI_COMMAND_MASTER)) {
        s->status = STATUS_NO_BUS_MASTER;
        trace_rme_dma_test_xfer(pci_requester_id(pdev), cmd, s->addr, len,
                                s->status);
        return;
    }
    if (cmd == CMD_ATS_REQUEST) {
        rme_dma_test_ats_request(s);
        return;
    }
    if (s->sec_sid == SEC_SID_REALM) {
        /* the SMMU takes SEC_SID from the PA space the request names */
        attrs = (MemTxAttrs) { .space = RME_SS_REALM };
    }
    if (cmd == CMD_ATC_TO_MEMORY) {
        if (!s->atc_valid || (s->addr & ~0xfffULL) != s->atc_iova) {
            s->status = STATUS_ATC_MISS;
            trace_rme_dma_test_xfer(pci_requester_id(pdev), cmd, s->addr,
                                    len, s->status);
            return;
        }
        addr = s->atc_pa | (s->addr & 0xfff);
        cmd = CMD_TRANSLATED_TO_MEMORY;
    }
    if (cmd == CMD_TRANSLATED_TO_MEMORY ||
        cmd == CMD_TRANSLATED_FROM_MEMORY) {
        /* a PCIe transaction marked Translated (AT = 0b10): a PA */
        attrs.unspecified = 0;
        attrs.address_type = PCI_AT_TRANSLATED;
        cmd -= CMD_TRANSLATED_TO_MEMORY - CMD_TO_MEMORY;
    }
    if (cmd == CMD_TO_MEMORY) {
        res = pci_dma_rw(pdev, addr, s->buf, len,
                         DMA_DIRECTION_FROM_DEVICE, attrs);
    } else {
        /* an aborted read leaves the buffer as it was */
        res = pci_dma_rw(pdev, addr, in, len, DMA_DIRECTION_TO_DEVICE,
                         attrs);
        if (res == MEMTX_OK) {
            memcpy(s->buf, in, len);
        }
    }
    if (res == MEMTX_OK) {
        s->status = STATUS_DONE;
        s->done++;
    } else {
        s->status = STATUS_ABORTED;
        s->aborted++;
    }
    trace_rme_dma_test_xfer(pci_requester_id(pdev), cmd, s->addr, len,
                            s->status);
}

static uint64_t rme_dma_test_read(void *opaque, hwaddr offset, unsigned size)
{
    RmeDmaTestState *s = opaque;

    if (offset >= RME_DMA_TEST_BUF_OFFSET &&
        offset + size <= RME_DMA_TEST_BUF_OFFSET + RME_DMA_TEST_BUF_SIZE) {
        return ldn_le_p(s->buf + (offset - RME_DMA_TEST_BUF_OFFSET), size);
    }
    if (size != 4) {
        return 0;
    }
    switch (offset) {
    case A_ID:
        return RME_DMA_TEST_ID;
    case A_VERSION:
        return 4;
    case A_ADDR_LO:
        return (uint32_t)s->addr;
    case A_ADDR_HI:
        return s->addr >> 32;
    case A_LEN:
        return s->len;
    case A_STATUS:
        return s->status;
    case A_DONE:
        return s->done;
    case A_ABORTED:
        return s->aborted;
    case A_SEC_SID:
        return s->sec_sid;
    case A_XLATE_LO:
        return (uint32_t)s->xlate;
    case A_XLATE_HI:
        return s->xlate >> 32;
    case A_XLATE_PERM:
        return s->xlate_perm;
    case A_ATC_VALID:
        return s->atc_valid;
    case A_ATC_INVALS:
        return s->atc_invals;
    default:
        return 0;
    }
}

static void rme_dma_test_write(void *opaque, hwaddr offset, uint64_t value,
                               unsigned size)
{
    RmeDmaTestState *s = opaque;

    if (offset >= RME_DMA_TEST_BUF_OFFSET &&
        offset + size <= RME_DMA_TEST_BUF_OFFSET + RME_DMA_TEST_BUF_SIZE) {
        stn_le_p(s->buf + (offset - RME_DMA_TEST_BUF_OFFSET), size, value);
        return;
    }
    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "rme-dma-test: %u-byte write of "
                      "register 0x%03" HWADDR_PRIx " ignored\n", size, offset);
        return;
    }
    switch (offset) {
    case A_ADDR_LO:
        s->addr = deposit64(s->addr, 0, 32, value);
        break;
    case A_ADDR_HI:
        s->addr = deposit64(s->addr, 32, 32, value);
        break;
    case A_LEN:
        s->len = value;
        break;
    case A_CMD:
        rme_dma_test_run(s, value);
        break;
    case A_SEC_SID:
        if (value == SEC_SID_NONSECURE || value == SEC_SID_REALM) {
            s->sec_sid = value;
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "rme-dma-test: SEC_SID %" PRIu64
                          " ignored: 0 (Non-secure) or 2 (Realm)\n", value);
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "rme-dma-test: write of read-only "
                      "or unknown register 0x%03" HWADDR_PRIx "\n", offset);
        break;
    }
}

static const MemoryRegionOps rme_dma_test_ops = {
    .read = rme_dma_test_read,
    .write = rme_dma_test_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .impl.min_access_size = 1,
    .impl.max_access_size = 8,
};

static void rme_dma_test_realize(PCIDevice *pdev, Error **errp)
{
    RmeDmaTestState *s = RME_DMA_TEST(pdev);

    memory_region_init_io(&s->bar, OBJECT(s), &rme_dma_test_ops, s,
                          "rme-dma-test", RME_DMA_TEST_BAR_SIZE);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->bar);
    if (pcie_endpoint_cap_init(pdev, 0x80) < 0) {
        error_setg(errp, "rme-dma-test: cannot add the PCIe capability");
        return;
    }
    /* PCIe ATS (an Address Translation Cache, as far as the SMMU knows) */
    pcie_ats_init(pdev, RME_DMA_TEST_ATS_CAP, true);
}

static void rme_dma_test_exit(PCIDevice *pdev)
{
    RmeDmaTestState *s = RME_DMA_TEST(pdev);

    if (s->atc_notifier_on) {
        pci_iommu_unregister_iotlb_notifier(pdev, PCI_NO_PASID,
                                            &s->atc_notifier);
    }
    pcie_cap_exit(pdev);
}

static void rme_dma_test_reset(DeviceState *dev)
{
    RmeDmaTestState *s = RME_DMA_TEST(dev);

    s->addr = 0;
    s->len = 0;
    s->status = STATUS_DONE;
    s->done = 0;
    s->aborted = 0;
    s->sec_sid = SEC_SID_NONSECURE;
    s->xlate = 0;
    s->xlate_perm = 0;
    s->atc_valid = false;
    s->atc_invals = 0;
    memset(s->buf, 0, sizeof(s->buf));
}

static const VMStateDescription vmstate_rme_dma_test = {
    .name = TYPE_RME_DMA_TEST,
    .version_id = 4,
    .minimum_version_id = 4,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, RmeDmaTestState),
        VMSTATE_UINT64(addr, RmeDmaTestState),
        VMSTATE_UINT32(len, RmeDmaTestState),
        VMSTATE_UINT32(status, RmeDmaTestState),
        VMSTATE_UINT32(done, RmeDmaTestState),
        VMSTATE_UINT32(aborted, RmeDmaTestState),
        VMSTATE_UINT32(sec_sid, RmeDmaTestState),
        VMSTATE_UINT64(xlate, RmeDmaTestState),
        VMSTATE_UINT32(xlate_perm, RmeDmaTestState),
        VMSTATE_BOOL(atc_valid, RmeDmaTestState),
        VMSTATE_UINT64(atc_iova, RmeDmaTestState),
        VMSTATE_UINT64(atc_pa, RmeDmaTestState),
        VMSTATE_UINT32(atc_invals, RmeDmaTestState),
        VMSTATE_UINT8_ARRAY(buf, RmeDmaTestState, RME_DMA_TEST_BUF_SIZE),
        VMSTATE_END_OF_LIST()
    }
};

static void rme_dma_test_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = rme_dma_test_realize;
    k->exit = rme_dma_test_exit;
    k->vendor_id = RME_DMA_TEST_VENDOR_ID;
    k->device_id = RME_DMA_TEST_DEVICE_ID;
    k->revision = 1;
    k->class_id = PCI_CLASS_OTHERS;
    dc->desc = "PCIe DMA test device (qemu-rme)";
    dc->vmsd = &vmstate_rme_dma_test;
    device_class_set_legacy_reset(dc, rme_dma_test_reset);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo rme_dma_test_info = {
    .name = TYPE_RME_DMA_TEST,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(RmeDmaTestState),
    .class_init = rme_dma_test_class_init,
    .interfaces = (const InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void rme_dma_test_register_types(void)
{
    type_register_static(&rme_dma_test_info);
}

type_init(rme_dma_test_register_types)
