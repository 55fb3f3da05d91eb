/**
 * `clausemark`: the project services without the app, for scripting and for checking what import made
 * of a file. Every command prints errors to stderr and exits non-zero on failure.
 */
import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import type { ClausemarkDocument, DocumentSummary } from '../../shared/domain/document.ts';
import { failureReason, type ImportOutcome } from '../../shared/domain/import.ts';
import { contract } from '../../shared/api/contract.ts';
import { AppError } from '../../shared/result.ts';
import { CodePointIndex } from '../../shared/text/codepoints.ts';
import {
  DEFAULT_SPLIT,
  exportOptionsSchema,
  shellWord,
  type ExportFormat,
  type ExportOptions,
  type ExportRequest,
} from '../../shared/domain/dataset.ts';
import { exportDataset } from '../services/export/export.ts';
import { importAnnotationFile } from '../services/interchange/import.ts';
import { CONSOLIDATION_THRESHOLDS, importOpp115 } from '../services/opp115/import.ts';
import { ProjectStore, expandImportPaths } from '../services/project/index.ts';
import { PRESET_IDS, taxonomyFrom } from '../services/taxonomy/index.ts';
import { checkOptions, nameOf, numbers, oneOfValues, wholeNumber } from './options.ts';
import { parseMigrateOption, taxonomyLines } from './taxonomy.ts';
import { visible } from './visible.ts';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const printJson = (value: unknown): void => print(JSON.stringify(value, null, 2));
/** What a command skipped (a damaged file, damaged lines), on stderr so that stdout stays the answer. */
const warn = (message: string): void => {
  process.stderr.write(`clausemark: warning: ${visible(message)}\n`);
};

