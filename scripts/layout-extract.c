/*
 * layout-extract.c: struct layouts from the DWARF of a compiled probe.
 *
 *   usage: layout-extract OBJECT NAME...
 *
 * OBJECT is a .o built with -g -fno-eliminate-unused-debug-types from a
 * file that includes Xen's public headers; each NAME is a struct or union
 * tag (start_info, grant_entry_v2).  For every NAME the object defines,
 * it prints, tab-separated:
 *
 *   L  name  struct|union  size  header
 *   M  name  index  member  offset  size  type  bit_offset  bit_size
 *
 * one M line per member in declaration order.  Members of anonymous
 * structs and unions are flattened into their parent (as C lets a program
 * name them), and members of a named member's anonymous type get a dotted
 * path ("arg1.mfn"), so that every line is something offsetof() accepts.
 * bit_offset and bit_size are "-" except for bit-fields: then bit_offset
 * counts from the start of the layout, and offset and size are those of
 * the storage unit.  header is where the type is
 * declared, relative to the public headers' directory.  A NAME the object
 * does not define prints nothing: that release has no such type.
 *
 * This is a build tool for scripts/make-catalogue.sh, not part of xabi:
 * it reads only the object the script has just compiled.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TYPE_NAME_MAX 256

/* Follow DW_AT_type; false for void. */
static int type_of(Dwarf_Die *die, Dwarf_Die *out)
{
    Dwarf_Attribute attr;

    return dwarf_attr_integrate(die, DW_AT_type, &attr) &&
           dwarf_formref_die(&attr, out) != NULL;
}

/* The dimensions of an array type, as "[N][M]". */
static void array_dims(Dwarf_Die *arr, char *buf, size_t len)
{
    Dwarf_Die child;
    size_t used = strlen(buf);

    if ( dwarf_child(arr, &child) != 0 )
        return;
    do
    {
        Dwarf_Attribute attr;
        Dwarf_Word n = 0;
        int w;

        if ( dwarf_tag(&child) != DW_TAG_subrange_type )
            continue;
        if ( dwarf_attr(&child, DW_AT_count, &attr) &&
             dwarf_formudata(&attr, &n) == 0 )
            w = snprintf(buf + used, len - used, "[%" PRIu64 "]", n);
        else if ( dwarf_attr(&child, DW_AT_upper_bound, &attr) &&
                  dwarf_formudata(&attr, &n) == 0 )
            w = snprintf(buf + used, len - used, "[%" PRIu64 "]", n + 1);
        else
            w = snprintf(buf + used, len - used, "[]");
        if ( w > 0 && (size_t)w < len - used )
            used += (size_t)w;
    } while ( dwarf_siblingof(&child, &child) == 0 );
}

/* A C spelling of a type: "uint64_t", "struct vcpu_info[32]", "char *". */
static void type_name(Dwarf_Die *t, char *buf, size_t len)
{
    Dwarf_Die inner;
    const char *name = dwarf_diename(t);
    char sub[TYPE_NAME_MAX - 16];

    switch ( dwarf_tag(t) )
    {
    case DW_TAG_base_type:
    case DW_TAG_typedef:
        snprintf(buf, len, "%s", name ? name : "?");
        break;
    case DW_TAG_structure_type:
    case DW_TAG_union_type:
    case DW_TAG_enumeration_type:
        snprintf(buf, len, "%s %s",
                 dwarf_tag(t) == DW_TAG_structure_type ? "struct"
                 : dwarf_tag(t) == DW_TAG_union_type   ? "union"
                                                       : "enum",
                 name ? name : "<anonymous>");
        break;
    case DW_TAG_pointer_type:
        if ( type_of(t, &inner) )
            type_name(&inner, sub, sizeof(sub));
        else
            snprintf(sub, sizeof(sub), "void");
        snprintf(buf, len, "%s *", sub);
        break;
    case DW_TAG_const_type:
    case DW_TAG_volatile_type:
        if ( type_of(t, &inner) )
            type_name(&inner, sub, sizeof(sub));
        else
            snprintf(sub, sizeof(sub), "void");
        snprintf(buf, len, "%s %s",
                 dwarf_tag(t) == DW_TAG_const_type ? "const" : "volatile",
                 sub);
        break;
    case DW_TAG_array_type:
        if ( type_of(t, &inner) )
            type_name(&inner, buf, len);
        else
            snprintf(buf, len, "?");
        array_dims(t, buf, len);
        break;
    case DW_TAG_subroutine_type:
        snprintf(buf, len, "function");
        break;
    default:
        snprintf(buf, len, "?");
        break;
    }
}

/* Strip typedefs and qualifiers. */
static void strip(Dwarf_Die *t)
{
    Dwarf_Die inner;

    while ( (dwarf_tag(t) == DW_TAG_typedef ||
             dwarf_tag(t) == DW_TAG_const_type ||
             dwarf_tag(t) == DW_TAG_volatile_type) &&
            type_of(t, &inner) )
        *t = inner;
}

static int attr_udata(Dwarf_Die *die, unsigned name, Dwarf_Word *out)
{
    Dwarf_Attribute attr;

    return dwarf_attr(die, name, &attr) && dwarf_formudata(&attr, out) == 0
               ? 0
               : -1;
}

struct out
{
    const char *layout;
    unsigned index;
};

