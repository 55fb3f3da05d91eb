/**
 * Bytes of a text file (TXT, Markdown, HTML) to a string, recording the encoding used. Only what can
 * be decoded without guessing wrong is accepted: a BOM decides; otherwise valid UTF-8; otherwise an
 * HTML <meta charset>; otherwise Windows-1252 when the bytes look like text at all.
 */
import type { TextEncodingName } from '../../../shared/domain/document.ts';
import { AppError } from '../../../shared/result.ts';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/** Byte values Windows-1252 leaves undefined; text in that encoding practically never has them. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Labels that the WHATWG Encoding Standard maps to windows-1252. */
const CP1252_LABELS = new Set([
  'windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1',
  'ascii', 'us-ascii', 'iso-ir-100', 'csisolatin1', 'ibm819', 'cp819', 'iso88591', 'iso_8859-1:1987', 'ansi_x3.4-1968',
]);

/** Code points of bytes 0x80-0x9F in Windows-1252; the undefined ones map to C1 controls, as WHATWG says. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x93 becomes U+0093, not a curly
 * quote), so the table is applied here; every Windows-1252 character is in the BMP.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    units[i] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b;
  }
  return new TextDecoder('utf-16le').decode(units);
}

function decodeStrict(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Whether decoded text contains what text files do not: NUL or other control characters beyond a
 * stray few (form feeds and escapes do occur in old text files).
 */
function looksBinary(text: string): boolean {
  const sample = text.length > 1 << 20 ? text.slice(0, 1 << 20) : text;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) || c === 0x7f) controls++;
  }
  return controls > 8 && controls > sample.length / 1000;
}

/** The charset a <meta> in the first bytes of an HTML page declares, lower-cased, if any. */
function metaCharset(bytes: Uint8Array): string | null {
  const head = decodeWindows1252(bytes.subarray(0, 4096));
  const m = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? (m[1] as string).toLowerCase() : null;
}

export function decodeText(fileName: string, bytes: Uint8Array, html: boolean): DecodedText {
  const notText = new AppError('FILE_BINARY', `${fileName}: the file is not text (it contains binary data); check that you picked the right file.`);
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    const text = decodeStrict(bytes, 'utf-8');
    if (text === null) throw new AppError('FILE_CORRUPT', `${fileName}: the file says it is UTF-8 but contains bytes that are not; save it again as UTF-8 and import again.`);
    return checked({ text, encoding: 'utf-8' }, notText);
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const encoding = b0 === 0xff ? 'utf-16le' : 'utf-16be';
    const text = decodeStrict(bytes, encoding);
    if (text === null) throw new AppError('FILE_CORRUPT', `${fileName}: the file says it is UTF-16 but its bytes are damaged; save it again and import again.`);
    return checked({ text, encoding }, notText);
  }
  // Without a BOM, NUL bytes mean binary data (or BOM-less UTF-16, which cannot be told apart safely).
  if (bytes.indexOf(0) >= 0) throw notText;
  const utf8 = decodeStrict(bytes, 'utf-8');
  if (utf8 !== null) return checked({ text: utf8, encoding: 'utf-8' }, notText);
  if (html) {
    const declared = metaCharset(bytes);
    if (declared !== null && declared !== 'utf-8' && declared !== 'utf8' && !CP1252_LABELS.has(declared)) {
      throw new AppError('FILE_UNSUPPORTED', `${fileName}: the page is encoded as ${declared}, which Clausemark cannot read; save it as UTF-8 and import again.`);
    }
  }
  let undefinedBytes = 0;
  for (let i = 0; i < bytes.length; i++) if (CP1252_UNDEFINED.has(bytes[i] as number)) undefinedBytes++;
  if (undefinedBytes > bytes.length / 1000) throw notText;
  return checked({ text: decodeWindows1252(bytes), encoding: 'windows-1252' }, notText);
}

function checked(decoded: DecodedText, notText: AppError): DecodedText {
  if (looksBinary(decoded.text)) throw notText;
  return decoded;
}
