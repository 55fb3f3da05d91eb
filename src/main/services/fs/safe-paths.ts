/**
 * Which folders Clausemark may use. Kernel file systems (procfs, sysfs...) look like folders but hold
 * no files: Node's recursive mkdir loops forever on procfs (mkdir answers ENOENT, the parent exists,
 * it retries), and walking /proc or /sys for files to import never ends. System folders are refused
 * too: a project or an import there is always a mistake. Every check here answers at once.
 */
import { mkdir, realpath, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/result.ts';

/** Linux statfs f_type values of file systems that are kernel interfaces, not storage. */
const SPECIAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0x19800202, 'mqueue'],
  [0xde5e81e4, 'efivarfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0xf97cff8c, 'selinuxfs'],
  [0x6e736673, 'nsfs'],
  [0x958458f6, 'hugetlbfs'],
]);

/** Folders whose whole tree belongs to the operating system. */
const POSIX_SYSTEM_TREES = ['/proc', '/sys', '/dev', '/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/boot'];
const MACOS_SYSTEM_TREES = ['/System', '/Library', '/private/etc', '/cores'];
/** Folders that hold other people's folders or the whole disk: never a project themselves. */
const POSIX_SYSTEM_ROOTS = ['/', '/home'];
const MACOS_SYSTEM_ROOTS = ['/Users', '/Volumes', '/private', '/private/var'];

/** Windows device names: "C:\\Policies\\NUL" is the null device, whatever folder it seems to be in. */
const WINDOWS_DEVICE_NAME = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)(?:\..*)?$/i;

const within = (p: path.PlatformPath, folder: string, tree: string, caseless: boolean): boolean => {
  const a = caseless ? folder.toLowerCase() : folder;
  const b = caseless ? tree.toLowerCase() : tree;
  const rel = p.relative(b, a);
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
};

const sameFolder = (p: path.PlatformPath, a: string, b: string, caseless: boolean): boolean =>
  caseless ? p.resolve(a).toLowerCase() === p.resolve(b).toLowerCase() : p.resolve(a) === p.resolve(b);

function windowsProblem(folder: string, env: NodeJS.ProcessEnv): string | null {
  const p = path.win32;
  if (/^[\\/]{2}[.?][\\/]/.test(folder)) return 'is a Windows device path, not a folder';
  const full = p.resolve(folder);
  if (p.parse(full).root === full) return 'is the top of a drive';
  if (full.split(/[\\/]/).some((part) => WINDOWS_DEVICE_NAME.test(part.trim()))) return 'names a Windows device, not a folder';
  const systemRoot = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
  const trees = [systemRoot, env.ProgramFiles ?? 'C:\\Program Files', env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)', env.ProgramData ?? 'C:\\ProgramData'];
  if (trees.some((tree) => within(p, full, tree, true))) return 'is a Windows system folder';
  if (sameFolder(p, full, p.join(p.parse(full).root, 'Users'), true)) return 'holds every user’s folders';
  return null;
}

/**
 * Why `folder` (an absolute path) may not be used, or null when it may. Pure, so each platform's
 * rules are tested everywhere.
 */
export function systemFolderProblem(folder: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string | null {
  if (platform === 'win32') return windowsProblem(folder, env);
  const p = path.posix;
  const full = p.resolve(folder);
  const mac = platform === 'darwin';
  const trees = mac ? [...POSIX_SYSTEM_TREES, ...MACOS_SYSTEM_TREES] : POSIX_SYSTEM_TREES;
  const tree = trees.find((t) => within(p, full, t, mac));
  if (tree) return `is inside ${tree}, which belongs to the operating system`;
  const roots = mac ? [...POSIX_SYSTEM_ROOTS, ...MACOS_SYSTEM_ROOTS] : POSIX_SYSTEM_ROOTS;
  if (roots.some((r) => sameFolder(p, full, r, mac))) return full === '/' ? 'is the top of the disk' : 'is a system folder';
  return null;
}

const isErrno = (error: unknown, ...codes: string[]): boolean => codes.includes((error as NodeJS.ErrnoException | null)?.code ?? '');

/** The deepest existing folder on the way to `folder` (itself if it exists), and the names below it. */
async function existingAncestor(folder: string): Promise<{ existing: string; missing: string[] }> {
  let existing = folder;
  const missing: string[] = [];
  for (;;) {
    try {
      await stat(existing);
      return { existing, missing };
    } catch (error) {
      const parent = path.dirname(existing);
      if (!isErrno(error, 'ENOENT', 'ENOTDIR') || parent === existing) return { existing, missing };
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** The name of the kernel file system `existing` is on, or null for ordinary storage (and where statfs says nothing). */
async function specialFileSystem(existing: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  try {
    return SPECIAL_FILE_SYSTEMS.get((await statfs(existing)).type) ?? null;
  } catch {
    return null;
  }
}

/**
 * Why `folder` may not be used ("is inside /proc, which belongs to the operating system"), or null:
 * a system folder, one that leads into a system folder through a link, or one on a kernel file
 * system. The folder need not exist yet.
 */
export async function folderProblem(folder: string): Promise<string | null> {
  const full = path.resolve(folder);
  const direct = systemFolderProblem(full);
  if (direct) return direct;
  const { existing, missing } = await existingAncestor(full);
  const real = await realpath(existing).catch(() => existing);
  const linked = systemFolderProblem(path.join(real, ...missing));
  if (linked) return linked.replace(/^is /, 'is, through a link, ');
  const fileSystem = await specialFileSystem(existing);
  if (fileSystem) return `is on the ${fileSystem} file system, which shows the operating system's workings and holds no files`;
  return null;
}

/** Throws INVALID_INPUT when folderProblem finds one; `purpose` completes "Clausemark cannot ... there". */
export async function refuseSystemFolder(folder: string, purpose: string): Promise<void> {
  const problem = await folderProblem(folder);
  if (problem) {
    throw new AppError(
      'INVALID_INPUT',
      `${path.resolve(folder)} ${problem}, so Clausemark cannot ${purpose} there. Choose a folder of your own, such as one in your home folder.`,
    );
  }
}

/**
 * Creates `folder` and any missing parents one mkdir at a time, without Node's recursive mkdir (which
 * loops forever on procfs). An existing folder is fine; a file in the way is reported.
 */
export async function makeFolder(folder: string): Promise<void> {
  const full = path.resolve(folder);
  const { existing, missing } = await existingAncestor(full);
  let current = existing;
  if (!(await stat(current)).isDirectory()) throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' });
  for (const name of missing) {
    current = path.join(current, name);
    try {
      await mkdir(current);
    } catch (error) {
      // Made meanwhile by someone else: fine if it is a folder.
      if (!isErrno(error, 'EEXIST') || !(await stat(current)).isDirectory()) throw error;
    }
  }
}
