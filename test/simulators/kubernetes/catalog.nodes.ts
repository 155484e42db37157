/**
 * Node shapes of an RKE2 cluster on a research cloud: OpenStack flavors as instance types, with
 * the capacities a kubelet reports for them (memory a little under the nominal size).
 */
import type { InstanceType } from './model.js';

const type = (
  name: string,
  cpu: number,
  memoryKi: number,
  extra: Partial<Pick<InstanceType, 'gpus' | 'arch' | 'ephemeralKi'>> = {},
): InstanceType => ({ name, cpu, memoryKi, gpus: 0, arch: 'amd64', ephemeralKi: 203056560, ...extra });

export const CONTROL_PLANE_TYPE = type('m1.large', 4, 16393892, { ephemeralKi: 101430960 });

export interface WorkerPool {
  /** Node name prefix, like a Rancher machine pool. */
  pool: string;
  type: InstanceType;
  os: 'linux' | 'windows';
  /** Share of the workers in this pool. */
  weight: number;
}

export const WORKER_POOLS: WorkerPool[] = [
  { pool: 'general', type: type('c1.4xlarge', 16, 65851340), os: 'linux', weight: 52 },
  { pool: 'small', type: type('m1.xlarge', 8, 32879396), os: 'linux', weight: 20 },
  { pool: 'highmem', type: type('r1.8xlarge', 32, 263964016), os: 'linux', weight: 10 },
  { pool: 'gpu-t4', type: type('g1.2xlarge.t4', 8, 65851340, { gpus: 1 }), os: 'linux', weight: 6 },
  { pool: 'gpu-a100', type: type('g1.8xlarge.a100', 32, 263964016, { gpus: 4 }), os: 'linux', weight: 3 },
  { pool: 'arm', type: type('a1.4xlarge', 16, 65638152, { arch: 'arm64' }), os: 'linux', weight: 7 },
  {
    pool: 'win',
    type: type('w1.2xlarge', 8, 33553908, { ephemeralKi: 104203260 }),
    os: 'windows',
    weight: 2,
  },
];

/** The first workers take one pool each, so that even a small cluster has every kind of node. */
export const FIRST_POOLS = ['general', 'small', 'gpu-t4', 'general', 'highmem', 'win', 'arm', 'gpu-a100'];

export const ZONES = ['az-1', 'az-2', 'az-3'];
export const REGION = 'RegionOne';

/** kubelet's default hard eviction threshold (memory.available < 100Mi) comes off allocatable. */
export const EVICTION_KI = 102400;
/** The kubelet reserves a little CPU on the big pools (`--kube-reserved`), so allocatable has millicores. */
export const RESERVED_CPU_MILLIS: Record<string, number> = { 'r1.8xlarge': 100, 'g1.8xlarge.a100': 100 };

export const OS_IMAGES = {
  linux: { osImage: 'Ubuntu 22.04.5 LTS', kernelVersion: '5.15.0-126-generic' },
  windows: { osImage: 'Windows Server 2022 Datacenter', kernelVersion: '10.0.20348.2849' },
};
export const CONTAINER_RUNTIME = 'containerd://1.7.23-k3s2';
