import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';

const STYLES = join(import.meta.dirname, '../../../src/renderer/src/styles');

/**
 * The renderer's style sheets are plain CSS, without nesting. A missing closing brace is no syntax
 * error to a browser that supports nesting: every rule after it silently becomes a nested rule that
 * matches nothing (an unclosed `.label-dot` once disabled the dialogs' checkbox and path-row rules).
 */
describe('the style sheets', () => {
  const sheets = readdirSync(STYLES).filter((name) => name.endsWith('.css'));

  it('are found', () => {
    expect(sheets).toContain('app.css');
  });

  for (const name of sheets) {
    it(`${name} parses, every block closed and no rule nested in another`, () => {
      const root = postcss.parse(readFileSync(join(STYLES, name), 'utf8'), { from: name });
      const nested: string[] = [];
      root.walkRules((rule) => {
        if (rule.parent?.type === 'rule') nested.push(`${rule.selector} (line ${rule.source?.start?.line}) inside ${(rule.parent as postcss.Rule).selector}`);
      });
      expect(nested).toEqual([]);
    });
  }
});
