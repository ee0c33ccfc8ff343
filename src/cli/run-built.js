#!/usr/bin/env node
/**
 * `node src/cli/run-built.js dist/src/<script>.js [args…]`: compiles the sources only when one is newer
 * than its compiled file (or has none), then runs the compiled script in this same process, so a
 * signal sent to it (npm forwards SIGTERM and SIGINT to its script, which `exec`s this) reaches the
 * service directly. `npm start`, `npm run token`, `import`, `seed`… go through it: a start with a
 * current dist/ pays no TypeScript build.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const dist = join(root, 'dist');

/** What tsconfig.build.json leaves out (the console's browser code, built by Vite): never compiled here. */
const excluded = new Set(
  (JSON.parse(require('node:fs').readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).exclude ?? []).map((p) => join(root, p)),
);

/** Every .ts under `dir` with the .js tsc makes of it. */
function* sources(dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (excluded.has(join(root, path))) continue;
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield { source: join(root, path), output: join(dist, path.replace(/\.ts$/, '.js')) };
  }
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);

function stale() {
  const main = mtime(join(dist, 'src', 'main.js'));
  if (main < 0) return ['dist/ is empty'];
  const configs = ['tsconfig.json', 'tsconfig.build.json'].filter((f) => mtime(join(root, f)) > main);
  const changed = [];
  for (const dir of ['src', 'migrations']) {
    for (const { source, output } of sources(dir)) if (mtime(source) > mtime(output)) changed.push({ source, output });
  }
  return [...configs, ...changed];
}

const [target, ...args] = process.argv.slice(2);
if (!target) {
  console.error('usage: node src/cli/run-built.js dist/src/<script>.js [args…]');
  process.exit(2);
}

const changed = stale();
if (changed.length > 0) {
  const started = Date.now();
  process.stderr.write(`compiling (${changed.length} changed, e.g. ${typeof changed[0] === 'string' ? changed[0] : relative(root, changed[0].source)})… `);
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    process.exit(1);
  }
  // tsc leaves a compiled file alone when its source was touched but not changed: mark it current.
  const now = new Date();
  for (const entry of changed) if (typeof entry !== 'string' && existsSync(entry.output) && mtime(entry.source) > mtime(entry.output)) utimesSync(entry.output, now, now);
  if (existsSync(join(dist, 'src', 'main.js'))) utimesSync(join(dist, 'src', 'main.js'), now, now); // configs compared against it
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

// The compiled script sees the arguments as if it had been started directly.
const script = resolve(root, target);
process.argv = [process.argv[0], script, ...args];
require(script);
