import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnnotationTable, type ExportedAnnotation } from '../../../src/main/services/export/annotation-table.ts';
import { fieldText, lineFields, scanAnnotationLine } from '../../../src/main/services/export/line-scan.ts';
import { readLine, useLineParser } from '../../../src/main/services/export/log-index.ts';
import { parseLine } from '../../../src/main/services/annotations/log.ts';
import { notStringified, rowAnnotation } from './export-rows.ts';

useLineParser(parseLine);

/**
 * A line the scan accepted, as the export's second pass reads it: located in a table row (written
 * again from JSON.parse's annotation when its strings are not as JSON.stringify writes them), read
 * back; and the strings a record copies from it, not as JSON.stringify writes them (none, always).
 */
function secondPass(buffer: Buffer, start: number, end: number): { annotation: ExportedAnnotation; notStringified: string[] } {
  const table = new AnnotationTable();
  table.room(buffer.length);
  buffer.copy(table.bytes);
  table.used = buffer.length;
  const row = table.addRows(1);
  const found = table.locate(row, start, end, false);
  expect(found).toBeGreaterThanOrEqual(0);
  if (found === 0) table.write(row, (JSON.parse(buffer.toString('utf8', start, end)) as { annotation: ExportedAnnotation }).annotation);
  return { annotation: rowAnnotation(table, row), notStringified: notStringified(table, row) };
}

const at = '2026-01-01T00:00:00.000Z';

/** Mostly what the schema accepts, sometimes what it does not. */
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 });

/** Strings of any code units (lone surrogates, controls, quotes, backslashes), and near the schema's limits. */
const text = (min: number, max: number): fc.Arbitrary<string> =>
  mostly(
    fc.oneof(
      fc.string({ minLength: min, maxLength: 12 }),
      fc.string({ unit: 'binary', minLength: min, maxLength: 12 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), minLength: min, maxLength: 8 }),
      fc.constantFrom('Ana Müller', 'a"b\\c', 'é😀', '\u2028', 'x'.repeat(max), 'é'.repeat(Math.floor(max / 2))),
    ),
    fc.constantFrom('', 'x'.repeat(max + 1), 'é'.repeat(Math.ceil(max / 2) + 1), '😀'.repeat(Math.ceil(max / 4) + 1)),
  );
const id = mostly(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.constantFrom('', 'x y', 'a'.repeat(65), 'é', '__proto__', 'constructor'));
const documentId = mostly(fc.stringMatching(/^[a-z0-9-]{1,20}$/), fc.constantFrom('', 'D1', 'd_1', 'd'.repeat(201)));
const offset = mostly(fc.oneof(fc.nat(2_000), fc.constant(1_000_000_000)), fc.constantFrom(1_000_000_001, -1, 0.5, 1e21));
const span = fc.record({ start: offset, end: offset, quote: text(0, 20) });
const target = fc.oneof(
  span.map((s) => ({ type: 'span', ...s })),
  fc.record({ type: fc.constant('segment'), segment: mostly(fc.oneof(fc.nat(20), fc.constant(10_000_000)), fc.constantFrom(10_000_001, -1, 1.5)) }),
);
const attributeValue = fc.oneof(
  fc.record({ value: text(1, 500) }),
  fc.record({ value: text(1, 500), evidence: fc.array(span, { maxLength: 3 }) }),
);
const attributes = fc.oneof(
  fc.constant({}),
  fc.dictionary(mostly(text(1, 200), fc.constant('__proto__')), fc.array(attributeValue, { minLength: 1, maxLength: 3 }), { maxKeys: 3 }),
  fc.constant({ P: [] }),
  // An own "__proto__" key, as JSON.parse makes one.
  fc.constant(JSON.parse('{"__proto__":[{"value":"v"}]}') as object),
);

