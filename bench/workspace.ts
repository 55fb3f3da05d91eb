/**
 * The workspace in a real browser, against its plain-DOM floor measured in the same run.
 *
 * Workloads: a ~1 MB policy (~2,000 segments) with 5,000 annotations over the taxonomy's 10 labels, and a
 * ~100 KB policy (~200 segments) with 500. The project is made on disk through ProjectStore, the loopback
 * bridge (src/main/web/serve.ts) serves the built renderer, and headless Chromium (scripts/find-browser.ts)
 * is driven by Playwright. Every time is taken in the page with performance.now():
 *  - open: the click on the document's title -> every paragraph exists and those on screen hold all
 *    their marks, seen in a frame's callbacks -> the next frame's callbacks (so that frame has painted
 *    them: the floor's innerHTML, set in a task, is likewise timed to its second frame's callbacks). The
 *    view cuts paragraphs further down into marks as they come near, or while idle; also "every mark
 *    in the DOM": the click -> all 5,000 `mark.hl` exist;
 *  - add: the keydown of `1` over a selection of words in a visible paragraph (pressed at a random point
 *    of the frame) -> the new mark is in the DOM (the work the key costs before a frame can show it)
 *    -> the next animation frame's callbacks (the issue's measure; its target applies to it), and -> that
 *    frame's style, layout and paint are done (a message task posted from the rAF), 50 adds; and
 *    "frames dropped": 60 Hz frame intervals skipped between the last frame begun before the key and
 *    the first frame showing the mark (0 = the add fit in one frame; the key lands anywhere in a
 *    16.7 ms frame, so "ms to the next rAF" includes up to a frame's wait even for the floor); the
 *    pointer rests at the window's top left corner in both pages.
 *    The issue's target "add-highlight p95 within one frame (16 ms)" is shown three ways, because its
 *    literal reading (key -> the next frame, p95 <= 16 ms) is one the floor itself does not meet: a
 *    key pressed at a random point of a 16.7 ms frame waits for the next one, so its p95 is ~16 ms for
 *    no work at all, and the floor's layout of the whole text comes on top (the issue's own floor
 *    figures, 17-29 ms, miss it too). So also: the work the key
 *    costs (key -> mark in the DOM) fits in one frame; and key -> painted is at most one frame later
 *    than the floor's (the target read as the open's is, against the floor);
 *  - durable (the issue's "command to flushed on disk"): the same keydown -> main has fsync'ed the line and
 *    answered (the bridge, started with --timing, prints when; page and bridge share the wall clock); also
 *    the keydown -> the save indicator reads "Saved" (that answer back through the browser's network
 *    stack, busy with the redraw on these 2 cores), and the bridge's annotations.apply round trip for one
 *    command fetched from an idle page;
 *  - JS heap: CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage, the document open.
 * The floor: the same text as <p>s with the same <mark>s set by one innerHTML (open), one <mark> made by
 * splitting a text node on keydown (add), one JSONL line appended and fsync'ed by Node (durable).
 * Run `npm run build` first (serve.ts serves out/renderer). `npx tsx bench/workspace.ts` prints the tables.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, open as openFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { AnnotationCommand } from '../src/shared/domain/annotation.ts';
import { seededRandom } from '../src/shared/domain/dataset.ts';
import type { ClausemarkDocument } from '../src/shared/domain/document.ts';
import { cutIntoPieces, type IdSpan } from '../src/shared/text/marks.ts';
import { builtinTaxonomy } from '../src/main/services/taxonomy/index.ts';
import { ProjectStore } from '../src/main/services/project/index.ts';
import { BROWSER_ARGS, findOrInstallBrowser } from '../scripts/find-browser.ts';

const REVIEWER = 'Bench Reviewer';
const TOKEN = 'benchtoken0123456789abcdef';
const OPEN_RUNS = Number(process.env.BENCH_OPEN_RUNS ?? 7);
const ADDS = Number(process.env.BENCH_ADDS ?? 50);
const VIEWPORT = { width: 1280, height: 800 };

interface Workload {
  name: string;
  fileName: string;
  segments: number;
  annotations: number;
}
const WORKLOADS: Workload[] = [
  { name: '1 MB policy, 5,000 annotations', fileName: 'bench-1mb.txt', segments: 2_000, annotations: 5_000 },
  { name: '100 KB policy, 500 annotations', fileName: 'bench-100kb.txt', segments: 200, annotations: 500 },
];
/** BENCH_ONLY=1mb or BENCH_ONLY=100kb runs one workload (both by default). */
const ONLY = process.env.BENCH_ONLY;


const WORDS = (
  'we collect your personal information name email address device identifiers location data cookies ' +
  'share with third parties service providers advertising partners analytics retain for as long as necessary ' +
  'you may request access correction deletion of data by contacting us security measures protect against ' +
  'unauthorized access children under thirteen international transfers policy changes notify users choice opt out'
).split(' ');

