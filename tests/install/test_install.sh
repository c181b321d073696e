#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then build and run a consumer with find_package
# and with pkg-config, against that prefix only.
set -euo pipefail
build_dir=$1
src_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$src_dir" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
export LD_LIBRARY_PATH="$work/prefix/lib"
out=$(REDACT_DATA_DIR="$work/prefix/share/libredact" "$work/consumer/consumer")
[ "$out" = "phone" ] || { echo "find_package consumer printed '$out'"; exit 1; }
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
g++ -std=c++20 "$src_dir/consumer.cpp" -o "$work/pc_consumer" $(pkg-config --cflags --libs libredact)
out=$(REDACT_DATA_DIR="$work/prefix/share/libredact" "$work/pc_consumer")
[ "$out" = "phone" ] || { echo "pkg-config consumer printed '$out'"; exit 1; }
# The installed tool finds its library and dictionaries next to itself.
unset LD_LIBRARY_PATH
out=$(echo '電話 090-1234-5678' | "$work/prefix/bin/redact" detect --jsonl)
case "$out" in *'"phone"'*) ;; *) echo "installed redact printed '$out'"; exit 1;; esac
echo "1 passed, 0 failed"
