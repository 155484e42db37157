import type { DiscoveryTransaction, EndpointIdentity } from './discovery-store.port.js';
import type { DiscoveryProblem } from './discovery.types.js';
import { countsOf } from './document-summary.js';
import { etagOf } from './etag.js';
import type { GlueDocument } from './glue/index.js';
import { publishDecision, type PublishDecision } from './publish-decision.js';

export interface DocumentToSave {
  identity: EndpointIdentity;
  document: GlueDocument;
  /** `document` as JSON: what is stored, served, hashed and published. */
  body: string;
  problems: DiscoveryProblem[];
  builtAt: Date;
  defaultValiditySeconds: number;
}

/**
 * Inside the endpoint's transaction: decides against the last published document whether this one
 * is published, queues it as a `discovery.glue21` message if so, and stores it as the latest (and
 * then the published) document. Returns the decision and the problems stored before.
 */
export async function saveDocument(
  tx: DiscoveryTransaction,
  d: DocumentToSave,
): Promise<{ decision: PublishDecision; previousProblems: DiscoveryProblem[] | null }> {
  const { current } = tx;
  const published =
    current?.publishedBody && current.publishedBuiltAt
      ? { document: JSON.parse(current.publishedBody) as GlueDocument, builtAt: current.publishedBuiltAt }
      : null;
  const decision = publishDecision({
    built: d.document,
    builtAt: d.builtAt,
    published,
    defaultValiditySeconds: d.defaultValiditySeconds,
  });
  let queued = null;
  if (decision.publish) {
    const { messageIds } = await tx.enqueue({
      kind: 'discovery.glue21',
      body: d.body,
      contentType: 'application/json',
      // One document; its objects are not records in APEL's sense.
      recordCount: 1,
      site: d.identity.siteName || d.identity.endpoint,
    });
    queued = { messageId: messageIds[0], at: d.builtAt };
  }
  await tx.saveBuilt({
    ...d.identity,
    body: d.body,
    etag: etagOf(d.body),
    builtAt: d.builtAt,
    counts: countsOf(d.document),
    problems: d.problems,
    published: queued,
  });
  return { decision, previousProblems: current?.problems ?? null };
}
