// Cases over real HTTP on both stores: filing online and at the window,
// citywide handling and its refusal, the workflow with every refusal
// (role, scope, state, version, materials), tolerant acceptance,
// supplements, fees, circulation of originals between centers,
// certificates as electronic licences with verification and revocation,
// deadlines in working days, notices, uploads, search and audit.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stores, demo, tongban } from '../lib/server.js';

const liJing = demo.residents[0];   // registered in Baoshan (310113), lives in Jing'an
const zhangWei = demo.residents[1]; // Jing'an
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);

for (const store of stores()) {
  describe(`cases (${store})`, () => {
    let s, li, zhang, clerkJA, clerkBS, reviewer, adminCity, adminBS, auditor, ps;
    before(async () => {
      s = await startServer({ store });
      // Public security reviews residence permits: a reviewer made with
      // the command line, as a deployment would.
      s.userAdd(['--username', 'reviewer.ps', '--name', '公安审批', '--role', 'reviewer', '--department', 'PS'], 'a long enough passphrase');
      ps = await s.signIn('reviewer.ps', 'a long enough passphrase');
      li = await s.signIn(liJing.id_number);
      zhang = await s.signIn(zhangWei.id_number);
      clerkJA = await s.signIn('clerk.pengpu');
      clerkBS = await s.signIn('clerk.baoshan');
      reviewer = await s.signIn('reviewer.civil');
      adminCity = await s.signIn('admin.city');
      adminBS = await s.signIn('admin.baoshan');
      auditor = await s.signIn('auditor');
    });
    after(async () => { await s.stop(); });

    const get = (who, id) => s.api('GET', `/api/v1/cases/${id}`, { token: who.token });
    async function move(who, id, action, extra = {}) {
      const c = await get(who, id);
      assert.equal(c.status, 200, `${action}: cannot read the case: ${c.text}`);
      return s.api('POST', `/api/v1/cases/${id}/transitions`, { token: who.token, body: { action, version: c.json.version, ...extra } });
    }
    async function ok(who, id, action, extra, state) {
      const r = await move(who, id, action, extra);
      assert.equal(r.status, 200, `${action}: ${r.text}`);
      if (state) assert.equal(r.json.state, state);
      return r.json;
    }
    const upload = (who, id, kind, bytes, type) => s.api('POST', `/api/v1/cases/${id}/materials?kind=${kind}`,
      { token: who.token, raw: bytes, headers: { 'content-type': type } });

    it('a Baoshan resident files a citywide matter in Jing\'an; it travels to Baoshan and comes back as a verified certificate', async () => {
      // Filed by the comprehensive window in Jing'an for her.
      let r = await s.api('POST', '/api/v1/cases', { token: clerkJA.token, body: {
        matter: 'C-CA-001', center: 'JA12', applicant_id_number: liJing.id_number, submit: true, commit: true } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.received_at_center, 'JA12');
      assert.equal(r.json.competent_center, 'BS01');
      assert.equal(r.json.state, 'submitted');
      assert.match(r.json.number, /^JA12-\d{8}-\d{4}$/);
      const id = r.json.id;
      // Nothing has to be brought: licences and shared data cover it all.
      let c = await get(li, id);
      assert.equal(c.status, 200);
      assert.ok(c.json.materials.length >= 3);
      for (const m of c.json.materials) {
        assert.equal(m.status, 'satisfied', JSON.stringify(m));
        assert.ok(['licence', 'shared'].includes(m.way));
        assert.ok(m.reason_zh.length > 5 && m.reason_en.length > 10, JSON.stringify(m));
        assert.match(m.reason_zh, /[\u4e00-\u9fff]/);
      }
      assert.deepEqual(c.json.actions, ['withdraw']);
      r = await upload(li, id, 'ID-CARD', PDF, 'application/pdf');
      assert.equal(r.status, 409, 'satisfied by a licence: nothing to upload');
      await ok(clerkJA, id, 'start-pre-review', {}, 'pre-review');
      await ok(clerkJA, id, 'accept', {}, 'accepted');
      c = await get(clerkJA, id);
      assert.equal(c.json.deadline.clock, 'running');
      assert.ok(c.json.deadline.promised_due >= c.json.deadline.accepted_on);
      assert.equal(c.json.circulation.length, 1);
      assert.equal(c.json.circulation[0].from_center, 'JA12');
      assert.equal(c.json.circulation[0].to_center, 'BS01');
      // The department cannot review before the originals arrive.
      r = await move(reviewer, id, 'start-review');
      assert.equal(r.status, 422);
      assert.equal(r.json.error.code, 'originals_not_received');
      // Only the receiving center sends, only the competent one receives.
      c = await get(clerkBS, id);
      r = await s.api('POST', `/api/v1/cases/${id}/circulation`, { token: clerkBS.token, body: { action: 'send', version: c.json.version, method: 'courier', tracking: 'SF1234567890' } });
      assert.equal(r.status, 403);
      r = await s.api('POST', `/api/v1/cases/${id}/circulation`, { token: clerkJA.token, body: { action: 'receive', version: c.json.version } });
      assert.equal(r.status, 403);
      r = await s.api('POST', `/api/v1/cases/${id}/circulation`, { token: clerkJA.token, body: { action: 'send', version: c.json.version, method: 'courier', tracking: 'SF1234567890' } });
      assert.equal(r.status, 200, r.text);
      c = await get(clerkBS, id);
      r = await s.api('POST', `/api/v1/cases/${id}/circulation`, { token: clerkBS.token, body: { action: 'receive', version: c.json.version } });
      assert.equal(r.status, 200, r.text);
      c = await get(reviewer, id);
      assert.equal(c.json.circulation[0].tracking, 'SF1234567890');
      assert.ok(c.json.circulation[0].received_at);
      await ok(reviewer, id, 'start-review', {}, 'under-review');
      await ok(reviewer, id, 'approve', {}, 'approved');
      await ok(clerkBS, id, 'issue', {}, 'issued');
      c = await get(li, id);
      assert.ok(c.json.licence && c.json.licence.verify_code);
      const code = c.json.licence.verify_code;
      // The certificate is hers, and the public page says it is genuine.
      const mine = await s.api('GET', '/api/v1/me/licences', { token: li.token });
      assert.ok(mine.json.items.some((l) => l.verify_code === code && l.status === 'valid'));
      let v = await s.api('GET', `/api/v1/licences/verify/${code}`);
      assert.equal(v.status, 200);
      assert.equal(v.json.status, 'valid');
      assert.equal(v.json.holder, '李**');
      assert.ok(!v.text.includes(liJing.id_number));
      assert.equal((await s.api('GET', '/api/v1/licences/verify/not-a-code')).status, 400);
      const fake = await s.api('GET', `/api/v1/licences/verify/${'0'.repeat(20)}`);
      assert.equal(fake.status, 404, 'an unknown code is not genuine');
      const qr = await s.api('GET', `/api/v1/licences/verify/${code}/qr.svg`);
      assert.equal(qr.status, 200);
      assert.match(qr.headers.get('content-type'), /image\/svg\+xml/);
      assert.match(qr.text, /^<svg[^>]*viewBox/);
      await ok(clerkBS, id, 'collect', {}, 'closed');
      // Revoked by the issuing department: the page says so.
      const lid = mine.json.items.find((l) => l.verify_code === code).id;
      r = await s.api('POST', `/api/v1/licences/${lid}/revoke`, { token: clerkBS.token, body: { reason: 'test' } });
      assert.equal(r.status, 403);
      r = await s.api('POST', `/api/v1/licences/${lid}/revoke`, { token: reviewer.token, body: { reason: 'issued in error' } });
      assert.equal(r.status, 200, r.text);
      v = await s.api('GET', `/api/v1/licences/verify/${code}`);
      assert.equal(v.json.status, 'revoked');
      assert.ok(v.json.revoked_at);
      // The timeline: every step an event, versions without gaps.
      c = await get(li, id);
      assert.deepEqual(c.json.events.map((e) => e.version), c.json.events.map((_, i) => i + 1));
      assert.deepEqual(c.json.events.map((e) => e.action), ['file', 'submit', 'start-pre-review', 'accept',
        'send-originals', 'receive-originals', 'start-review', 'approve', 'issue', 'collect']);
      assert.equal(c.json.events.at(-1).to, c.json.state);
      // She was told of the decision and of the certificate.
      const n = await s.api('GET', '/api/v1/me/notices', { token: li.token });
      assert.ok(n.json.items.some((x) => x.case_id === id && x.kind === 'approved'));
      assert.ok(n.json.items.some((x) => x.case_id === id && x.kind === 'issued'));
      assert.ok(s.sms().some((m) => m.to === liJing.mobile));
    });

    it('refuses a non-citywide matter at a center outside the registered district, naming the competent centers', async () => {
      const r = await s.api('POST', '/api/v1/cases', { token: clerkJA.token, body: {
        matter: 'C-PS-013', center: 'JA12', applicant_id_number: liJing.id_number } });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.code, 'not_citywide');
      assert.ok(r.json.error.competent_centers.length > 5);
      assert.ok(r.json.error.competent_centers.every((c) => c.code.startsWith('BS')));
      const none = await s.api('GET', `/api/v1/cases?applicant=${liJing.id_number}&matter=C-PS-013`, { token: adminCity.token });
      assert.equal(none.json.total, 0, 'nothing was filed');
    });

    it('takes a supplement, tolerant acceptance and the follow-up of a missing material', async () => {
      let r = await s.api('POST', '/api/v1/cases', { token: li.token, body: { matter: 'C-PS-010', submit: true } });
      assert.equal(r.status, 201, r.text);
      const id = r.json.id;
      let c = await get(li, id);
      const rp = c.json.materials.find((m) => m.kind === 'RESIDENCE-PERMIT');
      assert.equal(rp.status, 'needed');
      assert.equal(rp.key, true);
      const clerk = clerkBS; // online: the competent Baoshan center handles it
      r = await move(clerk, id, 'accept');
      assert.equal(r.status, 422);
      assert.equal(r.json.error.code, 'materials_missing');
      r = await move(clerk, id, 'accept-tolerant', { follow_up_by: '2099-01-01' });
      assert.equal(r.status, 422);
      assert.equal(r.json.error.code, 'key_materials_missing');
      r = await move(clerk, id, 'request-supplement', {});
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'missing');
      r = await move(clerk, id, 'request-supplement', { missing: ['NOT-A-KIND'] });
      assert.equal(r.status, 400);
      await ok(clerk, id, 'request-supplement', { missing: ['RESIDENCE-PERMIT'], note: 'the permit itself, please' }, 'supplement-requested');
      const n = await s.api('GET', '/api/v1/me/notices?unread=true', { token: li.token });
      const notice = n.json.items.find((x) => x.case_id === id && x.kind === 'supplement-requested');
      assert.ok(notice);
      assert.ok(n.json.unread >= 1);
      r = await s.api('POST', `/api/v1/me/notices/${notice.id}/read`, { token: li.token });
      assert.equal(r.status, 200);
      assert.equal((await s.api('POST', `/api/v1/me/notices/${notice.id}/read`, { token: zhang.token })).status, 404);
      // Uploads: type checked by the bytes, and only by the case's parties.
      r = await upload(li, id, 'RESIDENCE-PERMIT', Buffer.from('just some text'), 'application/pdf');
      assert.equal(r.status, 415);
      r = await upload(li, id, 'RESIDENCE-PERMIT', PDF, 'image/png');
      assert.equal(r.status, 415);
      r = await upload(zhang, id, 'RESIDENCE-PERMIT', PDF, 'application/pdf');
      assert.equal(r.status, 404);
      r = await upload(li, id, 'ID-CARD', PDF, 'application/pdf');
      assert.equal(r.status, 404, 'not a material of this case');
      r = await upload(li, id, 'RESIDENCE-PERMIT', PDF, 'application/pdf');
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.type, 'application/pdf');
      const file = await s.api('GET', `/api/v1/cases/${id}/materials/RESIDENCE-PERMIT`, { token: li.token });
      assert.equal(file.status, 200);
      assert.equal(file.text, PDF.toString());
      assert.equal((await s.api('GET', `/api/v1/cases/${id}/materials/RESIDENCE-PERMIT`, { token: zhang.token })).status, 404);
      await ok(li, id, 'resubmit', {}, 'submitted');
      r = await move(clerk, id, 'accept-tolerant', { follow_up_by: '2020-01-01' });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'follow_up_by');
      await ok(clerk, id, 'accept-tolerant', { follow_up_by: '2099-01-01' }, 'accepted');
      c = await get(li, id);
      assert.equal(c.json.materials.find((m) => m.kind === 'PHOTO').status, 'outstanding');
      assert.equal(c.json.deadline.follow_up_by, '2099-01-01');
      // Public security reviews it: the civil affairs reviewer sees nothing.
      assert.equal((await get(reviewer, id)).status, 404);
      r = await s.api('POST', `/api/v1/cases/${id}/transitions`, { token: reviewer.token, body: { action: 'start-review', version: c.json.version } });
      assert.equal(r.status, 404);
      await ok(ps, id, 'start-review', {}, 'under-review');
      // The outstanding photo must follow before a decision.
      r = await move(ps, id, 'approve');
      assert.equal(r.status, 422);
      assert.equal(r.json.error.code, 'materials_outstanding');
      r = await upload(li, id, 'PHOTO', JPEG, 'image/jpeg');
      assert.equal(r.status, 201, r.text);
      await ok(ps, id, 'approve', {}, 'awaiting-payment');
    });

    it('collects a fee at the window before issuing, and sends the certificate by express', async () => {
      let r = await s.api('POST', '/api/v1/cases', { token: clerkJA.token, body: {
        matter: 'C-PS-009', center: 'JA12', applicant_id_number: zhangWei.id_number, submit: true } });
      assert.equal(r.status, 201, r.text);
      const id = r.json.id;
      // Filed in his own district: the receiving center decides.
      assert.equal(r.json.received_at_center, 'JA12');
      assert.equal(r.json.competent_center, 'JA12');
      r = await upload(clerkJA, id, 'PHOTO', JPEG, 'image/jpeg');
      assert.equal(r.status, 201, r.text);
      await ok(clerkJA, id, 'accept', {}, 'accepted');
      let c = await get(clerkJA, id);
      assert.equal(c.json.fee_fen, 2000);
      assert.deepEqual(c.json.circulation, [], 'nothing travels');
      await ok(ps, id, 'start-review', {}, 'under-review');
      await ok(ps, id, 'approve', {}, 'awaiting-payment');
      c = await get(zhang, id);
      assert.equal(c.json.deadline.clock, 'paused');
      r = await move(clerkJA, id, 'issue');
      assert.equal(r.status, 409, 'no issue before payment');
      r = await move(clerkJA, id, 'record-payment', { payment_fen: 100 });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'payment_fen');
      await ok(clerkJA, id, 'record-payment', { payment_fen: 2000, method: 'UnionPay' }, 'approved');
      await ok(ps, id, 'issue', {}, 'issued');
      r = await move(clerkJA, id, 'deliver', { carrier: 'EMS' });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'tracking');
      await ok(clerkJA, id, 'deliver', { carrier: 'EMS', tracking: 'EA123456789CN' }, 'delivered');
      await ok(zhang, id, 'confirm-receipt', {}, 'closed');
      c = await get(zhang, id);
      assert.equal(c.json.paid_fen, 2000);
      assert.equal(c.json.deadline.working_days_left, null, 'a closed case has no clock');
      const ev = c.json.events.find((e) => e.action === 'deliver');
      assert.equal(ev.data.tracking, 'EA123456789CN');
      r = await move(zhang, id, 'withdraw');
      assert.equal(r.status, 409, 'nothing moves a closed case');
    });

    it('reminds the applicant, once, when an outstanding material falls due', async () => {
      const r0 = await s.api('POST', '/api/v1/cases', { token: clerkJA.token, body: {
        matter: 'C-PS-009', center: 'JA12', applicant_id_number: zhangWei.id_number, submit: true } });
      assert.equal(r0.status, 201, r0.text);
      const inTenDays = new Date(Date.now() + 8 * 3600e3 + 10 * 86400e3).toISOString().slice(0, 10);
      await ok(clerkJA, r0.json.id, 'accept-tolerant', { follow_up_by: inTenDays }, 'accepted');
      const remind = (days) => tongban(['remind', '--db', s.db, '--days', String(days), '--sms-file', s.smsFile]).trim();
      assert.equal(remind(1), 'reminded 0 applicants', 'not due yet');
      assert.equal(remind(30), 'reminded 1 applicant');
      assert.equal(remind(30), 'reminded 0 applicants', 'once per case');
      const n = await s.api('GET', '/api/v1/me/notices', { token: zhang.token });
      const notice = n.json.items.find((x) => x.case_id === r0.json.id && x.kind === 'follow-up-due');
      assert.ok(notice);
      assert.ok(notice.text_zh.includes(inTenDays));
      assert.ok(s.sms().some((m) => m.to === zhangWei.mobile && m.body.includes(inTenDays)));
    });

    it('needs a signed commitment where the matter takes one', async () => {
      let r = await s.api('POST', '/api/v1/cases', { token: zhang.token, body: { matter: 'C-PS-001', submit: true } });
      assert.equal(r.status, 422);
      assert.equal(r.json.error.code, 'commitment_needed');
      const none = await s.api('GET', '/api/v1/me/cases', { token: zhang.token });
      assert.ok(!none.json.items.some((k) => k.matter.code === 'C-PS-001'), 'the refused filing left no case');
      r = await s.api('POST', '/api/v1/cases', { token: zhang.token, body: { matter: 'C-PS-001', submit: true, commit: true } });
      assert.equal(r.status, 201, r.text);
      const c = await get(zhang, r.json.id);
      assert.equal(c.json.materials.find((m) => m.way === 'commitment').status, 'satisfied');
    });

    it('refuses wrong roles, wrong states and stale versions, and lets the applicant withdraw', async () => {
      const r0 = await s.api('POST', '/api/v1/cases', { token: zhang.token, body: { matter: 'C-CA-001' } });
      assert.equal(r0.status, 201, r0.text);
      const id = r0.json.id;
      assert.equal(r0.json.state, 'draft');
      let r = await move(zhang, id, 'accept');
      assert.equal(r.status, 409, 'accept from draft: wrong state');
      await ok(zhang, id, 'submit', { commit: true }, 'submitted');
      r = await move(zhang, id, 'accept');
      assert.equal(r.status, 403, 'an applicant does not accept');
      r = await move(zhang, id, 'approve');
      assert.equal(r.status, 409);
      r = await move(zhang, id, 'fly');
      assert.equal(r.status, 400);
      // Another resident cannot see it, nor a clerk of another center.
      assert.equal((await get(li, id)).status, 404);
      const c = await get(zhang, id);
      const clerkOf = c.json.competent_center === 'JA12' ? clerkJA : clerkBS;
      const notClerk = clerkOf === clerkJA ? clerkBS : clerkJA;
      assert.equal((await get(notClerk, id)).status, 404);
      assert.equal((await get(auditor, id)).status, 404);
      // Stale version.
      r = await s.api('POST', `/api/v1/cases/${id}/transitions`, { token: clerkOf.token, body: { action: 'start-pre-review', version: c.json.version - 1 } });
      assert.equal(r.status, 409);
      assert.equal(r.json.error.version, c.json.version);
      // Bad bodies change nothing.
      for (const body of [{ action: 'accept' }, { version: c.json.version }, { action: 'accept', version: 'x' },
        { action: 'accept', version: c.json.version, colour: 'red' }]) {
        r = await s.api('POST', `/api/v1/cases/${id}/transitions`, { token: clerkOf.token, body });
        assert.equal(r.status, 400, JSON.stringify(body));
      }
      assert.equal((await get(zhang, id)).json.version, c.json.version);
      await ok(zhang, id, 'withdraw', {}, 'withdrawn');
    });

    it('does not accept, and refuses, with a reason the applicant is told', async () => {
      const file = async () => (await s.api('POST', '/api/v1/cases', { token: clerkJA.token, body: {
        matter: 'C-CA-001', center: 'JA12', applicant_id_number: zhangWei.id_number, submit: true } })).json.id;
      const a = await file();
      let r = await move(clerkJA, a, 'not-accept');
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'reason');
      await ok(clerkJA, a, 'not-accept', { reason: '不属于受理范围' }, 'not-accepted');
      const b = await file();
      await ok(clerkJA, b, 'accept', {}, 'accepted');
      await ok(reviewer, b, 'start-review', {}, 'under-review');
      r = await move(reviewer, b, 'refuse');
      assert.equal(r.status, 400);
      await ok(reviewer, b, 'refuse', { reason: '不符合申领条件' }, 'refused');
      const c = await get(zhang, b);
      assert.equal(c.json.deadline.clock, 'stopped');
      assert.deepEqual(c.json.actions, []);
      const n = await s.api('GET', '/api/v1/me/notices?limit=50', { token: zhang.token });
      assert.ok(n.json.items.some((x) => x.case_id === a && x.kind === 'not-accepted' && x.text_zh.includes('不属于受理范围')));
      assert.ok(n.json.items.some((x) => x.case_id === b && x.kind === 'refused' && x.text_en.includes('不符合申领条件')));
    });

    it('lets exactly one of two racing transitions through', async () => {
      const r0 = await s.api('POST', '/api/v1/cases', { token: clerkJA.token, body: {
        matter: 'C-CA-001', center: 'JA12', applicant_id_number: liJing.id_number, submit: true } });
      const id = r0.json.id;
      const version = r0.json.version;
      const tries = await Promise.all(['start-pre-review', 'start-pre-review', 'not-accept', 'accept'].map((action) =>
        s.api('POST', `/api/v1/cases/${id}/transitions`, { token: clerkJA.token, body: { action, version, reason: 'x' } })));
      assert.equal(tries.filter((t) => t.status === 200).length, 1, tries.map((t) => t.status).join(','));
      assert.ok(tries.filter((t) => t.status !== 200).every((t) => t.status === 409));
      const c = await get(li, id);
      assert.equal(c.json.version, version + 1);
      assert.equal(c.json.events.length, version + 1);
    });

    it('searches within the staff member\'s scope only, and audits reads of persons', async () => {
      let r = await s.api('GET', '/api/v1/cases?limit=200', { token: clerkJA.token });
      assert.equal(r.status, 200);
      assert.ok(r.json.total > 0);
      assert.ok(r.json.items.every((k) => k.received_at_center === 'JA12' || k.competent_center === 'JA12'));
      r = await s.api('GET', '/api/v1/cases?limit=200', { token: reviewer.token });
      assert.ok(r.json.items.every((k) => k.matter.department === 'CA'));
      r = await s.api('GET', '/api/v1/cases?limit=200', { token: adminBS.token });
      assert.ok(r.json.items.length > 0);
      const all = await s.api('GET', '/api/v1/cases?limit=200', { token: adminCity.token });
      assert.ok(all.json.total >= r.json.total);
      r = await s.api('GET', `/api/v1/cases?applicant=${liJing.id_number}&purpose=check`, { token: adminCity.token });
      assert.ok(r.json.total >= 2);
      r = await s.api('GET', '/api/v1/cases?state=closed&matter=C-CA-001', { token: adminCity.token });
      assert.ok(r.json.items.every((k) => k.state === 'closed' && k.matter.code === 'C-CA-001'));
      const first = all.json.items.at(-1);
      r = await s.api('GET', `/api/v1/cases?number=${first.number}`, { token: adminCity.token });
      assert.equal(r.json.total, 1);
      assert.equal((await s.api('GET', '/api/v1/cases', { token: auditor.token })).status, 403);
      assert.equal((await s.api('GET', '/api/v1/cases', { token: li.token })).status, 403);
      for (const [q, field] of [['due=later', 'due'], ['from=yesterday', 'from'], ['applicant=123', 'applicant'], ['limit=0', 'limit']]) {
        r = await s.api('GET', `/api/v1/cases?${q}`, { token: adminCity.token });
        assert.equal(r.status, 400, q);
        assert.equal(r.json.error.field, field);
      }
      const audit = s.sql("SELECT actor_role, action, target, outcome FROM audit_log WHERE action IN ('read-case', 'search-cases') ORDER BY id");
      assert.ok(audit.some((x) => x.startsWith('clerk|read-case|case:')));
      assert.ok(audit.some((x) => x.startsWith('city_admin|search-cases|applicant|allowed')));
      assert.ok(!s.sql('SELECT * FROM audit_log').join('\n').includes(liJing.id_number));
      // Only the auditor reads the log, through the API.
      assert.equal((await s.api('GET', '/api/v1/audit', { token: adminCity.token })).status, 403);
      assert.equal((await s.api('GET', '/api/v1/audit', { token: li.token })).status, 403);
      r = await s.api('GET', '/api/v1/audit?action=read-case&actor=clerk.pengpu&limit=5', { token: auditor.token });
      assert.equal(r.status, 200);
      assert.ok(r.json.total >= 1);
      assert.ok(r.json.items.every((x) => x.action === 'read-case' && x.actor === 'clerk.pengpu' && x.purpose));
      assert.equal((await s.api('GET', '/api/v1/audit?from=yesterday', { token: auditor.token })).status, 400);
      // "My cases": her own and none of Zhang Wei's.
      const mine = await s.api('GET', '/api/v1/me/cases', { token: li.token });
      assert.ok(mine.json.total >= 2);
      const ids = new Set((await s.api('GET', '/api/v1/me/cases?limit=200', { token: zhang.token })).json.items.map((k) => k.id));
      assert.ok(mine.json.items.every((k) => !ids.has(k.id)));
    });

    it('counts the deadline in working days and lists what is due soon and overdue', async () => {
      const r0 = await s.api('POST', '/api/v1/cases', { token: clerkJA.token, body: {
        matter: 'C-CA-001', center: 'JA12', applicant_id_number: zhangWei.id_number, submit: true, commit: true } });
      const id = r0.json.id;
      const clerk = clerkJA;    // the receiving center accepts
      await ok(clerk, id, 'accept', {}, 'accepted');
      const c = await get(clerk, id);
      assert.ok(c.json.deadline.working_days_left > 0);
      assert.equal(c.json.deadline.overdue, false);
      // Thirty days later (a restart with the clock moved on) it is overdue.
      await s.stop({ keep: true });
      s = await startServer({ store, reuse: s, args: ['--clock-offset', String(30 * 86400)] });
      clerkJA = await s.signIn('clerk.pengpu');
      clerkBS = await s.signIn('clerk.baoshan');
      const viewer = clerkJA;
      const k = await s.api('GET', `/api/v1/cases/${id}`, { token: viewer.token });
      assert.equal(k.json.deadline.overdue, true);
      assert.ok(k.json.deadline.working_days_left < 0);
      const overdue = await s.api('GET', '/api/v1/cases?due=overdue&limit=200', { token: viewer.token });
      assert.ok(overdue.json.items.some((x) => x.id === id));
      li = await s.signIn(liJing.id_number);
      zhang = await s.signIn(zhangWei.id_number);
      reviewer = await s.signIn('reviewer.civil');
      adminCity = await s.signIn('admin.city');
      adminBS = await s.signIn('admin.baoshan');
      auditor = await s.signIn('auditor');
    });
  });
}
