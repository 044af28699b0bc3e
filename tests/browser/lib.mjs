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
