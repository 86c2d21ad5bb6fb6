/*
 * template.c: template.h for C, over the adapter's operations: those
 * linked into the program (the unit tests), else those of the module
 * xabi_tpl_load() opened (template-module.h says why it is a module).
 */
#include "generator/template-module.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generator/generator-int.h"

/* Defined only where the adapter is linked in. */
extern const struct xabi_tpl_ops *
xabi_tpl_module(const struct xabi_tpl_host *host) __attribute__((weak));

static const struct xabi_tpl_host host = {
    .abi = XABI_TPL_ABI,
    .escape_rst = xabi_escape_rst,
    .escape_wiki = xabi_escape_wiki,
};

static const struct xabi_tpl_ops *ops;

/* The adapter linked in, if it is. */
static const struct xabi_tpl_ops *linked(void)
{
    if ( !ops && xabi_tpl_module )
        ops = xabi_tpl_module(&host);
    return ops;
}

int xabi_tpl_load(const char *module, char *err, size_t errlen)
{
    const struct xabi_tpl_ops *(*entry)(const struct xabi_tpl_host *);
    void *lib, *sym;

    if ( linked() )
        return 0;
    if ( !module )
    {
        snprintf(err, errlen, "no template module (xabi-ctemplate.so) "
                              "to load");
        return -1;
    }
    /* RTLD_LOCAL: the module's symbols bind nothing of the program's.  It
     * stays loaded: the pages of a render use it until the end. */
    lib = dlopen(module, RTLD_NOW | RTLD_LOCAL);
    if ( !lib )
    {
        snprintf(err, errlen, "template module %s: %s", module, dlerror());
        return -1;
    }
    sym = dlsym(lib, XABI_TPL_ENTRY);
    if ( !sym )
    {
        snprintf(err, errlen, "template module %s: no %s: not xabi's",
                 module, XABI_TPL_ENTRY);
        dlclose(lib);
        return -1;
    }
    /* POSIX lets a data pointer from dlsym() be used as a function's. */
    memcpy(&entry, &sym, sizeof(entry));
    ops = entry(&host);
    if ( !ops )
    {
        snprintf(err, errlen,
                 "template module %s: it refused this xabi (interface "
                 "version %u): the two come from different builds; "
                 "install them together",
                 module, XABI_TPL_ABI);
        dlclose(lib);
        return -1;
    }
    return 0;
}

int xabi_tpl_new(const char *dir, struct xabi_tpl **out)
{
    *out = NULL;
    return linked() ? ops->tpl_new(dir, out) : -1;
}

void xabi_tpl_free(struct xabi_tpl *t)
{
    if ( t && linked() )
        ops->tpl_free(t);
}

const char *xabi_tpl_errmsg(const struct xabi_tpl *t)
{
    return t && linked() ? ops->tpl_errmsg(t) : "out of memory";
}

int xabi_tpl_expand(struct xabi_tpl *t, const char *file,
                    const struct xabi_dict *d, char **out, size_t *len)
{
    *out = NULL;
    return linked() ? ops->tpl_expand(t, file, d, out, len) : -1;
}

struct xabi_dict *xabi_dict_new(const char *name)
{
    return linked() ? ops->dict_new(name) : NULL;
}

void xabi_dict_free(struct xabi_dict *d)
{
    if ( d && linked() )
        ops->dict_free(d);
}

void xabi_dict_set(struct xabi_dict *d, const char *key, const char *value)
{
    char *clean;

    if ( !d || !linked() )
        return;
    /* No control character reaches a page, whatever the modifier. */
    clean = xabi_escape_text(value ? value : "", value ? strlen(value) : 0);
    if ( !clean )
        return;
    ops->dict_set(d, key, clean);
    free(clean);
}

void xabi_dict_setf(struct xabi_dict *d, const char *key, const char *fmt,
                    ...)
{
    char buf[512];
    va_list ap;

    if ( !d )
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    xabi_dict_set(d, key, buf);
}

void xabi_dict_show(struct xabi_dict *d, const char *section)
{
    if ( d && linked() )
        ops->dict_show(d, section);
}

struct xabi_dict *xabi_dict_add_section(struct xabi_dict *d,
                                        const char *section)
{
    return d && linked() ? ops->dict_add_section(d, section) : NULL;
}

struct xabi_dict *xabi_dict_add_include(struct xabi_dict *d,
                                        const char *name, const char *file)
{
    return d && linked() ? ops->dict_add_include(d, name, file) : NULL;
}
