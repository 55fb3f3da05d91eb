import type { Taxonomy } from '../../../shared/domain/taxonomy.ts';

export type SplitName = 'train' | 'validation' | 'test';

export interface CardFacts {
  taxonomy: Taxonomy;
  taxonomyVersion: number;
  reviewers: string[];
  labelCounts: Map<SplitName, Map<string, number>>;
  documents: Record<SplitName, number>;
  exportedAt: string;
  command: string;
  split: readonly [number, number, number];
  seed: number;
  /** Why the JSON loader cannot infer this folder's schema, if it cannot (schema-lines.ts). */
  schemaWarning?: string | null;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/**
 * The records' schema, declared for `datasets`: inferred from the data, a split whose lists are all
 * empty (no spans, attributes, evidence or reviewers) gets a list of nulls, which does not match
 * the other splits. Written as the dataset card's `dataset_info.features`.
 */
const FEATURES = `dataset_info:
  features:
  - name: id
    dtype: string
  - name: text
    dtype: string
  - name: spans
    list:
    - name: start
      dtype: int64
    - name: end
      dtype: int64
    - name: label
      dtype: string
    - name: text
      dtype: string
    - name: reviewer
      dtype: string
    - name: attributes
      list:
      - name: name
        dtype: string
      - name: value
        dtype: string
      - name: evidence
        list:
        - name: start
          dtype: int64
        - name: end
          dtype: int64
        - name: text
          dtype: string
    - name: note
      dtype: string
  - name: meta
    struct:
    - name: title
      dtype: string
    - name: source_file
      dtype: string
    - name: source_sha256
      dtype: string
    - name: status
      dtype: string
    - name: reviewers
      list:
      - name: name
        dtype: string
      - name: status
        dtype: string
    - name: taxonomy_id
      dtype: string
    - name: taxonomy_version
      dtype: int64
`;

/**
 * The dataset card (README.md) of an `hf` export: what the data is, how it was made, label counts per
 * split. The export time lives only here, so the JSONL files of two exports are byte-identical.
 */
export function datasetCard(f: CardFacts): string {
  const splits: SplitName[] = ['train', 'validation', 'test'];
  const labels = [...new Set(splits.flatMap((s) => [...(f.labelCounts.get(s)?.keys() ?? [])]))].sort();
  const count = (s: SplitName, l: string): number => f.labelCounts.get(s)?.get(l) ?? 0;
  const rows = labels.map((l) => `| ${cell(l)} | ${splits.map((s) => count(s, l)).join(' | ')} |`);
  const totals = splits.map((s) => [...(f.labelCounts.get(s)?.values() ?? [])].reduce((a, b) => a + b, 0));
  // A split with no documents has no file (datasets cannot load an empty one).
  const files = splits.filter((s) => f.documents[s] > 0).map((s) => `  - split: ${s}\n    path: ${s}.jsonl\n`);
  const empty = splits.filter((s) => f.documents[s] === 0);
  return `---
configs:
- config_name: default
  data_files:
${files.join('')}${FEATURES}---

# Clausemark dataset export

Annotated documents exported by Clausemark, one JSON object per line per document.
Load with \`datasets.load_dataset("<this folder>")\`, which takes the features declared above (so a split
whose documents have no spans has the same schema as the others), or \`load_dataset("json", data_dir=...)\`,
which infers it (a large split starts with the lines that show every nested field), or read the files with
Python's \`json\`. Lines are in document id order otherwise.
${f.schemaWarning ? `\n**Note:** ${f.schemaWarning}\n` : ''}
- Taxonomy: ${f.taxonomy.name} (\`${f.taxonomy.id}\`, version ${f.taxonomyVersion})
- Reviewers: ${f.reviewers.length > 0 ? f.reviewers.join(', ') : 'none'}
- Exported at: ${f.exportedAt}
- Command: \`${f.command}\`
- Split by document, seed ${f.seed}, fractions ${f.split.join(' / ')}: train ${f.documents.train}, validation ${f.documents.validation}, test ${f.documents.test} documents${
    empty.length > 0 ? ` (${empty.join(' and ')} ${empty.length > 1 ? 'have' : 'has'} no documents, so no file)` : ''
  }

## Fields

- \`id\`: the document's id in the Clausemark project; \`text\`: its full text.
- \`spans\`: \`start\`, \`end\` (Unicode code points, as Python's \`str\` counts: \`text[start:end] == span["text"]\`),
  \`label\`, \`text\`, \`reviewer\`, \`attributes\` (a list of \`{name, value, evidence}\`, evidence spans with
  offsets into \`text\`), \`note\` (empty when none). Every line has every key.
- \`meta\`: \`title\`, \`source_file\`, \`source_sha256\`, \`status\`, \`reviewers\` (\`{name, status}\`), \`taxonomy_id\`, \`taxonomy_version\`.

## Labels per split

| Label | train | validation | test |
|---|---|---|---|
${rows.join('\n')}${rows.length > 0 ? '\n' : ''}| **All** | ${totals.join(' | ')} |
`;
}
