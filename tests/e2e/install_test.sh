#!/usr/bin/env bash
# The installed package, used as a user would: `cmake --install` into a fresh prefix; the
# installed scalebench prints its version and draws plots from its own libexec, with no source
# or build tree to lean on; docs/examples/outside_kernel builds against the package with
# find_package(scalebench) and runs its kernel through the whole command line.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/scalebench-install-$$-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log"

"$prefix/bin/scalebench" --version | tee "$work/version.txt"
grep -q '^scalebench ' "$work/version.txt"
test -f "$prefix/libexec/scalebench/plot.py"
test -f "$prefix/include/scalebench/harness/kernel/kernel.hpp"
config=$(find "$prefix" -name scalebenchConfig.cmake)
test -n "$config"

# The example, copied out of the source tree so nothing but the package is found.
cp -r "$source_dir/docs/examples/outside_kernel" "$work/example"
cmake -S "$work/example" -B "$work/example-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/example-build" >"$work/build.log" || { tail -50 "$work/build.log"; exit 1; }
exe=$work/example-build/scale_kernel
"$exe" --version >/dev/null
"$exe" kernels >"$work/kernels.txt"
grep -q '^scale' "$work/kernels.txt"
"$exe" run --kernels scale --threads 1 --quick --repetitions 2 --processes 1 --min-time 0.01 \
  --out "$work/out" >/dev/null 2>"$work/run.log" || { cat "$work/run.log"; exit 1; }
python3 - "$work/out/results.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
points = [p for p in results["points"] if p["kernel"] == "scale"]
assert results["complete"] and len(points) >= 3, len(points)
assert all(p["verified"] for p in points), [p["verification"] for p in points]
PY
# Plots drawn by the example's binary (the package's libexec, through scalebench::main) and again
# by the installed scalebench, from a directory that has never seen a build tree.
ls "$work/out/plots/"*.png >/dev/null
rm -rf "$work/out/plots"
"$prefix/bin/scalebench" analyze "$work/out" >/dev/null
ls "$work/out/plots/"*.png >/dev/null
if grep -q 'Plots were not drawn' "$work/out/report.md"; then
  echo "the installed scalebench did not find its plot script"
  exit 1
fi
echo "installed package: version, plots, and the outside kernel built and verified"
