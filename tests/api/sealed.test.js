// Uploaded materials are sealed at rest: the file on disk is neither the
// bytes uploaded nor named by their hash; the applicant gets the exact
// bytes back; a rotated key still opens what the old one sealed and
// seals what comes next; a tampered file is an error, never wrong data;
// the key file lives outside the database and must be private.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, stores, demo, bin, root } from '../lib/server.js';

const MARK = 'TONGBAN-PLAINTEXT-MARKER-310113198805176844';
const PDF = Buffer.from(`%PDF-1.4\n% ${MARK}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);

for (const store of stores()) {
  describe(`materials sealed at rest (${store})`, () => {
    let s, li, caseId, kind;
    before(async () => {
      s = await startServer({ store });
      li = await s.signIn(demo.residents[0].id_number);
      const r = await s.api('POST', '/api/v1/cases', { token: li.token, body: { matter: 'C-CA-019' } });
      assert.equal(r.status, 201, r.text);
      caseId = r.json.id;
      const c = await s.api('GET', `/api/v1/cases/${caseId}`, { token: li.token });
      kind = c.json.materials.find((m) => m.way === 'upload').kind;
    });
    after(async () => { await s.stop(); });

    const fileOf = () => {
      const up = s.sql(`SELECT upload FROM case_materials WHERE case_id = ${caseId} AND kind = '${kind}'`)[0];
      assert.match(up, /^k:[0-9a-f]{64}$/);
      const name = up.slice(2);
      return path.join(s.dir, 'files', name.slice(0, 2), name);
    };

    it('stores a sealed file under a keyed name and gives the bytes back', async () => {
      const r = await s.api('POST', `/api/v1/cases/${caseId}/materials?kind=${kind}`, { token: li.token, raw: PDF, headers: { 'content-type': 'application/pdf' } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.sha256, crypto.createHash('sha256').update(PDF).digest('hex'));
      const f = fileOf();
      const disk = fs.readFileSync(f);
      assert.equal(disk.subarray(0, 4).toString(), 'TBE1');
      assert.equal(disk.readUInt32BE(4), 1, 'sealed under key 1');
      assert.ok(!disk.includes(MARK), 'no plaintext on disk');
      assert.ok(!disk.includes('310113198805176844'));
      assert.notEqual(path.basename(f), r.json.sha256, 'the name is not the content hash');
      // Nothing in the whole upload folder holds the bytes in clear.
      const all = fs.readdirSync(path.join(s.dir, 'files'), { recursive: true }).map((x) => path.join(s.dir, 'files', x));
      for (const x of all) if (fs.statSync(x).isFile()) assert.ok(!fs.readFileSync(x).includes(MARK), x);
      const back = await s.api('GET', `/api/v1/cases/${caseId}/materials/${kind}`, { token: li.token });
      assert.equal(back.status, 200);
      assert.equal(back.text, PDF.toString());
    });

    it('opens old files after a key rotation and seals new ones under the new key', async () => {
      const keyFile = path.join(s.dir, 'keys', 'tongban.keys');
      const rot = spawnSync(bin, ['keys', 'rotate', '--key-file', keyFile], { cwd: root, encoding: 'utf8' });
      assert.equal(rot.status, 0, rot.stderr);
      assert.match(rot.stdout, /key 2 is now current/);
      const t = await startServer({ store, reuse: s });
      try {
        const back = await t.api('GET', `/api/v1/cases/${caseId}/materials/${kind}`, { token: li.token });
        assert.equal(back.status, 200);
        assert.equal(back.text, PDF.toString(), 'key 1 still opens it');
        const other = Buffer.concat([PDF, Buffer.from('% second version\n')]);
        const r = await t.api('POST', `/api/v1/cases/${caseId}/materials?kind=${kind}`, { token: li.token, raw: other, headers: { 'content-type': 'application/pdf' } });
        assert.equal(r.status, 201, r.text);
        assert.equal(fs.readFileSync(fileOf()).readUInt32BE(4), 2, 'sealed under key 2');
        assert.equal((await t.api('GET', `/api/v1/cases/${caseId}/materials/${kind}`, { token: li.token })).text, other.toString());
        // A flipped byte: a generic 500 and the log says why, no data.
        const f = fileOf();
        const disk = fs.readFileSync(f);
        disk[disk.length - 5] ^= 0x01;
        fs.writeFileSync(f, disk);
        const bad = await t.api('GET', `/api/v1/cases/${caseId}/materials/${kind}`, { token: li.token });
        assert.equal(bad.status, 500);
        assert.ok(!bad.text.includes('PDF'));
        assert.match(t.log, /an uploaded file does not open/);
      } finally {
        await t.stop({ keep: true });
      }
    });

    it('refuses to start with a key file others can read', () => {
      const keyFile = path.join(s.dir, 'keys', 'tongban.keys');
      fs.chmodSync(keyFile, 0o644);
      try {
        const r = spawnSync(bin, ['serve', '--listen', '127.0.0.1:0', '--db', s.db, '--key-file', keyFile], { cwd: root, encoding: 'utf8', timeout: 10000 });
        assert.equal(r.status, 1);
        assert.match(r.stderr, /must be readable by its owner only/);
      } finally {
        fs.chmodSync(keyFile, 0o600);
      }
    });
  });
}
