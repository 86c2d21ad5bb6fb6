-- Schema 6 -> 7: struct layouts in the ABI catalogue (schema/004-abi.sql),
-- and whom each constant and sub-op is for (guest, tools, xen).
--
-- The tables start empty here.  The built-in versions' rows (layouts
-- included) reach an upgraded database when the opener finds its
-- catalogue hash differs from this xabi's and seeds the built-in versions
-- again (store/schema.c); v_hypercall_name, which now prefers x86's name
-- of a generic slot, is remade with the other views by their hash.

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
