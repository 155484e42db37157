#!/usr/bin/env bash
# GitLab CI build job: build the repository's Dockerfile once, tag it with every image reference
# given, push them all to the project's container registry, and record the pushed digest.
#
#   scripts/ci/build-image.sh REPO:TAG [REPO:TAG ...]
#
# .gitlab-ci.yml passes "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA" and, in tag pipelines,
# "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG". All references must name the same repository.
#
# Needs a Docker daemon (the docker:dind service; DOCKER_HOST and TLS from the job's variables)
# and the predefined variables CI_REGISTRY, CI_REGISTRY_USER, CI_REGISTRY_PASSWORD (the job
# token; never printed, given to docker on stdin).
#
# Writes build.env, a dotenv report for the deploy jobs: FEDWATCH_IMAGE_DIGEST=sha256:..., so
# that a deploy runs exactly the image pushed here even if a tag is moved later.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

log() { echo "ci/build-image: $*"; }
die() {
  echo "ci/build-image: error: $*" >&2
  exit 1
}

(($# > 0)) || die "usage: $0 REPO:TAG [REPO:TAG ...]"
for var in CI_REGISTRY CI_REGISTRY_USER CI_REGISTRY_PASSWORD; do
  [[ -n "${!var:-}" ]] || die "$var is not set (a GitLab predefined variable: run this in a GitLab CI job)"
done

repository=""
tag_args=()
for ref in "$@"; do
  repo="${ref%:*}"
  tag="${ref##*:}"
  # A Docker tag: 1-128 of [A-Za-z0-9_.-], not starting with '.' or '-'. Git tags may hold other
  # characters (v1.0+build, release/1.0): refuse them rather than push something unexpected.
  [[ "$ref" == *:* && -n "$repo" && "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] ||
    die "'$ref' is not REPO:TAG with a valid Docker tag"
  [[ -z "$repository" || "$repo" == "$repository" ]] || die "all references must name one repository ($repository, $repo)"
  repository="$repo"
  tag_args+=(--tag "$ref")
done
[[ "$repository" == "$CI_REGISTRY"/* ]] || die "$repository is not in the project's registry $CI_REGISTRY"

# OCI labels (Dockerfile ARGs): the git tag without a leading v, else package.json's version
# with the commit appended.
pkg_version="$(sed -nE 's/^  "version": "([^"]+)",?$/\1/p' package.json | head -n1)"
[[ -n "$pkg_version" ]] || die "cannot read the version from package.json"
if [[ -n "${CI_COMMIT_TAG:-}" ]]; then
  version="${CI_COMMIT_TAG#v}"
  [[ "$version" == "$pkg_version" ]] ||
    log "warning: tag $CI_COMMIT_TAG does not match package.json version $pkg_version"
else
  version="$pkg_version-${CI_COMMIT_SHORT_SHA:-dev}"
fi
revision="${CI_COMMIT_SHA:-unknown}"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# The dind service may still be generating its TLS certificates when the job starts.
log "waiting for the Docker daemon at ${DOCKER_HOST:-the default socket}"
for ((i = 0; ; i++)); do
  docker info >/dev/null 2>&1 && break
  ((i < 60)) || die "no Docker daemon after 60s (is the runner privileged, and DOCKER_HOST/DOCKER_TLS_CERTDIR set?)"
  sleep 1
done

printf '%s' "$CI_REGISTRY_PASSWORD" | docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"

log "building $* (version $version, revision $revision)"
docker build --pull \
  --build-arg "VERSION=$version" \
  --build-arg "REVISION=$revision" \
  --build-arg "CREATED=$created" \
  "${tag_args[@]}" \
  .

for ref in "$@"; do
  log "pushing $ref"
  docker push "$ref"
done

digest="$(docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$1" |
  sed -n "s|^$repository@\(sha256:[0-9a-f]\{64\}\)$|\1|p" | head -n1)"
[[ -n "$digest" ]] || die "no registry digest for $1 after the push"
log "pushed $repository@$digest"

echo "FEDWATCH_IMAGE_DIGEST=$digest" >build.env
