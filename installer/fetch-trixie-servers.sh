#!/usr/bin/env bash
# Downloads Debian 13 (trixie)'s prometheus-pushgateway and prometheus for the tests'
# version matrix and unpacks them into a cache folder outside the repository:
#   ${PUSHSCOPE_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pushscope-servers}/trixie/usr/bin
# Nothing is installed system-wide and the system's apt sources are not touched: apt-get
# runs with a private sources list and state directory, and checks the trixie index
# against Debian's archive keyring. Does nothing when both binaries are there and run.
# Prints the bin directory on the last line of standard output.
set -euo pipefail

packages=(prometheus-pushgateway prometheus)
binaries=(prometheus-pushgateway prometheus)
cache=${PUSHSCOPE_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pushscope-servers}/trixie
bin=$cache/usr/bin
mirror=${PUSHSCOPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# Shipped by debian-archive-keyring from 2023.3+deb12u1 (Debian 12.9) on.
trixie_key=/usr/share/keyrings/debian-archive-trixie-automatic.gpg

say() { echo "fetch-trixie-servers: $*" >&2; }

binaries_run() { # $1: bin dir; prints one version line per binary
    local name
    for name in "${binaries[@]}"; do
        [ -x "$1/$name" ] || return 1
        "$1/$name" --version 2>&1 | head -n 1 | grep -q 'version' || return 1
    done
}

if binaries_run "$bin"; then
    say "already in $bin."
    echo "$bin"
    exit 0
fi

if [ ! -s "$keyring" ]; then
    say "$keyring is missing: install the Debian package debian-archive-keyring (installer/install-deps.sh does)."
    exit 1
fi
if [ ! -s "$trixie_key" ]; then
    say "Debian 12's debian-archive-keyring is too old to know Debian 13's archive key; upgrade it: apt-get install debian-archive-keyring (2023.3+deb12u1 or newer)."
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pushscope-trixie.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc/preferences.d" "$work/state/lists/partial" "$work/cache/archives/partial" "$work/debs"
: >"$work/state/status"
echo "deb [signed-by=$keyring] $mirror trixie main" >"$work/etc/sources.list"
# As root, apt downloads as the user _apt, which needs to write where the files land.
if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
    chmod 755 "$work"
    chown -R _apt "$work/state/lists" "$work/cache/archives" "$work/debs"
fi

apt_options=(
    -o "Dir::Etc::sourcelist=$work/etc/sources.list"
    -o "Dir::Etc::sourceparts=-"
    -o "Dir::Etc::preferences=$work/etc/preferences"
    -o "Dir::Etc::preferencesparts=$work/etc/preferences.d"
    -o "Dir::State=$work/state"
    -o "Dir::State::status=$work/state/status"
    -o "Dir::Cache=$work/cache"
    -o "APT::Get::AllowUnauthenticated=false"
    -o "Acquire::AllowInsecureRepositories=false"
)

say "reading the trixie index from $mirror (signature checked against $keyring)"
if ! apt-get "${apt_options[@]}" -q update >"$work/update.log" 2>&1 || grep -q '^[WE]:' "$work/update.log"; then
    cat "$work/update.log" >&2
    say "could not read a correctly signed trixie index from $mirror (output above)."
    exit 1
fi
say "downloading ${packages[*]}"
if ! (cd "$work/debs" && apt-get "${apt_options[@]}" -q download "${packages[@]}") >"$work/download.log" 2>&1; then
    cat "$work/download.log" >&2
    say "apt-get download ${packages[*]} from trixie failed (output above)."
    exit 1
fi

# Unpack next to the cache and swap it in whole, so a failed run leaves no half-filled cache.
rm -rf "$cache.new"
mkdir -p "$cache.new"
for deb in "$work"/debs/*.deb; do
    dpkg -x "$deb" "$cache.new"
    basename "$deb" >>"$cache.new/packages.txt"
done
if ! binaries_run "$cache.new/usr/bin"; then
    say "the downloaded ${binaries[*]} do not run here (see $cache.new/usr/bin)."
    exit 1
fi
rm -rf "$cache"
mv "$cache.new" "$cache"
say "unpacked $(tr '\n' ' ' <"$cache/packages.txt")into $cache."
echo "$bin"
