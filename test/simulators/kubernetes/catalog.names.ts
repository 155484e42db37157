/** Names of tenant namespaces and applications (words, not random strings: easier to read in tests). */
import type { Rng } from '../openstack/prng.js';

export const APP_NAMESPACES = [
  'research-genomics',
  'climate-models',
  'hep-analysis',
  'ml-platform',
  'web-portal',
  'data-pipeline',
  'jupyterhub',
  'astro-survey',
  'bioinformatics',
  'materials-sim',
  'neuro-imaging',
  'earth-observation',
  'digital-humanities',
  'lab-services',
];

const APP_WORDS = [
  'portal',
  'catalog',
  'ingest',
  'search',
  'auth',
  'annotate',
  'render',
  'export',
  'viewer',
  'registry',
];

export const appWord = (rng: Rng): string => rng.pick(APP_WORDS);
