#!/usr/bin/env bash
# CI smoke run of the built service on Node 24.
#
# Starts `bin/fedwatch.js serve` with the Node 24 binary from ensure-node24.sh on
# free loopback ports with a temporary data directory (embedded database), then
# checks /healthz, /readyz and /metrics, sends SIGTERM and expects exit code 0.
# Needs a built tree (npm ci / npm run build). Prints the server log on failure.
#
#   FEDWATCH_SMOKE_NODE     Node binary to use instead of ensure-node24.sh's
#   FEDWATCH_SMOKE_TIMEOUT  seconds to wait for /healthz and /readyz (default 60)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

timeout_s="${FEDWATCH_SMOKE_TIMEOUT:-60}"
stop_timeout_s=30

log() { echo "node24-smoke: $*"; }

tmp=""
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "$tmp" ]]; then
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

fail() {
  echo "node24-smoke: FAILED: $*" >&2
  if [[ -n "$tmp" && -f "$tmp/server.log" ]]; then
    echo "----- server log ($tmp/server.log) -----" >&2
    cat "$tmp/server.log" >&2
    echo "----- end of server log -----" >&2
  fi
  exit 1
}

[[ -f dist/src/cli/main.js ]] || fail "dist/src/cli/main.js is missing: build first (npm ci or npm run build)"
[[ -f bin/fedwatch.js ]] || fail "bin/fedwatch.js is missing"

if [[ -n "${FEDWATCH_SMOKE_NODE:-}" ]]; then
  node_bin="$FEDWATCH_SMOKE_NODE"
else
  node_bin="$(scripts/ensure-node24.sh)" || fail "could not provide a Node 24 binary (scripts/ensure-node24.sh)"
fi
node_version="$("$node_bin" --version 2>/dev/null)" || fail "$node_bin does not run"
[[ "$node_version" == v24.* ]] || fail "$node_bin is $node_version, expected v24.x"
log "node: $node_bin ($node_version)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/fedwatch-smoke.XXXXXX")"
mkdir -p "$tmp/data"

# Two distinct free ports: listen on port 0 twice (both open at once), then close.
read -r http_port grpc_port < <("$node_bin" -e '
  const net = require("node:net");
  const open = () => new Promise((res, rej) => {
    const s = net.createServer().once("error", rej).listen(0, "127.0.0.1", () => res(s));
  });
  Promise.all([open(), open()]).then((servers) => {
    console.log(servers.map((s) => s.address().port).join(" "));
    servers.forEach((s) => s.close());
  });
') || fail "could not find free ports"
[[ -n "$http_port" && -n "$grpc_port" ]] || fail "could not find free ports"
log "ports: http $http_port, grpc $grpc_port; data dir: $tmp/data"

# GET url -> prints the status code (0 if no answer), body into file $2.
http_get() {
  "$node_bin" -e '
    const [url, out] = process.argv.slice(1);
    fetch(url, { signal: AbortSignal.timeout(5000) })
      .then(async (r) => { require("node:fs").writeFileSync(out, await r.text()); console.log(r.status); })
      .catch(() => console.log(0));
  ' "$1" "$2"
}

# Start the service. DATABASE_URL unset -> embedded database in FEDWATCH_DATA_DIR.
env -u DATABASE_URL \
  PATH="$(dirname "$node_bin"):$PATH" \
  NODE_ENV=production \
  FEDWATCH_HTTP_HOST=127.0.0.1 \
  FEDWATCH_HTTP_PORT="$http_port" \
  FEDWATCH_GRPC_PORT="$grpc_port" \
  FEDWATCH_DATA_DIR="$tmp/data" \
  "$node_bin" bin/fedwatch.js serve >"$tmp/server.log" 2>&1 </dev/null &
server_pid=$!
log "started: pid $server_pid"

base="http://127.0.0.1:$http_port"
start=$SECONDS
deadline=$((SECONDS + timeout_s))

# wait_for PATH: poll until PATH answers 200, the server dies, or the deadline passes.
wait_for() {
  local path="$1" status=0
  while :; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      local rc=0
      wait "$server_pid" || rc=$?
      server_pid=""
      fail "the server exited (code $rc) before $path answered 200"
    fi
    status="$(http_get "$base$path" "$tmp/body")"
    [[ "$status" == 200 ]] && return 0
    ((SECONDS < deadline)) || fail "$path did not answer 200 within ${timeout_s}s (last status: $status)"
    sleep 0.5
  done
}

wait_for /healthz
log "ok: GET /healthz -> 200 after $((SECONDS - start))s"
wait_for /readyz
log "ok: GET /readyz -> 200 after $((SECONDS - start))s"

status="$(http_get "$base/metrics" "$tmp/metrics")"
[[ "$status" == 200 ]] || fail "GET /metrics answered $status"
grep -q '^fedwatch_build_info' "$tmp/metrics" || fail "/metrics has no fedwatch_build_info"
log "ok: GET /metrics -> 200 with $(grep -m1 '^fedwatch_build_info' "$tmp/metrics")"

kill -TERM "$server_pid"
stopped=""
for ((i = 0; i < stop_timeout_s * 10; i++)); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    stopped=1
    break
  fi
  sleep 0.1
done
[[ -n "$stopped" ]] || fail "the server did not exit within ${stop_timeout_s}s of SIGTERM"
rc=0
wait "$server_pid" || rc=$?
server_pid=""
[[ "$rc" == 0 ]] || fail "the server exited with code $rc after SIGTERM (expected 0)"
log "ok: SIGTERM -> exit code 0"
log "passed on Node $node_version"
