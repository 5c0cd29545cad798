#!/usr/bin/env bash
# A tree from `git archive` output (no .git, as a source tarball) configures, and its build reads
# no commit: the generated git_revision.hpp holds an empty one, which the manifest records as null
# (Manifest.ABuildOutsideGitRecordsNoRevisionAndSaysUnknown) and the report and analyze accept
# (Cli.ResultsWithoutAGitRevisionAreAnalysedAndResumed). Only the revision target is built: a whole
# second build would cost CI minutes and prove nothing the release build does not. Skipped (77)
# outside a checkout. Usage: source_archive_test.sh SOURCE_DIR
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
cmake --build "$work/build" --target scalebench_git_revision >"$work/build.log" ||
  { tail -50 "$work/build.log"; exit 1; }
header=$work/build/generated/git_revision.hpp
cat "$header"
grep -q '^#define SCALEBENCH_BUILD_COMMIT ""$' "$header"
echo "source archive: configured, and its build records no commit"
