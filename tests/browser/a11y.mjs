// WCAG 2.1 A/AA checks for Polku with axe-core in headless Chromium.
//
// Env:
//   BASE_URL        server root, e.g. http://127.0.0.1:8080 (no trailing slash needed)
//   POLKU_USER      staff user for the editor pages
//   POLKU_PASSWORD  its password
//   CHROMIUM        Chromium binary (default /usr/bin/chromium)
//   LANGS           optional, comma-separated subset of fi,sv,en
//   A11Y_REPORT     optional path: write the full result as JSON there
//
// For every page it asserts the HTTP status (200, or 404 for the not-found
// page), <html lang> equal to the path's language, exactly one <h1>, a
// non-empty <title>, and zero axe-core violations for the tags below.
// Exits 1 if anything failed. Nothing here throws past main(): a missing page
// or selector is reported as a failure and the run goes on.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseUrl, launchBrowser, CHROMIUM } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const AXE_PATH = join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const BASE = baseUrl();
const USER = process.env.POLKU_USER || '';
const PASSWORD = process.env.POLKU_PASSWORD || '';
const ALL_LANGS = ['fi', 'sv', 'en'];
const LANGS = (process.env.LANGS || ALL_LANGS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

// Search terms per language, already in query-string form.
const QUERY = {
  fi: 'kotihoito',
  sv: encodeURIComponent('hemvård'),
  en: 'home+care',
};
const LOCALE = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

const RESULT_SELECTORS = ['#results li', '.result'];
const TIMEOUT = 30_000;

// ---------------------------------------------------------------- results --

const failures = []; // { url, message }
const violations = []; // { url, id, impact, help, helpUrl, nodes, targets }
const warnings = []; // { url, message }
let pagesChecked = 0;
let checksPassed = 0;
let checksFailed = 0;

function short(url) {
  return url.startsWith(BASE) ? url.slice(BASE.length) || '/' : url;
}

function firstLine(msg) {
  return String(msg ?? '').split('\n')[0].slice(0, 300);
}

function fail(url, message) {
  failures.push({ url, message });
  console.log(`  FAIL  ${short(url)}: ${message}`);
}

function warn(url, message) {
  warnings.push({ url, message });
  console.log(`  warn  ${short(url)}: ${message}`);
}

// A check that is not a page of its own (link discovery, login, no-JS search).
function check(url, ok, message) {
  if (ok) {
    checksPassed++;
  } else {
    checksFailed++;
    fail(url, message);
  }
  return ok;
}

// ------------------------------------------------------------------ pages --

// Navigate to `target` (path or absolute URL) and check it.
// Returns { loaded, ok }: loaded = the page is there to look for links in.
async function checkPage(page, target, opts) {
  const url = target.startsWith('http') ? target : BASE + target;
  let response = null;
  try {
    response = await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  } catch (e) {
    pagesChecked++;
    checksFailed++;
    fail(url, `${opts.label}: navigation failed: ${firstLine(e.message)}`);
    return { loaded: false, ok: false };
  }
  const ok = await inspect(page, url, response, opts);
  return { loaded: true, ok };
}

// Check the page that is loaded now. `response` is its main document response.
async function inspect(page, url, response, { lang, label, expectStatus = 200, axe = true }) {
  pagesChecked++;
  const problems = [];
  const status = response ? response.status() : null;
  if (status !== expectStatus) {
    problems.push(`HTTP status ${status ?? '(no response)'}, expected ${expectStatus}`);
  }
  const finalUrl = page.url();
  const redirected = finalUrl !== url ? ` (-> ${short(finalUrl)})` : '';

  // Locator APIs work with JavaScript disabled too.
  try {
    const htmlLang = await page.locator('html').getAttribute('lang', { timeout: 5_000 });
    if (htmlLang !== lang) {
      problems.push(`<html lang> is ${JSON.stringify(htmlLang)}, expected "${lang}"`);
    }
    const h1 = await page.locator('h1').count();
    if (h1 !== 1) problems.push(`expected exactly one <h1>, found ${h1}`);
    const title = await page.title();
    if (!title.trim()) problems.push('<title> is missing or empty');
  } catch (e) {
    problems.push(`could not read the page: ${firstLine(e.message)}`);
  }

  let found = [];
  if (axe) {
    try {
      found = await runAxe(page);
    } catch (e) {
      problems.push(`axe-core did not run: ${firstLine(e.message)}`);
    }
  }
  for (const v of found) violations.push({ url: finalUrl, ...v });

  const ok = problems.length === 0 && found.length === 0;
  if (ok) checksPassed++;
  else checksFailed++;
  const tag = ok ? 'ok  ' : 'FAIL';
  const axeNote = axe ? `, ${found.length} axe violation${found.length === 1 ? '' : 's'}` : ', axe skipped';
  console.log(`  ${tag}  ${status ?? '---'}  ${short(url)}${redirected}  [${label}${axeNote}]`);
  for (const p of problems) {
    failures.push({ url: finalUrl, message: `${label}: ${p}` });
    console.log(`          - ${p}`);
  }
  for (const v of found) {
    console.log(`          - axe ${v.id} [${v.impact}] ${v.help} (${v.nodes} node${v.nodes === 1 ? '' : 's'})`);
  }
  return ok;
}

async function runAxe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    });
    const sel = (t) => (Array.isArray(t) ? t.join(' >>> ') : String(t));
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.length,
      targets: v.nodes.map((n) => n.target.map(sel).join(' ')),
    }));
  }, AXE_TAGS);
}

