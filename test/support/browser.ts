import { chromium, type Browser, type Page } from 'playwright-core';

// The page's globals, as the callbacks run in the browser see them.
declare const document: { addEventListener(type: string, listener: (event: never) => void): void };
declare const window: { reportViolation(text: string): void };

/** Debian's `chromium` (`.ci/run` installs it), or `CHROMIUM_PATH`. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A page, with what went wrong on it and every URL it asked for. */
export interface WatchedPage {
  page: Page;
  /** Console errors and warnings, uncaught errors and Content-Security-Policy violations. */
  problems: string[];
  urls: string[];
}

export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const urls: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => urls.push(request.url()));
  // Anything the Content-Security-Policy blocks (a style, a font, a script) is a problem too.
  await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
  await page.addInitScript(() =>
    document.addEventListener(
      'securitypolicyviolation',
      (event: { violatedDirective: string; blockedURI: string }) =>
        window.reportViolation(`CSP: ${event.violatedDirective} ${event.blockedURI}`),
    ),
  );
  return { page, problems, urls };
}