/** A policy of `segments` paragraphs of ~`size` characters each (the first a heading). */
function policyText(segments: number, size: number, seed: number): string {
  const next = seededRandom(seed); // so every run benchmarks the same text
  const paragraphs = [`Privacy Policy of Bench Shop ${seed}`];
  for (let p = 1; p < segments; p++) {
    const words: string[] = [`${p}.`];
    let length = 3;
    while (length < size) {
      const word = WORDS[Math.floor(next() * WORDS.length)] as string;
      words.push(word);
      length += word.length + 1;
      if (next() < 0.08) words[words.length - 1] += next() < 0.5 ? ',' : '.';
    }
    paragraphs.push(`${words.join(' ')}.`);
  }
  return paragraphs.join('\n\n');
}

/** Word-aligned, non-overlapping spans spread evenly over the segments, leaving unmarked words between. */
function spansFor(doc: ClausemarkDocument, count: number, seed: number): { start: number; end: number }[] {
  const next = seededRandom(seed); // so every run benchmarks the same text
  const spans: { start: number; end: number }[] = [];
  const body = doc.segments.slice(1);
  for (let i = 0; i < count; i++) {
    const segment = body[Math.floor((i * body.length) / count)] as { start: number; end: number };
    const perSegment = Math.ceil(count / body.length);
    const slot = i % perSegment;
    // Each annotation gets a slot of the segment; it covers 3-8 words in the slot's first half.
    const width = Math.floor((segment.end - segment.start) / perSegment);
    const from = segment.start + slot * width;
    const text = doc.text.slice(from, from + Math.floor(width / 2));
    const starts = [...text.matchAll(/(?<=^| )\S/g)].map((m) => m.index);
    if (starts.length < 4) continue;
    const first = Math.floor(next() * (starts.length - 3));
    const last = Math.min(starts.length - 1, first + 3 + Math.floor(next() * 5));
    const firstAt = starts[first] as number;
    const lastAt = starts[last] as number;
    const endWord = /\S+/.exec(text.slice(lastAt))?.[0] ?? '';
    spans.push({ start: from + firstAt, end: from + lastAt + endWord.length });
  }
  return spans;
}

/** One add, in ms from the keydown (see the header), and the frames it dropped. */
interface AddTimes {
  inDom: number;
  framed: number;
  painted: number;
  saved: number;
  frames: number;
  keyAt: number;
}

interface Prepared {
  title: string;
  documentId: string;
  /** Marks the workspace draws for the annotations on disk. */
  marks: number;
  /** The marks of each segment's paragraph. */
  marksPerSegment: number[];
  /** The floor's markup: the same pieces as <p>s and <mark>s. */
  floorHtml: string;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function makeProject(dir: string): Promise<{ prepared: Prepared[]; labels: string[] }> {
  const taxonomy = await builtinTaxonomy('opp-115', join(import.meta.dirname, '..', 'resources'));
  const labels = taxonomy.labels.map((l) => l.name).slice(0, 10);
  const store = await ProjectStore.create(dir, { taxonomy });
  const prepared: Prepared[] = [];
  try {
    for (const [w, workload] of WORKLOADS.entries()) {
      const size = workload.segments === 2_000 ? 522 : 510;
      const text = policyText(workload.segments, size, w + 1);
      const outcome = await store.importBytes(workload.fileName, new TextEncoder().encode(text));
      if (outcome.status !== 'imported' || !outcome.documentId) throw new Error(`${workload.fileName}: ${outcome.error?.message ?? outcome.status}`);
      const doc = await store.getDocument(outcome.documentId);
      const spans = spansFor(doc, workload.annotations, w + 11);
      if (spans.length !== workload.annotations) throw new Error(`${workload.fileName}: made ${spans.length} spans, wanted ${workload.annotations}`);
      const commands: AnnotationCommand[] = spans.map((s, i) => ({
        op: 'put',
        annotation: {
          id: `bench${w}x${i}`,
          documentId: doc.id,
          target: { type: 'span', start: s.start, end: s.end, quote: doc.text.slice(s.start, s.end) },
          label: labels[i % labels.length] as string,
        },
      }));
      for (const outcome of await store.applyAnnotationCommands(REVIEWER, commands)) {
        if (!outcome.ok) throw new Error(`${workload.fileName}: ${outcome.error.message}`);
      }
      // The floor's markup, cut exactly as the workspace cuts it (the text is ASCII: code points = UTF-16).
      const idSpans: IdSpan[] = spans.map((s, i) => ({ id: `bench${w}x${i}`, ...s }));
      let marks = 0;
      let at = 0;
      const html: string[] = [];
      const marksPerSegment: number[] = [];
      for (const segment of doc.segments) {
        const before = marks;
        const inside: IdSpan[] = [];
        while (at < idSpans.length && (idSpans[at] as IdSpan).start < segment.end) inside.push(idSpans[at++] as IdSpan);
        const pieces = cutIntoPieces(segment.start, segment.end, inside);
        html.push('<p>');
        for (const piece of pieces) {
          const t = escapeHtml(doc.text.slice(piece.start, piece.end));
          if (piece.ids.length === 0) html.push(t);
          else {
            marks++;
            html.push(`<mark data-ids="${piece.ids.join(' ')}">${t}</mark>`);
          }
        }
        html.push('</p>');
        marksPerSegment.push(marks - before);
      }
      if (doc.segments.length < workload.segments * 0.95) throw new Error(`${workload.fileName}: ${doc.segments.length} segments`);
      prepared.push({ title: doc.title, documentId: doc.id, marks, marksPerSegment, floorHtml: html.join('') });
      console.error(`workspace bench: ${workload.fileName} ${(text.length / 1024).toFixed(0)} KB, ${doc.segments.length} segments, ${spans.length} annotations, ${marks} marks`);
    }
  } finally {
    await store.close();
  }
  return { prepared, labels };
}

/** When main answered each annotations.apply (epoch ms, after the fsync), as the bridge prints it. */
const applyAnswered: number[] = [];

async function startBridge(dataDir: string, projectDir: string): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/web/serve.ts', '--port', '0', '--data-dir', dataDir, '--project', projectDir, '--token', TOKEN, '--timing'],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(import.meta.dirname, '..') },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: server.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = /Clausemark is running at (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
      // BENCH_CALLS=1: every API call the bridge answered, as it prints it (what else ran around the adds).
      if (process.env.BENCH_CALLS && line.startsWith('clausemark-timing')) console.error(line);
      const timing = /^clausemark-timing annotations\.apply (\S+)$/.exec(line);
      if (timing?.[1]) applyAnswered.push(Number(timing[1]));
    });
    server.once('exit', (code) => reject(new Error(`the bridge server exited (code ${code}) before it listened`)));
  });
  return { server, url };
}

