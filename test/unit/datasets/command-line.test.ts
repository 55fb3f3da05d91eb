import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportCommandLine, shellWord } from '../../../src/shared/domain/dataset.ts';

/** The words a POSIX shell makes of a command line. */
function shellWords(commandLine: string): string[] {
  const run = spawnSync('sh', ['-c', `set -- ${commandLine}\nfor word; do printf '%s\\0' "$word"; done`], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sh failed on ${commandLine}: ${run.stderr}`);
  return run.stdout.split('\0').slice(0, -1);
}

describe('the command line on an app export’s dataset card', () => {
  it('quotes every word a shell would otherwise change, and no plain one', () => {
    // No NUL: no command line can hold one.
    const tricky = fc.constantFrom("'", '"', '$', '`', '\\', ' ', '\t', '\n', '*', '?', '[', '~', '#', '-', '=', '!', '(', ';', '&', '|', '<', '%', 'a', 'é', '😀');
    const word = fc
      .oneof(fc.string({ unit: tricky, minLength: 1, maxLength: 8 }), fc.string({ unit: 'binary', minLength: 1 }))
      .filter((w) => !w.includes('\0'));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        expect(shellWords(words.map(shellWord).join(' '))).toEqual(words);
      }),
      { numRuns: 80 },
    );
    expect(shellWord('/home/ana/policies/spans.jsonl')).toBe('/home/ana/policies/spans.jsonl');
    expect(shellWord('0.8,0.1,0.1')).toBe('0.8,0.1,0.1');
  });

  it("is `clausemark export` with the request's options, as the CLI takes them", () => {
    const dir = "/data/Bo's policies";
    const line = exportCommandLine(dir, {
      format: 'hf',
      out: '/data/out $HOME/ds',
      status: 'done',
      reviewer: 'Ana Müller',
      labels: ['User Access, Edit and Deletion', 'Data Retention'],
      split: [0.5, 0.25, 0.25],
      seed: 7,
    });
    expect(shellWords(line)).toEqual([
      'clausemark', 'export', dir, '--format', 'hf', '--out', '/data/out $HOME/ds', '--status', 'done', '--reviewer', 'Ana Müller',
      '--label', 'User Access, Edit and Deletion', '--label', 'Data Retention', '--split', '0.5,0.25,0.25', '--seed', '7',
    ]);
    // The defaults are written out for hf (the card says how the split was made), left out elsewhere.
    expect(shellWords(exportCommandLine('/p', { format: 'hf', out: '/o' }))).toEqual(['clausemark', 'export', '/p', '--format', 'hf', '--out', '/o', '--split', '0.8,0.1,0.1', '--seed', '42']);
    expect(shellWords(exportCommandLine('/p', { out: '/o.jsonl', unit: 'segment' }))).toEqual(['clausemark', 'export', '/p', '--format', 'spans', '--out', '/o.jsonl', '--unit', 'segment']);
    expect(shellWords(exportCommandLine('/p', { format: 'segments', out: '/o.jsonl', labeledOnly: true }))).toEqual(['clausemark', 'export', '/p', '--format', 'segments', '--out', '/o.jsonl', '--labeled-only']);
  });
});
