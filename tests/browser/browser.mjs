// The web interface in a real browser, as an official would use it:
// home page, a Greek query typed without accents, results, a facet ticked,
// a case opened, English chosen, a related case followed — then axe-core on
// every page, screenshots at 1280 and 360 px, and the same search once more
// with JavaScript off. Runs praxis-indexer and praxis-searchd itself, on a
// temporary folder and a free 127.0.0.1 port; the browser may reach nothing
// else.
//
// node browser.mjs --indexer BIN --searchd BIN --out DIR [--chromium BIN]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = process.env.PRAXIS_SOURCE_DIR || join(here, '..', '..');

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  console.error(`missing --${name}`);
  process.exit(2);
}

const indexer = arg('indexer');
const searchd = arg('searchd');
const outDir = arg('out');
const chromiumPath = arg('chromium', '/usr/bin/chromium');

let failures = 0;
const notes = [];
function check(ok, message) {
  if (ok) {
    console.log(`ok - ${message}`);
  } else {
    failures++;
    console.log(`not ok - ${message}`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'praxis-browser-'));
let server = null;
let browser = null;

// Closes the browser, stops the server with SIGTERM and checks that it
// exited 0 (under the sanitizers, a leak or an error at exit shows here).
async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    const code = await new Promise((resolve) => {
      const t = setTimeout(() => { server.kill('SIGKILL'); resolve('killed after 10 s'); }, 10000);
      server.once('exit', (c, sig) => { clearTimeout(t); resolve(sig || c); });
    });
    check(code === 0, `praxis-searchd stops cleanly on SIGTERM (exit ${code})`);
  }
  rmSync(work, { recursive: true, force: true });
}

// ---- 1. Index the fixture corpus and start the server.
function buildIndex() {
  const content = join(root, 'tests', 'fixtures', 'search');
  const r = spawnSync(indexer, ['build', '--content', content, '--index', join(work, 'index'),
    '--taxonomy', join(root, 'content', 'taxonomy.yaml'), '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`praxis-indexer failed (${r.status}): ${r.stderr}`);
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(searchd, ['--index', join(work, 'index'), '--taxonomy', join(root, 'content', 'taxonomy.yaml'),
      '--theme', join(root, 'themes', 'default'), '--listen', '127.0.0.1:0', '--threads', '8', '--no-access-log'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error('praxis-searchd did not start in 20 s: ' + err)), 20000);
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      err += chunk;
      const m = err.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`praxis-searchd exited ${code}: ${err}`)); });
    // Keep reading stderr, so the server never blocks on a full pipe; show
    // what it says after start-up (sanitizer reports, errors).
    server.stderr.on('data', (chunk) => { if (!/listening on/.test(chunk)) process.stdout.write(`# searchd: ${chunk}`); });
  });
}

// ---- Browser helpers.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function runAxe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result) notes.push(`axe ${label}: ${v.impact} ${v.id} (${v.nodes}) ${v.help} — ${v.targets.join(', ')}`);
  check(serious.length === 0, `axe on ${label}: no serious or critical violations` +
    (serious.length ? ' — ' + serious.map((v) => `${v.id}: ${v.help} [${v.targets.join(', ')}]`).join('; ') : '') +
    ` (${result.length} minor/moderate)`);
}

