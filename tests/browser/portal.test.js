// tests/browser/portal.test.js - the web pages in a real browser.
//
// Debian's chromium, driven by playwright-core, against a real tongban
// server (tests/lib/server.js) with the demo city.  Every page runs under
// the server's Content-Security-Policy; a console error, an uncaught
// exception, a CSP violation or an unexpected failed request fails the
// test that caused it.  axe-core checks every page (it needs a context
// that bypasses the CSP to be injected, so it runs in a second context).
//
//   cd /work/main && TONGBAN_BIN=build/tongban node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, strictPage, assertClean, TIMEOUT, fillCode } from '../lib/browser.js';
import { startServer, root, DEMO_PASSWORD } from '../lib/server.js';

const AXE = fs.readFileSync(path.join(root, 'tests/node_modules/axe-core/axe.min.js'), 'utf8');
const WEB = path.join(root, 'web');
const PENGPU = { lat: '31.305', lng: '121.45' };
const JA12_NAME = '彭浦新村街道社区事务受理服务中心';

let server;
let browser;

before(async () => {
  server = await startServer({ store: 'sqlite' });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function api(p) {
  const r = await server.api('GET', p);
  assert.equal(r.status, 200, `${p}: ${r.text}`);
  return r.json;
}

// Waits until the search has answered and the live region shows its count.
async function waitForCount(page, text) {
  await page.locator('#result-count').filter({ hasText: text }).waitFor();
}

// The materials table against the API's materials, row by row.
async function checkMaterials(page, matter) {
  const rows = page.locator('#materials tbody tr');
  assert.equal(await rows.count(), matter.materials.length, 'one row per material');
  assert.match(await page.locator('#materials caption').innerText(), new RegExp(`共 ${matter.materials.length} 项`));
  for (let i = 0; i < matter.materials.length; i++) {
    const m = matter.materials[i];
    const cells = rows.nth(i).locator('th, td');
    assert.equal(await rows.nth(i).getAttribute('data-kind'), m.kind);
    assert.match(await cells.nth(1).innerText(), new RegExp(`^${m.name_zh}`));
    const how = await cells.nth(2).innerText();
    const expectedHow = {
      provide: '申请人提供',
      licence: '电子证照',
      shared: `数据共享：由${m.shared_by?.name_zh}提供`,
      commitment: '告知承诺',
    }[m.satisfied];
    assert.ok(how.includes(expectedHow), `material ${m.kind} (${m.satisfied}): "${how}" should say "${expectedHow}"`);
    const count = await cells.nth(3).innerText();
    if (m.originals) assert.ok(count.includes(`原件 ${m.originals} 份`), `${m.kind}: ${count}`);
    if (m.copies) assert.ok(count.includes(`复印件 ${m.copies} 份`), `${m.kind}: ${count}`);
    if (!m.originals && !m.copies) assert.equal(count, '—');
    assert.ok((await cells.nth(4).innerText()).startsWith(m.key ? '是' : '否'), `${m.kind} key=${m.key}`);
  }
}

async function fact(page, label) {
  return page.locator('#facts .fact').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd').innerText();
}

test('the pages carry no inline script, style or event handler', () => {
  const pages = fs.readdirSync(WEB).filter((f) => f.endsWith('.html'));
  for (const p of ['index.html', 'matter.html', 'centers.html', 'signin.html']) assert.ok(pages.includes(p), `web/${p} exists`);
  for (const f of pages) {
    const html = fs.readFileSync(path.join(WEB, f), 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${f}: a <script> without src`);
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/i, `${f}: a <script> with a body`);
    assert.doesNotMatch(html, /<style[\s>]/i, `${f}: a <style> element`);
    assert.doesNotMatch(html, /\sstyle\s*=/i, `${f}: a style attribute`);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${f}: an inline event handler`);
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i, `${f}: something loaded from another origin`);
  }
  for (const f of fs.readdirSync(WEB).filter((x) => x.endsWith('.js'))) {
    const js = fs.readFileSync(path.join(WEB, f), 'utf8');
    assert.doesNotMatch(js, /setAttribute\(\s*['"]style['"]/, `${f}: sets a style attribute (blocked by the CSP)`);
    assert.doesNotMatch(js, /\.innerHTML\s*=/, `${f}: innerHTML`);
  }
});

test('the CSP is enforced and a violation would be caught', async () => {
  const { context, page, problems } = await strictPage(browser);
  const res = await page.goto(`${server.base}/index.html`);
  assert.match(res.headers()['content-security-policy'], /script-src 'self'/);
  await page.locator('#results li').first().waitFor();
  assertClean(problems);
  // The watcher is not blind: an inline script and an inline style are
  // refused and reported.
  await page.evaluate(() => {
    const sc = document.createElement('script');
    sc.textContent = 'window.__inline = 1';
    document.body.append(sc);
    document.body.setAttribute('style', 'color: red');
  });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__inline), undefined, 'the inline script must not run');
  assert.ok(problems.some((p) => /CSP violation: script-src/.test(p)), `script violation caught:\n${problems.join('\n')}`);
  assert.ok(problems.some((p) => /CSP violation: style-src/.test(p)), `style violation caught:\n${problems.join('\n')}`);
  await context.close();
});

test('search the catalog in Chinese and English, filter, and open a guide', async () => {
  const { context, page, problems } = await strictPage(browser);
  const shebao = await api(`/api/v1/matters?q=${encodeURIComponent('社保')}&limit=20`);
  assert.ok(shebao.total > 0);

  await page.goto(`${server.base}/index.html`);
  await page.getByLabel('搜索事项（中文或英文）').fill('社保');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await waitForCount(page, `找到 ${shebao.total} 项事项`);
  const links = page.locator('#results li a.result-link');
  assert.equal(await links.count(), shebao.items.length);
  assert.equal(await links.first().innerText(), shebao.items[0].name_zh);
  assert.equal(await links.first().getAttribute('href'), `matter.html?code=${shebao.items[0].code}`);
  assert.match(page.url(), /[?&]q=%E7%A4%BE%E4%BF%9D/, 'the search is in the address');
  // The result count is announced.
  assert.equal(await page.locator('#result-count').getAttribute('aria-live'), 'polite');

  // English words find the matters too.
  const seniors = await api('/api/v1/matters?q=seniors&limit=20');
  assert.ok(seniors.total > 0 && seniors.total !== shebao.total);
  await page.getByLabel('搜索事项（中文或英文）').fill('seniors');
  await page.getByLabel('搜索事项（中文或英文）').press('Enter');
  await waitForCount(page, `找到 ${seniors.total} 项事项`);
  assert.deepEqual(await links.allInnerTexts(), seniors.items.map((m) => m.name_zh));

  // A filter narrows the search at once.
  const zero = await api('/api/v1/matters?q=seniors&zero_material=true&limit=20');
  assert.ok(zero.total < seniors.total, 'the filter must narrow the demo search');
  await page.getByLabel('零材料提交').check();
  await waitForCount(page, `找到 ${zero.total} 项事项`);
  assert.equal(await links.count(), zero.items.length);
  await page.getByLabel('零材料提交').uncheck();
  await waitForCount(page, `找到 ${seniors.total} 项事项`);

  // The guide, opened from the results.
  const ca001 = await api('/api/v1/matters/C-CA-001');
  await page.getByRole('link', { name: ca001.name_zh, exact: true }).click();
  await page.waitForURL(/matter\.html\?code=C-CA-001$/);
  await page.locator('h1#matter-name', { hasText: ca001.name_zh }).waitFor();
  assert.equal(await fact(page, '实施部门'), ca001.department.name_zh);
  assert.equal(await fact(page, '法定时限'), `${ca001.legal_days} 个工作日`);
  assert.equal(await fact(page, '承诺时限'), `${ca001.promised_days} 个工作日`);
  assert.equal(await fact(page, '收费'), '免费');
  assert.match(await fact(page, '全市通办'), /^是/);
  await checkMaterials(page, ca001);
  // Back to the same search.
  await page.getByRole('link', { name: '返回事项搜索' }).click();
  await waitForCount(page, `找到 ${seniors.total} 项事项`);
  assert.equal(await page.getByLabel('搜索事项（中文或英文）').inputValue(), 'seniors');

  // A guide that is not citywide, with materials the applicant provides.
  const ca012 = await api('/api/v1/matters/C-CA-012');
  assert.equal(ca012.citywide, false);
  assert.ok(ca012.materials.some((m) => m.satisfied === 'provide' && m.originals > 0));
  await page.goto(`${server.base}/matter.html?code=C-CA-012`);
  await page.locator('h1#matter-name', { hasText: ca012.name_zh }).waitFor();
  const cw = await fact(page, '全市通办');
  assert.ok(cw.startsWith('否') && cw.includes(ca012.not_citywide_reason_zh), `not citywide and why: ${cw}`);
  await checkMaterials(page, ca012);
  assertClean(problems);
  await context.close();
});

test('an unknown matter shows the API error', async () => {
  const { context, page, problems } = await strictPage(browser, { allow: [{ status: 404, path: '/api/v1/matters/C-XX-999' }] });
  await page.goto(`${server.base}/matter.html?code=C-XX-999`);
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: '未找到' }).waitFor();
  assert.match(await alert.innerText(), /no matter has the code C-XX-999/);
  assert.equal(await page.locator('#guide').isHidden(), true);
  assertClean(problems);
  await context.close();
});

