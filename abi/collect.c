/*
 * collect.c: which of a header's #defines the catalogue keeps, and reading
 * a whole directory of headers.
 *
 * The rules table says, per header, which name prefixes are facts and what
 * kind.  A wanted define whose value cannot be evaluated is counted in
 * abi->skipped, never guessed.  Later definitions of a name (under
 * interface-version conditionals) are ignored; a hypercall defined as
 * another hypercall's name is a compat alias (__HYPERVISOR_dom0_op).
 */
#include "abi/abi-int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Headers larger than this are not Xen's (xen.h is about 40 KiB). */
#define HEADER_MAX_SIZE (4u << 20)

enum target
{
    T_HYPERCALL,
    T_CONSTANT,
    T_SUBOP,
};

/* Which names a sub-op rule keeps besides the prefix. */
enum filter
{
    F_ALL,
    F_LOWER, /* sub-ops are spelled in lower case: XENMEM_exchange */
};

struct rule
{
    const char *header;
    const char *prefix;
    enum target target;
    const char *what; /* constant kind or sub-op hypercall */
    enum filter filter;
};

/* The catalogue's facts and where Xen defines them: a line per fact. */
static const struct rule rules[] = {
    { "xen.h", "__HYPERVISOR_", T_HYPERCALL, NULL, F_ALL },
    /* x86's name for the first arch-specific hypercall, __HYPERVISOR_arch_0 */
    { "arch-x86/xen-mca.h", "__HYPERVISOR_mca", T_HYPERCALL, NULL, F_ALL },
    { "xen.h", "VMASST_TYPE_", T_CONSTANT, "vmasst", F_ALL },
    { "xen.h", "MMUEXT_", T_SUBOP, "mmuext_op", F_ALL },
    { "elfnote.h", "XEN_ELFNOTE_", T_CONSTANT, "elfnote", F_ALL },
    { "callback.h", "CALLBACKTYPE_", T_CONSTANT, "callbacktype", F_ALL },
    { "callback.h", "CALLBACKOP_", T_SUBOP, "callback_op", F_LOWER },
    { "arch-x86/xen-x86_32.h", "FLAT_", T_CONSTANT, "flat_selector", F_ALL },
    { "arch-x86/xen-x86_64.h", "FLAT_", T_CONSTANT, "flat_selector", F_ALL },
    { "arch-x86/xen.h", "FIRST_RESERVED_GDT_", T_CONSTANT, "gdt", F_ALL },
    { "trace.h", "TRC_", T_CONSTANT, "trc", F_ALL },
    { "xen-compat.h", "__XEN_LATEST_INTERFACE_VERSION__", T_CONSTANT,
      "interface", F_ALL },
    /* The toolstack's interfaces: tools-only, bumped when they change. */
    { "domctl.h", "XEN_DOMCTL_INTERFACE_VERSION", T_CONSTANT, "interface",
      F_ALL },
    { "sysctl.h", "XEN_SYSCTL_INTERFACE_VERSION", T_CONSTANT, "interface",
      F_ALL },
    { "sched.h", "SCHEDOP_", T_SUBOP, "sched_op", F_LOWER },
    { "vcpu.h", "VCPUOP_", T_SUBOP, "vcpu_op", F_LOWER },
    { "memory.h", "XENMEM_", T_SUBOP, "memory_op", F_LOWER },
    { "grant_table.h", "GNTTABOP_", T_SUBOP, "grant_table_op", F_LOWER },
    { "physdev.h", "PHYSDEVOP_", T_SUBOP, "physdev_op", F_LOWER },
    { "event_channel.h", "EVTCHNOP_", T_SUBOP, "event_channel_op", F_LOWER },
    { "version.h", "XENVER_", T_SUBOP, "xen_version", F_LOWER },
    { "hvm/hvm_op.h", "HVMOP_ALTP2M_INTERFACE_VERSION", T_CONSTANT,
      "interface", F_ALL },
    { "hvm/hvm_op.h", "HVMOP_", T_SUBOP, "hvm_op", F_LOWER },
    { "hvm/dm_op.h", "XEN_DMOP_", T_SUBOP, "dm_op", F_LOWER },
    { "platform.h", "XENPF_INTERFACE_VERSION", T_CONSTANT, "interface",
      F_ALL },
    { "platform.h", "XENPF_", T_SUBOP, "platform_op", F_LOWER },
    { "features.h", "XENFEAT_", T_CONSTANT, "xenfeat", F_ALL },
    { "hvm/params.h", "HVM_PARAM_", T_CONSTANT, "hvm_param", F_ALL },
    { "arch-x86/cpuid.h", "XEN_CPUID_", T_CONSTANT, "cpuid", F_ALL },
    { "arch-x86/cpuid.h", "XEN_HVM_CPUID_", T_CONSTANT, "cpuid", F_ALL },
};

