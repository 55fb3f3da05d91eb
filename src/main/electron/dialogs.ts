import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { DialogHost } from '../services/app/app.ts';

/** The formats the import pipeline reads; the services still check every file they are given. */
const IMPORT_EXTENSIONS = ['txt', 'md', 'html', 'htm', 'pdf', 'docx'];

/** Native open dialogs, sheet-attached to the app window when there is one. */
export function createDialogHost(parentWindow: () => BrowserWindow | null): DialogHost {
  const pick = async (options: OpenDialogOptions): Promise<string[] | null> => {
    const parent = parentWindow();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
  };

  return {
    async pickProjectFolder(purpose) {
      const picked =
        purpose === 'create'
          ? await pick({
              title: 'Choose a folder for the new project',
              buttonLabel: 'Create Project',
              properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
            })
          : await pick({ title: 'Open a project', buttonLabel: 'Open Project', properties: ['openDirectory'] });
      return picked?.[0] ?? null;
    },
    pickImportFiles() {
      return pick({
        title: 'Import policies',
        buttonLabel: 'Import',
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: 'Policies (text, Markdown, HTML, PDF, Word)', extensions: IMPORT_EXTENSIONS }],
      });
    },
    async pickImportFolder() {
      const picked = await pick({ title: 'Import a folder of policies', buttonLabel: 'Import', properties: ['openDirectory'] });
      return picked?.[0] ?? null;
    },
    async pickAnnotationFile() {
      const picked = await pick({
        title: 'Import annotations',
        buttonLabel: 'Choose',
        properties: ['openFile'],
        filters: [
          { name: 'Annotation files (JSONL, JSON)', extensions: ['jsonl', 'json'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return picked?.[0] ?? null;
    },
    async pickExportTarget(defaultPath, folder) {
      const options: SaveDialogOptions = {
        title: folder ? 'Export the dataset folder' : 'Export dataset',
        buttonLabel: 'Export Here',
        defaultPath,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const parent = parentWindow();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
