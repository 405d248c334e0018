/*
 * qemu-rme Realm host: TF-A's BL33 at Non-secure EL2, driving an RMM
 * through the Realm Management Interface (DEN0137 1.0, chapter B4) as a
 * hypervisor would, and narrating each Realm's life:
 *
 *   RMI_VERSION, RMI_FEATURES            which RMI, which Realm features
 *   RMI_GRANULE_DELEGATE                 every granule the Realm will own
 *   RMI_REALM_CREATE                     Realm parameters (hash, S2SZ, SVE)
 *   RMI_RTT_CREATE, RMI_RTT_INIT_RIPAS   stage 2 tables, RIPAS RAM
 *   RMI_DATA_CREATE(_UNKNOWN)            the measured image, scratch pages
 *   RMI_REC_AUX_COUNT, RMI_REC_CREATE    one runnable REC
 *   RMI_REALM_ACTIVATE
 *   RMI_REC_ENTER loop                   emulated MMIO console, RIPAS
 *                                        change (RMI_RTT_SET_RIPAS), host
 *                                        calls, PSCI SYSTEM_OFF
 *   RMI_REC_DESTROY, RMI_DATA_DESTROY, RMI_RTT_DESTROY, RMI_REALM_DESTROY,
 *   RMI_GRANULE_UNDELEGATE               everything given back
 *
 * It builds two Realms (configurations 1 and 2 below) from the same Realm
 * payload (tests/e2e/realm-payload).  Every RMI status is checked; a
 * "[host] !!" line is a failed expectation.  tests/e2e/test_realm.py
 * checks the log, and predicts the RIM with tools/realm-measure from the
 * same parameters, which the host prints as "[host] measure:" lines in
 * realm-measure's script syntax.
 *
 * It speaks RMI 1.0 (TF-RMM v0.6.0-v0.8.0) and RMI 2.0 as TF-RMM v0.9.0
 * implements the 2.0-bet0 specification, whichever RMI_VERSION says the
 * RMM implements.  2.0 differs here in: RMI_RMM_CONFIG_GET/SET and
 * RMI_RMM_ACTIVATE before anything else; RMI_GRANULE_RANGE_(UN)DELEGATE;
 * RMI_RTT_DATA_MAP_INIT, RMI_RTT_DATA_MAP and RMI_RTT_DATA_UNMAP for the
 * DATA commands; and RMI_REC_CREATE / RMI_REC_DESTROY as stateful RMI
 * operations that ask the host to donate (and take back) the REC's
 * auxiliary granules through RMI_OP_MEM_DONATE, RMI_OP_MEM_RECLAIM and
 * RMI_OP_CONTINUE.  TF-RMM v0.9.0 does not extend the RIM for
 * RMI_RTT_INIT_RIPAS (it has no RIPAS measurement descriptor), so the host
 * prints no "ripas" measure line under 2.0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stddef.h>

#include "../payload/payload.h"
#include "../payload/smccc.h"
#include "../realm-payload/realm.h"

/* RMI 1.0 function IDs (DEN0137 B4.3) */
#define RMI_DATA_CREATE         0xC4000153UL
#define RMI_DATA_CREATE_UNKNOWN 0xC4000154UL
#define RMI_DATA_DESTROY        0xC4000155UL
#define RMI_REALM_ACTIVATE      0xC4000157UL
#define RMI_REALM_CREATE        0xC4000158UL
#define RMI_REALM_DESTROY       0xC4000159UL
#define RMI_REC_CREATE          0xC400015AUL
#define RMI_REC_DESTROY         0xC400015BUL
#define RMI_REC_ENTER           0xC400015CUL
#define RMI_RTT_CREATE          0xC400015DUL
#define RMI_RTT_DESTROY         0xC400015EUL
#define RMI_REC_AUX_COUNT       0xC4000167UL
#define RMI_RTT_INIT_RIPAS      0xC4000168UL
#define RMI_RTT_SET_RIPAS       0xC4000169UL

/* RMI 2.0 as TF-RMM v0.9.0 numbers it (RMM specification 2.0-bet0) */
#define RMI2_RTT_DATA_MAP_INIT  0xC4000153UL
#define RMI2_RTT_DATA_MAP       0xC40001F5UL
#define RMI2_RTT_DATA_UNMAP     0xC40001F6UL
#define RMI2_OP_CONTINUE        0xC4000203UL
#define RMI2_OP_MEM_DONATE      0xC4000208UL
#define RMI2_OP_MEM_RECLAIM     0xC4000209UL
#define RMI2_INCOMPLETE         13      /* RmiStatusCode */
/* RmiResultDataIncomplete: the memory request in bits [9:8] */
#define RMI2_OP_MEM_REQ(x0)     (((x0) >> 8) & 3)
#define RMI2_OP_MEM_REQ_NONE    0
#define RMI2_OP_MEM_REQ_DONATE  1
#define RMI2_OP_MEM_REQ_RECLAIM 2
/* RmiOpMemDonateReq: block size [1:0], block count [15:2] */
#define RMI2_DONATE_COUNT(x2)   (((x2) >> 2) & 0x3fff)
/* RmiAddrRangeDesc4KB: size [1:0] (0: 4KB), count [11:2], addr [51:12],
 * state [63] (0: delegated) */
