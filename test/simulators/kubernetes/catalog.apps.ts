/**
 * Tenant workloads of a research cluster: web front ends, APIs, workers, databases, notebooks,
 * batch and GPU training jobs. Quantities are written in every syntax people use in manifests
 * (`0.5`, `500m`, `1.5Gi`, `129e6`, `786432k`, `1k`), and some shapes are there for the rules:
 * init containers bigger than the containers (the max rule), native sidecars (init containers
 * with `restartPolicy: Always`), RuntimeClass overhead, equal requests written differently.
 */
import { BATCH_TEMPLATES } from './catalog.batch.js';
import { app, ctr, REG, type AppTemplate } from './catalog.template.js';

export const APP_TEMPLATES: Record<string, AppTemplate> = {
  ...BATCH_TEMPLATES,
  web: {
    weight: 26,
    build(rng, ns, name) {
      const sidecar = rng.chance(0.3);
      const proxy = rng.chance(0.2);
      return {
        ...app(ns, `${name}-web`, 'ReplicaSet'),
        containers: [
          ctr(
            'web',
            `${REG}/${ns}/${name}-web:1.${rng.int(0, 30)}.${rng.int(0, 9)}`,
            { cpu: rng.pick(['100m', '0.1', '250m']), memory: rng.pick(['128Mi', '256Mi', '129e6']) },
            { cpu: rng.pick(['500m', '1']), memory: rng.pick(['512Mi', '1Gi']) },
            { ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] },
          ),
          ...(proxy
            ? [
                ctr(
                  'oauth2-proxy',
                  'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1',
                  { cpu: '10m', memory: '32Mi' },
                  { cpu: '100m', memory: '64Mi' },
                ),
              ]
            : []),
        ],
        initContainers: sidecar
          ? [
              ctr(
                'log-shipper',
                'fluent/fluent-bit:3.1.8',
                { cpu: '50m', memory: '64Mi' },
                { memory: '128Mi' },
                { restartPolicy: 'Always' },
              ),
            ]
          : [],
      };
    },
  },
  api: {
    weight: 18,
    build(rng, ns, name) {
      const schema = rng.chance(0.35);
      return {
        ...app(ns, `${name}-api`, 'ReplicaSet'),
        containers: [
          ctr(
            'api',
            `${REG}/${ns}/${name}-api:2.${rng.int(0, 12)}.0`,
            { cpu: rng.pick(['500m', '0.5', '1']), memory: rng.pick(['1Gi', '1.5Gi', '2Gi']) },
            { cpu: '2', memory: rng.pick(['2Gi', '3Gi']) },
          ),
        ],
        initContainers: [
          ctr('wait-for-db', 'busybox:1.36', { cpu: '10m', memory: '1k' }),
          ...(schema
            ? [
                ctr(
                  'init-schema',
                  `${REG}/${ns}/${name}-api:migrate`,
                  { cpu: '1.5', memory: '3Gi' },
                  { cpu: '2', memory: '4Gi' },
                ),
              ]
            : []),
        ],
      };
    },
  },
  worker: {
    weight: 16,
    build(rng, ns, name) {
      return {
        ...app(ns, `${name}-worker`, 'ReplicaSet'),
        containers: [
          ctr(
            'worker',
            `${REG}/${ns}/${name}-worker:0.${rng.int(1, 40)}`,
            { cpu: rng.pick(['0.5', '250m', '.25', '1']), memory: rng.pick(['512Mi', '786432k', '500M']) },
            { cpu: '2', memory: '2Gi' },
          ),
          ctr('metrics', 'prom/statsd-exporter:v0.27.1', { cpu: '5m', memory: '16Mi' }),
        ],
      };
    },
  },
  cache: {
    weight: 6,
    build(rng, ns, name) {
      // Requests equal to limits but written differently: still Guaranteed.
      return {
        ...app(ns, `${name}-redis`, 'StatefulSet'),
        containers: [
          ctr(
            'redis',
            'redis:7.4.1',
            { cpu: '0.5', memory: '1Gi' },
            { cpu: '500m', memory: '1024Mi' },
            { ports: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }] },
          ),
        ],
        replicas: rng.int(1, 3),
      };
    },
  },
  db: {
    weight: 5,
    build(rng, ns, name) {
      return {
        ...app(ns, `${name}-postgres`, 'StatefulSet'),
        containers: [
          ctr(
            'postgres',
            'postgres:16.6',
            { cpu: '1', memory: rng.pick(['4Gi', '4G']) },
            { cpu: '2', memory: '8Gi' },
          ),
        ],
        initContainers: [ctr('init-chmod-data', 'busybox:1.36', { cpu: '0.01', memory: '8Mi' })],
        replicas: rng.int(1, 3),
      };
    },
  },
  scratch: {
    weight: 3,
    build(_rng, ns, name) {
      return {
        ...app(ns, `${name}-debug`, 'ReplicaSet'),
        containers: [ctr('shell', 'nicolaka/netshoot:v0.13')],
      };
    },
  },
  sandboxed: {
    weight: 2,
    build(_rng, ns, name) {
      return {
        ...app(ns, `${name}-sandbox`, 'ReplicaSet'),
        containers: [
          ctr(
            'untrusted',
            `${REG}/${ns}/${name}-sandbox:1.0`,
            { cpu: '250m', memory: '256Mi' },
            { cpu: '1', memory: '1Gi' },
          ),
        ],
        runtimeClassName: 'kata',
        overhead: { cpu: '250m', memory: '160Mi' },
      };
    },
  },
  iis: {
    weight: 1,
    needs: 'windows',
    build(_rng, ns, name) {
      return {
        ...app(ns, `${name}-iis`, 'ReplicaSet'),
        containers: [
          ctr(
            'iis',
            'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
            { cpu: '500m', memory: '1Gi' },
            { cpu: '1', memory: '2Gi' },
          ),
        ],
        os: 'windows',
      };
    },
  },
};
