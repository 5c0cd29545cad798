#!/usr/bin/env bash
# A build from `git archive` output (no .git, as a source tarball) builds, runs a quick sweep and
# analyses it (at the end of `run`, and again with `analyze`): its manifest says git null and
# `--version` says unknown. Skipped (77) outside a
# checkout. Usage: source_archive_test.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
if ! git -C "$source_dir" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  echo "not a git checkout: nothing to archive"
  exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/scalebench-archive-$$-XXXXXX")
trap 'rm -rf "$work"' EXIT
# The working tree as it is, uncommitted and new files included: staged into an index of the
# test's own, so the checkout's index and history are not touched.
tree=$(GIT_INDEX_FILE="$work/index" git -C "$source_dir" add -A . &&
       GIT_INDEX_FILE="$work/index" git -C "$source_dir" write-tree)
mkdir "$work/src"
git -C "$source_dir" archive --format=tar "$tree" | tar -x -C "$work/src"
test ! -e "$work/src/.git"
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
  >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" --target scalebench >"$work/build.log" || { tail -50 "$work/build.log"; exit 1; }
exe=$work/build/scalebench
"$exe" --version | tee "$work/version.txt"
grep -q '^built from: unknown' "$work/version.txt"
"$exe" run --quick --kernels map,reduce --backends seq,omp --threads 1 --repetitions 2 --processes 1 \
  --schedules static --chunks 64 \
  --min-time 0.01 --out "$work/out" >/dev/null
python3 - "$work/out/results.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
assert results["manifest"]["git"] is None, results["manifest"]["git"]
assert results["complete"] and results["points"], "an empty or unfinished sweep"
PY
# `run` analysed at its end; `analyze` must read the file again.
test -s "$work/out/report.md"
"$exe" analyze "$work/out" >/dev/null
grep -q 'built outside a git checkout' "$work/out/report.md"
echo "source archive: built, swept $(grep -c '"kernel"' "$work/out/results.json") points and analysed"
