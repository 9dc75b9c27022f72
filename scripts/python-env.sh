#!/usr/bin/env bash
# Finds or makes what the Python e2e test needs, cached and reused:
#   - a virtualenv with the packages of scripts/python-requirements.txt from PyPI (`pulumi`, whose
#     Automation API runs a Python program inline, and what a generated SDK imports);
#   - `pulumi-language-python`, codegen only (scripts/python-codegen/main.go): `pulumi package
#     gen-sdk --language python` asks the language's host to generate, Pulumi's Python host is not
#     served by the Go module proxy, and its generator is in the pkg module that is (see
#     docs/decisions/013-python-codegen-host.md). Building it needs Go, like scripts/pulumi-cli.sh.
#
# Usage: scripts/python-env.sh [env|build]
#   env    (default) print `export` lines: ACNS_PYTHON_VENV (the virtualenv) and
#          ACNS_PYTHON_CODEGEN_BIN (the directory holding the codegen host; put it on PATH only for
#          `pulumi package gen-sdk`): `lines=$(scripts/python-env.sh env) && eval "$lines"`.
#   build  ignore the cache and make both again.
# Logs go to stderr. Environment:
#   ACNS_PYTHON_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/acns-python); everything
#                      lands in $ACNS_PYTHON_CACHE/<pulumi version>/{venv,codegen}.
#   ACNS_PYTHON        the Python that makes the virtualenv (default python3; 3.9 or newer).
set -euo pipefail
shopt -s inherit_errexit

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REQUIREMENTS=$repo/scripts/python-requirements.txt
readonly CODEGEN_SOURCE=$repo/scripts/python-codegen/main.go
readonly PKG_MODULE=github.com/pulumi/pulumi/pkg/v3
readonly SDK_MODULE=github.com/pulumi/pulumi/sdk/v3

log() { printf 'python-env: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# The pulumi release: the requirements pin it, the codegen host is built from the same tag.
version=$(sed -n 's/^pulumi==\([0-9][0-9.]*\)$/\1/p' "$REQUIREMENTS")
[[ -n $version ]] || die "no pulumi==<version> line in $REQUIREMENTS"
cache_root=${ACNS_PYTHON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/acns-python}
readonly venv=$cache_root/$version/venv
readonly codegen_dir=$cache_root/$version/codegen
python=${ACNS_PYTHON:-python3}

# What a complete cache entry was made from: a change of either file remakes that part.
requirements_stamp() { sha256sum "$REQUIREMENTS" | cut -d' ' -f1; }
codegen_stamp() { printf '%s %s\n' "$version" "$(sha256sum "$CODEGEN_SOURCE" | cut -d' ' -f1)"; }

is_venv_complete() {
  [[ -x $venv/bin/python && -f $venv/.acns-stamp && $(<"$venv/.acns-stamp") == "$(requirements_stamp)" ]] || return 1
  # The Python it was made with may have gone (pyenv switch, upgrade).
  [[ $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pulumi"))' 2>/dev/null) == "$version" ]]
}

is_codegen_complete() {
  [[ -x $codegen_dir/pulumi-language-python && -f $codegen_dir/.acns-stamp &&
    $(<"$codegen_dir/.acns-stamp") == "$(codegen_stamp)" ]]
}

make_venv() {
  command -v "$python" >/dev/null || die "no $python; install Python 3.9+ (or point ACNS_PYTHON at one)"
  "$python" -c 'import sys, venv; sys.exit(sys.version_info < (3, 9))' ||
    die "$python is $("$python" --version 2>&1); the generated SDK needs Python 3.9 or newer"
  local started=$SECONDS
  log "making $venv with $("$python" --version 2>&1) and the packages of ${REQUIREMENTS#"$repo"/} from PyPI"
  # A virtualenv cannot move (its scripts hold its path), so it is made in place; the stamp,
  # written last, is what marks it complete.
  rm -rf "$venv"
  "$python" -m venv "$venv" || die "$python -m venv failed (see above)"
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$REQUIREMENTS" ||
    die "pip could not install ${REQUIREMENTS#"$repo"/} (see above); PyPI must be reachable"
  requirements_stamp >"$venv/.acns-stamp"
  log "made the virtualenv in $((SECONDS - started))s"
}

# Built in a throwaway module that requires pkg and sdk at the tag and repeats pkg's module
# replaces (as scripts/pulumi-cli.sh does), so the Go build cache of the CLI's build serves it.
build_codegen() {
  command -v go >/dev/null || die "Go is not installed; it builds the codegen host (install Go >= 1.25)"
  command -v jq >/dev/null || die "jq is not installed; it reads the module metadata (apt-get install jq)"
  local work json gomod started=$SECONDS
  work=$(mktemp -d "${TMPDIR:-/tmp}/acns-python-codegen.XXXXXX")
  # shellcheck disable=SC2064 # expand $work now: it is local to this function.
  trap "rm -rf '$work'" EXIT
  log "building the codegen-only pulumi-language-python v$version (Go module proxy)"
  json=$(go mod download -json "$PKG_MODULE@v$version") ||
    die "the Go module proxy did not serve $PKG_MODULE@v$version: $(jq -r '.Error // "unknown error"' <<<"$json")"
  gomod=$(jq -r '.GoMod' <<<"$json")
  cp "$CODEGEN_SOURCE" "$work/main.go"
  (
    cd "$work"
    go mod init acns.local/python-codegen >/dev/null 2>&1
    go mod edit -go="$(go mod edit -json "$gomod" | jq -r '.Go')" \
      -require="$PKG_MODULE@v$version" -require="$SDK_MODULE@v$version"
    go mod edit -json "$gomod" | jq -r '
      .Replace // [] | .[] | select(.New.Version != null)
      | (.Old.Path + (if .Old.Version then "@" + .Old.Version else "" end)) + "=" + .New.Path + "@" + .New.Version' |
      while IFS= read -r replace; do go mod edit -replace="$replace"; done
    go build -mod=mod -trimpath -ldflags "-X main.version=v$version" -o pulumi-language-python .
  )
  mkdir -p "$codegen_dir"
  mv -f "$work/pulumi-language-python" "$codegen_dir/"
  codegen_stamp >"$codegen_dir/.acns-stamp"
  log "built $codegen_dir/pulumi-language-python in $((SECONDS - started))s"
}

ensure() {
  local force=$1
  if [[ $force == true ]] || ! is_venv_complete || ! is_codegen_complete; then
    mkdir -p "$cache_root"
    # Serialise concurrent first runs; the second finds the cache complete once it has the lock.
    exec 9>"$cache_root/.lock"
    if command -v flock >/dev/null; then flock 9; fi
    if [[ $force == true ]] || ! is_venv_complete; then make_venv; else log "reusing $venv"; fi
    if [[ $force == true ]] || ! is_codegen_complete; then build_codegen; else log "reusing $codegen_dir"; fi
  else
    log "reusing $venv and $codegen_dir"
  fi
}

main() {
  local mode=${1:-env}
  case $mode in
    env | build)
      ensure "$([[ $mode == build ]] && echo true || echo false)"
      printf 'export ACNS_PYTHON_VENV=%q\n' "$venv"
      printf 'export ACNS_PYTHON_CODEGEN_BIN=%q\n' "$codegen_dir"
      ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      ;;
    *)
      die "unknown mode '$mode' (expected env or build)"
      ;;
  esac
}

main "$@"
