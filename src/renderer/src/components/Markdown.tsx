import type { ReactNode } from 'react';

/**
 * A small, safe subset of Markdown for label guidelines: paragraphs, bullet and numbered lists,
 * headings (shown as bold lines), **bold**, *italic*, `code` and [links](https://...). It builds React
 * elements from the text, never HTML: anything else, tags included, is shown as the text it is.
 * Links go only to http(s) and mailto addresses and open outside the app.
 */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return <div className={className ?? 'markdown'}>{blocks(text)}</div>;
}

const SAFE_URL = /^(https?:\/\/|mailto:)[^\s]+$/i;
const LIST_ITEM = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/;

function blocks(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  paragraphs.forEach((block, b) => {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) return;
    let i = 0;
    let paragraph: string[] = [];
    const flush = (): void => {
      if (paragraph.length > 0) out.push(<p key={`${b}-${i}-p`}>{inline(paragraph.join(' '))}</p>);
      paragraph = [];
    };
    while (i < lines.length) {
      const line = lines[i] as string;
      const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
      const item = LIST_ITEM.exec(line);
      if (heading) {
        flush();
        out.push(
          <p key={`${b}-${i}-h`} className="markdown-heading">
            <strong>{inline(heading[1] ?? '')}</strong>
          </p>,
        );
        i++;
      } else if (item) {
        flush();
        const ordered = item[1] !== undefined;
        const items: string[] = [];
        while (i < lines.length) {
          const m = LIST_ITEM.exec(lines[i] as string);
          if (m && (m[1] !== undefined) === ordered) items.push(m[2] ?? '');
          else if (!m && items.length > 0 && /^\s+/.test(lines[i] as string)) items[items.length - 1] += ` ${(lines[i] as string).trim()}`;
          else break;
          i++;
        }
        const children = items.map((t, k) => <li key={k}>{inline(t)}</li>);
        out.push(ordered ? <ol key={`${b}-${i}-ol`}>{children}</ol> : <ul key={`${b}-${i}-ul`}>{children}</ul>);
      } else {
        paragraph.push(line.trim());
        i++;
      }
    }
    flush();
  });
  return out;
}

// One pass over the text: the earliest of `code`, **bold**, *italic* / _italic_, [text](url).
const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*(?!\s)(.+?)\*|\b_(?!\s)(.+?)_\b|\[([^\]]+)\]\(([^)\s]+)\)/;

export function inline(text: string, depth = 0): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let key = 0;
  while (rest.length > 0) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const [whole, code, bold1, bold2, em1, em2, linkText, url] = m;
    const nested = (s: string): ReactNode[] => (depth < 4 ? inline(s, depth + 1) : [s]);
    if (code !== undefined) out.push(<code key={key++}>{code}</code>);
    else if (bold1 !== undefined || bold2 !== undefined) out.push(<strong key={key++}>{nested(bold1 ?? bold2 ?? '')}</strong>);
    else if (em1 !== undefined || em2 !== undefined) out.push(<em key={key++}>{nested(em1 ?? em2 ?? '')}</em>);
    else if (linkText !== undefined && url !== undefined) {
      out.push(
        SAFE_URL.test(url) ? (
          <a key={key++} href={url} target="_blank" rel="noopener noreferrer">
            {nested(linkText)}
          </a>
        ) : (
          whole
        ),
      );
    }
    rest = rest.slice(m.index + whole.length);
  }
  return out;
}
