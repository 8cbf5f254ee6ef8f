// tests/browser/guidance.test.js - the guidance wizard (guide.html) in a
// real browser, against the supermarket scenario (data/guidance/).
//
// One server for the file (SQLite):
//  (a) the demo enterprise signs in through the sign-in page, opens the
//      wizard from the home page, walks the supermarket scenario - partly
//      by keyboard - with a contradictory area refused with the server's
//      reason, a reload in the middle, Back once and forward again, a
//      "change" from the summary; sees the guide the API gives for the
//      same answers, downloads the PDF, creates one draft per matter and
//      submits them together with the commitments signed;
//  (b) an anonymous visitor on a 375 px phone: one question by keyboard,
//      no sideways scrolling, the guide with every material "needed" and
//      the way to sign in, a failed PDF shown as an error, English, a
//      change that takes the path elsewhere (answers reported skipped), and
//      the sign-in round trip as a resident (who may not apply).
// axe-core runs on the list, on questions and on the guide; every page
// runs under the server's CSP, and console errors, CSP violations and
// unexpected failed requests fail the test (tests/lib/browser.js).
//
//   cd /work/main && TONGBAN_BIN=build/tongban node --test tests/browser/guidance.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, strictPage, assertClean, signInThrough as signIn, fillCode } from '../lib/browser.js';
import { startServer, root, demo, DEMO_PASSWORD } from '../lib/server.js';

const AXE = fs.readFileSync(path.join(root, 'tests/node_modules/axe-core/axe.min.js'), 'utf8');
const ENTERPRISE = demo.enterprises.find((e) => e.credit_code === '913101064T0RNBUW84');
const SID = 'supermarket';
const EVALUATE = `/api/v1/guidance/scenarios/${SID}/evaluate`;

// A standard retail supermarket selling prepackaged, bulk and fresh food
// with food made in the store, alcohol, a shop sign and escalators: a path
// through every kind of question and with several matters.
const ANSWERS = {
  format: 'standard', area: 1200, trade: 'retail', goods: ['prepackaged', 'bulk', 'fresh'], onsite: true,
  alcohol: true, entity: 'existing', signboard: true, equipment: true, renovation: false, prepaid: false,
};

let server;
let browser;
let scenario;	// GET /guidance/scenarios/supermarket
let token;	// the enterprise's bearer token, for direct API calls

before(async () => {
  server = await startServer({ store: 'sqlite' });
  browser = await launchBrowser();
  const r = await server.api('GET', `/api/v1/guidance/scenarios/${SID}`);
  assert.equal(r.status, 200, r.text);
  scenario = r.json;
  token = (await server.signIn(ENTERPRISE.credit_code)).token;
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

function q(id) {
  const x = scenario.questions.find((y) => y.id === id);
  assert.ok(x, `the scenario asks "${id}"`);
  return x;
}

function label(qid, value) {
  const o = q(qid).options.find((x) => x.value === value);
  assert.ok(o, `${qid} has the option ${value}`);
  return o.label_zh;
}

async function evaluate(answers, { auth = true } = {}) {
  const r = await server.api('POST', EVALUATE, { body: { answers }, token: auth ? token : undefined });
  return r;
}

const signInThrough = (page, login) => signIn(page, server, login);

// axe-core in the page itself (evaluated through the DevTools protocol,
// which the CSP does not govern): no serious or critical violation.
async function axe(page, name) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run());
  assert.ok(result.passes.length > 10, `axe ran on ${name}`);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [],
    `axe on ${name}`);
}

async function noSideways(page, what) {
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    `${what}: no sideways scrolling at ${page.viewportSize().width} px`);
}

// The question on screen is `id`, with the focus on its heading when the
// page moved there from another step.
async function onQuestion(page, id, { focused = true } = {}) {
  await page.locator(`#q-form[data-question="${id}"] #step-h`, { hasText: q(id).text_zh }).waitFor();
  if (focused) assert.equal(await page.evaluate(() => document.activeElement.id), 'step-h', `the focus is on the question "${id}"`);
}