// Absolute, same-origin, de-duplicated hrefs of the first selector that
// yields any, filtered by `accept(URL)`.
async function collectLinks(page, selectors, accept) {
  const here = page.url().split('#')[0];
  for (const selector of selectors) {
    let hrefs = [];
    try {
      hrefs = await page.locator(selector).evaluateAll((as) => as.map((a) => a.href));
    } catch {
      continue;
    }
    const seen = new Set();
    const out = [];
    for (const href of hrefs) {
      let u;
      try {
        u = new URL(href);
      } catch {
        continue;
      }
      u.hash = '';
      const s = u.toString();
      if (u.origin !== new URL(BASE).origin || s === here || seen.has(s) || !accept(u)) continue;
      seen.add(s);
      out.push(s);
    }
    if (out.length) return out;
  }
  return [];
}

// ---------------------------------------------------------------- login ----

async function logIn(page, lang) {
  const url = page.url();
  const form = page.locator('form').filter({ has: page.locator('input[name=password]') }).first();
  if ((await form.count()) === 0) {
    return check(url, false, 'login: no <form> with input[name=password] on the login page');
  }
  if ((await form.locator('input[name=csrf]').count()) === 0) {
    warn(url, 'login form has no hidden input[name=csrf]');
  }
  const username = form.locator('input[name=username]');
  if ((await username.count()) === 0) {
    return check(url, false, 'login: no input[name=username] in the login form');
  }
  if (!USER || !PASSWORD) {
    return check(url, false, 'login: POLKU_USER and POLKU_PASSWORD must be set');
  }
  let response = null;
  try {
    await username.first().fill(USER);
    await form.locator('input[name=password]').first().fill(PASSWORD);
    const submit = form.locator('button[type=submit], input[type=submit], button:not([type])').first();
    const navigation = page.waitForNavigation({ waitUntil: 'load', timeout: TIMEOUT });
    if ((await submit.count()) > 0) await submit.click();
    else await form.locator('input[name=password]').first().press('Enter');
    response = await navigation;
  } catch (e) {
    return check(url, false, `login: submitting the form failed: ${firstLine(e.message)}`);
  }
  const status = response ? response.status() : null;
  const after = page.url();
  const stillLogin =
    new URL(after).pathname.replace(/\/+$/, '').endsWith('/login') ||
    (await page.locator('input[name=password]').count()) > 0;
  if (status === null || status >= 400 || stillLogin) {
    let msg = '';
    try {
      msg = (await page.locator('[role=alert], .error, .errors').first().innerText({ timeout: 1_000 })).trim();
    } catch {
      /* no visible error message */
    }
    return check(
      url,
      false,
      `login as "${USER}" failed: status ${status ?? '(none)'}, now at ${short(after)}` +
        (msg ? `, page says: ${JSON.stringify(msg.slice(0, 200))}` : ''),
    );
  }
  return check(url, true, '');
}

