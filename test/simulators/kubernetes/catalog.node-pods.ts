/**
 * Pods every node (or every control-plane/etcd node) runs in an RKE2 cluster with rancher-monitoring
 * and rancher-logging: static control-plane pods (owned by their Node) and per-node DaemonSets.
 * Requests are those of the upstream charts.
 */
import { ctr, type TemplateDef } from './catalog.template.js';
import type { ContainerSpec } from './model.js';

const RKE2 = 'rancher/hardened-kubernetes:v1.31.4-rke2r1-build20241212';
const node = (app: string, containers: ContainerSpec[]): TemplateDef => ({
  app,
  namespace: 'kube-system',
  ownerKind: 'Node',
  containers,
  hostNetwork: true,
  priorityClassName: 'system-node-critical',
  tolerateAll: true,
});

/** Static pods (`<component>-<node>`, owned by the Node) of control-plane and etcd nodes. */
export const CONTROL_PLANE_PODS = {
  etcd: node('etcd', [
    ctr('etcd', 'rancher/hardened-etcd:v3.5.16-k3s1-build20241106', { cpu: '200m', memory: '512Mi' }),
  ]),
  controlPlane: [
    node('kube-apiserver', [ctr('kube-apiserver', RKE2, { cpu: '250m', memory: '1024Mi' })]),
    node('kube-controller-manager', [ctr('kube-controller-manager', RKE2, { cpu: '200m' })]),
    node('kube-scheduler', [ctr('kube-scheduler', RKE2, { cpu: '100m' })]),
    node('cloud-controller-manager', [
      ctr(
        'cloud-controller-manager',
        'rancher/rke2-cloud-provider:v1.31.2-0.20241016053446-0955fa330f90-build20241016',
        { cpu: '100m', memory: '128Mi' },
      ),
    ]),
  ],
};

/** One pod per node each, in the order they are added while the pod budget allows. */
export const PER_NODE: TemplateDef[] = [
  node('kube-proxy', [ctr('kube-proxy', RKE2, { cpu: '250m', memory: '128Mi' })]),
  {
    app: 'rke2-canal',
    namespace: 'kube-system',
    ownerKind: 'DaemonSet',
    initContainers: [ctr('install-cni', 'rancher/hardened-calico:v3.29.0-build20241104')],
    containers: [
      ctr('calico-node', 'rancher/hardened-calico:v3.29.0-build20241104', { cpu: '250m' }),
      ctr('kube-flannel', 'rancher/hardened-flannel:v0.26.1-build20241106'),
    ],
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    tolerateAll: true,
  },
  {
    app: 'rancher-monitoring-prometheus-node-exporter',
    namespace: 'cattle-monitoring-system',
    ownerKind: 'DaemonSet',
    containers: [
      ctr(
        'node-exporter',
        'rancher/mirrored-prometheus-node-exporter:v1.8.2',
        { cpu: '100m', memory: '30Mi' },
        { cpu: '200m', memory: '50Mi' },
        { ports: [{ name: 'http-metrics', containerPort: 9796, protocol: 'TCP' }] },
      ),
    ],
    hostNetwork: true,
    tolerateAll: true,
  },
  {
    app: 'rke2-ingress-nginx-controller',
    namespace: 'kube-system',
    ownerKind: 'DaemonSet',
    containers: [
      ctr(
        'rke2-ingress-nginx-controller',
        'rancher/nginx-ingress-controller:v1.10.5-hardened4',
        { cpu: '100m', memory: '90Mi' },
        {},
        {
          ports: [
            { name: 'http', containerPort: 80, protocol: 'TCP' },
            { name: 'https', containerPort: 443, protocol: 'TCP' },
          ],
        },
      ),
    ],
    workersOnly: true,
  },
  {
    app: 'rancher-logging-root-fluentbit',
    namespace: 'cattle-logging-system',
    ownerKind: 'DaemonSet',
    containers: [
      ctr(
        'fluent-bit',
        'rancher/mirrored-fluent-fluent-bit:3.1.8',
        { cpu: '0.05', memory: '64Mi' },
        { cpu: '500m', memory: '0.5Gi' },
      ),
    ],
    tolerateAll: true,
  },
];
