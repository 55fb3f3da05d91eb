/** CSV as spreadsheets read it (RFC 4180), apart from dataset.ts's schemas (zod), so the export worker need not load them. */

/** A field is quoted when it holds a comma, a quote or a line break; quotes are doubled. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (fields: readonly (string | number)[]): string => `${fields.map(csvField).join(',')}\r\n`;
