// Shared helpers for the Polku browser checks.
//
// Chromium is always the system one (Debian's `chromium` package); Playwright
// never downloads a browser here. The flags keep Chromium from trying to reach
// the network (this machine and CI have none; without them it hangs on lookups).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

export function baseUrl() {
  const raw = process.env.BASE_URL || 'http://127.0.0.1:8080';
  return raw.replace(/\/+$/, '');
}

// ------------------------------------------------------------ visiting ---
//
// Every page is visited through `visit`, which signs the browser context in first when the
// page is for someone other than the public. Who may see what is decided here, once: today
// the planning pages are public and the editor needs a staff user; when planning pages
// become planner-only, `ROLE_OF` is the line to change (and `signIn` takes the planner's
// credentials from the environment).

export const ROLE_OF = { public: null, planning: 'planner', staff: 'staff' };

const CREDENTIALS = {
  staff: () => [process.env.POLKU_USER || '', process.env.POLKU_PASSWORD || ''],
  planner: () => [process.env.POLKU_PLANNER_USER || process.env.POLKU_USER || '', process.env.POLKU_PLANNER_PASSWORD || process.env.POLKU_PASSWORD || ''],
};

// Sign `page`'s context in as `role` through the real login form (once per context).
export async function signIn(page, role, lang = 'fi') {
  if (!role) return true;
  const context = page.context();
  if (context.__polkuRole === role) return true;
  const [user, password] = CREDENTIALS[role]();
  if (!user || !password) throw new Error(`signIn: no credentials for ${role} (POLKU_USER, POLKU_PASSWORD)`);
  await page.goto(`${baseUrl()}/${lang}/login`, { waitUntil: 'load' });
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('form:has(input[name=password]) button[type=submit]').click(),
  ]);
  if (new URL(page.url()).pathname.endsWith('/login')) throw new Error(`signIn: login as ${user} failed`);
  context.__polkuRole = role;
  return true;
}

// Visit `path` as whoever the page is for (`who`: a key of ROLE_OF).
export async function visit(page, path, { who = 'public', lang = 'fi', timeout = 30_000 } = {}) {
  await signIn(page, ROLE_OF[who], lang);
  return page.goto(path.startsWith('http') ? path : baseUrl() + path, { waitUntil: 'load', timeout });
}
