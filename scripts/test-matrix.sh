#!/usr/bin/env bash
# The test suite on the newer QGIS versions the README claims: Debian 13 "trixie" (QGIS 3.40) and
# Debian sid (QGIS 3.44), each in a debootstrap chroot of its own under .matrix/ (git-ignored).
#
#   scripts/test-matrix.sh [SUITE...]          (default: trixie sid; `make test-matrix` runs this)
#   scripts/test-matrix.sh --clean             (unmounts what a killed run left, removes .matrix/)
#
# A chroot is built once (debootstrap + Debian's qgis, python3-qgis, python3-gdal, ...) and reused; it is
# rebuilt only when missing, when its package list, suite or mirror below changes, or with
# MATRIX_REBUILD=1. Inside it, /opt/constellr/venv is a --system-site-packages venv with
# requirements-test.txt (and /opt/constellr/venv/validator with requirements-validator.txt), remade
# when those files change. numpy comes from Debian there: python3-gdal is built against Debian's numpy
# (2.x on trixie/sid) while requirements-sandbox.txt holds the host's venv below 2 for Debian 12's.
#
# Each run copies the working tree (tracked and untracked, not ignored files) to /src in the chroot, so
# nothing is written into the checkout, and runs the same pytest command as `make test` (lint is
# version-independent and runs once on the host). /proc, /sys, /dev are mounted only for the run and
# unmounted on every exit. Needs root (uses sudo otherwise); installs debootstrap when missing.
#
# Environment: MATRIX_DIR (default .matrix), MATRIX_MIRROR (default http://deb.debian.org/debian),
# MATRIX_REBUILD=1, PYTEST_ARGS (as for `make test`).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)

if [ "$(id -u)" -ne 0 ]; then
    exec sudo --preserve-env=MATRIX_DIR,MATRIX_MIRROR,MATRIX_REBUILD,PYTEST_ARGS "$REPO/scripts/test-matrix.sh" "$@"
fi