const progress = (line: string): void => {
  if (process.env.BENCH_VERBOSE) console.error(`workspace bench: ${line}`);
};

// ---- statistics ----

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
const quantile = (values: number[], q: number): number => {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
};
const median = (values: number[]): number => quantile(values, 0.5);

// ---- in the page ----

/** Resolves after `n` animation frames. */
/** tsx keeps function names with a `__name` helper that the page lacks: functions sent to the page need it. */
const NAME_SHIM = 'globalThis.__name ??= (f) => f';

const FRAMES = `(n) => new Promise((resolve) => { const step = (k) => k === 0 ? resolve() : requestAnimationFrame(() => step(k - 1)); step(n); })`;

async function jsHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/**
 * The workspace's "← Documents". Not by role: Playwright computes the accessible name of every button to
 * find it, seconds of the page's main thread with 5,000 buttons in the annotation list.
 */
const backButton = (page: Page) => page.locator('.workspace-header > button', { hasText: 'Documents' });

/**
 * Arms the open measurement: the next click starts it. It ends at the callbacks of the frame after the
 * one whose callbacks first find every paragraph made and each one on screen holding all its marks
 * ("open": what the reviewer sees is complete and painted;
 * the view cuts paragraphs further down into marks as they come near or while idle), and, measured
 * on, once every mark of the document is in the DOM ("all marks").
 */
async function armOpen(page: Page, marksPerSegment: number[]): Promise<void> {
  await page.evaluate(
    ({ marksPerSegment, frames }) => {
      const afterFrames = eval(frames) as (n: number) => Promise<void>;
      const w = window as unknown as { __open: Promise<{ start: number; end: number; all: number; found: number }> };
      const total = marksPerSegment.reduce((a, b) => a + b, 0);
      let start = -1;
      document.addEventListener('click', () => (start = performance.now()), { capture: true, once: true });
      const all = document.getElementsByTagName('mark');
      const onScreenComplete = (): boolean => {
        const root = document.querySelector('.reading-text');
        const scroller = document.querySelector('.document-scroll');
        const paragraphs = root?.getElementsByTagName('p');
        if (!paragraphs || !scroller || paragraphs.length !== marksPerSegment.length) return false;
        const view = scroller.getBoundingClientRect();
        for (let i = 0; i < paragraphs.length; i++) {
          const p = paragraphs[i] as HTMLElement;
          const box = p.getBoundingClientRect();
          if (box.bottom < view.top) continue;
          if (box.top > view.bottom) break;
          if (p.getElementsByTagName('mark').length !== marksPerSegment[i]) return false;
        }
        return true;
      };
      w.__open = new Promise((resolve) => {
        let end = -1;
        const poll = () => {
          // Found complete in a frame's callbacks: that frame paints it, and the next frame's callbacks
          // mark the end, as the floor's two frames after its innerHTML (set in a task) do.
          if (start >= 0 && end < 0 && onScreenComplete()) {
            void afterFrames(1).then(() => (end = performance.now()));
          }
          if (start >= 0 && end >= 0 && all.length >= total) {
            resolve({ start, end, all: performance.now(), found: document.querySelectorAll('mark.hl').length });
          } else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      });
    },
    { marksPerSegment, frames: FRAMES },
  );
}

/** With BENCH_PROFILE=<folder>, the page's CPU profile of `run` is written there as <name>.cpuprofile. */
async function profiled<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
  return result;
}

