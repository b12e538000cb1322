#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Freestanding check for one Tessera library.

Compiles every src/*.c of a library with -nostdinc against the compiler's own
headers and the library's include/ directory alone (so only the port header's
compiler headers are reachable), then reads the objects' symbol tables:

  - an undefined symbol must be defined by another object of the library or be
    one of memcpy, memmove, memset, memcmp;
  - no object may hold writable static storage (.data/.bss: mutable globals or
    function-local statics).

Exit 0 when the library passes; 1 with one line per finding otherwise; 2 on
usage errors.
"""

import argparse
import glob
import os
import subprocess
import sys
import tempfile

ALLOWED_EXTERNAL = {"memcpy", "memmove", "memset", "memcmp"}
# nm symbol types for writable data: initialised data, BSS, common, small
# data and small BSS (upper case global, lower case local).
WRITABLE_TYPES = set("DdBbCGgSs")


def compiler_include_dir(cc):
    out = subprocess.run(cc + ["-print-file-name=include"], check=True,
                         capture_output=True, text=True).stdout.strip()
    if not os.path.isdir(out):
        # clang answers with a bare name; its headers live in the resource dir.
        res = subprocess.run(cc + ["-print-resource-dir"], check=True,
                             capture_output=True, text=True).stdout.strip()
        out = os.path.join(res, "include")
    return out


def target_is_aarch64(cc):
    out = subprocess.run(cc + ["-dumpmachine"], check=True,
                         capture_output=True, text=True).stdout
    return out.startswith("aarch64")


def read_symbols(nm, obj):
    """Return (defined, undefined, writable) symbol name sets of one object."""
    out = subprocess.run(nm + ["--format=posix", obj], check=True,
                         capture_output=True, text=True).stdout
    defined, undefined, writable = set(), set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == "U":
            undefined.add(name)
        elif kind in "wvWV":
            continue
        else:
            if kind.isupper():
                defined.add(name)
            if kind in WRITABLE_TYPES:
                writable.add(name)
    return defined, undefined, writable


def check(libdir, cc, nm, extra_cflags):
    srcs = sorted(glob.glob(os.path.join(libdir, "src", "*.c")))
    if not srcs:
        return ["%s: no sources in src/" % libdir]
    base = ["-std=c11", "-O2", "-ffreestanding", "-nostdinc", "-fno-pie",
            "-fno-stack-protector", "-fno-common", "-Wall", "-Werror",
            "-isystem", compiler_include_dir(cc),
            "-I", os.path.join(libdir, "include"),
            "-I", os.path.join(libdir, "src")]
    if target_is_aarch64(cc):
        # Kernel code keeps off the FP/SIMD registers, and atomics are
        # inlined rather than calls to libgcc's outline helpers.
        base += ["-mgeneral-regs-only", "-mno-outline-atomics"]
    findings = []
    objs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, src in enumerate(srcs):
            obj = os.path.join(tmp, "%d.o" % i)
            r = subprocess.run(cc + base + extra_cflags + ["-c", src, "-o", obj],
                               capture_output=True, text=True)
            if r.returncode != 0:
                first = (r.stderr.strip().splitlines() or ["(no output)"])[0]
                findings.append("%s: does not compile freestanding: %s"
                                % (os.path.relpath(src), first))
                continue
            objs.append((src, obj))
        defined_all = set()
        per_obj = []
        for src, obj in objs:
            d, u, w = read_symbols(nm, obj)
            defined_all |= d
            per_obj.append((src, u, w))
        for src, undefined, writable in per_obj:
            rel = os.path.relpath(src)
            for sym in sorted(undefined - defined_all - ALLOWED_EXTERNAL):
                findings.append("%s: references external symbol '%s' "
                                "(only %s are allowed)"
                                % (rel, sym, " ".join(sorted(ALLOWED_EXTERNAL))))
            for sym in sorted(writable):
                findings.append("%s: writable static storage '%s' "
                                "(libraries keep state in caller storage)"
                                % (rel, sym))
    return findings


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cc", required=True,
                    help="C compiler command (may contain arguments)")
    ap.add_argument("--nm", required=True, help="nm command for the target")
    ap.add_argument("--cflags", default="",
                    help="extra flags, space separated")
    ap.add_argument("libdir", nargs="+", help="library folder(s)")
    args = ap.parse_args()
    cc, nm = args.cc.split(), args.nm.split()
    extra = args.cflags.split()
    bad = 0
    for libdir in args.libdir:
        if not os.path.isdir(libdir):
            print("check-freestanding: %s: no such library folder" % libdir,
                  file=sys.stderr)
            return 2
        findings = check(libdir, cc, nm, extra)
        name = os.path.basename(os.path.normpath(libdir))
        if findings:
            bad += 1
            print("%s: NOT freestanding" % name)
            for f in findings:
                print("  " + f)
        else:
            print("%s: freestanding (%s)" % (name, " ".join(cc)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
