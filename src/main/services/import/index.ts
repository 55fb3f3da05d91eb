/**
 * The import pipeline: the bytes of one file to a ParsedDocument (canonical text + segments). Every
 * failure, whatever the bytes, becomes an AppError whose message starts with the file name.
 */
import type { ParsedDocument, SourceFormat } from '../../../shared/domain/document.ts';
import { MAX_IMPORT_BYTES } from '../../../shared/domain/import.ts';
import { AppError } from '../../../shared/result.ts';
import { joinBlocks, normalizeNewlines, segmentPlainText, type TextBlock } from '../../../shared/text/segmentation.ts';
import { decodeText } from './decode.ts';

// jsdom, pdfjs and mammoth take seconds to load: each is loaded the first time its format is imported,
// so the CLI and the app start without them.
const loadHtml = () => import('./html.ts');
const loadPdf = () => import('./pdf.ts');
const loadDocx = () => import('./docx.ts');

const FORMAT_BY_EXTENSION: Record<string, SourceFormat> = {
  '.txt': 'txt',
  '.md': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

/** The format an import file name stands for, or null when Clausemark does not read it. */
function formatOfFileName(fileName: string): SourceFormat | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  return FORMAT_BY_EXTENSION[fileName.slice(dot).toLowerCase()] ?? null;
}

/** The file name without its folder and extension, used when a document has no title of its own. */
function baseTitle(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function noText(fileName: string): AppError {
  return new AppError('FILE_NO_TEXT', `${fileName}: the file contains no text to annotate.`);
}

export async function parseSource(input: { fileName: string; bytes: Uint8Array }): Promise<ParsedDocument> {
  const { fileName, bytes } = input;
  // Size first: a huge file is refused before anything looks at its content.
  if (bytes.length > MAX_IMPORT_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    throw new AppError('FILE_TOO_LARGE', `${fileName}: the file is ${mb} MB; Clausemark imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  }
  const format = formatOfFileName(fileName);
  if (format === null) {
    throw new AppError('FILE_UNSUPPORTED', `${fileName}: Clausemark cannot import this kind of file; use .txt, .md, .html, .htm, .pdf or .docx.`);
  }
  if (bytes.length === 0) throw new AppError('FILE_EMPTY', `${fileName}: the file is empty.`);
  try {
    return await parseFormat(fileName, format, bytes);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Parsers fail in ways nobody lists; the reviewer still gets a sentence, not a stack trace.
    throw new AppError('FILE_CORRUPT', `${fileName}: the file could not be read (${describe(error)}); it may be damaged.`);
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 160 ? `${message.slice(0, 157)}...` : message;
}

async function parseFormat(fileName: string, format: SourceFormat, bytes: Uint8Array): Promise<ParsedDocument> {
  switch (format) {
    case 'txt':
    case 'md': {
      const { text: raw, encoding } = decodeText(fileName, bytes, false);
      const text = normalizeNewlines(raw);
      const segments = segmentPlainText(text, { markdown: format === 'md' });
      if (segments.length === 0) throw noText(fileName);
      const firstHeading = format === 'md' ? /^#\s+(.+)$/m.exec(text)?.[1]?.trim() : undefined;
      return { title: firstHeading || baseTitle(fileName), format, encoding, text, segments };
    }
    case 'html': {
      const { text: raw, encoding } = decodeText(fileName, bytes, true);
      const { htmlToBlocks } = await loadHtml();
      const { title, blocks } = htmlToBlocks(normalizeNewlines(raw), { readability: true });
      return fromBlocks(fileName, format, encoding, title, blocks);
    }
    case 'pdf': {
      const { PdfProblem, pdfToBlocks } = await loadPdf();
      try {
        const { title, blocks } = await pdfToBlocks(bytes);
        if (blocks.length === 0) {
          throw new AppError('FILE_NO_TEXT', `${fileName}: the PDF has no text layer (it is probably a scan); run OCR on it and import again.`);
        }
        return fromBlocks(fileName, format, null, title, blocks);
      } catch (error) {
        if (!(error instanceof PdfProblem)) throw error;
        if (error.kind === 'encrypted') {
          throw new AppError('FILE_ENCRYPTED', `${fileName}: the PDF is protected by a password; save a copy without the password and import again.`);
        }
        throw new AppError('FILE_CORRUPT', `${fileName}: the file is not a readable PDF (${describe(error)}).`);
      }
    }
    case 'docx': {
      const { DocxProblem, docxToBlocks } = await loadDocx();
      try {
        return fromBlocks(fileName, format, null, null, await docxToBlocks(bytes));
      } catch (error) {
        if (!(error instanceof DocxProblem)) throw error;
        if (error.kind === 'encrypted') {
          throw new AppError('FILE_ENCRYPTED', `${fileName}: the document is protected by a password; save a copy without the password and import again.`);
        }
        if (error.kind === 'legacy-doc') {
          throw new AppError('FILE_CORRUPT', `${fileName}: this is an old Word (.doc) file, not a .docx; save it as .docx in Word and import again.`);
        }
        throw new AppError('FILE_CORRUPT', `${fileName}: the file is not a readable Word document: ${describe(error)}.`);
      }
    }
  }
}

function fromBlocks(
  fileName: string,
  format: SourceFormat,
  encoding: ParsedDocument['encoding'],
  title: string | null,
  blocks: TextBlock[],
): ParsedDocument {
  const { text, segments } = joinBlocks(blocks);
  if (segments.length === 0) throw noText(fileName);
  return { title: title || baseTitle(fileName), format, encoding, text, segments };
}