test('the nearest center to Pengpu Xincun, open on a Monday morning, closed in the evening', async () => {
  const { context, page, problems } = await strictPage(browser);
  await page.goto(`${server.base}/centers.html`);
  await page.getByLabel('纬度').fill(PENGPU.lat);
  await page.getByLabel('经度').fill(PENGPU.lng);
  await page.getByLabel('日期和时间（上海时间，可不填）').fill('2026-11-23T10:00');
  await page.getByLabel('只显示营业中的地点').check();
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.locator('#places-count', { hasText: '11月23日（周一）10:00' }).waitFor();

  const first = page.locator('#places > li').first();
  assert.equal(await first.getAttribute('data-code'), 'JA12');
  assert.equal(await first.locator('.name').innerText(), JA12_NAME);
  assert.equal(await first.locator('.badge').innerText(), '营业中');
  assert.match(await first.locator('.place-state').innerText(), /19:00 结束营业/);
  assert.match(await first.innerText(), /0 米/);
  // JA12's phone and address are made up: they say so.
  const phone = first.locator('.fact').filter({ has: page.locator('dt', { hasText: '电话' }) });
  assert.match(await phone.innerText(), /示例数据 \/ sample data/);
  assert.ok(await page.locator('#places > li .badge-closed').count() === 0, 'only open places');

  // The maps: the outline's rings, every place as a dot, the nearest ones
  // highlighted with a tooltip.
  const outline = JSON.parse(fs.readFileSync(path.join(root, 'data/shanghai_outline.json'), 'utf8'));
  const served = await fetch(`${server.base}/shanghai-outline.json`);
  assert.equal(served.status, 200);
  assert.deepEqual(await served.json(), outline, 'the outline the pages draw is data/shanghai_outline.json');
  const city = page.locator('svg#map-city');
  await city.locator('path.land').first().waitFor();
  assert.equal(await city.locator('path.land').count(), outline.rings.length);
  assert.ok(await city.locator('circle.pt:not(.near)').count() > 200, 'all centers and sub-centers are drawn');
  const listed = await page.locator('#places > li').count();
  assert.ok(listed >= 5);
  assert.equal(await city.locator('g.near-pt').count(), listed);
  const tips = await page.locator('svg#map-local g.near-pt > title').allTextContents();
  assert.ok(tips.some((x) => x.startsWith(`1. ${JA12_NAME}`)), `tooltips: ${tips.join(' | ')}`);
  assert.equal(await city.getAttribute('role'), 'img');

  // 20:00: JA12 is still the nearest, now closed, opening the next morning.
  await page.getByLabel('只显示营业中的地点').uncheck();
  await page.getByLabel('日期和时间（上海时间，可不填）').fill('2026-11-23T20:00');
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.locator('#places-count', { hasText: '11月23日（周一）20:00' }).waitFor();
  assert.equal(await first.getAttribute('data-code'), 'JA12');
  assert.equal(await first.locator('.badge').innerText(), '已关闭');
  assert.match(await first.locator('.place-state').innerText(), /下次开放：11月24日（周二）08:30/);

  // And with "open only", no center or sub-center is open at 20:00.
  await page.getByLabel('只显示营业中的地点').check();
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.locator('#places-count', { hasText: '没有找到' }).waitFor();
  assert.equal(await page.locator('#places > li').count(), 0);

  // A district from the list becomes the position.
  const districts = await api('/api/v1/districts');
  assert.equal(await page.locator('#district-table tbody tr').count(), districts.items.length);
  const baoshan = districts.items.find((d) => d.code === '310113');
  const near = await api(`/api/v1/centers/nearest?lat=${baoshan.lat.toFixed(4)}&lng=${baoshan.lng.toFixed(4)}&limit=1`);
  await page.getByLabel('只显示营业中的地点').uncheck();
  await page.getByRole('button', { name: '宝山区' }).click();
  await page.locator('#places > li').first().and(page.locator(`[data-code="${near.items[0].code}"]`)).waitFor();
  assert.equal(await page.getByLabel('纬度').inputValue(), baoshan.lat.toFixed(4));
  assertClean(problems);
  await context.close();
});

