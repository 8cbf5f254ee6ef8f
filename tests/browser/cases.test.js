// tests/browser/cases.test.js - the case pages in a real browser: the
// comprehensive window (desk.html), the reviewer's queue (review.html),
// the manager's view (manage.html), "my cases" (mycases.html), the
// licences (licences.html) and the public verification (verify.html).
//
// One server for the file; the steps build on each other:
//  (a) clerk.pengpu files C-CA-001 for a Baoshan resident at the Jing'an
//      window JA12, accepts it and sends the originals; clerk.baoshan
//      receives them; reviewer.civil reviews and approves; clerk.baoshan
//      issues;
//  (b) the resident follows it in "my cases" and verifies the licence;
//  (c) a supplement: C-PS-010 for Zhang Wei, the resident uploads the
//      missing material and resubmits;
//  (d) the manager's lists; axe-core on every page in Chinese and
//      English, and no sideways scrolling at 375 px.
// Every page runs under the server's CSP; console errors, CSP
// violations and unexpected failed requests fail the test that caused
// them (as in portal.test.js).
//
//   cd /work/main && TONGBAN_BIN=build/tongban node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, strictPage, assertClean, TIMEOUT, signInThrough as signIn, fillCode } from '../lib/browser.js';
import { startServer, root, demo, DEMO_PASSWORD } from '../lib/server.js';

const AXE = fs.readFileSync(path.join(root, 'tests/node_modules/axe-core/axe.min.js'), 'utf8');
const LI = demo.residents[0];	// registered in Baoshan, lives in Jing'an
const ZHANG = demo.residents[1];	// Jing'an
const JA12_NAME = '彭浦新村街道社区事务受理服务中心';
const BS01_NAME = '友谊路街道社区事务受理服务中心';
const ACTION_ZH = {
  'start-pre-review': '开始预审', accept: '受理', 'accept-tolerant': '容缺受理', 'request-supplement': '要求补正',
  'not-accept': '不予受理', resubmit: '补正后重新提交', 'start-review': '开始审批', approve: '批准', refuse: '不予批准',
  issue: '出证', collect: '窗口领取', deliver: '快递送达', withdraw: '撤回申请', 'confirm-receipt': '确认收到', submit: '提交',
};

let server;
let browser;
let tmp;
const s = {};	// what the steps share: case ids, numbers, the licence code

