#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Coverage gate: per-library line and branch coverage of src/.

Collect mode (--build, --source, libraries): runs gcovr over the build's
coverage data once per library, restricted to that library's src/ folder
(reached directly or through the subprojects/ symlink), writes an HTML report
of all libraries to <build>/coverage/index.html and a summary to
<build>/coverage/summary.json, then judges it.

Judge mode (--summary FILE): judges a summary written earlier (the checker's
own tests feed it fixtures).

A library passes when its line coverage is at least --line-min percent and
its branch coverage at least --branch-min percent.  Exit 0 when every library
passes, 1 otherwise, 2 on usage errors or when a library has no data.
"""

import argparse
import json
import os
import re
import subprocess
import sys


def src_filter(source, lib):
    root = re.escape(os.path.realpath(source))
    return r"%s/(subprojects/)?%s/src/" % (root, re.escape(lib))


# The root's gcovr.cfg (for Meson's own coverage targets) names every
# library; the gate sets its filters itself, so it reads no configuration.
NO_CONFIG = ["--config", os.devnull]


def gcovr_summary(gcovr, build, source, filters, extra):
    cmd = [gcovr] + NO_CONFIG + ["--root", source, "--object-directory",
                                 build, "--json-summary", "-",
                                 "--exclude-unreachable-branches"]
    for f in filters:
        cmd += ["--filter", f]
    r = subprocess.run(cmd + extra, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("gcovr failed: %s" % r.stderr.strip())
    return json.loads(r.stdout)


def collect(args):
    summary = {}
    for lib in args.libs:
        data = gcovr_summary(args.gcovr, args.build, args.source,
                             [src_filter(args.source, lib)], [])
        summary[lib] = {
            "line_covered": data["line_covered"],
            "line_total": data["line_total"],
            "branch_covered": data["branch_covered"],
            "branch_total": data["branch_total"],
        }
    outdir = os.path.join(args.build, "coverage")
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    if args.libs:
        html = os.path.join(outdir, "index.html")
        cmd = [args.gcovr] + NO_CONFIG + [
               "--root", args.source, "--object-directory",
               args.build, "--exclude-unreachable-branches",
               "--html-details", html, "--html-title", "Tessera coverage"]
        for lib in args.libs:
            cmd += ["--filter", src_filter(args.source, lib)]
        subprocess.run(cmd, check=True, capture_output=True)
        print("coverage report: %s" % html)
    return summary


def pct(covered, total):
    return 100.0 if total == 0 else 100.0 * covered / total


def judge(summary, line_min, branch_min):
    status = 0
    if not summary:
        print("coverage gate: no libraries to judge")
    for lib in sorted(summary):
        s = summary[lib]
        if s["line_total"] == 0:
            print("%-10s no coverage data (were the tests run with "
                  "-Db_coverage=true?)" % lib)
            status = max(status, 2)
            continue
        lp = pct(s["line_covered"], s["line_total"])
        bp = pct(s["branch_covered"], s["branch_total"])
        verdict = []
        if lp < line_min:
            verdict.append("lines %.1f%% < %d%%" % (lp, line_min))
        if bp < branch_min:
            verdict.append("branches %.1f%% < %d%%" % (bp, branch_min))
        print("%-10s lines %5.1f%% (%d/%d)  branches %5.1f%% (%d/%d)  %s"
              % (lib, lp, s["line_covered"], s["line_total"], bp,
                 s["branch_covered"], s["branch_total"],
                 "FAIL: " + ", ".join(verdict) if verdict else "ok"))
        if verdict:
            status = max(status, 1)
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gcovr", default="gcovr")
    ap.add_argument("--build")
    ap.add_argument("--source")
    ap.add_argument("--summary", help="judge this summary JSON instead")
    ap.add_argument("--line-min", type=int, default=90)
    ap.add_argument("--branch-min", type=int, default=80)
    ap.add_argument("libs", nargs="*")
    args = ap.parse_args()
    if args.summary:
        with open(args.summary) as f:
            summary = json.load(f)
    elif args.build and args.source:
        summary = collect(args)
    else:
        ap.error("give --summary, or --build and --source")
    return judge(summary, args.line_min, args.branch_min)


if __name__ == "__main__":
    sys.exit(main())
