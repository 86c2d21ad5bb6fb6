/*
 * image.c (store): a kernel image's container, Xen notes and segments.
 * Few rows per image, so statements are prepared per call.
 */
#include "store/store-int.h"

#include <stdio.h>
#include <string.h>

int xabi_store_put_image(struct xabi_store *st, int64_t run_id,
                         const struct xabi_image_info *info)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "INSERT INTO image (run_id, container, "
                               "compression, elf_class, elf_machine, "
                               "elf_entry, elf_size) VALUES (?1, ?2, ?3, ?4, "
                               "?5, ?6, ?7)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, info->container, -1, SQLITE_STATIC);
    if ( info->compression )
        sqlite3_bind_text(s, 3, info->compression, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, (int)info->elf_class);
    sqlite3_bind_int(s, 5, (int)info->elf_machine);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)info->elf_entry);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)info->elf_size);
    return xabi_store_step_once(st, s, "storing the image");
}

int xabi_store_image_with_note(struct xabi_store *st, const char *name,
                               uint64_t value, int64_t beside,
                               int64_t *run_id, char *path, size_t pathlen,
                               unsigned *nimages)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "SELECT r.id, r.source_path, e.value = ?2 "
                               "FROM elfnote e JOIN run r ON r.id = e.run_id "
                               "WHERE r.source_kind = 'image' AND e.name = ?1 "
                               "ORDER BY e.value = ?2 DESC, "
                               "coalesce(r.label = (SELECT label FROM run "
                               "WHERE id = ?3), 0) DESC, r.id");
    int rc;

    *run_id = 0;
    *nimages = 0;
    if ( pathlen )
        path[0] = '\0';
    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)value);
    sqlite3_bind_int64(s, 3, beside);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        if ( !*nimages && sqlite3_column_int(s, 2) )
        {
            *run_id = sqlite3_column_int64(s, 0);
            snprintf(path, pathlen, "%s",
                     (const char *)sqlite3_column_text(s, 1));
        }
        ++*nimages;
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "finding a kernel image's note");
    return 0;
}

int xabi_store_put_elfnote(struct xabi_store *st, int64_t run_id, int seq,
                           const struct xabi_image_note *n)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "INSERT INTO elfnote (run_id, seq, type, name, "
                               "offset, size, value, text, raw) VALUES (?1, "
                               "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, seq);
    sqlite3_bind_int64(s, 3, n->type);
    if ( n->name )
        sqlite3_bind_text(s, 4, n->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)n->offset);
    sqlite3_bind_int64(s, 6, n->size);
    if ( n->has_value )
        sqlite3_bind_int64(s, 7, (sqlite3_int64)n->value);
    /* Guest text is stored as found; printers escape it. */
    if ( n->text )
        sqlite3_bind_text(s, 8, n->text, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 9, n->size ? n->raw : (const void *)"", (int)n->size,
                      SQLITE_STATIC);
    return xabi_store_step_once(st, s, "storing an ELF note");
}

int xabi_store_put_image_segment(struct xabi_store *st, int64_t run_id, int idx,
                                 const struct xabi_image_segment *g)
{
    sqlite3_stmt *s =
        xabi_store_prepare(st, "INSERT INTO image_segment (run_id, idx, vaddr, "
                               "paddr, filesz, memsz, flags) VALUES (?1, ?2, "
                               "?3, ?4, ?5, ?6, ?7)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, idx);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)g->vaddr);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)g->paddr);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)g->filesz);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)g->memsz);
    sqlite3_bind_int64(s, 7, g->flags);
    return xabi_store_step_once(st, s, "storing a segment");
}

int xabi_store_newest_version(struct xabi_store *st, char *out, size_t len)
{
    /* Versions compare as numbers: 4.10 is newer than 4.9. */
    sqlite3_stmt *s =
        xabi_store_prepare(st, "SELECT version FROM abi_version ORDER BY "
                               "CAST(substr(version, 1, instr(version, '.') "
                               "- 1) AS INTEGER) DESC, CAST(substr(version, "
                               "instr(version, '.') + 1) AS INTEGER) DESC "
                               "LIMIT 1");
    int rc;

    if ( !s )
        return -1;
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
        snprintf(out, len, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW )
    {
        xabi_store_set_error(st, "%s: the ABI catalogue is empty", st->path);
        return -1;
    }
    return 0;
}
