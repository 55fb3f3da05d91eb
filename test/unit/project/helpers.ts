import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Taxonomy } from '../../../src/shared/domain/taxonomy.ts';
import { builtinTaxonomy } from '../../../src/main/services/taxonomy/index.ts';

export const resourcesDir = join(import.meta.dirname, '..', '..', '..', 'resources');
export const samplesDir = fileURLToPath(new URL('../../../resources/samples/policies', import.meta.url));

export const opp115 = (): Promise<Taxonomy> => builtinTaxonomy('opp-115', resourcesDir);

export const sample = (name: string): Promise<Buffer> => readFile(join(samplesDir, name));

/** One annotation line as annotations/<reviewer>.jsonl holds it. */
export function annotationLine(fields: { id: string; documentId: string; reviewer: string; label: string }): string {
  return JSON.stringify({
    formatVersion: 1,
    id: fields.id,
    documentId: fields.documentId,
    reviewer: fields.reviewer,
    start: 0,
    end: 4,
    quote: 'Priv',
    label: fields.label,
    attributes: {},
    note: '',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  });
}