#define NRULES (sizeof(rules) / sizeof(rules[0]))

/*
 * memory.h numbers the operations of some sub-ops under the sub-op's own
 * name (XENMEM_access_op_set_access): those are not memory_op sub-ops.
 * Likewise the altp2m operations of HVMOP_altp2m, the values of
 * HVM_PARAM_CALLBACK_IRQ and dm_op's flag XEN_DMOP_no_gfns.
 */
static const char *const nested_prefixes[] = {
    "XENMEM_paging_op_", "XENMEM_access_op_", "XENMEM_sharing_op_",
    "XENMEM_resource_",  "XENMEM_rsrc_", "HVMOP_altp2m_",
    "HVM_PARAM_CALLBACK_TYPE_", "HVM_PARAM_CALLBACK_IRQ_TYPE_",
    "XEN_DMOP_no_gfns",
};

struct xabi_abi *xabi_abi_new(void)
{
    return calloc(1, sizeof(struct xabi_abi));
}

void xabi_abi_free(struct xabi_abi *abi)
{
    if ( !abi )
        return;
    free(abi->hc);
    free(abi->con);
    free(abi->sub);
    free(abi->lay);
    free(abi->mem);
    free(abi);
}

/* Copy s into a fixed field, truncated and always terminated. */
static void copy_field(char *dst, size_t size, const char *s)
{
    snprintf(dst, size, "%s", s ? s : "");
}

static bool contains(const char *s, const char *word)
{
    size_t n = strlen(word);

    for ( ; s && *s; s++ )
    {
        if ( strncasecmp(s, word, n) == 0 )
            return true;
    }
    return false;
}

static bool wanted(const struct rule *r, const char *name)
{
    const char *rest = name + strlen(r->prefix);
    size_t i;

    if ( strncmp(name, r->prefix, strlen(r->prefix)) != 0 )
        return false;
    if ( r->filter == F_LOWER && !islower((unsigned char)rest[0]) )
        return false;
    for ( i = 0; i < sizeof(nested_prefixes) / sizeof(nested_prefixes[0]);
          i++ )
    {
        if ( strncmp(name, nested_prefixes[i], strlen(nested_prefixes[i])) ==
             0 )
            return false;
    }
    return true;
}

int xabi_abi_add_hypercall(struct xabi_abi *abi,
                           const struct xabi_abi_hypercall *h)
{
    if ( xabi_abi_grow((void **)&abi->hc, &abi->cap_hc, abi->nhc,
                       sizeof(*abi->hc)) )
        return -1;
    abi->hc[abi->nhc++] = *h;
    return 0;
}

int xabi_abi_add_constant(struct xabi_abi *abi,
                          const struct xabi_abi_constant *c)
{
    if ( xabi_abi_grow((void **)&abi->con, &abi->cap_con, abi->ncon,
                       sizeof(*abi->con)) )
        return -1;
    abi->con[abi->ncon++] = *c;
    if ( strcmp(c->name, "__XEN_LATEST_INTERFACE_VERSION__") == 0 )
    {
        abi->have_interface = true;
        abi->interface_version = c->value;
    }
    return 0;
}

int xabi_abi_add_subop(struct xabi_abi *abi, const struct xabi_abi_subop *s)
{
    if ( xabi_abi_grow((void **)&abi->sub, &abi->cap_sub, abi->nsub,
                       sizeof(*abi->sub)) )
        return -1;
    abi->sub[abi->nsub++] = *s;
    return 0;
}

static const char *const audience_names[] = {
    [XABI_AUDIENCE_GUEST] = "guest",
    [XABI_AUDIENCE_TOOLS] = "tools",
    [XABI_AUDIENCE_XEN] = "xen",
};

const char *xabi_audience_name(enum xabi_audience a)
{
    if ( (size_t)a >= sizeof(audience_names) / sizeof(audience_names[0]) )
        return "?";
    return audience_names[a];
}

int xabi_audience_parse(const char *s)
{
    size_t i;

    for ( i = 0; s && i < sizeof(audience_names) / sizeof(audience_names[0]);
          i++ )
    {
        if ( strcmp(s, audience_names[i]) == 0 )
            return (int)i;
    }
    return -1;
}

int xabi_abi_add_layout(struct xabi_abi *abi, const struct xabi_abi_layout *l)
{
    if ( xabi_abi_grow((void **)&abi->lay, &abi->cap_lay, abi->nlay,
                       sizeof(*abi->lay)) )
        return -1;
    abi->lay[abi->nlay] = *l;
    abi->lay[abi->nlay].first = abi->nmem;
    abi->lay[abi->nlay++].n = 0;
    return 0;
}

