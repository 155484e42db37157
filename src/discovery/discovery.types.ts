import type { GlueValidationError } from './glue/index.js';

/** Objects of one document, as the status and the gauges show them. */
export interface DiscoveryCounts {
  shares: number;
  instanceTypes: number;
  images: number;
  accelerators: number;
}

/** A collector warning or a builder problem of one build, kept with the document it concerns. */
export interface DiscoveryProblem {
  source: 'collector' | 'builder';
  /** What it is about: `gocdb`, `vo:<name>`, `image <id>: OSName`, … */
  subject: string;
  message: string;
}

/**
 * Why a build did not end as a stored document (or, for `output`, as a file): the collector threw,
 * the builder refused its input, the document failed the schema, the database or the file failed.
 */
export type DiscoveryFailureReason = 'collect' | 'build' | 'invalid' | 'store' | 'output';
export const DISCOVERY_FAILURE_REASONS: readonly DiscoveryFailureReason[] = [
  'collect',
  'build',
  'invalid',
  'store',
  'output',
];

export interface DiscoveryFailure {
  at: Date;
  reason: DiscoveryFailureReason;
  message: string;
  /** With `invalid`: every schema error at the JSONPath of the offending value. */
  errors: GlueValidationError[];
}

/** One endpoint's stored state, without the document bodies. */
export interface DiscoveryState {
  /** `openstack.sites[].name`: names the endpoint in URLs, files and metrics. */
  endpoint: string;
  /** GOCDB site name the document speaks for. */
  siteName: string;
  /** The Keystone URL the document describes. */
  endpointUrl: string;
  /** The latest valid document: when built (its CreationTime), its ETag and counts; null before one. */
  builtAt: Date | null;
  etag: string | null;
  counts: DiscoveryCounts | null;
  /** Of the last build attempt. */
  problems: DiscoveryProblem[];
  /** The last document queued for publishing: when it was built and queued, its outbox message id. */
  publishedBuiltAt: Date | null;
  publishedAt: Date | null;
  publishedMessageId: string | null;
  /** Why the last attempt failed; null when it succeeded. */
  failure: DiscoveryFailure | null;
}

/** The latest valid document of an endpoint, exactly as served and written. */
export interface StoredDocument {
  endpoint: string;
  siteName: string;
  /** The JSON text; its bytes are what the ETag hashes. */
  body: string;
  etag: string;
  builtAt: Date;
}

/** How one endpoint's build ended in one run. */
export interface EndpointOutcome {
  endpoint: string;
  status: 'published' | 'unchanged' | 'failed';
  /** With `published`: first, changed or half-validity. */
  why?: string;
  failure?: DiscoveryFailureReason;
  error?: string;
}