// --------------------------------------------------------- per language ----

async function checkLanguage(browser, lang) {
  console.log(`\n== ${lang} ==`);
  // bypassCSP: axe is injected as an inline script; a strict CSP would block it.
  const context = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1280, height: 900 },
    locale: LOCALE[lang] || lang,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => warn(page.url(), `JavaScript error: ${firstLine(e.message)}`));

  try {
    await checkPage(page, `/${lang}/`, { lang, label: 'start page' });

    // Results page, and the service pages linked from it.
    const resultsPath = `/${lang}/services?q=${QUERY[lang] ?? 'a'}`;
    const results = await checkPage(page, resultsPath, { lang, label: 'results' });
    let serviceLinks = [];
    if (results.loaded) {
      serviceLinks = await collectLinks(
        page,
        ['#results a[href*="/services/"]', '.result a[href*="/services/"]', 'main a[href*="/services/"]'],
        (u) => /\/services\/[^/]+/.test(u.pathname),
      );
      check(
        BASE + resultsPath,
        serviceLinks.length > 0,
        'results: no service links (a[href*="/services/"]) in the results list',
      );
    }

    await checkPage(page, `/${lang}/services?q=&municipality=638&channel=chat`, {
      lang,
      label: 'results with filters',
    });
    await checkPage(page, `/${lang}/services?q=zzzzqqqq`, { lang, label: 'empty results' });
    await checkPage(page, `/${lang}/my-areas?address=06100`, { lang, label: 'my areas' });
    await checkPage(page, `/${lang}/units/unit-ngo-crisis-porvoo`, { lang, label: 'unit with a survey' });
    // Issue 17 (units17): a unit with entrances on its map, its feedback page, the embeddable finder.
    await checkPage(page, `/${lang}/units/unit-porvoo-hospital`, { lang, label: 'unit with entrances' });
    await checkPage(page, `/${lang}/units/unit-porvoo-hospital/feedback`, { lang, label: 'feedback form' });
    await checkPage(page, `/${lang}/embed/finder?municipality=638&group=P4`, { lang, label: 'embedded finder' });
    await checkPage(page, `/${lang}/embed/finder?municipality=434&q=${QUERY[lang] ?? 'a'}`, { lang, label: 'embedded finder, searched' });
    await checkPage(page, `/${lang}/embed`, { lang, label: 'embedding help' });

    let unitLink = null;
    for (const link of serviceLinks.slice(0, 3)) {
      const svc = await checkPage(page, link, { lang, label: 'service page' });
      if (svc.loaded && !unitLink) {
        const units = await collectLinks(
          page,
          ['main a[href*="/units/"]', 'a[href*="/units/"]'],
          (u) => /\/units\/[^/]+/.test(u.pathname),
        );
        unitLink = units[0] ?? null;
      }
    }
    if (unitLink) {
      await checkPage(page, unitLink, { lang, label: 'unit page' });
    } else if (serviceLinks.length) {
      console.log('  note  no unit page linked from the service pages; unit page not checked');
    }

    await checkPage(page, `/${lang}/services/does-not-exist`, {
      lang,
      label: 'not found',
      expectStatus: 404,
    });

    // Login through the real form, then the editor pages.
    const login = await checkPage(page, `/${lang}/login`, { lang, label: 'login' });
    const loggedIn = login.loaded && (await logIn(page, lang));
    if (loggedIn) {
      const editor = await checkPage(page, `/${lang}/editor`, { lang, label: 'editor' });
      if (editor.loaded) {
        const edits = await collectLinks(page, ['main a[href*="/editor/services/"]', 'a[href*="/editor/services/"]'], (u) =>
          /\/editor\/services\/[^/]+/.test(u.pathname),
        );
        const editLink = edits.find((l) => !/\/new\/?$/.test(new URL(l).pathname)) ?? null;
        if (check(BASE + `/${lang}/editor`, !!editLink, 'editor: no edit link (a[href*="/editor/services/"]) on the editor page')) {
          await checkPage(page, editLink, { lang, label: 'edit service' });
        }
      }
      await checkPage(page, `/${lang}/editor/services/new`, { lang, label: 'new service' });
      // The feedback queue (a catalog editor reads every producer's).
      await checkPage(page, `/${lang}/feedback`, { lang, label: 'feedback queue' });
      // The planning pages are the planner's (the test user has both roles).
      await checkPage(page, `/${lang}/planning/eligibility`, { lang, label: 'planning: eligibility proposals' });
      await checkPage(page, `/${lang}/planning/access?service=svc-home-care&age=75%2B`, { lang, label: 'planning: accessibility' });
      // Monitoring: the dashboard, an indicator by municipality (chart, map, tables), one by two
      // dimensions at once, and one by week.
      await checkPage(page, `/${lang}/monitoring`, { lang, label: 'monitoring dashboard' });
      await checkPage(page, `/${lang}/monitoring/child_protection_7wd?by=municipality`, { lang, label: 'indicator by municipality' });
      await checkPage(page, `/${lang}/monitoring/primary_visit_14d?by=municipality,age_group`, { lang, label: 'indicator by two dimensions' });
      await checkPage(page, `/${lang}/monitoring/continuity_coc?period=week`, { lang, label: 'indicator by week' });
    } else if (login.loaded) {
      console.log('  note  editor pages not checked because login failed');
    }
  } finally {
    await context.close();
  }
}