/** An annotation record with its keys in the order the app writes them; some fields invalid. */
const record = fc
  .record({
    id,
    documentId,
    reviewer: text(1, 120),
    target,
    label: text(1, 200),
    attributes,
    note: text(0, 20),
    origin: mostly(fc.constantFrom('manual', 'imported', 'suggested'), fc.constantFrom('robot', 'Manual')),
    example: mostly<boolean | string | undefined>(fc.constantFrom(undefined, true, false), fc.constant('yes')),
    createdAt: mostly(fc.constant(at), fc.constantFrom('', 'x'.repeat(65))),
    updatedAt: mostly(fc.constant(at), fc.constant('')),
  })
  .map(({ example, createdAt, updatedAt, ...rest }) => ({
    formatVersion: 2,
    kind: 'annotation',
    annotation: { ...rest, ...(example === undefined ? {} : { example }), createdAt, updatedAt },
  }));

/** Any byte but a newline, often one JSON treats specially. */
const byte = fc.oneof(fc.integer({ min: 0, max: 255 }).filter((b) => b !== 10), fc.constantFrom(0x00, 0x1f, 0x20, 0x22, 0x2c, 0x30, 0x39, 0x5c, 0x7b, 0x7d, 0x80, 0xc3, 0xff));

/** A line's bytes, perhaps changed: a byte replaced, removed or added (any byte but a newline). */
const lineBytes = fc
  .tuple(
    record,
    mostly<[string, number, number][]>(
      fc.constant([]),
      fc.array(fc.tuple(fc.constantFrom('replace', 'remove', 'insert'), fc.nat(), byte), { minLength: 1, maxLength: 2 }),
    ),
  )
  .map(([r, changes]) => {
    const bytes = [...Buffer.from(JSON.stringify(r), 'utf8')];
    for (const [change, where, byte] of changes) {
      const i = where % (bytes.length + 1);
      if (change === 'replace' && i < bytes.length) bytes[i] = byte;
      if (change === 'remove') bytes.splice(i, 1);
      if (change === 'insert') bytes.splice(i, 0, byte);
    }
    return Buffer.from(bytes);
  });