test('sign in as a clerk, see the name, sign out, and the session is gone', async () => {
  const { context, page, problems, allow } = await strictPage(browser);
  await page.goto(`${server.base}/signin.html`);
  await page.getByLabel('登录名').fill('clerk.pengpu');

  // A wrong password: the API's error, on the field it names.
  allow.push({ status: 401, path: '/api/v1/session' });
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '登录名或密码错误' }).waitFor();
  assert.equal(await page.getByLabel('登录名').getAttribute('aria-invalid'), 'true');
  allow.pop();

  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  // Staff: the password alone is not enough; then the authenticator's code.
  allow.push({ status: 401, path: '/api/v1/session' });
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '6位动态码' }).waitFor();
  assert.equal(await page.getByLabel('动态验证码（工作人员）').getAttribute('aria-invalid'), 'true');
  allow.pop();
  await fillCode(page, server, 'clerk.pengpu');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('#who-name', { hasText: '彭浦窗口一' }).waitFor();
  assert.equal(await page.getByRole('alert').innerText(), '', 'the error is gone');
  assert.match(await page.locator('#who').innerText(), /窗口人员/);
  assert.match(await page.locator('#nav-account').innerText(), /彭浦窗口一/);
  const cookie = (await context.cookies()).find((c) => c.name === '__Host-tongban');
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(await page.evaluate(() => document.cookie.includes('tongban')), false, 'scripts cannot read it');
  const csrf = await page.evaluate(() => sessionStorage.getItem('tongban.csrf'));
  const me = await page.evaluate(() => fetch('/api/v1/me', { credentials: 'same-origin' }).then((r) => r.json()));
  assert.equal(me.login, 'clerk.pengpu');
  assert.equal(csrf, me.csrf_token, 'the tab keeps the CSRF token of its session');

  // Another page still knows who is signed in.
  await page.goto(`${server.base}/index.html`);
  await page.locator('#nav-account', { hasText: '彭浦窗口一' }).waitFor();
  await page.getByRole('link', { name: /彭浦窗口一/ }).click();
  await page.locator('#who-name', { hasText: '彭浦窗口一' }).waitFor();

  // Sign out: DELETE with the CSRF header, then the cookie is worthless.
  const deleted = page.waitForRequest((r) => r.method() === 'DELETE' && r.url().endsWith('/api/v1/session'));
  await page.getByRole('button', { name: '退出登录' }).click();
  assert.equal((await deleted).headers()['x-csrf-token'], csrf);
  await page.locator('#signin-status', { hasText: '已退出登录' }).waitFor();
  assert.equal(await page.locator('#signin-form').isVisible(), true);
  assert.equal(await page.locator('#signed-in').isHidden(), true);
  assert.match(await page.locator('#nav-account').innerText(), /^登录$/);
  const meAfter = await context.request.get(`${server.base}/api/v1/me`);
  assert.equal(meAfter.status(), 401, 'the browser is signed out');
  const replay = await server.api('GET', '/api/v1/me', { cookie: cookie.value });
  assert.equal(replay.status, 401, 'the server ended the session, not only the browser');
  assertClean(problems);
  await context.close();
});

