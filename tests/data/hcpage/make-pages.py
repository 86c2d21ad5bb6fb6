#!/usr/bin/env python3
"""Writes the hypercall page fixtures, byte by byte as Xen lays them out.

Facts from Xen's source (not copied): xen/arch/x86/domain.c:
init_hypercall_page fills the page with 0xcc; xen/arch/x86/pv/hypercall.c:
pv_ring3_init_hypercall_page / pv_ring1_init_hypercall_page write the
stubs (Xen 4.13-4.22; the same bytes since 4.4, see collector/hcpage.c).
Run from this directory: python3 make-pages.py
"""
import struct

IRET = 23  # xen/include/public/xen.h: __HYPERVISOR_iret


def pv64(n):
    if n == IRET:  # push %rcx; push %r11; push %rax; mov $23,%eax; syscall
        return b"\x51" + b"\x41\x53" + b"\x50" + b"\xb8" + struct.pack("<I", n) + b"\x0f\x05"
    # push %rcx; push %r11; mov $n,%eax; syscall; pop %r11; pop %rcx; ret
    return (b"\x51" + b"\x41\x53" + b"\xb8" + struct.pack("<I", n) + b"\x0f\x05"
            + b"\x41\x5b" + b"\x59" + b"\xc3")


def pv32(n):
    if n == IRET:  # push %eax; mov $23,%eax; int $0x82
        return b"\x50" + b"\xb8" + struct.pack("<I", n) + b"\xcd\x82"
    # mov $n,%eax; int $0x82; ret
    return b"\xb8" + struct.pack("<I", n) + b"\xcd\x82" + b"\xc3"


def page(stub):
    out = bytearray(b"\xcc" * 4096)
    for n in range(128):
        s = stub(n)
        out[n * 32:n * 32 + len(s)] = s
    return out


open("pv64-xen-4.17.page", "wb").write(page(pv64))
open("pv32-xen-4.17.page", "wb").write(page(pv32))
# Tampered: stub 1 enters Xen with 2 (mov $2,%eax), and the iret stub
# returns (ret where int3 belongs).
bad = page(pv64)
bad[1 * 32 + 4] = 2
bad[IRET * 32 + 11] = 0xc3
open("pv64-tampered.page", "wb").write(bad)
