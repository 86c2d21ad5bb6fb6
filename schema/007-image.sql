-- Guest kernel images (`xabi collect --image FILE`): the Xen ELF notes a
-- kernel carries (xen/include/public/elfnote.h) and its loadable segments,
-- so rules can check the notes against the image.  A run with
-- source_kind 'image' holds them; its source_sha256 is that of the file as
-- given (a bzImage, or a vmlinux).

-- The container the ELF came out of.
CREATE TABLE image (
    run_id      INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
    container   TEXT NOT NULL,  -- 'elf', or 'bzImage'
    compression TEXT,           -- bzImage payload: gzip, xz, zstd, lz4, ...
    elf_class   INTEGER NOT NULL, -- 32 or 64
    elf_machine INTEGER NOT NULL, -- e_machine: 62 x86-64, 3 i386
    elf_entry   INTEGER NOT NULL,
    elf_size    INTEGER NOT NULL  -- bytes of the (decompressed) ELF
);

-- One row per Xen note, in file order.  value holds numeric notes (ENTRY,
-- HYPERCALL_PAGE, VIRT_BASE, ...), text the string ones (GUEST_OS,
-- FEATURES, ...); raw is always the note's descriptor as found.
CREATE TABLE elfnote (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    type        INTEGER NOT NULL,
    name        TEXT,            -- XEN_ELFNOTE_*, NULL if this xabi has none
    offset      INTEGER NOT NULL, -- of the note header in the ELF
    size        INTEGER NOT NULL, -- descriptor bytes
    value       INTEGER,
    text        TEXT,
    raw         BLOB NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

-- The ELF program headers of type PT_LOAD.
CREATE TABLE image_segment (
    run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    vaddr       INTEGER NOT NULL,
    paddr       INTEGER NOT NULL,
    filesz      INTEGER NOT NULL,
    memsz       INTEGER NOT NULL,
    flags       INTEGER NOT NULL, -- PF_R 4, PF_W 2, PF_X 1
    PRIMARY KEY (run_id, idx)
) WITHOUT ROWID;
