import { useEffect, useRef } from 'react';
import { $createParagraphNode, $createTextNode, $getRoot, type EditorThemeClasses } from 'lexical';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import type { ClausemarkDocument } from '../../../shared/domain/document.ts';
import { CodePointIndex } from '../../../shared/text/codepoints.ts';
import { closeReading } from '../actions/project.ts';
import { useReadingStore } from '../stores/reading.ts';

const count = new Intl.NumberFormat();

/** Heading segments are written as bold text: the theme's bold class is the heading style. */
const theme: EditorThemeClasses = {
  paragraph: 'segment',
  text: { bold: 'segment-heading' },
};

/** One paragraph per segment, built in a single update from the document held in the store. */
function buildSegments(document: ClausemarkDocument): () => void {
  return () => {
    const text = new CodePointIndex(document.text);
    const root = $getRoot();
    for (const segment of document.segments) {
      const paragraph = $createParagraphNode();
      const node = $createTextNode(text.slice(segment.start, segment.end));
      if (segment.kind === 'heading') node.toggleFormat('bold');
      paragraph.append(node);
      root.append(paragraph);
    }
  };
}

function DocumentText({ document }: { document: ClausemarkDocument }) {
  return (
    <LexicalComposer
      initialConfig={{
        namespace: 'clausemark-reading',
        editable: false,
        theme,
        editorState: buildSegments(document),
        onError: (error) => {
          throw error;
        },
      }}
    >
      <RichTextPlugin
        contentEditable={<ContentEditable className="reading-text" aria-label={`Text of ${document.title}`} />}
        ErrorBoundary={LexicalErrorBoundary}
      />
    </LexicalComposer>
  );
}

export function ReadingView() {
  const document = useReadingStore((state) => state.document);
  const error = useReadingStore((state) => state.error);
  const back = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    back.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !window.document.querySelector('dialog[open]')) closeReading();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <section className="reading" aria-labelledby="reading-title">
      <header className="reading-header">
        <button ref={back} type="button" className="button small" onClick={closeReading}>
          ← Documents
        </button>
        <div className="reading-heading">
          <h1 id="reading-title">{document?.title ?? 'Opening document…'}</h1>
          {document && (
            <p className="muted">
              {document.source.fileName} · {count.format(document.segments.length)} segments · read-only
            </p>
          )}
        </div>
      </header>
      {error && (
        <div className="alert" role="alert">
          <p className="alert-text">{error}</p>
        </div>
      )}
      {document && <DocumentText key={document.id} document={document} />}
    </section>
  );
}
