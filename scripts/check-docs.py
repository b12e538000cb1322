#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Documentation check: run Doxygen and fail on any warning.

Reads a Doxygen configuration (the project's configured docs/Doxyfile), sends
the warnings to a log in a scratch directory and reports every line of it.
An undocumented symbol, parameter or return value is a warning
(WARN_IF_UNDOCUMENTED, WARN_NO_PARAMDOC), so each of them fails the check.
With --input the same configuration is run over other files (the checker's
own tests use that to prove that it bites).
"""

import argparse
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--doxygen", default="doxygen")
    ap.add_argument("--doxyfile", required=True)
    ap.add_argument("--input", nargs="*",
                    help="document these files instead of the configured INPUT")
    args = ap.parse_args()

    with open(args.doxyfile) as f:
        config = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "warnings.log")
        config += "\nOUTPUT_DIRECTORY = %s\n" % tmp
        config += "WARN_LOGFILE = %s\n" % log
        config += "HAVE_DOT = NO\nQUIET = YES\nSEARCHENGINE = NO\n"
        if args.input is not None:
            config += "INPUT = %s\n" % " ".join(args.input)
            config += "USE_MDFILE_AS_MAINPAGE =\n"
        r = subprocess.run([args.doxygen, "-"], input=config, text=True,
                           capture_output=True)
        warnings = []
        if os.path.exists(log):
            with open(log) as f:
                warnings = [l.rstrip() for l in f if l.strip()]
        if r.returncode != 0:
            print("doxygen failed (exit %d): %s" % (r.returncode,
                                                    r.stderr.strip()))
            return 1
    if warnings:
        print("API documentation has %d warning line(s):" % len(warnings))
        for w in warnings:
            print("  " + w)
        return 1
    print("API documentation: no warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
