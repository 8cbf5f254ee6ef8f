// tests/lib/browser.js - Debian's chromium through playwright-core, and
// pages that report everything that can go wrong with them.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { demo, DEMO_PASSWORD } from './server.js';
import { nextCode } from './totp.js';

export const TIMEOUT = 10000;

// Headless chromium as root, without the background services that would
// try to reach the closed network.
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

// A page in a context that enforces the CSP, with everything that can go
// wrong collected in `problems`.  `allow` lists the failed responses a
// step expects ([{ status, path }]) and the requests the page itself
// ends ({ aborted: path }: an event stream it closes), which are kept in
// `aborted`.  A request the browser aborts because the page navigated
// away is not a fault of the page, unless `strictAborts` says every
// abort must be one the step expects.
export async function strictPage(browser, { viewport = { width: 1280, height: 900 }, allow = [], strictAborts = false } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(TIMEOUT);
  // Report CSP violations from the page itself too, whatever the console
  // says (init scripts are injected by the browser, not blocked by CSP).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  const aborted = [];
  const expected = (url, status) => allow.some((a) => a.status === status && new URL(url).pathname === a.path);
  page.on('console', (m) => {
    if (m.type() !== 'error' && !/Content Security Policy|CSP violation/i.test(m.text())) return;
    // Chromium logs every 4xx/5xx response as "Failed to load resource";
    // the 'response' handler judges those.
    if (/^Failed to load resource: the server responded with a status of/.test(m.text())) return;
    problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !expected(r.url(), r.status())) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    const p = new URL(r.url()).pathname;
    const isAbort = r.failure()?.errorText === 'net::ERR_ABORTED';
    if (isAbort && allow.some((a) => a.aborted === p)) aborted.push(p);
    else if (!isAbort || strictAborts) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return { context, page, problems, allow, aborted };
}

export function assertClean(problems) {
  assert.deepEqual(problems, [], `the page had problems:\n${problems.join('\n')}`);
}

// Signs in through the sign-in page as a demo account; staff also type
// the code of their authenticator (tests/lib/totp.js), as a person would.
export async function signInThrough(page, server, login, { next } = {}) {
  if (!next) await page.goto(`${server.base}/signin.html`);
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await fillCode(page, server, login);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  if (!next) await page.locator('#who-name').waitFor();
}

// The one-time code field of the sign-in page, for demo staff.
export async function fillCode(page, server, login) {
  const staff = demo.staff.find((x) => x.username === login);
  if (staff) await page.getByLabel('动态验证码（工作人员）').fill(await nextCode(server.db, login, staff.totp_secret, server.clockOffset));
}
