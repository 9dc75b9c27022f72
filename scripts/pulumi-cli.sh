#!/usr/bin/env bash
# Finds or builds the Pulumi CLI that matches our pinned @pulumi/pulumi, without the internet.
#
# Pulumi's installers download release archives, which our machines cannot reach; the Go module
# proxy is reachable and the CLI is a Go program, so we build it from there (see
# docs/decisions/003-pulumi-cli-from-go-proxy.md).
#
# Usage: scripts/pulumi-cli.sh [bin|env|build]
#   bin    (default) print the directory holding `pulumi` as the last line of stdout: a compatible
#          `pulumi` already on PATH, else the cache (built on first use, reused after).
#   env    print `export` lines that put that directory on PATH and switch off the CLI's update
#          check: `lines=$(scripts/pulumi-cli.sh env) && eval "$lines"` (a bare
#          `eval "$(...)"` would hide a failed build).
#   build  ignore PATH and (re)build into the cache.
# Logs go to stderr. Environment:
#   ACNS_PULUMI_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/acns-pulumi-cli); the
#                      binaries land in $ACNS_PULUMI_CACHE/<version>/bin.
set -euo pipefail
# Keep -e inside $(...) too (env mode builds inside one).
shopt -s inherit_errexit

# The release of our pinned @pulumi/pulumi, so the engine has every feature that SDK asks for.
readonly PULUMI_VERSION=v3.259.0
readonly PKG_MODULE=github.com/pulumi/pulumi/pkg/v3
readonly SDK_MODULE=github.com/pulumi/pulumi/sdk/v3
readonly NODEJS_HOST_MODULE=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3

cache_root=${ACNS_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/acns-pulumi-cli}
bin_dir=$cache_root/$PULUMI_VERSION/bin

