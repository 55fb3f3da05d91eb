import { useEffect } from 'react';
import type { MenuCommand } from '../../shared/api/contract.ts';
import { hasUnsavedCommands } from './actions/annotations.ts';
import { showDatasetImport } from './actions/dataset-import.ts';
import { chooseImportFiles, chooseImportFolder } from './actions/import.ts';
import { askForProject, openRecentProject } from './actions/project.ts';

/** The desktop menu runs the same actions as the buttons. */
export function runMenuCommand(command: MenuCommand): void {
  switch (command.type) {
    case 'new-project':
      return void askForProject('create');
    case 'open-project':
      return void askForProject('open');
    case 'open-recent':
      return void openRecentProject(command.dir);
    case 'import-files':
      return void chooseImportFiles();
    case 'import-folder':
      return void chooseImportFolder();
    case 'import-annotations':
      return showDatasetImport('annotations');
    case 'import-opp115':
      return showDatasetImport('opp115');
  }
}

export function useDesktopMenu(): void {
  useEffect(() => window.clausemarkMenu?.onCommand(runMenuCommand), []);
}

/** Ctrl/Cmd+O opens a project, Ctrl/Cmd+I imports files; the actions ignore them while a dialog is up. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = navigator.platform.startsWith('Mac') ? event.metaKey : event.ctrlKey;
      if (!mod || event.shiftKey || event.altKey || event.repeat) return;
      const key = event.key.toLowerCase();
      if (key === 'o') {
        event.preventDefault();
        void askForProject('open');
      } else if (key === 'i') {
        event.preventDefault();
        void chooseImportFiles();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** A file dropped outside the project view would otherwise replace the app with the file itself. */
export function useNoDropNavigation(): void {
  useEffect(() => {
    const refuse = (event: DragEvent) => {
      if (event.defaultPrevented || !event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);
}

/**
 * Closing the window (or reloading the page) while edits are not saved yet asks first: the browser
 * shows its "Leave?" question, the desktop app its own (window.ts). Saved edits never hold it.
 */
export function useUnsavedEditsGuard(): void {
  useEffect(() => {
    const hold = (event: BeforeUnloadEvent) => {
      if (!hasUnsavedCommands()) return;
      event.preventDefault();
      // Older Chromium asks only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', hold);
    return () => window.removeEventListener('beforeunload', hold);
  }, []);
}
