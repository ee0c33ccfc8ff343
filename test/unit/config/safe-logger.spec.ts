import { Logger } from '@nestjs/common';
import { SafeTypeOrmLogger } from '../../../src/database/safe-typeorm.logger';

describe('database logging', () => {
  it('logs a failed query without its parameters or the server message', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const error = Object.assign(new Error('invalid input syntax for type date: "Dana Doe 1988"'), { code: '22007', constraint: undefined, table: 'persons' });
      new SafeTypeOrmLogger().logQueryError(error, 'INSERT INTO "persons" ("external_id", "full_name") VALUES ($1, $2)', ['P-1', 'Dana Doe']);
      expect(warn).toHaveBeenCalledTimes(1);
      const line = String(warn.mock.calls[0]![0]);
      expect(line).toBe('query failed: SQL state 22007, table persons (INSERT INTO "persons" ("external_id", …)');
      expect(line).not.toMatch(/Dana|P-1|1988/);
    } finally {
      warn.mockRestore();
    }
  });
});
