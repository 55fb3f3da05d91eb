/**
 * `npm run bench`: the figures the issues ask for. Benchmarks, not tests: they print numbers and never
 * fail on them.
 */
import { runImportBench } from './import.ts';
import { runOpenProjectBench } from './open-project.ts';
import { runExportBench } from './export.ts';

const results: Record<string, number> = {
  ...(await runImportBench()),
  ...(await runOpenProjectBench()),
  ...(await runExportBench()),
};
const width = Math.max(...Object.keys(results).map((k) => k.length));
for (const [name, value] of Object.entries(results)) {
  console.log(`${name.padEnd(width)}  ${Number.isInteger(value) ? value : value.toFixed(2)}`);
}
