// pdfjs-dist ships no types for its worker module; importing it only to hand it to pdfjs needs none.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