#define RMI2_RDESC(pa, cnt)     (((uint64_t)(cnt) << 2) | (pa))
#define RMI2_RDESC_ADDR(d)      ((d) & (((1UL << 40) - 1) << 12))
#define RMI2_RDESC_CNT(d)       (((d) >> 2) & 0x3ff)

/* RmiRecExitReason (B4.4.17), RmiRecEnterFlags (B4.4.15) */
#define RMI_EXIT_SYNC           0
#define RMI_EXIT_IRQ            1
#define RMI_EXIT_FIQ            2
#define RMI_EXIT_PSCI           3
#define RMI_EXIT_RIPAS_CHANGE   4
#define RMI_EXIT_HOST_CALL      5
#define RMI_EXIT_SERROR         6
#define REC_ENTER_EMUL_MMIO     (1UL << 0)
#define REC_ENTER_RIPAS_REJECT  (1UL << 4)

#define GRANULE                 0x1000UL
/* Granules the host hands out: well clear of the payload at 0x60000000. */
#define POOL_BASE               0x68000000UL
#define POOL_GRANULES           256
#define MAX_AUX                 16

/* RmiRealmParams (B4.4.12) */
struct realm_params {
    uint64_t flags;             /* 0x000: lpa2, sve, pmu */
    uint64_t s2sz;              /* 0x008 (8 bits) */
    uint64_t sve_vl;            /* 0x010 */
    uint64_t num_bps;           /* 0x018 */
    uint64_t num_wps;           /* 0x020 */
    uint64_t pmu_num_ctrs;      /* 0x028 */
    uint64_t hash_algo;         /* 0x030 */
    uint8_t pad0[0x400 - 0x38];
    uint8_t rpv[64];            /* 0x400 */
    uint8_t pad1[0x800 - 0x440];
    uint64_t vmid;              /* 0x800 (16 bits) */
    uint64_t rtt_base;          /* 0x808 */
    int64_t rtt_level_start;    /* 0x810 */
    uint64_t rtt_num_start;     /* 0x818 (32 bits) */
    uint8_t pad2[0x1000 - 0x820];
};

/* RmiRecParams (B4.4.19) */
struct rec_params {
    uint64_t flags;             /* 0x000: runnable */
    uint8_t pad0[0x100 - 8];
    uint64_t mpidr;             /* 0x100 */
    uint8_t pad1[0x200 - 0x108];
    uint64_t pc;                /* 0x200 */
    uint8_t pad2[0x300 - 0x208];
    uint64_t gprs[8];           /* 0x300 */
    uint8_t pad3[0x800 - 0x340];
    uint64_t num_aux;           /* 0x800 */
    uint64_t aux[16];           /* 0x808 */
    uint8_t pad4[0x1000 - 0x888];
};

/* RmiRecRun (B4.4.20): RmiRecEnter at 0, RmiRecExit at 0x800 */
struct rec_run {
    uint64_t enter_flags;       /* 0x000 */
    uint8_t pad0[0x200 - 8];
    uint64_t enter_gprs[31];    /* 0x200 */
    uint8_t pad1[0x300 - 0x2f8];
    uint64_t enter_gicv3_hcr;   /* 0x300 */
    uint64_t enter_gicv3_lrs[16];
    uint8_t pad2[0x800 - 0x388];
    uint64_t exit_reason;       /* 0x800 (8 bits) */
    uint8_t pad3[0x900 - 0x808];
    uint64_t esr;               /* 0x900 */
    uint64_t far;               /* 0x908 */
    uint64_t hpfar;             /* 0x910 */
    uint8_t pad4[0xa00 - 0x918];
    uint64_t exit_gprs[31];     /* 0xa00 */
    uint8_t pad5[0xd00 - 0xaf8];
    uint64_t ripas_base;        /* 0xd00 */
    uint64_t ripas_top;         /* 0xd08 */
    uint64_t ripas_value;       /* 0xd10 (8 bits) */
    uint8_t pad6[0xe00 - 0xd18];
    uint64_t imm;               /* 0xe00 (16 bits) */
    uint8_t pad7[0x1000 - 0xe08];
};

_Static_assert(sizeof(struct realm_params) == GRANULE, "RmiRealmParams");
_Static_assert(sizeof(struct rec_params) == GRANULE, "RmiRecParams");
_Static_assert(sizeof(struct rec_run) == GRANULE, "RmiRecRun");

