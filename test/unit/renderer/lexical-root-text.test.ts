// @vitest-environment jsdom
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LEXICAL_DIST, patchLexicalRootText } from '../../../scripts/lexical-root-text.ts';

const dist = (name: string): string => resolve('node_modules/lexical/dist', name);
const ROOT_COMPARE = /\.__cachedText\s*!==/g;
const GATE = /\._listeners\.textcontent\.size > 0 && /g;

describe("the build's changes to Lexical's whole-text comparisons", () => {
  it.each(['Lexical.dev.js', 'Lexical.prod.js'])('applies each exactly once to %s, and only to Lexical', (name) => {
    const code = readFileSync(dist(name), 'utf8');
    expect(code.match(ROOT_COMPARE)).toHaveLength(1);
    expect(code.match(GATE)).toBeNull();
    const patched = patchLexicalRootText(code, name);
    expect(patched.match(ROOT_COMPARE)).toBeNull();
    expect(patched.match(GATE)).toHaveLength(1);
    expect(patched.length - code.length).toBeLessThan(120);
    expect(LEXICAL_DIST.test(dist(name))).toBe(true);
  });

  it('does not match other files', () => {
    expect(LEXICAL_DIST.test(resolve('node_modules/@lexical/mark/dist/LexicalMark.dev.js'))).toBe(false);
    expect(LEXICAL_DIST.test(resolve('src/renderer/src/workspace/projection.ts'))).toBe(false);
  });

  it('fails loudly when Lexical no longer has the comparison, or has it twice', () => {
    expect(() => patchLexicalRootText('const a = 1;', 'Lexical.dev.js')).toThrow(/Lexical.dev.js: expected .*root-text comparison once, found it 0 times/);
    const twice = 'if (a.__cachedText !== b) {}\nif (c.__cachedText !== d) {}';
    expect(() => patchLexicalRootText(twice, 'x')).toThrow(/found it 2 times/);
    const noListeners = 'if (a.__cachedText !== b) {}';
    expect(() => patchLexicalRootText(noListeners, 'x')).toThrow(/text content listeners' comparison once, found it 0 times/);
  });

  describe('patched Lexical, running in a DOM', () => {
    // Inside the project: the test runner loads modules from the project's tree.
    mkdirSync(resolve('node_modules/.cache'), { recursive: true });
    const folder = mkdtempSync(resolve('node_modules/.cache/lexical-root-text-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it("keeps the root's text right through format-only, same-length and length-changing edits, and still tells text content listeners", async () => {
      const file = join(folder, 'Lexical.patched.mjs');
      writeFileSync(file, patchLexicalRootText(readFileSync(dist('Lexical.dev.js'), 'utf8')));
      const lexical = (await import(/* @vite-ignore */ file)) as typeof import('lexical');
      const { $createParagraphNode, $createTextNode, $getRoot, $isElementNode, $isTextNode, createEditor } = lexical;

      const editor = createEditor({ namespace: 'root-text', onError: (error) => { throw error; } });
      const element = document.createElement('div');
      element.contentEditable = 'true';
      document.body.append(element);
      editor.setRootElement(element);
      const rootText = (): string => editor.getEditorState().read(() => $getRoot().getTextContent());
      const told: string[] = [];
      const stopListening = editor.registerTextContentListener((text) => told.push(text));
      const firstText = () => {
        const paragraph = $getRoot().getFirstChild();
        const text = $isElementNode(paragraph) ? paragraph.getFirstChild() : null;
        if (!$isTextNode(text)) throw new Error('no text node');
        return text;
      };

      const paragraphs = ['The cat 😀 sat', 'café كوكيز 個人情報', 'e\u0301 end'];
      editor.update(() => {
        for (const p of paragraphs) $getRoot().append($createParagraphNode().append($createTextNode(p)));
      }, { discrete: true });
      expect(rootText()).toBe(paragraphs.join('\n\n'));
      expect(told).toEqual([paragraphs.join('\n\n')]);

      // What a highlight does: the nodes change, the text does not (and listeners hear nothing).
      editor.update(() => void firstText().toggleFormat('bold'), { discrete: true });
      expect(rootText()).toBe(paragraphs.join('\n\n'));
      expect(told).toHaveLength(1);

      // The case the original comparison exists for: new text of the same length.
      editor.update(() => void firstText().setTextContent('The dog 😀 sat'), { discrete: true });
      expect(rootText()).toBe(['The dog 😀 sat', ...paragraphs.slice(1)].join('\n\n'));
      expect(told.at(-1)).toBe(rootText());

      // With no listener, nothing compares the texts, and the root's own text is still right.
      stopListening();

      editor.update(() => void $getRoot().getLastChild()?.remove(), { discrete: true });
      expect(rootText()).toBe(['The dog 😀 sat', paragraphs[1]].join('\n\n'));
      expect(element.textContent).toBe(['The dog 😀 sat', paragraphs[1]].join(''));
      element.remove();
    });
  });
});
