import { useImportStore } from '../stores/import.ts';
import { ProgressBar } from './ProgressBar.tsx';

const count = new Intl.NumberFormat();

export function ImportProgress() {
  const progress = useImportStore((state) => state.progress);
  if (!progress) return null;
  const { done, total } = progress;
  const label = `Importing ${count.format(done)} of ${count.format(total)} ${total === 1 ? 'file' : 'files'}…`;
  return <ProgressBar label={label} name="Import progress" done={done} total={total} />;
}
