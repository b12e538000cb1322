#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Check the Promela model of the ring protocol with spin: the protocol as
# implemented must verify with no error, and each deliberately broken
# variant must fail (so the assertions can bite).  Exit 77 (skip) when spin
# or a host C compiler is missing.
#
# usage: check-model.sh MODEL_DIR   (holds ring.pml, mpsc.pml, wakeup.pml)
set -u
models=$(cd "$1" && pwd)
if ! command -v spin >/dev/null 2>&1; then
	echo "SKIP: spin is not installed (Debian package spin)"
	exit 77
fi
cc=
for c in "${CC_FOR_BUILD:-}" cc gcc clang; do
	if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1; then
		cc=$c
		break
	fi
done
if [ -z "$cc" ]; then
	echo "SKIP: no host C compiler to build spin's verifier"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1
status=0

# verify MODEL NAME EXPECT [spin -D flags]: EXPECT is "pass" or "fail".
verify() {
	cp "$models/$1" model.pml
	name="$1: $2"
	expect=$3
	shift 3
	rm -f pan pan.* out.txt ./*.trail
	if ! spin "$@" -a model.pml >spin.log 2>&1; then
		cat spin.log
		echo "FAIL: spin could not translate the model ($name)"
		status=1
		return
	fi
	"$cc" -O1 -DSAFETY -o pan pan.c 2>cc.log || {
		cat cc.log
		echo "FAIL: the verifier did not compile ($name)"
		status=1
		return
	}
	./pan -m100000 >out.txt 2>&1
	errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' out.txt | head -n 1)
	states=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' out.txt |
		head -n 1)
	if [ -z "$errors" ]; then
		cat out.txt
		echo "FAIL: no verdict from the verifier ($name)"
		status=1
	elif [ "$expect" = pass ] && [ "$errors" = 0 ]; then
		echo "ok: $name: no error in $states states"
	elif [ "$expect" = fail ] && [ "$errors" != 0 ]; then
		echo "ok: $name: spin found the expected error"
		grep -m 1 -e 'assertion violated' -e 'invalid end state' out.txt
	else
		cat out.txt
		echo "FAIL: $name: expected $expect, spin reported $errors error(s)"
		status=1
	fi
}

spin -V
verify ring.pml "protocol" pass
verify ring.pml "tail published before the entry" fail -DBUG_EARLY_TAIL
verify ring.pml "head released before the read" fail -DBUG_EARLY_HEAD
verify mpsc.pml "protocol" pass
verify mpsc.pml "sequence published before the message" fail -DBUG_EARLY_SEQ
verify wakeup.pml "wake-up protocol" pass
verify wakeup.pml "consumer sleeps without a second look" fail -DBUG_NO_RECHECK
verify wakeup.pml "flag read before the tail store" fail -DBUG_FLAG_FIRST
exit $status
