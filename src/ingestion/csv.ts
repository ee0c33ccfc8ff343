/**
 * Reading the feed's CSV files as a stream (csv-parse, iconv-lite for non-UTF-8 files): records come
 * one at a time with their line numbers, so memory stays bounded whatever the file size, and a
 * malformed line is reported on its own. Framework-free.
 */
import { parse, type CsvError as ParseError } from 'csv-parse';
import iconv from 'iconv-lite';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** The encodings a feed may declare besides UTF-8 (the default, checked strictly). */
export const ENCODINGS = ['utf8', 'latin1', 'windows-1252', 'gbk'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** The delimiters recognised in a header (or given with --delimiter). */
export const DELIMITERS = [',', ';', '\t'] as const;

export type CsvItem =
  /** A record: its first line in the file and its cells, as many as it has. */
  | { line: number; cells: string[] }
  /** A line the parser could not read (an unclosed or stray quote). */
  | { line: number; error: string };

/** Where a file stops being UTF-8: 1-based line and byte offset, and the byte. */
export interface Utf8Fault {
  line: number;
  byte: number;
  value: number;
}

/**
 * The first byte that is not valid UTF-8 (overlong forms and surrogates included), read as a stream;
 * null when the whole file is valid.
 */
export async function firstInvalidUtf8(path: string): Promise<Utf8Fault | null> {
  let line = 1;
  let offset = 0;
  let need = 0;
  let lo = 0x80;
  let hi = 0xbf;
  let start = { line: 1, byte: 1, value: 0 };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      offset++;
      if (need > 0) {
        if (b < lo || b > hi) return { line: start.line, byte: start.byte, value: start.value };
        need--;
        lo = 0x80;
        hi = 0xbf;
        continue;
      }
      if (b === 0x0a) line++;
      if (b < 0x80) continue;
      start = { line, byte: offset, value: b };
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b === 0xe0) [need, lo] = [2, 0xa0];
      else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2;
      else if (b === 0xed) [need, hi] = [2, 0x9f];
      else if (b === 0xf0) [need, lo] = [3, 0x90];
      else if (b >= 0xf1 && b <= 0xf3) need = 3;
      else if (b === 0xf4) [need, hi] = [3, 0x8f];
      else return start;
    }
  }
  return need > 0 ? start : null;
}

/** The header's delimiter: whichever of comma, semicolon and tab it holds most of (outside quotes). */
export async function detectDelimiter(path: string, encoding: Encoding = 'utf8'): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    const text = iconv.decode(buffer.subarray(0, bytesRead), encoding);
    const header = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
    const counts = DELIMITERS.map((d) => header.split(d).length - 1);
    const best = counts.indexOf(Math.max(...counts));
    return counts[best] > 0 ? DELIMITERS[best] : ',';
  } finally {
    await file.close();
  }
}

/**
 * The records of a file, the header first, with the line each starts on. `onBytes` reports how much
 * of the file has been read (for progress).
 */
export async function* readCsv(path: string, options: { delimiter: string; encoding?: Encoding; onBytes?: (bytes: number) => void }): AsyncGenerator<CsvItem> {
  const parser = parse({ delimiter: options.delimiter, bom: true, record_delimiter: ['\r\n', '\n'], relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true });
  const skipped: CsvItem[] = [];
  parser.on('skip', (error: ParseError & { lines?: number }) => skipped.push({ line: error.lines ?? 0, error: describe(error) }));
  const file = createReadStream(path);
  let bytes = 0;
  file.on('data', (chunk) => {
    bytes += chunk.length;
    options.onBytes?.(bytes);
  });
  const source: NodeJS.ReadableStream = options.encoding && options.encoding !== 'utf8' ? file.pipe(iconv.decodeStream(options.encoding)) : file;
  file.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const breaks = record.reduce((n, cell) => n + countBreaks(cell), 0);
    const line = info.lines - breaks;
    // Lines the parser skipped are reported when they come up in the file's order.
    while (skipped.length > 0 && skipped[0].line < line) yield skipped.shift()!;
    yield { line, cells: record };
  }
  while (skipped.length > 0) yield skipped.shift()!;
}

function countBreaks(cell: string): number {
  let n = 0;
  for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n++;
  return n;
}

function describe(error: ParseError): string {
  switch (error.code as string) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is not closed';
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a field that is not quoted as a whole';
    default:
      return 'the line could not be read as CSV';
  }
}

/** A field for the rejects file: quoted only when needed. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