before(async () => {
  server = await startServer({ store: 'sqlite' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-browser-'));
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  if (server) await server.stop();
});

const signInThrough = (page, login) => signIn(page, server, login);

async function signedInPage(login, opts) {
  const p = await strictPage(browser, opts);
  await signInThrough(p.page, login);
  return p;
}

const tokens = {};
async function token(login) {
  tokens[login] ??= (await server.signIn(login)).token;
  return tokens[login];
}

async function apiCase(id, login = 'admin.city') {
  const r = await server.api('GET', `/api/v1/cases/${id}`, { token: await token(login) });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// "2026-11-27" as the Chinese pages write it: 2026年11月27日（周五）.
function zhDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日（周${'日一二三四五六'[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
}

async function waitStatus(page, sel, text) {
  await page.locator(sel).filter({ hasText: text }).waitFor();
}

// The actions the page offers, in order, as the API names them.
async function offered(page, scope) {
  return page.locator(`${scope} .actions-block [data-action]:is(button.action, details)`).evaluateAll((els) => els.map((e) => e.dataset.action));
}

// The materials of the case panel against the API's, one by one.
async function checkMaterials(page, scope, c) {
  const items = page.locator(`${scope} li.material`);
  assert.equal(await items.count(), c.materials.length, 'one item per material');
  for (const [i, m] of c.materials.entries()) {
    const li = items.nth(i);
    assert.equal(await li.getAttribute('data-kind'), m.kind);
    assert.equal(await li.getAttribute('data-status'), m.status);
    assert.equal(await li.locator('.material-name').innerText(), m.name_zh);
    assert.equal(await li.locator('.mstatus').innerText(), { needed: '缺少', satisfied: '已满足', outstanding: '容缺待补', received: '已收原件' }[m.status]);
    assert.equal(await li.locator('.reason').innerText(), m.reason_zh, `${m.kind}: the reason, as the server gives it in Chinese`);
  }
}

async function openCaseFromDesk(page, number) {
  await page.getByLabel('办件编号').fill(number);
  await page.getByRole('button', { name: '打开', exact: true }).click();
  await page.locator('#case-h2', { hasText: number }).waitFor();
}

test('(a) the window files, accepts and sends; Baoshan receives; the reviewer approves; Baoshan issues', async () => {
  const clerk = await signedInPage('clerk.pengpu');
  const { page } = clerk;
  // The nav leads clerks to the desk.
  await page.getByRole('link', { name: '综合窗口' }).click();
  await page.waitForURL(/\/desk\.html$/);
  await page.locator('#desk-center', { hasText: JA12_NAME }).waitFor();
  assert.match(await page.locator('#desk-center').innerText(), /\(JA12\)/);
  assert.equal(await page.getByLabel('查询目的（记入审计日志）').inputValue(), '窗口受理');

  // A wrong check character is caught before asking the server.
  await page.getByLabel('申请人身份证号').fill('310113198805176840');
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.locator('#desk-error', { hasText: '18 位身份证号' }).waitFor();
  assert.equal(await page.getByLabel('申请人身份证号').getAttribute('aria-invalid'), 'true');

  await page.getByLabel('申请人身份证号').fill(LI.id_number);
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.locator('#applicant-h', { hasText: `找到申请人：${LI.name}` }).waitFor();
  assert.equal(await page.getByLabel('申请人身份证号').getAttribute('aria-invalid'), null, 'the error mark is gone');
  assert.equal(await page.locator('.applicant-registered').innerText(), '宝山区');
  assert.equal(await page.locator('.applicant-living').innerText(), '静安区');
  const audit = server.sql("SELECT purpose FROM audit_log WHERE action = 'read-profile' AND actor_role = 'clerk'");
  assert.ok(audit.includes('窗口受理'), `the purpose is audited: ${audit}`);

  // Filing without a matter is refused in the page.
  await page.getByRole('button', { name: '受理登记' }).click();
  await page.locator('#desk-error', { hasText: '请先选择一个事项' }).waitFor();
  await page.getByLabel('搜索事项').fill('老年综合津贴');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await page.locator('#matter-count', { hasText: /找到 \d+ 项事项/ }).waitFor();
  await page.getByLabel(/^老年综合津贴申领 C-CA-001/).check();
  await page.getByRole('button', { name: '受理登记' }).click();
  await waitStatus(page, '#desk-status', /已登记办件 JA12-\d{8}-\d{4}。/);
  await page.waitForURL(/desk\.html\?case=\d+$/);
  s.a = Number(new URL(page.url()).searchParams.get('case'));
  let c = await apiCase(s.a);
  s.aNumber = c.number;
  assert.equal(c.received_at_center, 'JA12');
  assert.equal(c.competent_center, 'BS01');
  assert.equal(await page.locator('#case-h2').innerText(), `办件 ${c.number}`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'case-h2', 'the focus moves to the case');
  assert.equal(await page.locator('#case .case-applicant').innerText(), LI.name);
  assert.match(await page.locator('#case .case-facts').innerText(), new RegExp(BS01_NAME));

  // Every material satisfied, each with its reason.
  assert.ok(c.materials.length >= 3);
  assert.ok(c.materials.every((m) => m.status === 'satisfied'));
  await checkMaterials(page, '#case', c);
  assert.equal(await page.locator('#case .upload-form').count(), 0, 'nothing to upload');
  const clerkView = await apiCase(s.a, 'clerk.pengpu');
  assert.deepEqual(await offered(page, '#case'), clerkView.actions);
  assert.deepEqual(await page.locator('#case .action-buttons button').allInnerTexts(),
    clerkView.actions.filter((a) => ['start-pre-review', 'accept'].includes(a)).map((a) => ACTION_ZH[a]));

  // Someone else moves the case meanwhile: the 409 says so and reloads it.
  clerk.allow.push({ status: 409, path: `/api/v1/cases/${s.a}/transitions` });
  const moved = await server.api('POST', `/api/v1/cases/${s.a}/transitions`, {
    token: await token('clerk.pengpu'), body: { action: 'start-pre-review', version: c.version } });
  assert.equal(moved.status, 200, moved.text);
  await page.getByRole('button', { name: '受理', exact: true }).click();
  await page.locator('#desk-error', { hasText: '办件已被他人更新' }).waitFor();
  await page.locator('#case .case-facts [data-state="pre-review"]').waitFor();
  assert.equal(await page.locator('#case .timeline li.event').count(), c.version + 1, 'the reloaded timeline');

  await page.getByRole('button', { name: '受理', exact: true }).click();
  await waitStatus(page, '#desk-status', '已完成“受理”，办件状态：已受理。');
  await page.locator('#case .case-facts [data-state="accepted"]').waitFor();
  assert.equal(await page.locator('#desk-error').innerText(), '', 'the old error is cleared');
  c = await apiCase(s.a);
  assert.equal(c.state, 'accepted');
  assert.equal(await page.locator('#case .promised-due').innerText(), zhDay(c.deadline.promised_due));
  assert.match(await page.locator('#case .case-facts').innerText(), new RegExp(`剩余 ${c.deadline.working_days_left} 个工作日|今天到期`));

  // The originals go to Baoshan.
  assert.equal(await page.locator('#case .circ-status').innerText(), '原件待寄出');
  await page.getByLabel('快递单号').fill('SF1234567890');
  await page.getByRole('button', { name: '寄出原件' }).click();
  await waitStatus(page, '#desk-status', '原件已寄出。');
  await page.locator('#case .circ-status', { hasText: 'SF1234567890' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '确认收到原件' }).count(), 0, 'the sender does not receive');
  c = await apiCase(s.a);
  assert.equal(c.circulation[0].tracking, 'SF1234567890');
  assert.ok(c.circulation[0].sent_at && !c.circulation[0].received_at);

  // The receipt, printed from a button.
  await page.getByRole('link', { name: '打印受理回执' }).click();
  await page.waitForURL(new RegExp(`desk\\.html\\?receipt=${s.a}$`));
  await page.locator('#receipt-h1', { hasText: '受理回执' }).waitFor();
  await page.locator('.receipt-number', { hasText: c.number }).waitFor();
  assert.equal(await page.locator('.receipt-applicant').innerText(), LI.name);
  assert.match(await page.locator('#receipt-facts').innerText(), /老年综合津贴申领/);
  assert.equal(await page.locator('.receipt-materials li').count(), c.materials.length);
  assert.match(await page.locator('.receipt-deadline').innerText(), new RegExp(zhDay(c.deadline.promised_due).replace(/[()（）]/g, '.')));
  assert.equal(await page.locator('h1:visible').count(), 1, 'one heading for the receipt');
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await page.getByRole('button', { name: '打印', exact: true }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.site-header').isVisible(), false, 'no header on paper');
  assert.equal(await page.getByRole('button', { name: '打印', exact: true }).isVisible(), false);
  assert.ok(await page.locator('#receipt-facts').isVisible());
  await page.emulateMedia({ media: 'screen' });
  assertClean(clerk.problems);
  await clerk.context.close();

  // The reviewer cannot start before the originals arrive.
  const reviewer = await signedInPage('reviewer.civil');
  reviewer.allow.push({ status: 422, path: `/api/v1/cases/${s.a}/transitions` });
  const rp = reviewer.page;
  await rp.getByRole('link', { name: '审批队列' }).click();
  const row = rp.locator(`#list-accepted tr[data-id="${s.a}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td').first().innerText(), '老年综合津贴申领');
  await row.getByRole('link', { name: c.number }).click();
  await rp.locator('#case-h2', { hasText: c.number }).waitFor();
  assert.deepEqual(await offered(rp, '#case'), ['start-review']);
  await rp.getByRole('button', { name: '开始审批' }).click();
  await rp.locator('#review-error', { hasText: '原件尚未送达审批中心' }).waitFor();

  // Baoshan receives them, from its list of recent cases.
  const bs = await signedInPage('clerk.baoshan');
  await bs.page.goto(`${server.base}/desk.html`);
  await bs.page.locator(`#recent-table tr[data-id="${s.a}"] a`).click();
  await bs.page.locator('#case-h2', { hasText: c.number }).waitFor();
  assert.equal(await bs.page.locator('#case .circ-form').count(), 0, 'Baoshan does not send');
  await bs.page.getByRole('button', { name: '确认收到原件' }).click();
  await waitStatus(bs.page, '#desk-status', '原件已收到，可以开始审批。');
  await bs.page.locator('#case .circ[data-received="true"]').waitFor();
  assert.ok((await apiCase(s.a)).circulation[0].received_at);

  // The reviewer's page still shows the case before the originals came:
  // the first try says it changed and reloads it, the second starts.
  reviewer.allow.push({ status: 409, path: `/api/v1/cases/${s.a}/transitions` });
  await rp.getByRole('button', { name: '开始审批' }).click();
  await rp.locator('#review-error', { hasText: '办件已被他人更新' }).waitFor();
  await rp.locator('#case .circ[data-received="true"]').waitFor();
  await rp.getByRole('button', { name: '开始审批' }).click();
  await waitStatus(rp, '#review-status', '已完成“开始审批”，办件状态：审批中。');
  c = await apiCase(s.a);
  assert.deepEqual(await offered(rp, '#case'), (await apiCase(s.a, 'reviewer.civil')).actions);
  assert.equal(await rp.locator('#case .action-details > summary').innerText(), '不予批准');
  await rp.getByRole('button', { name: '批准', exact: true }).click();
  await waitStatus(rp, '#review-status', '已完成“批准”，办件状态：已批准。');
  assert.equal((await apiCase(s.a)).state, 'approved');
  assert.equal(await rp.locator('#case .timeline li.event').last().getAttribute('data-action'), 'approve');
  assertClean(reviewer.problems);
  await reviewer.context.close();

  // Baoshan issues: the case it shows is stale, the reload brings the action.
  await bs.page.reload();
  await bs.page.getByRole('button', { name: '出证', exact: true }).click();
  await waitStatus(bs.page, '#desk-status', '已完成“出证”，办件状态：已出证。');
  c = await apiCase(s.a);
  assert.equal(c.state, 'issued');
  assert.ok(c.licence);
  s.code = c.licence.verify_code;
  await bs.page.locator('#case .sec-licence', { hasText: c.licence.number }).waitFor();
  assertClean(bs.problems);
  await bs.context.close();
});

test('(b) the resident follows the case in "my cases" and verifies the licence', async () => {
  assert.ok(s.a, 'needs (a)');
  const c = await apiCase(s.a);
  const { context, page, problems } = await signedInPage(LI.id_number);
  await page.getByRole('link', { name: '我的办件' }).click();
  await page.waitForURL(/\/mycases\.html$/);
  const card = page.locator(`#case-${s.a}`);
  await card.waitFor();
  assert.equal(await card.locator('h2').innerText(), '老年综合津贴申领');
  assert.equal(await card.locator('.case-sub .code').innerText(), c.number);
  assert.equal(await card.locator('.case-sub .state').innerText(), '已出证');

  // The whole timeline, in order, with who, where and what.
  const events = card.locator('.timeline li.event');
  assert.deepEqual(await events.evaluateAll((els) => els.map((e) => e.dataset.action)), c.events.map((e) => e.action));
  assert.deepEqual(c.events.map((e) => e.action), ['file', 'submit', 'start-pre-review', 'accept', 'send-originals',
    'receive-originals', 'start-review', 'approve', 'issue']);
  assert.deepEqual(await events.evaluateAll((els) => els.map((e) => Number(e.dataset.version))), c.events.map((_, i) => i + 1));
  const texts = await events.allInnerTexts();
  assert.match(texts[0], /登记办件[\s\S]*草稿[\s\S]*窗口人员 彭浦窗口一/);
  assert.match(texts[0], new RegExp(JA12_NAME));
  assert.match(texts[3], /受理[\s\S]*预审中 → 已受理[\s\S]*流转至[\s\S]*友谊路街道/);
  assert.match(texts[4], /寄出原件[\s\S]*SF1234567890/);
  assert.match(texts[5], new RegExp(`收到原件[\\s\\S]*友谊路窗口一[\\s\\S]*${BS01_NAME}`));
  assert.match(texts[7], /批准[\s\S]*审批中 → 已批准[\s\S]*审批人员 民政审批一/);
  assert.match(texts[8], new RegExp(`出证[\\s\\S]*${c.licence.number}`));

  // The deadline.
  const facts = await card.locator('.case-facts').innerText();
  assert.match(facts, new RegExp(zhDay(c.deadline.promised_due).replace(/[()（）]/g, '.')));
  assert.match(facts, /计时\s+已停止/);

  // The notices: approval and issue, unread until read.
  const n = (await server.api('GET', '/api/v1/me/notices', { token: await token(LI.id_number) })).json;
  const approval = n.items.find((x) => x.case_id === s.a && x.kind === 'approved');
  assert.ok(approval);
  const li = page.locator(`#notices li[data-id="${approval.id}"]`);
  assert.equal(await li.locator('.notice-text').innerText(), approval.text_zh);
  assert.match(approval.text_zh, /已批准/);
  await page.locator('#unread', { hasText: `${n.unread} 条未读消息` }).waitFor();
  await li.getByRole('button', { name: /标为已读/ }).click();
  await page.locator('#unread', { hasText: `${n.unread - 1} 条未读消息` }).waitFor();
  assert.equal(await page.locator(`#notices li[data-id="${approval.id}"].unread`).count(), 0);
  const after = (await server.api('GET', '/api/v1/me/notices', { token: await token(LI.id_number) })).json;
  assert.equal(after.items.find((x) => x.id === approval.id).read, true);

  // The licence, its QR code, and its verification.
  const lic = card.locator('.sec-licence');
  assert.match(await lic.innerText(), new RegExp(`${c.licence.number}[\\s\\S]*有效`));
  await page.waitForFunction((sel) => { const i = document.querySelector(sel); return i && i.complete && i.naturalWidth > 0; },
    `#case-${s.a} .sec-licence img.qr`);
  await lic.getByRole('link', { name: '核验这张证照' }).click();
  await page.waitForURL(new RegExp(`/verify\\.html\\?code=${s.code}$`));
  await page.locator('#result-h2', { hasText: '证照真实，状态：有效' }).waitFor();
  assert.equal(await page.locator('#licence-status').innerText(), '有效');
  assert.equal(await page.locator('#licence-holder').innerText(), '李**');
  assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(LI.id_number));
  assert.match(await page.locator('#result').innerText(), new RegExp(`${c.licence.number}[\\s\\S]*市民政局`));
  await page.waitForFunction(() => { const i = document.querySelector('#result img.qr'); return i && i.complete && i.naturalWidth > 0; });

  // And the licences page lists it with the library's.
  const mine = (await server.api('GET', '/api/v1/me/licences', { token: await token(LI.id_number) })).json;
  await page.getByRole('link', { name: '我的证照' }).click();
  await page.locator(`.licence-card[data-number="${c.licence.number}"]`).waitFor();
  assert.equal(await page.locator('.licence-card').count(), mine.total);
  assert.match(await page.locator(`.licence-card[data-number="${c.licence.number}"]`).innerText(), /办理结果证明[\s\S]*市民政局[\s\S]*长期有效[\s\S]*有效/);
  assertClean(problems);
  await context.close();

  // Anyone opens the address of the QR code (/verify without .html).
  const anon = await strictPage(browser);
  await anon.page.goto(`${server.base}/verify?code=${s.code}`);
  await anon.page.locator('#licence-status', { hasText: '有效' }).waitFor();
  assertClean(anon.problems);
  await anon.context.close();
});

test('(c) a supplement is asked at the window; the resident uploads the material and resubmits', async () => {
  const pdf = path.join(tmp, 'permit.pdf');
  fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const fake = path.join(tmp, 'not-really.pdf');
  fs.writeFileSync(fake, 'just some text, not a PDF');

  const clerk = await signedInPage('clerk.pengpu', { viewport: { width: 375, height: 800 } });
  const { page } = clerk;
  await page.goto(`${server.base}/desk.html`);
  // By keyboard: Enter submits the look-up, Space chooses the matter.
  await page.getByLabel('申请人身份证号').fill(ZHANG.id_number);
  await page.getByLabel('申请人身份证号').press('Enter');
  await page.locator('#applicant-h', { hasText: ZHANG.name }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'applicant-h');
  await page.getByLabel('搜索事项').fill('居住证换领');
  await page.getByLabel('搜索事项').press('Enter');
  const radio = page.getByLabel(/^上海市居住证换领 C-PS-010/);
  await radio.focus();
  await page.keyboard.press('Space');
  assert.ok(await radio.isChecked());
  await page.getByRole('button', { name: '受理登记' }).click();
  await page.waitForURL(/desk\.html\?case=\d+$/);
  s.c = Number(new URL(page.url()).searchParams.get('case'));
  clerk.allow.push({ status: 422, path: `/api/v1/cases/${s.c}/transitions` });
  let c = await apiCase(s.c);
  await checkMaterials(page, '#case', c);
  assert.equal(c.materials.find((m) => m.kind === 'RESIDENCE-PERMIT').status, 'needed');
  assert.equal(await page.locator('#case .upload-form').count(), c.materials.filter((m) => m.way === 'upload').length);
  assert.equal(await page.locator('#case button.receive-original').count(), c.materials.filter((m) => m.way === 'upload').length);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'the case fits the phone');

  // Accepting with a missing material is refused, with the reason.
  await page.getByRole('button', { name: '受理', exact: true }).click();
  await page.locator('#desk-error', { hasText: '还有材料未提供' }).waitFor();

  // The supplement request, opened from the keyboard.
  const summary = page.locator('#case details[data-action="request-supplement"] > summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const form = page.locator('#case details[data-action="request-supplement"] form');
  await form.waitFor();
  assert.ok(await form.getByLabel('上海市居住证').isChecked(), 'the missing materials are proposed');
  await form.getByLabel('近期免冠证件照片').uncheck();
  await form.getByLabel('补正说明（告知申请人）').fill('请上传居住证正反面扫描件');
  await form.getByRole('button', { name: '确认要求补正' }).click();
  await waitStatus(page, '#desk-status', '办件状态：待补正');
  c = await apiCase(s.c);
  assert.equal(c.state, 'supplement-requested');
  assert.deepEqual(c.events.at(-1).data.missing, ['RESIDENCE-PERMIT']);
  assert.equal(await page.locator('#case li.material[data-kind="RESIDENCE-PERMIT"] .reason').innerText(), '请上传居住证正反面扫描件');
  assertClean(clerk.problems);
  await clerk.context.close();

  // The resident: the notice, the upload, the resubmission.
  const res = await signedInPage(ZHANG.id_number, { viewport: { width: 375, height: 800 } });
  res.allow.push({ status: 415, path: `/api/v1/cases/${s.c}/materials` });
  const rp = res.page;
  await rp.goto(`${server.base}/mycases.html`);
  const card = rp.locator(`#case-${s.c}`);
  await card.waitFor();
  await rp.locator('#notices li[data-kind="supplement-requested"]', { hasText: c.number }).waitFor();
  assert.equal(await card.locator('.case-sub .state').innerText(), '待补正');
  assert.match(await card.locator('.case-facts').innerText(), /计时\s+已暂停（等待申请人）/);
  const permit = card.locator('li.material[data-kind="RESIDENCE-PERMIT"]');
  assert.equal(await permit.locator('.reason').innerText(), '请上传居住证正反面扫描件');
  assert.equal(await card.locator('.upload-form').count(), 2, 'both missing materials take a file');
  assert.ok(await rp.evaluate(() => document.documentElement.scrollWidth <= 375), 'my cases fit the phone');

  // No file, then a file that is not a PDF: both refused with a reason.
  await permit.getByRole('button', { name: '上传', exact: true }).click();
  await rp.locator('#my-error', { hasText: '请先选择一个文件' }).waitFor();
  const input = permit.getByLabel('上传“上海市居住证”（PDF、JPEG 或 PNG）');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await input.setInputFiles(fake);
  await permit.getByRole('button', { name: '上传', exact: true }).click();
  await rp.locator('#my-error', { hasText: '只接受 PDF、JPEG 或 PNG 文件' }).waitFor();
  assert.equal((await apiCase(s.c)).version, c.version, 'nothing changed');

  await card.locator('li.material[data-kind="RESIDENCE-PERMIT"]').getByLabel(/^上传“上海市居住证”/).setInputFiles(pdf);
  await card.locator('li.material[data-kind="RESIDENCE-PERMIT"]').getByRole('button', { name: '上传', exact: true }).click();
  await waitStatus(rp, '#my-status', '已上传“上海市居住证”。');
  const fresh = rp.locator(`#case-${s.c} li.material[data-kind="RESIDENCE-PERMIT"]`);
  await rp.locator(`#case-${s.c} li.material[data-kind="RESIDENCE-PERMIT"][data-status="satisfied"]`).waitFor();
  assert.equal(await fresh.locator('.reason').innerText(), '已上传扫描件');
  assert.match(await fresh.innerText(), /已上传文件：application\/pdf/);
  assert.equal(await rp.locator('#my-error').innerText(), '');
  c = await apiCase(s.c);
  assert.equal(c.materials.find((m) => m.kind === 'RESIDENCE-PERMIT').upload.type, 'application/pdf');
  const stored = await server.api('GET', `/api/v1/cases/${s.c}/materials/RESIDENCE-PERMIT`, { token: await token(ZHANG.id_number) });
  assert.equal(stored.text, fs.readFileSync(pdf, 'utf8'), 'the very bytes were stored');

  assert.deepEqual(await offered(rp, `#case-${s.c}`), (await apiCase(s.c, ZHANG.id_number)).actions);
  await rp.locator(`#case-${s.c}`).getByRole('button', { name: '补正后重新提交' }).click();
  await waitStatus(rp, '#my-status', '已完成“补正后重新提交”，办件状态：已提交。');
  await rp.locator(`#case-${s.c} .case-sub [data-state="submitted"]`).waitFor();
  c = await apiCase(s.c);
  assert.equal(c.state, 'submitted');
  assert.deepEqual(c.events.slice(-3).map((e) => e.action), ['request-supplement', 'upload-material', 'resubmit']);
  assert.deepEqual(await rp.locator(`#case-${s.c} .timeline li.event`).evaluateAll((els) => els.map((e) => e.dataset.action)),
    c.events.map((e) => e.action));
  assertClean(res.problems);
  await res.context.close();
});

test('(d) the manager sees what is due soon and searches cases', async () => {
  // An on-the-spot matter accepted today is due today.
  const tk = await token('clerk.pengpu');
  const f = await server.api('POST', '/api/v1/cases', { token: tk, body: {
    matter: 'C-CA-002', center: 'JA12', applicant_id_number: ZHANG.id_number, submit: true, commit: true } });
  assert.equal(f.status, 201, f.text);
  const acc = await server.api('POST', `/api/v1/cases/${f.json.id}/transitions`, { token: tk, body: { action: 'accept', version: f.json.version } });
  assert.equal(acc.status, 200, acc.text);
  const mtk = await token('manager.pengpu');
  const soon = (await server.api('GET', '/api/v1/cases?due=soon&limit=50', { token: mtk })).json;
  const overdue = (await server.api('GET', '/api/v1/cases?due=overdue&limit=50', { token: mtk })).json;
  assert.ok(soon.items.some((k) => k.id === f.json.id));

  const { context, page, problems } = await signedInPage('manager.pengpu');
  await page.getByRole('link', { name: '办件管理' }).click();
  await page.waitForURL(/\/manage\.html$/);
  await page.locator(`#due-soon tr[data-id="${f.json.id}"]`).waitFor();
  assert.deepEqual(await page.locator('#due-soon tbody tr').evaluateAll((r) => r.map((x) => Number(x.dataset.id))), soon.items.map((k) => k.id));
  const row = soon.items.find((k) => k.id === f.json.id);
  const cells = await page.locator(`#due-soon tr[data-id="${f.json.id}"] td`).allInnerTexts();
  assert.equal(cells[3], zhDay(row.deadline.promised_due));
  assert.equal(cells[4], row.deadline.working_days_left === 0 ? '今天到期' : `剩余 ${row.deadline.working_days_left} 个工作日`);
  if (overdue.total === 0) assert.equal(await page.locator('#overdue').innerText(), '没有办件。');
  else assert.equal(await page.locator('#due-overdue tbody tr').count(), overdue.items.length);
  // The links open the case at the manager's desk.
  assert.equal(await page.locator(`#due-soon tr[data-id="${f.json.id}"] a`).getAttribute('href'), `desk.html?case=${f.json.id}`);

  // Everything in scope at first, then a search by applicant and matter.
  const all = (await server.api('GET', '/api/v1/cases?limit=20', { token: mtk })).json;
  await page.locator('#result-count', { hasText: `共 ${all.total} 件` }).waitFor();
  await page.getByLabel('申请人身份证号或统一社会信用代码').fill('12345');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.locator('#manage-error', { hasText: '输入有误' }).waitFor();
  await page.getByLabel('申请人身份证号或统一社会信用代码').fill(LI.id_number);
  await page.getByLabel('事项编码').fill('c-ca-001');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  const byLi = (await server.api('GET', `/api/v1/cases?applicant=${LI.id_number}&matter=C-CA-001`, { token: mtk })).json;
  assert.ok(byLi.total >= 1);
  await page.locator('#result-count', { hasText: `共 ${byLi.total} 件` }).waitFor();
  assert.deepEqual(await page.locator('#search-results tbody tr').evaluateAll((r) => r.map((x) => x.dataset.number)), byLi.items.map((k) => k.number));
  assert.match(page.url(), /applicant=310113198805176844&matter=C-CA-001/);
  await page.getByLabel('状态', { exact: true }).selectOption('supplement-requested');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.locator('#result-count', { hasText: '没有符合条件的办件。' }).waitFor();
  assertClean(problems);
  await context.close();
});

test('(e) axe finds nothing serious or critical on the case pages, in Chinese and English, and they fit 375 px', async () => {
  assert.ok(s.a && s.c && s.code, 'needs (a) to (c)');
  const groups = [
    ['clerk.pengpu', [
      ['desk, a case to accept', `/desk.html?case=${s.c}`, '#case li.material'],
      ['desk, a case sent on', `/desk.html?case=${s.a}`, '#case .timeline li'],
      ['receipt', `/desk.html?receipt=${s.a}`, '#receipt-facts .fact'],
    ]],
    ['reviewer.civil', [
      ['review queue', '/review.html', '#accepted p, #accepted table'],
      ['review, a case', `/review.html?case=${s.a}`, '#case .timeline li'],
    ]],
    ['manager.pengpu', [['manage', '/manage.html', '#due-soon tbody tr']]],
    [LI.id_number, [
      ['my cases', '/mycases.html', '.case-card .timeline li'],
      ['licences', '/licences.html', '.licence-card'],
    ]],
    [null, [
      ['verify', `/verify.html?code=${s.code}`, '#licence-status'],
      ['verify, not genuine', `/verify.html?code=${'0'.repeat(20)}`, '.verify-result.bad'],
      ['verify, empty', '/verify.html', '#code'],
    ]],
  ];
  const failures = [];
  for (const [login, pages] of groups) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 800 } });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (login) await signInThrough(page, login);
    else await page.goto(`${server.base}/verify.html`);
    for (const [name, url, ready] of pages) {
      for (const l of ['zh', 'en']) {
        await page.setViewportSize(l === 'zh' ? { width: 375, height: 800 } : { width: 1280, height: 900 });
        await page.evaluate((x) => localStorage.setItem('tongban.lang', x), l);
        await page.goto(`${server.base}${url}`);
        await page.locator(ready).first().waitFor();
        assert.equal(await page.getAttribute('html', 'lang'), l === 'en' ? 'en' : 'zh-CN');
        if (l === 'en') assert.doesNotMatch(await page.locator('h1:visible').innerText(), /[\u4e00-\u9fff]/, `${name}: English heading`);
        else assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), `${name}: no sideways scrolling at 375 px`);
        // The forms inside the closed disclosures are checked too.
        await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(() => axe.run());
        assert.ok(result.passes.length > 10, `axe ran on ${name}`);
        for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
          failures.push(`${name} (${l}): [${v.impact}] ${v.id} - ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`);
        }
      }
    }
    await context.close();
    assert.deepEqual(errors, [], `page errors for ${login}`);
  }
  assert.deepEqual(failures, [], `axe violations:\n${failures.join('\n')}`);
});

