-- HVM exit reasons, which the trace records raw (TRC_HVM_VMEXIT carries the
-- VMX basic exit reason or the SVM exit code; the record does not say which
-- vendor).  VMX: Intel SDM vol. 3 appendix C.  SVM: AMD APM vol. 2
-- appendix C.  v_hvm_exit picks the vendor per run: only SVM has codes of
-- 0x60 and above.
CREATE TABLE x86_vmexit (
    vendor  TEXT NOT NULL CHECK (vendor IN ('vmx', 'svm')),
    reason  INTEGER NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (vendor, reason)
) WITHOUT ROWID;
INSERT INTO x86_vmexit VALUES
 ('vmx', 0, 'EXCEPTION_NMI'), ('vmx', 1, 'EXTERNAL_INTERRUPT'),
 ('vmx', 2, 'TRIPLE_FAULT'), ('vmx', 3, 'INIT'), ('vmx', 4, 'SIPI'),
 ('vmx', 5, 'IO_SMI'), ('vmx', 6, 'OTHER_SMI'), ('vmx', 7, 'INTERRUPT_WINDOW'),
 ('vmx', 8, 'NMI_WINDOW'), ('vmx', 9, 'TASK_SWITCH'), ('vmx', 10, 'CPUID'),
 ('vmx', 11, 'GETSEC'), ('vmx', 12, 'HLT'), ('vmx', 13, 'INVD'),
 ('vmx', 14, 'INVLPG'), ('vmx', 15, 'RDPMC'), ('vmx', 16, 'RDTSC'),
 ('vmx', 17, 'RSM'), ('vmx', 18, 'VMCALL'), ('vmx', 19, 'VMCLEAR'),
 ('vmx', 20, 'VMLAUNCH'), ('vmx', 21, 'VMPTRLD'), ('vmx', 22, 'VMPTRST'),
 ('vmx', 23, 'VMREAD'), ('vmx', 24, 'VMRESUME'), ('vmx', 25, 'VMWRITE'),
 ('vmx', 26, 'VMXOFF'), ('vmx', 27, 'VMXON'), ('vmx', 28, 'CR_ACCESS'),
 ('vmx', 29, 'DR_ACCESS'), ('vmx', 30, 'IO_INSTRUCTION'),
 ('vmx', 31, 'MSR_READ'), ('vmx', 32, 'MSR_WRITE'),
 ('vmx', 33, 'INVALID_GUEST_STATE'), ('vmx', 34, 'MSR_LOADING'),
 ('vmx', 36, 'MWAIT'), ('vmx', 37, 'MONITOR_TRAP_FLAG'), ('vmx', 39, 'MONITOR'),
 ('vmx', 40, 'PAUSE'), ('vmx', 41, 'MCE_DURING_ENTRY'),
 ('vmx', 43, 'TPR_BELOW_THRESHOLD'), ('vmx', 44, 'APIC_ACCESS'),
 ('vmx', 45, 'VIRTUALIZED_EOI'), ('vmx', 46, 'GDTR_IDTR'), ('vmx', 47, 'LDTR_TR'),
 ('vmx', 48, 'EPT_VIOLATION'), ('vmx', 49, 'EPT_MISCONFIG'), ('vmx', 50, 'INVEPT'),
 ('vmx', 51, 'RDTSCP'), ('vmx', 52, 'PREEMPTION_TIMER'), ('vmx', 53, 'INVVPID'),
 ('vmx', 54, 'WBINVD'), ('vmx', 55, 'XSETBV'), ('vmx', 56, 'APIC_WRITE'),
 ('vmx', 57, 'RDRAND'), ('vmx', 58, 'INVPCID'), ('vmx', 59, 'VMFUNC'),
 ('vmx', 60, 'ENCLS'), ('vmx', 61, 'RDSEED'), ('vmx', 62, 'PML_FULL'),
 ('vmx', 63, 'XSAVES'), ('vmx', 64, 'XRSTORS'),
 ('svm', 0x60, 'INTR'), ('svm', 0x61, 'NMI'), ('svm', 0x62, 'SMI'),
 ('svm', 0x63, 'INIT'), ('svm', 0x64, 'VINTR'), ('svm', 0x65, 'CR0_SEL_WRITE'),
 ('svm', 0x66, 'IDTR_READ'), ('svm', 0x67, 'GDTR_READ'), ('svm', 0x68, 'LDTR_READ'),
 ('svm', 0x69, 'TR_READ'), ('svm', 0x6a, 'IDTR_WRITE'), ('svm', 0x6b, 'GDTR_WRITE'),
 ('svm', 0x6c, 'LDTR_WRITE'), ('svm', 0x6d, 'TR_WRITE'), ('svm', 0x6e, 'RDTSC'),
 ('svm', 0x6f, 'RDPMC'), ('svm', 0x70, 'PUSHF'), ('svm', 0x71, 'POPF'),
 ('svm', 0x72, 'CPUID'), ('svm', 0x73, 'RSM'), ('svm', 0x74, 'IRET'),
 ('svm', 0x75, 'SWINT'), ('svm', 0x76, 'INVD'), ('svm', 0x77, 'PAUSE'),
 ('svm', 0x78, 'HLT'), ('svm', 0x79, 'INVLPG'), ('svm', 0x7a, 'INVLPGA'),
 ('svm', 0x7b, 'IOIO'), ('svm', 0x7c, 'MSR'), ('svm', 0x7d, 'TASK_SWITCH'),
 ('svm', 0x7e, 'FERR_FREEZE'), ('svm', 0x7f, 'SHUTDOWN'), ('svm', 0x80, 'VMRUN'),
 ('svm', 0x81, 'VMMCALL'), ('svm', 0x82, 'VMLOAD'), ('svm', 0x83, 'VMSAVE'),
 ('svm', 0x84, 'STGI'), ('svm', 0x85, 'CLGI'), ('svm', 0x86, 'SKINIT'),
 ('svm', 0x87, 'RDTSCP'), ('svm', 0x88, 'ICEBP'), ('svm', 0x89, 'WBINVD'),
 ('svm', 0x8a, 'MONITOR'), ('svm', 0x8b, 'MWAIT'), ('svm', 0x8c, 'MWAIT_CONDITIONAL'),
 ('svm', 0x8d, 'XSETBV'), ('svm', 0x8e, 'RDPRU'), ('svm', 0x8f, 'EFER_WRITE_TRAP'),
 ('svm', 0x400, 'NPF'), ('svm', 0x401, 'AVIC_INCOMPLETE_IPI'),
 ('svm', 0x402, 'AVIC_NOACCEL'), ('svm', 0x403, 'VMGEXIT');
-- SVM's ranges: CR and DR reads and writes, exceptions by vector.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 31)
INSERT INTO x86_vmexit
SELECT 'svm', i, 'CR' || i || '_READ' FROM n WHERE i < 16
UNION ALL SELECT 'svm', 0x10 + i, 'CR' || i || '_WRITE' FROM n WHERE i < 16
UNION ALL SELECT 'svm', 0x20 + i, 'DR' || i || '_READ' FROM n WHERE i < 16
UNION ALL SELECT 'svm', 0x30 + i, 'DR' || i || '_WRITE' FROM n WHERE i < 16
UNION ALL SELECT 'svm', 0x40 + i, 'EXCP' || i FROM n
UNION ALL SELECT 'svm', 0x90 + i, 'CR' || i || '_WRITE_TRAP' FROM n WHERE i < 16;
