import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, detectDelimiter, firstInvalidUtf8, readCsv, type CsvItem } from '../../../src/ingestion/csv';

describe('CSV reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-reader-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const read = async (path: string, delimiter = ',', encoding?: 'latin1' | 'gbk'): Promise<CsvItem[]> => {
    const items: CsvItem[] = [];
    for await (const item of readCsv(path, { delimiter, encoding })) items.push(item);
    return items;
  };

  it('reads quoted fields with commas, quotes and line breaks, CRLF or LF, and a BOM, with each record\'s first line', async () => {
    const path = file('quoted.csv', '\ufeffexternalId,name,city\r\nBR-1,"Harbour, North","Port ""Royal"""\r\nBR-2,"Two\nLines",Eastfield\nBR-3,x,y\n');
    expect(await read(path)).toEqual([
      { line: 1, cells: ['externalId', 'name', 'city'] },
      { line: 2, cells: ['BR-1', 'Harbour, North', 'Port "Royal"'] },
      { line: 3, cells: ['BR-2', 'Two\nLines', 'Eastfield'] },
      { line: 5, cells: ['BR-3', 'x', 'y'] },
    ]);
  });

  it('skips blank lines and keeps empty cells', async () => {
    expect(await read(file('blank.csv', 'a,b\n\n1,\n'))).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', ''] },
    ]);
  });

  it('gives a row with too many fields as it is, and a stray quote as an error on its line, and goes on', async () => {
    const items = await read(file('bad.csv', 'a,b\n1,2,3\nx"y,2\n4,5\n'));
    expect(items[1]).toEqual({ line: 2, cells: ['1', '2', '3'] });
    expect(items[2]).toEqual({ line: 3, error: 'a quote inside a field that is not quoted as a whole' });
    expect(items[3]).toEqual({ line: 4, cells: ['4', '5'] });
  });

  it('detects comma, semicolon and tab from the header, ignoring quoted ones', async () => {
    expect(await detectDelimiter(file('c.csv', 'a,b;c\n'))).toBe(',');
    expect(await detectDelimiter(file('s.csv', '"a,x";b;c\n1,2;3;4\n'))).toBe(';');
    expect(await detectDelimiter(file('t.csv', 'a\tb\tc\n'))).toBe('\t');
    expect(await read(file('s2.csv', 'a;b\n1;"2;3"\n'), ';')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2;3'] },
    ]);
  });

  it('finds the first byte that is not UTF-8 with its line, and accepts valid UTF-8', async () => {
    expect(await firstInvalidUtf8(file('ok.csv', 'a,b\nFrançois,Légère 北京\n'))).toBeNull();
    const latin1 = iconv.encode('a,b\nok,ok\nFrançois,x\n', 'latin1');
    expect(await firstInvalidUtf8(file('l1.csv', latin1))).toEqual({ line: 3, byte: 15, value: 0xe7 });
    expect(await firstInvalidUtf8(file('overlong.csv', Buffer.from([0x61, 0xc0, 0xaf])))).toEqual({ line: 1, byte: 2, value: 0xc0 });
    expect(await firstInvalidUtf8(file('cut.csv', Buffer.from([0x61, 0xe2, 0x82])))).toEqual({ line: 1, byte: 2, value: 0xe2 });
  });

  it('decodes Latin-1 and GBK files when told their encoding', async () => {
    expect((await read(file('l2.csv', iconv.encode('a,b\nFrançois,Légère\n', 'latin1')), ',', 'latin1'))[1]).toEqual({ line: 2, cells: ['François', 'Légère'] });
    expect((await read(file('g.csv', iconv.encode('a,b\n王小明,北京\n', 'gbk')), ',', 'gbk'))[1]).toEqual({ line: 2, cells: ['王小明', '北京'] });
  });

  it('quotes fields for the rejects file only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
  });
});
