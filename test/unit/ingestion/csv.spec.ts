import { CsvError, csvField, parseCsv } from '../../../src/ingestion/csv';

describe('CSV reader', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF or LF, and a BOM', () => {
    const text = '\ufeffexternalId,name,city\r\nBR-1,"Harbour, North","Port ""Royal"""\r\nBR-2,"Two\nLines",Eastfield\n';
    const { header, records } = parseCsv(text);
    expect(header).toEqual(['externalId', 'name', 'city']);
    expect(records).toEqual([
      { line: 2, values: { externalId: 'BR-1', name: 'Harbour, North', city: 'Port "Royal"' } },
      { line: 3, values: { externalId: 'BR-2', name: 'Two\nLines', city: 'Eastfield' } },
    ]);
  });

  it('skips blank lines and keeps empty cells', () => {
    expect(parseCsv('a,b\n\n1,\n').records).toEqual([{ line: 3, values: { a: '1', b: '' } }]);
  });

  it('names the line of a row with the wrong number of fields or an open quote', () => {
    expect(() => parseCsv('a,b\n1,2,3\n')).toThrow(new CsvError('expected 2 fields, found 3', 2));
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(/line 2: a quoted field is not closed/);
  });

  it('quotes fields for the rejects file only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
  });
});
