-- Views for readers: the analyzer, the generator, `xabi stats`, and anyone
-- at the sqlite3 prompt.  Names come from the catalogue of the run's Xen
-- version; a number the catalogue does not know keeps its number.

-- The primary name of each hypercall number per version (compat aliases
-- excluded).  Where x86 names a generic slot (48, __HYPERVISOR_arch_0, is
-- x86's mca), the x86 name wins: xabi reads x86 guests.
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

-- Domains and vCPUs with 'unknown' spelled out.
CREATE VIEW v_vcpu AS
SELECT run_id, domid, vcpu,
       CASE WHEN domid < 0 THEN 'unknown'
            WHEN domid = 32767 THEN 'idle'
            ELSE 'd' || domid END AS domain_label,
       CASE WHEN vcpu < 0 THEN 'unknown' ELSE 'v' || vcpu END AS vcpu_label,
       records, first_tsc, last_tsc
  FROM vcpu;

-- Hypercalls per vCPU: direct calls, calls inside multicalls, and calls
-- from HVM/PVH guests (VMMCALL/VMCALL), each named for the run's version.
CREATE VIEW v_hypercall AS
SELECT a.run_id, a.domid, a.vcpu, a.key AS nr,
       coalesce(n.name, 'hypercall_' || a.key) AS name,
       n.name IS NOT NULL AS defined,
       sum(CASE WHEN a.kind = 'hypercall' THEN a.count ELSE 0 END) AS calls,
       sum(CASE WHEN a.kind = 'subcall' THEN a.count ELSE 0 END) AS subcalls,
       sum(CASE WHEN a.kind = 'hvm_vmmcall' THEN a.count ELSE 0 END)
           AS hvm_calls,
       min(a.first_tsc) AS first_tsc, max(a.last_tsc) AS last_tsc
  FROM fact_agg a
  JOIN run r ON r.id = a.run_id
  LEFT JOIN v_hypercall_name n ON n.version = r.xen_version AND n.nr = a.key
 WHERE a.kind IN ('hypercall', 'subcall', 'hvm_vmmcall')
 GROUP BY a.run_id, a.domid, a.vcpu, a.key;

-- Sub-ops per vCPU, for the hypercalls whose trace record carries one,
-- named from the catalogue's sub-op numbers of the run's version.
CREATE VIEW v_hypercall_subop AS
SELECT a.run_id, a.domid, a.vcpu, a.key >> 32 AS nr,
       coalesce(n.name, 'hypercall_' || (a.key >> 32)) AS hypercall,
       a.key & 0xffffffff AS subop,
       coalesce((SELECT min(s.name) FROM abi_subop s
                  WHERE s.version = r.xen_version AND s.hypercall = n.name
                    AND s.nr = (a.key & 0xffffffff)),
                'subop_' || (a.key & 0xffffffff)) AS name,
       a.count, a.first_tsc, a.last_tsc
  FROM fact_agg a
  JOIN run r ON r.id = a.run_id
  LEFT JOIN v_hypercall_name n ON n.version = r.xen_version
                              AND n.nr = a.key >> 32
 WHERE a.kind = 'hypercall_subop';

-- Exceptions and interrupts delivered or injected, per vector.
CREATE VIEW v_trap AS
SELECT a.run_id, a.domid, a.vcpu, a.kind, a.key AS vector,
       coalesce(x.mnemonic, 'vec' || a.key) AS mnemonic,
       coalesce(x.name, CASE WHEN a.key >= 32 THEN 'interrupt'
                             ELSE 'reserved' END) AS name,
       x.has_error_code AS architectural_error_code,
       a.count, a.with_error_code, a.first_tsc, a.last_tsc
  FROM fact_agg a
  LEFT JOIN x86_vector x ON x.vector = a.key
 WHERE a.kind IN ('trap', 'hvm_inj_exc', 'hvm_trap');

-- Every event id seen, with its TRC_* name for the run's version.  The
-- 64-bit layouts (TRC_64_FLAG, 0x100, added to a base id) are named after
-- their base id, except in TRC_SCHED (class 0x002), where bit 8 is a
-- runstate or a scheduler's event (xabi stats names those from abi/).
CREATE VIEW v_event_count AS
SELECT e.run_id, e.event, e.count, e.decoded,
       coalesce(
           (SELECT min(c.name) FROM abi_constant c
             WHERE c.version = r.xen_version AND c.kind = 'trc'
               AND c.value = e.event),
           (SELECT min(c.name) || ' | TRC_64_FLAG' FROM abi_constant c
             WHERE c.version = r.xen_version AND c.kind = 'trc'
               AND (e.event & 256) != 0 AND (e.event >> 16) != 2
               AND c.value = e.event - 256))
           AS name
  FROM event_count e
  JOIN run r ON r.id = e.run_id;

-- HVM exits per vCPU, named for the vendor the run's exit codes show.
CREATE VIEW v_hvm_exit AS
WITH vendor AS (
    SELECT run_id, CASE WHEN max(key) >= 0x60 THEN 'svm' ELSE 'vmx' END AS v
      FROM fact_agg WHERE kind = 'hvm_exit' GROUP BY run_id)
SELECT a.run_id, a.domid, a.vcpu, vendor.v AS vendor, a.key AS reason,
       coalesce(x.name, 'exit_' || a.key) AS name, a.count,
       a.first_tsc, a.last_tsc
  FROM fact_agg a
  JOIN vendor ON vendor.run_id = a.run_id
  LEFT JOIN x86_vmexit x ON x.vendor = vendor.v AND x.reason = a.key
 WHERE a.kind = 'hvm_exit';

-- Hypercall page stubs with their page and run, named for the run's Xen
-- version: what `xabi stats` and the pages show.  Addresses are hex text
-- (a kernel's are above 2^63, negative as SQLite integers).
CREATE VIEW v_hypercall_stub AS
SELECT p.run_id, p.id AS page_id, p.domid, printf('0x%x', p.va) AS page_va,
       p.guest_type, s.idx, printf('0x%x', s.va) AS va, coalesce(n.name, 'hypercall_' || s.idx) AS name,
       n.name IS NOT NULL AS defined, s.class, s.layout, s.xen_since,
       s.xen_until, s.why, s.disasm, hex(s.bytes) AS bytes
  FROM hypercall_stub s
  JOIN hypercall_page p ON p.id = s.page_id
  JOIN run r ON r.id = p.run_id
  LEFT JOIN v_hypercall_name n ON n.version = r.xen_version AND n.nr = s.idx;

-- What a run could observe, per trace class (013-observable.sql).
-- Per run and trace class: traced 1 or 0; when 0, reason and detail.
CREATE VIEW v_run_class AS
SELECT run_id, class, shows, mask, traced,
       CASE WHEN traced THEN NULL
            WHEN source_kind NOT IN ('trace', 'live') THEN 'not-in-source'
            ELSE 'not-traced' END AS reason,
       CASE WHEN traced THEN NULL
            WHEN source_kind NOT IN ('trace', 'live') THEN
                 printf('run %d is a %s, not a trace: it holds no trace ' ||
                        'records, so no %s could be observed',
                        run_id, source_kind, shows)
            WHEN source_kind = 'live' THEN
                 printf('the run''s event mask 0x%08x excluded %s ' ||
                        '(0x%08x), so no %s could be observed',
                        event_mask, class, mask, shows)
            ELSE printf('the trace holds no %s record (0x%08x) at all: ' ||
                        'its event mask excluded the class, or nothing of ' ||
                        'the class happened (a trace file does not keep ' ||
                        'its mask), so no %s could be observed',
                        class, mask, shows) END AS detail
  FROM (SELECT x.*,
               CASE WHEN source_kind NOT IN ('trace', 'live') THEN 0
                    WHEN source_kind = 'live' THEN
                         coalesce(((event_mask >> 16) & (mask >> 16) & 4095) != 0
                              AND ((event_mask >> 12) & (mask >> 12) & 15) != 0,
                                  1)
                    ELSE EXISTS (SELECT 1 FROM event_count e
                                  WHERE e.run_id = x.run_id
                                    AND ((e.event >> 16) & (mask >> 16) & 4095) != 0
                                    AND ((e.event >> 12) & (mask >> 12) & 15) != 0)
               END AS traced
          FROM (SELECT r.id AS run_id, r.source_kind, c.name AS class,
                       c.shows, h.event_mask,
                       coalesce((SELECT a.value FROM abi_constant a
                                  WHERE a.kind = 'trc' AND a.name = c.name
                                    AND a.version = r.xen_version),
                                (SELECT max(a.value) FROM abi_constant a
                                  WHERE a.kind = 'trc' AND a.name = c.name),
                                268431360) AS mask -- else TRC_ALL
                  FROM run r CROSS JOIN trace_class c
                  LEFT JOIN live_host h ON h.run_id = r.id) x);

-- The CPU mode of each snapshot of an HVM or PVH vCPU, from its CR0, EFER
-- and RFLAGS: 'real' (CR0.PE clear), 'vm86' (RFLAGS.VM), 'long' (EFER.LMA,
-- bit 10), else 'protected'; NULL when the snapshot holds no CR0 (a PV
-- context's CR0 is the guest's view, not its mode).  Intel SDM vol. 3,
-- 2.2 Modes of Operation.
CREATE VIEW v_snapshot_mode AS
SELECT s.id AS snapshot_id, s.run_id, s.domid, s.vcpu, s.guest_type,
       CASE WHEN s.guest_type NOT IN ('HVM', 'PVH') OR c.value IS NULL
                THEN NULL
            WHEN (c.value & 1) = 0 THEN 'real'
            WHEN (coalesce(f.value, 0) & 131072) != 0 THEN 'vm86'
            WHEN (coalesce(e.value, 0) & 1024) != 0 THEN 'long'
            ELSE 'protected' END AS mode
  FROM snapshot s
  LEFT JOIN snapshot_reg c ON c.snapshot_id = s.id AND c.name = 'cr0'
  LEFT JOIN snapshot_reg e ON e.snapshot_id = s.id AND e.name = 'efer'
  LEFT JOIN snapshot_reg f ON f.snapshot_id = s.id AND f.name = 'rflags';

-- Segment loads between two snapshots, with the mode on each side
-- (v_snapshot_mode): a real-mode load after big real mode shows as
-- real -> real with the old base not selector x 16.
CREATE VIEW v_segment_load AS
SELECT l.*, a.mode AS old_mode, b.mode AS new_mode
  FROM segment_load l
  LEFT JOIN v_snapshot_mode a ON a.snapshot_id = l.before_snapshot
  LEFT JOIN v_snapshot_mode b ON b.snapshot_id = l.after_snapshot;
