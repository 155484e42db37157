#!/usr/bin/env node
// The CLI launcher: runs the compiled CLI. `npm ci` builds it (the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('fedwatch: not built yet (dist/ is missing); run "npm ci" or "npm run build" first.');
  process.exit(1);
}
await import(entry.href);