async function progress(page) {
  return page.locator('#progress').evaluate((p) => ({ value: p.value, max: p.max }));
}

async function next(page) {
  await page.getByRole('button', { name: '下一步', exact: true }).click();
}

async function choose(page, qid, value) {
  await page.getByLabel(label(qid, value), { exact: true }).check();
}

async function yesno(page, yes) {
  await page.getByLabel(yes ? '是' : '否', { exact: true }).check();
}

test('the scenario file gives a path with several matters', async () => {
  const r = await evaluate(ANSWERS);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.complete, true, `the answers end the path: ${r.text}`);
  assert.deepEqual(r.json.skipped, []);
  assert.ok(r.json.guide.matters.length >= 4, `several matters: ${r.json.guide.matters.map((m) => m.code)}`);
  const bad = await evaluate({ format: 'standard', area: 100 });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json.error.code, 'contradictory_answers');
});

test('(a) the enterprise walks the supermarket wizard, gets the guide and the PDF, and applies for everything at once', async () => {
  const { context, page, problems, allow } = await strictPage(browser);
  allow.push({ status: 422, path: EVALUATE }, { status: 400, path: EVALUATE });
  const want = (await evaluate(ANSWERS)).json;
  const first = (await evaluate({})).json;
  const contradiction = (await evaluate({ format: 'standard', area: 100 })).json.error;

  await signInThrough(page, ENTERPRISE.credit_code);

  // The home page leads to the wizard; the list has both groups.
  await page.goto(`${server.base}/index.html`);
  await page.getByRole('link', { name: '开始智能引导' }).click();
  await page.waitForURL(/\/guide\.html$/);
  const list = (await server.api('GET', '/api/v1/guidance/scenarios')).json.items;
  await page.locator('#group-enterprise .scenario-link').first().waitFor();
  assert.equal(await page.locator('h1:visible').innerText(), '智能引导');
  for (const [audience, title] of [['enterprise', '企业开办与经营'], ['person', '个人生活']]) {
    assert.equal(await page.locator(`#group-${audience}-h`).innerText(), title);
    assert.deepEqual(await page.locator(`#group-${audience} .scenario-link`).allInnerTexts(),
      list.filter((s) => s.audience === audience).map((s) => s.title_zh));
  }
  await axe(page, 'the list');
  const link = page.getByRole('link', { name: scenario.title_zh });
  assert.equal(await link.getAttribute('href'), `guide.html?s=${SID}`);
  await link.click();
  await page.waitForURL(new RegExp(`/guide\\.html\\?s=${SID}$`));

  // 1. format, by keyboard: into the radio group, an arrow chooses, Tab
  // to Next, Enter.
  await onQuestion(page, 'format', { focused: false });
  assert.equal(await page.locator('h1:visible').innerText(), scenario.title_zh);
  assert.deepEqual(await progress(page), { value: 0, max: first.progress.remaining });
  assert.equal(await page.locator('#progress-text').innerText(), `第 1 题（最多共 ${first.progress.remaining} 题）`);
  assert.equal(await page.locator('#back').count(), 0, 'no Back on the first question');
  assert.equal(await page.locator('#q-help').innerText(), q('format').help_zh);
  await axe(page, 'a question');
  await page.locator('#step-h').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.value), q('format').options[0].value);
  const standard = q('format').options.findIndex((o) => o.value === 'standard');
  for (let i = 0; i < standard; i++) await page.keyboard.press('ArrowDown');
  assert.ok(await page.getByLabel(label('format', 'standard'), { exact: true }).isChecked());
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'next');
  await page.keyboard.press('Enter');

  // 2. area: a contradiction with the format is refused with the server's
  // reason, next to the question; then a number out of range; then a good one.
  await onQuestion(page, 'area');
  const p1 = await progress(page);
  assert.equal(p1.value, 1, 'the progress bar advances');
  assert.match(await page.locator('#q-hint').innerText(), new RegExp(`${q('area').min}.*${q('area').max}`));
  assert.equal(await page.locator('.unit').innerText(), q('area').unit_zh);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q-input');
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  const err = page.locator('#q-error');
  await err.filter({ hasText: contradiction.message_zh }).waitFor();
  assert.equal(await err.getAttribute('role'), 'alert');
  assert.equal(await page.locator('#q-input').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#q-input').getAttribute('aria-describedby'), /\bq-error\b/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q-input', 'the focus goes back to the answer');
  assert.equal(contradiction.field, 'answers.area');
  await page.locator('#q-input').fill(String(q('area').max + 1));
  await page.keyboard.press('Enter');
  await err.filter({ hasText: '填写的内容无效' }).waitFor();
  assert.doesNotMatch(await err.innerText(), new RegExp(contradiction.message_zh), 'the old error is replaced');
  await page.locator('#q-input').fill('');
  await page.keyboard.press('Enter');
  await err.filter({ hasText: '请先回答这个问题' }).waitFor();
  await page.locator('#q-input').fill(String(ANSWERS.area));
  await page.keyboard.press('Enter');

  // 3. trade; a reload keeps the wizard where it was (sessionStorage).
  await onQuestion(page, 'trade');
  assert.equal((await progress(page)).value, 2);
  await page.reload();
  await onQuestion(page, 'trade', { focused: false });
  assert.equal((await progress(page)).value, 2);
  await choose(page, 'trade', ANSWERS.trade);
  await next(page);

  // 4. goods: checkboxes with Tab and Space.
  await onQuestion(page, 'goods');
  assert.equal((await progress(page)).value, 3);
  const goods = q('goods').options.map((o) => o.value);
  await page.keyboard.press('Tab');
  for (let i = 0; i < goods.length; i++) {
    assert.equal(await page.evaluate(() => document.activeElement.value), goods[i]);
    if (ANSWERS.goods.includes(goods[i])) await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'next');
  await page.keyboard.press('Enter');

  // 5. onsite - then Back once: goods again, with its answers, and forward.
  await onQuestion(page, 'onsite');
  assert.equal((await progress(page)).value, 4);
  await page.getByRole('button', { name: '上一步', exact: true }).click();
  await onQuestion(page, 'goods');
  assert.equal((await progress(page)).value, 3, 'the progress bar follows Back');
  for (const g of goods) {
    assert.equal(await page.getByLabel(label('goods', g), { exact: true }).isChecked(), ANSWERS.goods.includes(g), `goods ${g} kept`);
  }
  await next(page);
  await onQuestion(page, 'onsite');
  assert.equal((await progress(page)).value, 4);
  let last = (await progress(page)).value;
  await yesno(page, ANSWERS.onsite);
  await next(page);

  // 6... the rest of the path, one question after the other; one of them
  // on a 375 px phone.
  for (const id of want.path.slice(5)) {
    await onQuestion(page, id);
    const p = await progress(page);
    assert.ok(p.value > last, `the progress bar advances at ${id}: ${p.value} > ${last}`);
    last = p.value;
    if (id === 'entity') {
      await page.setViewportSize({ width: 375, height: 740 });
      await noSideways(page, 'a question');
      await axe(page, 'a question at 375 px');
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    if (q(id).type === 'yesno') await yesno(page, ANSWERS[id]);
    else await choose(page, id, ANSWERS[id]);
    await next(page);
  }

  // The summary: the answers as the server words them, each with "change".
  await page.locator('#step-h', { hasText: '请确认您的回答' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'step-h');
  assert.deepEqual(await progress(page), { value: want.path.length, max: want.path.length });
  const rows = page.locator('#summary-list .summary-row');
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.dataset.question)), want.path);
  assert.deepEqual(await page.locator('#summary-list dt').allInnerTexts(), want.summary.map((s) => s.text_zh));
  assert.deepEqual(await page.locator('#summary-list .summary-answer').allInnerTexts(), want.summary.map((s) => s.answer_zh));
  assert.equal(await rows.filter({ hasText: q('area').text_zh }).locator('.summary-answer').innerText(), `${ANSWERS.area}${q('area').unit_zh}`);
  // "Change" goes to the question and, the path being complete, back here.
  await page.locator('.summary-row[data-question="signboard"]').getByRole('button', { name: /^修改/ }).click();
  await onQuestion(page, 'signboard');
  assert.ok(await page.getByLabel('是', { exact: true }).isChecked(), 'the answer is kept');
  await next(page);
  await page.locator('#step-h', { hasText: '请确认您的回答' }).waitFor();

  // The guide: the matters the API gives for these answers.
  await page.getByRole('button', { name: '查看办事指南' }).click();
  await page.locator('#step-h', { hasText: '您的办事指南' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'step-h');
  const g = want.guide;
  const matters = page.locator('#guide-matters li.guide-matter');
  assert.deepEqual(await matters.evaluateAll((els) => els.map((e) => e.dataset.code)), g.matters.map((m) => m.code));
  assert.deepEqual(await page.locator('#guide-matters .matter-name').allInnerTexts(), g.matters.map((m) => m.name_zh));
  for (const [i, m] of g.matters.entries()) {
    const li = matters.nth(i);
    assert.equal(await li.locator('.department').innerText(), m.department.name_zh);
    assert.equal(await li.locator('.why').innerText(), m.why_zh);
    assert.equal(await li.locator('.promised').innerText(), m.promised_days === 0 ? '即办（当场办结）' : `${m.promised_days} 个工作日`);
  }
  // Materials: once each, with the status the API gives a signed-in
  // enterprise, the reason, and the matters needing them.
  const mats = page.locator('#guide-materials li.material');
  assert.deepEqual(await mats.evaluateAll((els) => els.map((e) => `${e.dataset.kind}:${e.dataset.status}`)),
    g.materials.map((m) => `${m.kind}:${m.status}`));
  assert.equal(new Set(g.materials.map((m) => m.kind)).size, g.materials.length, 'deduplicated');
  assert.ok(g.materials.some((m) => m.status === 'satisfied'), 'the enterprise already holds some');
  const names = new Map(g.matters.map((m) => [m.code, m.name_zh]));
  for (const [i, m] of g.materials.entries()) {
    assert.equal(await mats.nth(i).locator('.material-name').innerText(), m.name_zh);
    assert.equal(await mats.nth(i).locator('.reason').innerText(), m.reason_zh);
    assert.equal(await mats.nth(i).locator('.for').innerText(), m.matters.map((c) => names.get(c)).join('；'));
  }
  const shared = g.materials.find((m) => m.matters.length > 1);
  assert.ok(shared, 'a material several matters need');
  assert.deepEqual(await page.locator('#guide-precautions li').allInnerTexts(), g.precautions.map((p) => p.text_zh));
  // The forms: the values the server filled, the rest blank.
  assert.ok(g.forms.length > 0);
  for (const f of g.forms) {
    const form = page.locator(`.guide-form[data-matter="${f.matter}"]`);
    for (const x of f.fields) {
      const row = form.locator(`.fact[data-key="${x.key}"]`);
      assert.equal(await row.locator('dt').innerText(), x.label_zh);
      if (x.value === null) {
        assert.equal(await row.getAttribute('data-empty'), 'true');
        assert.equal(await row.locator('.blank').count(), 1, `${f.matter}.${x.key} is blank`);
      } else {
        assert.equal(await row.locator('.value').innerText(), x.value);
      }
    }
  }
  const food = g.forms.find((f) => f.matter === 'E-MS-016');
  if (food) {
    assert.equal(food.fields.find((x) => x.key === 'enterprise_name').value, ENTERPRISE.name);
    assert.equal(food.fields.find((x) => x.key === 'credit_code').value, ENTERPRISE.credit_code);
  }
  await axe(page, 'the guide');

  // The PDF: fetched, then offered as a link with a file name.
  await page.getByRole('button', { name: '下载PDF' }).click();
  const pdfLink = page.locator('#pdf-link');
  await pdfLink.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pdf-link');
  assert.equal(await pdfLink.getAttribute('download'), `guide-${SID}.pdf`);
  const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
  assert.equal(download.suggestedFilename(), `guide-${SID}.pdf`);
  const bytes = fs.readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
  assert.ok(bytes.length > 10 * 1024, `a real PDF: ${bytes.length} bytes`);

  // One draft per matter, in one bundle.
  await page.getByRole('button', { name: '生成申请草稿' }).click();
  await page.locator('#action-status', { hasText: `已生成 ${g.matters.length} 份申请草稿。` }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bundle-h');
  const caseRows = page.locator('#bundle-table tbody tr');
  assert.deepEqual((await caseRows.evaluateAll((els) => els.map((e) => e.dataset.matter))).sort(), g.matters.map((m) => m.code).sort());
  assert.deepEqual(await caseRows.evaluateAll((els) => els.map((e) => e.dataset.state)), g.matters.map(() => 'draft'));
  assert.deepEqual(await page.locator('#bundle-table tbody .state').allInnerTexts(), g.matters.map(() => '草稿'));
  const bundleId = await page.locator('#bundle-table').getAttribute('data-bundle');
  let b = await server.api('GET', `/api/v1/guidance/bundles/${bundleId}`, { token });
  assert.equal(b.status, 200, b.text);
  assert.equal(b.json.cases.length, g.matters.length);
  assert.deepEqual(await page.locator('#bundle-table tbody a.code').allInnerTexts(), b.json.cases.map((c) => c.number));

  // Without the commitments signed, the server refuses (all or nothing)
  // and the page says why, at the box.
  allow.push({ status: 422, path: `/api/v1/guidance/bundles/${bundleId}/submit` });
  await page.getByRole('button', { name: '一并提交' }).click();
  await page.locator('#action-error', { hasText: '本事项需要申请人签署告知承诺' }).waitFor();
  assert.equal(await page.locator('#commit').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'commit');
  b = await server.api('GET', `/api/v1/guidance/bundles/${bundleId}`, { token });
  assert.deepEqual(b.json.cases.map((c) => c.state), g.matters.map(() => 'draft'), 'nothing was submitted');

  // Submitted together, the commitments signed (Space on the box).
  await page.keyboard.press('Space');
  assert.ok(await page.getByLabel(/签署这些事项允许的告知承诺/).isChecked());
  await page.getByRole('button', { name: '一并提交' }).click();
  await page.locator('#action-status', { hasText: `已一并提交 ${g.matters.length} 件申请。` }).waitFor();
  assert.deepEqual(await page.locator('#bundle-table tbody .state').allInnerTexts(), g.matters.map(() => '已提交'));
  b = await server.api('GET', `/api/v1/guidance/bundles/${bundleId}`, { token });
  assert.deepEqual(b.json.cases.map((c) => c.state), g.matters.map(() => 'submitted'));
  assert.equal(await page.getByRole('button', { name: '一并提交' }).count(), 0);
  await axe(page, 'the guide with the submitted applications');

  // A reload shows the same guide and the bundle; "my cases" lists them.
  await page.reload();
  await page.locator('#bundle-table tbody tr').first().waitFor();
  assert.deepEqual(await page.locator('#bundle-table tbody .state').allInnerTexts(), g.matters.map(() => '已提交'));
  await page.getByRole('link', { name: '到“我的办件”查看办理进度' }).click();
  await page.waitForURL(/\/mycases\.html$/);
  for (const c of b.json.cases) await page.locator(`article.case-card[data-number="${c.number}"]`).waitFor();
  assertClean(problems);
  await context.close();
});

