/*
 * collector/live-int.h: the host, as collect-live.c sees it.
 *
 * live-host.c is the one file that calls libxenctrl, libxenforeignmemory
 * and libxenstore; this interface keeps their types out of the rest.
 * Everything here only reads: the one write is the unpause that --start
 * asks for.
 */
#ifndef XABI_COLLECTOR_LIVE_INT_H
#define XABI_COLLECTOR_LIVE_INT_H

#include "collector/live.h"

struct xabi_live_host;

struct xabi_live_domain
{
    uint32_t domid;
    char name[64];          /* from xenstore; "" when it does not say */
    enum xabi_guest_type type;
    unsigned vcpus;         /* max_vcpu_id + 1 */
    bool paused;            /* paused by the toolstack (xl create -p) */
    bool ever_ran;          /* some vCPU has used CPU time */
    struct xabi_domain_state state; /* shut down, why, dying: at the start */
};

/* A snapshot and the storage it borrows. */
struct xabi_live_snap
{
    struct xabi_snapshot s;
    uint64_t *gdt;          /* s.ngdt descriptors, owned */
    char problem[256];      /* what could not be read, if anything */
};

int xabi_live_host_open(struct xabi_live_host **h, char *err, size_t errlen);
void xabi_live_host_close(struct xabi_live_host *h);

/*
 * "4.17" for the catalogue, and the whole version ("4.17.7-pre") and the
 * capabilities ("xen-3.0-x86_64 hvm-3.0-x86_32 ...") as Xen reports them.
 */
int xabi_live_host_version(struct xabi_live_host *h, char *minor,
                           size_t minor_len, char *full, size_t full_len,
                           char *caps, size_t caps_len);

/* Every domain but the idle ones, in domid order.  -1 with err. */
int xabi_live_host_domains(struct xabi_live_host *h,
                           struct xabi_live_domain *out, size_t max,
                           size_t *n, char *err, size_t errlen);

/*
 * The shutdown state of every domain but the idle ones, dying ones too,
 * as at the end of a run.  -1 with err.
 */
int xabi_live_host_states(struct xabi_live_host *h,
                          struct xabi_domain_state *out, size_t max,
                          size_t *n, char *err, size_t errlen);

/*
 * Read one vCPU.  -1 with err when the context itself cannot be read;
 * what else could not be (the GDT frames, say) is said in out->problem
 * and marked absent in the snapshot.  out->s.domid, vcpu and phase are
 * set by the caller.
 */
int xabi_live_host_snapshot(struct xabi_live_host *h,
                            const struct xabi_live_domain *d, unsigned vcpu,
                            struct xabi_live_snap *out, char *err,
                            size_t errlen);

/* Copy the guest page holding virtual address va (vCPU 0's page tables). */
int xabi_live_host_read_page(struct xabi_live_host *h, uint32_t domid,
                             uint64_t va, uint8_t page[4096], char *err,
                             size_t errlen);

int xabi_live_host_unpause(struct xabi_live_host *h, uint32_t domid,
                           char *err, size_t errlen);

#endif
