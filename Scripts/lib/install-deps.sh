# Sourced by Scripts/demo and Scripts/test: makes sure the system packages DataFlow needs are present.
# Installs only what is missing; runs `apt-get update` only when something is missing; uses sudo only
# when not root. Set DATAFLOW_SKIP_DEPS=1 to skip (e.g. on a machine that is not Debian/Ubuntu).

# Debian/Ubuntu packages the build needs (zlib for the CZlib system library target, libedit for the
# REPL's CLibEdit target, snappy and zstd for Parquet compression, OpenBLAS and LAPACKE for DataFlowML's
# COpenBLAS target).
DATAFLOW_APT_PACKAGES=(zlib1g-dev libedit-dev libsnappy-dev libzstd-dev libopenblas-dev liblapacke-dev pkg-config)

dataflow_log() { printf '==> %s\n' "$*" >&2; }

# Runs `swift ...` holding a machine-wide lock (DATAFLOW_BUILD_LOCK, default /tmp/dataflow-build.lock)
# so that concurrent builds on one machine queue instead of fighting over the cores. DATAFLOW_BUILD_LOCK=
# (empty) or a missing `flock` runs swift directly.
dataflow_swift() {
    local lock="${DATAFLOW_BUILD_LOCK-/tmp/dataflow-build.lock}"
    if [[ -n "$lock" ]] && command -v flock >/dev/null 2>&1; then
        flock "$lock" swift "$@"
    else
        swift "$@"
    fi
}

dataflow_install_system_deps() {
    if [[ "${DATAFLOW_SKIP_DEPS:-0}" == 1 ]]; then
        return 0
    fi
    if ! command -v swift >/dev/null 2>&1; then
        dataflow_log "swift is not on PATH; install Swift 6 (https://www.swift.org/install/) and retry"
        return 1
    fi
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        dataflow_log "no apt-get here; make sure these are installed: ${DATAFLOW_APT_PACKAGES[*]}"
        return 0
    fi
    local missing=() p
    for p in "${DATAFLOW_APT_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        if ! command -v sudo >/dev/null 2>&1; then
            dataflow_log "missing packages ${missing[*]} and no sudo; install them as root"
            return 1
        fi
        sudo=(sudo)
    fi
    dataflow_log "installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Python packages some tests use to check interoperability (files written here must open in pyarrow,
# DuckDB, …). Optional: tests that need one skip when it is absent, so failure here only warns.
dataflow_install_python_deps() {
    local req="$1"
    [[ -f "$req" ]] || return 0
    # Only non-comment, non-empty lines count.
    local pkgs
    pkgs=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$req")
    [[ -n "$pkgs" ]] || return 0
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
        dataflow_log "python3/pip not available; tests that need ${pkgs//$'\n'/, } will be skipped"
        return 0
    fi
    if ! python3 -m pip install --quiet --disable-pip-version-check -r "$req" >&2; then
        dataflow_log "could not install python packages from $req; the tests that need them will be skipped"
    fi
    return 0
}
