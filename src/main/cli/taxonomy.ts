import type { Taxonomy } from '../../shared/domain/taxonomy.ts';
import { labelTree } from '../../shared/domain/taxonomy-model.ts';
import { AppError } from '../../shared/result.ts';

/** `clausemark taxonomy` as text: one line per label (indented under its parent), its hotkey, its attributes and values. */
export function taxonomyLines(taxonomy: Taxonomy): string[] {
  const lines = [`${taxonomy.name} (${taxonomy.id}), version ${taxonomy.version}, ${taxonomy.labels.length} labels`];
  for (const { label, depth } of labelTree(taxonomy)) {
    const indent = '  '.repeat(depth);
    lines.push(`${label.key ?? ' '}  ${indent}${label.name}  ${label.color}`);
    for (const a of label.attributes) {
      const kind = `${a.optional ? 'optional' : 'required'}${a.multiple ? ', multiple' : ''}`;
      lines.push(`     ${indent}${a.name} (${kind}): ${a.values.join(' | ')}`);
    }
  }
  return lines;
}

/**
 * `--migrate "Old=New,Other="`: label name -> new label name, or null (empty) to delete its annotations.
 * Label names may hold commas ("User Access, Edit and Deletion"): a piece without "=" belongs to its neighbour.
 */
export function parseMigrateOption(text: string): Record<string, string | null> {
  const pieces = text.split(',');
  const pairs: string[] = [];
  let pending = '';
  for (const piece of pieces) {
    if (pending !== '') {
      pending = `${pending},${piece}`;
      if (piece.includes('=')) {
        pairs.push(pending);
        pending = '';
      }
    } else if (piece.includes('=')) pairs.push(piece);
    else if (pairs.length > 0 && !(pairs.at(-1) as string).endsWith('=')) pairs[pairs.length - 1] = `${pairs.at(-1) as string},${piece}`;
    else pending = piece;
  }
  if (pending !== '') throw new AppError('INVALID_INPUT', `--migrate: “${pending.trim()}” has no "=" (give "Old label=New label").`);
  const migration: Record<string, string | null> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const from = pair.slice(0, at).trim();
    const to = pair.slice(at + 1).trim();
    if (!from) throw new AppError('INVALID_INPUT', `--migrate: “${pair.trim()}” names no label before "=".`);
    migration[from] = to === '' ? null : to;
  }
  return migration;
}
