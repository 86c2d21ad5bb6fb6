-- Fixture for tests/golden/render-snapshots.sh: vCPU snapshots and
-- findings attached to runs 1 (trace_domU) and 2 (trace_pvh_linux), so the
-- pages that read the analyzer's tables are exercised end to end.
--
-- The register, segment, trap-table and callback values are copied from the
-- real snapshots of the same Xen 4.17.7 setups (shared/data/xen-4.17-qemu*:
-- getctx_domU_initial.txt, getctx_dom0_vcpu1.txt, pvh_pvhinfo_initial.txt);
-- attaching them to these runs is the fixture's doing.  The findings are
-- made up, one with markup in its message.

-- 64-bit addresses are stored as SQLite integers (two's complement).

-- PV64 domU 1 vCPU 0, created paused: getctx_domU_initial.txt
INSERT INTO snapshot (id, run_id, domid, vcpu, phase, user_mode_seen, tsc,
                      guest_type, source, traps_read, gdt_read)
VALUES (1, 1, 1, 0, 'initial', 0, NULL, 'PV64', 'fixture:getctx_domU_initial',
        1, 0);
INSERT INTO snapshot_segment (snapshot_id, reg, selector) VALUES
 (1, 'cs', 0xe033), (1, 'ss', 0xe02b), (1, 'ds', 0), (1, 'es', 0),
 (1, 'fs', 0), (1, 'gs', 0);
INSERT INTO snapshot_reg (snapshot_id, name, value) VALUES
 (1, 'rip', -2096655936), -- 0xffffffff830791c0
 (1, 'cr0', 0x80050033), (1, 'kernel_ss', 0xe02b);
INSERT INTO snapshot_callback (snapshot_id, type, cs, address) VALUES
 (1, 'event', NULL, 0), (1, 'failsafe', NULL, 0), (1, 'syscall', NULL, 0);

-- dom0 vCPU 1 while running user space: getctx_dom0_vcpu1.txt
INSERT INTO snapshot (id, run_id, domid, vcpu, phase, user_mode_seen, tsc,
                      guest_type, source, traps_read, gdt_read)
VALUES (2, 1, 0, 1, 'running', 1, NULL, 'PV64', 'fixture:getctx_dom0_vcpu1',
        1, 0);
INSERT INTO snapshot_segment (snapshot_id, reg, selector) VALUES
 (2, 'cs', 0xe033), (2, 'ss', 0xe02b), (2, 'ds', 0x2b), (2, 'es', 0x2b),
 (2, 'fs', 0), (2, 'gs', 0);
INSERT INTO snapshot_trap (snapshot_id, vector, flags, cs, address) VALUES
 (2, 0, 4, 0x13, -2130543216), (2, 1, 4, 0x13, -2130543200),
 (2, 2, 4, 0x13, -2130543168), (2, 3, 7, 0x13, -2130543184),
 (2, 4, 7, 0x13, -2130543152), (2, 6, 4, 0x13, -2130543120),
 (2, 13, 4, 0x13, -2130543008), (2, 14, 4, 0x13, -2130542992);
INSERT INTO snapshot_callback (snapshot_id, type, cs, address) VALUES
 (2, 'event', NULL, -2130542864), (2, 'failsafe', NULL, -2118118640),
 (2, 'syscall', NULL, -2130542800);

-- PVH domU 1 vCPU 0, created paused: pvh_pvhinfo_initial.txt
INSERT INTO snapshot (id, run_id, domid, vcpu, phase, user_mode_seen, tsc,
                      guest_type, source, traps_read, gdt_read)
VALUES (3, 2, 1, 0, 'initial', 0, NULL, 'PVH', 'fixture:pvh_pvhinfo_initial',
        0, 0);
INSERT INTO snapshot_reg (snapshot_id, name, value) VALUES
 (3, 'rip', 0x1000850), (3, 'rbx', 0x4a00000), (3, 'rflags', 0x2),
 (3, 'cr0', 0x11), (3, 'cr4', 0), (3, 'efer', 0);
INSERT INTO snapshot_segment (snapshot_id, reg, selector, base, seg_limit,
                              attr) VALUES
 (3, 'cs', 0, 0, 0xffffffff, 0xc9b), (3, 'ds', 0, 0, 0xffffffff, 0xc93),
 (3, 'es', 0, 0, 0xffffffff, 0xc93), (3, 'ss', 0, 0, 0xffffffff, 0xc93),
 (3, 'fs', 0, 0, 0, 0), (3, 'gs', 0, 0, 0, 0),
 (3, 'tr', 0, 0, 0x67, 0x8b), (3, 'ldtr', 0, 0, 0, 0);
INSERT INTO snapshot_start_info (snapshot_id, gpa, magic, version, flags,
                                 nr_modules, modlist_paddr, cmdline_paddr,
                                 rsdp_paddr, memmap_paddr, memmap_entries)
VALUES (3, 0x4a00000, 0x336ec578, 1, 0, 1, 0x4a00070, 0x4a00038, 0xfc008000,
        0x4a008b0, 5);

-- Findings: run 1 checked, run 2 never checked.
INSERT INTO check_run (run_id, checked_at, xabi_version, rules)
VALUES (1, '2026-01-01T00:00:00Z', 'fixture', NULL);
INSERT INTO finding (run_id, rule_id, verdict, reason, domid, vcpu, tsc,
                     snapshot_id, offset, fact_kind, fact_key, count, message)
VALUES
 (1, 'SEG-001', 'PASS', NULL, 1, 0, NULL, 1, NULL, NULL, NULL, NULL,
  'PV64 start of day: CS 0xe033, SS 0xe02b, DS/ES/FS/GS NUL'),
 (1, 'TRAP-001', 'PASS', NULL, 1, 0, 173949257495, NULL, 4132280, 'trap', 3,
  4, '#BP delivered without an error code, as architected'),
 (1, 'TRAP-001', 'FAIL', NULL, 1, 0, NULL, NULL, 4945240, 'trap', 13, 1,
  'guest said <script>alert(1)</script> [[x]] {{y}} *z* `w`'),
 (1, 'TRACE-001', 'NOT-OBSERVED', 'no-snapshot', NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, 'no vCPU snapshot of domain 0 at start of day');

-- A kernel image run, its notes as Debian's linux-image-6.1.0-56-amd64
-- carries them (tests/data/kernel-xen-elfnotes.txt), but for GUEST_OS: a
-- guest controls that string, so here it is full of markup.
INSERT INTO run (id, source_kind, source_path, source_size, source_sha256,
                 xen_version, label, collected_at, xabi_version, status)
VALUES (3, 'image', 'fixture-vmlinuz', 1, 'fixture', '4.17', NULL,
        '2026-01-01T00:00:00Z', 'fixture', 'complete');
INSERT INTO image (run_id, container, compression, elf_class, elf_machine,
                   elf_entry, elf_size)
VALUES (3, 'elf', NULL, 64, 62, -2096655936, 1);
INSERT INTO elfnote (run_id, seq, type, name, offset, size, value, text, raw)
VALUES
 (3, 0, 6, 'XEN_ELFNOTE_GUEST_OS', 23861648, 6, NULL,
  'linux<script>alert(3)</script>[[Main Page]]{{X}}''''''b'''''' *e* `r`',
  x'6c696e757800'),
 (3, 1, 1, 'XEN_ELFNOTE_ENTRY', 23861764, 8, -2096655936, NULL,
  x'c091078300000000'),
 (3, 2, 18, 'XEN_ELFNOTE_PHYS32_ENTRY', 23862128, 8, 16779344, NULL,
  x'5008000100000000'),
 (3, 3, 99, NULL, 23862200, 2, NULL, NULL, x'abcd');
