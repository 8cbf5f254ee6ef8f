// The in-person queue over real HTTP on both stores: tickets and their
// numbers, priorities that must be proven, the order of calling,
// windows, recall/skip/transfer/start/finish, the board, and two clerks
// calling "next" at once without a ticket called twice or skipped.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stores, hukou } from '../lib/server.js';

const born = (p) => Number(p.id_number.slice(6, 10));

// An event stream read with fetch: next(pred) resolves with the first
// event matching pred, or fails after 5 seconds.
async function events(url) {
  const ctl = new AbortController();
  const res = await fetch(url, { signal: ctl.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/event-stream/);
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let text = '';
  const queue = [];
  async function more() {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended');
    text += dec.decode(value, { stream: true });
    let i;
    while ((i = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, i);
      text = text.slice(i + 2);
      const ev = {};
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) ev.event = line.slice(7);
        if (line.startsWith('data: ')) ev.data = JSON.parse(line.slice(6));
      }
      if (ev.event) queue.push(ev);
    }
  }
  return {
    async next(pred) {
      const deadline = Date.now() + 5000;
      for (;;) {
        const i = queue.findIndex(pred);
        if (i >= 0) return queue.splice(0, i + 1).at(-1);
        if (Date.now() > deadline) throw new Error('no such event within 5 s');
        await Promise.race([more(), new Promise((r) => setTimeout(r, 500))]);
      }
    },
    close() { ctl.abort(); },
  };
}
const elder = hukou.find((p) => born(p) <= 1950);
const young = hukou.find((p) => born(p) >= 1990);