test('(b) on a 375 px phone, anonymous: a question by keyboard, the guide, the way to sign in, English', async () => {
  const { context, page, problems, allow } = await strictPage(browser, { viewport: { width: 375, height: 740 } });
  allow.push({ status: 500, path: `/api/v1/guidance/scenarios/${SID}/guide.pdf` },
    { status: 404, path: '/api/v1/guidance/scenarios/no-such-scenario' });
  const anon = (await evaluate(ANSWERS, { auth: false })).json;
  // A scenario that does not exist: the API's error, and the way back to the list.
  await page.goto(`${server.base}/guide.html?s=no-such-scenario`);
  await page.getByRole('alert').filter({ hasText: '未找到' }).waitFor();
  assert.equal(await page.locator('#wizard').isHidden(), true);
  assert.equal(await page.getByRole('link', { name: '全部智能引导' }).getAttribute('href'), 'guide.html');
  await page.goto(`${server.base}/guide.html?s=${SID}`);
  await onQuestion(page, 'format', { focused: false });
  await noSideways(page, 'the first question');
  // Keyboard only: from the skip link to the radios, Space, Enter on Next.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  let steps = 0;
  while (await page.evaluate(() => document.activeElement.name) !== 'answer') {
    assert.ok(++steps < 12, 'Tab reaches the answers');
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Space');
  const chosen = await page.evaluate(() => document.activeElement.value);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await onQuestion(page, 'area');
  await noSideways(page, 'the number question');
  await axe(page, 'the number question at 375 px');

  // Back to the start, then the answers of (a) as a reload would find them.
  await page.getByRole('button', { name: '上一步', exact: true }).click();
  await onQuestion(page, 'format');
  assert.ok(await page.getByLabel(label('format', chosen), { exact: true }).isChecked());
  await page.evaluate(([key, answers]) => sessionStorage.setItem(key, JSON.stringify({ answers, at: 'result' })),
    [`tongban.guide.${SID}`, ANSWERS]);
  await page.reload();
  await page.locator('#step-h', { hasText: '您的办事指南' }).waitFor();
  await noSideways(page, 'the guide');
  assert.deepEqual(await page.locator('#guide-matters .matter-name').allInnerTexts(), anon.guide.matters.map((m) => m.name_zh));
  assert.deepEqual(await page.locator('#guide-materials li.material').evaluateAll((els) => els.map((e) => e.dataset.status)),
    anon.guide.materials.map((m) => m.status));
  assert.ok(anon.guide.materials.every((m) => m.status !== 'satisfied'), 'nothing is known of an anonymous visitor');
  // Forms: nothing of the applicant is known, so those fields are blank.
  const blanks = anon.guide.forms.flatMap((f) => f.fields.filter((x) => x.value === null));
  assert.ok(blanks.length > 0, 'the applicant\'s fields are blank');
  assert.equal(await page.locator('.guide-form .fact[data-empty="true"] .blank').count(), blanks.length);
  // Signing in is explained and comes back here.
  const signin = page.locator('#signin-link');
  assert.equal(await signin.getAttribute('href'), `signin.html?next=${encodeURIComponent(`guide.html?s=${SID}`)}`);
  assert.match(await page.locator('#apply-box').innerText(), /登录后，指南会标出您已持有的材料/);
  assert.equal(await page.getByRole('button', { name: '生成申请草稿' }).count(), 0);
  await axe(page, 'the anonymous guide at 375 px');

  // A PDF that cannot be made: the error is shown, the button is back.
  await page.route('**/guide.pdf', (route) => route.fulfill({
    status: 500, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'internal', message: 'the PDF could not be made (request test)' } }),
  }));
  await page.getByRole('button', { name: '下载PDF' }).click();
  await page.locator('#action-error', { hasText: 'the PDF could not be made' }).waitFor();
  assert.equal(await page.locator('#pdf-link').count(), 0);
  assert.ok(await page.getByRole('button', { name: '下载PDF' }).isEnabled());
  await page.unroute('**/guide.pdf');

  // English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('#step-h', { hasText: 'Your guide' }).waitFor();
  assert.equal(await page.locator('h1:visible').innerText(), scenario.title_en);
  assert.deepEqual(await page.locator('#guide-matters .matter-name').allInnerTexts(), anon.guide.matters.map((m) => m.name_en));
  assert.doesNotMatch(await page.locator('#apply-box').innerText(), /[\u4e00-\u9fff]/);
  await page.getByRole('button', { name: 'Change my answers' }).click();
  await page.locator('#step-h', { hasText: 'Check your answers' }).waitFor();
  assert.deepEqual(await page.locator('#summary-list .summary-answer').allInnerTexts(), anon.summary.map((s) => s.answer_en));
  await page.locator('.summary-row[data-question="format"]').getByRole('button', { name: /^Change/ }).click();
  await page.locator('#q-form[data-question="format"] #step-h', { hasText: q('format').text_en }).waitFor();
  assert.ok(await page.getByLabel(q('format').options.find((o) => o.value === ANSWERS.format).label_en, { exact: true }).isChecked());
  // A choice not sent yet survives the switch back to Chinese.
  await page.getByLabel(q('format').options.find((o) => o.value === 'large').label_en, { exact: true }).check();
  await page.getByRole('button', { name: '中文' }).click();
  await onQuestion(page, 'format', { focused: false });
  assert.ok(await page.getByLabel(label('format', 'large'), { exact: true }).isChecked());
  await page.getByRole('button', { name: '上一步' }).count().then((n) => assert.equal(n, 0));

  // Back at the summary (the unsent choice is dropped), a change that
  // takes the path elsewhere: the answers off the new path are kept but
  // reported as skipped, and the guide follows.
  const changed = { ...ANSWERS, trade: 'wholesale' };
  const moved = (await evaluate(changed, { auth: false })).json;
  assert.equal(moved.complete, true);
  assert.ok(moved.skipped.length > 0, `the change skips answers: ${moved.skipped}`);
  await page.evaluate(([key, answers]) => sessionStorage.setItem(key, JSON.stringify({ answers, at: 'summary' })),
    [`tongban.guide.${SID}`, ANSWERS]);
  await page.reload();
  await page.locator('#step-h', { hasText: '请确认您的回答' }).waitFor();
  await page.locator('.summary-row[data-question="trade"]').getByRole('button', { name: /^修改/ }).click();
  await onQuestion(page, 'trade');
  await choose(page, 'trade', 'wholesale');
  await next(page);
  await page.locator('#step-h', { hasText: '请确认您的回答' }).waitFor();
  assert.deepEqual(await page.locator('#summary-list .summary-row').evaluateAll((els) => els.map((e) => e.dataset.question)), moved.path);
  assert.equal(await page.locator('.skipped-note').innerText(),
    `另有 ${moved.skipped.length} 个之前的回答因您修改了前面的问题而不再适用，已忽略。`);
  await page.getByRole('button', { name: '查看办事指南' }).click();
  await page.locator('#step-h', { hasText: '您的办事指南' }).waitFor();
  assert.deepEqual(await page.locator('#guide-matters .matter-name').allInnerTexts(), moved.guide.matters.map((m) => m.name_zh));
  const stored = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key)), `tongban.guide.${SID}`);
  for (const k of moved.skipped) assert.deepEqual(stored.answers[k], ANSWERS[k], `the answer to ${k} is kept`);

  // Signing in from the guide comes back to it; a resident may not apply
  // for an enterprise's matters, and is told so.
  await page.locator('#signin-link').click();
  await page.waitForURL(/\/signin\.html\?next=/);
  await page.getByLabel('登录名').fill(demo.residents[0].id_number);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(new RegExp(`/guide\\.html\\?s=${SID}$`));
  await page.locator('#step-h', { hasText: '您的办事指南' }).waitFor();
  assert.match(await page.locator('#apply-box').innerText(), /这些事项由企业申请/);
  assert.equal(await page.getByRole('button', { name: '生成申请草稿' }).count(), 0);
  assertClean(problems);
  await context.close();
});

test('the wizard page carries no inline script or style', () => {
  const html = fs.readFileSync(path.join(root, 'web/guide.html'), 'utf8');
  assert.match(html, /<script type="module" src="guide\.js"><\/script>/);
  assert.doesNotMatch(html, /<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=/i);
  const home = fs.readFileSync(path.join(root, 'web/index.html'), 'utf8');
  assert.match(home, /href="guide\.html"/, 'the home page links the wizard');
});
