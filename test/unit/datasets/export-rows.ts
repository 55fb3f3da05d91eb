import type { AnnotationTable, ExportedAnnotation, StringField } from '../../../src/main/services/export/annotation-table.ts';
import { FIELD } from '../../../src/main/services/export/line-scan.ts';

const STRINGS: StringField[] = [FIELD.id, FIELD.reviewer, FIELD.quote, FIELD.label, FIELD.note];

/** A row of an export's annotation table read back as an annotation (keys in the log's order). */
export function rowAnnotation(table: AnnotationTable, row: number): ExportedAnnotation {
  const target: ExportedAnnotation['target'] = table.isSegment(row)
    ? { type: 'segment', segment: table.at(row, FIELD.start) }
    : { type: 'span', start: table.at(row, FIELD.start), end: table.at(row, FIELD.end), quote: table.string(row, FIELD.quote) };
  return {
    id: table.string(row, FIELD.id),
    reviewer: table.string(row, FIELD.reviewer),
    target,
    label: table.string(row, FIELD.label),
    attributes: table.attributes(row),
    note: table.string(row, FIELD.note),
  };
}

/** String fields of a row whose JSON in the table (the bytes a record copies) is not JSON.stringify's of their value. */
export function notStringified(table: AnnotationTable, row: number): string[] {
  return STRINGS.filter((field) => {
    if (field === FIELD.quote && table.isSegment(row)) return false;
    const json = table.bytes.toString('utf8', table.at(row, field) - 1, table.at(row, field + 1) + 1);
    return json !== JSON.stringify(table.string(row, field)) || Buffer.byteLength(json) !== table.at(row, field + 1) - table.at(row, field) + 2;
  }).map((field) => Object.keys(FIELD).find((k) => FIELD[k as keyof typeof FIELD] === field) as string);
}
