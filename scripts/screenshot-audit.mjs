#!/usr/bin/env node
/**
 * Renders the HTML audit report of a bot with headless Chromium and saves a PNG, to check by eye that the
 * report reads well as a page. Needs the built CLI (`npm run build`), `playwright-core` (not a dependency:
 * `npm install --no-save playwright-core`) and a Chromium binary (default /usr/bin/chromium). Not part
 * of CI.
 *
 *   node scripts/screenshot-audit.mjs [bot-dir] [out.png] [--width 1100] [--chromium /path/to/chromium]
 *
 * Defaults: fixtures/express-violating, audit-report.png in the current folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const [, value] = args.splice(index, 2);
  return value;
};
const width = Number(option('--width', '1100'));
const executablePath = option('--chromium', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const botDir = path.resolve(args[0] ?? path.join(root, 'fixtures/express-violating'));
const out = path.resolve(args[1] ?? 'audit-report.png');

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('playwright-core is not installed: run "npm install --no-save playwright-core" (it is not a dependency of line-bot-guard).');
  process.exit(2);
}
if (!fs.existsSync(executablePath)) {
  console.error(`no Chromium at ${executablePath}: install it (e.g. "apt-get install -y chromium") or pass --chromium <path>.`);
  process.exit(2);
}
const bin = path.join(root, 'dist/src/cli/bin.js');
if (!fs.existsSync(bin)) {
  console.error('the CLI is not built: run "npm run build" first.');
  process.exit(2);
}

const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-audit-')), 'audit.html');
const run = spawnSync(process.execPath, [bin, 'audit', botDir, '--format', 'html', '--output', html], { encoding: 'utf8' });
if (run.status === 2 || !fs.existsSync(html)) {
  console.error(`audit failed: ${run.stderr}`);
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  // The report is self-contained: any request besides the file itself is a bug.
  const external = [];
  page.on('request', (request) => {
    if (request.url() !== pathToFileURL(html).href) external.push(request.url());
  });
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  await page.screenshot({ path: out, fullPage: true });
  if (external.length > 0) {
    console.error(`the report requested external resources: ${external.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
console.log(`Saved ${path.relative(process.cwd(), out) || out} (audit of ${path.relative(process.cwd(), botDir) || botDir}, HTML at ${html}).`);
