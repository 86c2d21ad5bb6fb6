-- Schema 3 -> 4: struct layouts in the ABI catalogue (schema/004-abi.sql),
-- whose each constant and sub-op is (guest, tools, xen), and
-- v_hypercall_name preferring x86's name of a generic slot
-- (schema/090-views.sql).
--
-- Catalogue data: a database keeps the catalogue rows it was seeded with
-- when it was created (schema/catalogue/ is run only on create).  These
-- tables start empty here; the built-in versions' layout rows (and any
-- other catalogue rows that changed since) reach an upgraded database only
-- if the migration runner re-seeds the built-in versions after this file:
-- DELETE FROM abi_version WHERE version IN (the built-in ones), then run
-- schema/catalogue/*.sql, in the same transaction.  Versions a user
-- imported under other names are left alone; they have no layouts.

ALTER TABLE abi_constant ADD COLUMN audience TEXT NOT NULL DEFAULT 'guest';
ALTER TABLE abi_subop ADD COLUMN audience TEXT NOT NULL DEFAULT 'guest';

-- Struct and union layouts, per x86 width, from the DWARF of the release's
-- public headers compiled with gcc -m32 / -m64 (scripts/make-catalogue.sh,
-- scripts/layout-extract.c).  Only the layouts the catalogue names, and
-- only those the release defines.
CREATE TABLE abi_layout (
    version     TEXT NOT NULL REFERENCES abi_version(version) ON DELETE CASCADE,
    width       TEXT NOT NULL,          -- x86_32, x86_64
    name        TEXT NOT NULL,          -- the tag: start_info, grant_entry_v2
    kind        TEXT NOT NULL,          -- struct, union
    size        INTEGER NOT NULL,       -- sizeof, in bytes
    header      TEXT NOT NULL,          -- where it is declared: xen.h
    PRIMARY KEY (version, width, name)
) WITHOUT ROWID;

-- The members of a layout in declaration order.  Members of anonymous
-- structs and unions are flattened into their parent and those of a named
-- member's anonymous type are dotted ("arg1.mfn"): every name is one that
-- offsetof() accepts.  bit_offset (from the layout's start) and bit_size
-- are set for bit-fields only.
CREATE TABLE abi_layout_member (
    version     TEXT NOT NULL,
    width       TEXT NOT NULL,
    layout      TEXT NOT NULL,
    idx         INTEGER NOT NULL,       -- declaration order, from 0
    name        TEXT NOT NULL,
    offset      INTEGER NOT NULL,       -- offsetof, in bytes
    size        INTEGER NOT NULL,       -- sizeof, in bytes
    type        TEXT NOT NULL,          -- as DWARF spells it: uint64_t
    bit_offset  INTEGER,
    bit_size    INTEGER,
    PRIMARY KEY (version, width, layout, name),
    FOREIGN KEY (version, width, layout)
        REFERENCES abi_layout(version, width, name) ON DELETE CASCADE
) WITHOUT ROWID;

-- The primary name of each hypercall number per version (compat aliases
-- excluded).  Where x86 names a generic slot (48, __HYPERVISOR_arch_0, is
-- x86's mca), the x86 name wins: xabi reads x86 guests.
DROP VIEW v_hypercall_name;
CREATE VIEW v_hypercall_name AS
SELECT version, nr,
       (SELECT n.name FROM abi_hypercall n
         WHERE n.version = h.version AND n.nr = h.nr AND n.alias_of IS NULL
         ORDER BY n.x86_only DESC, n.name LIMIT 1) AS name,
       max(x86_only) AS x86_only, max(deprecated) AS deprecated,
       max(dropped) AS dropped
  FROM abi_hypercall h
 WHERE alias_of IS NULL
 GROUP BY version, nr;
