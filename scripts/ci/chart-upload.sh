#!/usr/bin/env bash
# GitLab CI chart job: upload the packaged chart to ChartMuseum, the repository Rancher's app
# catalog reads.
#
#   scripts/ci/chart-upload.sh [ARCHIVE]
#
# ARCHIVE defaults to the one fedwatch-*.tgz in $CHART_DIST_DIR (default dist/charts), which
# `npm run chart:package -- $CHART_DIST_DIR` writes (the chart-package job's artifact).
#
#   CHARTMUSEUM_URL       ChartMuseum base URL, e.g. https://charts.example.org (required)
#   CHARTMUSEUM_USER      basic-auth user    (CI/CD variable; with CHARTMUSEUM_PASSWORD, or neither)
#   CHARTMUSEUM_PASSWORD  basic-auth password (masked CI/CD variable)
#
# The credentials reach curl on stdin (--config -), never on its command line. ChartMuseum
# refuses a chart version it already has (409) unless it runs with ALLOW_OVERWRITE: bump
# charts/fedwatch/Chart.yaml's version for every release.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

log() { echo "ci/chart-upload: $*"; }
die() {
  echo "ci/chart-upload: error: $*" >&2
  exit 1
}

url="${CHARTMUSEUM_URL:-}"
user="${CHARTMUSEUM_USER:-}"
password="${CHARTMUSEUM_PASSWORD:-}"
dist="${CHART_DIST_DIR:-dist/charts}"

[[ -n "$url" ]] || die "CHARTMUSEUM_URL is not set (Settings > CI/CD > Variables)"
[[ "$url" =~ ^https?://[^[:space:]]+$ ]] || die "CHARTMUSEUM_URL '$url' is not an http(s) URL"
[[ "$url" == https://* ]] || log "warning: CHARTMUSEUM_URL is not https; credentials and chart travel in clear"
[[ -n "$user" && -n "$password" || -z "$user" && -z "$password" ]] ||
  die "set both CHARTMUSEUM_USER and CHARTMUSEUM_PASSWORD, or neither"

if (($# > 0)); then
  archive="$1"
else
  shopt -s nullglob
  archives=("$dist"/fedwatch-*.tgz)
  shopt -u nullglob
  ((${#archives[@]} == 1)) ||
    die "expected one $dist/fedwatch-*.tgz (from npm run chart:package), found ${#archives[@]}"
  archive="${archives[0]}"
fi
[[ -f "$archive" ]] || die "$archive does not exist"

# The archive must be a chart named fedwatch; its version is what ChartMuseum will index.
chart_yaml="$(tar -xzOf "$archive" fedwatch/Chart.yaml 2>/dev/null)" || die "$archive holds no fedwatch/Chart.yaml"
version="$(sed -nE "s/^version:[[:space:]]*['\"]?([^'\"[:space:]]+)['\"]?[[:space:]]*(#.*)?$/\1/p" <<<"$chart_yaml" | head -n1)"
[[ -n "$version" ]] || die "no version in $archive's Chart.yaml"
[[ "$(basename "$archive")" == "fedwatch-$version.tgz" ]] ||
  die "$archive holds chart version $version; expected the file to be fedwatch-$version.tgz"

# In a tag pipeline the chart's default image tag (appVersion, used when image.tag is empty, as in
# Rancher's app form) must be the image tag this pipeline pushed: $CI_COMMIT_TAG.
if [[ -n "${CI_COMMIT_TAG:-}" ]]; then
  app_version="$(sed -nE "s/^appVersion:[[:space:]]*['\"]?([^'\"[:space:]]+)['\"]?[[:space:]]*(#.*)?$/\1/p" <<<"$chart_yaml" | head -n1)"
  [[ "$app_version" == "$CI_COMMIT_TAG" ]] ||
    die "chart appVersion '$app_version' is not the image tag '$CI_COMMIT_TAG' this pipeline pushed: installs with the chart's default image.tag would pull an image that does not exist. Set appVersion in charts/fedwatch/Chart.yaml to the release tag."
fi

# curl config syntax: a quoted value with \ and " escaped.
escape() {
  local s="${1//\\/\\\\}"
  printf '%s' "${s//\"/\\\"}"
}
config=""
[[ -n "$user" ]] && config="user = \"$(escape "$user"):$(escape "$password")\""

log "uploading $archive (fedwatch $version) to ${url%/}/api/charts"
response="$(curl --silent --show-error --fail-with-body --config - \
  --header 'Content-Type: application/octet-stream' \
  --data-binary "@$archive" "${url%/}/api/charts" <<<"$config")" || {
  status=$?
  echo "$response" >&2
  die "upload failed (curl exit $status); a 409 means version $version is already in ChartMuseum"
}
log "ChartMuseum: $response"
