#!/usr/bin/env bash
# GitLab CI deploy job: `helm upgrade --install` the chart from this commit into one environment,
# running the image the build job pushed.
#
#   scripts/ci/deploy.sh
#
# Variables (.gitlab-ci.yml sets the first four per environment; CI/CD settings may override):
#   FEDWATCH_NAMESPACE          namespace of the release (must exist: in Rancher it belongs to a
#                               project, so it is not created here)
#   FEDWATCH_RELEASE            release name (default fedwatch)
#   DEPLOY_IMAGE_REPOSITORY     image repository ($CI_REGISTRY_IMAGE)
#   DEPLOY_IMAGE_TAG            image tag ($CI_COMMIT_SHORT_SHA or $CI_COMMIT_TAG)
#   FEDWATCH_IMAGE_DIGEST       sha256:... from the build job's dotenv report; pins the image
#   FEDWATCH_VALUES             the site's values file for this environment (a File variable scoped
#                               to the environment). Without it the release keeps the values it
#                               was last installed with (--reset-then-reuse-values), e.g. those
#                               set in Rancher's app form; a first install then needs it.
#   FEDWATCH_IMAGE_PULL_SECRET  name of a docker-registry Secret in the namespace for pulling from
#                               $CI_REGISTRY (e.g. from a deploy token with read_registry)
#   KUBECONFIG                  a File variable scoped to the environment (Rancher: the cluster's
#                               kubeconfig, ideally a service account's), or the one the GitLab
#                               agent for Kubernetes provides; KUBE_CONTEXT selects a context
#   HELM_TIMEOUT                how long to wait for the rollout (default 10m)
#   HELM                        a Helm 4 binary (default: scripts/ensure-helm.sh's, Helm 4.1)
#
# A failed or timed-out rollout is rolled back to the previous release and fails the job.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

chart=charts/fedwatch

log() { echo "ci/deploy: $*"; }
die() {
  echo "ci/deploy: error: $*" >&2
  exit 1
}

release="${FEDWATCH_RELEASE:-fedwatch}"
namespace="${FEDWATCH_NAMESPACE:-}"
repository="${DEPLOY_IMAGE_REPOSITORY:-}"
tag="${DEPLOY_IMAGE_TAG:-}"
digest="${FEDWATCH_IMAGE_DIGEST:-}"
values="${FEDWATCH_VALUES:-}"
pull_secret="${FEDWATCH_IMAGE_PULL_SECRET:-}"
timeout="${HELM_TIMEOUT:-10m}"

[[ -n "$namespace" ]] || die "FEDWATCH_NAMESPACE is not set"
[[ -n "$repository" ]] || die "DEPLOY_IMAGE_REPOSITORY is not set"
[[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "DEPLOY_IMAGE_TAG '$tag' is not a Docker tag"
[[ -z "$digest" || "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || die "FEDWATCH_IMAGE_DIGEST '$digest' is not sha256:<64 hex>"
[[ -z "$values" || -f "$values" ]] ||
  die "FEDWATCH_VALUES must be a File variable (a path to the values file); '$values' is not a file"
if [[ -z "${KUBECONFIG:-}" ]]; then
  die "no Kubernetes access: set KUBECONFIG as a File variable scoped to environment '${CI_ENVIRONMENT_NAME:-?}', or share a GitLab agent with this project"
fi
[[ -z "$digest" ]] && log "warning: no FEDWATCH_IMAGE_DIGEST from the build job; deploying by tag only"

# Helm with its state in a temporary directory (nothing written to $HOME).
helm_home="$(mktemp -d "${TMPDIR:-/tmp}/fedwatch-helm.XXXXXX")"
trap 'rm -rf "$helm_home"' EXIT
export HELM_CACHE_HOME="$helm_home/cache" HELM_CONFIG_HOME="$helm_home/config" HELM_DATA_HOME="$helm_home/data"
helm="${HELM:-}"
[[ -n "$helm" ]] || helm="$(FEDWATCH_HELM_SOURCE="${FEDWATCH_HELM_SOURCE:-aws-cdk}" scripts/ensure-helm.sh)" ||
  die "no Helm (scripts/ensure-helm.sh failed)"
helm_version="$("$helm" version --short)" || die "$helm does not run"
# Helm 4: --rollback-on-failure and --reset-then-reuse-values (Helm 3.6, the other Helm the
# chart is tested with, has neither, and its Kubernetes client predates current clusters).
[[ "$helm_version" == v4.* ]] || die "$helm is $helm_version; the deploy needs Helm 4"
log "helm $helm_version ($helm)"

kube_args=(--namespace "$namespace")
[[ -n "${KUBE_CONTEXT:-}" ]] && kube_args+=(--kube-context "$KUBE_CONTEXT")

args=(upgrade --install "$release" "$chart" "${kube_args[@]}")
if [[ -n "$values" ]]; then
  args+=(--values "$values")
else
  log "no FEDWATCH_VALUES: keeping the release's previous values"
  args+=(--reset-then-reuse-values)
fi
# --set-string: a commit id of digits only would otherwise become a number.
args+=(
  --set "image.repository=$repository"
  --set-string "image.tag=$tag"
  --set-string "image.digest=$digest"
)
[[ -n "$pull_secret" ]] && args+=(--set-string "imagePullSecrets[0].name=$pull_secret")
args+=(--rollback-on-failure --wait --timeout "$timeout" --history-max 10)

log "deploying $repository:$tag${digest:+@$digest} as release $release to namespace $namespace (${CI_ENVIRONMENT_NAME:-no environment})"
"$helm" "${args[@]}"
"$helm" status "$release" "${kube_args[@]}"
