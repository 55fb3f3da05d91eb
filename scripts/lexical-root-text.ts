import type { Plugin } from 'vite';

/**
 * Two build-time changes to Lexical (its dist files, dev and prod), applied by a Vite plugin, so that
 * an update no longer compares the whole document's text.
 *
 * At the end of every update Lexical rebuilds the root's text as a rope of every paragraph's cached
 * text. It then compared that rope with the root's cached text, only to skip a clone of the root node
 * when nothing changed; and it compared the previous state's text with the new one, to call text
 * content listeners. Comparing a rope with a string flattens it: on a 1 MB document every tag copied
 * 2-2.5 MB and left it to the garbage collector (bench/workspace.ts: about 2 ms of a 6 ms key). The
 * workspace never changes the text, so the comparisons always came out "equal", at full cost.
 *
 * - The root's cached text is refreshed unconditionally, as Lexical already does whenever the text
 *   changed: one small clone of the root; the cache holds the same text either way.
 * - The old and new texts are compared only when a text content listener is registered (the
 *   workspace registers none); with none there is nobody to tell.
 *
 * Each pattern must be found exactly once in each file: a Lexical upgrade that changes this code fails
 * the build and test/unit/renderer/lexical-root-text.test.ts, so the changes are looked at again.
 */
interface Change {
  what: string;
  pattern: RegExp;
  replace: (...groups: string[]) => string;
}

const CHANGES: Change[] = [
  {
    what: "the reconciler's root-text comparison",
    // dev: `if (latestRoot.__cachedText !== subTreeTextContent)`; prod: `if(t.__cachedText!==$e)`.
    pattern: /if\s*\(\s*([\w$]+)\.__cachedText\s*!==\s*([\w$]+)\s*\)/g,
    // `true` alone: the comparison must not run at all, since running it is what flattens the rope.
    replace: () => '/* Clausemark: scripts/lexical-root-text.ts */ if (true)',
  },
  {
    what: "the text content listeners' comparison",
    // dev: `if (current !== latest) {\n triggerListeners('textcontent', editor`; prod: `o!==r&&nl("textcontent",t`.
    pattern: /([\w$]+)\s*!==\s*([\w$]+)(\s*\)\s*\{\s*|\s*&&\s*)([\w$]+)\(\s*(['"])textcontent\5\s*,\s*([\w$]+)/g,
    replace: (_all, current, latest, between, trigger, quote, editor) =>
      `${editor}._listeners.textcontent.size > 0 && ${current} !== ${latest}${between}${trigger}(${quote}textcontent${quote}, ${editor}`,
  },
];

/** Lexical's own dist files (Lexical.dev.js, Lexical.prod.js), the only files the changes apply to. */
export const LEXICAL_DIST = /[\\/]node_modules[\\/]lexical[\\/]dist[\\/]Lexical\.(?:dev|prod)\.js$/;

export function patchLexicalRootText(code: string, file = 'Lexical'): string {
  let patched = code;
  for (const change of CHANGES) {
    const found = patched.match(change.pattern) ?? [];
    if (found.length !== 1) {
      throw new Error(
        `${file}: expected ${change.what} once, found it ${found.length} times; ` +
          'Lexical has changed, so re-check scripts/lexical-root-text.ts against it',
      );
    }
    patched = patched.replace(change.pattern, change.replace as (substring: string, ...args: string[]) => string);
  }
  return patched;
}

export function lexicalRootText(): Plugin {
  return {
    name: 'clausemark-lexical-root-text',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] as string;
      if (!LEXICAL_DIST.test(file)) return null;
      return { code: patchLexicalRootText(code, file), map: null };
    },
  };
}
