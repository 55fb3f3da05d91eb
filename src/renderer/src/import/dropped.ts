import type { PickedFile } from './files.ts';

const readBatch = (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => reader.readEntries(resolve, reject));

const fileOf = (entry: FileSystemFileEntry): Promise<File> =>
  new Promise((resolve, reject) => entry.file(resolve, reject));

async function walk(entry: FileSystemEntry, into: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    into.push({ name: entry.fullPath.replace(/^\//, ''), file: await fileOf(entry as FileSystemFileEntry) });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in slices (about 100 entries in Chromium) until it answers an empty one.
  for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
    for (const child of batch) await walk(child, into);
  }
}

/**
 * The files (and the files inside folders, recursively) of a drop. Entries must be taken while the
 * drop event is being dispatched: the DataTransfer is emptied once the handler returns.
 */
export function collectDropped(dataTransfer: DataTransfer): Promise<PickedFile[]> {
  const roots: FileSystemEntry[] = [];
  const loose: PickedFile[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) roots.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push({ name: file.name, file });
    }
  }
  return (async () => {
    const files = [...loose];
    for (const root of roots) await walk(root, files);
    return files;
  })();
}
