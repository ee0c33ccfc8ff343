/**
 * A small RFC 4180 CSV reader: comma-separated, double-quoted fields (with "" for a quote and
 * line breaks inside quotes), CRLF or LF line ends, a header row. Framework-free.
 */
export interface CsvRecord {
  /** 1-based line of the record's first line in the file. */
  line: number;
  values: Record<string, string>;
}

export class CsvError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): { header: string[]; records: CsvRecord[] } {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endCell = () => {
    cells.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) throw new CsvError('a quoted field is not closed', rowLine);
  if (cell !== '' || cells.length > 0) endRow();
  if (rows.length === 0) return { header: [], records: [] };
  const header = rows[0]!.cells.map((h) => h.trim());
  const records: CsvRecord[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.length !== header.length) throw new CsvError(`expected ${header.length} fields, found ${row.cells.length}`, row.line);
    const values: Record<string, string> = {};
    header.forEach((h, k) => (values[h] = row.cells[k]!));
    records.push({ line: row.line, values });
  }
  return { header, records };
}

/** A CSV field for the rejects file. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
