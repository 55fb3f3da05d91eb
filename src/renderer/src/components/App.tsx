import { useEffect } from 'react';
import { startUp } from '../actions/project.ts';
import { useAppStore } from '../stores/app.ts';
import { useDesktopMenu, useNoDropNavigation, useShortcuts, useUnsavedEditsGuard } from '../commands.ts';
import { AlertBanner } from './AlertBanner.tsx';
import { ProjectPathDialog } from './ProjectPathDialog.tsx';
import { ProjectView } from './ProjectView.tsx';
import { ReviewerNameDialog } from './ReviewerNameDialog.tsx';
import { StartScreen } from './StartScreen.tsx';
import { TaxonomyEditor } from './TaxonomyEditor.tsx';
import { useTaxonomyStore } from '../stores/taxonomy.ts';
import { TopBar } from './TopBar.tsx';
import { Workspace } from '../workspace/Workspace.tsx';

export function App() {
  const phase = useAppStore((state) => state.phase);
  const hasProject = useAppStore((state) => state.project !== null);
  const reading = useAppStore((state) => state.readingDocumentId !== null);
  const dialog = useAppStore((state) => state.dialog);
  const editingTaxonomy = useTaxonomyStore((state) => state.open);

  useEffect(() => {
    void startUp();
  }, []);
  useShortcuts();
  useDesktopMenu();
  useNoDropNavigation();
  useUnsavedEditsGuard();

  return (
    <div className="app">
      <TopBar />
      <main className={reading && hasProject && !editingTaxonomy ? 'main main-workspace' : 'main'}>
        <AlertBanner />
        {phase === 'loading' && <p className="loading">Opening Clausemark…</p>}
        {phase === 'failed' && (
          <div className="start">
            <p>Clausemark could not reach its local service.</p>
            <button type="button" className="button primary" onClick={() => void startUp()}>
              Try again
            </button>
          </div>
        )}
        {phase === 'ready' && (hasProject ? editingTaxonomy ? <TaxonomyEditor /> : reading ? <Workspace /> : <ProjectView /> : <StartScreen />)}
      </main>
      {dialog?.kind === 'reviewer-name' && <ReviewerNameDialog firstRun={dialog.firstRun} />}
      {dialog?.kind === 'project-path' && <ProjectPathDialog key={dialog.purpose} purpose={dialog.purpose} />}
    </div>
  );
}
