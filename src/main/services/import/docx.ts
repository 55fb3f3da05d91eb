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

export async function docxToBlocks(bytes: Uint8Array): Promise<TextBlock[]> {
  const ole = oleKind(bytes);
  if (ole !== null) throw new DocxProblem(ole, ole);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images are not text; skipping them avoids base64-encoding every picture into the HTML.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    throw new DocxProblem('corrupt', error instanceof Error ? error.message : String(error));
  }
  return htmlToBlocks(html, { readability: false }).blocks;
}