/* The Realm payload's image (image.S), 4KB aligned. */
extern const uint8_t realm_image[], realm_image_end[];

struct realm_cfg {
    unsigned id;
    unsigned hash_algo;         /* RmiHashAlgorithm: 0 SHA-256, 1 SHA-512 */
    unsigned sve_vl;            /* 0: no SVE, else the VL in 128-bit units - 1 */
    bool extra_page;            /* one more measured page at REALM_EXTRA */
    uint8_t rpv0;               /* first byte of the RPV */
    unsigned pmu_ctrs;          /* PMU counters, if RMI_FEATURES has a PMU */
};

static const struct realm_cfg configs[] = {
    { .id = 1, .hash_algo = 0, .sve_vl = 0, .extra_page = false, .rpv0 = 0 },
    { .id = 2, .hash_algo = 1, .sve_vl = 1, .extra_page = true, .rpv0 = 0x5a,
      .pmu_ctrs = 2 },
};

static unsigned pool_next;
static int failures;
static uint64_t feat0;
static unsigned rmi_major;      /* the RMI version in use: 1 or 2 */

static uint64_t alloc_granule(void)
{
    uint64_t pa = POOL_BASE + (uint64_t)pool_next * GRANULE;
    uint64_t *p = (uint64_t *)pa;

    if (pool_next == POOL_GRANULES) {
        puts_("[host] !! out of granules\n[host] RESULT: FAIL\n");
        power_off();
    }
    pool_next++;
    for (unsigned i = 0; i < GRANULE / 8; i++) {
        p[i] = 0;
    }
    return pa;
}

/* x0..x6 in and out (RMI commands take at most six arguments). */
static void rmi(uint64_t r[7])
{
    uint64_t x[11] = { r[0], r[1], r[2], r[3], r[4], r[5], r[6] };

    smccc_smc(x);
    for (unsigned i = 0; i < 7; i++) {
        r[i] = x[i];
    }
}

static const char *status_name(uint64_t s)
{
    static const char *const names[] = {
        "RMI_SUCCESS", "RMI_ERROR_INPUT", "RMI_ERROR_REALM", "RMI_ERROR_REC",
        "RMI_ERROR_RTT", "RMI_ERROR_DEVICE", "RMI_ERROR_NOT_SUPPORTED",
    };

    if (s == SMC_UNKNOWN) {
        return "SMC_UNKNOWN";
    }
    return (s & 0xff) < sizeof(names) / sizeof(names[0]) ? names[s & 0xff]
                                                          : "?";
}

/*
 * One RMI command; on a status other than RMI_SUCCESS print it (with the
 * RTT level of RMI_ERROR_RTT, B4.4.1 RmiCommandReturnCode: index in
 * bits [15:8]) and count a failure.  out[] gets x1..x4.
 */
/* Reports a status other than RMI_SUCCESS as a failure of @name. */
static bool rmi_ok(const char *name, uint64_t status)
{
    if (status != 0) {
        failures++;
        puts_("[host] !! ");
        puts_(name);
        puts_(": status ");
        puthex(status);
        puts_(" (");
        puts_(status_name(status));
        puts_(")\n");
        return false;
    }
    return true;
}

static bool rmi_cmd(const char *name, uint64_t fid, uint64_t a1, uint64_t a2,
                    uint64_t a3, uint64_t a4, uint64_t a5, uint64_t out[4])
{
    uint64_t r[7] = { fid, a1, a2, a3, a4, a5, 0 };

    rmi(r);
    if (out) {
        out[0] = r[1];
        out[1] = r[2];
        out[2] = r[3];
        out[3] = r[4];
    }
    return rmi_ok(name, r[0]);
}

static void check(bool ok, const char *what)
{
    failures += !note_unexpected(ok, "[host]", what);
}

/* Called from the EL2 vectors: the host itself never faults. */
void el2_exception(uint64_t kind)
{
    unexpected_exception("[host]", "!! ", kind);
}

struct realm {
    const struct realm_cfg *cfg;
    uint64_t rd, rtt[3], rec, aux[MAX_AUX], naux;
    uint64_t data_ipa[64], ndata;
    uint64_t delegated[128], ndelegated;
};

/* One granule to or from the Realm PAS (B4.3.5/B4.3.6; 2.0: a range). */
static bool granule_delegate(uint64_t pa, bool back)
{
    struct smc_ret r = rmi_granule_transition(rmi_major == 2, pa, back);
    const char *name = rmi_major == 2 ?
        (back ? "RMI_GRANULE_RANGE_UNDELEGATE" : "RMI_GRANULE_RANGE_DELEGATE") :
        (back ? "RMI_GRANULE_UNDELEGATE" : "RMI_GRANULE_DELEGATE");

    /* 2.0: the next granule after the range, here the only one */
    return rmi_ok(name, r.x0) && (rmi_major == 1 || r.x1 == pa + GRANULE);
}

