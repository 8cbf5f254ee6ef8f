// Allocation failures: a server started with --fault-injection fails the
// Nth allocation of a request that asks for it (X-Fault-Alloc: N; our
// code, jansson and SQLite allocate through src/alloc.c).  For N = 1, 2,
// ... through signing in, filing a case and issuing a licence, every
// answer is the normal one or a clean 503, the server never crashes nor
// leaks (it must exit 0 at the end, and under ASan a leak fails that),
// and nothing is half-written: no session, case, event, material or
// licence without the rest of its change.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stores, demo } from '../lib/server.js';

const li = demo.residents[0];	// registered in Baoshan

for (const store of stores()) {
  describe(`allocation failures (${store})`, () => {
    let s, clerk, reviewer;
    before(async () => {
      s = await startServer({ store, args: ['--fault-injection'] });
      clerk = await s.signIn('clerk.baoshan');
      reviewer = await s.signIn('reviewer.civil');
    });
    after(async () => { await s.stop(); });

    const count = (table) => Number(s.sql(`SELECT COUNT(*) FROM ${table}`)[0]);
    // Every case has its first event and version = events; every issued
    // case has its licence and every licence its case.
    function consistent() {
      assert.equal(count('cases k WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = k.id)'), 0, 'a case without events');
      assert.equal(count('cases k WHERE k.version <> (SELECT COUNT(*) FROM case_events e WHERE e.case_id = k.id)'), 0, 'a version without its event');
      assert.equal(count('cases k WHERE NOT EXISTS (SELECT 1 FROM case_materials m WHERE m.case_id = k.id)'), 0, 'a case without materials');
      assert.equal(count("cases k WHERE k.state = 'issued' AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.case_id = k.id)"), 0, 'issued without a licence');
      assert.equal(count("licences l WHERE l.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.id = l.case_id AND k.state IN ('issued', 'delivered', 'closed'))"), 0, 'a licence of a case not issued');
    }

    // Walks N = 1, 2, ... until the request goes through; returns the
    // number of allocation points met.  A 503 may come after the commit
    // (the answer could not be built): the change is then whole, as after
    // a lost connection, and `committed()` says the walk is over.
    async function walk(what, send, committed = () => false) {
      let n = 1, failures = 0;
      for (; n < 5000; n++) {
        const r = await send({ 'x-fault-alloc': String(n) });
        if (r.status === 503) {
          failures++;
          assert.equal(r.json?.error?.code, 'unavailable', `${what} N=${n}: ${r.text}`);
          consistent();
          if (committed()) break;
          continue;
        }
        assert.ok(r.status === 200 || r.status === 201, `${what} N=${n}: ${r.status} ${r.text}`);
        break;
      }
      assert.equal((await s.api('GET', '/api/v1/health')).status, 200, `${what}: alive`);
      assert.ok(failures >= 5, `${what}: ${failures} allocation points failed`);
      console.log(`# ${what} (${store}): ${failures} allocation points failed cleanly, then it went through`);
      return failures;
    }

    it('signs in, or answers 503 and makes no session', async () => {
      const before = count('sessions');
      await walk('sign-in', (headers) => s.api('POST', '/api/v1/session',
        { body: { login: li.id_number, password: 'tongban-demo-2026' }, headers }));
      // Every session row is whole: both token hashes, a CSRF token.
      assert.equal(count("sessions WHERE cookie_hash = '' OR bearer_hash = '' OR csrf = ''"), 0);
      assert.ok(count('sessions') > before);
    });

    it('files a case whole, or not at all', async () => {
      await walk('filing', (headers) => s.api('POST', '/api/v1/cases', { token: clerk.token, headers,
        body: { matter: 'C-CA-001', center: 'BS01', applicant_id_number: li.id_number, submit: true, commit: true } }));
      consistent();
    });

    it('issues a licence with its case, or neither', async () => {
      let r = await s.api('POST', '/api/v1/cases', { token: clerk.token,
        body: { matter: 'C-CA-001', center: 'BS01', applicant_id_number: li.id_number, submit: true, commit: true } });
      assert.equal(r.status, 201, r.text);
      const id = r.json.id;
      const move = async (who, action) => {
        const c = await s.api('GET', `/api/v1/cases/${id}`, { token: who.token });
        const t = await s.api('POST', `/api/v1/cases/${id}/transitions`, { token: who.token, body: { action, version: c.json.version } });
        assert.equal(t.status, 200, `${action}: ${t.text}`);
      };
      await move(clerk, 'accept');
      await move(reviewer, 'start-review');
      await move(reviewer, 'approve');
      const version = (await s.api('GET', `/api/v1/cases/${id}`, { token: clerk.token })).json.version;
      await walk('issuing', (headers) => s.api('POST', `/api/v1/cases/${id}/transitions`, { token: clerk.token, headers,
        body: { action: 'issue', version } }),
      () => s.sql(`SELECT state FROM cases WHERE id = ${id}`)[0] === 'issued');
      assert.equal(s.sql(`SELECT state FROM cases WHERE id = ${id}`)[0], 'issued');
      consistent();
    });

    it('ignores the header without --fault-injection', async () => {
      const t = await startServer({ store, reuse: s });
      try {
        const r = await t.api('POST', '/api/v1/session', { body: { login: li.id_number, password: 'tongban-demo-2026' }, headers: { 'x-fault-alloc': '1' } });
        assert.equal(r.status, 201);
      } finally {
        await t.stop({ keep: true });
      }
    });
  });
}
