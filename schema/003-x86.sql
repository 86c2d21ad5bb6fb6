-- Architectural x86 exception vectors (Intel SDM vol. 3 table 6-1, AMD APM
-- vol. 2 table 8-1), with whether the CPU pushes an error code.
CREATE TABLE x86_vector (
    vector          INTEGER PRIMARY KEY,
    mnemonic        TEXT NOT NULL,
    name            TEXT NOT NULL,
    has_error_code  INTEGER NOT NULL
);
INSERT INTO x86_vector VALUES
 (0,  '#DE', 'divide error', 0),
 (1,  '#DB', 'debug', 0),
 (2,  'NMI', 'non-maskable interrupt', 0),
 (3,  '#BP', 'breakpoint', 0),
 (4,  '#OF', 'overflow', 0),
 (5,  '#BR', 'bound range exceeded', 0),
 (6,  '#UD', 'invalid opcode', 0),
 (7,  '#NM', 'device not available', 0),
 (8,  '#DF', 'double fault', 1),
 (9,  'CSO', 'coprocessor segment overrun', 0),
 (10, '#TS', 'invalid TSS', 1),
 (11, '#NP', 'segment not present', 1),
 (12, '#SS', 'stack-segment fault', 1),
 (13, '#GP', 'general protection', 1),
 (14, '#PF', 'page fault', 1),
 (15, 'RSV', 'reserved (spurious interrupt)', 0),
 (16, '#MF', 'x87 floating-point error', 0),
 (17, '#AC', 'alignment check', 1),
 (18, '#MC', 'machine check', 0),
 (19, '#XM', 'SIMD floating-point', 0),
 (20, '#VE', 'virtualization exception', 0),
 (21, '#CP', 'control protection', 1),
 (28, '#HV', 'hypervisor injection (AMD)', 0),
 (29, '#VC', 'VMM communication (AMD)', 1),
 (30, '#SX', 'security exception (AMD)', 1);