/*
 * Drive a stateful RMI operation (RMI 2.0) that @name started and whose
 * result is in r[]: donate granules when asked (the REC's auxiliary
 * granules: @donate, delegated already), take them back when asked (into
 * @reclaimed), and continue until it completes.  Returns its final status.
 */
static uint64_t sro_run(const char *name, uint64_t r[7],
                        const uint64_t *donate, unsigned ndonate,
                        uint64_t *reclaimed, unsigned *nreclaimed)
{
    uint64_t handle = r[1], *list = (uint64_t *)alloc_granule();
    unsigned given = 0, steps;

    for (steps = 0; (r[0] & 0xff) == RMI2_INCOMPLETE && steps < 64; steps++) {
        uint64_t req = RMI2_OP_MEM_REQ(r[0]);
        uint64_t q[7] = { 0 };

        if (req == RMI2_OP_MEM_REQ_DONATE) {
            unsigned want = (unsigned)RMI2_DONATE_COUNT(r[2]), n = 0;

            while (n < want && given + n < ndonate && n < 512) {
                list[n] = RMI2_RDESC(donate[given + n], 1);
                n++;
            }
            q[0] = RMI2_OP_MEM_DONATE;
            q[1] = handle;
            q[2] = (uint64_t)(uintptr_t)list;
            q[3] = n;
            rmi(q);
            given += (unsigned)q[1];
        } else if (req == RMI2_OP_MEM_REQ_RECLAIM) {
            q[0] = RMI2_OP_MEM_RECLAIM;
            q[1] = handle;
            q[2] = (uint64_t)(uintptr_t)list;
            q[3] = 512;
            rmi(q);
            for (uint64_t i = 0; i < q[1] && i < 512; i++) {
                uint64_t pa = RMI2_RDESC_ADDR(list[i]);

                for (uint64_t k = 0; k < RMI2_RDESC_CNT(list[i]); k++) {
                    if (reclaimed && *nreclaimed < MAX_AUX) {
                        reclaimed[(*nreclaimed)++] = pa + k * GRANULE;
                    }
                }
            }
        } else {
            q[0] = RMI2_OP_CONTINUE;
            q[1] = handle;
            rmi(q);
        }
        r[0] = q[0];
        r[2] = q[2];
    }
    if (r[0] != 0) {
        failures++;
        puts_("[host] !! ");
        puts_(name);
        puts_(" (stateful operation): status ");
        puthex(r[0]);
        puts_("\n");
    }
    return r[0];
}

static uint64_t delegate(struct realm *rlm)
{
    uint64_t pa = alloc_granule();

    if (granule_delegate(pa, false)) {
        rlm->delegated[rlm->ndelegated++] = pa;
    }
    return pa;
}

static void data_create(struct realm *rlm, uint64_t ipa, const void *src,
                        bool measured)
{
    uint64_t data = delegate(rlm);

    uint64_t out[4];

    if (measured) {
        rmi_cmd(rmi_major == 2 ? "RMI_RTT_DATA_MAP_INIT" : "RMI_DATA_CREATE",
                rmi_major == 2 ? RMI2_RTT_DATA_MAP_INIT : RMI_DATA_CREATE,
                rlm->rd, data, ipa, (uint64_t)(uintptr_t)src,
                1 /* RMI_MEASURE_CONTENT */, NULL);
    } else if (rmi_major == 2) {
        /* one granule [ipa, ipa + 4KB), output address type single */
        if (rmi_cmd("RMI_RTT_DATA_MAP", RMI2_RTT_DATA_MAP, rlm->rd, ipa,
                    ipa + GRANULE, 1, data, out)) {
            check(out[0] == ipa + GRANULE, "RMI_RTT_DATA_MAP maps the granule");
        }
    } else {
        rmi_cmd("RMI_DATA_CREATE_UNKNOWN", RMI_DATA_CREATE_UNKNOWN, rlm->rd,
                data, ipa, 0, 0, NULL);
    }
    rlm->data_ipa[rlm->ndata++] = ipa;
}

