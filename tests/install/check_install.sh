#!/usr/bin/env bash
# Usage: check_install.sh <build dir> <version> <cmake> <cpack>
# Installs the build into a temp prefix and validates the desktop integration, then builds
# the .deb (and .tar.gz) with cpack, unpacks the .deb and runs the binary from it.
# A missing validation tool skips (exit 77), except in CI (CI=true or
# PUSHSCOPE_REQUIRE_SERVERS=1) where it fails.
set -euo pipefail

build=$1 version=$2 cmake=$3 cpack=$4
app_id=io.github.pushscope.PushScope
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pushscope-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "-- $*"; }

require_ci=0
if [ "${CI:-}" = "true" ] || [ "${PUSHSCOPE_REQUIRE_SERVERS:-}" = "1" ]; then
    require_ci=1
fi
missing=()
for tool in desktop-file-validate appstreamcli dpkg-deb dpkg-shlibdeps od; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ $require_ci -eq 1 ]; then
        fail "missing tools (installer/install-deps.sh installs them): ${missing[*]}"
    fi
    echo "SKIP: missing tools (run installer/install-deps.sh): ${missing[*]}"
    exit 77
fi

# --- cmake --install ---------------------------------------------------------------------
prefix=$tmp/prefix
step "cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" || {
    cat "$tmp/install.log" >&2; fail "cmake --install failed"; }

share=$prefix/share
for file in bin/pushscope \
            share/applications/$app_id.desktop \
            share/metainfo/$app_id.metainfo.xml \
            share/icons/hicolor/scalable/apps/$app_id.svg \
            share/doc/pushscope/LICENSE; do
    [ -f "$prefix/$file" ] || fail "not installed: $file"
done
[ -x "$prefix/bin/pushscope" ] || fail "bin/pushscope is not executable"

step "desktop-file-validate"
desktop-file-validate "$share/applications/$app_id.desktop" || fail "desktop-file-validate"
grep -qx "Icon=$app_id" "$share/applications/$app_id.desktop" || fail "Icon= is not $app_id"

step "appstreamcli validate --no-net"
appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"
grep -q "<release version=\"$version\"" "$share/metainfo/$app_id.metainfo.xml" ||
    fail "metainfo has no release $version"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" \
    "$share/metainfo/$app_id.metainfo.xml" || fail "metainfo launchable"

# A PNG starts with 89 50 4E 47 0D 0A 1A 0A, then the IHDR chunk: width and height are
# big-endian 32-bit numbers at bytes 16 and 20.
png_size() {
    local bytes
    bytes=$(od -An -v -tu1 -N24 "$1" | tr -s ' \n' ' ')
    read -r -a b <<<"$bytes"
    [ "${#b[@]}" -eq 24 ] || return 1
    [ "${b[0]} ${b[1]} ${b[2]} ${b[3]}" = "137 80 78 71" ] || return 1
    echo "$(((b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19]))x$(((b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23]))"
}
step "icons"
for size in 16 32 48 64 128 256; do
    png=$share/icons/hicolor/${size}x${size}/apps/$app_id.png
    [ -f "$png" ] || fail "icon missing: $png"
    actual=$(png_size "$png") || fail "not a PNG: $png"
    [ "$actual" = "${size}x${size}" ] || fail "$png is $actual, expected ${size}x${size}"
done
grep -q "<svg" "$share/icons/hicolor/scalable/apps/$app_id.svg" || fail "scalable icon is not SVG"

# --- cpack: .deb and .tar.gz --------------------------------------------------------------
step "cpack -G DEB"
( cd "$tmp" && "$cpack" --config "$build/CPackConfig.cmake" -G "DEB;TGZ" -B "$tmp/packages" \
      >"$tmp/cpack.log" 2>&1 ) || { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$tmp"/packages/pushscope_"$version"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { ls -l "$tmp/packages" >&2; fail "no pushscope_${version}_<arch>.deb"; }
tgz=$(ls "$tmp"/packages/pushscope-"$version"-*.tar.gz 2>/dev/null | head -1)
[ -n "$tgz" ] || { ls -l "$tmp/packages" >&2; fail "no pushscope-${version}-*.tar.gz"; }
tar -tzf "$tgz" | grep -q "/bin/pushscope$" || fail "tar.gz has no bin/pushscope"

[ "$(dpkg-deb -f "$deb" Package)" = pushscope ] || fail "deb Package field"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "deb Version field"
depends=$(dpkg-deb -f "$deb" Depends)
echo "   Depends: $depends"
echo "$depends" | grep -q "libqt6widgets6" || fail "dpkg-shlibdeps found no Qt dependency"
dpkg-deb -f "$deb" Recommends | grep -q "prometheus-pushgateway" || fail "deb Recommends"
contents=$(dpkg-deb -c "$deb")
for file in ./usr/bin/pushscope ./usr/share/applications/$app_id.desktop \
            ./usr/share/metainfo/$app_id.metainfo.xml \
            ./usr/share/icons/hicolor/256x256/apps/$app_id.png; do
    echo "$contents" | grep -q " $file\$" || fail "deb lacks $file"
done

step "dpkg -x and run"
root=$tmp/root
dpkg -x "$deb" "$root"
out=$("$root/usr/bin/pushscope" --version) || fail "pushscope --version exited $?"
echo "   $out"
[[ "$out" == "pushscope $version "* ]] || fail "--version printed '$out', expected 'pushscope $version ...'"
"$root/usr/bin/pushscope" list --help >"$tmp/list-help.txt" || fail "pushscope list --help exited $?"
grep -q -- "--gateway" "$tmp/list-help.txt" || fail "list --help does not mention --gateway"

echo "PASS: install, desktop integration and packages of pushscope $version"
