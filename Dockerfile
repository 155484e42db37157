# fedwatch container image.
#
#   docker build -t fedwatch .
#   docker run -p 8080:8080 -p 9090:9090 \
#     -e FEDWATCH_API__TOKENS='[{"name":"ops","role":"admin","token":"..."}]' fedwatch
#
# The service listens on 0.0.0.0 in the container, so it refuses to start without
# API tokens (FEDWATCH_API__TOKENS) or an explicit FEDWATCH_API__AUTH=none.
# With DATABASE_URL unset it keeps an embedded database in /var/lib/fedwatch (a volume).
# Stages: build (dev deps + tsc) -> deps (production node_modules) -> runtime.

# Base image: current Node LTS, major pinned (bump all three FROM lines together).

# ---------------------------------------------------------------------------
# build: full install (dev dependencies included) and TypeScript compile.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would run the build before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# ---------------------------------------------------------------------------
# deps: production dependencies only. --ignore-scripts because `prepare` needs tsc,
# which a production install does not have (the runtime needs no install scripts).
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------
# runtime: compiled code + production node_modules, non-root.
FROM node:24-bookworm-slim AS runtime

ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="fedwatch" \
      org.opencontainers.image.description="One service for a federated research-cloud site: accounting, service discovery, publishing and cluster health" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/node:24-bookworm-slim"

# Dedicated user with a fixed numeric UID/GID (works with Kubernetes runAsNonRoot)
# and the data directory it owns.
RUN groupadd --system --gid 10001 fedwatch \
  && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin fedwatch \
  && mkdir -p /var/lib/fedwatch \
  && chown 10001:10001 /var/lib/fedwatch \
  && chmod 0750 /var/lib/fedwatch

WORKDIR /app
# V8 would let the heap grow towards a share of the node's memory before collecting; a watched
# cluster of 5,000 nodes and 150,000 pods needs about 200 MB of live heap, and with a 768 MB
# ceiling the whole process peaked at 0.85 GB in bench/cluster-health (512 MB made scrapes of
# /metrics slower through more frequent collections). Raise it with NODE_OPTIONS.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=768 \
    FEDWATCH_HTTP_HOST=0.0.0.0 \
    FEDWATCH_HTTP_PORT=8080 \
    FEDWATCH_GRPC_PORT=9090 \
    FEDWATCH_DATA_DIR=/var/lib/fedwatch

# Application files are owned by root and read-only for the service user.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
COPY proto ./proto
COPY config ./config

USER 10001:10001
VOLUME ["/var/lib/fedwatch"]
EXPOSE 8080 9090

# Kubernetes uses its own probes (/healthz, /readyz); this is for plain docker.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.FEDWATCH_HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

ENTRYPOINT ["node", "bin/fedwatch.js"]
CMD ["serve"]
