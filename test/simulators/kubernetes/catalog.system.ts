/**
 * Cluster-wide system services of an RKE2 cluster managed by Rancher (coredns, metrics-server,
 * cattle agents, monitoring) and finished helm-install Jobs, and the system namespaces.
 */
import { ctr, type TemplateDef } from './catalog.template.js';
import type { ContainerSpec } from './model.js';

const deploy = (
  namespace: string,
  app: string,
  replicas: number,
  containers: ContainerSpec[],
  extra: Partial<TemplateDef> = {},
): TemplateDef => ({
  app,
  namespace,
  ownerKind: 'ReplicaSet',
  containers,
  replicas,
  ...extra,
});

const MON = 'cattle-monitoring-system';

/** Cluster-wide system services; coredns scales with the cluster. */
export function systemServices(nodes: number): TemplateDef[] {
  const coredns = Math.max(2, Math.min(20, Math.ceil(nodes / 256)));
  return [
    deploy(
      'kube-system',
      'rke2-coredns-rke2-coredns',
      coredns,
      [
        ctr(
          'coredns',
          'rancher/hardened-coredns:v1.11.3-build20241018',
          { cpu: '0.1', memory: '128Mi' },
          { cpu: '100m', memory: '128Mi' },
        ),
      ],
      { priorityClassName: 'system-cluster-critical' },
    ),
    deploy('cattle-system', 'cattle-cluster-agent', 2, [
      ctr('cluster-register', 'rancher/rancher-agent:v2.10.1'),
    ]),
    deploy(
      'kube-system',
      'rke2-metrics-server',
      1,
      [
        ctr('metrics-server', 'rancher/hardened-k8s-metrics-server:v0.7.2-build20241008', {
          cpu: '100m',
          memory: '200Mi',
        }),
      ],
      { priorityClassName: 'system-cluster-critical' },
    ),
    deploy('cattle-system', 'rancher-webhook', 1, [ctr('rancher-webhook', 'rancher/rancher-webhook:v0.6.2')]),
    {
      ...deploy(MON, 'prometheus-rancher-monitoring-prometheus', 1, [
        ctr(
          'prometheus',
          'rancher/mirrored-prometheus-prometheus:v2.53.1',
          { cpu: '750m', memory: '750Mi' },
          { cpu: '1000m', memory: '3000Mi' },
        ),
        ctr(
          'config-reloader',
          'rancher/mirrored-prometheus-operator-prometheus-config-reloader:v0.76.0',
          { cpu: '10m', memory: '50Mi' },
          { cpu: '10m', memory: '50Mi' },
        ),
      ]),
      ownerKind: 'StatefulSet',
      initContainers: [
        ctr(
          'init-config-reloader',
          'rancher/mirrored-prometheus-operator-prometheus-config-reloader:v0.76.0',
          { cpu: '10m', memory: '50Mi' },
          { cpu: '10m', memory: '50Mi' },
        ),
      ],
    },
    {
      ...deploy(MON, 'alertmanager-rancher-monitoring-alertmanager', 1, [
        ctr(
          'alertmanager',
          'rancher/mirrored-prometheus-alertmanager:v0.27.0',
          { cpu: '100m', memory: '100Mi' },
          { cpu: '1000m', memory: '500Mi' },
        ),
      ]),
      ownerKind: 'StatefulSet',
    },
    deploy(
      MON,
      'rancher-monitoring-grafana',
      1,
      [
        ctr(
          'grafana',
          'rancher/mirrored-grafana-grafana:10.4.9',
          { cpu: '100m', memory: '128Mi' },
          { cpu: '200m', memory: '200Mi' },
        ),
        ctr('grafana-sc-dashboard', 'rancher/mirrored-kiwigrid-k8s-sidecar:1.27.4'),
      ],
      {
        initContainers: [ctr('grafana-init-sc-datasources', 'rancher/mirrored-kiwigrid-k8s-sidecar:1.27.4')],
      },
    ),
    deploy(MON, 'rancher-monitoring-kube-state-metrics', 1, [
      ctr(
        'kube-state-metrics',
        'rancher/mirrored-kube-state-metrics-kube-state-metrics:v2.13.0',
        { cpu: '100m', memory: '130Mi' },
        { cpu: '100m', memory: '200Mi' },
      ),
    ]),
    {
      ...deploy('cattle-fleet-system', 'fleet-agent', 1, [ctr('fleet-agent', 'rancher/fleet-agent:v0.11.2')]),
      ownerKind: 'StatefulSet',
    },
    ...['rke2-canal', 'rke2-coredns', 'rke2-ingress-nginx', 'rke2-metrics-server'].map((chart) => ({
      ...deploy('kube-system', `helm-install-${chart}`, 1, [
        ctr('helm', 'rancher/klipper-helm:v0.9.3-build20241008'),
      ]),
      ownerKind: 'Job' as const,
      restartPolicy: 'OnFailure' as const,
      finishes: true,
      hostNetwork: true,
    })),
  ];
}

export const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'cattle-system',
  'cattle-fleet-system',
  'cattle-impersonation-system',
  'cattle-monitoring-system',
  'cattle-logging-system',
  'local',
];
