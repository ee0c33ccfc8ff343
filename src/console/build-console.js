#!/usr/bin/env node
/**
 * Builds the console (src/console) into dist/console with Vite, unless the build is newer than
 * every source file of the console and the lock file; prints the JavaScript's gzipped size.
 * Usage: node src/console/build-console.js [--force]
 */
'use strict';
const { readdirSync, statSync, existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { gzipSync } = require('node:zlib');
const { execFileSync } = require('node:child_process');

const here = __dirname;
const root = resolve(here, '..', '..');
const out = join(root, 'dist', 'console');
const stamp = join(out, '.built');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), 0);
}

/** Gzipped bytes of every .js file of the build. */
function gzippedJs(dir) {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    if (String(name).endsWith('.js')) total += gzipSync(readFileSync(join(dir, String(name))), { level: 9 }).length;
  }
  return total;
}

const sources = Math.max(newest(join(here, 'web')), newest(join(here, 'index.html')), newest(join(here, 'vite.config.ts')), newest(join(root, 'package-lock.json')));
if (!process.argv.includes('--force') && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) {
  process.exit(0);
}
const started = Date.now();
execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(here, 'vite.config.ts')], { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
writeFileSync(stamp, new Date().toISOString());
const kb = (gzippedJs(join(out, 'assets')) / 1024).toFixed(1);
console.log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s: JavaScript ${kb} KB gzipped (budget 350 KB)`);
