/**
 * The GLUE 2.1 cloud document as EGI's cloud-info-provider v1.2.0 writes it and cloud-info-api reads
 * it (glue-cloud-info.md §1–2). Keys are the wire names; optional attributes are omitted, never null.
 * Attribute order on the wire is the construction order in the builders, not the order here.
 */

export type ExtendedBoolean = true | false | 'UNKNOWN';
export type QualityLevel = 'development' | 'pre-production' | 'production' | 'testing';
export type HealthState = 'ok' | 'warning' | 'critical' | 'unknown' | 'other';
/** Association keys are class names without `ID`; `AdminDomain` and `PolicyUserDomain` hold names. */
export type GlueAssociations = Record<string, string[]>;

export interface GlueEntity {
  ID: string;
  Validity: number;
  CreationTime: string;
  Name?: string;
  OtherInfo?: Record<string, unknown>;
  Associations?: GlueAssociations;
}

export interface VmCounts {
  TotalVM: number;
  RunningVM: number;
  SuspendedVM: number;
  HaltedVM: number;
}

export interface CloudComputingService extends GlueEntity, VmCounts {
  Type: string;
  QualityLevel: QualityLevel;
  StatusInfo: string;
  ServiceAUP: string;
  Complexity: string;
  Capability: string[];
}

export interface CloudComputingManager extends GlueEntity {
  InstanceMaxCPU?: number;
  InstanceMinCPU?: number;
  InstanceMaxRAM?: number;
  InstanceMinRAM?: number;
}

export interface CloudComputingEndpoint extends GlueEntity {
  Capability: string[];
  QualityLevel: QualityLevel;
  InterfaceName: string;
  InterfaceVersion?: string;
  HealthState: HealthState;
  HealthStateInfo: string;
  ServingState: 'closed' | 'draining' | 'production' | 'queueing';
  Technology: string;
  Implementor: string;
  ImplementationName: string;
  ImplementationVersion?: string;
  DowntimeInfo: string;
  Semantics: string;
  Authentication?: string;
  IssuerCA?: string;
  TrustedCA: string[];
  URL: string;
}

export interface CloudComputingImage extends GlueEntity {
  MarketplaceURL?: string;
  OSPlatform: string;
  OSName: string;
  OSVersion: string;
  Description: string;
  AccessInfo: 'none' | 'passwd' | 'rsa';
}

export interface CloudComputingInstanceType extends GlueEntity {
  Platform: string;
  CPU: number;
  /** MiB. */
  RAM: number;
  /** GiB. */
  Disk: number;
  NetworkIn: ExtendedBoolean;
  NetworkOut: ExtendedBoolean;
}

export interface CloudComputingVirtualAccelerator extends GlueEntity {
  Type: string;
  Number: number;
  Vendor: string;
  Model: string;
  ComputeCapability: string[];
}

export interface Share extends GlueEntity, VmCounts {
  InstanceMaxCPU: number;
  InstanceMaxRAM: number;
  MaxVM?: number;
  ProjectID: string;
}

/** `MappingPolicy` (one per share) and `AccessPolicy` (one). */
export interface Policy extends GlueEntity {
  Rule: string[];
  Scheme: string;
}

/** Class keys in cloud-info-provider v1.2.0's order; the accelerator key only with GPU flavors. */
export interface GlueDocument {
  CloudComputingService: CloudComputingService[];
  CloudComputingManager: CloudComputingManager[];
  CloudComputingEndpoint: CloudComputingEndpoint[];
  CloudComputingImage: CloudComputingImage[];
  CloudComputingInstanceType: CloudComputingInstanceType[];
  CloudComputingVirtualAccelerator?: CloudComputingVirtualAccelerator[];
  Share: Share[];
  MappingPolicy: Policy[];
  AccessPolicy: Policy[];
}

/**
 * Something wrong with one input object. With `skipped: true` the object is not in the document;
 * with `skipped: false` it is, without (or with a default for) the named field.
 */
export interface GlueProblem {
  objectType: 'service' | 'endpoint' | 'share' | 'flavor' | 'image';
  /** Flavor or image id, share ID (or VO for a share that could not be read), service/endpoint ID. */
  id: string;
  field: string;
  message: string;
  skipped: boolean;
}

export interface GlueBuildResult {
  document: GlueDocument;
  problems: GlueProblem[];
}
