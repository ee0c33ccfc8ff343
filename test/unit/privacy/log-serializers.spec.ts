import { QueryFailedError } from 'typeorm';
import { createRootLogger, requestIdFrom, serializeError } from '../../../src/common/logger';

describe('log serialisation', () => {
  it('keeps a database error to its SQL state, constraint and table', () => {
    const driverError = Object.assign(new Error('invalid input syntax for type uuid: "Dana Doe"'), {
      code: '22P02', severity: 'ERROR', detail: 'Failing row contains (Dana Doe, NID-1234)', where: 'SQL function', constraint: 'CHK_x', table: 'persons',
    });
    const error = new QueryFailedError('INSERT INTO persons VALUES ($1, $2)', ['Dana Doe', 'NID-1234'], driverError);
    expect(serializeError(error)).toEqual({ type: 'QueryFailedError', sqlState: '22P02', constraint: 'CHK_x', table: 'persons' });
    expect(JSON.stringify(serializeError(driverError))).not.toMatch(/Dana|NID/);
  });

  it('redacts credentials, bodies, variables and parameters handed to the logger', () => {
    const lines: string[] = [];
    const log = createRootLogger({ LOG_LEVEL: 'verbose', LOG_FORMAT: 'json' }, { write: (l: string) => void lines.push(l) });
    log.info({ req: { headers: { authorization: 'Bearer abc.def', cookie: 'sid=1' } }, variables: { name: 'Dana' }, body: 'Dana', parameters: ['Dana'], detail: 'Dana', headers: { authorization: 'x' } }, 'hello');
    log.error({ err: new QueryFailedError('SELECT $1', ['Dana'], Object.assign(new Error('Dana'), { code: '23505', severity: 'ERROR', detail: 'Key (name)=(Dana)' })) }, 'failed');
    expect(lines.join('')).not.toMatch(/Dana|abc\.def|sid=1/);
  });

  it('accepts a plain request id and replaces anything else', () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    expect(requestIdFrom(['first-1', 'second'])).toBe('first-1');
    for (const bad of ['', 'a b', 'x'.repeat(129), 'line\nbreak', 'ä']) expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