int xabi_abi_add_member(struct xabi_abi *abi, const struct xabi_abi_member *m)
{
    if ( abi->nlay == 0 ||
         xabi_abi_grow((void **)&abi->mem, &abi->cap_mem, abi->nmem,
                       sizeof(*abi->mem)) )
        return -1;
    abi->mem[abi->nmem++] = *m;
    abi->lay[abi->nlay - 1].n++;
    return 0;
}

static int add_hypercall(struct xabi_abi *abi, const struct xabi_define *d,
                         const char *name, int64_t v)
{
    struct xabi_abi_hypercall h;
    const char *val = d->value;

    memset(&h, 0, sizeof(h));
    h.nr = v;
    copy_field(h.name, sizeof(h.name), name);
    if ( strncmp(val, "__HYPERVISOR_", 13) == 0 &&
         strspn(val, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                     "0123456789_") == strlen(val) )
        copy_field(h.alias_of, sizeof(h.alias_of), val + 13);
    copy_field(h.comment, sizeof(h.comment), d->comment);
    /* The markers Xen puts on the numbering lines of xen.h. */
    h.x86_only = contains(d->comment, "x86") && contains(d->comment, "only");
    h.deprecated = contains(d->comment, "deprecated");
    h.dropped = contains(d->comment, "dropped") ||
                contains(d->comment, "removed");
    return xabi_abi_add_hypercall(abi, &h);
}

static int add_constant(struct xabi_abi *abi, const struct rule *r,
                        const char *header, const struct xabi_define *d,
                        int64_t v)
{
    struct xabi_abi_constant c;

    memset(&c, 0, sizeof(c));
    copy_field(c.kind, sizeof(c.kind), r->what);
    c.value = v;
    copy_field(c.name, sizeof(c.name), d->name);
    copy_field(c.header, sizeof(c.header), header);
    copy_field(c.comment, sizeof(c.comment), d->comment);
    c.audience = d->audience;
    return xabi_abi_add_constant(abi, &c);
}

static int add_subop(struct xabi_abi *abi, const struct rule *r,
                     const struct xabi_define *d, int64_t v)
{
    struct xabi_abi_subop s;

    memset(&s, 0, sizeof(s));
    copy_field(s.hypercall, sizeof(s.hypercall), r->what);
    s.nr = v;
    copy_field(s.name, sizeof(s.name), d->name);
    s.audience = d->audience;
    return xabi_abi_add_subop(abi, &s);
}

/*
 * An arch header's name for one of xen.h's __HYPERVISOR_arch_N slots
 * (arch-x86/xen-mca.h: __HYPERVISOR_mca is __HYPERVISOR_arch_0).  It is
 * that number's name on x86, not a compat alias: kept beside arch_N as an
 * x86-only hypercall.  1 if d is one (added), 0 if not, -1 on ENOMEM.
 */
static int add_arch_hypercall(struct xabi_abi *abi, const struct rule *r,
                              const char *header, const struct xabi_define *d)
{
    struct xabi_abi_hypercall h;
    size_t i;

    if ( r->target != T_HYPERCALL || strcmp(header, "xen.h") == 0 ||
         strncmp(d->value, "__HYPERVISOR_arch_", 18) != 0 )
        return 0;
    for ( i = 0; i < abi->nhc; i++ )
    {
        if ( strcmp(abi->hc[i].name, d->value + 13) != 0 )
            continue;
        memset(&h, 0, sizeof(h));
        h.nr = abi->hc[i].nr;
        copy_field(h.name, sizeof(h.name), d->name + 13);
        h.x86_only = strncmp(header, "arch-x86/", 9) == 0;
        snprintf(h.comment, sizeof(h.comment), "%.46s: %.60s", header,
                 d->value);
        return xabi_abi_add_hypercall(abi, &h) ? -1 : 1;
    }
    return 0;
}

static int collect_one(struct xabi_abi *abi, const struct rule *r,
                       const char *header, const struct xabi_defines *defs,
                       const struct xabi_define *d)
{
    int64_t v;
    int rc = add_arch_hypercall(abi, r, header, d);

    if ( rc != 0 )
        return rc < 0 ? -1 : 0;

    if ( strlen(d->name) >= XABI_ABI_NAME ||
         xabi_eval(defs, d->value, &v) )
    {
        abi->skipped++;
        return 0;
    }
    if ( r->target == T_HYPERCALL )
        return add_hypercall(abi, d, d->name + strlen(r->prefix), v);
    if ( r->target == T_CONSTANT )
        return add_constant(abi, r, header, d, v);
    return add_subop(abi, r, d, v);
}

