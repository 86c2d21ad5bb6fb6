/*
 * template.h: the C face of the one C++ file, template-adapter.cc, which
 * wraps ctemplate (Debian's libctemplate-dev).  Only generator/ and its
 * tests include this; the rest of xabi sees generator.h.
 *
 * A template set is the templates of one output format, read from one
 * directory; includes ({{>NAME}}) resolve inside that directory.  A
 * dictionary holds the values, sections and includes of one page, and is
 * the same for every format: the templates decide the markup, and escape
 * every value with a modifier for their format:
 *     {{V:h}}       HTML (ctemplate's own html_escape)
 *     {{V:x-rst}}   reStructuredText (xabi_escape_rst)
 *     {{V:x-wiki}}  MediaWiki (xabi_escape_wiki: plain text as it is, markup
 *                   in <nowiki>)
 *     {{V:none}}    markup xabi made itself (an SVG chart), never guest text
 *
 * Nothing here aborts: a missing or broken template is an error on the
 * set, read back with xabi_tpl_errmsg().
 */
#ifndef XABI_GENERATOR_TEMPLATE_H
#define XABI_GENERATOR_TEMPLATE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct xabi_tpl;  /* the templates of one directory */
struct xabi_dict; /* one dictionary: a page, a section row, an include */

/*
 * Make the adapter ready: the module at path module (xabi-ctemplate.so)
 * is loaded, unless the program has the adapter linked in.  Once loaded it
 * stays.  -1 with a message in err when it cannot be had; everything
 * below then fails as if out of memory.
 */
int xabi_tpl_load(const char *module, char *err, size_t errlen);

/* Open the templates under dir.  -1 only when out of memory. */
int xabi_tpl_new(const char *dir, struct xabi_tpl **out);
void xabi_tpl_free(struct xabi_tpl *t);
/* Message of the last failure; never NULL. */
const char *xabi_tpl_errmsg(const struct xabi_tpl *t);
/*
 * Expand the template file (relative to the set's directory) with d.
 * *out is a NUL-terminated malloc'd string the caller frees.  A missing
 * template or a syntax error: -1 and a message.
 */
int xabi_tpl_expand(struct xabi_tpl *t, const char *file,
                    const struct xabi_dict *d, char **out, size_t *len);

/* A top-level dictionary; NULL when out of memory.  Free with _free. */
struct xabi_dict *xabi_dict_new(const char *name);
void xabi_dict_free(struct xabi_dict *d);
/* Set a value; the string is copied.  NULL sets "". */
void xabi_dict_set(struct xabi_dict *d, const char *key, const char *value);
void xabi_dict_setf(struct xabi_dict *d, const char *key, const char *fmt,
                    ...) __attribute__((format(printf, 3, 4)));
/* Show a section once, with d's own values. */
void xabi_dict_show(struct xabi_dict *d, const char *section);
/*
 * Add one repetition of a section (it is shown) or one include of file;
 * the new dictionary is borrowed: it lives as long as its parent.
 * Includes see none of their parent's values.
 */
struct xabi_dict *xabi_dict_add_section(struct xabi_dict *d,
                                        const char *section);
struct xabi_dict *xabi_dict_add_include(struct xabi_dict *d,
                                        const char *name, const char *file);

#ifdef __cplusplus
}
#endif

#endif
