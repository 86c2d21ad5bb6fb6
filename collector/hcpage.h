/*
 * hcpage.h: the hypercall page of a PV guest, disassembled.
 *
 * Xen writes a PV guest's hypercall page at the address the kernel's
 * XEN_ELFNOTE_HYPERCALL_PAGE names: 128 stubs of 32 bytes, stub N entering
 * Xen with hypercall N, the rest of each stub int3.  xabi_hcpage_disasm()
 * takes the 4096 bytes of such a page (from a dump file, or mapped from a
 * running guest by the live collector), disassembles every stub with
 * Capstone, and says what each one is against the layouts Xen's source
 * writes (abi/: xabi_stub_layouts, cited per version).  It reads only its
 * arguments: no store, no file.
 *
 * xabi_collect_hcpage() is the offline way in: a dump file into the store
 * as a run of kind 'hcpage'.
 */
#ifndef XABI_HCPAGE_H
#define XABI_HCPAGE_H

#include <stddef.h>
#include <stdint.h>

#include "abi/abi.h"
#include "collector/collector.h"
#include "store/store.h"

/*
 * Disassemble a page of len bytes (XABI_HCPAGE_SIZE, or it is refused)
 * loaded at guest virtual address va, of a PV64 or PV32 guest.  0 with
 * *out (free with xabi_hcpage_free); -1 with a message in err naming name
 * and the byte offset: wrong size, a width other than PV64/PV32, no
 * Capstone.  out->domid is XABI_UNKNOWN and out->source NULL: the caller
 * says.
 */
int xabi_hcpage_disasm(const void *page, size_t len, uint64_t va,
                       enum xabi_guest_type width, const char *name,
                       struct xabi_hcpage **out, char *err, size_t errlen);
/* Accepts NULL. */
void xabi_hcpage_free(struct xabi_hcpage *pg);

struct xabi_hcpage_opts
{
    const char *path;
    uint64_t va;
    enum xabi_guest_type width;
    int32_t domid;           /* XABI_UNKNOWN when not given */
    const char *xen_version; /* required: a dump does not say */
    const char *label;
    bool replace; /* collected before: delete that run, same transaction */
};

/*
 * Collect a page dump into st as a run of kind 'hcpage', in one
 * transaction; the same file again (by SHA-256) is res->already.  On bad
 * input -1 with a message naming the file and byte offset, database
 * unchanged.  nclass (XABI_STUB_MAX entries) receives the stub counts.
 */
int xabi_collect_hcpage(struct xabi_store *st,
                        const struct xabi_hcpage_opts *opts,
                        struct xabi_collect_result *res, unsigned *nclass,
                        char *err, size_t errlen);

#endif /* XABI_HCPAGE_H */
