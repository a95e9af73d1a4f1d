// Retrieved documents: OpenInference `retrieval.documents.N.document.*` and OTel `gen_ai.retrieval.documents`.
import { asNumber, asText, attrKey, isRecord, parseMaybeJson, type AttrReader } from './attributes';
import { PREFIX, indexed, unflatten } from './flattened';

const DOCUMENTS = attrKey('gen_ai.retrieval.documents');
import type { RetrievalDocument } from './types';

function toDocument(d: Record<string, unknown>): RetrievalDocument {
  return {
    id: asText(d.id ?? null),
    content: asText(d.content ?? d.text ?? null),
    score: asNumber(d.score),
    metadata: d.metadata === undefined ? null : parseMaybeJson(d.metadata as string),
  };
}

export function readRetrievalDocuments(r: AttrReader): RetrievalDocument[] | null {
  const fam = r.families;
  const list = r.json(DOCUMENTS);
  if (Array.isArray(list)) return list.filter(isRecord).map(toDocument);
  if (!fam.retrievalDocs) return null;
  const tree = unflatten(r.attrs, fam.retrievalDocs, PREFIX.retrievalDocs.length);
  const docs: RetrievalDocument[] = [];
  for (const entry of indexed(tree)) {
    if (isRecord(entry) && isRecord(entry.document)) docs.push(toDocument(entry.document));
  }
  return docs;
}
