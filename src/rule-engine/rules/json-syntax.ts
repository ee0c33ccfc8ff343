/**
 * JSON parsing with a stable, precise syntax error: line, column and what was expected. V8's own
 * messages change between Node versions and do not give a line, so the first error is located by
 * a small scanner (only run when `JSON.parse` has failed).
 */

export type JsonParseResult =
  | { ok: true; value: unknown }
  | { ok: false; line: number; column: number; message: string };

export function parseJson(text: string): JsonParseResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    const found = locateSyntaxError(source);
    if (found) return { ok: false, ...lineColumn(source, found.offset), message: found.message };
    return { ok: false, line: 1, column: 1, message: error instanceof Error ? error.message : String(error) };
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Failure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** The offset and description of the first syntax error, or undefined when the text is valid JSON. */
export function locateSyntaxError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const describe = (at: number): string => {
    if (at >= text.length) return 'the end of the file';
    const c = text[at];
    if (c === '\n' || c === '\r') return 'a line break';
    return JSON.stringify(c);
  };
  const fail = (message: string, at = i): never => {
    throw new Failure(at, message);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = () => {
    i++; // opening quote
    while (true) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('unescaped line break or control character in a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in a string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          fail(`invalid escape "\\${e ?? ''}" in a string`);
        }
      } else {
        i++;
      }
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '-' || match[0] === '') fail(`expected a value, found ${describe(i)}`);
    i += match![0].length;
    if (i < text.length && /[0-9A-Za-z.]/.test(text[i])) fail(`invalid number`, i);
  };
  const value = (): void => {
    ws();
    if (i >= text.length) fail('unexpected end of the file: expected a value');
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    if (c === "'") fail('strings need double quotes');
    fail(`expected a value, found ${describe(i)}`);
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    while (true) {
      ws();
      if (text[i] !== '"') {
        if (text[i] === '}') fail('trailing comma before "}"', i);
        fail(`expected a property name in double quotes, found ${describe(i)}`);
      }
      string();
      ws();
      if (text[i] !== ':') fail(`expected ":" after a property name, found ${describe(i)}`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`expected "," or "}" after a property value, found ${describe(i)}`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    while (true) {
      ws();
      if (text[i] === ']') fail('trailing comma before "]"');
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`expected "," or "]" after an array item, found ${describe(i)}`);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (error instanceof Failure) return { offset: error.offset, message: error.message };
    throw error;
  }
}
