/**
 * The import worker: parses one file at a time off the main thread, so a window stays responsive
 * while a folder imports and a pathological file can be stopped without stopping the app.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/result.ts';
import { parseSource } from './index.ts';
import type { ParseReply, ParseRequest } from './pool.ts';

const port = parentPort;
if (!port) throw new Error('The import worker runs as a worker thread.');

port.on('message', (request: ParseRequest) => {
  parseSource({ fileName: request.fileName, bytes: request.bytes }).then(
    (document): void => port.postMessage({ id: request.id, ok: true, document } satisfies ParseReply),
    (error: unknown): void => {
      const reply: ParseReply =
        error instanceof AppError
          ? { id: request.id, ok: false, error: { code: error.code, message: error.message } }
          : { id: request.id, ok: false, error: { code: 'INTERNAL', message: `${request.fileName}: ${String(error)}` } };
      port.postMessage(reply);
    },
  );
});
