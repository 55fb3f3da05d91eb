import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { annotationSchema, type Annotation } from '../../../shared/domain/annotation.ts';
import type { FileProblem } from '../../../shared/domain/project.ts';
import { describeSchemaProblem, parseJsonText } from '../fs/json.ts';
import { listStampedFiles, mapLimit, sameStamp, type FileStamp } from './files.ts';
import { ANNOTATIONS_DIR } from './layout.ts';

/** What one reviewer's annotation file contributes to counts. */
interface FileTally extends FileStamp {
  annotations: Pick<Annotation, 'documentId' | 'label' | 'reviewer'>[];
  problem: FileProblem | null;
}

/** Up to this many damaged line numbers are named in a problem; the rest are counted. */
const LINES_NAMED = 5;

/**
 * Reads annotations/<reviewer>.jsonl: one annotation per line. Damaged lines are skipped and reported
 * in one problem per file; the file is never rewritten. A later line with the same id replaces an
 * earlier one, so a file that records edits by appending still counts each annotation once.
 */
function tallyAnnotationText(relativeName: string, text: string): Omit<FileTally, keyof FileStamp> {
  const byId = new Map<string, Pick<Annotation, 'documentId' | 'label' | 'reviewer'>>();
  const damaged: { line: number; problem: string }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const json = parseJsonText(line);
    if (!json.ok) {
      damaged.push({ line: index + 1, problem: json.problem });
      return;
    }
    const parsed = annotationSchema.safeParse(json.value);
    if (!parsed.success) {
      damaged.push({ line: index + 1, problem: describeSchemaProblem(parsed.error.issues) });
      return;
    }
    const a = parsed.data;
    byId.set(a.id, { documentId: a.documentId, label: a.label, reviewer: a.reviewer });
  });
  if (damaged.length === 0) return { annotations: [...byId.values()], problem: null };
  const first = damaged[0] as { line: number; problem: string };
  const lineList = damaged.slice(0, LINES_NAMED).map((d) => d.line).join(', ');
  const more = damaged.length > LINES_NAMED ? ` and ${damaged.length - LINES_NAMED} more` : '';
  const noun = damaged.length === 1 ? 'line' : 'lines';
  return {
    annotations: [...byId.values()],
    problem: {
      file: relativeName,
      message: `${relativeName} has ${damaged.length} damaged ${noun} (${lineList}${more}), which were not counted; line ${first.line}: ${first.problem}. The file was left as it is.`,
    },
  };
}

/** All reviewers' annotation files, re-read only when one changes on disk. */
export class AnnotationIndex {
  private files = new Map<string, FileTally>();

  constructor(private readonly projectDir: string) {}

  async refresh(): Promise<FileTally[]> {
    const dir = join(this.projectDir, ANNOTATIONS_DIR);
    const stamped = await listStampedFiles(dir, '.jsonl');
    const next = await mapLimit(stamped, 16, async (file): Promise<[string, FileTally]> => {
      const known = this.files.get(file.name);
      if (known && sameStamp(known, file)) return [file.name, known];
      const stamp = { size: file.size, mtimeMs: file.mtimeMs };
      const relativeName = `${ANNOTATIONS_DIR}/${file.name}`;
      try {
        return [file.name, { ...stamp, ...tallyAnnotationText(relativeName, await readFile(join(dir, file.name), 'utf8')) }];
      } catch (error) {
        const message = `${relativeName} could not be read (${(error as Error).message}).`;
        return [file.name, { ...stamp, annotations: [], problem: { file: relativeName, message } }];
      }
    });
    this.files = new Map(next);
    return [...this.files.values()];
  }
}
