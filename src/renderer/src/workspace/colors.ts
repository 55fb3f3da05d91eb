import type { Label } from '../../../shared/domain/taxonomy.ts';

const FALLBACK = '#9aa3ad';

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The label's colour as a translucent highlight behind text. */
export function highlight(hex: string, alpha = 0.42): string {
  const [r, g, b] = channels(hex);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** A darker shade of the label's colour for underlines and chips, readable on white. */
export function ink(hex: string): string {
  const [r, g, b] = channels(hex).map((c) => Math.round(c * 0.55)) as [number, number, number];
  return `rgb(${r}, ${g}, ${b})`;
}

export function colorOf(labels: readonly Label[], name: string): string {
  return labels.find((l) => l.name === name)?.color ?? FALLBACK;
}

/**
 * How a mark covered by several labels looks: the first label's highlight behind the text, and one
 * underline per label stacked below it, so every label's colour shows.
 */
export function markStyle(colors: readonly string[]): { background: string; boxShadow: string } {
  const first = colors[0] ?? FALLBACK;
  const shadows = colors.map((c, i) => `inset 0 -${(i + 1) * 3}px 0 ${ink(c)}`);
  return {
    background: colors.length > 1 ? highlight(first, 0.32) : highlight(first),
    boxShadow: shadows.reverse().join(', '),
  };
}

/** The segment gutter: one stripe per label of the segment's whole-segment annotations. */
export function gutterStyle(colors: readonly string[]): string {
  if (colors.length === 0) return 'none';
  const step = 100 / colors.length;
  const stops = colors.map((c, i) => `${ink(c)} ${i * step}% ${(i + 1) * step}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/**
 * One CSS rule per combination of label colours, in a constructed style sheet (CSSOM, which the strict
 * CSP allows): a mark then costs one class, not five inline style writes, which counts at 5,000 marks.
 */
export class MarkStyleSheet {
  private readonly sheet = new CSSStyleSheet();
  private readonly classes = new Map<string, string>();

  /** Rules for every single label are made up front: a rule added later restyles the whole document. */
  constructor(
    singleColors: readonly string[],
    private readonly doc: Document = document,
  ) {
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, this.sheet];
    for (const color of singleColors) this.classFor([color]);
  }

  classFor(colors: readonly string[]): string {
    const key = colors.join(',');
    let name = this.classes.get(key);
    if (!name) {
      name = `hl-c${this.classes.size}`;
      const style = markStyle(colors);
      const pad = Math.max(0, colors.length - 1) * 3;
      this.sheet.insertRule(`mark.hl.${name} { background: ${style.background}; box-shadow: ${style.boxShadow}; padding-bottom: ${pad}px; }`, this.sheet.cssRules.length);
      this.classes.set(key, name);
    }
    return name;
  }

  dispose(): void {
    this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }
}
