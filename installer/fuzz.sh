#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan, UBSan) and runs each for N
# seconds (default 60) on a copy of its seed corpus in tests/fuzz/corpus/<target>/.
# Exits non-zero when a target crashes, leaks or trips a sanitizer; the input that did it is
# kept as build/fuzz/artifacts/<target>/crash-*.
#   installer/fuzz.sh [seconds] [target...]     targets: snapshotparser labelselector duration
#                                               protobufreader httpresponse
set -euo pipefail
cd "$(dirname "$0")/.."
# Compiler-cache hits for checkouts in other folders (a clean CI clone) too.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"

seconds="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(snapshotparser labelselector duration protobufreader httpresponse)

if [ "${SKIP_DEPS:-}" != "1" ]; then
    installer/install-deps.sh
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

failed=()
for target in "${targets[@]}"; do
    binary="build/fuzz/tests/fuzz/fuzz_$target"
    corpus="build/fuzz/corpus/$target"      # grows while fuzzing; the seeds stay untouched
    artifacts="build/fuzz/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    echo "fuzz.sh: $target for ${seconds}s"
    if "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts" -print_final_stats=1 \
        "$corpus" "tests/fuzz/corpus/$target" 2>"build/fuzz/$target.log"; then
        grep -E '^stat::number_of_executed_units|^Done' "build/fuzz/$target.log" || true
    else
        echo "fuzz.sh: $target FAILED; see build/fuzz/$target.log and $artifacts" >&2
        grep -E 'ERROR|SUMMARY|deadly signal|Test unit written' "build/fuzz/$target.log" >&2 || true
        failed+=("$target")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz.sh: failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz.sh: no crash in ${targets[*]} (${seconds}s each)"
