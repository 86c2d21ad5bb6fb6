/*
 * template-adapter.cc: the only C++ in xabi, a C API over ctemplate
 * (template.h says how it is used), built as the module xabi-ctemplate.so
 * (template-module.h says why, and what it exports).
 *
 * Each set has its own TemplateCache, so two renders in one process share
 * nothing of ours.  ctemplate's registry of x- modifiers is process-wide by
 * its design; registering ours twice is harmless (AddModifier refuses the
 * second and the first stays), and they hold no state.
 *
 * No C++ exception may cross into C: every entry point catches them and
 * turns them into an error or a NULL.
 */
#include "generator/template-module.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <sys/stat.h>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <ctemplate/template_modifiers.h>

/* AddressSanitizer's leak checker, in a sanitizer build (register_modifiers). */
#if defined(__SANITIZE_ADDRESS__)
#define XABI_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XABI_LSAN 1
#endif
#endif
#ifdef XABI_LSAN
#include <sanitizer/lsan_interface.h>
#endif

using ctemplate::ExpandEmitter;
using ctemplate::PerExpandData;
using ctemplate::TemplateDictionary;

struct xabi_tpl
{
    ctemplate::TemplateCache cache;
    std::string dir;
    std::string errmsg;
};

/* A dictionary is a TemplateDictionary; the struct is only a name for C. */
struct xabi_dict
{
};

static TemplateDictionary *td(struct xabi_dict *d)
{
    return reinterpret_cast<TemplateDictionary *>(d);
}

static const TemplateDictionary *td(const struct xabi_dict *d)
{
    return reinterpret_cast<const TemplateDictionary *>(d);
}

static struct xabi_dict *xd(TemplateDictionary *d)
{
    return reinterpret_cast<struct xabi_dict *>(d);
}

/* A modifier that runs one of xabi's C escapers. */
class CEscaper : public ctemplate::TemplateModifier
{
  public:
    explicit CEscaper(char *(*fn)(const char *, size_t)) : fn_(fn) {}
    void Modify(const char *in, size_t inlen, const PerExpandData *,
                ExpandEmitter *out, const std::string &) const override
    {
        char *s = fn_(in, inlen);

        /* Out of memory: emit nothing rather than the raw text. */
        if ( s )
        {
            out->Emit(s);
            std::free(s);
        }
    }

  private:
    char *(*fn_)(const char *, size_t);
};

/* Made once, by xabi_tpl_module(), with the program's escapers. */
static const CEscaper *rst_escaper, *wiki_escaper;

/*
 * ctemplate keeps what AddModifier() allocates in a static registry.  With
 * ctemplate loaded by dlopen(), that registry's destructor runs at exit
 * before LeakSanitizer looks, and its entries then look leaked; they are
 * ctemplate's to keep, so a sanitizer build does not count them.
 */
static void register_modifiers()
{
#ifdef XABI_LSAN
    __lsan_disable();
#endif
    ctemplate::AddModifier("x-rst", rst_escaper);
    ctemplate::AddModifier("x-wiki", wiki_escaper);
#ifdef XABI_LSAN
    __lsan_enable();
#endif
}

static int tpl_new(const char *dir, struct xabi_tpl **out)
{
    *out = NULL;
    try
    {
        struct xabi_tpl *t = new xabi_tpl;

        register_modifiers();
        t->dir = dir;
        t->cache.SetTemplateRootDirectory(dir);
        *out = t;
        return 0;
    }
    catch ( ... )
    {
        return -1;
    }
}

static void tpl_free(struct xabi_tpl *t)
{
    delete t;
}

static const char *tpl_errmsg(const struct xabi_tpl *t)
{
    return t ? t->errmsg.c_str() : "out of memory";
}

static int tpl_expand(struct xabi_tpl *t, const char *file,
                      const struct xabi_dict *d, char **out, size_t *len)
{
    *out = NULL;
    try
    {
        std::string path = t->dir + "/" + file, text;
        struct stat sb;

        /*
         * ctemplate would only log a missing file; look first so the
         * message can name it.
         */
        if ( stat(path.c_str(), &sb) != 0 || !S_ISREG(sb.st_mode) )
        {
            t->errmsg = "template " + path + ": missing";
            return -1;
        }
        if ( !t->cache.ExpandWithData(file, ctemplate::DO_NOT_STRIP, td(d),
                                      NULL, &text) )
        {
            t->errmsg = "template " + path + ": broken (a syntax error, or "
                        "an include that is missing or broken; ctemplate "
                        "says why above)";
            return -1;
        }
        *out = static_cast<char *>(std::malloc(text.size() + 1));
        if ( !*out )
        {
            t->errmsg = "out of memory";
            return -1;
        }
        std::memcpy(*out, text.data(), text.size());
        (*out)[text.size()] = '\0';
        *len = text.size();
        return 0;
    }
    catch ( ... )
    {
        t->errmsg = "out of memory expanding " + std::string(file);
        return -1;
    }
}

static struct xabi_dict *dict_new(const char *name)
{
    try
    {
        return xd(new TemplateDictionary(name));
    }
    catch ( ... )
    {
        return NULL;
    }
}

static void dict_free(struct xabi_dict *d)
{
    delete td(d);
}

/* value is clean already: template.c took control characters out. */
static void dict_set(struct xabi_dict *d, const char *key, const char *value)
{
    try
    {
        td(d)->SetValue(key, value);
    }
    catch ( ... )
    {
    }
}

static void dict_show(struct xabi_dict *d, const char *section)
{
    if ( !d )
        return;
    try
    {
        td(d)->ShowSection(section);
    }
    catch ( ... )
    {
    }
}

static struct xabi_dict *dict_add_section(struct xabi_dict *d,
                                          const char *section)
{
    if ( !d )
        return NULL;
    try
    {
        return xd(td(d)->AddSectionDictionary(section));
    }
    catch ( ... )
    {
        return NULL;
    }
}

static struct xabi_dict *dict_add_include(struct xabi_dict *d,
                                          const char *name, const char *file)
{
    if ( !d )
        return NULL;
    try
    {
        TemplateDictionary *inc = td(d)->AddIncludeDictionary(name);

        inc->SetFilename(file);
        return xd(inc);
    }
    catch ( ... )
    {
        return NULL;
    }
}

static const struct xabi_tpl_ops ops = {
    XABI_TPL_ABI,     tpl_new,  tpl_free,  tpl_errmsg,
    tpl_expand,       dict_new, dict_free, dict_set,
    dict_show,        dict_add_section,    dict_add_include,
};

extern "C" const struct xabi_tpl_ops *
xabi_tpl_module(const struct xabi_tpl_host *host)
{
    if ( !host || host->abi != XABI_TPL_ABI )
        return NULL;
    if ( !rst_escaper )
    {
        try
        {
            rst_escaper = new CEscaper(host->escape_rst);
            wiki_escaper = new CEscaper(host->escape_wiki);
        }
        catch ( ... )
        {
            return NULL;
        }
    }
    return &ops;
}
