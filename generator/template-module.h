/*
 * template-module.h: between template.c, the C side of template.h that is
 * in every xabi program, and template-adapter.cc, the C++ side over
 * ctemplate.  The adapter is built as a module of its own,
 * xabi-ctemplate.so, which `xabi render` loads with dlopen(): linked into
 * the binary, ctemplate and the C++ runtime cost every command about 2 ms
 * of start-up for what only render uses (bench/README.md).  A program
 * that links the adapter in (the unit tests) has xabi_tpl_module defined,
 * and template.c then uses it without loading anything.
 *
 * The module is the one built with the binary; XABI_TPL_ABI changes with
 * these structures, so a module left from another build is refused by
 * name rather than called with the wrong layout.
 */
#ifndef XABI_GENERATOR_TEMPLATE_MODULE_H
#define XABI_GENERATOR_TEMPLATE_MODULE_H

#include <stddef.h>

#include "generator/template.h"

#define XABI_TPL_ABI   1
#define XABI_TPL_ENTRY "xabi_tpl_module"

/* What the module needs of the program: xabi's escapers, for the x-rst and
 * x-wiki modifiers (generator/escape.c). */
struct xabi_tpl_host
{
    unsigned abi;
    char *(*escape_rst)(const char *s, size_t n);
    char *(*escape_wiki)(const char *s, size_t n);
};

/* The module's side of template.h.  dict_set takes a value template.c has
 * already cleaned of control characters. */
struct xabi_tpl_ops
{
    unsigned abi;
    int (*tpl_new)(const char *dir, struct xabi_tpl **out);
    void (*tpl_free)(struct xabi_tpl *t);
    const char *(*tpl_errmsg)(const struct xabi_tpl *t);
    int (*tpl_expand)(struct xabi_tpl *t, const char *file,
                      const struct xabi_dict *d, char **out, size_t *len);
    struct xabi_dict *(*dict_new)(const char *name);
    void (*dict_free)(struct xabi_dict *d);
    void (*dict_set)(struct xabi_dict *d, const char *key,
                     const char *clean);
    void (*dict_show)(struct xabi_dict *d, const char *section);
    struct xabi_dict *(*dict_add_section)(struct xabi_dict *d,
                                          const char *section);
    struct xabi_dict *(*dict_add_include)(struct xabi_dict *d,
                                          const char *name, const char *file);
};

#ifdef __cplusplus
extern "C" {
#endif

/* The module's one entry point: its operations, or NULL if host is not of
 * its XABI_TPL_ABI. */
const struct xabi_tpl_ops *xabi_tpl_module(const struct xabi_tpl_host *host);

#ifdef __cplusplus
}
#endif

#endif
