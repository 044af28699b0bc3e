// What users see, beyond axe-core: every page in fi/sv/en at 390 px and 1280 px wide.
//
// For each page it asserts:
//   - no console errors and no Content-Security-Policy violations (the page is loaded with
//     the server's real CSP; Chromium reports a blocked inline style or script as an error);
//   - no horizontal overflow (the document is never wider than the window; wide tables
//     scroll inside their own region);
//   - no SVG text outside its viewBox, and no SVG text overlapping another text;
//   - nothing hidden by the stylesheet that should show: legend swatches have a colour,
//     and no element in <main> with text is display:none or visibility:hidden unless it is
//     meant to be (inside a closed <details>, .visually-hidden, [hidden]);
// and keeps a screenshot of each key page as an artefact in $BROWSER_ARTEFACTS (default a
// temp dir), never in the repository.
//
// Env: BASE_URL, POLKU_USER, POLKU_PASSWORD, CHROMIUM, LANGS, BROWSER_ARTEFACTS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { launchBrowser, visit } from './lib.mjs';

const LANGS = (process.env.LANGS || 'fi,sv,en').split(',').map((s) => s.trim()).filter(Boolean);
const WIDTHS = [390, 1280];
const ARTEFACTS = process.env.BROWSER_ARTEFACTS || join(tmpdir(), 'polku-browser-artefacts');
const QUERY = { fi: 'kotihoito', sv: encodeURIComponent('hemvård'), en: 'home+care' };

// [label, path after /{lang}, who, expected status, screenshot?]
function pages(lang) {
  return [
    ['start', '/', 'public', 200, true],
    ['results', `/services?q=${QUERY[lang]}`, 'public', 200, true],
    ['results-filtered', `/services?q=${QUERY[lang]}&municipality=434&open_now=1`, 'public', 200, false],
    ['service', `/services/svc-home-care?q=${QUERY[lang]}&municipality=434`, 'public', 200, true],
    ['service-housing', '/services/svc-support-centre-short-term-housing', 'public', 200, false],
    ['unit', '/units/unit-porvoo-hospital', 'public', 200, true],
    ['unit-steps', '/units/unit-ngo-crisis-porvoo', 'public', 200, true],
    ['unit-entrances', '/units/unit-porvoo-health-station', 'public', 200, true],
    ['feedback', '/units/unit-porvoo-hospital/feedback', 'public', 200, true],
    ['embed', '/embed/finder?municipality=638&group=P4', 'public', 200, true],
    ['embed-search', `/embed/finder?municipality=434&q=${QUERY[lang]}`, 'public', 200, false],
    ['embed-help', '/embed', 'public', 200, false],
    ['feedback-queue', '/feedback', 'staff', 200, false],
    ['my-areas', '/my-areas?address=06100', 'public', 200, true],
    ['my-areas-bad', '/my-areas?address=Mannerheimintie+1', 'public', 400, false],
    ['statement', '/accessibility', 'public', 200, false],
    ['not-found', '/services/does-not-exist', 'public', 404, false],
    ['login', '/login', 'public', 200, false],
    ['eligibility', '/planning/eligibility', 'planning', 200, true],
    ['eligibility-bad', '/planning/eligibility?proposal=nope', 'planning', 400, false],
    ['access', '/planning/access?service=svc-home-care&age=75%2B', 'planning', 200, true],
    ['access-scenario', '/planning/access?service=svc-home-care&close=unit-porvoo-home-care&open_lat=60.45&open_lon=25.75', 'planning', 200, true],
    ['access-bad', '/planning/access?service=svc-home-care&open_lat=abc&open_lon=25.3&move=unit-porvoo-home-care', 'planning', 400, false],
    ['monitoring', '/monitoring', 'public', 200, true],
    ['indicator', '/monitoring/child_protection_7wd?by=municipality', 'public', 200, true],
    ['indicator-two-dims', '/monitoring/primary_visit_14d?by=municipality,age_group', 'public', 200, false],
    ['indicator-bad', '/monitoring/child_protection_7wd?by=shoe_size', 'public', 400, false],
    ['editor', '/editor', 'staff', 200, false],
    ['edit-service', '/editor/services/svc-home-care', 'staff', 200, true],
    ['retire-confirm', '/editor/services/svc-home-care/retire', 'staff', 200, false],
    ['new-service', '/editor/services/new', 'staff', 200, false],
  ];
}

