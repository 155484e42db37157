#!/usr/bin/env bash
# GitLab CI test job: make the job's PostgreSQL and RabbitMQ services reachable where the tests
# look for them, then run .ci/run (the same entry point as every other CI: npm ci, npm test, the
# Node 24 smoke run).
#
# The tests use fixed addresses (test/support/postgres.ts: postgres://postgres@127.0.0.1:5432/test,
# test/support/rabbitmq.ts: amqp://guest:guest@127.0.0.1:5672) and no environment variable changes
# them. Where a GitLab service is reachable depends on the runner's executor:
#   - Kubernetes executor: services are containers of the job's pod, so they listen on 127.0.0.1
#     already (their aliases resolve to 127.0.0.1); nothing to do.
#   - Docker executor: services are other containers, reachable only by their alias; a socat
#     forwarder per service listens on 127.0.0.1:<port> and connects to <alias>:<port>.
#
#   FEDWATCH_CI_SERVICES  "alias:port ..." (default: "postgres:5432 rabbitmq:5672")
#   FEDWATCH_CI_WAIT      seconds to wait for each service (default 120)
#
# Runs as root in a Debian image (node:20-bookworm): installs the PostgreSQL client (.ci/run waits
# for the database with psql) and socat, plus the packages .ci/run would install itself
# (prometheus for promtool, python3-dirq), in one apt-get run.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

services="${FEDWATCH_CI_SERVICES:-postgres:5432 rabbitmq:5672}"
wait_s="${FEDWATCH_CI_WAIT:-120}"

log() { echo "ci/test: $*"; }
die() {
  echo "ci/test: error: $*" >&2
  exit 1
}

# True if host:port accepts a TCP connection.
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_tcp() { # host port seconds
  local i
  for ((i = 0; i < $3; i++)); do
    tcp_open "$1" "$2" && return 0
    sleep 1
  done
  return 1
}

forwarders=()
cleanup() {
  local pid
  for pid in "${forwarders[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

log "installing postgresql-client, socat, prometheus (promtool), python3-dirq"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql-client socat prometheus python3-dirq >/dev/null

for service in $services; do
  name="${service%%:*}"
  port="${service##*:}"
  [[ -n "$name" && "$port" =~ ^[0-9]+$ && "$service" == "$name:$port" ]] ||
    die "FEDWATCH_CI_SERVICES entry '$service' is not alias:port"

  address="$(getent ahostsv4 "$name" | awk 'NR == 1 { print $1 }')" || true
  if [[ -z "$address" ]]; then
    # No such service (a runner without services, or a machine where they run locally).
    tcp_open 127.0.0.1 "$port" && {
      log "$name: no service host; 127.0.0.1:$port is open, using it"
      continue
    }
    die "service '$name' does not resolve and nothing listens on 127.0.0.1:$port (is the service defined in .gitlab-ci.yml?)"
  fi

  log "$name: waiting for $name:$port ($address, up to ${wait_s}s)"
  wait_tcp "$name" "$port" "$wait_s" || die "$name:$port did not accept connections within ${wait_s}s"

  if [[ "$address" == 127.* ]]; then
    log "$name: shares the job's network (Kubernetes executor), 127.0.0.1:$port is the service"
    continue
  fi
  if tcp_open 127.0.0.1 "$port"; then
    die "127.0.0.1:$port is taken by something else; cannot forward it to $name:$port"
  fi
  socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "TCP:$name:$port" &
  forwarders+=("$!")
  wait_tcp 127.0.0.1 "$port" 10 || die "socat did not start listening on 127.0.0.1:$port"
  log "$name: forwarding 127.0.0.1:$port -> $name:$port (Docker executor)"
done

log "running .ci/run"
.ci/run
