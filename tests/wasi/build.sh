#!/usr/bin/env bash
# Compiles every C and C++ program of the WASI test corpus to OUT/NAME.wasm
# with clang 14, wasi-libc and libc++ (Debian: clang-14 lld-14 wasi-libc
# libclang-rt-14-dev-wasm32 libc++-14-dev-wasm32 libc++abi-14-dev-wasm32).
# Up-to-date programs are not rebuilt.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
src=$(cd "$(dirname "$0")" && pwd)
cc=${WASI_CC:-clang-14}
if ! command -v "$cc" >/dev/null; then
    echo "build.sh: $cc not found; tools/test-all installs it (apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32)" >&2
    exit 1
fi
mkdir -p "$out"
for c in "$src"/*.c "$src"/*.cpp; do
    case $c in
        *.cpp) name=$(basename "$c" .cpp); compiler=${cc/clang/clang++}; extra=(-fno-exceptions -std=c++17) ;;
        *) name=$(basename "$c" .c); compiler=$cc; extra=() ;;
    esac
    wasm=$out/$name.wasm
    if [ ! -e "$wasm" ] || [ "$c" -nt "$wasm" ] || [ "$src/common.h" -nt "$wasm" ]; then
        # A private temporary name: two builds may run at once.
        "$compiler" --target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wno-unused-parameter "${extra[@]}" \
            -o "$wasm.$$.tmp" "$c"
        mv "$wasm.$$.tmp" "$wasm"
    fi
done
