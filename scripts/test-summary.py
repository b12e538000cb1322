#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Count the results of the last `meson test` run in each build directory
and print them, ending with one line 'N passed, N failed, N skipped'.
Exit 1 when a test failed."""

import glob
import json
import os
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}


def main(dirs):
    total = {"passed": 0, "failed": 0, "skipped": 0}
    missing = []
    for d in dirs:
        logs = sorted(glob.glob(os.path.join(d, "meson-logs", "*log.json")))
        if not logs:
            missing.append(d)
            continue
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        failed = []
        for log in logs:
            with open(log) as f:
                tests = [json.loads(l) for l in f if l.strip()]
            for t in tests:
                name, result = t["name"], t["result"]
                if result in PASS:
                    counts["passed"] += 1
                elif result in SKIP:
                    counts["skipped"] += 1
                else:
                    counts["failed"] += 1
                    failed.append("%s (%s)" % (name, result))
        print("%-14s %d passed, %d failed, %d skipped" %
              (d + ":", counts["passed"], counts["failed"],
               counts["skipped"]))
        for name in failed:
            print("  failed: " + name)
        for k in total:
            total[k] += counts[k]
    for d in missing:
        print("%-14s no test results" % (d + ":"))
    print("%d passed, %d failed, %d skipped" %
          (total["passed"], total["failed"], total["skipped"]))
    return 1 if total["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
