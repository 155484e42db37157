/** The public handle of a running simulator (see index.ts and README.md). */
import type { RequestLog } from '../openstack/request-log.js';
import type { ClusterData } from './cluster.data.js';
import type { KubernetesFaults } from './fault-injector.js';
import type { FedwatchConfigOptions, WriteConfigOptions } from './fedwatch-config.js';
import type { KubeconfigOptions } from './kubeconfig.js';
import type { Json, KubernetesSimulatorOptions } from './model.js';

export type StartOptions = Partial<KubernetesSimulatorOptions> & {
  /** Default: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
};

export interface ChurnControls {
  /** Starts the timer at `rate` events/s (or the current rate). */
  start(rate?: number): void;
  stop(): void;
  /** Changes the rate (also while running); 0 pauses. */
  setRate(rate: number): void;
  /** Applies `n` events (default 1) now, timer or not; returns how many were applied. */
  step(n?: number): number;
  readonly rate: number;
  readonly running: boolean;
  /** Churn events applied since start. */
  readonly events: number;
}

export interface KubernetesSimulator {
  /** `http(s)://127.0.0.1:<port>` */
  url: string;
  /** The bearer token the simulator accepts. */
  token: string;
  /** CA certificate (PEM file) with `tls: true`; null otherwise. Removed on `close()`. */
  caFile: string | null;
  /** A kubeconfig for this simulator (context `simulated`) in a temp dir removed on `close()`. */
  kubeconfigFile: string;
  data: ClusterData;
  faults: KubernetesFaults;
  /** Every request received (method, path, query, status, duration until the reply started). */
  requests: RequestLog;
  churn: ChurnControls;
  watches: { readonly open: number; readonly total: number };
  /** Milliseconds seeding took. */
  seedMs: number;
  /** The current global resourceVersion. */
  resourceVersion(): string;
  kubeconfig(options?: KubeconfigOptions): string;
  kubeconfigObject(options?: KubeconfigOptions): Json;
  /** `{kubernetes: {clusters: [{name, kubeconfig, context}]}}` using `kubeconfigFile`. */
  fedwatchConfig(options?: FedwatchConfigOptions): Json;
  /** Writes `<name>-kubeconfig.yaml` beside `file` and writes or merges the cluster entry into `file`. */
  writeConfig(file: string, options?: WriteConfigOptions): Promise<{ file: string; kubeconfig: string }>;
  close(): Promise<void>;
}
