#!/usr/bin/env bash
# Package charts/fedwatch for a chart repository: lint it, write fedwatch-<version>.tgz and an
# index.yaml (merged with the one already there) into the output directory.
#
#   scripts/chart-package.sh [OUT_DIR]      default OUT_DIR: dist/charts
#   FEDWATCH_CHART_REPO_URL                 URL the repository is served from (index.yaml urls);
#                                           default: relative urls
#
# Helm comes from scripts/ensure-helm.sh; it writes nothing to $HOME and needs no cluster.
# stdout: only the path of the archive.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
chart="$repo_root/charts/fedwatch"
out="${1:-$repo_root/dist/charts}"

helm="$(bash "$repo_root/scripts/ensure-helm.sh")"
helm_home="$(mktemp -d "${TMPDIR:-/tmp}/chart-package.XXXXXX")"
trap 'rm -rf "$helm_home"' EXIT
export HELM_CACHE_HOME="$helm_home/cache" HELM_CONFIG_HOME="$helm_home/config" HELM_DATA_HOME="$helm_home/data"
# An empty kubeconfig: Helm sees no cluster (and warns about none).
(umask 077 && : >"$helm_home/kubeconfig")
export KUBECONFIG="$helm_home/kubeconfig"

mkdir -p "$out"
out="$(cd "$out" && pwd)"
# The defaults lack API tokens on purpose; lint with the chart's CI values files instead.
for values in "$chart"/ci/*-values.yaml; do
  "$helm" lint --strict "$chart" --values "$values" >&2
done
"$helm" package "$chart" --destination "$out" >&2

index_args=("$out")
[[ -n "${FEDWATCH_CHART_REPO_URL:-}" ]] && index_args+=(--url "$FEDWATCH_CHART_REPO_URL")
[[ -f "$out/index.yaml" ]] && index_args+=(--merge "$out/index.yaml")
"$helm" repo index "${index_args[@]}" >&2

version="$(sed -n 's/^version: *//p' "$chart/Chart.yaml" | tr -d "'\"")"
echo "$out/fedwatch-$version.tgz"
