-- PV hypercall pages (`xabi collect --hypercall-page FILE --va ADDR`, and
-- the live collector): the page Xen writes at the address the guest
-- kernel's XEN_ELFNOTE_HYPERCALL_PAGE names, 128 stubs of 32 bytes, stub N
-- entering Xen with hypercall N.  Each stub is disassembled with Capstone
-- (AT&T syntax) and classified against the layouts Xen's source writes
-- (collector/hcpage.c cites them per Xen version); the analyzer's HCPAGE-*
-- rules read the classes, the pages and `xabi stats` the instructions.
-- A run of source_kind 'hcpage' holds a dump file's page; its
-- source_sha256 is that of the 4096 bytes.

-- One row per page: whose, where, and how it was read.
CREATE TABLE hypercall_page (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
    domid        INTEGER NOT NULL,  -- -1: the source does not say
    va           INTEGER NOT NULL,  -- guest virtual address of byte 0
    guest_type   TEXT NOT NULL CHECK (guest_type IN ('PV64', 'PV32')),
    source       TEXT NOT NULL,     -- 'file' (a dump), 'live' (mapped)
    disassembler TEXT NOT NULL,     -- e.g. 'capstone 4.0'
    UNIQUE (run_id, domid)
);

-- One row per stub, idx 0-127 (the hypercall number).  class:
--   hypercall   Xen's stub for idx (push/pop around syscall on PV64,
--               int $0x82 on PV32), int3 after it
--   iret        Xen's stub 23 (__HYPERVISOR_iret), which does not return
--   filler      32 bytes of int3 (0xcc), what Xen fills the page with
--   empty       32 zero bytes: nothing was written
--   unexpected  anything else; why says where it first differs
-- layout names the Xen layout matched, and xen_since/xen_until the Xen
-- versions that write it (xen_until NULL: still written), so a rule can
-- hold a stub to the run's version.  disasm is the instructions on one
-- line, runs of int3 folded ('int3 x18').
CREATE TABLE hypercall_stub (
    page_id      INTEGER NOT NULL
                 REFERENCES hypercall_page(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL CHECK (idx BETWEEN 0 AND 127),
    va           INTEGER NOT NULL,
    class        TEXT NOT NULL CHECK (class IN
                 ('hypercall', 'iret', 'filler', 'empty', 'unexpected')),
    layout       TEXT,
    xen_since    TEXT,
    xen_until    TEXT,
    why          TEXT,
    bytes        BLOB NOT NULL,     -- the 32 bytes as found
    disasm       TEXT NOT NULL,
    undecoded_at INTEGER,           -- offset from which Capstone decoded
                                    -- nothing; NULL: every byte decoded
    PRIMARY KEY (page_id, idx)
) WITHOUT ROWID;

-- Every instruction of every stub, as Capstone decoded it.
CREATE TABLE hypercall_stub_insn (
    page_id      INTEGER NOT NULL
                 REFERENCES hypercall_page(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    offset       INTEGER NOT NULL,  -- in the stub
    bytes        BLOB NOT NULL,
    mnemonic     TEXT NOT NULL,     -- AT&T: 'pushq', 'movl', 'syscall'
    operands     TEXT NOT NULL,     -- AT&T: '$0x17, %eax'
    PRIMARY KEY (page_id, idx, seq)
) WITHOUT ROWID;