static void build(struct realm *rlm)
{
    const struct realm_cfg *cfg = rlm->cfg;
    struct realm_params *p = (struct realm_params *)alloc_granule();
    struct rec_params *rp;
    uint64_t img_size = (uint64_t)(realm_image_end - realm_image);
    uint64_t out[4], base;
    unsigned pmu;
    uint8_t *extra;

    /* The Realm's parameters, in realm-measure's script syntax. */
    puts_("[host] measure: realm hash=");
    puts_(cfg->hash_algo ? "sha512" : "sha256");
    /* RmiFeatureRegister0.PMU_EN (B4.4.6): a PMU only where there is one */
    pmu = cfg->pmu_ctrs && ((feat0 >> 26) & 1) ? cfg->pmu_ctrs : 0;
    puts_(" s2sz=");
    putdec(REALM_S2SZ);
    if (cfg->sve_vl || pmu) {
        puts_(" flags=");
        puts_(cfg->sve_vl && pmu ? "sve,pmu" : cfg->sve_vl ? "sve" : "pmu");
    }
    puts_(" sve_vl=");
    putdec(cfg->sve_vl);
    puts_(" num_bps=2 num_wps=2");
    if (pmu) {
        puts_(" pmu_num_ctrs=");
        putdec(pmu);
    }
    if (cfg->rpv0) {
        puts_(" rpv=");
        puthex(cfg->rpv0);
    }
    puts_("\n");

    rlm->rd = delegate(rlm);
    rlm->rtt[0] = delegate(rlm);
    p->flags = (cfg->sve_vl ? (1UL << 1) : 0) | (pmu ? (1UL << 2) : 0);
    p->pmu_num_ctrs = pmu;
    p->s2sz = REALM_S2SZ;
    p->sve_vl = cfg->sve_vl;
    p->num_bps = 2;
    p->num_wps = 2;
    p->hash_algo = cfg->hash_algo;
    p->rpv[0] = cfg->rpv0;
    p->vmid = rmi_major == 2 ? 0 : cfg->id;    /* 2.0: the RMM picks VMIDs */
    p->rtt_base = rlm->rtt[0];
    p->rtt_level_start = 1;     /* 39-bit IPA: one level 1 table */
    p->rtt_num_start = 1;
    rmi_cmd("RMI_REALM_CREATE", RMI_REALM_CREATE, rlm->rd,
            (uint64_t)(uintptr_t)p, 0, 0, 0, NULL);
    puts_("[host] RMI_REALM_CREATE: RD at ");
    puthex(rlm->rd);
    puts_(", stage 2 root table at ");
    puthex(rlm->rtt[0]);
    if (rmi_major == 1) {
        puts_(", VMID ");
        putdec(cfg->id);
    }
    if (pmu) {
        puts_(", a PMU with ");
        putdec(pmu);
        puts_(" counters");
    }
    puts_(".\n");

    /* Level 2 and 3 tables for [REALM_IMAGE, +2MB) */
    rlm->rtt[1] = delegate(rlm);
    rmi_cmd("RMI_RTT_CREATE(level 2)", RMI_RTT_CREATE, rlm->rd, rlm->rtt[1],
            REALM_IMAGE, 2, 0, NULL);
    rlm->rtt[2] = delegate(rlm);
    rmi_cmd("RMI_RTT_CREATE(level 3)", RMI_RTT_CREATE, rlm->rd, rlm->rtt[2],
            REALM_IMAGE, 3, 0, NULL);

    /* RIPAS RAM over the whole layout (B4.3.18: may stop early, repeat) */
    for (base = REALM_IMAGE; base < REALM_RIPAS_TOP; base = out[0]) {
        if (!rmi_cmd("RMI_RTT_INIT_RIPAS", RMI_RTT_INIT_RIPAS, rlm->rd, base,
                     REALM_RIPAS_TOP, 0, 0, out) || out[0] <= base) {
            break;
        }
    }
    if (rmi_major == 1) {       /* B4.3.18.4; not measured by TF-RMM v0.9.0 */
        puts_("[host] measure: ripas base=");
        puthex(REALM_IMAGE);
        puts_(" top=");
        puthex(REALM_RIPAS_TOP);
        puts_(" level=3\n");
    }
    puts_("[host] RMI_RTT_CREATE x2, RMI_RTT_INIT_RIPAS: IPA ");
    puthex(REALM_IMAGE);
    puts_("..");
    puthex(REALM_RIPAS_TOP);
    puts_(" is RIPAS RAM.\n");

    for (uint64_t off = 0; off < img_size; off += GRANULE) {
        data_create(rlm, REALM_IMAGE + off, realm_image + off, true);
    }
    puts_("[host] measure: data ipa=");
    puthex(REALM_IMAGE);
    puts_(" file=realm.bin\n");
    if (cfg->extra_page) {
        extra = (uint8_t *)alloc_granule();
        for (unsigned i = 0; i < GRANULE; i++) {
            extra[i] = (uint8_t)(i * 7 + cfg->id);
        }
        data_create(rlm, REALM_EXTRA, extra, true);
        puts_("[host] measure: data ipa=");
        puthex(REALM_EXTRA);
        puts_(" file=extra.bin\n");
    }
    for (unsigned i = 0; i < REALM_SCRATCH_PAGES; i++) {
        data_create(rlm, REALM_SCRATCH + i * GRANULE, NULL, false);
    }
    puts_(rmi_major == 2 ? "[host] RMI_RTT_DATA_MAP_INIT: " : "[host] RMI_DATA_CREATE: ");
    putdec(rlm->ndata - REALM_SCRATCH_PAGES);
    puts_(rmi_major == 2 ? " measured image pages; RMI_RTT_DATA_MAP: " :
                           " measured image pages; RMI_DATA_CREATE_UNKNOWN: ");
    putdec(REALM_SCRATCH_PAGES);
    puts_(" scratch pages.\n");

    /*
     * B4.3.11 RMI_REC_AUX_COUNT, then B4.3.12 RMI_REC_CREATE with the
     * auxiliary granules in its parameters; in 2.0 REC_CREATE asks for
     * them itself (RMI_OP_MEM_DONATE), so the host offers up to 16.
     */
    if (rmi_major == 2) {
        out[0] = MAX_AUX;
    } else {
        rmi_cmd("RMI_REC_AUX_COUNT", RMI_REC_AUX_COUNT, rlm->rd, 0, 0, 0, 0,
                out);
    }
    rlm->naux = out[0];
    check(rlm->naux <= MAX_AUX, "REC aux count <= 16 (B4.4.19)");
    rp = (struct rec_params *)alloc_granule();
    rp->flags = 1;              /* runnable */
    rp->mpidr = 0;
    rp->pc = REALM_IMAGE;
    rp->gprs[0] = cfg->id;
    rp->gprs[1] = pmu;          /* the Realm checks PMCR_EL0.N against it */
    for (unsigned i = 0; i < rlm->naux && i < MAX_AUX; i++) {
        rlm->aux[i] = delegate(rlm);
    }
    rlm->rec = delegate(rlm);
    if (rmi_major == 2) {
        /* RmiRecParams 2.0 ends with the GPRs: no aux list */
        uint64_t r[7] = { RMI_REC_CREATE, rlm->rd, rlm->rec,
                          (uint64_t)(uintptr_t)rp };

        rmi(r);
        sro_run("RMI_REC_CREATE", r, rlm->aux, (unsigned)rlm->naux, NULL,
                NULL);
    } else {
        rp->num_aux = rlm->naux;
        for (unsigned i = 0; i < rlm->naux && i < MAX_AUX; i++) {
            rp->aux[i] = rlm->aux[i];
        }
        rmi_cmd("RMI_REC_CREATE", RMI_REC_CREATE, rlm->rd, rlm->rec,
                (uint64_t)(uintptr_t)rp, 0, 0, NULL);
    }
    puts_("[host] measure: rec pc=");
    puthex(REALM_IMAGE);
    puts_(" x0=");
    putdec(cfg->id);
    puts_(" x1=");
    putdec(pmu);
    puts_("\n[host] RMI_REC_CREATE: REC at ");
    puthex(rlm->rec);
    puts_(" with ");
    putdec(rlm->naux);
    puts_(" auxiliary granules, entry ");
    puthex(REALM_IMAGE);
    puts_(".\n");

    rmi_cmd("RMI_REALM_ACTIVATE", RMI_REALM_ACTIVATE, rlm->rd, 0, 0, 0, 0,
            NULL);
    puts_("[host] RMI_REALM_ACTIVATE: the Realm is ready to run.\n");
}

