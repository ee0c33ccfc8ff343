/** `npm run token -- <managerExternalId> [--ttl <minutes>]`: see src/auth/token-command.ts. */
import { refuseUnknownManager, runTokenCommand, tokenCommandManagerId } from '../auth/token-command';
import { loadConfig } from '../config/app-config';
import { resolveDatabase } from '../database/database-connection';

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};

async function main(argv: string[]): Promise<number> {
  const externalId = tokenCommandManagerId(argv);
  if (externalId) {
    let config;
    try {
      config = loadConfig(process.env);
    } catch {
      return runTokenCommand(argv, process.env, io); // reports the configuration problem
    }
    if (!config.JWKS_URL) {
      const db = await resolveDatabase(config, () => undefined);
      try {
        const refused = await refuseUnknownManager(externalId, db.url, io);
        if (refused !== undefined) return refused;
      } finally {
        await db.embedded?.stop();
      }
    }
  }
  return runTokenCommand(argv, process.env, io);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    io.err(`cannot make a token: ${error.message}`);
    process.exitCode = 1;
  },
);
