#!/usr/bin/env bash
# GitLab CI chart job: `helm lint --strict` the chart, and render it the way the deploy jobs
# install it, once per values file in charts/fedwatch/ci/*-values.yaml (chart-testing's
# convention; without any, with api.tokens.existingSecret set, the one value the defaults lack).
#
#   HELM          a Helm binary to use (default: scripts/ensure-helm.sh's)
#   KUBE_VERSION  Kubernetes version to render for (default 1.29.0; Helm 3.6 assumes 1.20, which
#                 the chart's kubeVersion >=1.25 refuses)
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

chart=charts/fedwatch
kube_version="${KUBE_VERSION:-1.29.0}"

die() {
  echo "ci/chart-lint: error: $*" >&2
  exit 1
}

# Helm with its state in a temporary directory (nothing written to $HOME).
helm_home="$(mktemp -d "${TMPDIR:-/tmp}/fedwatch-helm.XXXXXX")"
trap 'rm -rf "$helm_home"' EXIT
export HELM_CACHE_HOME="$helm_home/cache" HELM_CONFIG_HOME="$helm_home/config" HELM_DATA_HOME="$helm_home/data"
helm="${HELM:-}"
[[ -n "$helm" ]] || helm="$(scripts/ensure-helm.sh)" || die "no Helm (scripts/ensure-helm.sh failed)"
echo "ci/chart-lint: $("$helm" version --short) ($helm)"

values_sets=()
shopt -s nullglob
for file in "$chart"/ci/*-values.yaml; do
  values_sets+=("--values=$file")
done
shopt -u nullglob
((${#values_sets[@]} > 0)) || values_sets=(--set=api.tokens.existingSecret=fedwatch-api-tokens)

# What the deploy jobs set on top of the site's values (scripts/ci/deploy.sh).
deploy_sets=(
  --set "image.repository=${CI_REGISTRY_IMAGE:-registry.example.org/fedwatch/fedwatch}"
  --set-string "image.tag=${CI_COMMIT_SHORT_SHA:-0123abcd}"
  --set-string "image.digest=sha256:$(printf '0%.0s' {1..64})"
)

for values in "${values_sets[@]}"; do
  echo "ci/chart-lint: $chart with $values"
  "$helm" lint --strict "$chart" "$values"
  "$helm" template fedwatch "$chart" --namespace fedwatch --kube-version "$kube_version" \
    "$values" "${deploy_sets[@]}" >/dev/null
done
echo "ci/chart-lint: ok"