/* An emulatable data abort at the console's unprotected IPA (RmiRecExit, B4.4.16). */
static bool console_write(struct rec_run *run)
{
    uint64_t esr = run->esr, ipa;

    ipa = ((run->hpfar >> 4) << 12) | (run->far & 0xfff);
    if ((esr >> 26) != 0x24 || !(esr & (1UL << 24)) || !(esr & (1UL << 6))) {
        return false;           /* not a data abort with ISV=1, WnR=1 */
    }
    if ((ipa & ~(1UL << (REALM_S2SZ - 1))) != REALM_CONSOLE_OFF) {
        return false;
    }
    {
        char s[2] = { (char)run->exit_gprs[0], 0 };

        puts_(s);
    }
    return true;
}

static void print_token_chunk(struct rec_run *run)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t off = run->exit_gprs[0], n = run->exit_gprs[1];
    char s[3] = { 0 };

    check(n <= HOSTCALL_TOKEN_MAX, "token chunk size");
    puts_("[host] token ");
    puthex(off);
    puts_(" ");
    for (uint64_t i = 0; i < n && i < HOSTCALL_TOKEN_MAX; i++) {
        uint8_t b = (uint8_t)(run->exit_gprs[2 + i / 8] >> (8 * (i % 8)));

        s[0] = hex[b >> 4];
        s[1] = hex[b & 0xf];
        puts_(s);
    }
    puts_("\n");
}

