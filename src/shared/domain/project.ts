import { z } from 'zod';
import type { Taxonomy } from './taxonomy.ts';

export const PROJECT_FORMAT = 'clausemark-project';
export const PROJECT_FORMAT_VERSION = 1;

/** clausemark.json at the root of a project folder. */
export const projectManifestSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  formatVersion: z.literal(PROJECT_FORMAT_VERSION),
  id: z.string().min(1),
  name: z.string().min(1),
  createdAt: z.string(),
});
export type ProjectManifest = z.infer<typeof projectManifestSchema>;

/** A file of the project that could not be read; it is reported and left as it is. */
export interface FileProblem {
  /** Path relative to the project folder, with forward slashes. */
  file: string;
  message: string;
}

export interface ProjectInfo {
  dir: string;
  id: string;
  name: string;
  createdAt: string;
  taxonomy: Taxonomy;
  documentCount: number;
  problems: FileProblem[];
}

export interface ProjectStats {
  documents: number;
  segments: number;
  annotations: number;
  by_label: Record<string, number>;
  by_reviewer: Record<string, number>;
}

export interface RecentProject {
  dir: string;
  name: string;
  openedAt: string;
}