test('the language switch: English labels, remembered, html lang follows', async () => {
  const { context, page, problems } = await strictPage(browser);
  await page.goto(`${server.base}/index.html?q=seniors`);
  await waitForCount(page, '找到');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('h1').innerText(), 'Find a government service matter');
  await page.getByLabel('Search matters (Chinese or English)').waitFor();
  await page.getByRole('link', { name: 'Service centers' }).waitFor();
  await waitForCount(page, /matters? found/);
  await page.getByRole('link', { name: "Application for the seniors' comprehensive allowance" }).waitFor();
  assert.equal(await page.title(), 'Find a matter · Tongban');

  // Remembered on the next page.
  await page.goto(`${server.base}/centers.html?lat=31.305&lng=121.45&at=2026-11-23T10:00`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('h1').innerText(), 'Find a service center');
  await page.locator('#places-count', { hasText: 'Mon 23 Nov 10:00' }).waitFor();
  const first = page.locator('#places > li').first();
  assert.equal(await first.locator('.badge').innerText(), 'Open');
  assert.match(await first.locator('.place-state').innerText(), /closes at Mon 23 Nov 19:00/);
  assert.match(await first.locator('.name').innerText(), /^Pengpu Xincun Sub-district Community Affairs/);
  await page.getByLabel('Latitude').waitFor();

  await page.goto(`${server.base}/matter.html?code=C-CA-001`);
  await page.locator('h1#matter-name', { hasText: "Application for the seniors' comprehensive allowance" }).waitFor();
  assert.match(await page.locator('#materials thead').innerText(), /How it is satisfied/);
  assert.match(await page.locator('#materials tbody').innerText(), /Data sharing: provided by Shanghai Public Security Bureau/);

  await page.getByRole('button', { name: '中文' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.locator('h1#matter-name', { hasText: '老年综合津贴申领' }).waitFor();
  assertClean(problems);
  await context.close();
});

test('axe finds nothing serious or critical on any page', async () => {
  // axe is injected, so this context bypasses the CSP (the other tests
  // prove the pages work under it).
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const pages = [
    ['home with results', '/index.html?q=%E7%A4%BE%E4%BF%9D', '#results li'],
    ['a guide', '/matter.html?code=C-CA-012', '#materials'],
    ['centers', '/centers.html?lat=31.305&lng=121.45&at=2026-11-23T10:00', 'svg#map-city circle.pt'],
    ['sign-in', '/signin.html', '#signin-form:not([hidden])'],
    ['sign-in, English', '/signin.html', '#signin-form:not([hidden])', 'en'],
    ['centers, English', '/centers.html?at=2026-11-23T20:00', '#places .badge-closed', 'en'],
  ];
  const failures = [];
  for (const [name, url, ready, lng] of pages) {
    await page.goto(`${server.base}${url}`);
    await page.evaluate((l) => localStorage.setItem('tongban.lang', l), lng || 'zh');
    await page.reload();
    await page.locator(ready).first().waitFor();
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() => axe.run());
    assert.ok(result.passes.length > 10, `axe ran on ${name}`);
    for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      failures.push(`${name}: [${v.impact}] ${v.id} - ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`);
    }
  }
  // And the signed-in view.
  await page.evaluate(() => localStorage.setItem('tongban.lang', 'zh'));
  await page.goto(`${server.base}/signin.html`);
  await page.getByLabel('登录名').fill('310113198805176844');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('#who-name', { hasText: '李静' }).waitFor();
  await page.addScriptTag({ content: AXE });
  const signedIn = await page.evaluate(() => axe.run());
  for (const v of signedIn.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
    failures.push(`signed in: [${v.impact}] ${v.id} - ${v.help}`);
  }
  await context.close();
  assert.deepEqual(failures, [], `axe violations:\n${failures.join('\n')}`);
});

