// The audit log as a hash chain: refusals are on record with the route,
// entries written in batches by many requests at once (and by two
// processes sharing PostgreSQL) form one unbroken chain, and `tongban
// audit verify` finds an edited, a deleted, a reordered and a cut-off
// entry, naming it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, stores, bin, root, demo } from '../lib/server.js';

function verify(db) {
  const r = spawnSync(bin, ['audit', 'verify', '--db', db], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

for (const store of stores()) {
  describe(`audit log (${store})`, () => {
    let s, auditor, resident;
    before(async () => {
      s = await startServer({ store });
      auditor = await s.signIn('auditor');
      resident = await s.signIn(demo.residents[0].id_number);
    });
    after(async () => { await s.stop(); });

    it('records every refusal with the route, the role and the status', async () => {
      assert.equal((await s.api('GET', '/api/v1/me')).status, 401);
      assert.equal((await s.api('GET', '/api/v1/cases', { token: resident.token })).status, 403);
      assert.equal((await s.api('GET', '/api/v1/audit', { token: resident.token })).status, 403);
      // Refusals are queued without waiting (they hand out nothing): the
      // writer has them on record within moments.
      let seen = [];
      for (let i = 0; i < 50 && !seen.includes('resident GET /api/v1/audit 403'); i++) {
        if (i) await new Promise((r) => setTimeout(r, 20));
        const list = await s.api('GET', '/api/v1/audit?action=refused&limit=50', { token: auditor.token });
        assert.equal(list.status, 200);
        seen = list.json.items.map((e) => `${e.role ?? '-'} ${e.target} ${e.outcome}`);
      }
      assert.ok(seen.includes('- GET /api/v1/me 401'), seen.join('\n'));
      assert.ok(seen.includes('resident GET /api/v1/cases 403'), seen.join('\n'));
      assert.ok(seen.includes('resident GET /api/v1/audit 403'), seen.join('\n'));
      // The list itself is the auditor's only.
      for (const who of ['clerk.pengpu', 'admin.city']) {
        const t = await s.signIn(who);
        assert.equal((await s.api('GET', '/api/v1/audit', { token: t.token })).status, 403);
      }
    });

    it('keeps one chain while many requests append at once', async () => {
      const before = Number(s.sql('SELECT COUNT(*) FROM audit_log')[0]);
      // 200 refusals from 50 clients at a time: batched by the writer.
      for (let round = 0; round < 4; round++) {
        const rs = await Promise.all(Array.from({ length: 50 }, () => s.api('GET', '/api/v1/me')));
        assert.ok(rs.every((r) => r.status === 401));
      }
      let after = 0;
      for (let i = 0; i < 100 && after < before + 200; i++) {
        if (i) await new Promise((r) => setTimeout(r, 20));
        after = Number(s.sql('SELECT COUNT(*) FROM audit_log')[0]);
      }
      assert.ok(after >= before + 200, `${after} >= ${before} + 200`);
      // The sequence has no gap, and the head is the last entry.
      const [min, max, n] = s.sql('SELECT MIN(seq), MAX(seq), COUNT(seq) FROM audit_log')[0].split('|').map(Number);
      assert.equal(min, 1);
      assert.equal(max, n);
      assert.equal(Number(s.sql('SELECT seq FROM audit_head')[0]), max);
      const v = verify(s.db);
      assert.equal(v.code, 0, v.out);
      assert.match(v.out, new RegExp(`audit log intact: ${max} entries`));
    });

    if (store === 'postgres') {
      it('keeps one chain with two processes appending to one PostgreSQL', async () => {
        const other = await startServer({ store, reuse: s });
        try {
          await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? s : other).api('GET', '/api/v1/me')));
          const v = verify(s.db);
          assert.equal(v.code, 0, v.out);
        } finally {
          await other.stop({ keep: true });
        }
      });
    }

    it('finds an edited, a deleted, a reordered and a cut-off entry', async () => {
      const db = s.db;
      assert.equal(verify(db).code, 0);
      const max = Number(s.sql('SELECT MAX(seq) FROM audit_log')[0]);
      assert.ok(max >= 10);
      // Edited: a refusal turned into a success.
      const was = s.sql('SELECT outcome FROM audit_log WHERE seq = 5')[0];
      s.sql("UPDATE audit_log SET outcome = 'allowed' WHERE seq = 5");
      let v = verify(db);
      assert.equal(v.code, 1);
      assert.match(v.out, /entry 5 was changed/);
      s.sql(`UPDATE audit_log SET outcome = '${was}' WHERE seq = 5`);
      assert.equal(verify(db).code, 0, 'restored');
      // Reordered: two entries swap places.
      s.sql('UPDATE audit_log SET seq = -1 WHERE seq = 6');
      s.sql('UPDATE audit_log SET seq = 6 WHERE seq = 7');
      s.sql('UPDATE audit_log SET seq = 7 WHERE seq = -1');
      v = verify(db);
      assert.equal(v.code, 1);
      assert.match(v.out, /entry 6 does not follow entry 5/);
      s.sql('UPDATE audit_log SET seq = -1 WHERE seq = 6');
      s.sql('UPDATE audit_log SET seq = 6 WHERE seq = 7');
      s.sql('UPDATE audit_log SET seq = 7 WHERE seq = -1');
      assert.equal(verify(db).code, 0, 'restored');
      // Deleted from the middle, and from the end.
      s.sql(`DELETE FROM audit_log WHERE seq = ${max}`);
      v = verify(db);
      assert.equal(v.code, 1);
      assert.match(v.out, new RegExp(`the chain ends at entry ${max - 1} but its head says ${max}`));
      s.sql('DELETE FROM audit_log WHERE seq = 3');
      v = verify(db);
      assert.equal(v.code, 1);
      assert.match(v.out, /entry 3 is missing/);
    });
  });
}