log() { printf 'pulumi-cli: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# True when the `pulumi` at $1 reports a v3 version not older than the pinned one.
is_compatible_pulumi() {
  local reported
  reported=$(PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | tail -n 1) || return 1
  [[ $reported =~ ^v3\.[0-9]+\.[0-9]+ ]] || return 1
  [[ $(printf '%s\n%s\n' "$PULUMI_VERSION" "${BASH_REMATCH[0]}" | sort -V | head -n 1) == "$PULUMI_VERSION" ]]
}

# Prints the replace directives of the go.mod at $1 whose target is a module (not a local path),
# one per line as `old[@version]=new@version`, the form `go mod edit -replace` takes.
list_module_replaces() {
  go mod edit -json "$1" | jq -r '
    .Replace // [] | .[]
    | select(.New.Version != null)
    | (.Old.Path + (if .Old.Version then "@" + .Old.Version else "" end))
      + "=" + .New.Path + "@" + .New.Version'
}

# Downloads module@version $1 and prints field $2 of its metadata (GoMod, Dir, ...). On failure
# `go mod download -json` puts the reason in the JSON on stdout, so we surface it ourselves.
download_module() {
  local json
  if ! json=$(go mod download -json "$1"); then
    die "the Go module proxy did not serve $1: $(jq -r '.Error // "unknown error"' <<<"$json")"
  fi
  jq -r --arg field "$2" '.[$field] // empty' <<<"$json"
}

# Builds the binaries into a temporary directory, then moves them into $bin_dir, so an
# interrupted build never leaves a half-written binary that a later run would reuse.
build_into_cache() {
  command -v go >/dev/null || die "Go is not installed; install Go (${PULUMI_VERSION} needs go >= 1.25) or put pulumi ${PULUMI_VERSION} on PATH"
  command -v jq >/dev/null || die "jq is not installed; it reads the module metadata (apt-get install jq)"

  local work pkg_gomod go_line replace ldflags started
  work=$(mktemp -d "${TMPDIR:-/tmp}/acns-pulumi-build.XXXXXX")
  # shellcheck disable=SC2064 # expand $work now: it is local to this function.
  trap "rm -rf '$work'" EXIT
  started=$SECONDS

  log "building pulumi $PULUMI_VERSION from the Go module proxy (a cold build takes minutes)"
  pkg_gomod=$(download_module "$PKG_MODULE@$PULUMI_VERSION" GoMod)
  [[ -f $pkg_gomod ]] || die "no go.mod downloaded for $PKG_MODULE@$PULUMI_VERSION"

  # `go install module@version` refuses modules whose go.mod has replace directives (pkg's does),
  # so a throwaway module requires pkg and sdk at the pin and repeats pkg's replaces. The local
  # one (sdk => ../sdk) becomes the sdk release of the same tag.
  go_line=$(go mod edit -json "$pkg_gomod" | jq -r '.Go')
  (
    cd "$work"
    go mod init acns.local/pulumi-cli-build >/dev/null 2>&1
    go mod edit -go="$go_line" -require="$PKG_MODULE@$PULUMI_VERSION" -require="$SDK_MODULE@$PULUMI_VERSION"
    while IFS= read -r replace; do
      go mod edit -replace="$replace"
    done < <(list_module_replaces "$pkg_gomod")
  )
  log "wrapper go.mod:"
  sed 's/^/  /' "$work/go.mod" >&2

  ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
  mkdir -p "$work/bin"
  (cd "$work" && go build -mod=mod -trimpath -ldflags "$ldflags" -o bin/pulumi "$PKG_MODULE/cmd/pulumi") ||
    die "go build of $PKG_MODULE/cmd/pulumi@$PULUMI_VERSION failed (see above)"

  # Every dynamic provider runs as the plugin `pulumi-resource-pulumi-nodejs`, a sh script that
  # starts @pulumi/pulumi's cmd/dynamic-provider as resolved from the program's directory. Pulumi's
  # releases ship it next to `pulumi`, and the CLI warns on every step when it comes from anywhere
  # else on PATH, so we put the sdk module's copy (byte-identical to the npm package's) there too.
  local sdk_dir
  sdk_dir=$(download_module "$SDK_MODULE@$PULUMI_VERSION" Dir)
  install -m 0755 "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$work/bin/" ||
    die "no nodejs/dist/pulumi-resource-pulumi-nodejs in $SDK_MODULE@$PULUMI_VERSION"

  # The Node.js language host is its own module. When the proxy does not serve it, the CLI still
  # runs programs through the Automation API's inline mode (which serves the language runtime
  # from the Node process), so this is a warning, not a failure.
  if (cd "$work" && go mod download "$NODEJS_HOST_MODULE@$PULUMI_VERSION") 2>"$work/host.err"; then
    (cd "$work" && go mod edit -require="$NODEJS_HOST_MODULE@$PULUMI_VERSION" &&
      go build -mod=mod -trimpath -ldflags "$ldflags" -o bin/pulumi-language-nodejs "$NODEJS_HOST_MODULE") ||
      die "go build of $NODEJS_HOST_MODULE@$PULUMI_VERSION failed (see above)"
  else
    log "warning: $NODEJS_HOST_MODULE@$PULUMI_VERSION is not served: $(tr '\n' ' ' <"$work/host.err")"
    log "warning: without pulumi-language-nodejs only Automation API inline programs run"
  fi

  mkdir -p "$bin_dir"
  local binary
  for binary in "$work"/bin/*; do
    mv -f "$binary" "$bin_dir/"
  done
  log "built into $bin_dir in $((SECONDS - started))s"
}

# True when the cache holds everything a build puts there, at a compatible version.
is_cache_complete() {
  [[ -x $bin_dir/pulumi && -x $bin_dir/pulumi-resource-pulumi-nodejs ]] && is_compatible_pulumi "$bin_dir/pulumi"
}

resolve_bin_dir() {
  local on_path dir=$bin_dir
  if [[ $1 != build ]] && on_path=$(command -v pulumi) && is_compatible_pulumi "$on_path"; then
    dir=$(dirname "$on_path")
    log "using pulumi on PATH: $on_path"
  elif [[ $1 == build ]] || ! is_cache_complete; then
    mkdir -p "$cache_root"
    # Serialise concurrent first runs (several helpers/CI steps share one cache); the second one
    # finds the cache complete once it gets the lock.
    exec 9>"$cache_root/.lock"
    if command -v flock >/dev/null; then flock 9; fi
    if [[ $1 == build ]] || ! is_cache_complete; then
      build_into_cache
    fi
  else
    log "reusing $bin_dir"
  fi
  [[ -x $dir/pulumi-language-nodejs ]] ||
    log "note: no pulumi-language-nodejs in $dir: Node.js programs run only through the Automation API (inline)"
  printf '%s\n' "$dir"
}

main() {
  local mode=${1:-bin} dir
  case $mode in
    bin | build)
      resolve_bin_dir "$mode"
      ;;
    env)
      dir=$(resolve_bin_dir bin)
      # shellcheck disable=SC2016 # $PATH must expand where the line is eval'd, not here.
      printf 'export PATH=%q:"$PATH"\n' "$dir"
      printf 'export PULUMI_SKIP_UPDATE_CHECK=true\n'
      ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      ;;
    *)
      die "unknown mode '$mode' (expected bin, env or build)"
      ;;
  esac
}

main "$@"
