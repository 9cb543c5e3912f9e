#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test.
# In CI (CI=true) warnings are errors and a missing server binary fails the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

installer/install-deps.sh

preset=dev
if [ "${CI:-}" = "true" ]; then
    preset=ci
    export PUSHSCOPE_REQUIRE_SERVERS=1
fi

cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset" --timeout 900 "$@"