// The navigator's pages for a client of the demo county, made through the API: the client
// page, the assessment form, the workspace (reached and used with the keyboard alone: Tab
// to the plan button, Enter), and the printable plan.
async function api(method, path, token, body) {
  const response = await fetch(BASE + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

let navClientSeq = 0;

async function checkNavigation(browser, lang) {
  const user = process.env.POLKU_NAV_USER || '';
  const password = process.env.POLKU_NAV_PASSWORD || '';
  if (!user || !password) {
    check(`${BASE}/${lang}/clients`, false, 'navigation: POLKU_NAV_USER and POLKU_NAV_PASSWORD must be set');
    return;
  }
  const { token } = await api('POST', '/api/v1/sessions', null, { username: user, password });
  // A valid identity code: 010150 + individual number + its check character.
  navClientSeq++;
  const number = 200 + navClientSeq + ALL_LANGS.indexOf(lang) * 10;
  const checks = '0123456789ABCDEFHJKLMNPRSTUVWXY';
  const hetu = `010150-${number}${checks[Number(`010150${number}`) % 31]}`;
  const client = await api('POST', '/api/v1/clients', token, {
    hetu, given_name: 'Aino', family_name: 'Axe', municipality: '638', language: lang === 'sv' ? 'sv' : 'fi',
    contact: { address: 'Runebergsgatan 1, 06100 Borgå' },
  });
  const answers = {
    acute: 'no', age: 84, lives_alone: 'yes', memory: 'somewhat', orientation: 'sometimes',
    lonely_companionship: 'often', lonely_left_out: 'often', lonely_isolated: 'some_of_the_time', has_carer: 'no',
    falls: 'one', care_allowance: 'basic', rai_done: 'yes', rai_maple: 4, travel_mode: 'car', accessibility_need: 'rollator',
  };
  for (const item of ['adl_bathing', 'adl_dressing', 'adl_toilet', 'adl_transfer', 'adl_eating', 'iadl_meals', 'iadl_shopping', 'iadl_medication', 'iadl_housework', 'iadl_finances']) {
    answers[item] = 'some_help';
  }
  await api('POST', `/api/v1/navigation/clients/${client.id}/assessments`, token, { questionnaire: 'older-people', answers, complete: true });
  // A referral to the navigator's own organisation: it is in their inbox and their sent list.
  const referral = await api('POST', `/api/v1/clients/${client.id}/referrals`, token, { to_organization: 'org-itu', service: 'svc-doctor-appointment' });
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: LOCALE[lang] });
  const page = await context.newPage();
  try {
    await page.goto(`${BASE}/${lang}/login`, { waitUntil: 'load', timeout: TIMEOUT });
    const form = page.locator('form').filter({ has: page.locator('input[name=password]') }).first();
    await form.locator('input[name=username]').fill(user);
    await form.locator('input[name=password]').fill(password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type=submit]').first().click()]);
    const base = `/${lang}/clients/${client.id}`;
    await checkPage(page, base, { lang, label: 'client' });
    await checkPage(page, `${base}/assessments/general-adult`, { lang, label: 'assessment form' });
    await checkPage(page, `${base}/path`, { lang, label: 'client path' });
    await checkPage(page, `/${lang}/referrals`, { lang, label: 'referral inbox' });
    await checkPage(page, `/${lang}/referrals/sent`, { lang, label: 'sent referrals' });
    await checkPage(page, `/${lang}/referrals/${referral.id}`, { lang, label: 'referral' });
    const workspace = await checkPage(page, `${base}/navigation`, { lang, label: 'navigation workspace' });
    if (!workspace.loaded) return;
    // Keyboard alone: Tab until the plan button has the focus (every focused element visible), then Enter.
    const planButton = 'form[action$="/plans"] button[type=submit]';
    let reached = false;
    for (let i = 0; i < 600 && !reached; i++) {
      await page.keyboard.press('Tab');
      const state = await page.evaluate((sel) => {
        const el = document.activeElement;
        if (!el || el === document.body) return { visible: true, target: false };
        const r = el.getBoundingClientRect();
        return { visible: r.width > 0 && r.height > 0, target: el.matches(sel) };
      }, planButton);
      check(`${BASE}${base}/navigation`, state.visible, 'navigation: a focused element is not visible');
      reached = state.target;
    }
    if (check(`${BASE}${base}/navigation`, reached, 'navigation: the plan button cannot be reached with Tab')) {
      const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      check(page.url(), /\/plans\/plan-/.test(page.url()), 'navigation: Enter on the plan button did not make a plan');
      await inspect(page, page.url(), response, { lang, label: 'service plan' });
    }
  } finally {
    await context.close();
  }
}

