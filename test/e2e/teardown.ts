import { rm } from 'node:fs/promises';

/** The bridge's data folder (settings, Sample project) is this run's alone: remove it afterwards. */
export default async function teardown(): Promise<void> {
  const dir = process.env.CLAUSEMARK_E2E_DATA_DIR;
  if (dir) await rm(dir, { recursive: true, force: true });
}
