/**
 * Finds code that reaches outside the checkout (into a folder beside it, say), which works on one machine
 * and fails on every fresh clone. A path is judged the way code uses it: relative to the file (imports,
 * new URL(path, import.meta.url), join(import.meta.dirname, ...)) or relative to the working directory,
 * which npm scripts, tests and the CI script set to the checkout's root. Comments are read as code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface Reach {
  file: string;
  line: number;
  text: string;
  why: string;
}

/** What is scanned: code, tests, benches, scripts, the CI script and the configuration files at the root. */
const FOLDERS = ['src', 'test', 'bench', 'scripts', 'bin', '.ci'];
const CODE = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '.sh', '']);
const SKIP = new Set(['node_modules', 'out', 'dist', 'generated', 'opp115-sample', 'test-results', 'playwright-report']);

export function filesToScan(root: string): string[] {
  const files = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isFile() && CODE.has(extname(entry.name)) && entry.name !== 'package-lock.json' && !entry.name.startsWith('.'))
    .map((entry) => join(root, entry.name));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && CODE.has(extname(entry.name))) files.push(path);
    }
  };
  for (const folder of FOLDERS) if (existsSync(join(root, folder))) walk(join(root, folder));
  return files;
}

const outside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
};

// A quoted path that starts by going up, in any quotes, with either slash.
const UP_LITERAL = /(['"`])((?:\.\.[\\/])+[^'"`\s]*)\1/g;
// The same as the first argument of a path or file function, which reads it from the working directory.
const CWD_CALLS = 'resolve|join|normalize|readFile|readFileSync|readdir|readdirSync|existsSync|stat|statSync|access|accessSync|opendir|createReadStream|cp|cpSync|copyFile|copyFileSync|glob';
const UP_LITERAL_FROM_CWD = new RegExp(`(?:\\b(?:${CWD_CALLS})\\(|process\\.cwd\\(\\),)\\s*(['"\`])((?:\\.\\.[\\\\/])+[^'"\`\\s]*)\\1`, 'g');
// Going up by path segments from this file's folder, from the working directory, or from resolve's default.
const UP_SEGMENTS =
  /(import\.meta\.dirname|__dirname|dirname\(fileURLToPath\(import\.meta\.url\)\)|process\.cwd\(\)|\bresolve\()((?:\s*,?\s*(['"])\.\.\3)+)/g;
// A path going up from the working directory in a shell line or an npm script.
const UP_WORD = /(?:^|[\s'"=:(])((?:\.\.[\\/])+[^\s'"`)]*)/g;
// The folder that held the samples beside the checkout, by any route.
const SHARED_DATA = /(?<!src[\\/])\bshared[\\/](?:samples|fixtures)\b/g;

/** Every place in `text` (the contents of `file`, in the checkout at `root`) that reaches outside the checkout. */
export function reachesOutside(root: string, file: string, text: string): Reach[] {
  const reaches: Reach[] = [];
  const dir = dirname(file);
  const isScript = !/\.[cm]?[jt]sx?$/.test(file);
  text.split('\n').forEach((content, index) => {
    const report = (why: string): void => void reaches.push({ file: relative(root, file), line: index + 1, text: content.trim(), why });
    if (isScript) {
      for (const [, path = ''] of content.matchAll(UP_WORD)) {
        if (outside(root, resolve(root, path))) report(`${path} leaves the checkout`);
      }
    } else {
      for (const [, , path = ''] of content.matchAll(UP_LITERAL)) {
        if (outside(root, resolve(dir, path))) report(`${path} leaves the checkout from ${relative(root, dir) || '.'}`);
      }
      for (const [, , path = ''] of content.matchAll(UP_LITERAL_FROM_CWD)) {
        if (outside(root, resolve(root, path))) report(`${path} leaves the checkout from its root, the working directory`);
      }
      for (const [, base = '', ups = ''] of content.matchAll(UP_SEGMENTS)) {
        const from = base.includes('dirname') ? dir : root;
        const count = ups.match(/\.\./g)?.length ?? 0;
        if (outside(root, resolve(from, ...Array<string>(count).fill('..')))) report(`${count} × '..' from ${relative(root, from) || '.'} leaves the checkout`);
      }
    }
    for (const [match] of content.matchAll(SHARED_DATA)) report(`${match} is the folder beside the checkout`);
  });
  return reaches;
}

export function reachesOutsideCheckout(root: string): Reach[] {
  return filesToScan(root).flatMap((file) => reachesOutside(root, file, readFileSync(file, 'utf8')));
}
