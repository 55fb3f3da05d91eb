/**
 * Runs the import pipeline in a worker thread: parsing a large PDF or web page takes seconds of CPU,
 * which on the main thread would freeze the desktop app's window and every other call. A file that
 * takes far too long, or exhausts the worker's memory, fails on its own; the next file gets a fresh
 * worker.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ParsedDocument } from '../../../shared/domain/document.ts';
import { AppError, type AppErrorShape } from '../../../shared/result.ts';
import { startServiceWorker } from '../worker-thread.ts';

export interface ParseRequest {
  id: number;
  fileName: string;
  bytes: Uint8Array;
}

export type ParseReply = { id: number; ok: true; document: ParsedDocument } | { id: number; ok: false; error: AppErrorShape };

/** Generous: a 50 MB web page takes about a minute on a slow machine; a hung parser never ends. */
const timeLimitMs = (bytes: number): number => 60_000 + (bytes / (1024 * 1024)) * 4_000;

/** A worker that runs out of this much heap fails the file, not the app. */
const WORKER_HEAP_MB = 4096;

function startWorker(): Worker {
  // Beside the main bundle in the built app (electron.vite.config.ts).
  return startServiceWorker(import.meta.url, './import-worker.js', './worker.ts', { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
}

interface Job {
  request: ParseRequest;
  resolve: (document: ParsedDocument) => void;
  reject: (error: AppError) => void;
}

/** Parsing workers: one per spare core, at most four (each may hold a large page in memory). */
export const PARSE_WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));

/** One worker, one file at a time, in the order asked. */
class WorkerLane {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;

  constructor(private readonly limitFor: (bytes: number) => number) {}

  /** Files queued or in progress. */
  get load(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  parse(fileName: string, bytes: Uint8Array): Promise<ParsedDocument> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, fileName, bytes }, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker; queued files fail. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new AppError('INTERNAL', `${job.request.fileName}: import was stopped.`));
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (reply: ParseReply) => this.settle(reply));
    worker.on('error', (error: Error & { code?: string }) => {
      const name = this.current?.job.request.fileName ?? 'the file';
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `${name}: the file is too large or too complex to read (it needed more than ${WORKER_HEAP_MB / 1024} GB of memory).`
          : `${name}: the file could not be read (${error.message}); it may be damaged.`;
      this.fail(worker, new AppError('FILE_CORRUPT', reason));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(worker, new AppError('INTERNAL', 'The import worker stopped unexpectedly.'));
    });
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) {
      // An idle worker must not keep a command-line run alive.
      if (!this.current) this.worker?.unref();
      return;
    }
    const job = this.queue.shift() as Job;
    const worker = this.ensureWorker();
    worker.ref();
    const limit = this.limitFor(job.request.bytes.byteLength);
    const timer = setTimeout(() => {
      const seconds = Math.round(limit / 1000);
      this.fail(worker, new AppError('FILE_CORRUPT', `${job.request.fileName}: reading the file took longer than ${seconds} seconds, so it was stopped; it may be damaged.`));
    }, limit);
    this.current = { job, timer };
    worker.postMessage(job.request);
  }

  private settle(reply: ParseReply): void {
    const current = this.current;
    if (!current || current.job.request.id !== reply.id) return;
    clearTimeout(current.timer);
    this.current = null;
    if (reply.ok) current.job.resolve(reply.document);
    else current.job.reject(new AppError(reply.error.code, reply.error.message));
    this.pump();
  }

  /** Fails the file in progress and retires its worker; the next file starts a new one. */
  private fail(worker: Worker, error: AppError): void {
    if (this.worker !== worker) return;
    this.worker = null;
    void worker.terminate();
    const current = this.current;
    this.current = null;
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(error);
    }
    this.pump();
  }
}

export interface ParsePoolOptions {
  workers?: number;
  /** A file's time limit from its size (tests shorten it). */
  limitFor?: (bytes: number) => number;
}

/** Spreads files over a few workers; each file goes to the least busy one. */
export class ParsePool {
  private readonly lanes: WorkerLane[];

  constructor(options: ParsePoolOptions = {}) {
    const count = Math.max(1, options.workers ?? PARSE_WORKERS);
    this.lanes = Array.from({ length: count }, () => new WorkerLane(options.limitFor ?? timeLimitMs));
  }

  parse(fileName: string, bytes: Uint8Array): Promise<ParsedDocument> {
    const lane = this.lanes.reduce((best, lane) => (lane.load < best.load ? lane : best));
    return lane.parse(fileName, bytes);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close()));
  }
}

let shared: ParsePool | null = null;

/** Parses a file in the shared import worker; the same answer parseSource gives, off the main thread. */
export function parseInWorker(input: { fileName: string; bytes: Uint8Array }): Promise<ParsedDocument> {
  shared ??= new ParsePool();
  return shared.parse(input.fileName, input.bytes);
}
