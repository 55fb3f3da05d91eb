import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  joinBlocks,
  MAX_SEGMENT_CHARS,
  normalizeNewlines,
  segmentPlainText,
} from '../../../src/shared/text/segmentation.ts';
import { expectValidSegments, segmentTexts } from './invariants.ts';

describe('normalizeNewlines', () => {
  it('turns CRLF and lone CR into LF and drops a leading BOM only', () => {
    expect(normalizeNewlines('\uFEFFa\r\nb\rc\n\r\nd\uFEFF')).toBe('a\nb\nc\n\nd\uFEFF');
  });

  it('leaves every other character alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = normalizeNewlines(s);
        expect(out.includes('\r')).toBe(false);
        expect(out.replace(/\n/g, '')).toBe(s.replace(/^\uFEFF/, '').replace(/\r\n?|\n/g, ''));
      }),
    );
  });
});

describe('segmentPlainText', () => {
  it('makes one segment per non-blank line and skips lines of only spaces and no-break spaces', () => {
    const text = 'First clause.\n \u00a0 \nSecond clause.\n\n\u00a0Third clause.\u00a0\n';
    const segments = segmentPlainText(text);
    expectValidSegments(text, segments);
    expect(segmentTexts(text, segments)).toEqual(['First clause.', 'Second clause.', 'Third clause.']);
  });

  it('counts offsets in code points', () => {
    const text = '😀😀 Emoji first line here.\nNext line after 👩‍👩‍👧 family.';
    const segments = segmentPlainText(text);
    expect(segments[1]?.start).toBe([...'😀😀 Emoji first line here.\n'].length);
    expect(segmentTexts(text, segments)[1]).toBe('Next line after 👩‍👩‍👧 family.');
  });

  it('detects numbered, capitalised and title headings but not short list entries', () => {
    const text = [
      '1. Data Controller',
      'Acme Ltd is the controller of your personal information and decides how it is processed.',
      'SECURITY',
      'We protect your data with encryption and access controls in all our systems.',
      'Usage Information',
      'We collect information about how you use the service, such as pages you visit.',
      'We may contact you via:',
      'Email',
      'Phone',
      '- Product delivery',
    ].join('\n');
    const kinds = segmentPlainText(text).map((s) => s.kind);
    expect(kinds).toEqual(['heading', 'paragraph', 'heading', 'paragraph', 'heading', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'list-item']);
  });

  it('splits one enormous line at inline capitalised headings and sentence boundaries', () => {
    const sentence = 'We may share your information with service providers who help us run our shop. ';
    const text = `PRIVACY POLICY This policy explains what we do. WE COLLECT INFORMATION ABOUT YOU. ${sentence.repeat(60)}SECURITY We use standard security measures. ${sentence.repeat(5)}`;
    const segments = segmentPlainText(text);
    expectValidSegments(text, segments);
    const texts = segmentTexts(text, segments);
    expect(texts[0]).toBe('PRIVACY POLICY');
    expect(segments[0]?.kind).toBe('heading');
    expect(texts[1]).toBe('This policy explains what we do.');
    expect(texts[2]).toBe('WE COLLECT INFORMATION ABOUT YOU.');
    expect(texts).toContain('SECURITY');
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(MAX_SEGMENT_CHARS);
    // Every segment ends at a sentence end: nothing is cut mid-sentence.
    for (const [i, t] of texts.entries()) if (segments[i]?.kind === 'paragraph') expect(t).toMatch(/\.$/);
  });

  it('keeps a single sentence longer than the limit whole', () => {
    const text = `${'word '.repeat(600)}end.`;
    expect(segmentTexts(text, segmentPlainText(text))).toEqual([text]);
  });

  it('joins the lines of a hard-wrapped paragraph into one segment', () => {
    const paragraph = (n: number): string =>
      Array.from({ length: n }, (_, i) => `line ${i} of a paragraph that has been wrapped by an old editor at`).join('\n') + ' the end.';
    const text = `${paragraph(4)}\n\n${paragraph(3)}\n\n${paragraph(5)}\n`;
    const segments = segmentPlainText(text);
    expectValidSegments(text, segments);
    expect(segments).toHaveLength(3);
    expect(segmentTexts(text, segments)[1]).toBe(paragraph(3));
  });

  it('reads Markdown headings, list items and multi-line paragraphs', () => {
    const text = '# Privacy\n\nWe collect\nyour e-mail address.\n\n## Your rights\n\n- access\n- deletion\n1. first\n';
    const segments = segmentPlainText(text, { markdown: true });
    expectValidSegments(text, segments);
    expect(segments.map((s) => s.kind)).toEqual(['heading', 'paragraph', 'heading', 'list-item', 'list-item', 'list-item']);
    expect(segmentTexts(text, segments)[1]).toBe('We collect\nyour e-mail address.');
  });

  it('gives valid code-point ranges for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '\u00a0', '\n', '.', '😀', 'É', 'e\u0301', '1', '#', '-', 'WE ', 'X. ') , maxLength: 400 }), fc.boolean(), (s, markdown) => {
        expectValidSegments(s, segmentPlainText(s, { markdown, maxChars: 40 }));
      }),
      { numRuns: 300 },
    );
  });

  it('covers every non-space character of any text exactly once', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        const text = normalizeNewlines(s);
        const covered = segmentTexts(text, segmentPlainText(text, { maxChars: 30 })).join('').replace(/\s/g, '');
        expect(covered).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('joinBlocks', () => {
  it('joins blocks with a blank line and keeps their kinds', () => {
    const { text, segments } = joinBlocks([
      { text: '  Title ', kind: 'heading' },
      { text: '', kind: 'paragraph' },
      { text: 'Body with\u00a0no-break space.', kind: 'paragraph' },
      { text: 'item', kind: 'list-item' },
    ]);
    expect(text).toBe('Title\n\nBody with\u00a0no-break space.\n\nitem');
    expectValidSegments(text, segments);
    expect(segments.map((s) => s.kind)).toEqual(['heading', 'paragraph', 'list-item']);
  });

  it('splits long paragraphs but keeps blocks marked whole', () => {
    const long = 'This sentence is about forty characters. '.repeat(100).trim();
    const { text, segments } = joinBlocks([
      { text: long, kind: 'paragraph' },
      { text: long, kind: 'paragraph', whole: true },
    ]);
    expectValidSegments(text, segments);
    expect(segments.length).toBeGreaterThan(3);
    const last = segments[segments.length - 1];
    expect(last && last.end - last.start).toBe(long.length);
  });
});
