#!/usr/bin/env bash
# Proves that installer/install-deps.sh installs everything the build needs: starts from a
# minimal Debian 12 (debootstrap --variant=minbase bookworm) in a chroot, runs
# install-deps.sh there as root, configures with the ci preset, builds the core library and
# every unit test (not the GUI, integration or benchmark targets) and runs `ctest -L unit`.
#
# The check tests the committed tree (git archive HEAD), not uncommitted changes.
# Cache (outside the repo, reused between runs): ${PUSHSCOPE_FRESH_CACHE:-
# ${XDG_CACHE_HOME:-$HOME/.cache}/pushscope-fresh-machine}: a pristine tarball of the
# minbase bootstrap (unpacked fresh on every run, so each run starts minimal), the .deb
# files apt downloaded (so a repeat run does not download them again) and the chroot's own
# ccache. `--fresh` drops all three and measures a first run on a new machine.
# Needs root (re-runs itself through sudo) and network access to the Debian mirror.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "fresh-machine-check: needs root (debootstrap, mount, chroot) or sudo." >&2; exit 1; }
    exec sudo --preserve-env=XDG_CACHE_HOME,PUSHSCOPE_FRESH_CACHE,PUSHSCOPE_DEBIAN_MIRROR "$0" "$@"
fi
# A private mount namespace: every mount below disappears with this process, even if it is
# killed before the trap runs, and nothing propagates back to the host's /dev.
if [ -z "${PUSHSCOPE_FRESH_NAMESPACE:-}" ]; then
    PUSHSCOPE_FRESH_NAMESPACE=1 exec unshare --mount --propagation private -- "$0" "$@"
fi

cache=${PUSHSCOPE_FRESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pushscope-fresh-machine}
mirror=${PUSHSCOPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
tarball=$cache/bookworm-minbase.tar
root=$cache/root
if [ "${1:-}" = "--fresh" ]; then
    rm -rf "$tarball" "$cache/apt-archives" "$cache/ccache"
elif [ $# -gt 0 ]; then
    echo "fresh-machine-check: unknown argument '$1' (only --fresh)." >&2
    exit 2
fi
case "$cache" in
"$repo" | "$repo"/*) echo "fresh-machine-check: the cache $cache must be outside the repository." >&2; exit 2 ;;
esac
mkdir -p "$cache/apt-archives/partial" "$cache/ccache"

mounts_under() { # mount points at or below $1, deepest first
    awk -v top="$1" '$2 == top || index($2, top "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}
unmount_all() {
    local mount_point
    for mount_point in $(mounts_under "$root"); do
        umount "$mount_point" 2>/dev/null || umount -l "$mount_point"
    done
}
remove_root() {
    unmount_all
    if [ -n "$(mounts_under "$root")" ]; then
        echo "fresh-machine-check: something is still mounted below $root; not deleting it." >&2
        exit 1
    fi
    rm -rf "$root"
}
times_file=$(mktemp)
trap 'unmount_all; rm -f "$times_file"' EXIT
trap 'exit 1' INT TERM

# Wall time and CPU time (user + system of everything run) per phase: on a shared machine
# the CPU time tells what a dedicated one would take (about CPU time / cores for the build).
children_cpu() { # sets cpu: CPU seconds of finished children so far, from bash's `times`
    times >"$times_file" # in this shell: a command substitution would count its own children
    cpu=$(tail -n 1 "$times_file" | awk '{ n = split($0, t, /[ms ]+/); s = 0
        for (i = 1; i + 1 <= n; i += 2) if (t[i] != "") s += t[i] * 60 + t[i + 1]; printf "%d", s }')
}
phase_start=$SECONDS
children_cpu
phase_cpu=$cpu
timings=()
phase_done() {
    children_cpu
    timings+=("$(printf '%-14s %5d s wall %5d s CPU' "$1" $((SECONDS - phase_start)) $((cpu - phase_cpu)))")
    phase_start=$SECONDS
    phase_cpu=$cpu
}
started=$SECONDS

if [ ! -s "$tarball" ]; then
    "$repo/installer/install-deps.sh" debootstrap
    echo "fresh-machine-check: bootstrapping a minimal Debian 12 from $mirror"
    bootstrap=$cache/bootstrap.tmp
    root=$bootstrap remove_root
    if ! debootstrap --variant=minbase bookworm "$bootstrap" "$mirror" >"$cache/debootstrap.log" 2>&1; then
        echo "fresh-machine-check: debootstrap failed; see $cache/debootstrap.log:" >&2
        tail -n 20 "$cache/debootstrap.log" >&2
        exit 1
    fi
    root=$bootstrap unmount_all
    tar -C "$bootstrap" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    root=$bootstrap remove_root
    phase_done debootstrap
fi

remove_root
mkdir -p "$root"
tar -C "$root" --numeric-owner -xpf "$tarball"
# The tree as committed, copied in: the chroot cannot write to the checkout.
mkdir "$root/src"
git -C "$repo" archive HEAD | tar -C "$root/src" -x
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Packages installed in a chroot must not start their services (prometheus, the gateway).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
mkdir -p "$root/ccache"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
mount --bind "$cache/ccache" "$root/ccache"
phase_done unpack

in_chroot() {
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 CCACHE_DIR=/ccache DEBIAN_FRONTEND=noninteractive CI=true \
        /bin/bash -c "cd /src && $1"
}
fail() {
    echo "fresh-machine-check: $1 failed in the minimal Debian 12 chroot (output above)." >&2
    exit 1
}

# Keep the downloaded .deb files for the next run (the chroot's apt would delete them).
echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' >"$root/etc/apt/apt.conf.d/10keep-debs"
in_chroot installer/install-deps.sh || fail "installer/install-deps.sh"
phase_done install-deps
in_chroot "cmake --preset ci >/dev/null" || fail "cmake --preset ci"
phase_done configure
# The unit tests' targets (their names are their test names) pull in the core library.
units=$(in_chroot "ctest --preset ci -N -L unit" | sed -n 's/^ *Test *#[0-9]*: *//p' | tr '\n' ' ')
[ -n "$units" ] || fail "listing the unit tests"
echo "fresh-machine-check: building $units"
in_chroot "cmake --build --preset ci --target $units" || fail "building the unit tests"
phase_done build
in_chroot "ctest --preset ci -L unit --timeout 600" || fail "ctest -L unit"
phase_done unit-tests

echo "fresh-machine-check: passed in $((SECONDS - started)) s on $(nproc) cores:"
printf '  %s\n' "${timings[@]}"
