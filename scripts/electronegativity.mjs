/**
 * `npm run test:electronegativity`: Doyensec's Electronegativity over src/ (the shell in src/main, the
 * preload, and the renderer's index.html with its CSP), failing on any HIGH or MEDIUM finding.
 *
 * Run through its API, not its CLI: the CLI needs commander 2 and finds this project's commander 14.
 * The Electron version is given (it cannot tell it from the sources), and the one check that fetches
 * Electron's release list from the network is left out, so the run is offline and repeatable;
 * test/unit/electron/checklist.test.ts checks that Electron is a supported major instead.
 * A finding that needs a human decision is silenced in the source with `eng-disable <CHECK>` and a
 * comment saying why (docs/security.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import run from '@doyensec/electronegativity';

const root = join(import.meta.dirname, '..');
const versionOf = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const electronVersion = versionOf('electron');
const FAILING = new Set(['HIGH', 'MEDIUM']);

async function main() {
  const input = join(root, 'src');
  const result = await run({
    input,
    customScan: [],
    // The one check that goes online (Electron's release list); the Electron checklist test checks the version.
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    isRelative: true,
    isVerbose: false,
    parserPlugins: [],
    electronVersionOverride: electronVersion,
  });
  const findings = result.issues.map((i) => ({
    id: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file,
    line: i.location ? i.location.line : 0,
    manualReview: Boolean(i.manualReview),
    description: i.description,
  }));
  const failing = findings.filter((f) => FAILING.has(f.severity));
  for (const f of findings) {
    console.log(`${FAILING.has(f.severity) ? 'FAIL' : 'note'} ${f.severity}/${f.confidence} ${f.id} ${f.file}:${f.line}${f.manualReview ? ' (manual review)' : ''}`);
  }
  if (result.errors.length > 0) {
    for (const e of result.errors) console.log(`error: ${JSON.stringify(e).slice(0, 300)}`);
    console.error(`electronegativity: ${result.errors.length} file(s) could not be parsed, so they were not checked.`);
    process.exit(1);
  }
  console.log(`electronegativity ${versionOf('@doyensec/electronegativity')} on src/ (Electron ${electronVersion}): ${result.atomicChecks} atomic and ${result.globalChecks} global checks, ${findings.length} finding(s), ${failing.length} high or medium.`);
  process.exit(failing.length > 0 ? 1 : 0);
}

await main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
