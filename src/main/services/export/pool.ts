/**
 * Where an export's work runs: on the main thread and in a few export workers (worker.ts), so a large
 * export uses the machine's cores. Tasks (a log's first pass, a run of documents) wait in one queue
 * and go to whichever thread is free; a worker that fails or cannot start hands its tasks back and is
 * not used again, so the main thread finishes the export on its own.
 *
 * Workers read the logs through the file descriptors the main thread holds open (threads share a
 * process's descriptors), so what they read is what the main thread indexed, whatever replaces the
 * files meanwhile; `close` stops the workers before those files may be closed.
 */
import { read as readCallback } from 'node:fs';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/result.ts';
import { startServiceWorker } from '../worker-thread.ts';
import { exportChunk, sinksFor, type ChunkJob, type ChunkOutput, type ExportPlan } from './chunk.ts';
import { SINK_BYTES } from './utf8-sink.ts';
import { indexLogFile, type LogIndex } from './log-index.ts';

/** What a thrown value becomes between threads. */
export type ErrorShape = { app: true; code: AppError['code']; message: string } | { app: false; name: string; message: string };

export type WorkerRequest =
  | { kind: 'plan'; plan: ExportPlan }
  | { kind: 'index'; id: number; fd: number; size: number }
  | { kind: 'chunk'; id: number; job: ChunkJob; spare: ArrayBuffer[] };

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'index'; id: number; index: LogIndex }
  | { kind: 'chunk'; id: number; output: ChunkOutput; error: ErrorShape | null }
  | { kind: 'failed'; id: number; error: ErrorShape };

export const errorShape = (error: unknown): ErrorShape =>
  error instanceof AppError
    ? { app: true, code: error.code, message: error.message }
    : { app: false, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };

export function fromShape(shape: ErrorShape): Error {
  if (shape.app) return new AppError(shape.code, shape.message);
  const error = new Error(shape.message);
  error.name = shape.name;
  return error;
}