// Fails on console errors (a CSP violation shows there), script errors and
// any request that leaves the server. A 404 the test asks for on purpose is
// not an error.
function guard(page, base, label) {
  const host = new URL(base).host;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (/status of 404/.test(msg.text()) && /\/case\/no-such-case/.test(msg.location().url || '')) return;
    check(false, `${label}: console error: ${msg.text()} (${msg.location().url || ''})`);
  });
  page.on('pageerror', (e) => check(false, `${label}: page error: ${e.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.host !== host) check(false, `${label}: request outside the server: ${req.url()}`);
  });
}

async function shot(page, name) {
  const file = join(outDir, name);
  await page.screenshot({ path: file, fullPage: true });
  notes.push(`screenshot ${file}`);
}

// ---- 2. The walk-through.
async function walkThrough(base, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'el-GR' });
  const page = await context.newPage();
  guard(page, base, `${width}px`);
  const tag = `${width}`;

  // Home.
  let response = await page.goto(base + '/');
  check(response.status() === 200, `[${tag}] home answers 200`);
  check((await page.getAttribute('html', 'lang')) === 'el', `[${tag}] home is in Greek by default`);
  const csp = response.headers()['content-security-policy'] || '';
  check(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), `[${tag}] CSP forbids inline script`);
  check(await page.locator('svg.chart[role="img"]').count() === 3, `[${tag}] home shows three SVG charts`);
  check(await page.locator('.newest .card').count() > 0, `[${tag}] home lists the newest cases`);
  await shot(page, `home-${width}.png`);

  // A Greek query without accents; Enter submits the plain GET form.
  await page.fill('#q', 'διαφανεια');
  await Promise.all([page.waitForURL(/\/search\?/), page.press('#q', 'Enter')]);
  const hits = page.locator('#results .hit');
  check(await hits.count() > 0, `[${tag}] "διαφανεια" finds results`);
  check((await page.locator('#results .hit-title').first().innerText()).includes('Διαφάνεια'),
    `[${tag}] the first result is about Διαφάνεια`);
  check(await page.locator('#results mark').count() > 0, `[${tag}] snippets highlight the matched words`);
  check((await page.locator('#result-count').innerText()).length > 0, `[${tag}] the number of results is shown`);

  // Results page weight, as transferred.
  const sized = await page.request.get(page.url(), { headers: { 'Accept-Encoding': 'gzip' } });
  const raw = (await sized.body()).length;
  const sent = Number(sized.headers()['content-length'] || raw);
  check(sent < 60 * 1024 && raw < 60 * 1024,
    `[${tag}] the results page is under 60 KB (${sent} bytes transferred, ${raw} uncompressed)`);

  // Typing updates the results through /api/search (no page load).
  if (width >= 1000) {
    const before = page.url();
    const apiAnswer = page.waitForResponse((r) => r.url().includes('/api/search?'));
    await page.fill('#q', '');
    await page.type('#q', 'συμμετοχικος', { delay: 20 });
    const api = await apiAnswer;
    check(api.status() === 200, `[${tag}] typing asks /api/search`);
    await page.waitForFunction(() => {
      const t = document.querySelector('#results .hit-title');
      const meta = document.querySelector('#results .hit-meta');
      return t && /Συμμετοχικ/.test(t.textContent) && meta && /Κεντρική Μακεδονία/.test(meta.textContent);
    }, null, { timeout: 5000 }).then(() => check(true, `[${tag}] results update as you type`),
      () => check(false, `[${tag}] results update as you type`));
    check(page.url() !== before && page.url().includes('q=%CF%83'), `[${tag}] the address follows the query`);
    // Back to the Greek query for the rest of the walk.
    await page.goto(base + '/search?q=' + encodeURIComponent('διαφανεια'));
    // Keyboard: ArrowDown from the box moves to the first result.
    await page.focus('#q');
    await page.keyboard.press('ArrowDown');
    check(await page.evaluate(() => document.activeElement.classList.contains('hit-link')),
      `[${tag}] ArrowDown moves from the search box to the results`);
  }
  await shot(page, `results-${width}.png`);
  await runAxe(page, `results (${width}px)`);

  // Tick a facet: the script fetches the filtered page and swaps it in,
  // keeping focus on the checkbox (without the script: "Apply filters").
  const facet = page.locator('input[name="sector"][value="transparency-accountability"]');
  await facet.scrollIntoViewIfNeeded();
  await Promise.all([page.waitForURL(/sector=transparency-accountability/), facet.check()]);
  await page.waitForSelector('.chips .chip');
  check(await page.locator('input[name="sector"][value="transparency-accountability"]').isChecked(),
    `[${tag}] the ticked facet stays ticked`);
  check(await page.evaluate(() => document.activeElement && document.activeElement.value === 'transparency-accountability'),
    `[${tag}] focus stays on the ticked checkbox`);
  check(await page.locator('.chips .chip').count() === 1, `[${tag}] the active filter shows as a removable chip`);
  check(await hits.count() > 0, `[${tag}] the filtered search has results`);

  // Open a case.
  const firstHit = page.locator('#results .hit-link').first();
  const caseTitle = (await firstHit.innerText()).trim();
  await Promise.all([page.waitForURL(/\/case\//), firstHit.click()]);
  check((await page.locator('h1').innerText()).trim() === caseTitle, `[${tag}] the case page opens`);
  check(await page.locator('.case-meta dl a').count() > 0, `[${tag}] metadata values link to searches`);
  check(await page.locator('.measured table').count() === 1, `[${tag}] measured results are a table`);
  await shot(page, `case-${width}.png`);
  await runAxe(page, `case (${width}px)`);

  // Switch to English.
  await Promise.all([page.waitForURL(/lang=en/), page.click('#lang-switch')]);
  check((await page.getAttribute('html', 'lang')) === 'en', `[${tag}] the switch turns the interface to English`);
  check((await page.locator('#meta-heading').innerText()).trim() === 'Details', `[${tag}] the case's panel is in English`);
  await shot(page, `case-en-${width}.png`);
  await runAxe(page, `case in English (${width}px)`);

  // Follow a related case; English stays.
  const related = page.locator('.related .card a').first();
  check(await related.count() === 1, `[${tag}] the case lists related cases`);
  const relatedTitle = (await related.innerText()).trim();
  await Promise.all([page.waitForURL(/\/case\/.*lang=en/), related.click()]);
  check((await page.locator('h1').innerText()).trim() === relatedTitle, `[${tag}] the related case opens`);
  check((await page.getAttribute('html', 'lang')) === 'en', `[${tag}] English is kept across links`);

  // Home in English, axe on it; the 404 page.
  await page.goto(base + '/?lang=en');
  await runAxe(page, `home in English (${width}px)`);
  await page.goto(base + '/?lang=el');
  await runAxe(page, `home (${width}px)`);
  const missing = await page.goto(base + '/case/no-such-case');
  check(missing.status() === 404 && (await page.locator('h1').innerText()).includes('δεν βρέθηκε'),
    `[${tag}] an unknown case gives the friendly 404 page`);
  await runAxe(page, `404 (${width}px)`);
  await context.close();
}

// ---- 3. Without JavaScript: plain forms and links.
async function withoutJavaScript(base) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.fill('#q', 'kainotomia');  // Greeklish
  await Promise.all([page.waitForURL(/\/search\?/), page.click('.search-form button[type="submit"]')]);
  check(await page.locator('#results .hit').count() > 0, '[no JS] a Greeklish query finds results');
  await page.goto(base + '/search?q=');
  await page.check('input[name="doclang"][value="en"]');
  await Promise.all([page.waitForURL(/doclang=en/), page.click('.facets button.apply')]);
  check(await page.locator('input[name="doclang"][value="en"]').isChecked(), '[no JS] Apply filters submits the ticked facet');
  const langs = await page.locator('#results .hit-title').evaluateAll((els) => els.map((e) => e.lang));
  check(langs.length > 0 && langs.every((l) => l === 'en'), '[no JS] the filter narrows to English cases');
  await context.close();
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const { chromium } = require('playwright-core');
  buildIndex();
  const base = await startServer();
  console.log(`# praxis-searchd at ${base}`);
  const profile = join(work, 'profile');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Playwright gives every launch a fresh, temporary --user-data-dir.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    env: { ...process.env, HOME: profile },
  });
  await walkThrough(base, 1280);
  await walkThrough(base, 360);
  await withoutJavaScript(base);
}

try {
  await main();
} catch (e) {
  failures++;
  console.log(`not ok - ${e.stack || e}`);
}
await cleanup();
for (const n of notes) console.log(`# ${n}`);
console.log(`${failures === 0 ? 'PASS' : 'FAIL'}: browser test, ${failures} failure(s)`);
process.exit(failures === 0 ? 0 : 1);