describe('the byte-level scan of annotation lines', () => {
  it('accepts a line only when readLine does, with the same id, document, reviewer and label', () => {
    let accepted = 0;
    fc.assert(
      fc.property(lineBytes, fc.nat(3), (bytes, pad) => {
        // The line at some offset in a larger buffer, as the first pass reads it.
        const buffer = Buffer.concat([Buffer.alloc(pad, 0x7b), bytes, Buffer.alloc(pad, 0x7d)]);
        const fields = lineFields();
        if (!scanAnnotationLine(buffer, pad, pad + bytes.length, fields)) return;
        accepted++;
        const read = readLine(bytes.toString('utf8'));
        expect(read).toHaveProperty('record');
        const a = (read as { record: { kind: string; annotation: Record<string, unknown> } }).record;
        expect(a.kind).toBe('annotation');
        expect(buffer.toString('latin1', fields.idStart, fields.idEnd)).toBe(a.annotation.id);
        expect(buffer.toString('latin1', fields.documentStart, fields.documentEnd)).toBe(a.annotation.documentId);
        expect(fieldText(buffer, fields.reviewerStart, fields.reviewerEnd, fields.reviewerEscaped)).toBe(a.annotation.reviewer);
        expect(fieldText(buffer, fields.labelStart, fields.labelEnd, fields.labelEscaped)).toBe(a.annotation.label);
        // The second pass reads the same line as JSON.parse does, keys in the same order, and copies only JSON.stringify's bytes.
        const { id, reviewer, target, label, attributes, note } = (JSON.parse(bytes.toString('utf8')) as { annotation: ExportedAnnotation }).annotation;
        const read2 = secondPass(buffer, pad, pad + bytes.length);
        expect(JSON.stringify(read2.annotation)).toBe(JSON.stringify({ id, reviewer, target, label, attributes, note }));
        expect(read2.notStringified).toEqual([]);
      }),
      { numRuns: 5000 },
    );
    // The check above means something only if the scan accepts lines.
    expect(accepted).toBeGreaterThan(250);
  });

  it('reads the lines the app writes: attributes with evidence, notes, escapes and bytes that are not UTF-8', () => {
    const annotation = {
      id: 'a_1-B',
      documentId: 'd-1',
      reviewer: 'Ana "A" Müller \\ 😀',
      target: { type: 'span', start: 3, end: 10, quote: 'e-mail 📧\n"x"' },
      label: 'First Party Collection/Use',
      attributes: { 'Personal Information Type': [{ value: 'Contact', evidence: [{ start: 3, end: 4, quote: 'e' }] }, { value: 'Other' }], Purpose: [{ value: 'Advertising', evidence: [] }] },
      note: 'tab\there, \u0001',
      origin: 'imported',
      example: true,
      createdAt: at,
      updatedAt: at,
    };
    const lines = [
      JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation }),
      JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation: { ...annotation, target: { type: 'segment', segment: 0 }, example: false, attributes: {} } }),
    ];
    const notUtf8 = Buffer.from(lines[1] as string, 'utf8');
    // A byte that is not UTF-8 in the reviewer's name: JSON.parse reads U+FFFD there.
    notUtf8[notUtf8.indexOf('Ana') + 1] = 0xff;
    for (const bytes of [...lines.map((l) => Buffer.from(l, 'utf8')), notUtf8]) {
      const fields = lineFields();
      expect(scanAnnotationLine(bytes, 0, bytes.length, fields)).toBe(true);
      const read = readLine(bytes.toString('utf8')) as { record: { annotation: { reviewer: string; label: string } } };
      expect(fieldText(bytes, fields.reviewerStart, fields.reviewerEnd, fields.reviewerEscaped)).toBe(read.record.annotation.reviewer);
      expect(fieldText(bytes, fields.labelStart, fields.labelEnd, fields.labelEscaped)).toBe(read.record.annotation.label);
      const { id, reviewer, target, label, attributes, note } = (JSON.parse(bytes.toString('utf8')) as { annotation: ExportedAnnotation }).annotation;
      const read2 = secondPass(bytes, 0, bytes.length);
      expect(JSON.stringify(read2.annotation)).toBe(JSON.stringify({ id, reviewer, target, label, attributes, note }));
      expect(read2.notStringified).toEqual([]);
    }
    // Left to readLine: other key orders, spaces, 2.0, example not a boolean, deletions.
    const others = [
      JSON.stringify({ formatVersion: 2, kind: 'annotation', annotation: { ...annotation, example: 1 } }),
      JSON.stringify({ kind: 'annotation', formatVersion: 2, annotation }),
      (lines[0] as string).replace(',"label"', ', "label"'),
      (lines[0] as string).replace('"formatVersion":2', '"formatVersion":2.0'),
      JSON.stringify({ formatVersion: 2, kind: 'deletion', id: 'a', documentId: 'd-1', at }),
    ];
    for (const line of others) expect(scanAnnotationLine(Buffer.from(line), 0, Buffer.byteLength(line), lineFields())).toBe(false);

    // Every one-byte change of a full line: the scan never accepts what readLine refuses.
    const line = Buffer.from(lines[0] as string, 'utf8');
    const specials = [0x00, 0x1f, 0x20, 0x22, 0x2c, 0x30, 0x31, 0x39, 0x3a, 0x5b, 0x5c, 0x5d, 0x61, 0x66, 0x75, 0x7b, 0x7d, 0x80, 0xc3, 0xff];
    for (let i = 0; i <= line.length; i++) {
      const variants = [Buffer.concat([line.subarray(0, i), line.subarray(i + 1)])];
      for (const b of specials) {
        variants.push(Buffer.concat([line.subarray(0, i), Buffer.from([b]), line.subarray(i)]));
        if (i < line.length) variants.push(Buffer.concat([line.subarray(0, i), Buffer.from([b]), line.subarray(i + 1)]));
      }
      for (const bytes of variants) {
        if (scanAnnotationLine(bytes, 0, bytes.length, lineFields())) expect(readLine(bytes.toString('utf8')), `${i}: ${bytes.toString('utf8')}`).toHaveProperty('record');
      }
    }
  });
});
