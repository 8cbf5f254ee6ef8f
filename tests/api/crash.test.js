// The crash test: while 8 clients file and move cases, the server is
// killed with SIGKILL.  After a restart, every write the server
// acknowledged must be there, and no case's state may disagree with its
// events.  On both stores.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stores, demo } from '../lib/server.js';

const steps = ['start-pre-review', 'accept'];

for (const store of stores()) {
  describe(`crash (${store})`, () => {
    it('keeps every acknowledged write through kill -9', async () => {
      let s = await startServer({ store });
      const clerk = await s.signIn('clerk.pengpu');
      const acked = new Map();   // case id -> highest acknowledged version
      let stop = false;
      let errors = 0;

      async function client(n) {
        const resident = demo.residents[n % demo.residents.length];
        while (!stop) {
          try {
            const r = await s.api('POST', '/api/v1/cases', { token: clerk.token, body: {
              matter: 'C-CA-001', center: 'JA12', applicant_id_number: resident.id_number, submit: true, commit: true } });
            if (r.status !== 201) { errors++; continue; }
            acked.set(r.json.id, r.json.version);
            let version = r.json.version;
            for (const action of steps) {
              const t = await s.api('POST', `/api/v1/cases/${r.json.id}/transitions`, { token: clerk.token, body: { action, version } });
              if (t.status !== 200) break;
              version = t.json.version;
              acked.set(r.json.id, version);
            }
          } catch {
            return;   // the server is gone
          }
        }
      }
      const clients = Array.from({ length: 8 }, (_, i) => client(i));
      await new Promise((res) => setTimeout(res, 2500));
      await s.crash();
      stop = true;
      await Promise.all(clients);
      assert.ok(acked.size >= 8, `only ${acked.size} cases were filed before the crash`);
      assert.equal(errors, 0, 'no request failed before the crash');

      s = await startServer({ store, reuse: s });
      const admin = await s.signIn('admin.city');
      for (const [id, version] of acked) {
        const r = await s.api('GET', `/api/v1/cases/${id}`, { token: admin.token });
        assert.equal(r.status, 200, `acknowledged case ${id} is lost`);
        assert.ok(r.json.version >= version, `case ${id}: acknowledged version ${version}, found ${r.json.version}`);
        assert.equal(r.json.events.length, r.json.version);
        assert.equal(r.json.events.at(-1).to, r.json.state);
      }
      // Over the whole store: every case's state is its last event's.
      const bad = s.sql('SELECT k.id FROM cases k JOIN case_events e ON e.case_id = k.id AND e.version = k.version'
        + ' WHERE e.to_state <> k.state UNION SELECT k.id FROM cases k WHERE k.version <>'
        + ' (SELECT COUNT(*) FROM case_events e WHERE e.case_id = k.id)');
      assert.deepEqual(bad, []);
      await s.stop();
    });
  });
}
