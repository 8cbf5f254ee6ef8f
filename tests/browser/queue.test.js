// tests/browser/queue.test.js - the in-person pages of a center in a real
// browser: the hall's display board (board.html), the self-service
// terminal (take.html), the resident's ticket (ticket.html, where the QR
// code points), the clerk's calling page (counter.html), appointments
// (appointments.html) and the manager's statistics (stats.html).
//
// One server for the file; the steps build on each other:
//  (a) the board is open on a big screen; a walk-in takes a ticket at the
//      terminal; the clerk opens window 5 and calls it: the board shows
//      the number and the window and the ticket page says "window 5",
//      both without reloading (Server-Sent Events); recall, skip refused
//      before the recalls, start, finish;
//  (b) a resident books a slot, reschedules and cancels it, the slot
//      counts following;
//  (c) the day's statistics match the API, with a chart; the window
//      planner recommends windows per hour as the API does;
//  (d) axe-core on every new page in Chinese and English, no sideways
//      scrolling at 375 px (except the board, which is for a big screen);
//  (e) who may use them.
// Every page runs under the server's CSP; console errors, CSP violations
// and unexpected failed requests fail the test that caused them (as in
// portal.test.js).
//
//   cd /work/main && TONGBAN_BIN=build/tongban node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, strictPage, assertClean, TIMEOUT, signInThrough as signIn, fillCode } from '../lib/browser.js';
import { startServer, root, demo, DEMO_PASSWORD } from '../lib/server.js';

const AXE = fs.readFileSync(path.join(root, 'tests/node_modules/axe-core/axe.min.js'), 'utf8');
const LI = demo.residents[0];
const JA12_NAME = '彭浦新村街道社区事务受理服务中心';
const JA12_EN = 'Pengpu Xincun Sub-district Community Affairs Acceptance Service Center';
const PAGES = ['board.html', 'ticket.html', 'take.html', 'counter.html', 'appointments.html', 'stats.html'];

let server;
let browser;
const s = {};	// what the steps share: the ticket of (a)