test('on a 375 px phone, the search works with the keyboard only', async () => {
  const { context, page, problems } = await strictPage(browser, { viewport: { width: 375, height: 667 } });
  const shebao = await api(`/api/v1/matters?q=${encodeURIComponent('社保')}&limit=1`);
  await page.goto(`${server.base}/index.html`);
  await page.locator('#results li').first().waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scrolling');

  // The first Tab reaches the skip link, which shows itself.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  const box = await page.locator('.skip-link').boundingBox();
  assert.ok(box && box.y >= 0 && box.y < 667, 'the focused skip link is on screen');

  let steps = 0;
  while (await page.evaluate(() => document.activeElement.id) !== 'q') {
    assert.ok(++steps < 12, 'Tab reaches the search box');
    await page.keyboard.press('Tab');
  }
  // The focus is visible.
  const ring = await page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement);
    return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
  });
  assert.ok(ring.style !== 'none' && ring.width >= 2, `focus ring on the search box: ${JSON.stringify(ring)}`);

  await page.keyboard.type('社保');
  await page.keyboard.press('Enter');
  await waitForCount(page, `找到 ${shebao.total} 项事项`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'the focus stays in the search box');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'results fit the phone');

  // On to the first result with Tab, open it with Enter.
  for (steps = 0; !(await page.evaluate(() => document.activeElement.classList.contains('result-link'))); steps++) {
    assert.ok(steps < 15, 'Tab reaches the first result');
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`matter\\.html\\?code=${shebao.items[0].code}$`));
  await page.locator('h1#matter-name', { hasText: shebao.items[0].name_zh }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'the guide fits the phone');
  assertClean(problems);
  await context.close();
});
