#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The project's checkers must bite: each fixture that breaks a rule is
rejected with the reason, and each fixture that keeps the rules passes.

Usage: test_checkers.py --scripts DIR --fixtures DIR --cc CC --nm NM
                        [--doxygen DOXYGEN --doxyfile FILE]
Prints TAP.
"""

import argparse
import os
import subprocess
import sys


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scripts", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--nm", required=True)
    ap.add_argument("--doxygen")
    ap.add_argument("--doxyfile")
    a = ap.parse_args()
    py = sys.executable
    fs = [py, os.path.join(a.scripts, "check-freestanding.py"),
          "--cc", a.cc, "--nm", a.nm]
    gate = [py, os.path.join(a.scripts, "coverage-gate.py"), "--summary"]
    fx = a.fixtures

    # (name, command, expected exit status, text the output must contain)
    cases = [
        ("freestanding accepts a clean library",
         fs + [os.path.join(fx, "fs-good")], 0, "fs-good: freestanding"),
        ("freestanding rejects a call to malloc",
         fs + [os.path.join(fx, "fs-malloc")], 1,
         "references external symbol 'malloc'"),
        ("freestanding rejects a C library header",
         fs + [os.path.join(fx, "fs-hosted")], 1,
         "does not compile freestanding"),
        ("freestanding rejects a mutable global",
         fs + [os.path.join(fx, "fs-global")], 1,
         "writable static storage 'tfx_total'"),
        ("coverage gate passes a library above both bars",
         gate + [os.path.join(fx, "coverage", "pass.json")], 0, "ok"),
        ("coverage gate fails a library under the line bar",
         gate + [os.path.join(fx, "coverage", "low-lines.json")], 1,
         "liblow     lines  85.0%"),
        ("coverage gate fails a library under the branch bar",
         gate + [os.path.join(fx, "coverage", "low-branches.json")], 1,
         "branches 78.0% < 80%"),
        ("coverage gate fails a library without data",
         gate + [os.path.join(fx, "coverage", "no-data.json")], 2,
         "no coverage data"),
    ]
    if a.doxygen and a.doxyfile:
        docs = [py, os.path.join(a.scripts, "check-docs.py"),
                "--doxygen", a.doxygen, "--doxyfile", a.doxyfile, "--input"]
        cases += [
            ("docs check accepts a documented header",
             docs + [os.path.join(fx, "docs-good", "fx.h")], 0,
             "no warnings"),
            ("docs check rejects an undocumented parameter",
             docs + [os.path.join(fx, "docs-undoc-param", "fx.h")], 1,
             "parameter 'b'"),
            ("docs check rejects an undocumented return value",
             docs + [os.path.join(fx, "docs-undoc-return", "fx.h")], 1,
             "return type of member tfx_add is not documented"),
        ]

    print("1..%d" % len(cases))
    failed = 0
    for i, (name, cmd, want_rc, want_text) in enumerate(cases, 1):
        rc, out = run(cmd)
        ok = rc == want_rc and want_text in out
        if not ok:
            failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            print("# exit %d (wanted %d), wanted text %r in:" %
                  (rc, want_rc, want_text))
            for line in out.splitlines():
                print("#   " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