/** Workers for an export of this many documents and log bytes: none for a small one, else one per spare core (at most three). */
export function workersFor(documents: number, logBytes: number): number {
  if (documents < 256 && logBytes < 16 << 20) return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/**
 * A worker's young generation, small: what a run allocates dies with it, and a young generation that
 * grows (V8 doubles it as bytes keep surviving, so the longer the export the larger) was ~8 MB more
 * at the end of a 10,000-document export, for no speed (~2 MB semi-spaces still scavenge rarely).
 */
const WORKER_YOUNG_MB = 4;

type Task =
  | { kind: 'index'; fd: number; size: number; resolve: (index: LogIndex) => void; reject: (error: unknown) => void }
  | { kind: 'chunk'; job: ChunkJob; resolve: (output: ChunkOutput) => void; reject: (error: unknown) => void };

const readAt = promisify(readCallback);

/**
 * One export worker: up to three runs at once (one running, the others waiting, so it never waits
 * for the main thread to hand it the next), or one first pass.
 */
class WorkerLane {
  private ready = false;
  private failed = false;
  private readonly tasks = new Map<number, Task>();
  private nextId = 1;

  constructor(
    private readonly worker: Worker,
    private readonly pool: ExportPool,
  ) {
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
  }

  get alive(): boolean {
    return !this.failed;
  }

  get started(): boolean {
    return this.ready && !this.failed;
  }

  /** Tasks it takes now. */
  get room(): number {
    if (!this.ready || this.failed) return 0;
    if ([...this.tasks.values()].some((t) => t.kind === 'index')) return 0;
    return 3 - this.tasks.size;
  }

  post(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  /** Starts a task; a run takes `spare` buffers to write into (handed over, no longer the caller's). */
  run(task: Task, spare: ArrayBuffer[]): void {
    const id = this.nextId++;
    this.tasks.set(id, task);
    if (task.kind === 'index') this.post({ kind: 'index', id, fd: task.fd, size: task.size });
    else this.worker.postMessage({ kind: 'chunk', id, job: task.job, spare } satisfies WorkerRequest, spare);
  }

  async stop(): Promise<void> {
    this.failed = true;
    this.tasks.clear();
    await this.worker.terminate();
  }

  private settle(reply: WorkerReply): void {
    if (reply.kind === 'ready') {
      this.ready = true;
      this.pool.pump();
      return;
    }
    const task = this.tasks.get(reply.id);
    if (!task) return;
    this.tasks.delete(reply.id);
    if (reply.kind === 'failed') task.reject(fromShape(reply.error));
    else if (task.kind === 'index' && reply.kind === 'index') task.resolve(reply.index);
    else if (task.kind === 'chunk' && reply.kind === 'chunk') {
      const output = reply.output;
      if (reply.error) output.stop = { reason: 'error', error: fromShape(reply.error) };
      task.resolve(output);
    }
    this.pool.pump();
  }

  /** Retires the worker; its tasks go back to the queue, in order. */
  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    const tasks = [...this.tasks.values()];
    this.tasks.clear();
    void this.worker.terminate();
    this.pool.giveBack(tasks);
  }
}

/**
 * An export's threads: `workers` export workers, and the main thread unless `mainThread` is false
 * (tests, to see the workers' work); the main thread takes tasks anyway once no worker is left.
 */
export class ExportPool {
  private readonly queue: Task[] = [];
  private readonly lanes: WorkerLane[] = [];
  private plan: ExportPlan | null = null;
  /** Buffers of runs written to the file, for the next runs to write into (see `recycle`). */
  private readonly spare: ArrayBuffer[] = [];
  private mainBusy = false;
  private closed = false;

  constructor(
    workers: number,
    private readonly mainThread = true,
  ) {
    for (let i = 0; i < workers; i++) {
      let worker: Worker;
      try {
        // Beside the main bundle in the built app (electron.vite.config.ts).
        worker = startServiceWorker(import.meta.url, './export-worker.js', './worker.ts', { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
      } catch {
        break;
      }
      this.lanes.push(new WorkerLane(worker, this));
    }
  }

  /** Workers started and working. */
  get workers(): number {
    return this.lanes.filter((lane) => lane.started).length;
  }

  /** The first pass over the log open as `fd` (its first `size` bytes). */
  index(fd: number, size: number): Promise<LogIndex> {
    return new Promise((resolve, reject) => this.add({ kind: 'index', fd, size, resolve, reject }));
  }

  /** Sets what the runs share; before the first `chunk`. */
  setPlan(plan: ExportPlan): void {
    this.plan = plan;
    for (const lane of this.lanes) lane.post({ kind: 'plan', plan });
  }

  /** A run of documents; it never rejects (a document that cannot be exported stops the run, see ChunkOutput). */
  chunk(job: ChunkJob): Promise<ChunkOutput> {
    return new Promise((resolve, reject) => this.add({ kind: 'chunk', job, resolve, reject }));
  }

  /**
   * A run's texts, written to the file: their buffers are written into again by later runs, on any
   * thread, so however long the export, it uses about as many buffers as runs are under way at once.
   */
  recycle(output: ChunkOutput): void {
    for (const text of output.texts) {
      // A buffer this large has an ArrayBuffer of its own, never Node's shared pool, so it can move between threads.
      if (text.buffer.byteLength >= SINK_BYTES && !this.spare.includes(text.buffer as ArrayBuffer)) this.spare.push(text.buffer as ArrayBuffer);
    }
  }

  /** Spare buffers for one run. */
  private spareForRun(): ArrayBuffer[] {
    return this.spare.splice(0, sinksFor(this.plan?.format ?? 'spans'));
  }

  /** Stops the workers (waiting until they have); queued tasks are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await Promise.all(this.lanes.map((lane) => lane.stop()));
  }

  private add(task: Task): void {
    this.queue.push(task);
    this.pump();
  }

  /** Tasks of a failed worker, back at the front of the queue. */
  giveBack(tasks: Task[]): void {
    if (this.closed) return;
    this.queue.unshift(...tasks);
    this.pump();
  }

  /** Hands waiting tasks to free workers, then to the main thread. */
  pump(): void {
    if (this.closed) return;
    for (const lane of this.lanes) {
      while (lane.room > 0 && this.queue.length > 0) {
        const task = this.queue.shift() as Task;
        lane.run(task, task.kind === 'chunk' ? this.spareForRun() : []);
      }
    }
    if (!this.mainBusy && this.queue.length > 0 && (this.mainThread || !this.lanes.some((lane) => lane.alive))) {
      this.mainBusy = true;
      // After what is already waiting (worker replies, writes), so the main thread's share never starves them.
      setImmediate(() => void this.runOnMain());
    }
  }

  private async runOnMain(): Promise<void> {
    const task = this.closed ? undefined : this.queue.shift();
    try {
      if (task?.kind === 'chunk') task.resolve(exportChunk(this.plan as ExportPlan, task.job, 0, undefined, this.spare));
      if (task?.kind === 'index') {
        const { fd } = task;
        task.resolve(await indexLogFile(async (buffer, offset, length, position) => (await readAt(fd, buffer, offset, length, position)).bytesRead, task.size));
      }
    } catch (error) {
      task?.reject(error);
    }
    this.mainBusy = false;
    this.pump();
  }
}