test('the case pages carry no inline script or style, and say who may use them', async () => {
  for (const f of ['desk.html', 'review.html', 'manage.html', 'mycases.html', 'licences.html', 'verify.html']) {
    const html = fs.readFileSync(path.join(root, 'web', f), 'utf8');
    assert.match(html, /<script type="module" src="\/?[a-z]+\.js"><\/script>/, `${f}: one module`);
    assert.doesNotMatch(html, /<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=/i, `${f}: inline style or handler`);
    assert.match(html, /<main id="main"/);
  }
  // Signed out, the staff and applicant pages send to the sign-in page.
  const { context, page, problems } = await strictPage(browser);
  for (const p of ['desk.html', 'review.html', 'manage.html', 'mycases.html', 'licences.html']) {
    await page.goto(`${server.base}/${p}`);
    const link = page.locator('#gate a', { hasText: '去登录' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `signin.html?next=${encodeURIComponent(p)}`);
  }
  // Signed in with another role: the page says so, and signing in from
  // the link comes back to the page.
  await page.goto(`${server.base}/signin.html?next=mycases.html`);
  await page.getByLabel('登录名').fill('clerk.pengpu');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await fillCode(page, server, 'clerk.pengpu');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(/\/mycases\.html$/);
  await page.locator('#gate', { hasText: '当前账户不能使用本页面。' }).waitFor();
  assert.equal(await page.locator('#mine').isVisible(), false);
  assertClean(problems);
  await context.close();
});
