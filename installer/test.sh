#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test.
# In CI (CI=true) warnings are errors and a missing server binary fails the tests.
# Every test that starts a gateway or Prometheus runs twice: against Debian 12's servers
# (/usr/bin) and, as <test>:trixie, against Debian 13's, which installer/fetch-trixie-servers.sh
# downloads into a cache outside the repository (see there).
set -euo pipefail
cd "$(dirname "$0")/.."
# Compiler-cache hits for checkouts in other folders (a clean CI clone) too.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"

installer/install-deps.sh

preset=dev
if [ "${CI:-}" = "true" ]; then
    preset=ci
    export PUSHSCOPE_REQUIRE_SERVERS=1
fi

configure=(cmake --preset "$preset")
if trixie_bin=$(installer/fetch-trixie-servers.sh | tail -n 1) && [ -n "$trixie_bin" ]; then
    configure+=("-DPUSHSCOPE_TRIXIE_SERVER_DIR=$trixie_bin")
elif [ "${PUSHSCOPE_REQUIRE_SERVERS:-0}" != 0 ]; then
    echo "test.sh: Debian 13's servers are required for the version matrix (see above)." >&2
    exit 1
else
    echo "test.sh: without Debian 13's servers the <test>:trixie runs are skipped." >&2
fi

"${configure[@]}"
cmake --build --preset "$preset"
ctest --preset "$preset" --timeout 900 "$@"
