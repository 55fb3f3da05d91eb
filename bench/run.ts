/**
 * `npm run bench`: the figures the issues ask for. Benchmarks, not tests: they print numbers and never
 * fail on them. The workspace bench drives the built renderer: run `npm run build` first.
 */
import { runImportBench } from './import.ts';
import { runOpenProjectBench } from './open-project.ts';
import { runExportBench } from './export.ts';
import { runOpp115Bench } from './opp115.ts';
import { runWorkspaceBench } from './workspace.ts';

const results: Record<string, number> = {
  ...(await runImportBench()),
  ...(await runOpenProjectBench()),
  ...(await runExportBench()),
  ...(await runOpp115Bench()),
  ...(await runWorkspaceBench()),
};
const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [name, value] of Object.entries(results)) {
  console.log(`${name.padEnd(width)}  ${Number.isInteger(value) ? value : value.toFixed(2)}`);
}
