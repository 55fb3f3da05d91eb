import { askForProject, forgetRecentProject, openRecentProject, openSampleProject } from '../actions/project.ts';
import { useAppStore } from '../stores/app.ts';

export function StartScreen() {
  const recent = useAppStore((state) => state.settings?.recentProjects ?? []);
  const busy = useAppStore((state) => state.busy);
  return (
    <section className="start" aria-labelledby="start-title">
      <h1 id="start-title">Projects</h1>
      <p className="lead">
        A project is a folder holding the policies you review and your annotations. It never leaves this computer.
      </p>
      <div className="actions">
        <button type="button" className="button primary" disabled={busy} onClick={() => void askForProject('create')}>
          New project…
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          aria-keyshortcuts="Control+O Meta+O"
          onClick={() => void askForProject('open')}
        >
          Open project…
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void openSampleProject()}>
          Open sample project
        </button>
      </div>
      <h2 className="section-title">Recent projects</h2>
      {recent.length === 0 ? (
        <p className="muted">Projects you open will be listed here.</p>
      ) : (
        <ul className="recent-list" aria-label="Recent projects">
          {recent.map((project) => (
            <li key={project.dir} className="recent-item">
              <button
                type="button"
                className="recent-open"
                disabled={busy}
                onClick={() => void openRecentProject(project.dir)}
              >
                <span className="recent-name">{project.name}</span>
                <span className="recent-dir">{project.dir}</span>
              </button>
              <button
                type="button"
                className="button small quiet"
                aria-label={`Forget ${project.name} (the folder is kept)`}
                title="Remove from this list; the folder is kept"
                onClick={() => void forgetRecentProject(project.dir)}
              >
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
