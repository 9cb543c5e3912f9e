#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts PushScope with
# the arguments given (e.g. --gateway http://127.0.0.1:9091); with none, the demo (--demo).
set -euo pipefail
cd "$(dirname "$0")/.."

installer/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
if [ "$#" -eq 0 ]; then
    set -- --demo
fi
exec build/dev/pushscope "$@"
