import type { Annotation } from './annotation.ts';
import type { ProjectInfo } from './project.ts';
import type { Taxonomy } from './taxonomy.ts';

/** A taxonomy Clausemark ships, as the New Project dialog and `clausemark init --taxonomy` offer it. */
export interface PresetSummary {
  id: string;
  name: string;
  summary: string;
  labelCount: number;
  /** The preset itself, for the editor's "Replace with a preset". */
  taxonomy: Taxonomy;
}

/** An annotation marked as an example of its label, as the guidelines panel lists it. */
export interface LabelExample {
  annotationId: string;
  documentId: string;
  documentTitle: string;
  reviewer: string;
  /** The text it covers (a segment's text for a segment annotation), shortened past 1,000 characters. */
  quote: string;
}

/** What a taxonomy change did. `previous` holds every annotation it changed or deleted, as it was: an undo restores them. */
export interface TaxonomyChangeOutcome {
  taxonomy: Taxonomy;
  rewritten: number;
  deleted: number;
  restored: number;
  previous: Annotation[];
}

/** The answer to `taxonomy.update`: the outcome and the project as it now is. */
export interface TaxonomyChangeResult extends TaxonomyChangeOutcome {
  project: ProjectInfo;
}
