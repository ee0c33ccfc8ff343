// Starts the service as README says (`npm start`, no DATABASE_URL), takes one of the development
// tokens it prints, waits for the product catalogue over GraphQL (within 60 s) and checks that a
// request without a token is refused; stops it, starts it again and checks the data was reused.
const { spawn } = require('node:child_process');
const { chmodSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const port = 3000 + Math.floor(Math.random() * 2000) + 1000;
const base = mkdtempSync(join(tmpdir(), 'cs-smoke-'));
chmodSync(base, 0o755); // the embedded server runs as the postgres user when CI is root
const env = { ...process.env, NODE_ENV: 'development', PORT: String(port), EMBEDDED_PG_DIR: join(base, 'pg'), EMBEDDED_PG_PORT: String(port + 20000) };
delete env.DATABASE_URL;

async function startAndQuery(label) {
  const started = Date.now();
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  try {
    while (Date.now() - started < 60_000) {
      if (child.exitCode !== null) throw new Error(`${label}: npm start exited with ${child.exitCode}\n${log}`);
      const token = /^\s+RETAIL_RM\s+\S+\s+(\S+)$/m.exec(log)?.[1];
      try {
        if (!token) throw new Error('no development token printed yet');
        const ask = (headers) =>
          fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ products { code category } }' }) });
        const res = await ask({ authorization: `Bearer ${token}` });
        const body = await res.json();
        if (body.data && body.data.products.length > 0) {
          console.log(`${label}: ${body.data.products.length} products answered ${((Date.now() - started) / 1000).toFixed(1)} s after npm start`);
          const anonymous = await ask({});
          if (anonymous.status !== 401) throw new Error(`${label}: a request without a token answered ${anonymous.status}, not 401`);
          return log;
        }
      } catch (error) {
        if (/without a token/.test(error.message)) throw error;
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${label}: no answer within 60 s\n${log}`);
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
}

/** With DATABASE_URL pointing at nothing, the start fails fast with one line naming the host. */
async function unreachableDatabase() {
  const started = Date.now();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...env, DATABASE_URL: 'postgres://bank:secret@127.0.0.1:1/bank' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise((r) => child.once('exit', r));
  const seconds = (Date.now() - started) / 1000;
  if (code !== 1 || !/127\.0\.0\.1:1\/bank/.test(out) || /\n\s+at /.test(out) || /secret/.test(out) || seconds > 15) {
    throw new Error(`unreachable DATABASE_URL: exit ${code} after ${seconds} s, output:\n${out}`);
  }
  console.log(`unreachable DATABASE_URL: refused in ${seconds.toFixed(1)} s with: ${out.trim()}`);
}

(async () => {
  const first = await startAndQuery('first start');
  if (!/loading the demo bank/.test(first)) throw new Error('first start did not load the demo bank');
  const second = await startAndQuery('second start');
  if (/loading the demo bank/.test(second) || /initialising a new embedded/.test(second)) throw new Error('second start did not reuse the data');
  await unreachableDatabase();
  console.log('smoke: 3 passed, 0 failed');
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
