#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Instructions per operation of the one-thread submit-to-completion loop,
# libring against the ck_ring anchor, counted by callgrind (repeatable on
# a busy machine, unlike times).  Counts only the measured loop
# (--toggle-collect), over 200000 operations.  "tring" is the ring set up
# with TRING_SETUP_NO_SQARRAY (as the benchmark runs it), "array" the
# default mode, for reference.
#
# usage: bench/callgrind.sh BUILD_DIR   (a release build with ck found)
set -eu
bench=$1/bench_ring
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
printf '%-6s %12s %12s %12s %8s\n' batch tring_Ir/op array_Ir/op ck_Ir/op \
	ratio
for b in 1 8 32; do
	for w in ring ring0 ck; do
		valgrind --tool=callgrind --callgrind-out-file="$out/$w.$b" \
			--toggle-collect="${w%0}_single" "$bench" --count "$w" "$b" \
			>/dev/null 2>"$out/$w.$b.log"
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/$w.$b.log" \
			>"$out/$w.$b.n"
	done
	awk -v b="$b" -v r="$(cat "$out/ring.$b.n")" \
		-v a="$(cat "$out/ring0.$b.n")" -v c="$(cat "$out/ck.$b.n")" \
		'BEGIN { printf "%-6d %12.1f %12.1f %12.1f %8.2f\n", b,
			 r / 200000, a / 200000, c / 200000, c / r }'
done