async function measureOpen(page: Page, prepared: Prepared, name = 'open'): Promise<{ open: number; all: number }> {
  const expectedMarks = prepared.marks;
  await page.getByRole('table').getByRole('button', { name: prepared.title, exact: true }).waitFor();
  await armOpen(page, prepared.marksPerSegment);
  const browser = page.context().browser();
  const trace = process.env.BENCH_TRACE && browser ? join(process.env.BENCH_TRACE, `${name}.json`) : null;
  if (trace) {
    await mkdir(dirname(trace), { recursive: true });
    await browser?.startTracing(page, { path: trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  }
  return profiled(page, name, async () => {
    await page.getByRole('table').getByRole('button', { name: prepared.title, exact: true }).click();
    const result = await page.evaluate(() => (window as unknown as { __open: Promise<{ start: number; end: number; all: number; found: number }> }).__open);
    if (trace) await browser?.stopTracing();
    if (result.found !== expectedMarks) throw new Error(`open: ${result.found} marks drawn, expected ${expectedMarks}`);
    return { open: result.end - result.start, all: result.all - result.start };
  });
}

/**
 * Selects two or three whole words of unmarked text in a paragraph on screen (scrolling on when the
 * screen has none left) and arms the add measurement for the next keydown.
 */
async function armAdd(page: Page, app: boolean): Promise<void> {
  const ok = await page.evaluate(
    async ({ app, frames }) => {
      const afterFrames = eval(frames) as (n: number) => Promise<void>;
      const scroller = (app ? document.querySelector('.document-scroll') : document.scrollingElement) as HTMLElement;
      const root = (app ? document.querySelector('.reading-text') : document.getElementById('root')) as HTMLElement;
      const view = app ? scroller.getBoundingClientRect() : new DOMRect(0, 0, innerWidth, innerHeight);
      const pick = (): Range | null => {
        for (const p of Array.from(root.querySelectorAll('p'))) {
          const box = p.getBoundingClientRect();
          if (box.top < view.top + 40 || box.bottom > view.bottom - 10) continue;
          // Unmarked text: the workspace wraps text in <span data-lexical-text>, the floor leaves it bare.
          const texts = Array.from(p.childNodes)
            .map((n) => (app ? (n.nodeName === 'SPAN' ? n.firstChild : null) : n.nodeType === Node.TEXT_NODE ? n : null))
            .filter((n): n is Text => n !== null && (n as Text).data.length >= 40);
          for (const t of texts) {
            const words = [...t.data.matchAll(/(?<= )[a-z]+/g)].filter((m) => m.index > 2 && m.index < t.data.length - 30);
            const first = words[0];
            const third = words[2];
            if (!first || !third || third.index + third[0].length > t.data.length - 3) continue;
            const range = document.createRange();
            range.setStart(t, first.index);
            range.setEnd(t, third.index + third[0].length);
            return range;
          }
        }
        return null;
      };
      let range = pick();
      for (let i = 0; !range && i < 40; i++) {
        scroller.scrollBy(0, view.height * 0.8);
        await afterFrames(3);
        range = pick();
      }
      if (!range) return false;
      const selection = window.getSelection() as Selection;
      selection.removeAllRanges();
      selection.addRange(range);
      // Let the editor take the new selection before the key is pressed.
      await afterFrames(2);
      await new Promise((r) => setTimeout(r, 30));

      const w = window as unknown as { __add: Promise<AddTimes> };
      const status = document.querySelector('[data-testid="save-status"]');
      // Every frame's start time, so the frames the add took can be counted.
      const frameTimes: number[] = [];
      let logging = true;
      // When each frame's callbacks ran (a frame's own time can precede a key that delayed it).
      const log = () => {
        frameTimes.push(performance.now());
        if (logging) requestAnimationFrame(log);
      };
      requestAnimationFrame(log);
      w.__add = new Promise((resolve) => {
        let start = -1;
        let inDom = -1;
        let framed = -1;
        let painted = -1;
        let saved = app ? -1 : 0;
        let sawSaving = false;
        const done = () => {
          if (painted >= 0 && saved >= 0) {
            marks.disconnect();
            saves?.disconnect();
            logging = false;
            // Frame intervals skipped between the last frame begun before the key and the first one
            // showing the mark (a busy main thread begins no frame: the gap shows it): 0 = one frame.
            const before = frameTimes.filter((t) => t < start).pop() ?? framed;
            const dropped = Math.max(0, Math.round((framed - before) / (1000 / 60)) - 1);
            resolve({ inDom: inDom - start, framed: framed - start, painted: painted - start, saved: app ? saved - start : 0, frames: dropped, keyAt: performance.timeOrigin + start });
          }
        };
        window.addEventListener('keydown', () => (start = performance.now()), { capture: true, once: true });
        const marks = new MutationObserver((records) => {
          if (painted >= 0 || start < 0) return;
          const added = records.some((r) => Array.from(r.addedNodes).some((n) => n.nodeName === 'MARK' || (n instanceof Element && n.querySelector('mark'))));
          if (!added) return;
          inDom = performance.now();
          marks.disconnect();
          requestAnimationFrame(() => {
            framed = performance.now();
            // A task queued from the frame's callbacks runs after that frame's style, layout and paint.
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              painted = performance.now();
              done();
            };
            channel.port2.postMessage(null);
          });
        });
        marks.observe(root, { childList: true, subtree: true });
        const saves = status
          ? new MutationObserver(() => {
              const text = status.textContent ?? '';
              if (text !== 'Saved') sawSaving = true;
              else if (sawSaving && saved < 0 && start >= 0) {
                saved = performance.now();
                done();
              }
            })
          : null;
        saves?.observe(status as Node, { childList: true, subtree: true, characterData: true });
      });
      return true;
    },
    { app, frames: FRAMES },
  );
  if (!ok) throw new Error('add: no unmarked words left on screen');
}

/**
 * Presses `1` ADDS times over fresh selections. Before each key a seeded wait of 0-17 ms puts it at
 * a random point of the 16.7 ms frame, as a reviewer's keys fall: otherwise the harness's own
 * rhythm (a timer, then a CDP round trip) lands every key at much the same point, and "ms to the
 * next rAF" measures that point more than the work.
 */
async function measureAdds(page: Page, app: boolean, answered?: number[]): Promise<{ inDom: number[]; framed: number[]; painted: number[]; saved: number[]; frames: number[]; flushed: number[] }> {
  const random = seededRandom(ADDS);
  const frames: number[] = [];
  const flushed: number[] = [];
  const inDom: number[] = [];
  const framed: number[] = [];
  const painted: number[] = [];
  const saved: number[] = [];
  // The pointer rests at the same spot of both pages (the window's top left corner), as a reviewer's
  // pointer is somewhere in the window: the browser then checks what is under it after every change
  // of layout, and needs that layout done first. The floor's page had never seen the pointer, and
  // skipped the check; the app's had it where the title was clicked, over the text.
  await page.mouse.move(5, 5);
  for (let i = 0; i < ADDS; i++) {
    await armAdd(page, app);
    await new Promise((resolve) => setTimeout(resolve, random() * 17));
    await page.keyboard.press('1');
    const r = await page.evaluate(() => (window as unknown as { __add: Promise<AddTimes> }).__add);
    frames.push(r.frames);
    // The first annotations.apply main answered (after its fsync) since the key: the edit on disk.
    const at = answered?.find((t) => t >= r.keyAt);
    if (at !== undefined) flushed.push(at - r.keyAt);
    inDom.push(r.inDom);
    framed.push(r.framed);
    painted.push(r.painted);
    saved.push(r.saved);
  }
  return { inDom, framed, painted, saved, frames, flushed };
}

/** The bridge's annotations.apply round trip for one new span, fetched from the page. */
async function measureApply(page: Page, documentId: string, label: string, runs: number): Promise<number[]> {
  return page.evaluate(
    async ({ documentId, label, runs, token }) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const body = {
          commands: [
            {
              op: 'put',
              annotation: { id: `direct${Date.now().toString(36)}${i}`, documentId, target: { type: 'segment', segment: 1 }, label },
            },
          ],
        };
        const start = performance.now();
        const response = await fetch('/api/annotations.apply', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-clausemark-token': token },
          body: JSON.stringify(body),
        });
        const result = (await response.json()) as { ok: boolean; value?: { ok: boolean }[] };
        times.push(performance.now() - start);
        if (!result.ok || !result.value?.[0]?.ok) throw new Error(`annotations.apply: ${JSON.stringify(result)}`);
      }
      return times;
    },
    { documentId, label, runs, token: TOKEN },
  );
}

