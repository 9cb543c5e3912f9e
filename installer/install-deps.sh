#!/usr/bin/env bash
# Installs the Debian 12 packages PushScope needs to build, test and run, if missing.
# Uses sudo only when not run as root. Safe to run again: installs nothing when all is there.
# Extra package names given as arguments are installed too (installer/fresh-machine-check.sh
# asks for debootstrap this way).
set -euo pipefail

packages=(
    # build
    cmake ninja-build g++ ccache pkgconf libgl-dev
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev qt6-charts-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    # Qt6Charts' CMake package needs Qt6OpenGL (and Qt6OpenGLWidgets); not pulled in by qt6-charts-dev
    libqt6opengl6-dev
    # secrets of saved connections in the system keychain
    qtkeychain-qt6-dev
    # run: platform plugins (xcb, offscreen) and SVG icons
    qt6-qpa-plugins libqt6svg6
    # real servers for the tests, the benchmark and the demo
    prometheus-pushgateway prometheus
    # GUI checks under a virtual display, installer validation
    xvfb xauth desktop-file-utils appstream dpkg-dev file
    # TLS certificates and bcrypt passwords for the authentication tests
    openssl apache2-utils
    # installer/fuzz.sh: clang with libFuzzer and the sanitizer runtimes (a recommendation
    # of clang-14 only, so named: install-deps skips recommendations)
    clang libclang-rt-14-dev
    # verifies Debian 13's archive signature when installer/fetch-trixie-servers.sh downloads
    # the newer gateway and Prometheus for the version matrix
    debian-archive-keyring
)
packages+=("$@")

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages are installed."
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
