/*
 * svg.c: charts as inline SVG, drawn by xabi itself, so the HTML site
 * needs no script and fetches nothing.  Labels may be guest text: they are
 * HTML-escaped, as SVG inside HTML parses like HTML.
 */
#include "generator/generator-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out
{
    char *p;
    size_t len, cap;
    bool oom;
};

static void outf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void outf(struct out *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    if ( o->oom )
        return;
    for ( ;; )
    {
        va_start(ap, fmt);
        n = vsnprintf(o->p ? o->p + o->len : NULL,
                      o->p ? o->cap - o->len : 0, fmt, ap);
        va_end(ap);
        if ( n < 0 )
        {
            o->oom = true;
            return;
        }
        if ( o->p && o->len + (size_t)n < o->cap )
        {
            o->len += (size_t)n;
            return;
        }
        {
            size_t cap = (o->cap ? o->cap * 2 : 4096) + (size_t)n;
            char *p = realloc(o->p, cap);

            if ( !p )
            {
                o->oom = true;
                return;
            }
            o->p = p;
            o->cap = cap;
        }
    }
}

enum
{
    LABEL_W = 260, /* px for the labels */
    BAR_W = 420,   /* px for the longest bar */
    ROW_H = 18,
    TOP = 26
};

char *xabi_svg_bars(const char *title, const struct xabi_bar *bars, size_t n)
{
    struct out o = { NULL, 0, 0, false };
    double max = 0;
    size_t i;
    char *t = xabi_escape_html(title, strlen(title));

    for ( i = 0; i < n; i++ )
    {
        if ( bars[i].value > max )
            max = bars[i].value;
    }
    outf(&o,
         "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
         "role=\"img\" width=\"%d\" height=\"%zu\" aria-label=\"%s\">"
         "<title>%s</title>"
         "<text x=\"0\" y=\"16\" class=\"chart-title\">%s</text>\n",
         LABEL_W + BAR_W + 90, TOP + n * ROW_H + 6, t ? t : "",
         t ? t : "", t ? t : "");
    for ( i = 0; i < n; i++ )
    {
        const char *l = bars[i].label ? bars[i].label : "";
        char *label = xabi_escape_html(l, strlen(l));
        double w = max > 0 ? bars[i].value / max * BAR_W : 0;
        size_t y = TOP + i * ROW_H;

        outf(&o,
             "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">%s</text>"
             "<rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"%d\"/>"
             "<text x=\"%.1f\" y=\"%zu\">%.0f</text>\n",
             LABEL_W - 6, y + 13, label ? label : "", LABEL_W, y + 2,
             w < 1 && bars[i].value > 0 ? 1.0 : w, ROW_H - 4,
             LABEL_W + w + 4, y + 13, bars[i].value);
        free(label);
    }
    outf(&o, "</svg>");
    free(t);
    if ( o.oom )
    {
        free(o.p);
        return NULL;
    }
    return o.p;
}