static void run_realm(struct realm *rlm)
{
    struct rec_run *run = (struct rec_run *)alloc_granule();
    uint64_t out[4], exits = 0, mmio = 0;
    bool done = false;

    while (!done && exits < 1000000) {
        exits++;
        if (!rmi_cmd("RMI_REC_ENTER", RMI_REC_ENTER, rlm->rec,
                     (uint64_t)(uintptr_t)run, 0, 0, 0, NULL)) {
            break;
        }
        run->enter_flags = 0;
        switch (run->exit_reason) {
        case RMI_EXIT_SYNC:
            if (console_write(run)) {
                mmio++;
                run->enter_flags = REC_ENTER_EMUL_MMIO;
                break;
            }
            if ((run->esr >> 26) == 0x01) {
                break;          /* WFI/WFE: nothing to wait for */
            }
            puts_("[host] !! unexpected REC exit: ESR ");
            puthex(run->esr);
            puts_(" HPFAR ");
            puthex(run->hpfar);
            puts_("\n");
            failures++;
            done = true;
            break;
        case RMI_EXIT_IRQ:
        case RMI_EXIT_FIQ:
            break;
        case RMI_EXIT_PSCI:
            if (run->exit_gprs[0] == PSCI_SYSTEM_OFF) {
                puts_("[host] REC exit PSCI SYSTEM_OFF after ");
                putdec(exits);
                puts_(" entries (");
                putdec(mmio);
                puts_(" of them console bytes).\n");
                done = true;
                break;
            }
            puts_("[host] !! unexpected PSCI call ");
            puthex(run->exit_gprs[0]);
            puts_("\n");
            failures++;
            done = true;
            break;
        case RMI_EXIT_RIPAS_CHANGE: {
            uint64_t base = run->ripas_base, top = run->ripas_top;

            puts_("[host] REC exit RIPAS_CHANGE ");
            puthex(base);
            puts_("..");
            puthex(top);
            puts_(" to ");
            puts_(run->ripas_value == 0 ? "EMPTY" : "RAM");
            puts_(": RMI_RTT_SET_RIPAS, accepted.\n");
            while (base < top) {
                if (!rmi_cmd("RMI_RTT_SET_RIPAS", RMI_RTT_SET_RIPAS, rlm->rd,
                             rlm->rec, base, top, 0, out) || out[0] <= base) {
                    run->enter_flags = REC_ENTER_RIPAS_REJECT;
                    break;
                }
                base = out[0];
            }
            break;
        }
        case RMI_EXIT_HOST_CALL:
            if (run->imm == HOSTCALL_ECHO) {
                puts_("[host] REC exit HOST_CALL echo: adding 1 to gprs[0..3].\n");
                for (unsigned i = 0; i < 31; i++) {
                    run->enter_gprs[i] = run->exit_gprs[i] + (i < 4);
                }
            } else if (run->imm == HOSTCALL_TOKEN) {
                print_token_chunk(run);
            } else {
                puts_("[host] !! unknown host call ");
                puthex(run->imm);
                puts_("\n");
                failures++;
            }
            break;
        default:
            puts_("[host] !! unexpected REC exit reason ");
            puthex(run->exit_reason);
            puts_("\n");
            failures++;
            done = true;
            break;
        }
    }
    check(done, "the Realm ran to PSCI SYSTEM_OFF");
}

static void destroy(struct realm *rlm)
{
    uint64_t out[4];

    if (rmi_major == 2) {
        /* REC_DESTROY gives the auxiliary granules back (RMI_OP_MEM_RECLAIM) */
        uint64_t r[7] = { RMI_REC_DESTROY, rlm->rec }, back[MAX_AUX];
        unsigned nback = 0, found = 0;

        rmi(r);
        sro_run("RMI_REC_DESTROY", r, NULL, 0, back, &nback);
        for (unsigned i = 0; i < nback; i++) {
            for (unsigned k = 0; k < rlm->naux; k++) {
                found += back[i] == rlm->aux[k];
            }
        }
        check(nback == rlm->naux && found == nback,
              "RMI_OP_MEM_RECLAIM returns exactly the donated granules");
    } else {
        rmi_cmd("RMI_REC_DESTROY", RMI_REC_DESTROY, rlm->rec, 0, 0, 0, 0,
                NULL);
    }
    for (unsigned i = 0; i < rlm->ndata; i++) {
        uint64_t ipa = rlm->data_ipa[i];

        if (rmi_major == 2) {
            rmi_cmd("RMI_RTT_DATA_UNMAP", RMI2_RTT_DATA_UNMAP, rlm->rd, ipa,
                    ipa + GRANULE, 1 /* single output address */, 0, out);
        } else {
            rmi_cmd("RMI_DATA_DESTROY", RMI_DATA_DESTROY, rlm->rd, ipa, 0, 0,
                    0, NULL);
        }
    }
    rmi_cmd("RMI_RTT_DESTROY(level 3)", RMI_RTT_DESTROY, rlm->rd, REALM_IMAGE,
            3, 0, 0, out);
    check(out[0] == rlm->rtt[2], "RMI_RTT_DESTROY returns the level 3 RTT");
    rmi_cmd("RMI_RTT_DESTROY(level 2)", RMI_RTT_DESTROY, rlm->rd, REALM_IMAGE,
            2, 0, 0, out);
    check(out[0] == rlm->rtt[1], "RMI_RTT_DESTROY returns the level 2 RTT");
    rmi_cmd("RMI_REALM_DESTROY", RMI_REALM_DESTROY, rlm->rd, 0, 0, 0, 0, NULL);
    for (unsigned i = 0; i < rlm->ndelegated; i++) {
        granule_delegate(rlm->delegated[i], true);
    }
    puts_("[host] Destroyed: REC, ");
    putdec(rlm->ndata);
    puts_(" data granules, 2 RTTs, the Realm; ");
    putdec(rlm->ndelegated);
    puts_(" granules undelegated.\n");
}

