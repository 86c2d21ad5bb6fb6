/*
 * escape.c: make text a guest controls (domain names, labels, ELF note
 * strings, file names) inert in each output format.
 *
 * Common to all three: control characters (C0 with newlines, DEL, and the
 * C1 range U+0080..U+009F) become spaces, so a value can never start a new
 * line of markup nor carry a terminal escape into a page, and bytes that
 * are not UTF-8 become U+FFFD, so Sphinx and browsers read the file.  Every
 * value a template receives goes through that much (xabi_escape_text(), in
 * xabi_dict_set()), whatever its modifier: ctemplate's own :h does not
 * drop ESC or BEL.  That pass alone keeps newlines and tabs, blanks in
 * HTML, for the charts' markup; x-rst and x-wiki then make them spaces.
 *
 *   HTML  & < > " ' as entities (SVG charts; templates use ctemplate's :h).
 *   RST   every ASCII punctuation character backslash-escaped: in
 *         reStructuredText an escaped character is always literal, so no
 *         role, reference, substitution, directive or list can form.
 *   wiki  ordinary text as it is: letters, digits, blanks, UTF-8 and the
 *         punctuation MediaWiki leaves alone in the middle of a line.  A
 *         value with anything MediaWiki could parse (wiki_markup(): links,
 *         templates, tables, bold, signatures, magic words, URLs, tags,
 *         entities, or a line-start character first) goes inside
 *         <nowiki>...</nowiki>, with its < and & as &lt; and &amp;
 *         between nowiki runs, so no </nowiki> can close one early and
 *         MediaWiki and pandoc show the same text.  Leading and trailing
 *         spaces go, as a leading space starts a <pre> block.
 */
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf
{
    char *p;
    size_t len, cap;
    bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if ( b->oom )
        return;
    if ( b->len + n + 1 > b->cap )
    {
        size_t cap = (b->cap ? b->cap * 2 : 64) + n;
        char *p = realloc(b->p, cap);

        if ( !p )
        {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static char *finish(struct buf *b)
{
    if ( b->oom )
    {
        free(b->p);
        return NULL;
    }
    if ( !b->p )
        return strdup("");
    return b->p;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned c = s[0];
    unsigned long cp;

    if ( c < 0xc2 || c > 0xf4 )
        return 0;
    len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if ( len > n )
        return 0;
    cp = c & (0x3f >> (len - 1));
    for ( i = 1; i < len; i++ )
    {
        if ( (s[i] & 0xc0) != 0x80 )
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates and values past U+10FFFF. */
    if ( (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
         (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff )
        return 0;
    return len;
}

enum fmt
{
    F_HTML,
    F_RST,
    F_WIKI,
    F_TEXT /* only the common part: controls and bad UTF-8 */
};

static void put_ascii(struct buf *b, enum fmt f, unsigned char c)
{
    if ( f == F_TEXT || f == F_WIKI )
        ;
    else if ( f == F_HTML )
    {
        switch ( c )
        {
        case '&': put(b, "&amp;", 5); return;
        case '<': put(b, "&lt;", 4); return;
        case '>': put(b, "&gt;", 4); return;
        case '"': put(b, "&quot;", 6); return;
        case '\'': put(b, "&#39;", 5); return;
        }
    }
    else if ( c > ' ' && c < 0x7f && !((c >= '0' && c <= '9') ||
                                       (c >= 'a' && c <= 'z') ||
                                       (c >= 'A' && c <= 'Z')) )
        put(b, "\\", 1); /* RST */
    put(b, (const char *)&c, 1);
}

static char *escape(const char *in, size_t n, enum fmt f)
{
    const unsigned char *s = (const unsigned char *)in;
    struct buf b = { NULL, 0, 0, false };
    size_t i = 0, k;

    if ( f == F_RST || f == F_WIKI )
    {
        /* Leading and trailing blanks and control characters go. */
        while ( n && s[n - 1] <= ' ' )
            n--;
        while ( i < n && s[i] <= ' ' )
            i++;
    }
    while ( i < n )
    {
        if ( s[i] < 0x80 )
        {
            /* Text keeps its line breaks and tabs (an SVG chart's lines):
             * the format's own escaper, or HTML, makes them blanks. */
            bool blank = f == F_TEXT && (s[i] == '\n' || s[i] == '\t');

            put_ascii(&b, f, (s[i] < ' ' && !blank) || s[i] == 0x7f ? ' '
                                                                  : s[i]);
            i++;
        }
        else if ( s[i] == 0xc2 && i + 1 < n && s[i + 1] >= 0x80 &&
                  s[i + 1] <= 0x9f )
        {
            put(&b, " ", 1); /* a C1 control */
            i += 2;
        }
        else if ( (k = utf8_len(s + i, n - i)) != 0 )
        {
            put(&b, (const char *)s + i, k);
            i += k;
        }
        else
        {
            put(&b, "\xef\xbf\xbd", 3); /* U+FFFD */
            i++;
        }
    }
    return finish(&b);
}

char *xabi_escape_html(const char *s, size_t n)
{
    return escape(s, n, F_HTML);
}

char *xabi_escape_text(const char *s, size_t n)
{
    return escape(s, n, F_TEXT);
}

char *xabi_escape_rst(const char *s, size_t n)
{
    return escape(s, n, F_RST);
}

/*
 * Whether MediaWiki could read markup in t (one line, trimmed): a
 * character of links, templates, tables, bold, signatures, tags or
 * entities; a magic word (__TOC__); a URL or another protocol (http:,
 * mailto:); a magic link (ISBN, RFC, PMID and a number); or a character
 * that means something at the start of a line.
 */
static bool wiki_markup(const char *t)
{
    static const char *const magic[] = { "ISBN ", "RFC ", "PMID " };
    const char *p;
    size_t i;

    if ( strpbrk(t, "[]{}|<>&'~!") || strstr(t, "__") || strstr(t, "//") )
        return true;
    if ( (*t && strchr("*#:;= ", *t)) || strncmp(t, "----", 4) == 0 )
        return true;
    for ( p = strchr(t, ':'); p; p = strchr(p + 1, ':') )
        if ( p[1] && p[1] != ' ' && !(p[1] >= '0' && p[1] <= '9') )
            return true;
    for ( i = 0; i < sizeof(magic) / sizeof(magic[0]); i++ )
        for ( p = strstr(t, magic[i]); p; p = strstr(p + 1, magic[i]) )
            if ( p[strlen(magic[i])] >= '0' && p[strlen(magic[i])] <= '9' )
                return true;
    return false;
}

char *xabi_escape_wiki(const char *s, size_t n)
{
    char *t = escape(s, n, F_WIKI);
    struct buf b = { NULL, 0, 0, false };
    bool open = false;
    size_t i;

    if ( !t || !wiki_markup(t) )
        return t;
    for ( i = 0; t[i]; i++ )
    {
        bool ent = t[i] == '<' || t[i] == '&';

        if ( ent == open )
        {
            put(&b, open ? "</nowiki>" : "<nowiki>", open ? 9 : 8);
            open = !open;
        }
        if ( t[i] == '<' )
            put(&b, "&lt;", 4);
        else if ( t[i] == '&' )
            put(&b, "&amp;", 5);
        else
            put(&b, t + i, 1);
    }
    if ( open )
        put(&b, "</nowiki>", 9);
    free(t);
    return finish(&b);
}
