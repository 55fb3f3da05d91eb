import { z } from 'zod';
import { taxonomySchema, TAXONOMY_FORMAT_VERSION } from './taxonomy.ts';
import { labelIdFor } from './taxonomy-model.ts';
import { isObject } from '../is-object.ts';

/**
 * Format 1 -> 2: each label gets an id made from its name, the taxonomy version 1; nothing is nested.
 * Works on raw JSON, so what is wrong with a format-1 file is still reported by the format-2 schema.
 */
export function migrateTaxonomyV1(value: Record<string, unknown>): Record<string, unknown> {
  const taken = new Set<string>();
  const labels = Array.isArray(value.labels)
    ? value.labels.map((label: unknown) => {
        if (!isObject(label)) return label;
        const id = labelIdFor(typeof label.name === 'string' ? label.name : 'label', taken);
        taken.add(id);
        return { id, ...label };
      })
    : value.labels;
  return { ...value, formatVersion: TAXONOMY_FORMAT_VERSION, version: 1, labels };
}

/** A taxonomy as files hold it: format 2, or format 1 read through `migrateTaxonomyV1`. */
export const storedTaxonomySchema = z.preprocess(
  (value) => (isObject(value) && value.formatVersion === 1 ? migrateTaxonomyV1(value) : value),
  taxonomySchema,
);