// The search works without JavaScript: real form submission, real results.
async function checkNoJsSearch(browser, lang) {
  console.log(`\n== ${lang}, JavaScript disabled ==`);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: LOCALE[lang] || lang });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const start = `${BASE}/${lang}/`;
  const term = decodeURIComponent((QUERY[lang] ?? 'a').replace(/\+/g, ' '));
  try {
    let response;
    try {
      response = await page.goto(start, { waitUntil: 'load', timeout: TIMEOUT });
    } catch (e) {
      return check(start, false, `no-JS search: could not open the start page: ${firstLine(e.message)}`);
    }
    if (!response || response.status() !== 200) {
      return check(start, false, `no-JS search: start page answered ${response ? response.status() : '(none)'}`);
    }
    let box = page.locator('form[role=search] input[name=q]');
    if ((await box.count()) === 0) {
      box = page.locator('input[name=q]');
      if ((await box.count()) > 0) warn(start, 'search box input[name=q] is not inside form[role=search]');
    }
    if ((await box.count()) === 0) {
      return check(start, false, 'no-JS search: no search box input[name=q] on the start page');
    }
    box = box.first();
    const form = page.locator('form').filter({ has: page.locator('input[name=q]') }).first();
    const submit = form.locator('button[type=submit], input[type=submit], button:not([type])').first();
    let resultsResponse;
    try {
      await box.fill(term);
      const navigation = page.waitForNavigation({ waitUntil: 'load', timeout: TIMEOUT });
      if ((await submit.count()) > 0) await submit.click();
      else await box.press('Enter');
      resultsResponse = await navigation;
    } catch (e) {
      return check(start, false, `no-JS search: submitting the search form failed: ${firstLine(e.message)}`);
    }
    const url = page.url();
    await inspect(page, url, resultsResponse, { lang, label: 'no-JS results', axe: false });
    let count = 0;
    for (const sel of RESULT_SELECTORS) count = Math.max(count, await page.locator(sel).count());
    return check(url, count > 0, `no-JS search for "${term}": no results listed (.result or #results li)`);
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------ main ---

function report() {
  if (warnings.length) {
    console.log(`\nWarnings (${warnings.length}):`);
    for (const w of warnings) console.log(`  ${w.url}: ${w.message}`);
  }
  if (violations.length) {
    console.log(`\nViolations (${violations.length}):`);
    for (const v of violations) {
      console.log(`  ${v.url}`);
      console.log(`    ${v.id} [${v.impact}] ${v.help}  (${v.helpUrl})`);
      for (const t of v.targets.slice(0, 3)) console.log(`      at ${t}`);
      if (v.targets.length > 3) console.log(`      ... and ${v.targets.length - 3} more`);
    }
  }
  if (failures.length) {
    console.log(`\nOther failures (${failures.length}):`);
    for (const f of failures) console.log(`  ${f.url}: ${f.message}`);
  }
  if (process.env.A11Y_REPORT) {
    writeFileSync(
      process.env.A11Y_REPORT,
      JSON.stringify({ base: BASE, pagesChecked, violations, failures, warnings }, null, 2) + '\n',
    );
  }
  console.log('');
  console.log(`a11y: ${pagesChecked} pages checked, ${violations.length} violations`);
  console.log(`a11y: ${checksPassed} passed, ${checksFailed} failed`);
}

async function main() {
  console.log(`a11y: checking ${BASE} (${LANGS.join(', ')}) with axe-core tags ${AXE_TAGS.join(',')}`);
  const unknown = LANGS.filter((l) => !ALL_LANGS.includes(l));
  if (unknown.length) console.log(`  note  unknown language(s) ${unknown.join(', ')}; checking anyway`);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    console.error(`a11y: could not launch Chromium at ${CHROMIUM}: ${firstLine(e.message)}`);
    console.error('a11y: install it with `apt-get install -y chromium` or set CHROMIUM');
    return 1;
  }
  try {
    for (const lang of LANGS) {
      try {
        await checkLanguage(browser, lang);
      } catch (e) {
        check(`${BASE}/${lang}/`, false, `unexpected error while checking ${lang}: ${firstLine(e.stack || e.message)}`);
      }
      try {
        await checkNavigation(browser, lang);
      } catch (e) {
        check(`${BASE}/${lang}/`, false, `unexpected error in the navigation pages (${lang}): ${firstLine(e.stack || e.message)}`);
      }
      try {
        await checkNoJsSearch(browser, lang);
      } catch (e) {
        check(`${BASE}/${lang}/`, false, `unexpected error in the no-JS search (${lang}): ${firstLine(e.stack || e.message)}`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }
  report();
  return violations.length || failures.length || checksFailed ? 1 : 0;
}

process.exitCode = await main();
