/**
 * Tenant batch workloads: notebooks (StatefulSets, some with a GPU), batch Jobs whose input
 * fetcher (an init container) needs more than the job itself, and GPU training Jobs.
 */
import { app, ctr, REG, type AppTemplate } from './catalog.template.js';

export const BATCH_TEMPLATES: Record<string, AppTemplate> = {
  notebook: {
    weight: 6,
    build(rng, ns, name) {
      const gpu = rng.chance(0.15) ? '1' : undefined;
      return {
        ...app(ns, `jupyter-${name}`, 'StatefulSet'),
        containers: [
          ctr(
            'notebook',
            'quay.io/jupyter/scipy-notebook:2024-12-09',
            { cpu: '0.5', memory: '1Gi', gpu },
            { cpu: '4', memory: '8Gi', gpu },
          ),
        ],
        gpus: gpu ? 1 : 0,
        replicas: 1,
      };
    },
  },
  batch: {
    weight: 8,
    build(rng, ns, name) {
      // The input fetcher needs more than the job itself: the pod's request is the init container's.
      return {
        ...app(ns, `${name}-batch`, 'Job'),
        containers: [
          ctr(
            'run',
            `${REG}/${ns}/${name}-pipeline:${rng.int(2023, 2026)}.${rng.int(1, 12)}`,
            { cpu: '1', memory: '2Gi' },
            { cpu: '1', memory: '2Gi' },
          ),
        ],
        initContainers: [
          ctr(
            'fetch-input',
            'amazon/aws-cli:2.22.10',
            { cpu: '2', memory: '4Gi' },
            { cpu: '2', memory: '4Gi' },
          ),
        ],
        restartPolicy: 'Never',
        finishes: true,
      };
    },
  },
  train: {
    weight: 2,
    needs: 'gpu',
    build(rng, ns, name) {
      const gpus = rng.pick(['1', '1', '2', '4']);
      return {
        ...app(ns, `${name}-train`, 'Job'),
        containers: [
          ctr(
            'trainer',
            'nvcr.io/nvidia/pytorch:24.11-py3',
            { cpu: '4', memory: '32Gi', gpu: gpus },
            { cpu: '8', memory: '64Gi', gpu: gpus },
          ),
        ],
        restartPolicy: 'OnFailure',
        finishes: true,
        gpus: Number(gpus),
      };
    },
  },
};
