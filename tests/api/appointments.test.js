// Appointments over real HTTP on both stores: slots within the hours of
// the day, booking with every refusal (past, full, outside hours, twice,
// over the daily limit), rescheduling and cancelling, check-in in its
// window giving a ticket called before walk-ins, and the suspension
// after three no-shows.  Time moves by restarting the server with
// --clock-offset on the same database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stores, demo } from '../lib/server.js';

const shanghaiDay = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

for (const store of stores()) {
  describe(`appointments (${store})`, () => {
    let s, li, zhang, offset = 0;
    const signAll = async () => {
      li = await s.signIn(demo.residents[0].id_number);
      zhang = await s.signIn(demo.residents[1].id_number);
    };
    async function restartAt(ms) {
      await s.stop({ keep: true });
      offset = Math.round((ms - Date.now()) / 1000);
      s = await startServer({ store, reuse: s, args: ['--clock-offset', String(offset)] });
      await signAll();
    }
    before(async () => { s = await startServer({ store }); await signAll(); });
    after(async () => { await s.stop(); });

    // The first day from tomorrow with open slots in group A, and them.
    async function nextDay(from = 1) {
      for (let d = from; d < 20; d++) {
        const date = shanghaiDay(Date.now() + offset * 1000 + d * 86400e3);
        const r = await s.api('GET', `/api/v1/centers/JA12/slots?date=${date}&group=A`);
        assert.equal(r.status, 200, r.text);
        const slots = r.json.groups[0].slots.filter((x) => x.available > 0);
        if (slots.length >= 6) return { date, slots, capacity: r.json.groups[0].capacity };
      }
      throw new Error('no open day found');
    }
    const book = (who, body) => s.api('POST', '/api/v1/appointments', { token: who.token, body: { center: 'JA12', group: 'A', ...body } });

    it('lists slots within the hours of the day', async () => {
      const { date, slots } = await nextDay();
      assert.ok(slots.every((x) => /^\d\d:[03]0$/.test(x.time)));
      assert.ok(slots[0].time >= '08:30');
      assert.ok(slots.at(-1).time <= '18:30', 'Pengpu Xincun stays open until 19:00 on weekdays');
      let r = await s.api('GET', `/api/v1/centers/JA12/slots?date=${date}`);
      assert.equal(r.json.groups.length, 5);
      for (const q of ['date=2020-01-01', 'date=tomorrow', '', `date=${date}&group=ZZ`, `date=${date}&x=1`]) {
        r = await s.api('GET', `/api/v1/centers/JA12/slots?${q}`);
        assert.equal(r.status, 400, q);
      }
      assert.equal((await s.api('GET', `/api/v1/centers/NOPE/slots?date=${date}`)).status, 404);
    });

    it('books, refuses what it must, reschedules and cancels', async () => {
      const { date, slots } = await nextDay();
      let r = await book(li, { date, time: slots[0].time });
      assert.equal(r.status, 201, r.text);
      assert.match(r.json.code, /^[0-9A-Z]{8}$/);
      assert.equal(r.json.status, 'booked');
      const first = r.json;
      const before = (await s.api('GET', `/api/v1/centers/JA12/slots?date=${date}&group=A`)).json.groups[0].slots.find((x) => x.time === slots[0].time);
      assert.equal(before.booked, 1);
      r = await book(li, { date, time: slots[0].time });
      assert.equal(r.status, 409);
      assert.equal(r.json.error.code, 'already_booked');
      r = await book(li, { date, time: slots[1].time });
      assert.equal(r.status, 201);
      r = await book(li, { date, time: slots[2].time });
      assert.equal(r.status, 422);
      assert.equal(r.json.error.code, 'daily_limit');
      for (const [body, code] of [[{ date: '2020-01-01', time: '09:00' }, 'in_the_past'], [{ date, time: '07:00' }, 'outside_hours'],
        [{ date, time: '09:15' }, 'invalid_value'], [{ date: shanghaiDay(Date.now() + 90 * 86400e3), time: '09:00' }, 'too_far_ahead']]) {
        r = await book(zhang, body);
        assert.equal(r.json.error.code, code, JSON.stringify(body));
      }
      r = await book(zhang, { date, time: '09:00', colour: 'red' });
      assert.equal(r.status, 400);
      // Reschedule: the old slot is freed, the new one taken.
      r = await s.api('PATCH', `/api/v1/appointments/${first.id}`, { token: li.token, body: { date, time: slots[3].time } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.time, slots[3].time);
      const after = (await s.api('GET', `/api/v1/centers/JA12/slots?date=${date}&group=A`)).json.groups[0].slots;
      assert.equal(after.find((x) => x.time === slots[0].time).booked, 0);
      assert.equal(after.find((x) => x.time === slots[3].time).booked, 1);
      assert.equal((await s.api('PATCH', `/api/v1/appointments/${first.id}`, { token: zhang.token, body: { date, time: slots[4].time } })).status, 404, 'not hers');
      r = await s.api('DELETE', `/api/v1/appointments/${first.id}`, { token: li.token });
      assert.equal(r.status, 200);
      assert.equal(r.json.status, 'cancelled');
      assert.equal((await s.api('DELETE', `/api/v1/appointments/${first.id}`, { token: li.token })).status, 409);
      const mine = await s.api('GET', '/api/v1/me/appointments', { token: li.token });
      assert.ok(mine.json.items.some((a) => a.id === first.id && a.status === 'cancelled'));
      const clerk = await s.signIn('clerk.pengpu');
      assert.equal((await book(clerk, { date, time: slots[5].time })).status, 403, 'staff do not book');
    });

    it('fills a slot to its capacity and no further, even racing', async () => {
      // Group B of Pengpu Xincun takes 4 a slot; six people race for it.
      const { date } = await nextDay(2);
      const g = (await s.api('GET', `/api/v1/centers/JA12/slots?date=${date}&group=B`)).json.groups[0];
      const capacity = g.capacity;
      const time = g.slots.find((x) => x.available === capacity).time;
      const people = [];
      for (const p of demo.residents) people.push(await s.signIn(p.id_number));
      for (const e of demo.enterprises) people.push(await s.signIn(e.credit_code));
      assert.ok(people.length > capacity);
      const tries = await Promise.all(people.map((p) => book(p, { date, time, group: 'B' })));
      const okCount = tries.filter((t) => t.status === 201).length;
      assert.equal(okCount, capacity);
      assert.ok(tries.filter((t) => t.status !== 201).every((t) => t.status === 409 && t.json.error.code === 'slot_full'));
      const slot = (await s.api('GET', `/api/v1/centers/JA12/slots?date=${date}&group=B`)).json.groups[0].slots.find((x) => x.time === time);
      assert.equal(slot.booked, okCount);
    });

    it('checks in 15 minutes either side of the slot, and is called before walk-ins', async () => {
      const { date, slots } = await nextDay(3);
      const slot = slots[2];
      const r = await book(zhang, { date, time: slot.time });
      assert.equal(r.status, 201, r.text);
      const appt = r.json;
      const start = Date.parse(appt.starts_at);
      await restartAt(start - 30 * 60e3);
      let c = await s.api('POST', `/api/v1/appointments/${appt.id}/check-in`, { token: zhang.token });
      assert.equal(c.status, 409);
      assert.equal(c.json.error.code, 'too_early');
      await restartAt(start - 10 * 60e3);
      const walkIn = await s.api('POST', '/api/v1/centers/JA12/tickets', { body: { group: 'A' } });
      c = await s.api('POST', `/api/v1/appointments/${appt.id}/check-in`, { token: li.token });
      assert.equal(c.status, 404, 'not hers');
      c = await s.api('POST', `/api/v1/appointments/${appt.id}/check-in`, { token: zhang.token });
      assert.equal(c.status, 201, c.text);
      assert.equal(c.json.source, 'appointment');
      assert.equal(c.json.priority, 2);
      assert.equal(c.json.ahead, 0, 'ahead of the walk-in who came earlier');
      const w = await s.api('GET', `/api/v1/tickets/${walkIn.json.id}?code=${walkIn.json.code}`);
      assert.ok(w.json.ahead >= 1);
      c = await s.api('POST', `/api/v1/appointments/${appt.id}/check-in`, { token: zhang.token });
      assert.equal(c.status, 409, 'once');
      // Another booking, missed by more than 15 minutes: too late.
      const other = slots[5];
      const r2 = await book(li, { date, time: other.time });
      assert.equal(r2.status, 201, r2.text);
      await restartAt(Date.parse(r2.json.starts_at) + 20 * 60e3);
      c = await s.api('POST', `/api/v1/appointments/${r2.json.id}/check-in`, { token: li.token });
      assert.equal(c.status, 409);
      assert.equal(c.json.error.code, 'too_late');
      await restartAt(Date.now());
    });

    it('suspends online booking after three no-shows in 30 days', async () => {
      const a = await nextDay(4);
      const b = await nextDay(6);
      const booked = [];
      for (const [day, i] of [[a, 0], [a, 1], [b, 0]]) {
        const r = await book(li, { date: day.date, time: day.slots[i].time });
        assert.equal(r.status, 201, r.text);
        booked.push(r.json);
      }
      // A day after the last: three missed appointments, which can no
      // longer be cancelled away.
      await restartAt(Date.parse(booked[2].starts_at) + 86400e3);
      const late = await s.api('DELETE', `/api/v1/appointments/${booked[0].id}`, { token: li.token });
      assert.equal(late.status, 409);
      const later = await nextDay(1);
      let r = await book(li, { date: later.date, time: later.slots[0].time });
      assert.equal(r.status, 403, r.text);
      assert.equal(r.json.error.code, 'booking_suspended');
      r = await book(zhang, { date: later.date, time: later.slots[0].time });
      assert.equal(r.status, 201, 'others still book');
      // Thirty-one days later she books again.
      await restartAt(Date.parse(booked[2].starts_at) + 31 * 86400e3);
      const again = await nextDay(1);
      r = await book(li, { date: again.date, time: again.slots[0].time });
      assert.equal(r.status, 201, r.text);
    });
  });
}
