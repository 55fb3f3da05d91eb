export { ProjectStore, type CreateOptions, type OpenOptions } from './store.ts';
export { expandImportPaths } from './expand.ts';
export { reviewerSlug, annotationFile, documentIdFor } from './layout.ts';