async function withProject<T>(dir: string, readOnly: boolean, use: (store: ProjectStore) => Promise<T>): Promise<T> {
  const store = await ProjectStore.open(resolve(dir), { readOnly });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

function outcomeLine(outcome: ImportOutcome): string {
  return visible(rawOutcomeLine(outcome));
}

function rawOutcomeLine(outcome: ImportOutcome): string {
  switch (outcome.status) {
    case 'imported':
      return `imported   ${outcome.file} -> ${outcome.title ?? outcome.documentId ?? ''}`;
    case 'duplicate':
      return `duplicate  ${outcome.file}: already in the project as “${outcome.title ?? outcome.documentId ?? ''}”`;
    case 'failed':
      return `failed     ${outcome.file}: ${failureReason(outcome)}`;
  }
}

/** A taxonomy option (`--taxonomy`, `--set`): a preset or a file; what is wrong with it is said as that option's. */
async function taxonomyOption(flag: string, source: string) {
  try {
    return await taxonomyFrom(source, (p) => resolve(p));
  } catch (error) {
    if (error instanceof AppError) throw new AppError(error.code, `${flag}: ${error.message}`);
    throw error;
  }
}

/** Documents `stats` lists one per line; past this, only --json does. */
const PER_DOCUMENT_LINES = 50;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Per readable document (by id, in the list's order): its title, its annotations and the reviewers who
 * made them (sorted). `stats --json` shows it as `by_document`.
 */
async function documentReviewers(store: ProjectStore): Promise<Record<string, { title: string; annotations: number; reviewers: string[] }>> {
  const documents = await store.listDocuments();
  const { logs } = await store.datasetSource();
  const reviewers = new Map<string, Set<string>>();
  for (const log of logs) {
    for (const a of log.fold.annotations.values()) {
      const names = reviewers.get(a.documentId) ?? new Set<string>();
      names.add(a.reviewer);
      reviewers.set(a.documentId, names);
    }
  }
  const byDocument: Record<string, { title: string; annotations: number; reviewers: string[] }> = {};
  for (const d of documents) {
    if (d.problem) continue;
    byDocument[d.id] = { title: d.title, annotations: d.annotationCount, reviewers: [...(reviewers.get(d.id) ?? [])].sort() };
  }
  return byDocument;
}

/** A document named by id, unique id prefix, or title (case-insensitive). */
function findDocument(documents: DocumentSummary[], ref: string): DocumentSummary {
  const lower = ref.toLowerCase();
  const exact = documents.find((d) => d.id === ref) ?? documents.find((d) => d.title.toLowerCase() === lower);
  if (exact) return exact;
  const byPrefix = documents.filter((d) => d.id.startsWith(ref));
  if (byPrefix.length === 1 && byPrefix[0]) return byPrefix[0];
  if (byPrefix.length > 1) throw new AppError('INVALID_INPUT', `“${ref}” matches ${byPrefix.length} documents; give more of the id.`);
  throw new AppError('DOCUMENT_NOT_FOUND', `No document has the id or title “${ref}”; \`clausemark list\` shows them.`);
}

function documentJson(doc: ClausemarkDocument) {
  const index = new CodePointIndex(doc.text);
  return {
    id: doc.id,
    title: doc.title,
    source: doc.source,
    text: doc.text,
    segments: doc.segments.map((s) => ({ ...s, text: index.slice(s.start, s.end) })),
  };
}

const program = new Command('clausemark')
  .description('Clausemark projects from the command line: create, import, list, show, stats.')
  .showHelpAfterError()
  .exitOverride();

program
  .command('init')
  .description('Create a project in a folder (made if missing).')
  .argument('<dir>', 'the project folder')
  .option('--name <name>', 'the project name (default: the folder name)')
  .option('--taxonomy <taxonomy>', `a preset (${PRESET_IDS.join(', ')}), a taxonomy JSON file, or OPP-115's categories XML`, 'opp-115')
  .action(async (dir: string, opts: { name?: string; taxonomy: string }) => {
    const { name } = checkOptions(contract['project.create'].input, { dir: resolve(dir), name: opts.name }, {
      name: { flag: '--name', given: opts.name, wanted: nameOf('a project name') },
    });
    const taxonomy = await taxonomyOption('--taxonomy', opts.taxonomy);
    const store = await ProjectStore.create(resolve(dir), { name, taxonomy });
    const info = await store.info();
    await store.close();
    print(visible(`Created project “${info.name}” in ${info.dir} (taxonomy ${taxonomy.name}).`));
  });

program
  .command('import')
  .description('Import policy files and folders (recursively) into a project; one line per file.')
  .argument('<dir>', 'the project folder')
  .argument('<paths...>', 'files or folders to import (.txt .md .html .htm .pdf .docx)')
  .action(async (dir: string, paths: string[]) => {
    const failed = await withProject(dir, false, async (store) => {
      const { files, skipped } = await expandImportPaths(paths.map((p) => resolve(p)));
      let failures = 0;
      for (const outcome of skipped) {
        print(outcomeLine(outcome));
        failures++;
      }
      for (const file of files) {
        const outcome = await store.importFile(file);
        print(outcomeLine(outcome));
        if (outcome.status === 'failed') failures++;
      }
      return failures;
    });
    if (failed > 0) process.exitCode = 1;
  });

program
  .command('stats')
  .description('Count documents, segments and annotations (by label, by reviewer, and per document with its reviewers).')
  .argument('<dir>', 'the project folder')
  .option('--json', 'print JSON')
  .action(async (dir: string, opts: { json?: boolean }) => {
    const { stats, problems, byDocument } = await withProject(dir, true, async (store) => ({
      stats: await store.stats(),
      problems: (await store.info()).problems,
      byDocument: await documentReviewers(store),
    }));
    for (const problem of problems) warn(problem.message);
    if (opts.json) return printJson({ ...stats, by_document: byDocument });
    const perDocument = Object.values(byDocument).map((d) => d.reviewers.length);
    const fewest = Math.min(...perDocument);
    const most = Math.max(...perDocument);
    const reviewers = Object.keys(stats.by_reviewer).length;
    const spread = reviewers === 0 || perDocument.length === 0 ? '' : ` (${fewest === most ? most : `${fewest} to ${most}`} per document)`;
    print(`documents    ${stats.documents}`);
    print(`segments     ${stats.segments}`);
    print(`annotations  ${stats.annotations}`);
    print(`reviewers    ${reviewers}${spread}`);
    for (const [label, n] of Object.entries(stats.by_label)) print(visible(`  ${label}: ${n}`));
    for (const [reviewer, n] of Object.entries(stats.by_reviewer)) print(visible(`  reviewer ${reviewer}: ${n}`));
    // A line per document while that stays readable; a large project's are in --json (by_document).
    const documents = Object.values(byDocument);
    if (documents.length <= PER_DOCUMENT_LINES) {
      for (const d of documents) print(visible(`  document ${d.title}: ${plural(d.reviewers.length, 'reviewer')}, ${plural(d.annotations, 'annotation')}`));
    } else print(`  (${documents.length} documents: each one's reviewers and annotations are in --json, by_document)`);
  });

program
  .command('list')
  .description('List the documents of a project.')
  .argument('<dir>', 'the project folder')
  .option('--json', 'print JSON')
  .action(async (dir: string, opts: { json?: boolean }) => {
    const { documents, problems } = await withProject(dir, true, async (store) => ({
      documents: await store.listDocuments(),
      problems: (await store.info()).problems,
    }));
    // Damaged documents are rows of the list; what else was skipped (damaged annotation lines) is said here.
    const listed = new Set(documents.filter((d) => d.problem).map((d) => `documents/${d.fileName}`));
    for (const problem of problems) if (!listed.has(problem.file)) warn(problem.message);
    const rows = documents.map((d) => ({
      id: d.id,
      title: d.title,
      source: d.fileName,
      format: d.format,
      encoding: d.encoding,
      segments: d.segmentCount,
      annotations: d.annotationCount,
      status: d.status,
      ...(d.problem ? { problem: d.problem } : {}),
    }));
    if (opts.json) return printJson(rows);
    for (const r of rows) {
      const detail = r.problem ?? `${r.format ?? '?'}, ${r.encoding ?? '-'}, ${r.segments} segment${r.segments === 1 ? '' : 's'}`;
      print(visible(`${r.id}  ${r.title}  (${r.source}; ${detail})`));
    }
  });

program
  .command('show')
  .description("Show a document's text and its segments with code-point offsets.")
  .argument('<dir>', 'the project folder')
  .argument('<document>', 'document id (or its start) or title')
  .option('--json', 'print JSON')
  .action(async (dir: string, ref: string, opts: { json?: boolean }) => {
    const doc = await withProject(dir, true, async (store) =>
      store.getDocument(findDocument(await store.listDocuments(), ref).id),
    );
    const shown = documentJson(doc);
    if (opts.json) return printJson(shown);
    print(visible(`${doc.title}  [${doc.id}]`));
    print(visible(`source: ${doc.source.fileName} (${doc.source.format}, ${doc.source.encoding ?? '-'}), ${shown.segments.length} segments`));
    for (const s of shown.segments) print(`\n[${s.index}] ${s.start}-${s.end} ${s.kind}\n${visible(s.text, { lines: true })}`);
  });

program
  .command('taxonomy')
  .description("Print a project's taxonomy (labels, nesting, hotkeys, attributes and values), or replace it with --set.")
  .argument('<dir>', 'the project folder')
  .option('--json', 'print JSON (the taxonomy.json format, docs/taxonomy-format.md)')
  .option('--set <taxonomy>', `replace it: a preset (${PRESET_IDS.join(', ')}), a taxonomy JSON file, or OPP-115's categories XML`)
  .option(
    '--migrate <old=new,...>',
    'with --set: where the annotations of labels the new taxonomy lacks go ("Old label=New label"; "Old label=" deletes them)',
  )
  .action(async (dir: string, opts: { json?: boolean; set?: string; migrate?: string }) => {
    if (opts.migrate !== undefined && opts.set === undefined) throw new AppError('INVALID_INPUT', '--migrate goes with --set.');
    if (opts.set === undefined) {
      const info = await withProject(dir, true, (store) => store.info());
      if (opts.json) return printJson(info.taxonomy);
      for (const line of taxonomyLines(info.taxonomy)) print(line);
      return;
    }
    const taxonomy = await taxonomyOption('--set', opts.set);
    const migration = opts.migrate === undefined ? {} : { labels: parseMigrateOption(opts.migrate) };
    const outcome = await withProject(dir, false, async (store) => {
      try {
        return await store.changeTaxonomy({ taxonomy, migration });
      } catch (error) {
        if (error instanceof AppError && error.code === 'TAXONOMY_IN_USE') {
          throw new AppError(error.code, `${error.message} Nothing was changed. Use --migrate "Old label=New label,..." (or "Old label=" to delete them).`);
        }
        throw error;
      }
    });
    if (opts.json) return printJson(outcome.taxonomy);
    const moved = outcome.rewritten === 1 ? '1 annotation' : `${outcome.rewritten} annotations`;
    const deleted = outcome.deleted === 1 ? '1 annotation' : `${outcome.deleted} annotations`;
    print(`Taxonomy set to ${outcome.taxonomy.name} (version ${outcome.taxonomy.version}, ${outcome.taxonomy.labels.length} labels); ${moved} changed, ${deleted} deleted.`);
  });

// Datasets (export, annotation import, OPP-115)

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter((s) => s !== '');
/** --labels A,B and every --label C, together; undefined when neither is given. */
const labelsOption = (opts: Record<string, unknown>): string[] | undefined =>
  opts.labels || opts.label ? [...((opts.labels as string[] | undefined) ?? []), ...((opts.label as string[] | undefined) ?? [])] : undefined;

/**
 * The export options as given, checked by the export's schema before the project is opened; a bad
 * value is said as its option (`--split: give three ratios, ...`).
 */
function exportRequest(opts: Record<string, unknown>): ExportOptions {
  const text = (key: string): string | undefined => opts[key] as string | undefined;
  const labels = labelsOption(opts);
  const out = text('out') as string;
  const split = text('split');
  const seed = text('seed');
  const example = DEFAULT_SPLIT.join(',');
  const request: ExportRequest = {
    format: text('format') as ExportFormat,
    out: out === '' ? '' : resolve(out),
    status: text('status') as 'done' | 'all',
    reviewer: text('reviewer'),
    labels,
    split: split === undefined ? undefined : (numbers(split) as [number, number, number]),
    seed: seed === undefined ? undefined : wholeNumber(seed),
    unit: text('unit') as 'document' | 'segment' | undefined,
    labeledOnly: opts.labeledOnly === true,
    command: ['clausemark', ...process.argv.slice(2)].map(shellWord).join(' '),
  };
  const given = { flag: '--split', given: split };
  return checkOptions(
    exportOptionsSchema,
    request,
    {
      format: { flag: '--format', given: text('format'), wanted: oneOfValues },
      out: { flag: '--out', given: out, wanted: (i) => (i.code === 'too_big' ? `a path of at most ${i.maximum} characters` : 'the file to write (a folder for --format hf)') },
      status: { flag: '--status', given: text('status'), wanted: oneOfValues },
      reviewer: { flag: '--reviewer', given: text('reviewer'), wanted: nameOf('a reviewer name') },
      labels: (issue) => {
        if (issue.path.length < 2) return { flag: '--labels', given: undefined, wanted: issue.code === 'too_big' ? `at most ${issue.maximum} labels` : 'label names' };
        const label = labels?.[Number(issue.path[1])] ?? '';
        const flag = ((opts.label as string[] | undefined) ?? []).includes(label) ? '--label' : '--labels';
        return { flag, given: label, wanted: nameOf('a label name') };
      },
      split: {
        ...given,
        wanted: (i) => (i.path.length > 1 ? `three numbers from 0 to 1, e.g. ${example}` : `give three ratios, e.g. ${example}`),
      },
      seed: { flag: '--seed', given: seed, wanted: (i) => (i.code === 'too_big' ? `a whole number ≥ 0, at most ${i.maximum}` : 'a whole number ≥ 0') },
      unit: { flag: '--unit', given: text('unit'), wanted: oneOfValues },
      command: {
        flag: 'the command line',
        given: undefined,
        wanted: (i) => `${i.code === 'too_big' ? `at most ${i.maximum} characters` : 'text'}, as the dataset card records it (name fewer labels)`,
      },
    },
    // The schema's one check across fields: the split adds up to 1.
    { ...given, wanted: `three ratios that add up to 1, e.g. ${example}` },
  );
}

/** A progress line on stderr for long runs, only when stderr is a terminal. */
function progressPrinter(what: string): (p: { done: number; total: number }) => void {
  let last = 0;
  return ({ done, total }) => {
    if (!process.stderr.isTTY) return;
    const now = Date.now();
    if (now - last < 200 && done < total) return;
    last = now;
    process.stderr.write(`\r${what} ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

program
  .command('export')
  .description('Export annotations as a dataset (formats in docs/export-formats.md).')
  .argument('<dir>', 'the project folder')
  .requiredOption('--out <path>', 'the file to write (a folder for --format hf)')
  .option('--format <format>', 'spans, segments, doccano, label-studio, csv or hf', 'spans')
  .option('--status <status>', 'done: only documents a selected reviewer marked done; all', 'all')
  .option('--reviewer <name>', "one reviewer's annotations (default: every reviewer's)")
  .option('--labels <labels>', 'only these labels, comma-separated (a name with a comma: --label)', list)
  .option('--label <name>', 'only this label (repeatable; for a name with a comma)', (v: string, all: string[] = []) => [...all, v])
  .option('--split <fractions>', 'train,validation,test fractions of the documents (hf), e.g. 0.8,0.1,0.1')
  .option('--seed <n>', 'seed of the split (hf), a whole number')
  .option('--unit <unit>', 'spans: document (default) or segment')
  .option('--labeled-only', 'segments: leave out segments without a label')
  .action(async (dir: string, opts: Record<string, unknown>) => {
    const request = exportRequest(opts);
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    try {
      const summary = await withProject(dir, true, (store) =>
        exportDataset(store, request, { signal: controller.signal, onProgress: progressPrinter('exporting') }),
      );
      for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
      const splits = summary.splits ? ` (train ${summary.splits.train}, validation ${summary.splits.validation}, test ${summary.splits.test})` : '';
      print(`Exported ${summary.documents} documents, ${summary.annotations} annotations, ${summary.records} records${splits} to ${summary.out} (${summary.format}).`);
    } finally {
      process.off('SIGINT', stop);
    }
  });

program
  .command('import-annotations')
  .description("Import annotations from our spans export, doccano, Label Studio or Prodigy; each record's text becomes a document.")
  .argument('<dir>', 'the project folder')
  .argument('<file>', 'the annotation file')
  .requiredOption('--format <format>', 'spans, doccano, label-studio or prodigy')
  .option('--reviewer <name>', 'the reviewer the annotations are kept under (default: as the file says, else the format)')
  .option('--offsets <unit>', 'utf16, codepoints or auto', 'auto')
  .option('--add-labels', "add labels the project's taxonomy lacks")
  .action(async (dir: string, file: string, opts: { format: string; reviewer?: string; offsets: string; addLabels?: boolean }) => {
    const { path, ...options } = checkOptions(
      contract['annotations.importFile'].input,
      { path: resolve(file), format: opts.format, reviewer: opts.reviewer, offsets: opts.offsets, addLabels: opts.addLabels === true },
      {
        format: { flag: '--format', given: opts.format, wanted: oneOfValues },
        reviewer: { flag: '--reviewer', given: opts.reviewer, wanted: nameOf('a reviewer name') },
        offsets: { flag: '--offsets', given: opts.offsets, wanted: oneOfValues },
        path: { flag: '<file>', given: file, wanted: (i) => (i.code === 'too_big' ? `a path of at most ${i.maximum} characters` : 'the annotation file') },
      },
    );
    const report = await withProject(dir, false, (store) =>
      importAnnotationFile(store, path, { ...options, onProgress: progressPrinter('importing') }),
    );
    print(`offsets: ${report.offsets.unit} (${report.offsets.reason})`);
    for (const p of report.problems) print(`line ${p.line}: ${p.message}`);
    if (report.missingLabels.length > 0) {
      print(`${report.labelsAdded.length > 0 ? 'added labels' : 'labels not in the taxonomy'}: ${report.missingLabels.join(', ')}`);
    }
    const skipped = report.skippedRecords > 0 ? `, ${report.skippedRecords} rejected or ignored records skipped` : '';
    print(
      `Imported ${report.annotations} annotations from ${report.records} records: ${report.documentsCreated} new documents, ${report.documentsMatched} matched${skipped}; ${report.problems.length} problems.`,
    );
    if (report.problems.length > 0) process.exitCode = 1;
  });

program
  .command('import-opp115')
  .description('Import the OPP-115 corpus (a release folder): policies as documents, each annotator as a reviewer.')
  .argument('<dir>', 'the project folder')
  .argument('<release>', 'the OPP-115 release folder (sanitized_policies/, annotations/)')
  .option('--consolidated <threshold>', `a consolidated set instead of the annotators' own: ${CONSOLIDATION_THRESHOLDS.join(', ')}`)
  .action(async (dir: string, release: string, opts: { consolidated?: string }) => {
    const { consolidated } = checkOptions(contract['opp115.import'].input, { release: resolve(release), consolidated: opts.consolidated }, {
      consolidated: { flag: '--consolidated', given: opts.consolidated, wanted: oneOfValues },
      release: { flag: '<release>', given: release, wanted: 'the OPP-115 release folder' },
    });
    const report = await withProject(dir, false, (store) =>
      importOpp115(store, resolve(release), { consolidated, onProgress: progressPrinter('importing') }),
    );
    for (const problem of report.problems) print(`problem: ${problem}`);
    if (report.mismatchedSpans.count > 0) {
      const shown = report.mismatchedSpans.ids.slice(0, 20).join(', ');
      const more = report.mismatchedSpans.count > 20 ? ` and ${report.mismatchedSpans.count - 20} more` : '';
      print(`${report.mismatchedSpans.count} attribute spans do not match their segment's text; their values were kept without evidence: ${shown}${more}`);
    }
    for (const [category, n] of Object.entries(report.byCategory)) print(`  ${category}: ${n}`);
    print(`Imported ${report.policies} policies (${report.documentsCreated} new), ${report.practices} practices by ${report.reviewers.length} reviewers.`);
    if (report.problems.length > 0) process.exitCode = 1;
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`clausemark: ${visible(message, { lines: true })}\n`);
    process.exitCode = 1;
  }
}
