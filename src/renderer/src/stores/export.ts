import { create } from 'zustand';
import type { DatasetProgress, ExportRequest, ExportSummary } from '../../../shared/domain/dataset.ts';
import { api } from '../api/client.ts';

/** The Export dialog: closed, asking, running (with progress), finished, or failed. */
interface ExportState {
  open: boolean;
  jobId: string | null;
  progress: DatasetProgress | null;
  summary: ExportSummary | null;
  error: string | null;
  show: () => void;
  close: () => void;
  start: (request: ExportRequest) => Promise<void>;
  cancel: () => Promise<void>;
  /** The desktop's save dialog for where to write, `defaultPath` proposed; null when none was chosen. */
  browse: (defaultPath: string, folder: boolean) => Promise<string | null>;
}

const POLL_MS = 150;
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const useExportStore = create<ExportState>((set, get) => ({
  open: false,
  jobId: null,
  progress: null,
  summary: null,
  error: null,
  show: () => set({ open: true, jobId: null, progress: null, summary: null, error: null }),
  close: () => {
    if (get().jobId) return;
    set({ open: false, summary: null, error: null, progress: null });
  },
  start: async (request) => {
    set({ error: null, summary: null, progress: { done: 0, total: 0 } });
    const started = await api['export.start'](request);
    if (!started.ok) {
      set({ error: started.error.message, progress: null });
      return;
    }
    const { jobId } = started.value;
    set({ jobId });
    for (;;) {
      const status = await api['export.status']({ jobId });
      if (!status.ok) {
        set({ jobId: null, error: status.error.message, progress: null });
        return;
      }
      const s = status.value;
      if (s.state === 'running') set({ progress: s.progress });
      else if (s.state === 'finished') {
        set({ jobId: null, progress: s.progress, summary: s.summary });
        return;
      } else {
        set({ jobId: null, progress: null, error: s.error.message });
        return;
      }
      await wait(POLL_MS);
    }
  },
  cancel: async () => {
    const { jobId } = get();
    if (jobId) await api['export.cancel']({ jobId });
  },
  browse: async (defaultPath, folder) => {
    const picked = await api['dialog.pickExportTarget']({ defaultPath, folder });
    if (!picked.ok) {
      set({ error: picked.error.message });
      return null;
    }
    return picked.value;
  },
}));
