/*
 * test-render.c: text a guest controls comes out inert in every format,
 * and the template adapter reports missing and broken templates as errors.
 *
 * The guest string carries the markup of all three formats at once: HTML
 * tags and entities, RST roles, references, substitutions, directives and
 * lists, MediaWiki links, templates, tables, bold, signatures and magic
 * words, control characters and bytes that are not UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "generator/generator-int.h"

static const char guest[] =
    "<script>alert('x')</script><img src=x onerror=alert(1)> &amp; "
    "[[Main Page]] [http://evil.example link] {{Template:X}} {| |} "
    "'''bold''' ''it'' ~~~~ __TOC__ ----\n* item\n# item\n: indent\n"
    ";term\n= Heading =\n"
    ".. raw:: html\n\n   <b>x</b>\n"
    "*emph* **strong** `interp` ``lit`` _target `link`_ |subst| "
    ":role:`x` [#]_ \\ \x01\x7f\xff\xc0\x80 end";

/* Every ASCII punctuation character is escaped with a backslash. */
static void test_rst_inert(void **state)
{
    char *out = xabi_escape_rst(guest, strlen(guest));
    size_t i;

    (void)state;
    assert_non_null(out);
    for ( i = 0; out[i]; i++ )
    {
        unsigned char c = (unsigned char)out[i];

        assert_true(c >= ' ' && c != 0x7f); /* no newline, no control */
        if ( c == '\\' )
        {
            i++;
            assert_true(out[i] > ' ' && out[i] < 0x7f);
            continue;
        }
        if ( c < 0x80 )
            assert_true(c == ' ' || (c >= '0' && c <= '9') ||
                        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }
    assert_non_null(strstr(out, "\xef\xbf\xbd")); /* U+FFFD for \xff */
    free(out);
}

/*
 * Markup goes inside <nowiki> runs that hold no < and no &; between the
 * runs only &lt; and &amp;.  Nothing else, so no run can close early.
 */
static void test_wiki_inert(void **state)
{
    char *out = xabi_escape_wiki(guest, strlen(guest));
    const char *p;

    (void)state;
    assert_non_null(out);
    assert_null(strchr(out, '\n'));
    assert_true(out[0] != ' '); /* a leading space would start <pre> */
    for ( p = out; *p; )
    {
        if ( strncmp(p, "<nowiki>", 8) == 0 )
        {
            const char *end = strstr(p + 8, "</nowiki>");

            assert_non_null(end);
            assert_true(end > p + 8); /* no empty run */
            for ( p += 8; p < end; p++ )
                assert_true(*p != '<' && *p != '&' &&
                            (unsigned char)*p >= ' ');
            p = end + 9;
        }
        else if ( strncmp(p, "&lt;", 4) == 0 )
            p += 4;
        else if ( strncmp(p, "&amp;", 5) == 0 )
            p += 5;
        else
            fail_msg("outside <nowiki>: '%s'", p);
    }
    free(out);
}

/* Ordinary text stays as it is: no entity for a '-' or a ':'. */
static void test_wiki_plain(void **state)
{
    static const char *const plain[] = {
        "32-bit PV guest (x86_64), vCPU 0",
        "xen/include/public/xen.h: HYPERVISOR_sched_op",
        "getctx_dom0_vcpu1.txt: line 12; 0x0:0x1000 = 4 KiB",
        "50% of 2 calls, \"quoted\" and $var", "-", "-1",
    };
    size_t i;

    (void)state;
    for ( i = 0; i < sizeof(plain) / sizeof(plain[0]); i++ )
    {
        char *out = xabi_escape_wiki(plain[i], strlen(plain[i]));

        assert_string_equal(out, plain[i]);
        free(out);
    }
}

/* Each kind of markup alone is enough to wrap the value. */
static void test_wiki_wraps(void **state)
{
    static const char *const markup[] = {
        "a [[b]]", "a {{b}}", "a | b", "a ''b''", "a ~~~~", "a __TOC__",
        "see http://x.example", "mailto:a@b", "RFC 1234", "* item",
        "= h =", ": indent", "---- rule", "a <b>", "a &amp; b", "a !! b",
    };
    size_t i;

    (void)state;
    for ( i = 0; i < sizeof(markup) / sizeof(markup[0]); i++ )
    {
        char *out = xabi_escape_wiki(markup[i], strlen(markup[i]));

        assert_non_null(strstr(out, "<nowiki>"));
        free(out);
    }
}

static void test_html_inert(void **state)
{
    char *out = xabi_escape_html(guest, strlen(guest));

    (void)state;
    assert_non_null(out);
    assert_null(strpbrk(out, "<>\"'"));
    assert_non_null(strstr(out, "&lt;script&gt;"));
    assert_non_null(strstr(out, "&amp;amp;"));
    free(out);
}

/* A directory of one-line templates per format. */
static char tdir[64];

static void put(const char *fmt, const char *file, const char *text)
{
    char path[256];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", tdir, fmt);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/%s/%s", tdir, fmt, file);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tdir, sizeof(tdir), "/tmp/xabi-test-render-XXXXXX");
    if ( !mkdtemp(tdir) )
        return -1;
    put("html", "p.tpl", "<p>{{V:h}}</p>{{#S}}<i>{{W:h}}</i>{{/S}}"
                         "{{>INC}}\n");
    put("html", "inc.tpl", "<b>{{X:h}}</b>");
    put("rst", "p.tpl", "{{V:x-rst}}\n");
    put("wiki", "p.tpl", "{{V:x-wiki}}\n");
    put("html", "broken.tpl", "{{#OPEN}} never closed\n");
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tdir);
    return system(cmd);
}