/*
 * A hypercall name that exists only for old interface versions, as
 * another's alias: __HYPERVISOR_dom0_op before 0x00030204.
 */
static bool is_old_alias(const struct xabi_defines *defs, size_t i)
{
    const struct xabi_define *d = &defs->d[i];
    size_t j;

    if ( d->active || strncmp(d->name, "__HYPERVISOR_", 13) != 0 ||
         strncmp(d->value, "__HYPERVISOR_", 13) != 0 ||
         xabi_defines_find(defs, d->name, strlen(d->name)) )
        return false;
    for ( j = 0; j < i; j++ )
    {
        if ( strcmp(defs->d[j].name, d->name) == 0 )
            return false;
    }
    return true;
}

int xabi_abi_collect(struct xabi_abi *abi, const char *header,
                     const struct xabi_defines *defs)
{
    size_t i, j;

    for ( i = 0; i < defs->n; i++ )
    {
        const struct xabi_define *d = &defs->d[i];

        if ( !d->first && !is_old_alias(defs, i) )
            continue;
        for ( j = 0; j < NRULES; j++ )
        {
            if ( strcmp(rules[j].header, header) != 0 ||
                 !wanted(&rules[j], d->name) )
                continue;
            if ( collect_one(abi, &rules[j], header, defs, d) )
                return -1;
            break;
        }
    }
    return 0;
}

/* Read dir/header whole; *buf is NULL if the file does not exist. */
static int read_header(struct xabi_abi *abi, const char *dir,
                       const char *header, char **buf, size_t *len)
{
    char path[4096];
    struct stat sb;
    FILE *f;

    *buf = NULL;
    snprintf(path, sizeof(path), "%s/%s", dir, header);
    if ( stat(path, &sb) != 0 && errno == ENOENT )
        return 0;
    f = fopen(path, "rb");
    if ( !f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
         (uint64_t)sb.st_size > HEADER_MAX_SIZE )
    {
        snprintf(abi->errmsg, sizeof(abi->errmsg), "%.400s: %s", path,
                 !f ? strerror(errno) : "not a regular header file");
        if ( f )
            fclose(f);
        return -1;
    }
    *buf = malloc((size_t)sb.st_size + 1);
    *len = *buf ? fread(*buf, 1, (size_t)sb.st_size, f) : 0;
    fclose(f);
    if ( !*buf )
    {
        snprintf(abi->errmsg, sizeof(abi->errmsg), "out of memory");
        return -1;
    }
    return 0;
}

int xabi_abi_import_dir(struct xabi_abi *abi, const char *dir)
{
    static const char *const headers[] = {
        "xen-compat.h", "xen.h", "arch-x86/xen.h", "arch-x86/xen-x86_32.h",
        "arch-x86/xen-x86_64.h", "elfnote.h", "callback.h", "trace.h",
        "sched.h", "vcpu.h", "memory.h", "grant_table.h", "physdev.h",
        "event_channel.h", "domctl.h", "sysctl.h", "arch-x86/xen-mca.h",
        "version.h", "hvm/hvm_op.h", "hvm/dm_op.h", "platform.h",
        "features.h", "hvm/params.h", "arch-x86/cpuid.h",
    };
    struct stat sb;
    size_t i;

    if ( stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) )
    {
        snprintf(abi->errmsg, sizeof(abi->errmsg), "%.400s: %s", dir,
                 stat(dir, &sb) != 0 ? strerror(errno) : "not a directory");
        return -1;
    }
    for ( i = 0; i < sizeof(headers) / sizeof(headers[0]); i++ )
    {
        char *buf;
        size_t len;
        int rc;

        if ( read_header(abi, dir, headers[i], &buf, &len) )
            return -1;
        if ( !buf )
            continue;
        rc = xabi_abi_parse_file(abi, headers[i], buf, len);
        free(buf);
        if ( rc )
            return -1;
    }
    if ( abi->nhc == 0 )
    {
        snprintf(abi->errmsg, sizeof(abi->errmsg),
                 "%.300s: not Xen's public headers: no xen.h defining "
                 "__HYPERVISOR_* hypercall numbers",
                 dir);
        return -1;
    }
    return 0;
}

const struct xabi_abi_constant *xabi_abi_constant_find(
    const struct xabi_abi *abi, const char *kind, const char *header,
    const char *name)
{
    size_t i;

    for ( i = 0; i < abi->ncon; i++ )
    {
        const struct xabi_abi_constant *c = &abi->con[i];

        if ( strcmp(c->kind, kind) == 0 && strcmp(c->name, name) == 0 &&
             (!header || strcmp(c->header, header) == 0) )
            return c;
    }
    return NULL;
}
