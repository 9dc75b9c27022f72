#!/usr/bin/env bash
# Finds or builds the Pulumi CLI that matches our pinned @pulumi/pulumi, and the YAML language host
# beside it, without the internet.
#
# Pulumi's installers download release archives, which our machines cannot reach; the Go module
# proxy is reachable and the CLI and `pulumi-language-yaml` are Go programs, so we build them from
# there (see docs/decisions/003-pulumi-cli-from-go-proxy.md).
#
# Usage: scripts/pulumi-cli.sh [bin|env|build]
#   bin    (default) print the directory holding `pulumi` as the last line of stdout: a compatible
#          `pulumi` already on PATH, else the cache (built on first use, reused after; a cache
#          that has the CLI but not the pinned YAML host gets the host added).
#   env    print `export` lines that put that directory on PATH and switch off the CLI's update
#          check: `lines=$(scripts/pulumi-cli.sh env) && eval "$lines"` (a bare
#          `eval "$(...)"` would hide a failed build).
#   build  ignore PATH and (re)build both into the cache.
# Logs go to stderr. Environment:
#   ACNS_PULUMI_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/acns-pulumi-cli); the
#                      CLI lands in $ACNS_PULUMI_CACHE/<version>/bin, the YAML host in
#                      $ACNS_PULUMI_CACHE/yaml-<version>/bin with a link to it beside `pulumi`.
set -euo pipefail
# Keep -e inside $(...) too (env mode builds inside one).
shopt -s inherit_errexit

# The release of our pinned @pulumi/pulumi, so the engine has every feature that SDK asks for.
readonly PULUMI_VERSION=v3.259.0
readonly PKG_MODULE=github.com/pulumi/pulumi/pkg/v3
readonly SDK_MODULE=github.com/pulumi/pulumi/sdk/v3
readonly NODEJS_HOST_MODULE=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
# The YAML language host has its own module and releases; it runs `runtime: yaml` programs.
readonly YAML_VERSION=v1.25.0
readonly YAML_MODULE=github.com/pulumi/pulumi-yaml
readonly YAML_HOST=pulumi-language-yaml

cache_root=${ACNS_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/acns-pulumi-cli}
bin_dir=$cache_root/$PULUMI_VERSION/bin
# Keyed by its own version, so bumping either pin rebuilds only that one.
yaml_bin_dir=$cache_root/yaml-$YAML_VERSION/bin
# The CLI looks for bundled language hosts beside itself (and warns on every step about one found
# elsewhere on PATH), so $bin_dir holds a link to the YAML host: relative, so the cache root can
# move, and naming the version, so a stale link shows.
readonly YAML_LINK_TARGET=../../yaml-$YAML_VERSION/bin/$YAML_HOST

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
# `go mod download -json` puts the reason in the JSON on stdout, so we log it ourselves and
# return 1 (the caller decides whether that is fatal).
download_module() {
  local json
  if ! json=$(go mod download -json "$1"); then
    log "the Go module proxy did not serve $1: $(jq -r '.Error // "unknown error"' <<<"$json")"
    return 1
  fi
  jq -r --arg field "$2" '.[$field] // empty' <<<"$json"
}

# Prints why this machine cannot build from the Go module proxy, or nothing when it can.
missing_build_tools() {
  if ! command -v go >/dev/null; then
    echo "Go is not installed (go >= 1.25 builds both)"
  elif ! command -v jq >/dev/null; then
    echo "jq is not installed (it reads the module metadata; apt-get install jq)"
  fi
}

# Makes directory $1 a throwaway Go module that requires the module@version arguments after $2
# and repeats the module replaces of the go.mod at $2, at its go line. `go install module@version`
# refuses modules whose go.mod has replace directives (pulumi's pkg has some), and such a module
# builds the pinned releases with their own replaces either way.
init_wrapper_module() {
  local dir=$1 gomod=$2 go_line replace
  shift 2
  go_line=$(go mod edit -json "$gomod" | jq -r '.Go')
  mkdir -p "$dir/bin"
  (
    cd "$dir"
    go mod init "acns.local/$(basename "$dir")-build" >/dev/null 2>&1
    go mod edit -go="$go_line" "${@/#/-require=}"
    while IFS= read -r replace; do
      go mod edit -replace="$replace"
    done < <(list_module_replaces "$gomod")
  )
  log "wrapper go.mod:"
  sed 's/^/  /' "$dir/go.mod" >&2
}

