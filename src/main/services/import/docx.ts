/**
 * DOCX to blocks: mammoth turns the document into plain semantic HTML (headings, paragraphs, lists in
 * order), which goes through the same block extraction as web pages, without Readability.
 */
import mammoth from 'mammoth';
import type { TextBlock } from '../../../shared/text/segmentation.ts';
import { htmlToBlocks } from './html.ts';

/** Why a DOCX could not be read, for the caller to turn into the reviewer's message. */
export class DocxProblem extends Error {
  constructor(readonly kind: 'encrypted' | 'legacy-doc' | 'corrupt', message: string) {
    super(message);
  }
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Word saves password-protected documents as an OLE container holding an "EncryptedPackage" stream. */
function oleKind(bytes: Uint8Array): 'encrypted' | 'legacy-doc' | null {
  if (!OLE_SIGNATURE.every((b, i) => bytes[i] === b)) return null;
  const marker = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(marker) >= 0 ? 'encrypted' : 'legacy-doc';
}

/** A .docx is a zip archive; these are the local-file and empty-archive signatures. */
const isZip = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);

/** mammoth's (and jszip's) wording is for developers; these say what is wrong with the file. */
function corruptReason(message: string): string {
  if (/main document part/i.test(message)) return 'it has no document body (word/document.xml is missing)';
  if (/central directory|zip/i.test(message)) return 'the archive is damaged or incomplete';
  return message;
}

export async function docxToBlocks(bytes: Uint8Array): Promise<TextBlock[]> {
  const ole = oleKind(bytes);
  if (ole !== null) throw new DocxProblem(ole, ole);
  if (!isZip(bytes)) throw new DocxProblem('corrupt', 'it is not a .docx package (a .docx file is a zip archive)');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images are not text; skipping them avoids base64-encoding every picture into the HTML.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    throw new DocxProblem('corrupt', corruptReason(error instanceof Error ? error.message : String(error)));
  }
  return htmlToBlocks(html, { readability: false }).blocks;
}