before(async () => {
  server = await startServer({ store: 'sqlite' });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const signInThrough = (page, login) => signIn(page, server, login);

async function signedInPage(login, opts) {
  const p = await strictPage(browser, { strictAborts: true, ...opts });
  await signInThrough(p.page, login);
  return p;
}

const tokens = {};
async function token(login) {
  tokens[login] ??= (await server.signIn(login)).token;
  return tokens[login];
}

// GET as `login` (anonymous when null), which must answer 200.
async function get(p, login = null) {
  const r = await server.api('GET', p, login ? { token: await token(login) } : {});
  assert.equal(r.status, 200, `${p}: ${r.text}`);
  return r.json;
}

const shanghaiDay = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

// "2026-11-27" as the Chinese pages write it: 2026年11月27日（周五）.
function zhDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日（周${'日一二三四五六'[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
}

async function waitStatus(page, sel, text) {
  await page.locator(sel).filter({ hasText: text }).waitFor();
}

async function fitsPhone(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= 375);
}

test('(a) a walk-in takes a ticket, the clerk calls it: the board and the ticket page follow without reloading', async () => {
  // The board, on the hall's big screen.
  const board = await strictPage(browser, { strictAborts: true, viewport: { width: 1920, height: 1080 } });
  const bp = board.page;
  await bp.goto(`${server.base}/board.html?center=JA12`);
  await bp.locator('#board-center', { hasText: JA12_NAME }).waitFor();
  await bp.locator('#board-live[data-state="live"]').waitFor();
  const start = await get('/api/v1/centers/JA12/board');
  assert.deepEqual(await bp.locator('#groups tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.group)), start.groups.map((g) => g.code));
  assert.deepEqual(await bp.locator('#groups tbody .waiting').allInnerTexts(), start.groups.map((g) => String(g.waiting)));
  assert.match(await bp.locator('#groups tbody tr[data-group="A"] th').innerText(), /综合窗口/);
  assert.equal(await bp.locator('#now').innerText(), '暂无叫号');
  assert.equal(await bp.locator('#announce').innerText(), '', 'nothing read out yet');
  assert.match(await bp.locator('#clock').innerText(), /^\d\d:\d\d:\d\d$/);
  await bp.evaluate(() => { window.sameBoard = true; });
  const waitingA = start.groups.find((g) => g.code === 'A').waiting;

  // A walk-in at the terminal, on a narrow screen and by keyboard.
  const walkIn = await strictPage(browser, { strictAborts: true, viewport: { width: 375, height: 800 } });
  const wp = walkIn.page;
  await wp.goto(`${server.base}/take.html?center=JA12`);
  const groupA = wp.locator('#group-buttons button[data-group="A"]');
  await groupA.waitFor();
  assert.match(await groupA.innerText(), new RegExp(`综合窗口[\\s\\S]*${waitingA} 人等候`));
  assert.equal(await wp.locator('#group-buttons button').count(), start.groups.length);
  assert.match(await wp.locator('#take-center').innerText(), new RegExp(JA12_NAME));
  assert.ok(await fitsPhone(wp), 'the terminal fits 375 px');
  // A priority without proof is refused, with the reason, and no ticket is taken.
  walkIn.allow.push({ status: 422, path: '/api/v1/centers/JA12/tickets' });
  await wp.getByLabel('优先类别').selectOption('elderly');
  await groupA.click();
  await wp.locator('#take-error', { hasText: '无法核验优先资格' }).waitFor();
  assert.equal(await wp.getByLabel('优先类别').getAttribute('aria-invalid'), 'true');
  assert.equal((await get('/api/v1/centers/JA12/board')).groups.find((g) => g.code === 'A').waiting, waitingA, 'no ticket');
  await wp.getByLabel('优先类别').selectOption('');
  await groupA.focus();
  await wp.keyboard.press('Enter');
  await wp.locator('#taken-h2').waitFor();
  assert.equal(await wp.evaluate(() => document.activeElement.id), 'taken-h2', 'the focus moves to the ticket');
  const label = await wp.locator('#taken .ticket-label').innerText();
  assert.match(label, /^A\d{3}$/);
  const href = await wp.locator('#taken a.ticket-link').getAttribute('href');
  const link = new URL(href, `${server.base}/`);
  assert.equal(link.pathname, '/ticket.html');
  const id = link.searchParams.get('id');
  const code = link.searchParams.get('code');
  let tk = await get(`/api/v1/tickets/${id}?code=${code}`);
  assert.equal(tk.label, label);
  assert.equal(tk.status, 'waiting');
  assert.equal(tk.priority, 0);
  assert.equal(await wp.locator('#take-status').innerText(), `已取号：${label}。`);
  assert.equal(await wp.locator('#taken .tstatus').innerText(), '等候中');
  assert.equal(await wp.locator('#taken .ticket-message').innerText(), `前面没有人等候，预计等候约 ${tk.estimated_wait_minutes} 分钟`);
  assert.equal(await wp.locator('#taken .ticket-group').innerText(), '综合窗口（A）');
  const qr = wp.locator('#taken img.qr');
  assert.equal(await qr.getAttribute('src'), `/api/v1/tickets/${id}/qr.svg?code=${code}`);
  await wp.waitForFunction(() => document.querySelector('#taken img.qr').complete);
  assert.ok(await qr.evaluate((img) => img.naturalWidth > 0), 'the QR code is drawn');
  assert.match(await qr.getAttribute('alt'), new RegExp(`号码 ${label} 的二维码`));
  assert.ok(await fitsPhone(wp), 'the ticket fits 375 px');

  // The board counts the new ticket by itself.
  await bp.locator('#groups tr[data-group="A"] .waiting', { hasText: new RegExp(`^${waitingA + 1}$`) }).waitFor();

  // The visitor's phone opens the address of the QR code.
  assert.equal(tk.status_url.replace(/^https?:\/\/[^/]+/, ''), `/ticket?id=${id}&code=${code}`);
  const phone = await strictPage(browser, { strictAborts: true, viewport: { width: 375, height: 800 } });
  const pp = phone.page;
  await pp.goto(`${server.base}/ticket?id=${id}&code=${code}`);
  await pp.locator('#ticket .ticket-label', { hasText: label }).waitFor();
  await pp.locator('#ticket-conn[data-state="live"]').waitFor();
  assert.equal(await pp.locator('#ticket .tstatus').innerText(), '等候中');
  assert.match(await pp.locator('#ticket .ticket-message').innerText(), /^前面没有人等候/);
  assert.match(await pp.locator('#ticket .ticket-facts').innerText(), new RegExp(JA12_NAME));
  assert.ok(await fitsPhone(pp), 'the ticket page fits 375 px');
  await pp.evaluate(() => { window.samePhone = true; });

  // The clerk opens window 5 (group A) and calls the next number.
  const clerk = await signedInPage('clerk.pengpu');
  const cp = clerk.page;
  await cp.getByRole('link', { name: '窗口叫号' }).click();
  await cp.waitForURL(/\/counter\.html$/);
  await cp.locator('#counter-center', { hasText: JA12_NAME }).waitFor();
  const windows = (await get('/api/v1/centers/JA12/windows', 'clerk.pengpu')).items;
  const w5 = windows.find((w) => w.number === 5);
  assert.equal(w5.group, 'A');
  assert.equal(await cp.locator('#windows-table tbody tr').count(), windows.length);
  await cp.getByLabel('窗口', { exact: true }).selectOption(String(w5.id));
  await cp.locator('#window-state', { hasText: '5号窗口' }).waitFor();
  assert.equal(await cp.getByRole('button', { name: '叫下一位' }).isDisabled(), true, 'a closed window does not call');
  await cp.getByRole('button', { name: '开窗' }).click();
  await waitStatus(cp, '#counter-status', '5号窗口已开放。');
  await cp.locator('#window-state [data-status="open"]', { hasText: '彭浦窗口一' }).waitFor();
  const opened = (await get('/api/v1/centers/JA12/windows', 'clerk.pengpu')).items.find((w) => w.id === w5.id);
  assert.equal(opened.status, 'open');
  assert.equal(opened.clerk, '彭浦窗口一');
  await bp.locator('#groups tr[data-group="A"] .open', { hasText: /^1$/ }).waitFor();

  await cp.getByRole('button', { name: '叫下一位' }).click();
  await waitStatus(cp, '#counter-status', `已叫号：请${label}号到5号窗口。`);
  await cp.locator('#current .ticket-label', { hasText: label }).waitFor();
  assert.equal(await cp.locator('#current .tstatus').innerText(), '已叫号');
  assert.equal(await cp.evaluate(() => document.activeElement.id), 'current-h2');
  tk = await get(`/api/v1/tickets/${id}?code=${code}`);
  assert.equal(tk.status, 'called');
  assert.equal(tk.window, 5);

  // The board: the number and its window, highlighted, read out, no reload.
  const now = bp.locator('#now .now-call');
  await bp.locator(`#now .now-call[data-label="${label}"]`).waitFor();
  assert.equal(await now.getAttribute('data-window'), '5');
  assert.equal(await now.locator('.now-label').innerText(), label);
  assert.equal(await now.locator('.now-window').innerText(), '5号窗口');
  assert.equal(await now.locator('.now-text').innerText(), `请${label}号到5号窗口`);
  await bp.locator('#announce', { hasText: `请${label}号到5号窗口` }).waitFor();
  assert.equal(await bp.locator('#announce').getAttribute('aria-live'), 'assertive');
  await bp.locator('#groups tr[data-group="A"] .waiting', { hasText: new RegExp(`^${waitingA}$`) }).waitFor();
  assert.equal(await bp.evaluate(() => window.sameBoard), true, 'the board did not reload');

  // The phone: called to window 5, read out, no reload.
  await pp.locator('#ticket .ticket-go', { hasText: '请到5号窗口' }).waitFor();
  assert.equal(await pp.locator('#ticket .tstatus').innerText(), '已叫号');
  assert.equal(await pp.locator('#ticket .ticket-window').innerText(), '5号窗口');
  assert.equal(await pp.locator('#ticket-live').innerText(), `${label}：请到5号窗口`);
  assert.equal(await pp.evaluate(() => window.samePhone), true, 'the ticket page did not reload');

  // Skipping before the recalls is refused and explained; a recall is not.
  clerk.allow.push({ status: 409, path: `/api/v1/tickets/${id}/actions` });
  await cp.getByRole('button', { name: '过号' }).click();
  await cp.locator('#counter-error', { hasText: '须先重呼满规定次数' }).waitFor();
  assert.equal((await get(`/api/v1/tickets/${id}?code=${code}`)).status, 'called', 'still called');
  await cp.getByRole('button', { name: '重呼' }).click();
  await waitStatus(cp, '#counter-status', `${label}：已重呼，状态：已叫号。`);
  assert.equal(await cp.locator('#counter-error').innerText(), '', 'the old error is cleared');
  await cp.locator('#current .fact', { hasText: /重呼次数\s*1/ }).waitFor();
  assert.equal((await get(`/api/v1/tickets/${id}?code=${code}`)).recalls, 1);
  // A reload (which ends the page's board stream) finds the window and
  // its ticket again.
  clerk.allow.push({ aborted: '/api/v1/centers/JA12/board/events' });
  await cp.reload();
  await cp.locator('#current .ticket-label', { hasText: label }).waitFor();
  assert.equal(await cp.getByLabel('窗口', { exact: true }).inputValue(), String(w5.id));
  await cp.locator('#current .fact', { hasText: /重呼次数\s*1/ }).waitFor();

  // Start: the phone says where; the desk is a link away.
  await cp.getByRole('button', { name: '开始办理' }).click();
  await waitStatus(cp, '#counter-status', `${label}：已开始办理，状态：办理中。`);
  await pp.locator('#ticket .ticket-message', { hasText: '正在5号窗口办理' }).waitFor();
  assert.equal(await cp.getByRole('link', { name: '为这位申请人登记办件' }).getAttribute('href'), 'desk.html');
  assert.equal(await cp.getByRole('button', { name: '叫下一位' }).isDisabled(), true, 'busy until finished');

  // Finish: done everywhere; the ticket page then ends its stream.
  phone.allow.push({ aborted: `/api/v1/tickets/${id}/events` });
  await cp.getByRole('button', { name: '办结' }).click();
  await waitStatus(cp, '#counter-status', `${label}：已办结，状态：已办结。`);
  await pp.locator('#ticket .tstatus', { hasText: '已办结' }).waitFor();
  assert.equal(await pp.locator('#ticket .ticket-message').innerText(), '已办结，感谢您的耐心等候。');
  await bp.locator(`#now .now-call.call-done[data-label="${label}"]`).waitFor();
  tk = await get(`/api/v1/tickets/${id}?code=${code}`);
  assert.equal(tk.status, 'done');
  assert.ok(tk.started_at && tk.finished_at);
  assert.equal(await pp.evaluate(() => window.samePhone), true);
  await pp.waitForFunction(() => document.getElementById('ticket-conn').textContent === '');
  await pp.waitForTimeout(100);
  assert.deepEqual(phone.aborted, [`/api/v1/tickets/${id}/events`], 'a done ticket no longer listens');
  assert.equal(await pp.locator('#ticket-keep').isHidden(), true);

  // Nobody else waits in group A: the page says so; then the window closes.
  clerk.allow.push({ status: 404, path: `/api/v1/windows/${w5.id}/call-next` });
  await cp.getByRole('button', { name: '叫下一位' }).click();
  await waitStatus(cp, '#counter-status', '本类别当前没有人等候。');
  assert.equal(await cp.locator('#counter-error').innerText(), '', 'news, not an error');
  await cp.getByRole('button', { name: '关窗' }).click();
  await waitStatus(cp, '#counter-status', '5号窗口已关闭。');
  await bp.locator('#groups tr[data-group="A"] .open', { hasText: /^0$/ }).waitFor();
  assert.equal((await get('/api/v1/centers/JA12/windows', 'clerk.pengpu')).items.find((w) => w.id === w5.id).status, 'closed');
  assert.equal(await bp.evaluate(() => window.sameBoard), true, 'the board never reloaded');

  for (const p of [board, walkIn, phone, clerk]) assertClean(p.problems);
  for (const p of [board, walkIn, phone, clerk]) await p.context.close();
  s.ticket = { id, code, label };
});

test('(b) a resident books a slot, reschedules it and cancels it, the slot counts following', async () => {
  // The first day from tomorrow with three free slots in group A.
  let day = null;
  for (let d = 1; d < 20 && !day; d++) {
    const date = shanghaiDay(Date.now() + d * 86400e3);
    const g = (await get(`/api/v1/centers/JA12/slots?date=${date}&group=A`)).groups[0];
    const free = g.slots.filter((x) => x.available === g.capacity);
    if (free.length >= 3) day = { date, slots: g.slots, free, capacity: g.capacity };
  }
  assert.ok(day, 'a day with free slots');
  const cap = day.capacity;
  const [t1, t2] = [day.free[0].time, day.free[1].time];
  const apiSlot = async (time) => (await get(`/api/v1/centers/JA12/slots?date=${day.date}&group=A`)).groups[0].slots.find((x) => x.time === time);

  const res = await signedInPage(LI.id_number, { viewport: { width: 375, height: 800 } });
  const { page } = res;
  await page.getByRole('link', { name: '预约办事' }).click();
  await page.waitForURL(/\/appointments\.html$/);
  await page.locator('#slots-count:not(:empty)').waitFor();
  assert.equal(await page.getByLabel('中心', { exact: true }).inputValue(), 'JA12', 'Pengpu Xincun by default');
  assert.equal(await page.getByLabel('所在区').inputValue(), '310106');
  assert.equal(await page.getByLabel('日期', { exact: true }).getAttribute('min'), shanghaiDay(Date.now()));
  assert.equal(await page.getByLabel('日期', { exact: true }).getAttribute('max'), shanghaiDay(Date.now() + 30 * 86400e3));
  assert.equal(await page.locator('#mine-count').innerText(), '您还没有预约。');

  await page.getByLabel('日期', { exact: true }).fill(day.date);
  await page.getByLabel('窗口类别').selectOption('A');
  await page.getByRole('button', { name: '查看时段' }).click();
  await page.locator('#slots-count', { hasText: zhDay(day.date) }).waitFor();
  assert.equal(await page.locator('#slots .slot-group').count(), 1, 'only group A');
  assert.match(await page.locator('#slots .slot-group legend').innerText(), new RegExp(`综合窗口（A 类，每个时段 ${cap} 人）`));
  assert.deepEqual(await page.locator('#slots .slot').evaluateAll((els) => els.map((e) => e.dataset.time)), day.slots.map((x) => x.time));
  const slot = (time) => page.locator(`#slots .slot[data-time="${time}"]`);
  const left = (n) => `剩余 ${n}/${cap}`;
  assert.equal(await slot(t1).locator('.slot-left').innerText(), left(cap));
  assert.ok(await fitsPhone(page), 'the slots fit 375 px');

  // Book without a slot: the page asks for one.
  await page.getByRole('button', { name: '预约所选时段' }).click();
  await page.locator('#appt-error', { hasText: '请先选择一个时段' }).waitFor();
  await slot(t1).getByRole('radio').check();
  await page.getByRole('button', { name: '预约所选时段' }).click();
  await waitStatus(page, '#appt-status', '预约成功');
  const mine = (await get('/api/v1/me/appointments', LI.id_number)).items;
  assert.equal(mine.length, 1);
  const a = mine[0];
  assert.equal(a.status, 'booked');
  assert.equal(a.date, day.date);
  assert.equal(a.time, t1);
  assert.equal(await page.locator('#appt-status').innerText(), `预约成功：${zhDay(day.date)} ${t1}，预约码 ${a.code}。`);
  await slot(t1).locator('.slot-left', { hasText: left(cap - 1) }).waitFor();
  assert.equal((await apiSlot(t1)).booked, 1);
  const item = page.locator(`#appointments li[data-id="${a.id}"]`);
  await item.waitFor();
  assert.equal(await item.locator('.appt-code').innerText(), a.code);
  assert.equal(await item.locator('h3').innerText(), `${zhDay(day.date)} ${t1}`);
  assert.equal(await item.locator('.astatus').innerText(), '已预约');

  // Checking in a day early is refused with the reason.
  res.allow.push({ status: 409, path: `/api/v1/appointments/${a.id}/check-in` });
  await item.getByRole('button', { name: /^到场签到/ }).click();
  await page.locator('#appt-error', { hasText: '还没到签到时间' }).waitFor();
  assert.equal((await get('/api/v1/me/appointments', LI.id_number)).items[0].status, 'booked');

  // Reschedule to another slot, opened from the keyboard.
  await item.locator('details.reschedule > summary').focus();
  await page.keyboard.press('Enter');
  const form = item.locator('form.reschedule-form');
  await form.getByLabel('新时段').locator(`option[value="${t2}"]`).waitFor({ state: 'attached' });
  assert.equal(await form.getByLabel('新时段').locator(`option[value="${t1}"]`).count(), 0, 'not the slot it has');
  await form.getByLabel('新时段').selectOption(t2);
  await form.getByRole('button', { name: /^确认改约/ }).click();
  await waitStatus(page, '#appt-status', `已改约到 ${zhDay(day.date)} ${t2}，预约码不变。`);
  await slot(t1).locator('.slot-left', { hasText: left(cap) }).waitFor();
  await slot(t2).locator('.slot-left', { hasText: left(cap - 1) }).waitFor();
  assert.equal((await apiSlot(t1)).booked, 0);
  assert.equal((await apiSlot(t2)).booked, 1);
  const moved = (await get('/api/v1/me/appointments', LI.id_number)).items[0];
  assert.equal(moved.time, t2);
  assert.equal(moved.code, a.code, 'the code stays');
  await page.locator(`#appointments li[data-id="${a.id}"] h3`, { hasText: `${zhDay(day.date)} ${t2}` }).waitFor();

  // Cancel: the place goes back to the slot.
  await page.locator(`#appointments li[data-id="${a.id}"]`).getByRole('button', { name: /^取消预约/ }).click();
  await waitStatus(page, '#appt-status', '预约已取消。');
  await page.locator(`#appointments li[data-id="${a.id}"][data-status="cancelled"]`).waitFor();
  await slot(t2).locator('.slot-left', { hasText: left(cap) }).waitFor();
  assert.equal((await apiSlot(t2)).booked, 0);
  assert.equal((await get('/api/v1/me/appointments', LI.id_number)).items[0].status, 'cancelled');
  assert.equal(await page.locator(`#appointments li[data-id="${a.id}"] .astatus`).innerText(), '已取消');
  assert.equal(await page.locator(`#appointments li[data-id="${a.id}"] button`).count(), 0, 'nothing more to do');
  assert.ok(await fitsPhone(page), 'the appointments fit 375 px');
  assertClean(res.problems);
  await res.context.close();
});

test('(c) the manager\'s statistics match the API, with a chart, and the window planner recommends windows per hour', async () => {
  assert.ok(s.ticket, 'needs (a)');
  const st = await get('/api/v1/centers/JA12/stats', 'manager.pengpu');
  assert.ok(st.tickets >= 1 && st.served >= 1, JSON.stringify(st));
  const mgr = await signedInPage('manager.pengpu');
  mgr.allow.push({ status: 400, path: '/api/v1/centers/JA12/plan' });
  const { page } = mgr;
  await page.getByRole('link', { name: '排队统计' }).click();
  await page.waitForURL(/\/stats\.html$/);
  await page.locator('#figures .stat').first().waitFor();
  assert.equal(await page.locator('#figures-h2').innerText(), `${zhDay(st.date)}的数据`);
  const figure = (key) => page.locator(`#figures .stat[data-key="${key}"] dd`).innerText();
  const minutes = (v) => (v === null ? '—' : `${Number(v.toFixed(1))} 分钟`);
  for (const k of ['tickets', 'called', 'served', 'no_shows', 'missed_appointments']) assert.equal(await figure(k), String(st[k]), k);
  for (const k of ['mean_wait_minutes', 'p90_wait_minutes', 'mean_service_minutes']) assert.equal(await figure(k), minutes(st[k]), k);
  const busiest = Number(st.busiest_hour.slice(0, 2));
  assert.equal(await figure('busiest_hour'), `${st.busiest_hour}（${st.arrivals_by_hour[busiest]} 人）`);
  assert.equal(await page.locator('#figures .stat[data-key="served"] dt').innerText(), '已办结');

  // The chart: 24 bars as tall as the arrivals, the busiest hour marked.
  const chart = page.locator('svg#arrivals-chart');
  assert.equal(await chart.getAttribute('role'), 'img');
  assert.equal(await chart.locator('#chart-desc').textContent(), `共 ${st.tickets} 人取号，最多的时段是 ${st.busiest_hour}，${st.arrivals_by_hour[busiest]} 人。`);
  const bars = await chart.locator('rect.bar').evaluateAll((els) => els.map((e) => ({
    n: Number(e.dataset.n), y: Number(e.getAttribute('y')), h: Number(e.getAttribute('height')) })));
  assert.equal(bars.length, 24);
  assert.deepEqual(bars.map((b) => b.n), st.arrivals_by_hour);
  // Each bar stands on the axis, as tall as its arrivals on the axis' scale.
  const lines = await chart.locator('line.gridline').evaluateAll((els) => els.map((e) => ({ v: Number(e.dataset.v), y: Number(e.getAttribute('y1')) })));
  const zero = lines.find((l) => l.v === 0);
  const top = lines.reduce((a, b) => (b.v > a.v ? b : a));
  assert.ok(zero && top.v >= Math.max(...st.arrivals_by_hour), `the scale reaches the busiest hour: ${JSON.stringify(lines)}`);
  const unit = (zero.y - top.y) / top.v;
  for (const [i, b] of bars.entries()) {
    assert.ok(Math.abs(b.y + b.h - zero.y) < 0.2, `bar ${i} stands on the axis`);
    assert.ok(Math.abs(b.h - b.n * unit) < 0.2, `bar ${i}: ${b.h} for ${b.n} at ${unit} a visitor`);
  }
  assert.deepEqual(await chart.locator('rect.busiest').evaluateAll((els) => els.map((e) => Number(e.dataset.hour))), [busiest]);
  // The same numbers as a table.
  await page.getByText('以表格查看各时段到达人数').click();
  const cells = await page.locator('#arrivals-table tbody td').allInnerTexts();
  assert.deepEqual(cells.map(Number), st.arrivals_by_hour);
  assert.equal(await page.locator('#arrivals-table tbody th').nth(9).innerText(), '09:00–10:00');

  // The planner starts from data/plans/pengpu-1788.json.
  const file = fs.readFileSync(path.join(root, 'data/plans/pengpu-1788.json'), 'utf8');
  const served = await fetch(`${server.base}/plan-pengpu-1788.json`);
  assert.equal(served.status, 200);
  assert.deepEqual(await served.json(), JSON.parse(file), 'the example served is data/plans/pengpu-1788.json');
  assert.deepEqual(JSON.parse(await page.getByLabel('测算参数（JSON）').inputValue()), JSON.parse(file));
  // A day the windows can serve: 5.5 minutes a visit, 50 simulated days.
  const input = { ...JSON.parse(file), service: { distribution: 'lognormal', mean_minutes: 5.5, cv: 0.8 }, replications: 50 };
  await page.getByLabel('测算参数（JSON）').fill(JSON.stringify(input, null, 2));
  await page.getByRole('button', { name: '开始测算' }).click();
  await page.locator('#plan-table tbody tr').first().waitFor();
  const expected = await server.api('POST', '/api/v1/centers/JA12/plan', { token: await token('manager.pengpu'), body: input });
  assert.equal(expected.status, 200, expected.text);
  const plan = expected.json;
  const rows = await page.locator('#plan-table tbody tr').evaluateAll((rs) => rs.map((r) => [r.dataset.start, Number(r.dataset.windows)]));
  assert.deepEqual(rows, plan.hours.map((x) => [x.start, x.checked.windows]));
  assert.deepEqual((await page.locator('#plan-table tbody td.windows').allInnerTexts()).map(Number), plan.hours.map((x) => x.checked.windows));
  assert.ok(plan.hours.some((x) => x.checked.windows < 25), 'the plan is not simply every window');
  assert.equal(await page.locator('#plan-table tfoot td.windows').innerText(), String(plan.checked.window_hours));
  assert.equal(await page.locator('.plan-verdict').getAttribute('data-met'), String(plan.met));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-result-h3');

  // Mistakes: not JSON (caught in the page), then a field out of range
  // (the planner names it).
  await page.getByLabel('测算参数（JSON）').fill('{ "arrivals": [');
  await page.getByRole('button', { name: '开始测算' }).click();
  await page.locator('#stats-error', { hasText: '测算参数不是有效的 JSON' }).waitFor();
  await page.getByLabel('测算参数（JSON）').fill(JSON.stringify({ ...input, arrivals: [-1] }));
  await page.getByRole('button', { name: '开始测算' }).click();
  await page.locator('#stats-error', { hasText: /arrivals/ }).waitFor();
  assert.equal(await page.getByLabel('测算参数（JSON）').getAttribute('aria-invalid'), 'true');
  await page.getByRole('button', { name: '恢复示例' }).click();
  assert.equal(await page.getByLabel('测算参数（JSON）').inputValue(), file);
  assert.equal(await page.locator('#stats-error').innerText(), '');
  assertClean(mgr.problems);
  await mgr.context.close();
});

test('(d) axe finds nothing serious or critical on the new pages, in Chinese and English; they fit 375 px but the board', async () => {
  assert.ok(s.ticket, 'needs (a)');
  const { id, code } = s.ticket;
  // Something in each list: a ticket waiting in group E, and an appointment.
  const waiting = await server.api('POST', '/api/v1/centers/JA12/tickets', { body: { group: 'E' } });
  assert.equal(waiting.status, 201, waiting.text);
  const windowE = (await get('/api/v1/centers/JA12/windows', 'clerk.pengpu')).items.find((w) => w.group === 'E');
  const groups = [
    [null, [
      ['board', '/board.html?center=JA12', '#groups tbody tr', { big: true }],
      ['terminal', '/take.html?center=JA12', '#group-buttons button'],
      ['terminal, a ticket taken', '/take.html?center=JA12', '#group-buttons button', {
        prepare: async (page) => {
          await page.locator('#group-buttons button[data-group="B"]').click();
          await page.locator('#taken .ticket-label').waitFor();
        },
      }],
      ['ticket', `/ticket.html?id=${id}&code=${code}`, '#ticket .ticket-label'],
    ]],
    ['clerk.pengpu', [
      ['counter, a ticket called', `/counter.html?window=${windowE.id}`, '#windows-table tbody tr', {
        prepare: async (page) => {
          if (await page.locator('#current .ticket-label').count()) return;
          await page.getByRole('button', { name: '开窗' }).click();
          await page.locator('#window-state [data-status="open"]').waitFor();
          await page.locator('#call-next:not([disabled])').click();
          await page.locator('#current .ticket-label').waitFor();
        },
      }],
    ]],
    [LI.id_number, [
      ['appointments', '/appointments.html', '#appointments li', {
        prepare: async () => {
          const mine = (await get('/api/v1/me/appointments', LI.id_number)).items;
          if (mine.some((x) => x.status === 'booked')) return;
          const date = shanghaiDay(Date.now() + 2 * 86400e3);
          const g = (await get(`/api/v1/centers/JA12/slots?date=${date}&group=B`)).groups[0];
          const free = g.slots.find((x) => x.available > 0);
          assert.ok(free, 'a free slot in two days');
          const r = await server.api('POST', '/api/v1/appointments', { token: await token(LI.id_number), body: { center: 'JA12', group: 'B', date, time: free.time } });
          assert.equal(r.status, 201, r.text);
        },
        reload: true,
      }],
    ]],
    ['manager.pengpu', [
      ['statistics and a plan', '/stats.html', '#arrivals-chart', {
        prepare: async (page) => {
          await page.getByRole('button', { name: /^(开始测算|Run the planner)$/ }).click();
          await page.locator('#plan-table tbody tr').first().waitFor();
        },
      }],
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
    else await page.goto(`${server.base}/take.html?center=JA12`);
    for (const [name, url, ready, opts = {}] of pages) {
      for (const l of ['zh', 'en']) {
        const narrow = l === 'zh' && !opts.big;
        await page.setViewportSize(narrow ? { width: 375, height: 800 } : opts.big ? { width: 1920, height: 1080 } : { width: 1280, height: 900 });
        await page.evaluate((x) => localStorage.setItem('tongban.lang', x), l);
        if (opts.reload && opts.prepare) await opts.prepare(page);
        await page.goto(`${server.base}${url}`);
        await page.locator(ready).first().waitFor();
        if (opts.prepare && !opts.reload) await opts.prepare(page);
        assert.equal(await page.getAttribute('html', 'lang'), l === 'en' ? 'en' : 'zh-CN');
        if (l === 'en') assert.doesNotMatch(await page.locator('h1:visible').innerText(), /[\u4e00-\u9fff]/, `${name}: English heading`);
        if (narrow) assert.ok(await fitsPhone(page), `${name}: no sideways scrolling at 375 px`);
        // The forms inside closed disclosures are checked too.
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
  // The board in English names the center in English.
  const { context, page, problems } = await strictPage(browser, { strictAborts: true, viewport: { width: 1920, height: 1080 } });
  await page.goto(`${server.base}/board.html?center=JA12&lang=en`);
  await page.locator('#board-center', { hasText: JA12_EN }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.locator('#now .now-text', { hasText: /^Number [A-Z]\d{3}, please go to window \d+$/ }).waitFor();
  assert.equal(await page.locator('#groups thead th').first().innerText(), 'Window group');
  assertClean(problems);
  await context.close();
});

test('(e) the new pages carry no inline script or style, and say who may use them', async () => {
  for (const f of PAGES) {
    const html = fs.readFileSync(path.join(root, 'web', f), 'utf8');
    assert.match(html, /<script type="module" src="[a-z]+\.js"><\/script>/, `${f}: one module`);
    assert.doesNotMatch(html, /<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=/i, `${f}: inline style or handler`);
    assert.match(html, /<main id="main"/);
  }
  const { context, page, problems, allow } = await strictPage(browser, { strictAborts: true });
  // Signed out: the staff pages send to the sign-in page; the slots are
  // public but booking asks to sign in.
  for (const p of ['counter.html', 'stats.html']) {
    await page.goto(`${server.base}/${p}`);
    const link = page.locator('#gate a', { hasText: '去登录' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `signin.html?next=${encodeURIComponent(p)}`);
  }
  await page.goto(`${server.base}/appointments.html`);
  await page.locator('#book-gate a', { hasText: '去登录' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '预约所选时段' }).count(), 0);
  assert.equal(await page.locator('#mine-section').isHidden(), true);
  // A broken ticket link and an unknown center say so.
  allow.push({ status: 404, path: `/api/v1/tickets/${s.ticket.id}` });
  await page.goto(`${server.base}/ticket.html?id=${s.ticket.id}&code=${'0'.repeat(20)}`);
  await page.locator('#ticket-error', { hasText: '未找到' }).waitFor();
  await page.goto(`${server.base}/ticket.html`);
  await page.locator('#ticket-error', { hasText: '链接不完整' }).waitFor();
  allow.push({ status: 404, path: '/api/v1/centers/ZZ99' }, { status: 404, path: '/api/v1/centers/ZZ99/board' });
  await page.goto(`${server.base}/board.html?center=ZZ99`);
  await page.locator('#board-error', { hasText: '未找到' }).waitFor();
  assert.equal(await page.locator('#board-body').isHidden(), true);
  // A clerk may call but not see the statistics.
  await signInThrough(page, 'clerk.pengpu');
  await page.goto(`${server.base}/stats.html`);
  await page.locator('#gate', { hasText: '当前账户不能使用本页面。' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '排队统计' }).count(), 0, 'not in a clerk\'s navigation');
  assertClean(problems);
  await context.close();
});