# Moves every file of $1 into directory $2. Builds write into a temporary directory first, and a
# rename is atomic, so an interrupted build never leaves a half-written binary a later run reuses.
move_into() {
  local file
  mkdir -p "$2"
  for file in "$1"/*; do
    mv -f "$file" "$2/"
  done
}

# Builds the CLI (and what a release ships beside it) in the fresh directory $1, then moves it
# into $bin_dir.
build_cli() {
  local work=$1 pkg_gomod ldflags started=$SECONDS
  log "building pulumi $PULUMI_VERSION from the Go module proxy (a cold build takes minutes)"
  pkg_gomod=$(download_module "$PKG_MODULE@$PULUMI_VERSION" GoMod) || die "cannot build pulumi $PULUMI_VERSION"
  [[ -f $pkg_gomod ]] || die "no go.mod downloaded for $PKG_MODULE@$PULUMI_VERSION"

  # pkg's local replace (sdk => ../sdk) becomes the sdk release of the same tag.
  init_wrapper_module "$work" "$pkg_gomod" "$PKG_MODULE@$PULUMI_VERSION" "$SDK_MODULE@$PULUMI_VERSION"
  ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
  (cd "$work" && go build -mod=mod -trimpath -ldflags "$ldflags" -o bin/pulumi "$PKG_MODULE/cmd/pulumi") ||
    die "go build of $PKG_MODULE/cmd/pulumi@$PULUMI_VERSION failed (see above)"

  # Every dynamic provider runs as the plugin `pulumi-resource-pulumi-nodejs`, a sh script that
  # starts @pulumi/pulumi's cmd/dynamic-provider as resolved from the program's directory. Pulumi's
  # releases ship it next to `pulumi`, and the CLI warns on every step when it comes from anywhere
  # else on PATH, so we put the sdk module's copy (byte-identical to the npm package's) there too.
  local sdk_dir
  sdk_dir=$(download_module "$SDK_MODULE@$PULUMI_VERSION" Dir) || die "cannot build pulumi $PULUMI_VERSION"
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

  move_into "$work/bin" "$bin_dir"
  log "built pulumi into $bin_dir in $((SECONDS - started))s"
}

# Builds the YAML language host in the fresh directory $1 from its go.mod $2 and moves it into
# $yaml_bin_dir.
build_yaml_host() {
  local work=$1 ldflags started=$SECONDS
  # Its dependencies (pulumi's sdk and pkg among them) stay at the versions its release names.
  init_wrapper_module "$work" "$2" "$YAML_MODULE@$YAML_VERSION"
  ldflags="-X $YAML_MODULE/pkg/version.Version=$YAML_VERSION"
  (cd "$work" && go build -mod=mod -trimpath -ldflags "$ldflags" -o "bin/$YAML_HOST" "$YAML_MODULE/cmd/$YAML_HOST") ||
    die "go build of $YAML_MODULE/cmd/$YAML_HOST@$YAML_VERSION failed (see above)"
  move_into "$work/bin" "$yaml_bin_dir"
  log "built $YAML_HOST into $yaml_bin_dir in $((SECONDS - started))s"
}

# Points $bin_dir/$YAML_HOST at the built YAML host, replacing any older link in one rename.
link_yaml_host() {
  ln -sf "$YAML_LINK_TARGET" "$bin_dir/.$YAML_HOST.link"
  mv -f "$bin_dir/.$YAML_HOST.link" "$bin_dir/$YAML_HOST"
  log "linked $bin_dir/$YAML_HOST -> $YAML_LINK_TARGET"
}

# True when the cache holds the CLI and everything a build puts beside it, at a compatible version.
is_cli_cached() {
  [[ -x $bin_dir/pulumi && -x $bin_dir/pulumi-resource-pulumi-nodejs ]] && is_compatible_pulumi "$bin_dir/pulumi"
}

# True when the link beside the cached CLI leads to the pinned YAML host.
is_yaml_host_linked() {
  [[ $(readlink "$bin_dir/$YAML_HOST") == "$YAML_LINK_TARGET" && -x $bin_dir/$YAML_HOST ]]
}

# The temporary build directory of this run ($work), made on first use and removed on exit.
work=
make_work_dir() {
  [[ -z $work ]] || return 0
  work=$(mktemp -d "${TMPDIR:-/tmp}/acns-pulumi-build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
}

# Builds what the cache lacks (everything when $1 is build). Only the CLI is required: when the
# YAML host cannot be had (no Go, or the proxy does not serve it) this warns and goes on, and a
# YAML program then fails with the CLI's own "no language plugin" error.
fill_cache() {
  local mode=$1 missing yaml_gomod
  missing=$(missing_build_tools)
  if [[ $mode == build ]] || ! is_cli_cached; then
    [[ -z $missing ]] || die "$missing: install it, or put pulumi $PULUMI_VERSION on PATH"
    make_work_dir
    build_cli "$work/cli"
  fi
  if [[ $mode == build || ! -x $yaml_bin_dir/$YAML_HOST ]]; then
    if [[ -n $missing ]]; then
      log "warning: cannot build $YAML_HOST, so YAML programs will not run: $missing"
      return 0
    fi
    log "building $YAML_HOST $YAML_VERSION from the Go module proxy (about 2 minutes cold)"
    if ! yaml_gomod=$(download_module "$YAML_MODULE@$YAML_VERSION" GoMod) || [[ ! -f $yaml_gomod ]]; then
      log "warning: no $YAML_HOST $YAML_VERSION: YAML programs will not run"
      return 0
    fi
    make_work_dir
    build_yaml_host "$work/yaml" "$yaml_gomod"
  fi
  is_yaml_host_linked || link_yaml_host
}

resolve_bin_dir() {
  local on_path dir=$bin_dir
  # The cache's own `pulumi` on PATH (after `env`) is still checked as the cache.
  if [[ $1 != build ]] && on_path=$(command -v pulumi) && [[ ! $(dirname "$on_path") -ef $bin_dir ]] &&
    is_compatible_pulumi "$on_path"; then
    dir=$(dirname "$on_path")
    log "using pulumi on PATH: $on_path"
  elif [[ $1 == build ]] || ! is_cli_cached || ! is_yaml_host_linked; then
    mkdir -p "$cache_root"
    # Serialise concurrent first runs (several helpers/CI steps share one cache); the second one
    # finds the cache complete once it gets the lock.
    exec 9>"$cache_root/.lock"
    if command -v flock >/dev/null; then flock 9; fi
    fill_cache "$1"
  else
    log "reusing $bin_dir"
  fi
  [[ -x $dir/pulumi-language-nodejs ]] ||
    log "note: no pulumi-language-nodejs in $dir: Node.js programs run only through the Automation API (inline)"
  [[ -x $dir/$YAML_HOST ]] ||
    log "note: no $YAML_HOST in $dir: \`runtime: yaml\` programs cannot run"
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
