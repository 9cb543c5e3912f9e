#!/usr/bin/env bash
# Builds the release configuration and runs the benchmarks in tests/bench.
set -euo pipefail
cd "$(dirname "$0")/.."

installer/install-deps.sh
cmake --preset release -DPUSHSCOPE_BUILD_TESTS=ON >/dev/null
cmake --build --preset release --target bench_poll bench_list bench_delete bench_chart bench_promfetch bench_scale bench_firstload pushscope >/dev/null
build/release/tests/bench/bench_poll "$@"
build/release/tests/bench/bench_list
build/release/tests/bench/bench_delete
QT_QPA_PLATFORM=offscreen build/release/tests/bench/bench_chart
build/release/tests/bench/bench_promfetch
build/release/tests/bench/bench_scale ${PUSHSCOPE_SOAK_MINUTES:+--soak-minutes "$PUSHSCOPE_SOAK_MINUTES"}
QT_QPA_PLATFORM=offscreen build/release/tests/bench/bench_firstload --rounds 2