static char *expand(const char *fmt, const char *file, struct xabi_dict *d,
                    int *rc, char *err, size_t errlen)
{
    char dir[128];
    struct xabi_tpl *t;
    char *out = NULL;
    size_t len;

    snprintf(dir, sizeof(dir), "%s/%s", tdir, fmt);
    assert_int_equal(xabi_tpl_new(dir, &t), 0);
    *rc = xabi_tpl_expand(t, file, d, &out, &len);
    snprintf(err, errlen, "%s", xabi_tpl_errmsg(t));
    xabi_tpl_free(t);
    return out;
}

/* The same guest value through each format's template modifier. */
static void test_templates_escape(void **state)
{
    struct xabi_dict *d = xabi_dict_new("t");
    char err[512], *out, *want;
    int rc;

    (void)state;
    assert_non_null(d);
    xabi_dict_set(d, "V", guest);
    xabi_dict_set(xabi_dict_add_section(d, "S"), "W", "<w>");
    xabi_dict_set(xabi_dict_add_include(d, "INC", "inc.tpl"), "X", "<x>");

    out = expand("html", "p.tpl", d, &rc, err, sizeof(err));
    assert_int_equal(rc, 0);
    assert_null(strstr(out, "<script"));
    assert_null(strstr(out, "<img"));
    assert_non_null(strstr(out, "<i>&lt;w&gt;</i>"));
    assert_non_null(strstr(out, "<b>&lt;x&gt;</b>"));
    free(out);

    out = expand("rst", "p.tpl", d, &rc, err, sizeof(err));
    assert_int_equal(rc, 0);
    want = xabi_escape_rst(guest, strlen(guest));
    assert_int_equal(strncmp(out, want, strlen(want)), 0);
    free(want);
    free(out);

    out = expand("wiki", "p.tpl", d, &rc, err, sizeof(err));
    assert_int_equal(rc, 0);
    want = xabi_escape_wiki(guest, strlen(guest));
    assert_int_equal(strncmp(out, want, strlen(want)), 0);
    free(want);
    free(out);
    xabi_dict_free(d);
}

/*
 * ctemplate reports a broken template on stderr itself.  That line is
 * expected here, so it is captured and asserted on, not let through to
 * a passing run's output.  Returns the saved stderr for end_capture.
 */
static int begin_capture(FILE **cap)
{
    int saved;

    fflush(stderr);
    *cap = tmpfile();
    assert_non_null(*cap);
    saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(*cap), STDERR_FILENO) >= 0);
    return saved;
}

/* Restore stderr; what was written meanwhile, in buf. */
static void end_capture(FILE *cap, int saved, char *buf, size_t len)
{
    size_t n;

    fflush(stderr);
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    rewind(cap);
    n = fread(buf, 1, len - 1, cap);
    buf[n] = '\0';
    fclose(cap);
}

static void test_missing_and_broken(void **state)
{
    struct xabi_dict *d = xabi_dict_new("t");
    char err[512], said[2048], *out;
    FILE *cap;
    int rc, saved;

    (void)state;
    out = expand("html", "nope.tpl", d, &rc, err, sizeof(err));
    assert_int_equal(rc, -1);
    assert_null(out);
    assert_non_null(strstr(err, "nope.tpl: missing"));

    saved = begin_capture(&cap);
    out = expand("html", "broken.tpl", d, &rc, err, sizeof(err));
    end_capture(cap, saved, said, sizeof(said));
    assert_non_null(strstr(said, "broken.tpl"));
    assert_non_null(strstr(said, "File ended before all sections were "
                                 "closed"));
    assert_int_equal(rc, -1);
    assert_null(out);
    assert_non_null(strstr(err, "broken.tpl: broken"));
    xabi_dict_free(d);
}

/* Borrowed dictionaries of a failed allocation are NULL: calls ignore them. */
static void test_null_dict(void **state)
{
    (void)state;
    xabi_dict_set(NULL, "A", "b");
    xabi_dict_show(NULL, "S");
    assert_null(xabi_dict_add_section(NULL, "S"));
    assert_null(xabi_dict_add_include(NULL, "I", "f"));
    xabi_dict_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rst_inert),
        cmocka_unit_test(test_wiki_inert),
        cmocka_unit_test(test_wiki_plain),
        cmocka_unit_test(test_wiki_wraps),
        cmocka_unit_test(test_html_inert),
        cmocka_unit_test(test_templates_escape),
        cmocka_unit_test(test_missing_and_broken),
        cmocka_unit_test(test_null_dict),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