void payload_main(void)
{
    uint64_t out[4], r[7] = { RMI_VERSION, RMI_ABI_VERSION(1, 0) };

    puts_("\n[host] qemu-rme Realm host at Non-secure EL2.\n");
    rmi(r);
    puts_("[host] RMI_VERSION(1.0): status ");
    puthex(r[0]);
    puts_(", RMM implements RMI ");
    print_version(r[1]);
    puts_(" .. ");
    print_version(r[2]);
    puts_("\n");
    if (r[0] == SMC_UNKNOWN) {
        puts_("[host] !! no RMM answered RMI_VERSION (SMC_UNKNOWN): the RMM did "
              "not boot\n[host] RESULT: FAIL\n");
        power_off();
    }
    rmi_major = 1;
    if (r[0] != 0 && ((r[2] >> 16) & 0x7fff) == 2) {
        /* B4.3.23: ask for the version the RMM implements */
        r[0] = RMI_VERSION;
        r[1] = r[2];
        rmi(r);
        puts_("[host] RMI_VERSION(2.0): status ");
        puthex(r[0]);
        puts_(r[0] == 0 ? ": speaking RMI 2.0 (2.0-bet0 as TF-RMM v0.9.0)\n"
                        : "\n");
        rmi_major = 2;
    }
    if (r[0] != 0) {
        puts_("[host] This host speaks RMI 1.0 and 2.0; the RMM neither.\n"
              "[host] RESULT: UNSUPPORTED\n");
        power_off();
    }
    if (rmi_major == 2) {
        /* RmiRmmConfig: what the RMM reports, given back; then activate */
        uint64_t *cfgp = (uint64_t *)alloc_granule();

        rmi_ok("RMI_RMM_CONFIG_GET/SET, RMI_RMM_ACTIVATE",
               rmi2_activate((uint64_t)(uintptr_t)cfgp));
        puts_("[host] RMI_RMM_CONFIG_GET/SET, RMI_RMM_ACTIVATE: the RMM is active.\n");
    }
    rmi_cmd("RMI_FEATURES(0)", RMI_FEATURES, 0, 0, 0, 0, 0, out);
    feat0 = out[0];
    puts_("[host] RMI_FEATURES(0): ");
    puthex(feat0);
    puts_(" (S2SZ ");
    putdec(feat0 & 0xff);
    puts_(", SVE ");
    putdec((feat0 >> 9) & 1);
    puts_(" max VL ");
    putdec((feat0 >> 10) & 0xf);
    puts_(", ");
    putdec((feat0 >> 14) & 0x3f);
    puts_(" breakpoints, ");
    putdec((feat0 >> 20) & 0x3f);
    puts_(" watchpoints");
    if (rmi_major == 1) {
        puts_(", hash SHA-256 ");
        putdec((feat0 >> 32) & 1);
        puts_(" SHA-512 ");
        putdec((feat0 >> 33) & 1);
    }
    puts_(")\n");

    for (unsigned i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
        static struct realm rlm;
        uint64_t *w = (uint64_t *)&rlm;

        for (unsigned k = 0; k < sizeof(rlm) / 8; k++) {
            w[k] = 0;
        }
        rlm.cfg = &configs[i];
        puts_("[host] === Realm ");
        putdec(configs[i].id);
        puts_(" ===\n");
        build(&rlm);
        run_realm(&rlm);
        destroy(&rlm);
    }
    puts_(failures ? "[host] RESULT: FAIL\n" : "[host] RESULT: PASS\n");
    power_off();
}