MATRIX_DIR=$(realpath -m "${MATRIX_DIR:-.matrix}")
MIRROR=${MATRIX_MIRROR:-http://deb.debian.org/debian}
PYTEST_ARGS=${PYTEST_ARGS:-}
CLEAN=0
if [ "${1:-}" = --clean ]; then
    CLEAN=1
    shift
fi
SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(trixie sid)

# What the tests need from Debian in each chroot (as scripts/install-system-deps.sh on the host, less
# what only `make demo`/`make screenshots` need: the tests run Qt offscreen, with no X server).
PACKAGES=(qgis python3-qgis python3-gdal python3-numpy python3-requests python3-cryptography python3-venv python3-pip
    ca-certificates qttools5-dev-tools)
# Bump when the way a chroot is made changes, so that existing chroots are rebuilt.
RECIPE=1
VENV=/opt/constellr/venv

MOUNTED=""       # the chroot whose /proc, /sys, /dev are mounted now, if any
FAILURE_LOG=""   # a log whose tail explains a failure, if any

log() { printf '[matrix] %s\n' "$*"; }
die() {
    printf '[matrix] error: %s\n' "$*" >&2
    exit 1
}

# ---- host tools --------------------------------------------------------------------------------------
host_tools() {
    local missing=()
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    command -v flock >/dev/null || missing+=(util-linux)
    [ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing on the host: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# ---- mounts --------------------------------------------------------------------------------------------
# Every mount point at or below $1, deepest first.
mounts_under() {
    awk -v root="$1" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/self/mounts | sort -r -u
}

unmount_all() {
    local root=$1 point pass
    # Several passes: a mount point can hold stacked mounts (the host's /dev/pts may be mounted twice).
    for pass in 1 2 3 4 5; do
        [ -n "$(mounts_under "$root")" ] || break
        for point in $(mounts_under "$root"); do
            umount "$point" 2>/dev/null || [ "$pass" -lt 3 ] || umount -l "$point" 2>/dev/null || true
        done
    done
    [ -z "$(mounts_under "$root")" ] || die "could not unmount everything under $root"
}

mount_all() {
    local root=$1
    mount -t proc proc "$root/proc"
    mount -t sysfs -o ro sysfs "$root/sys"
    # rslave: unmounting in the chroot never propagates back to the host's /dev.
    mount --rbind /dev "$root/dev"
    mount --make-rslave "$root/dev"
    rm -f "$root/etc/resolv.conf"
    cp -L /etc/resolv.conf "$root/etc/resolv.conf"
}

# Removes a chroot folder: only when nothing is mounted in it, and never across file systems.
remove_tree() {
    local root=$1
    [ -e "$root" ] || return 0
    unmount_all "$root"
    rm -rf --one-file-system "$root"
}

# Runs a command in the chroot with a clean environment (the host's pip/proxy settings stay outside).
in_chroot() {
    local root=$1
    shift
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 \
        PIP_DEFAULT_TIMEOUT=120 "$@"
}

# The chroot's CA store trusts what the host adds locally (/usr/local/share/ca-certificates): an
# intercepting proxy's CA on the way to PyPI, if any. The chroot's own CAs come from its ca-certificates.
sync_local_cas() {
    local root=$1 target=$1/usr/local/share/ca-certificates
    [ -d /usr/local/share/ca-certificates ] || return 0
    if ! diff -r -q /usr/local/share/ca-certificates "$target" >/dev/null 2>&1; then
        rm -rf "$target" && mkdir -p "$target"
        cp -r /usr/local/share/ca-certificates/. "$target/"
        [ ! -x "$root/usr/sbin/update-ca-certificates" ] || in_chroot "$root" update-ca-certificates >/dev/null
    fi
}

# ---- chroot --------------------------------------------------------------------------------------------
chroot_key() {
    printf '%s\n' "recipe=$RECIPE" "suite=$1" "mirror=$MIRROR" "packages=${PACKAGES[*]}" | sha256sum | cut -d' ' -f1
}

build_steps() {
    local suite=$1 new=$2
    debootstrap --variant=minbase --components=main "$suite" "$new" "$MIRROR"
    # No daemon starts from a package's postinst inside the chroot.
    printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
    chmod +x "$new/usr/sbin/policy-rc.d"
    # apt in the chroot checks Release dates as the host's apt does: a host whose mirror serves a
    # frozen snapshot turns these checks off, and sid's Release file would then have expired.
    local option value
    for option in Acquire::Check-Valid-Until Acquire::Check-Date; do
        value=$(apt-config dump "$option" | sed -n -E "s/^$option \"(.*)\";$/\1/p")
        [ "$value" != false ] || printf '%s "false";\n' "$option" >>"$new/etc/apt/apt.conf.d/99matrix-host-dates"
    done
    MOUNTED=$new
    mount_all "$new"
    sync_local_cas "$new"
    in_chroot "$new" apt-get update -q
    in_chroot "$new" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
    in_chroot "$new" apt-get clean
    sync_local_cas "$new"
    unmount_all "$new"
    MOUNTED=""
}

build_chroot() {
    local suite=$1 root=$MATRIX_DIR/$1 new=$MATRIX_DIR/$1.new
    remove_tree "$new"
    mkdir -p "$new"
    FAILURE_LOG=$MATRIX_DIR/$suite.build.log
    log "$suite: debootstrap + apt-get install ${PACKAGES[*]} (log: $FAILURE_LOG)"
    build_steps "$suite" "$new" >"$FAILURE_LOG" 2>&1
    FAILURE_LOG=""
    chroot_key "$suite" >"$new/.matrix-chroot"
    remove_tree "$root"
    mv "$new" "$root"
}

# ---- venv in the chroot ------------------------------------------------------------------------------
venv_key() {
    cat requirements-test.txt requirements-sandbox.txt requirements-validator.txt | sha256sum | cut -d' ' -f1
}

make_venv() {
    local suite=$1 root=$MATRIX_DIR/$1 req=$MATRIX_DIR/$1/opt/constellr/requirements numpy
    rm -rf "$root/opt/constellr"
    mkdir -p "$req"
    # numpy is Debian's (python3-gdal's ABI): requirement lines naming numpy are dropped from the test
    # requirements, and a constraint pins the installed Debian version, so that nothing pip installs
    # for a dependency (shapely needs numpy) can replace it.
    numpy=$(in_chroot "$root" python3 -c 'import numpy; print(numpy.__version__)')
    for file in requirements-test.txt requirements-sandbox.txt; do
        grep -v -E '^[[:space:]]*numpy([^A-Za-z0-9_.-]|$)' "$file" >"$req/$file" || true
    done
    cp requirements-validator.txt "$req/"
    printf 'numpy==%s\n' "$numpy" >"$req/constraints-debian.txt"
    in_chroot "$root" python3 -m venv --system-site-packages "$VENV"
    in_chroot "$root" "$VENV/bin/python" -m pip install --quiet -r /opt/constellr/requirements/requirements-test.txt \
        -c /opt/constellr/requirements/constraints-debian.txt
    # As `make venv`: stac-api-validator in a venv of its own, inside the test venv's prefix.
    in_chroot "$root" python3 -m venv "$VENV/validator"
    in_chroot "$root" "$VENV/validator/bin/python" -m pip install --quiet \
        -r /opt/constellr/requirements/requirements-validator.txt
    in_chroot "$root" "$VENV/bin/python" -c '
import numpy, osgeo.gdal, qgis.core
assert numpy.__file__.startswith("/usr/lib/python3/dist-packages/"), "numpy is shadowed: " + numpy.__file__
'
    venv_key >"$root/opt/constellr/.installed"
}

# ---- one suite -------------------------------------------------------------------------------------------
declare -A BUILD_S VENV_S TEST_S QGIS RESULT STATUS

run_suite() {
    local suite=$1 root=$MATRIX_DIR/$1 start rc line
    local test_log=$MATRIX_DIR/$1.test.log

    start=$SECONDS
    if [ "${MATRIX_REBUILD:-0}" = 1 ] || [ ! -f "$root/.matrix-chroot" ] \
        || [ "$(cat "$root/.matrix-chroot")" != "$(chroot_key "$suite")" ]; then
        build_chroot "$suite"
        BUILD_S[$suite]=$((SECONDS - start))
        log "$suite: chroot built in ${BUILD_S[$suite]} s ($(du -sh --one-file-system "$root" | cut -f1))"
    else
        BUILD_S[$suite]="reused"
        log "$suite: chroot reused ($root)"
    fi

    MOUNTED=$root
    mount_all "$root"
    sync_local_cas "$root"

    start=$SECONDS
    if [ "$(cat "$root/opt/constellr/.installed" 2>/dev/null)" != "$(venv_key)" ]; then
        log "$suite: venv with requirements-test.txt (numpy from Debian) and the validator's venv"
        FAILURE_LOG=$MATRIX_DIR/$suite.venv.log
        make_venv "$suite" >"$FAILURE_LOG" 2>&1
        FAILURE_LOG=""
        VENV_S[$suite]=$((SECONDS - start))
        log "$suite: venv made in ${VENV_S[$suite]} s"
    else
        VENV_S[$suite]="reused"
    fi
    QGIS[$suite]=$(in_chroot "$root" python3 -c 'import qgis.core; print(qgis.core.Qgis.QGIS_VERSION)' 2>/dev/null)

    # The working tree as it is now, tracked and untracked (not ignored) files, copied to /src.
    rm -rf --one-file-system "$root/src"
    mkdir -p "$root/src"
    git -C "$REPO" ls-files -z --cached --others --exclude-standard \
        | tar -C "$REPO" --null --files-from=- --ignore-failed-read -cf - \
        | tar -C "$root/src" -xf -

    log "$suite: QGIS ${QGIS[$suite]}: QT_QPA_PLATFORM=offscreen python -m pytest $PYTEST_ARGS (log: $test_log)"
    start=$SECONDS
    set +e
    # shellcheck disable=SC2086 # PYTEST_ARGS is split into words, as make does
    in_chroot "$root" QT_QPA_PLATFORM=offscreen /bin/sh -c "cd /src && exec $VENV/bin/python -m pytest $PYTEST_ARGS" \
        2>&1 | tee "$test_log"
    rc=${PIPESTATUS[0]}
    set -e
    TEST_S[$suite]=$((SECONDS - start))
    STATUS[$suite]=$rc

    unmount_all "$root"
    MOUNTED=""

    # pytest's closing line, with or without its '=' rule (-q drops it).
    line=$(grep -E '^(=+ )?([0-9]+ [a-z]+|no tests ran).* in [0-9.]+s( \([0-9:]+\))?( =+)?$' "$test_log" \
        | tail -n 1 | sed -E 's/^=+ //; s/ =+$//' || true)
    RESULT[$suite]=${line:-"no pytest summary (exit $rc)"}
    log "$suite: QGIS ${QGIS[$suite]}: ${RESULT[$suite]} (exit $rc, ${TEST_S[$suite]} s)"
}

# ---- main ----------------------------------------------------------------------------------------------
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    local rc=$?
    if [ -n "$MOUNTED" ]; then
        unmount_all "$MOUNTED"
    fi
    if [ "$rc" -ne 0 ] && [ -n "$FAILURE_LOG" ] && [ -f "$FAILURE_LOG" ]; then
        tail -n 40 "$FAILURE_LOG" >&2
        printf '[matrix] failed: the whole log is %s\n' "$FAILURE_LOG" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

host_tools
git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || die "$REPO is not a git checkout (the run copies its files)"
mkdir -p "$MATRIX_DIR"
# One matrix run at a time per folder: two would mount and rebuild the same chroots.
exec 9>"$MATRIX_DIR/.lock"
flock -n 9 || {
    log "waiting for another matrix run in $MATRIX_DIR"
    flock 9
}

if [ "$CLEAN" = 1 ]; then
    for root in "$MATRIX_DIR"/*/; do
        remove_tree "${root%/}"
    done
    rm -rf --one-file-system "$MATRIX_DIR"
    log "removed $MATRIX_DIR"
    exit 0
fi

log "host: QGIS $(/usr/bin/python3 -c 'import qgis.core; print(qgis.core.Qgis.QGIS_VERSION)' 2>/dev/null || echo '?') (make test)"
for suite in "${SUITES[@]}"; do
    run_suite "$suite"
done

echo
log "summary (seconds; 'reused' = built by an earlier run)"
printf '[matrix] %-8s %-24s %8s %8s %8s  %s\n' suite QGIS chroot venv tests result
failed=0
for suite in "${SUITES[@]}"; do
    printf '[matrix] %-8s %-24s %8s %8s %8s  %s\n' "$suite" "${QGIS[$suite]}" "${BUILD_S[$suite]}" \
        "${VENV_S[$suite]}" "${TEST_S[$suite]}" "${RESULT[$suite]}"
    [ "${STATUS[$suite]}" -eq 0 ] || failed=1
done
# One closing line over every suite, in pytest's words.
for suite in "${SUITES[@]}"; do echo "${RESULT[$suite]}"; done | awk '
    { for (i = 2; i <= NF; i++) { word = $i; sub(/,$/, "", word); if (word ~ /^(passed|failed|errors?)$/) n[word] += $(i - 1) } }
    END { printf "matrix: %d passed, %d failed", n["passed"], n["failed"] + n["error"] + n["errors"]; print "" }'
exit $failed