for (const store of stores()) {
  describe(`queue (${store})`, () => {
    let s, clerk, manager, clerkBS;
    before(async () => {
      s = await startServer({ store });
      clerk = await s.signIn('clerk.pengpu');
      manager = await s.signIn('manager.pengpu');
      clerkBS = await s.signIn('clerk.baoshan');
    });
    after(async () => { await s.stop(); });

    const take = (body = {}, token) => s.api('POST', '/api/v1/centers/JA12/tickets', { body, token });
    const windows = async (who) => (await s.api('GET', '/api/v1/centers/JA12/windows', { token: who.token })).json.items;
    const act = (who, t, action, extra = {}) => s.api('POST', `/api/v1/tickets/${t.id}/actions`, { token: who.token, body: { action, version: t.version, ...extra } });

    it('numbers tickets per group and finds the group of a matter', async () => {
      const a1 = await take();
      assert.equal(a1.status, 201, a1.text);
      const a2 = await take({ group: 'A' });
      assert.match(a1.json.label, /^A\d{3}$/);
      assert.equal(Number(a2.json.label.slice(1)), Number(a1.json.label.slice(1)) + 1);
      const c = await take({ matter: 'C-HR-010' });   // social insurance
      assert.equal(c.json.group, 'C');
      const d = await take({ matter: 'C-PS-004' });   // residence permit
      assert.equal(d.json.group, 'D');
      assert.ok(a2.json.ahead >= 1);
      assert.ok(a2.json.estimated_wait_minutes >= 1);
      assert.match(a1.json.status_url, /\/ticket\?id=\d+&code=[0-9A-Z]{20}$/);
      // The ticket is seen with its code, not without.
      assert.equal((await s.api('GET', `/api/v1/tickets/${a1.json.id}`)).status, 404);
      const seen = await s.api('GET', `/api/v1/tickets/${a1.json.id}?code=${a1.json.code}`);
      assert.equal(seen.status, 200);
      assert.equal(seen.json.label, a1.json.label);
      const qr = await s.api('GET', `/api/v1/tickets/${a1.json.id}/qr.svg?code=${a1.json.code}`);
      assert.match(qr.text, /^<svg/);
      for (const [body, field] of [[{ group: 'Z' }, 'group'], [{ group: 'AB' }, 'group'], [{ matter: 'C-XX-999' }, 'matter'],
        [{ priority: 'vip' }, 'priority'], [{ id_number: '123' }, 'id_number'], [{ colour: 'red' }, 'colour']]) {
        const r = await take(body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.json.error.field, field);
      }
      assert.equal((await s.api('POST', '/api/v1/centers/ZZ99/tickets', { body: {} })).status, 404);
    });

    it('grants a priority only when it can be proven', async () => {
      let r = await take({ group: 'E', priority: 'elderly', id_number: young.id_number });
      assert.equal(r.status, 422);
      r = await take({ group: 'E', priority: 'elderly' });
      assert.equal(r.status, 422);
      r = await take({ group: 'E', priority: 'pregnant' });
      assert.equal(r.status, 422, 'pregnancy is declared at a window, not at the terminal');
      r = await take({ group: 'E', priority: 'pregnant' }, clerk.token);
      assert.equal(r.status, 201);
      assert.equal(r.json.source, 'staff');
      r = await take({ group: 'E', priority: 'elderly', id_number: elder.id_number });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.priority, 1);
    });

    it('calls checked-in priority first, then by arrival, at open windows only', async () => {
      const w = (await windows(clerk)).find((x) => x.group === 'E');
      let r = await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: clerk.token });
      assert.equal(r.status, 409);
      assert.equal(r.json.error.code, 'window_closed');
      const plain = await take({ group: 'E' });
      assert.equal((await s.api('POST', `/api/v1/windows/${w.id}/open`, { token: clerk.token })).status, 200);
      assert.equal((await s.api('POST', `/api/v1/windows/${w.id}/open`, { token: manager.token })).status, 409, 'taken by another clerk');
      assert.equal((await s.api('POST', `/api/v1/windows/${w.id}/open`, { token: clerkBS.token })).status, 404, 'not her center');
      const order = [];
      for (;;) {
        r = await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: clerk.token });
        if (r.status === 404) break;
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.window, (await windows(clerk)).find((x) => x.id === w.id).number);
        order.push(r.json);
        assert.equal((await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: clerk.token })).status, 409, 'busy');
        const at = (await windows(clerk)).find((x) => x.id === w.id);
        assert.equal(at.ticket_id, r.json.id, 'the window lists the ticket it called');
        assert.equal(at.ticket_version, r.json.version);
        let t = (await act(clerk, r.json, 'start')).json;
        t = (await act(clerk, t, 'finish')).json;
        assert.equal(t.status, 'done');
      }
      assert.equal(r.json.error.code, 'queue_empty');
      assert.deepEqual(order.map((t) => t.priority), [1, 1, 0], 'the two priority tickets first');
      assert.equal(order.at(-1).id, plain.json.id);
      assert.equal((await s.api('POST', `/api/v1/windows/${w.id}/close`, { token: clerk.token })).status, 200);
    });

    it('recalls, skips after the recalls, and transfers keeping the arrival time', async () => {
      const w = (await windows(manager)).find((x) => x.group === 'D');
      await s.api('POST', `/api/v1/windows/${w.id}/open`, { token: manager.token });
      // Empty group D of what earlier tests left.
      for (;;) {
        const r = await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: manager.token });
        if (r.status !== 200) break;
        const t = (await act(manager, r.json, 'start')).json;
        await act(manager, t, 'finish');
      }
      const early = await take({ group: 'A' });
      const later = await take({ group: 'D' });
      let r = await act(manager, early.json, 'transfer', { group: 'D' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.group, 'D');
      r = await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: manager.token });
      assert.equal(r.json.id, early.json.id, 'the transferred ticket kept its place by arrival');
      let t = r.json;
      r = await act(manager, t, 'skip');
      assert.equal(r.status, 409);
      assert.equal(r.json.error.code, 'recall_first');
      t = (await act(manager, t, 'recall')).json;
      t = (await act(manager, t, 'recall')).json;
      assert.equal(t.recalls, 2);
      r = await act(manager, t, 'recall');
      assert.equal(r.status, 409);
      r = await act(manager, { ...t, version: t.version - 1 }, 'skip');
      assert.equal(r.status, 409, 'stale version');
      r = await act(clerk, t, 'skip');
      assert.equal(r.status, 409, 'only the window that called it');
      t = (await act(manager, t, 'skip')).json;
      assert.equal(t.status, 'no-show');
      r = await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: manager.token });
      assert.equal(r.json.id, later.json.id);
      t = (await act(manager, r.json, 'start')).json;
      r = await act(manager, t, 'finish', { case_id: 999999 });
      assert.equal(r.status, 400);
      t = (await act(manager, t, 'finish')).json;
      assert.equal(t.status, 'done');
      assert.equal((await s.api('POST', `/api/v1/windows/${w.id}/close`, { token: manager.token })).status, 200);
    });

    it('plans the windows of a day for the center\'s manager', async () => {
      const fs = await import('node:fs');
      const input = JSON.parse(fs.readFileSync(new URL('../../data/plans/pengpu-1788.json', import.meta.url), 'utf8'));
      input.replications = 20;
      input.service.mean_minutes = 5.5;
      let r = await s.api('POST', '/api/v1/centers/JA12/plan', { token: manager.token, body: input });
      assert.equal(r.status, 200, r.text);
      const text = JSON.stringify(r.json);
      assert.match(text, /checked/);
      r = await s.api('POST', '/api/v1/centers/JA12/plan', { token: clerk.token, body: input });
      assert.equal(r.status, 403);
      r = await s.api('POST', '/api/v1/centers/JA12/plan', { token: manager.token, body: { ...input, arrivals: [-1] } });
      assert.equal(r.status, 400);
      assert.match(r.json.error.message, /arrivals/);
    });

    it('counts the day: tickets, waits, service times, no-shows, the busiest hour', async () => {
      const r = await s.api('GET', '/api/v1/centers/JA12/stats', { token: manager.token });
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.tickets >= 8, JSON.stringify(r.json));
      assert.ok(r.json.tickets >= r.json.called && r.json.called >= r.json.served);
      assert.ok(r.json.called >= 5 && r.json.served >= 4, JSON.stringify(r.json));
      assert.ok(r.json.no_shows >= 1, 'the skipped ticket');
      assert.ok(r.json.p90_wait_minutes !== null && r.json.mean_service_minutes !== null);
      assert.equal(r.json.arrivals_by_hour.reduce((a, b) => a + b, 0), r.json.tickets);
      assert.match(r.json.busiest_hour, /^\d\d:00$/);
      assert.equal((await s.api('GET', '/api/v1/centers/JA12/stats', { token: clerk.token })).status, 403);
      const admin = await s.signIn('admin.city');
      assert.equal((await s.api('GET', '/api/v1/centers/JA12/stats?date=2026-02-30', { token: admin.token })).status, 400);
      assert.equal((await s.api('GET', '/api/v1/centers/BS01/stats', { token: (await s.signIn('admin.baoshan')).token })).status, 200);
      assert.equal((await s.api('GET', '/api/v1/centers/JA12/stats', { token: (await s.signIn('admin.baoshan')).token })).status, 403);
    });

    it('shows the calls and the waiting on the board', async () => {
      const b = await s.api('GET', '/api/v1/centers/JA12/board');
      assert.equal(b.status, 200);
      assert.equal(b.json.groups.length, 5);
      assert.ok(b.json.calls.length > 0);
      assert.ok(b.json.calls.every((c) => c.window >= 1 && c.window <= 25));
      const a = b.json.groups.find((g) => g.code === 'A');
      assert.ok(a.waiting >= 2);
      assert.equal((await s.api('GET', '/api/v1/centers/NOPE/board')).status, 404);
    });

    it('streams the board and a ticket as Server-Sent Events when a call is made', async () => {
      const board = await events(`${s.base}/api/v1/centers/JA12/board/events`);
      const first = await board.next((e) => e.event === 'board');
      assert.equal(first.data.center, 'JA12');
      const t = await take({ group: 'B' });
      const mine = await events(`${s.base}/api/v1/tickets/${t.json.id}/events?code=${t.json.code}`);
      assert.equal((await mine.next((e) => e.event === 'ticket')).data.status, 'waiting');
      assert.equal((await fetch(`${s.base}/api/v1/tickets/${t.json.id}/events`)).status, 404, 'no code, no stream');
      const w = (await windows(clerk)).find((x) => x.group === 'B');
      await s.api('POST', `/api/v1/windows/${w.id}/open`, { token: clerk.token });
      const called = await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: clerk.token });
      assert.equal(called.json.id, t.json.id);
      const seen = await board.next((e) => e.event === 'board' && e.data.calls.some((c) => c.label === t.json.label));
      assert.equal(seen.data.calls[0].label, t.json.label);
      assert.equal(seen.data.calls[0].window, w.number);
      const moved = await mine.next((e) => e.event === 'ticket' && e.data.status === 'called');
      assert.equal(moved.data.window, w.number);
      board.close();
      mine.close();
      let c = (await act(clerk, called.json, 'start')).json;
      await act(clerk, c, 'finish');
      await s.api('POST', `/api/v1/windows/${w.id}/close`, { token: clerk.token });
    });

    if (store === 'postgres') {
      it('reaches the board of another process sharing the store (LISTEN/NOTIFY)', async () => {
        const other = await startServer({ store, reuse: s });
        try {
          const board = await events(`${other.base}/api/v1/centers/JA12/board/events`);
          await board.next((e) => e.event === 'board');
          const t = await take({ group: 'B' });
          const w = (await windows(clerk)).find((x) => x.group === 'B');
          await s.api('POST', `/api/v1/windows/${w.id}/open`, { token: clerk.token });
          const called = await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: clerk.token });
          assert.equal(called.json.id, t.json.id);
          const seen = await board.next((e) => e.event === 'board' && e.data.calls.some((c) => c.label === t.json.label));
          assert.equal(seen.data.calls[0].label, t.json.label, 'the other process shows the call');
          board.close();
          const c = (await act(clerk, called.json, 'start')).json;
          await act(clerk, c, 'finish');
          await s.api('POST', `/api/v1/windows/${w.id}/close`, { token: clerk.token });
        } finally {
          await other.stop({ keep: true });
        }
      });
    }

    it('lets two clerks calling "next" 1,000 times each call every ticket exactly once', async () => {
      const ws = (await windows(clerk)).filter((x) => x.group === 'C').slice(0, 2);
      const pair = [[clerk, ws[0]], [manager, ws[1]]];
      for (const [who, w] of pair) assert.equal((await s.api('POST', `/api/v1/windows/${w.id}/open`, { token: who.token })).status, 200);
      const called = [];
      async function drain(who, w, max) {
        for (let n = 0; n < max; n++) {
          const r = await s.api('POST', `/api/v1/windows/${w.id}/call-next`, { token: who.token });
          if (r.status === 404) return n;
          assert.equal(r.status, 200, r.text);
          called.push(r.json.id);
          const t = (await act(who, r.json, 'start')).json;
          assert.equal((await act(who, t, 'finish')).status, 200);
        }
        return max;
      }
      await drain(clerk, ws[0], 100);     // what earlier tests left in C
      called.length = 0;
      const issued = [];
      for (let i = 0; i < 2000; i += 50) {
        const batch = await Promise.all(Array.from({ length: 50 }, () => take({ group: 'C' })));
        for (const r of batch) { assert.equal(r.status, 201); issued.push(r.json.id); }
      }
      const counts = await Promise.all(pair.map(([who, w]) => drain(who, w, 1000)));
      assert.deepEqual(counts, [1000, 1000], 'each clerk called 1,000 times');
      assert.equal(new Set(called).size, called.length, 'no ticket was called twice');
      assert.deepEqual([...called].sort((a, b) => a - b), [...issued].sort((a, b) => a - b), 'none was skipped');
      const w0 = await s.api('POST', `/api/v1/windows/${ws[0].id}/call-next`, { token: clerk.token });
      assert.equal(w0.status, 404, 'the queue is empty');
    });
  });
}
