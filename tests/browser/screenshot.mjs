// README screenshot: the Finnish results page for "kotihoito" at 1280x900.
//
// Env: BASE_URL (server root), SCREENSHOT_OUT (PNG path to write), CHROMIUM.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { baseUrl, launchBrowser } from './lib.mjs';

const out = process.env.SCREENSHOT_OUT;
if (!out) {
  console.error('screenshot: set SCREENSHOT_OUT to the PNG path to write');
  process.exit(2);
}
const path = resolve(out);
const url = `${baseUrl()}/fi/services?q=kotihoito`;

const browser = await launchBrowser();
let code = 0;
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    locale: 'fi-FI',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  const status = response ? response.status() : null;
  if (status !== 200) {
    console.error(`screenshot: ${url} answered ${status ?? '(no response)'}, expected 200`);
    code = 1;
  } else {
    // Web fonts, if any, before the picture is taken.
    await page.evaluate(() => document.fonts && document.fonts.ready).catch(() => {});
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path, fullPage: false });
    console.log(`screenshot: wrote ${path} (${url}, 1280x900)`);
  }
} catch (e) {
  console.error(`screenshot: failed: ${String(e.message).split('\n')[0]}`);
  code = 1;
} finally {
  await browser.close().catch(() => {});
}
process.exitCode = code;
