/**
 * An export worker (pool.ts): runs a log's first pass or exports a run of documents, off the main
 * thread, reading the logs through the main thread's open file descriptors. Text goes back as UTF-8
 * bytes, handed over without a copy.
 */
import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { exportChunk, releaseJob, type ExportPlan } from './chunk.ts';
import { indexBuffers, indexLogFile, useLineParser } from './log-index.ts';
import { errorShape, type WorkerReply, type WorkerRequest } from './pool.ts';

const port = parentPort;
if (!port) throw new Error('The export worker runs as a worker thread.');

let plan: ExportPlan | null = null;
/** Buffers the main thread handed over with runs, for this thread's runs to write into. */
const spare: ArrayBuffer[] = [];

const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** The app's line parser loads the schemas (zod): only when a line needs it, not at every start. */
let parserLoaded: Promise<void> | null = null;
const loadParser = (): Promise<void> =>
  (parserLoaded ??= import('../annotations/log.ts').then(({ parseLine }) => useLineParser(parseLine)));

port.on('message', (request: WorkerRequest) => {
  switch (request.kind) {
    case 'plan':
      plan = request.plan;
      break;
    case 'index': {
      const { id, fd } = request;
      // Synchronous reads: this thread has nothing else to do meanwhile.
      indexLogFile((buffer, offset, length, position) => readSync(fd, buffer, offset, length, position), request.size, loadParser).then(
        (index) => reply({ kind: 'index', id, index }, indexBuffers(index)),
        (error: unknown) => reply({ kind: 'failed', id, error: errorShape(error) }),
      );
      break;
    }
    case 'chunk': {
      const { id, job } = request;
      spare.push(...request.spare);
      // Lines the byte scan did not read are read again through the parser.
      (job.lines.plain.subarray(0, job.lines.size).includes(0) ? loadParser() : Promise.resolve()).then(() => {
        try {
          const output = exportChunk(plan as ExportPlan, job, 0, undefined, spare);
          // This thread's copy of the run's line list (the main thread keeps its own).
          releaseJob(job);
          const error = output.stop?.reason === 'error' ? errorShape(output.stop.error) : null;
          const stop = output.stop?.reason === 'store' ? output.stop : null;
          reply({ kind: 'chunk', id, output: { ...output, stop }, error }, output.texts.map((t) => t.buffer as ArrayBuffer));
        } catch (error) {
          reply({ kind: 'failed', id, error: errorShape(error) });
        }
      }, (error: unknown) => reply({ kind: 'failed', id, error: errorShape(error) }));
      break;
    }
  }
});

reply({ kind: 'ready' });
