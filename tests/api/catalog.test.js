// The catalog, departments, districts and centers over real HTTP, on
// both stores: search in Chinese and English, filters, guides, the
// nearest open center, and every kind of bad query.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stores } from '../lib/server.js';

for (const store of stores()) {
  describe(`catalog and centers (${store})`, () => {
    let s;
    before(async () => { s = await startServer({ store }); });
    after(async () => { await s.stop(); });

    it('health names the store', async () => {
      const r = await s.api('GET', '/api/v1/health');
      assert.equal(r.status, 200);
      assert.equal(r.json.store, store);
      assert.equal(r.json.districts, 16);
    });

    it('finds two-character Chinese terms inside longer words', async () => {
      for (const [q, word] of [['社保', /社会保险|社会保障|社保/], ['医保', /医疗保险|医疗保障|医保/], ['社保卡', /社会保障卡|社保卡/]]) {
        const r = await s.api('GET', `/api/v1/matters?q=${encodeURIComponent(q)}&limit=50`);
        assert.equal(r.status, 200, q);
        assert.ok(r.json.total >= 3, `${q}: ${r.json.total} results`);
        assert.ok(r.json.items.some((m) => word.test(m.name_zh)), `${q}: no name matches`);
      }
    });

    it('finds the seniors allowance by 老年 and by English words', async () => {
      const zh = await s.api('GET', `/api/v1/matters?q=${encodeURIComponent('老年综合津贴')}`);
      assert.ok(zh.json.items.some((m) => m.code === 'C-CA-001'));
      assert.equal(zh.json.items[0].code, 'C-CA-001', 'a match in the name ranks first');
      const en = await s.api('GET', '/api/v1/matters?q=seniors%20allowance');
      assert.ok(en.json.items.some((m) => m.code === 'C-CA-001'));
      const food = await s.api('GET', '/api/v1/matters?q=food%20business%20licence&applicant=enterprise');
      assert.ok(food.json.total >= 1);
      assert.ok(food.json.items.every((m) => m.applicant === 'enterprise'));
    });

    it('a search with no match is an empty list, not an error', async () => {
      const r = await s.api('GET', `/api/v1/matters?q=${encodeURIComponent('量子隧穿')}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.items, []);
      assert.equal(r.json.total, 0);
    });

    it('lists the whole catalog with pages and totals', async () => {
      const all = await s.api('GET', '/api/v1/matters?limit=200');
      const persons = await s.api('GET', '/api/v1/matters?applicant=person&limit=1');
      const firms = await s.api('GET', '/api/v1/matters?applicant=enterprise&limit=1');
      assert.equal(persons.json.total, 198);
      assert.ok(firms.json.total >= 150);
      assert.equal(all.json.total, persons.json.total + firms.json.total);
      assert.equal(all.json.items.length, 200);
      const page2 = await s.api('GET', '/api/v1/matters?limit=200&offset=200');
      assert.equal(page2.json.items.length, all.json.total - 200);
      assert.ok(!page2.json.items.some((m) => all.json.items.find((x) => x.code === m.code)));
      const past = await s.api('GET', '/api/v1/matters?offset=5000');
      assert.equal(past.json.items.length, 0);
      assert.equal(past.json.total, all.json.total);
    });

    it('filters by department, citywide, online and zero material', async () => {
      const ca = await s.api('GET', '/api/v1/matters?department=CA&limit=200');
      assert.ok(ca.json.total > 10);
      assert.ok(ca.json.items.every((m) => m.department === 'CA'));
      const notCitywide = await s.api('GET', '/api/v1/matters?citywide=false&applicant=person&limit=200');
      assert.ok(notCitywide.json.total > 0 && notCitywide.json.total < 198);
      assert.ok(notCitywide.json.items.every((m) => m.citywide === false));
      const zero = await s.api('GET', '/api/v1/matters?zero_material=true&online=true&limit=200');
      assert.ok(zero.json.total > 0);
      assert.ok(zero.json.items.every((m) => m.zero_material && m.online));
    });

    it('a guide has its materials and how each is satisfied', async () => {
      const r = await s.api('GET', '/api/v1/matters/C-CA-001');
      assert.equal(r.status, 200);
      assert.equal(r.json.name_zh, '老年综合津贴申领');
      assert.equal(r.json.department.code, 'CA');
      assert.ok(r.json.promised_days <= r.json.legal_days);
      for (const m of r.json.materials) {
        assert.match(m.satisfied, /^(provide|licence|shared|commitment)$/);
        if (m.satisfied === 'shared') assert.ok(m.shared_by.code);
        if (m.satisfied === 'licence') assert.equal(m.e_licence, true);
      }
      const nc = await s.api('GET', '/api/v1/matters?citywide=false&limit=1');
      const g = await s.api('GET', `/api/v1/matters/${nc.json.items[0].code}`);
      assert.ok(g.json.not_citywide_reason_zh && g.json.not_citywide_reason_en);
      assert.ok(g.json.materials.length >= 0);
    });

    it('serves cached guides until the catalog generation moves', async () => {
      const first = await s.api('GET', '/api/v1/matters/C-CA-002');
      const again = await s.api('GET', '/api/v1/matters/C-CA-002');
      assert.equal(again.text, first.text);
      // A change without a new generation is not seen (the cache holds)...
      s.sql("UPDATE matters SET name_en = 'Renamed for the test' WHERE code = 'C-CA-002'");
      await new Promise((res) => setTimeout(res, 1100));
      let r = await s.api('GET', '/api/v1/matters/C-CA-002');
      assert.equal(r.json.name_en, first.json.name_en);
      // ...and a change that bumps it is, within a second.
      s.sql("UPDATE meta SET value = value + 1 WHERE key = 'catalog_generation'");
      await new Promise((res) => setTimeout(res, 1100));
      r = await s.api('GET', '/api/v1/matters/C-CA-002');
      assert.equal(r.json.name_en, 'Renamed for the test');
    });

    it('serves cached search pages until the catalog generation moves', async () => {
      const q = `/api/v1/matters?q=${encodeURIComponent('副食品')}`;
      const first = await s.api('GET', q);
      assert.ok(first.json.total >= 1);
      const code = first.json.items[0].code;
      s.sql(`UPDATE matters SET name_en = 'Renamed search result' WHERE code = '${code}'`);
      await new Promise((res) => setTimeout(res, 1100));
      assert.equal((await s.api('GET', q)).text, first.text, 'the same page, from the cache');
      s.sql("UPDATE meta SET value = value + 1 WHERE key = 'catalog_generation'");
      await new Promise((res) => setTimeout(res, 1100));
      const now = await s.api('GET', q);
      assert.equal(now.json.items.find((m) => m.code === code).name_en, 'Renamed search result');
    });

    it('refuses bad matter codes and unknown ones', async () => {
      let r = await s.api('GET', '/api/v1/matters/C-CA-999');
      assert.equal(r.status, 404);
      assert.equal(r.json.error.code, 'not_found');
      r = await s.api('GET', "/api/v1/matters/1'%20OR%201=1");
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'code');
    });

    it('refuses bad query parameters, naming them', async () => {
      const cases = [
        ['/api/v1/matters?limit=0', 'limit'], ['/api/v1/matters?limit=201', 'limit'],
        ['/api/v1/matters?limit=abc', 'limit'], ['/api/v1/matters?offset=-1', 'offset'],
        ['/api/v1/matters?citywide=yes', 'citywide'], ['/api/v1/matters?applicant=robot', 'applicant'],
        ['/api/v1/matters?department=XX', 'department'], ['/api/v1/matters?colour=red', 'colour'],
        [`/api/v1/matters?q=${'社'.repeat(100)}`, 'q'],
        ['/api/v1/centers?district=999999', 'district'], ['/api/v1/centers?kind=castle', 'kind'],
        ['/api/v1/centers/nearest?lat=31.3', 'lng'], ['/api/v1/centers/nearest?lat=91&lng=121', 'lat'],
        ['/api/v1/centers/nearest?lat=31.3&lng=abc', 'lng'],
        ['/api/v1/centers/nearest?lat=31.3&lng=121.4&at=tomorrow', 'at'],
        ['/api/v1/centers/nearest?lat=31.3&lng=121.4&at=2026-02-30T10:00:00%2B08:00', 'at'],
        ['/api/v1/centers/nearest?lat=31.3&lng=121.4&limit=51', 'limit'],
        ['/api/v1/districts?x=1', 'x'],
      ];
      for (const [p, field] of cases) {
        const r = await s.api('GET', p);
        assert.equal(r.status, 400, p);
        assert.equal(r.json.error.field, field, p);
        assert.ok(r.json.error.message.length > 5, p);
      }
    });

    it('unknown endpoints and methods are 404 and 405', async () => {
      assert.equal((await s.api('GET', '/api/v1/nothing')).status, 404);
      const r = await s.api('PUT', '/api/v1/matters', { body: {} });
      assert.equal(r.status, 405);
      assert.equal(r.json.error.code, 'method_not_allowed');
    });

    it('has the 11 community departments and those of enterprises', async () => {
      const r = await s.api('GET', '/api/v1/departments');
      const codes = r.json.items.map((d) => d.code);
      for (const c of ['PS', 'CA', 'HR', 'HE', 'HO', 'GR', 'TU', 'DP', 'AR', 'EI', 'PF', 'MS', 'DA', 'CT']) assert.ok(codes.includes(c), c);
      assert.equal(r.json.items.filter((d) => d.kind !== 'enterprise').length, 11);
    });

    it('has Shanghai\'s 16 districts by their real names', async () => {
      const r = await s.api('GET', '/api/v1/districts');
      assert.equal(r.json.total, 16);
      const names = r.json.items.map((d) => d.name_zh);
      for (const n of ['黄浦区', '静安区', '浦东新区', '宝山区', '崇明区']) assert.ok(names.includes(n), n);
      assert.equal(r.json.items.reduce((a, d) => a + d.centers, 0), 220);
    });

    it('has 220 centers and 67 sub-centers, and points attached to centers', async () => {
      const c = await s.api('GET', '/api/v1/centers?kind=center&limit=1');
      const sc = await s.api('GET', '/api/v1/centers?kind=sub-center&limit=1');
      const sp = await s.api('GET', '/api/v1/centers?kind=service-point&limit=200');
      const ss = await s.api('GET', '/api/v1/centers?kind=self-service&limit=200');
      assert.equal(c.json.total, 220);
      assert.equal(sc.json.total, 67);
      assert.ok(sp.json.total > 0 && sp.json.items.every((p) => p.parent));
      assert.ok(ss.json.total >= 16 && ss.json.items.every((p) => p.hours.always));
      const ja = await s.api('GET', '/api/v1/centers?district=310106&kind=center&limit=50');
      assert.ok(ja.json.items.some((x) => x.code === 'JA12' && x.name_zh === '彭浦新村街道社区事务受理服务中心'));
      const one = await s.api('GET', '/api/v1/centers/JA12');
      assert.equal(one.json.district, '310106');
      assert.equal((await s.api('GET', '/api/v1/centers/ZZ99')).status, 404);
    });

    it('finds the nearest centers with distance, open now and next opening', async () => {
      const at = encodeURIComponent('2026-11-23T10:00:00+08:00');   // a Monday
      let r = await s.api('GET', `/api/v1/centers/nearest?lat=31.305&lng=121.45&at=${at}&limit=3`);
      assert.equal(r.status, 200);
      assert.equal(r.json.items[0].code, 'JA12');
      assert.ok(r.json.items[0].distance_m < 2000);
      assert.equal(r.json.items[0].open_now, true);
      assert.ok(r.json.items[0].closes_at.startsWith('2026-11-23T'));
      assert.ok(r.json.items[0].distance_m <= r.json.items[1].distance_m);
      // Sunday noon: weekend hours end at 11:30.
      const sunday = encodeURIComponent('2026-11-22T12:00:00+08:00');
      r = await s.api('GET', `/api/v1/centers/nearest?lat=31.305&lng=121.45&at=${sunday}&limit=1&kind=center`);
      assert.equal(r.json.items[0].open_now, false);
      assert.equal(r.json.items[0].next_opening, '2026-11-23T08:30:00+08:00');
      // Open only: at midnight only the 24-hour self-service points are.
      const night = encodeURIComponent('2026-11-23T02:00:00+08:00');
      r = await s.api('GET', `/api/v1/centers/nearest?lat=31.305&lng=121.45&at=${night}&open=true&kind=self-service&limit=3`);
      assert.ok(r.json.items.length > 0 && r.json.items.every((p) => p.open_now && p.kind === 'self-service'));
      r = await s.api('GET', `/api/v1/centers/nearest?lat=31.305&lng=121.45&at=${night}&open=true`);
      assert.equal(r.json.items.length, 0);
      // The 2026 National Day holiday on a Thursday keeps weekend hours.
      const holiday = encodeURIComponent('2026-10-01T14:00:00+08:00');
      r = await s.api('GET', `/api/v1/centers/nearest?lat=31.305&lng=121.45&at=${holiday}&limit=1&kind=center`);
      assert.equal(r.json.items[0].code, 'JA12');
      assert.equal(r.json.items[0].open_now, false);
    });

    it('sends the security headers on API answers and pages', async () => {
      const r = await s.api('GET', '/api/v1/health');
      assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
      assert.doesNotMatch(r.headers.get('content-security-policy'), /unsafe-inline/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
      assert.equal(r.headers.get('server'), null);
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
      assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
      assert.equal(r.headers.get('strict-transport-security'), null, 'not behind TLS: no HSTS');
    });

    it('sends HSTS when told it is behind TLS', async () => {
      const t = await startServer({ store, reuse: s, args: ['--hsts'] });
      try {
        for (const p of ['/api/v1/health', '/', '/api/v1/no-such-thing']) {
          const r = await t.api('GET', p);
          assert.equal(r.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains', p);
        }
      } finally {
        await t.stop({ keep: true });
      }
    });

    it('serves pages and refuses paths outside web/', async () => {
      let r = await s.api('GET', '/');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /text\/html/);
      r = await s.api('GET', '/../data/hukou.json');
      assert.equal(r.status, 404);
      r = await s.api('GET', '/%2e%2e/data/hukou.json');
      assert.equal(r.status, 404);
      r = await s.api('POST', '/index.html', { body: {} });
      assert.equal(r.status, 405);
    });
  });
}
