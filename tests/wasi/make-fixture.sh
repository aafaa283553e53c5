#!/usr/bin/env bash
# Creates the directory tree the WASI test programs run against:
#   DIR/sandbox  preopened as /sandbox: files, directories and symbolic
#                links, some of which point outside it
#   DIR/outside  next to the sandbox; no program may read or change it
#   DIR/out      preopened as /out by the tree-copying program
set -euo pipefail
dir=${1:?usage: make-fixture.sh DIR}
rm -rf "$dir"
mkdir -p "$dir/sandbox/data/nested/deep" "$dir/sandbox/links" "$dir/sandbox/scratch" "$dir/outside" "$dir/out"
dir=$(cd "$dir" && pwd)
s=$dir/sandbox

printf 'Hello, WASI!\n' > "$s/hello.txt"
for i in $(seq 1 100); do echo "line $i"; done > "$s/data/numbers.txt"
: > "$s/data/empty.txt"
printf 'deep leaf\n' > "$s/data/nested/deep/leaf.txt"
printf 'alpha\nbeta\ngamma\n' > "$s/data/nested/greek.txt"
# 256 KiB of varied bytes, the same on every run.
awk 'BEGIN { x = 12345; for (i = 0; i < 262144; i++) { x = (x * 1103515245 + 12345) % 2147483648; printf "%c", 32 + int(x / 65536) % 95 } }' > "$s/data/big.txt"

printf 'top secret\n' > "$dir/outside/secret.txt"

ln -s ../hello.txt "$s/links/to_hello"
ln -s ../data "$s/links/to_data"
ln -s ../../outside/secret.txt "$s/links/escape_file"
ln -s ../../outside "$s/links/escape_dir"
ln -s "$dir/outside/secret.txt" "$s/links/absolute"
ln -s missing "$s/links/dangling"
ln -s loop_b "$s/links/loop_a"
ln -s loop_a "$s/links/loop_b"
