/**
 * `clausemark`: the project services without the app, for scripting and for checking what import made
 * of a file. Every command prints errors to stderr and exits non-zero on failure.
 */
import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import type { ClausemarkDocument, DocumentSummary } from '../../shared/domain/document.ts';
import { failureReason, type ImportOutcome } from '../../shared/domain/import.ts';
import { AppError } from '../../shared/result.ts';
import { CodePointIndex } from '../../shared/text/codepoints.ts';
import { ProjectStore, expandImportPaths } from '../services/project/index.ts';
import { PRESET_IDS, taxonomyFrom } from '../services/taxonomy/index.ts';
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
    const taxonomy = await taxonomyFrom(opts.taxonomy, (p) => resolve(p));
    const store = await ProjectStore.create(resolve(dir), { name: opts.name, taxonomy });
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
  .description('Count documents, segments and annotations (by label and by reviewer).')
  .argument('<dir>', 'the project folder')
  .option('--json', 'print JSON')
  .action(async (dir: string, opts: { json?: boolean }) => {
    const { stats, problems } = await withProject(dir, true, async (store) => ({
      stats: await store.stats(),
      problems: (await store.info()).problems,
    }));
    for (const problem of problems) warn(problem.message);
    if (opts.json) return printJson(stats);
    print(`documents    ${stats.documents}`);
    print(`segments     ${stats.segments}`);
    print(`annotations  ${stats.annotations}`);
    for (const [label, n] of Object.entries(stats.by_label)) print(visible(`  ${label}: ${n}`));
    for (const [reviewer, n] of Object.entries(stats.by_reviewer)) print(visible(`  reviewer ${reviewer}: ${n}`));
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
    const taxonomy = await taxonomyFrom(opts.set, (p) => resolve(p));
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
