/** `npm run token -- <managerExternalId> [--ttl <minutes>]`: see src/auth/token-command.ts. */
import { runTokenCommand } from '../auth/token-command';

process.exitCode = runTokenCommand(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