/** The open's bridge call (documents.open: the document and the reviewer's annotations), fetched from an idle page. */
async function measureGet(page: Page, documentId: string, runs: number): Promise<number[]> {
  return page.evaluate(
    async ({ documentId, runs, token }) => {
      const call = async (method: string, input: unknown): Promise<unknown> => {
        const response = await fetch(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-clausemark-token': token }, body: JSON.stringify(input) });
        const result = (await response.json()) as { ok: boolean };
        if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result)}`);
        return result;
      };
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await call('documents.open', { id: documentId });
        times.push(performance.now() - start);
      }
      return times;
    },
    { documentId, runs, token: TOKEN },
  );
}

// ---- the floor ----

const FLOOR_PAGE = `<!doctype html><html><head><style>
  body { margin: 0; font: 16.5px/1.7 Georgia, serif; }
  #root { max-width: 74ch; margin: 0 auto; padding: 36px 48px 45vh; }
  p { margin: 0 0 0.95em; }
  mark { background: rgba(255, 200, 0, 0.35); }
</style></head><body><div id="root"></div></body></html>`;

async function floorOpen(page: Page, html: string): Promise<number> {
  await page.setContent(FLOOR_PAGE);
  await page.evaluate(NAME_SHIM);
  return page.evaluate(
    async ({ html, frames }) => {
      const afterFrames = eval(frames) as (n: number) => Promise<void>;
      const root = document.getElementById('root') as HTMLElement;
      await afterFrames(2);
      const start = performance.now();
      root.innerHTML = html;
      await afterFrames(2);
      return performance.now() - start;
    },
    { html, frames: FRAMES },
  );
}

/** On keydown, the floor wraps the selected words in a <mark> by splitting their text node. */
async function armFloorKey(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.addEventListener('keydown', (event) => {
      event.preventDefault();
      const selection = window.getSelection() as Selection;
      const range = selection.getRangeAt(0);
      const text = range.startContainer as Text;
      const middle = text.splitText(range.startOffset);
      middle.splitText(range.endOffset - range.startOffset);
      const mark = document.createElement('mark');
      middle.replaceWith(mark);
      mark.append(middle);
      selection.removeAllRanges();
    });
  });
}

/** The floor of durable: one JSONL line appended to a file and fsync'ed, from Node. */
async function floorDurable(dir: string, runs: number): Promise<number[]> {
  const path = join(dir, 'floor.jsonl');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const line = `${JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation: { id: `f${i}`, label: 'Other', target: { type: 'span', start: i, end: i + 9 } } })}\n`;
    const start = performance.now();
    const file = await openFile(path, 'a');
    await file.write(line);
    await file.sync();
    await file.close();
    times.push(performance.now() - start);
  }
  return times;
}

// ---- the run ----

interface Row {
  figure: string;
  value: number;
  floor: number | null;
  unit: 'ms' | 'MB' | 'frames';
  target: string;
  met: boolean | null;
}

function printTable(title: string, rows: Row[]): void {
  const fmt = (v: number | null, unit: string) => (v === null ? '-' : `${v.toFixed(1)} ${unit}`);
  const lines = rows.map((r) => [
    r.figure,
    fmt(r.value, r.unit),
    fmt(r.floor, r.unit),
    r.floor ? `${(r.value / r.floor).toFixed(2)}x` : '-',
    r.target,
    r.met === null ? '-' : r.met ? 'yes' : 'NO',
  ]);
  const header = ['figure', 'value', 'floor', 'ratio', 'target', 'met?'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  console.log(`\n${title}`);
  for (const line of [header, ...lines]) console.log(line.map((c, i) => c.padEnd(widths[i] as number)).join('  '));
}

/** The app in a new browser context, past the first-run name dialog (asked once: main keeps the name). */
async function appPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
  await page.addInitScript(NAME_SHIM);
  // Experiments without editing the app: BENCH_EXTRA_CSS is added to the workspace's page.
  if (process.env.BENCH_EXTRA_CSS) {
    await page.addInitScript((css) => {
      document.addEventListener('DOMContentLoaded', () => document.head.append(Object.assign(document.createElement('style'), { textContent: css })));
    }, process.env.BENCH_EXTRA_CSS);
  }
  await page.goto(url);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Clausemark' });
  const list = page.getByRole('table');
  await welcome.or(list).first().waitFor();
  if (await welcome.isVisible()) {
    await welcome.getByLabel('Your name').fill(REVIEWER);
    await welcome.getByLabel('Your name').press('Enter');
  }
  return page;
}

export async function runWorkspaceBench(): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'clausemark-bench-workspace-'));
  const browserFound = findOrInstallBrowser();
  const load = loadavg();
  let server: ChildProcess | undefined;
  const results: Record<string, number> = {};
  try {
    const projectDir = join(dir, 'project');
    const { prepared, labels } = await makeProject(projectDir);
    const bridge = await startBridge(join(dir, 'data'), projectDir);
    server = bridge.server;
    const browser = await chromium.launch({ executablePath: browserFound.executablePath, args: BROWSER_ARGS });
    try {
      for (const [w, workload] of WORKLOADS.entries()) {
        const p = prepared[w] as Prepared;
        const key = w === 0 ? 'workspace_1mb' : 'workspace_100kb';
        if (ONLY && !key.endsWith(`_${ONLY}`)) continue;
        // A fresh tab per workload: Lexical keeps the first editor a page ever made (its cached root
        // listeners close over it), which would count the 1 MB document in the 100 KB one's heap.
        const page = await appPage(browser, bridge.url);
        // Open, a few times (back to the list between).
        const opens: number[] = [];
        const allMarks: number[] = [];
        for (let run = 0; run < OPEN_RUNS; run++) {
          const measured = await measureOpen(page, p, `${key}-open${run + 1}`);
          opens.push(measured.open);
          allMarks.push(measured.all);
          if (run < OPEN_RUNS - 1) {
            const t = performance.now();
            await backButton(page).click({ timeout: 300_000 });
            progress(`close after open ${run + 1}: ${(performance.now() - t).toFixed(0)} ms`);
          }
        }
        progress(`opens ${opens.map((o) => o.toFixed(0)).join(', ')} ms`);
        const heap = await jsHeap(page);
        // With BENCH_TRACE=<folder>, a Chromium trace of the adds (style, layout, paint) is written there.
        if (process.env.BENCH_TRACE) {
          await mkdir(process.env.BENCH_TRACE, { recursive: true });
          await browser.startTracing(page, { path: join(process.env.BENCH_TRACE, `${key}-adds.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'netlog', 'viz', 'cc', 'gpu'] });
        }
        const adds = await profiled(page, `${key}-adds`, () => measureAdds(page, true, applyAnswered));
        if (process.env.BENCH_TRACE) await browser.stopTracing();
        progress(`adds p50 ${median(adds.framed).toFixed(0)} ms (rAF/in DOM/frames dropped): ${adds.framed.map((a, i) => `${a.toFixed(0)}/${(adds.inDom[i] as number).toFixed(0)}/${adds.frames[i]}`).join(' ')}`);
        progress(`durable, key -> on disk (ms): ${adds.flushed.map((d) => d.toFixed(0)).join(' ')}`);
        const heapAfterAdds = await jsHeap(page);
        const apply = await measureApply(page, p.documentId, labels[0] as string, 20);
        const get = await measureGet(page, p.documentId, 20);
        const closeStart = performance.now();
        await backButton(page).click({ timeout: 300_000 });
        await page.getByRole('table').getByRole('button', { name: p.title, exact: true }).waitFor({ timeout: 300_000 });
        const close = performance.now() - closeStart;
        await page.context().close();

        const floorPage = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
        const floorOpens: number[] = [];
        for (let run = 0; run < OPEN_RUNS; run++) floorOpens.push(await floorOpen(floorPage, p.floorHtml));
        const floorHeap = await jsHeap(floorPage);
        await armFloorKey(floorPage);
        if (process.env.BENCH_TRACE) await browser.startTracing(floorPage, { path: join(process.env.BENCH_TRACE, `${key}-floor-adds.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'viz', 'cc'] });
        const floorAdds = await measureAdds(floorPage, false);
        if (process.env.BENCH_TRACE) await browser.stopTracing();
        await floorPage.context().close();
        const floorSync = await floorDurable(dir, ADDS);

        const open = median(opens);
        const floorOpenMs = median(floorOpens);
        const addP50 = median(adds.framed);
        const addP95 = quantile(adds.framed, 0.95);
        const durableP95 = quantile(adds.saved, 0.95);
        const floorAddP95 = quantile(floorAdds.framed, 0.95);
        const inDomP95 = quantile(adds.inDom, 0.95);
        const paintedP95 = quantile(adds.painted, 0.95);
        const floorPaintedP95 = quantile(floorAdds.painted, 0.95);
        const MB = 1024 * 1024;
        printTable(`${workload.name} (${p.marks} marks; opens: ${opens.map((o) => o.toFixed(0)).join(', ')} ms; floor opens: ${floorOpens.map((o) => o.toFixed(0)).join(', ')} ms)`, [
          { figure: `open (median of ${OPEN_RUNS})`, value: open, floor: floorOpenMs, unit: 'ms', target: '<= 1.5x floor', met: open <= 1.5 * floorOpenMs },
          { figure: 'open: every mark in the DOM', value: median(allMarks), floor: floorOpenMs, unit: 'ms', target: '-', met: null },
          { figure: `add: key -> mark + rAF, p50 (${ADDS})`, value: addP50, floor: median(floorAdds.framed), unit: 'ms', target: '-', met: null },
          // The issue's "within one frame (16 ms)", read literally: the floor itself meets it only by luck (see the header).
          { figure: `add: key -> mark + rAF, p95 (${ADDS})`, value: addP95, floor: floorAddP95, unit: 'ms', target: `<= 16 ms (floor: ${floorAddP95 <= 16 ? 'yes' : 'no'})`, met: addP95 <= 16 },
          { figure: 'add: key -> mark in the DOM, p50', value: median(adds.inDom), floor: median(floorAdds.inDom), unit: 'ms', target: '-', met: null },
          // Read as the work a key costs: it fits in one frame.
          { figure: 'add: key -> mark in the DOM, p95', value: inDomP95, floor: quantile(floorAdds.inDom, 0.95), unit: 'ms', target: '<= 16 ms (one frame)', met: inDomP95 <= 16 },
          { figure: 'add: frames dropped, mean', value: adds.frames.reduce((a, b) => a + b, 0) / adds.frames.length, floor: floorAdds.frames.reduce((a, b) => a + b, 0) / floorAdds.frames.length, unit: 'frames', target: '-', met: null },
          { figure: 'add: frames dropped, p95', value: quantile(adds.frames, 0.95), floor: quantile(floorAdds.frames, 0.95), unit: 'frames', target: '-', met: null },
          { figure: `add: key -> painted, p50`, value: median(adds.painted), floor: median(floorAdds.painted), unit: 'ms', target: '-', met: null },
          { figure: `add: key -> painted, p95`, value: paintedP95, floor: floorPaintedP95, unit: 'ms', target: '-', met: null },
          // Read as the open's target is, against the floor: at most one 60 Hz frame later than the floor's.
          { figure: 'add: key -> painted, p95 minus the floor\'s', value: paintedP95 - floorPaintedP95, floor: null, unit: 'ms', target: '<= 16.7 ms (one frame)', met: paintedP95 - floorPaintedP95 <= 1000 / 60 },
          { figure: 'durable p50 (key -> on disk)', value: median(adds.flushed), floor: median(floorSync), unit: 'ms', target: '-', met: null },
          { figure: 'durable p95 (key -> on disk)', value: quantile(adds.flushed, 0.95), floor: quantile(floorSync, 0.95), unit: 'ms', target: '< 50 ms', met: quantile(adds.flushed, 0.95) < 50 },
          { figure: 'durable p50 (key -> Saved)', value: median(adds.saved), floor: median(floorSync), unit: 'ms', target: '-', met: null },
          { figure: 'durable p95 (key -> Saved)', value: durableP95, floor: quantile(floorSync, 0.95), unit: 'ms', target: '-', met: null },
          { figure: 'annotations.apply p50 (bridge)', value: median(apply), floor: median(floorSync), unit: 'ms', target: '-', met: null },
          { figure: 'annotations.apply p95 (bridge)', value: quantile(apply, 0.95), floor: quantile(floorSync, 0.95), unit: 'ms', target: '-', met: null },
          { figure: 'open\'s bridge call, p50 (from an idle page)', value: median(get), floor: null, unit: 'ms', target: '-', met: null },
          { figure: 'back to the list (click -> list)', value: close, floor: null, unit: 'ms', target: '-', met: null },
          { figure: 'JS heap after open (GC)', value: heap / MB, floor: floorHeap / MB, unit: 'MB', target: '-', met: null },
          { figure: `JS heap after the ${ADDS} adds (GC)`, value: heapAfterAdds / MB, floor: floorHeap / MB, unit: 'MB', target: '-', met: null },
        ]);
        Object.assign(results, {
          [`${key}_open_ms_median`]: open,
          [`${key}_open_floor_ms_median`]: floorOpenMs,
          [`${key}_open_all_marks_ms_median`]: median(allMarks),
          [`${key}_add_ms_p50`]: addP50,
          [`${key}_add_ms_p95`]: addP95,
          [`${key}_add_floor_ms_p95`]: floorAddP95,
          [`${key}_add_in_dom_ms_p95`]: quantile(adds.inDom, 0.95),
          [`${key}_add_painted_ms_p95`]: paintedP95,
          [`${key}_add_painted_floor_ms_p95`]: floorPaintedP95,
          [`${key}_add_frames_dropped_p95`]: quantile(adds.frames, 0.95),
          [`${key}_durable_ms_p95`]: quantile(adds.flushed, 0.95),
          [`${key}_saved_shown_ms_p95`]: durableP95,
          [`${key}_apply_ms_p95`]: quantile(apply, 0.95),
          [`${key}_open_call_ms_p50`]: median(get),
          [`${key}_close_ms`]: close,
          [`${key}_heap_mb`]: heap / MB,
          [`${key}_heap_after_adds_mb`]: heapAfterAdds / MB,
          [`${key}_heap_floor_mb`]: floorHeap / MB,
        });
      }
    } finally {
      await browser.close();
    }
    console.log(`\nload average at start: ${load.map((l) => l.toFixed(2)).join(' ')} (2 cores shared; the figures are noisy)`);
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((done) => server?.once('exit', done));
    }
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runWorkspaceBench();
}
