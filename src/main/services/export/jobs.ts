import { randomUUID } from 'node:crypto';
import type { ExportJobState, ExportRequest } from '../../../shared/domain/dataset.ts';
import type { AppErrorShape } from '../../../shared/result.ts';
import { AppError } from '../../../shared/result.ts';
import type { ProjectStore } from '../project/store.ts';
import { exportDataset } from './export.ts';

/**
 * Exports running in the background for the app: started, then polled for progress, and cancelled,
 * by id, since a call across IPC or the bridge answers once. A finished job is kept until read.
 */
export class ExportJobs {
  private readonly jobs = new Map<string, { controller: AbortController; status: ExportJobState }>();

  start(store: ProjectStore, request: ExportRequest): { jobId: string } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const job = { controller, status: { state: 'running', progress: { done: 0, total: 0 } } as ExportJobState };
    this.jobs.set(jobId, job);
    exportDataset(store, request, { signal: controller.signal, onProgress: (progress) => (job.status = { state: 'running', progress }) }).then(
      (summary) => (job.status = { state: 'finished', progress: job.status.progress, summary }),
      (error: unknown) => {
        const shape: AppErrorShape =
          error instanceof AppError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: `The export failed unexpectedly (${String(error)}).` };
        job.status = { state: 'failed', progress: job.status.progress, error: shape };
      },
    );
    return { jobId };
  }

  status(jobId: string): ExportJobState {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('INVALID_INPUT', 'There is no such export running.');
    if (job.status.state !== 'running') this.jobs.delete(jobId);
    return job.status;
  }

  cancel(jobId: string): null {
    this.jobs.get(jobId)?.controller.abort();
    return null;
  }
}
