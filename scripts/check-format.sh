#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Format check: every C source and header of the project must already be in
# the house style (.clang-format at the root).  Prints the files that are not
# and exits 1; exits 0 when all are.  Usage: check-format.sh [SOURCE_ROOT]
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"
clang_format=${CLANG_FORMAT:-clang-format}
files=$(find lib* ports reference-kernel tests -name '*.[ch]' \
	-not -path '*/fixtures/*' 2>/dev/null | sort)
if [ -z "$files" ]; then
	echo "format: no C sources found"
	exit 0
fi
bad=""
n=0
for f in $files; do
	n=$((n + 1))
	if ! "$clang_format" --style=file --dry-run --Werror "$f" \
		>/dev/null 2>&1; then
		bad="$bad $f"
	fi
done
if [ -n "$bad" ]; then
	echo "format: not in the house style (run clang-format -i on them):"
	for f in $bad; do
		echo "  $f"
	done
	exit 1
fi
echo "format: $n files in the house style"