// Runs in the page: the problems it finds.
function inspectPage() {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((e) => !e.closest('.table-scroll'))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''}`);
    problems.push(`horizontal overflow: document ${doc.scrollWidth} px wide in a ${window.innerWidth} px window (${wide.join(', ')})`);
  }
  for (const svg of document.querySelectorAll('svg[viewBox]')) {
    if (svg.closest('details:not([open])')) continue;
    const vb = svg.viewBox.baseVal;
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim());
    const boxes = texts.map((t) => ({ t, b: t.getBBox() }));
    const name = svg.querySelector('title')?.textContent?.slice(0, 60) || svg.getAttribute('aria-label') || 'svg';
    for (const { t, b } of boxes) {
      const eps = Math.max(vb.width, vb.height) * 0.001;
      if (b.x < vb.x - eps || b.y < vb.y - eps || b.x + b.width > vb.x + vb.width + eps || b.y + b.height > vb.y + vb.height + eps) {
        problems.push(`SVG text outside its viewBox in "${name}": "${t.textContent.trim().slice(0, 40)}"`);
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].b;
        const c = boxes[j].b;
        const w = Math.min(a.x + a.width, c.x + c.width) - Math.max(a.x, c.x);
        const h = Math.min(a.y + a.height, c.y + c.height) - Math.max(a.y, c.y);
        if (w > 0.5 && h > 0.5) {
          problems.push(`SVG texts overlap in "${name}": "${boxes[i].t.textContent.trim().slice(0, 30)}" and "${boxes[j].t.textContent.trim().slice(0, 30)}"`);
        }
      }
    }
  }
  for (const s of document.querySelectorAll('.swatch')) {
    const bg = getComputedStyle(s).backgroundColor;
    if (!bg || bg === 'transparent' || bg === 'rgba(0, 0, 0, 0)') problems.push(`legend swatch without a colour: ${s.className}`);
  }
  for (const e of document.querySelectorAll('main *')) {
    if (!e.textContent.trim() || e.closest('details:not([open])') || e.closest('.visually-hidden, [hidden], svg, template, noscript')) continue;
    if (e.tagName === 'SUMMARY' || e.tagName === 'OPTION') continue;
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden') {
      problems.push(`hidden by the stylesheet: <${e.tagName.toLowerCase()} class="${e.className}"> "${e.textContent.trim().slice(0, 40)}"`);
      break;
    }
  }
  return problems;
}

// Page weight (issue 17): the finder's pages, loaded cold (cache off) at phone width, must
// transfer at most WEIGHT_LIMIT bytes without images: the document, the stylesheet, headers
// included (Chromium's encodedDataLength). The figures go to $BROWSER_ARTEFACTS/weights.json.
const WEIGHT_LIMIT = 100_000;
const WEIGHED = ['start', 'results', 'results-filtered', 'service', 'unit', 'unit-steps', 'unit-entrances', 'feedback', 'my-areas', 'embed', 'embed-search'];

async function weigh(browser, failures) {
  const figures = [];
  for (const lang of LANGS) {
    for (const [label, path, who, status] of pages(lang).filter(([l]) => WEIGHED.includes(l))) {
      const context = await browser.newContext({ viewport: { width: 390, height: 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        const kinds = new Map();
        let bytes = 0;
        let images = 0;
        cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, e.type));
        cdp.on('Network.loadingFinished', (e) => {
          if (kinds.get(e.requestId) === 'Image') images += e.encodedDataLength;
          else bytes += e.encodedDataLength;
        });
        const response = await visit(page, `/${lang}${path}`, { who, lang });
        if (!response || response.status() !== status) throw new Error(`HTTP ${response ? response.status() : 'none'}`);
        await page.waitForLoadState('networkidle');
        const url = `/${lang}${path}`;
        figures.push({ url, bytes, images });
        const over = bytes > WEIGHT_LIMIT;
        console.log(`  ${over ? 'FAIL' : 'ok  '}  weight ${(bytes / 1000).toFixed(1).padStart(6)} kB  ${url}`);
        if (over) failures.push(`${url}: ${bytes} bytes transferred without images, over ${WEIGHT_LIMIT}`);
      } catch (e) {
        failures.push(`weight of /${lang}${path}: ${String(e.message).split('\n')[0]}`);
      } finally {
        await context.close();
      }
    }
  }
  writeFileSync(join(ARTEFACTS, 'weights.json'), JSON.stringify(figures, null, 2));
  const max = figures.reduce((m, f) => Math.max(m, f.bytes), 0);
  console.log(`\nweight: ${figures.length} finder pages, the heaviest ${(max / 1000).toFixed(1)} kB (limit ${WEIGHT_LIMIT / 1000} kB)`);
}

async function main() {
  mkdirSync(ARTEFACTS, { recursive: true });
  const browser = await launchBrowser();
  const failures = [];
  let checked = 0;
  try {
    for (const lang of LANGS) {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
        const page = await context.newPage();
        const errors = [];
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        page.on('pageerror', (e) => errors.push(String(e.message)));
        try {
          for (const [label, path, who, status, shot] of pages(lang)) {
            errors.length = 0;
            const url = `/${lang}${path}`;
            let problems = [];
            try {
              const response = await visit(page, url, { who, lang });
              if (!response || response.status() !== status) problems.push(`HTTP ${response ? response.status() : 'none'}, expected ${status}`);
              // The browser's own console: CSP violations and script errors (a 4xx page logs its status; that is expected).
              problems.push(...errors.filter((e) => !/the server responded with a status of (400|404)/.test(e)).map((e) => `console: ${e.slice(0, 200)}`));
              problems.push(...(await page.evaluate(inspectPage)));
              if (shot && (width === 390 || width === 1280)) {
                await page.screenshot({ path: join(ARTEFACTS, `${lang}-${width}-${label}.png`), fullPage: width === 390 });
              }
            } catch (e) {
              problems.push(`failed: ${String(e.message).split('\n')[0]}`);
            }
            checked++;
            const tag = problems.length ? 'FAIL' : 'ok  ';
            console.log(`  ${tag}  ${width}px  ${url}`);
            for (const p of problems) {
              console.log(`          - ${p}`);
              failures.push(`${width}px ${url}: ${p}`);
            }
          }
        } finally {
          await context.close();
        }
      }
    }
    await weigh(browser, failures);
  } finally {
    await browser.close().catch(() => {});
  }
  console.log(`\nlayout: ${checked} page views checked, ${failures.length} problems; screenshots in ${ARTEFACTS}`);
  return failures.length ? 1 : 0;
}

process.exitCode = await main();
