// Opens the reference issue's web page in headless Chromium (Debian's, driven by
// puppeteer-core), runs axe-core at WCAG 2.0/2.1 A and AA, measures whether the browser
// hyphenates Norwegian by itself (CSS `hyphens: auto`), and saves screenshots at 375 px and
// 1280 px width, in the light and the dark scheme. Exits 1 on any axe violation.
// Usage: node scripts/check-html.mjs out/2025-4/index.html out/screenshots
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const page = resolve(process.argv[2] ?? 'out/2025-4/index.html');
const shots = resolve(process.argv[3] ?? 'out/screenshots');
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const profile = mkdtempSync(join(tmpdir(), 'nyhetsbrev-chromium-'));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
  ],
});
let failed = false;
try {
  const tab = await browser.newPage();
  for (const scheme of ['light', 'dark']) {
    await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    for (const width of [375, 1280]) {
      await tab.setViewport({ width, height: 900, deviceScaleFactor: 1 });
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      await tab.evaluate(() => document.fonts.ready);
      // Lazy pictures: scroll them all into view before the full-page screenshot.
      await tab.evaluate(() => document.querySelectorAll('img').forEach((i) => { i.loading = 'eager'; }));
      await tab.evaluate(() => Promise.all([...document.images].map((i) => (i.complete ? null : new Promise((r) => { i.onload = i.onerror = r; })))));
      await tab.evaluate(axeSource);
      const result = await tab.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }),
      );
      const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      console.log(`${scheme} ${width}px: axe ${result.violations.length} violations, ${result.passes.length} rules passed, ${result.incomplete.length} to check by hand; horizontal overflow ${overflow} px`);
      for (const v of result.violations) {
        failed = true;
        console.log(`  ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 5)) console.log(`    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`);
      }
      if (overflow > 0) {
        failed = true;
        console.log('  the page is wider than the window');
      }
      const file = join(shots, `${scheme}-${width}.png`);
      await tab.screenshot({ path: file, fullPage: true });
      await tab.screenshot({ path: join(shots, `${scheme}-${width}-top.png`) });
      console.log(`  screenshot ${file}`);
    }
  }
  // Does this browser hyphenate Norwegian by itself? A long word in a narrow box, with and without `hyphens: auto`.
  await tab.setContent('<html lang="nb"><body><p id="a" style="width:6em;hyphens:auto">arbeidsmarkedsdepartementet menneskehandel</p><p id="b" style="width:6em;hyphens:manual">arbeidsmarkedsdepartementet menneskehandel</p></body></html>');
  const [auto, manual] = await tab.evaluate(() => ['a', 'b'].map((id) => document.getElementById(id).getBoundingClientRect().height));
  console.log(`hyphens: auto with lang="nb" ${auto !== manual ? 'hyphenates' : 'does not hyphenate'} in ${await browser.version()} (${auto} px against ${manual} px)`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