/* Print the members of aggregate agg at byte base, names under prefix. */
static void members(struct out *o, Dwarf_Die *agg, Dwarf_Word base,
                    const char *prefix)
{
    Dwarf_Die m;

    if ( dwarf_child(agg, &m) != 0 )
        return;
    do
    {
        Dwarf_Die t, bare;
        Dwarf_Word off = 0, bits = 0, bitoff = 0;
        Dwarf_Word size = 0;
        const char *name;
        char path[TYPE_NAME_MAX], tname[TYPE_NAME_MAX];
        bool anon_type;

        if ( dwarf_tag(&m) != DW_TAG_member || !type_of(&m, &t) )
            continue;
        attr_udata(&m, DW_AT_data_member_location, &off);
        name = dwarf_diename(&m);
        bare = t;
        strip(&bare);
        anon_type = (dwarf_tag(&bare) == DW_TAG_structure_type ||
                     dwarf_tag(&bare) == DW_TAG_union_type) &&
                    dwarf_diename(&bare) == NULL;
        if ( !name && anon_type )
        {
            /* An anonymous member: its members are the parent's. */
            members(o, &bare, base + off, prefix);
            continue;
        }
        snprintf(path, sizeof(path), "%s%s", prefix, name ? name : "?");
        type_name(&t, tname, sizeof(tname));
        if ( dwarf_aggregate_size(&t, &size) != 0 )
            size = 0;
        if ( attr_udata(&m, DW_AT_bit_size, &bits) == 0 )
        {
            /* DWARF 5 gives the offset in bits from the aggregate. */
            if ( attr_udata(&m, DW_AT_data_bit_offset, &bitoff) == 0 )
                off = bitoff / 8 / (size ? size : 1) * (size ? size : 1);
            printf("M\t%s\t%u\t%s\t%" PRIu64 "\t%" PRIu64 "\t%s\t%" PRIu64
                   "\t%" PRIu64 "\n",
                   o->layout, o->index++, path, base + off, size, tname,
                   base * 8 + bitoff, bits);
            continue;
        }
        printf("M\t%s\t%u\t%s\t%" PRIu64 "\t%" PRIu64 "\t%s\t-\t-\n",
               o->layout, o->index++, path, base + off, size, tname);
        /* Not through a typedef: a guest handle stays one member. */
        if ( anon_type && (dwarf_tag(&t) == DW_TAG_structure_type ||
                           dwarf_tag(&t) == DW_TAG_union_type) )
        {
            char sub[TYPE_NAME_MAX + 1];

            snprintf(sub, sizeof(sub), "%s.", path);
            members(o, &bare, base + off, sub);
        }
    } while ( dwarf_siblingof(&m, &m) == 0 );
}

/* The declaring header, relative to the public headers' directory. */
static const char *header_of(Dwarf_Die *die)
{
    static const char *const roots[] = { "/include/public/", "/include/xen/",
                                         "/public/" };
    const char *f = dwarf_decl_file(die), *p;
    size_t i;

    if ( !f )
        return "?";
    for ( i = 0; i < sizeof(roots) / sizeof(roots[0]); i++ )
    {
        if ( (p = strstr(f, roots[i])) != NULL )
            return p + strlen(roots[i]);
    }
    return f;
}

static void layout(Dwarf_Die *die)
{
    struct out o = { dwarf_diename(die), 0 };
    Dwarf_Word size = 0;

    attr_udata(die, DW_AT_byte_size, &size);
    printf("L\t%s\t%s\t%" PRIu64 "\t%s\n", o.layout,
           dwarf_tag(die) == DW_TAG_structure_type ? "struct" : "union", size,
           header_of(die));
    members(&o, die, 0, "");
}

static bool is_wanted(const char *name, char **names, int n)
{
    int i;

    for ( i = 0; name && i < n; i++ )
    {
        if ( strcmp(names[i], name) == 0 )
        {
            names[i] = (char *)""; /* print each once */
            return true;
        }
    }
    return false;
}

int main(int argc, char **argv)
{
    Dwarf *dw;
    Dwarf_Off off = 0, next;
    size_t hsize;
    int fd;

    if ( argc < 3 )
    {
        fprintf(stderr, "usage: layout-extract OBJECT NAME...\n");
        return 2;
    }
    fd = open(argv[1], O_RDONLY);
    if ( fd < 0 || (dw = dwarf_begin(fd, DWARF_C_READ)) == NULL )
    {
        fprintf(stderr, "layout-extract: %s: no DWARF\n", argv[1]);
        return 1;
    }
    while ( dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0 )
    {
        Dwarf_Die cu, d;

        if ( dwarf_offdie(dw, off + hsize, &cu) && dwarf_child(&cu, &d) == 0 )
        {
            do
            {
                Dwarf_Attribute decl;
                int tag = dwarf_tag(&d);

                if ( (tag == DW_TAG_structure_type ||
                      tag == DW_TAG_union_type) &&
                     !dwarf_attr(&d, DW_AT_declaration, &decl) &&
                     is_wanted(dwarf_diename(&d), argv + 2, argc - 2) )
                    layout(&d);
            } while ( dwarf_siblingof(&d, &d) == 0 );
        }
        off = next;
    }
    dwarf_end(dw);
    close(fd);
    return 0;
}
