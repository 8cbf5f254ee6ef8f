// Intelligent guidance over real HTTP on both stores: the scenarios, the
// evaluation of answers step by step (next question, branches, skipped
// answers, progress), the guide (matters, deduplicated materials checked
// against the signed-in applicant's licences, precautions, pre-filled
// forms, a stable digest), every refusal of bad answers, the PDF, and
// the bundle of draft applications submitted all or nothing.
//
// The expectations are not copied from the server: a small evaluator of
// the scenario language of docs/guidance.md, written here from the
// document, reads data/guidance/*.json and the catalog in data/matters/,
// and is compared with the C engine on many generated answer sets for
// every shipped scenario.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, stores, demo, root, registry } from '../lib/server.js';

const liJing = demo.residents[0];
const zhangWei = demo.residents[1];
const pengpu = demo.enterprises[0];   // holds an electronic business licence
const baoshanCo = demo.enterprises[1];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const districts = new Map(JSON.parse(fs.readFileSync(path.join(root, 'data/districts.json'), 'utf8')).map((d) => [d.code, d]));

// ------------------------------------------------------------------
// The data

const guidanceDir = path.join(root, 'data/guidance');
const scenarios = new Map(fs.readdirSync(guidanceDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => [f.slice(0, -5), JSON.parse(fs.readFileSync(path.join(guidanceDir, f), 'utf8'))]));
const catalog = new Map();
for (const f of fs.readdirSync(path.join(root, 'data/matters')).filter((x) => x.endsWith('.json'))) {
  for (const m of JSON.parse(fs.readFileSync(path.join(root, 'data/matters', f), 'utf8'))) catalog.set(m.code, m);
}
const licences = JSON.parse(fs.readFileSync(path.join(root, 'data/licences.json'), 'utf8'));

// ------------------------------------------------------------------
// An evaluator of docs/guidance.md, independent of the C engine

const question = (sc, id) => sc.questions.find((q) => q.id === id);
const given = (answers, id) => answers[id] !== undefined && answers[id] !== null;

// A condition, with `seen` the questions on the path so far: a question
// not answered or off the path makes an atom false.
function holds(c, answers, seen) {
  if (c === undefined) return true;
  if (c.all) return c.all.every((k) => holds(k, answers, seen));
  if (c.any) return c.any.some((k) => holds(k, answers, seen));
  if (c.not) return !holds(c.not, answers, seen);
  if (!seen.has(c.q) || !given(answers, c.q)) return false;
  const v = answers[c.q];
  if ('is' in c) return v === c.is;
  if ('in' in c) return c.in.includes(v);
  if ('has' in c) return v.includes(c.has);
  return (c.ge === undefined || v >= c.ge) && (c.gt === undefined || v > c.gt) &&
    (c.le === undefined || v <= c.le) && (c.lt === undefined || v < c.lt);
}

// The questions a condition names.
function named(c, out = new Set()) {
  if (c === undefined) return out;
  for (const k of c.all || c.any || (c.not ? [c.not] : [])) named(k, out);
  if (c.q) out.add(c.q);
  return out;
}

function edges(q) {
  return typeof q.next === 'string' ? [{ goto: q.next }] : q.next;
}

// The longest way from question id to the end, itself included.
function longest(sc, id, memo = new Map()) {
  if (id === 'end') return 0;
  if (!memo.has(id)) memo.set(id, 1 + Math.max(...edges(question(sc, id)).map((e) => longest(sc, e.goto, memo))));
  return memo.get(id);
}

// What docs/guidance.md says the answers give.
function evaluate(sc, answers) {
  const seen = new Set();
  const pathIds = [];
  let next = null;
  for (let cur = sc.start, guard = 0; cur !== 'end'; guard++) {
    assert.ok(guard <= sc.questions.length, `${sc.id}: the questions form a cycle`);
    seen.add(cur);
    if (!given(answers, cur)) { next = cur; break; }
    pathIds.push(cur);
    cur = edges(question(sc, cur)).find((e) => e.when === undefined || holds(e.when, answers, seen)).goto;
  }
  const skipped = sc.questions.map((q) => q.id).filter((id) => given(answers, id) && !seen.has(id));
  // A rule refuses the answers once every question it names is answered
  // on the path and its condition holds.
  const ruleIndex = (sc.rules || []).findIndex((r) =>
    [...named(r.when)].every((id) => seen.has(id) && given(answers, id)) && holds(r.when, answers, seen));
  // The literal reading, "holds for the answers on the path", differs
  // from that only for a rule with not/any over a question off the path;
  // reported by the cross-check when a scenario has one.
  const literalRule = (sc.rules || []).findIndex((r) => holds(r.when, answers, seen));
  const res = {
    complete: next === null, path: pathIds, next, skipped,
    remaining: next === null ? 0 : longest(sc, next),
    rule: ruleIndex < 0 ? null : sc.rules[ruleIndex], literalRule: literalRule < 0 ? null : sc.rules[literalRule],
    guide: null,
  };
  if (!res.complete || res.rule) return res;
  const matterOn = sc.matters.map((m) => holds(m.when, answers, seen));
  const on = (code) => matterOn[sc.matters.findIndex((m) => m.code === code)];
  const materialOn = (sc.materials || []).map((e) => (e.matter === undefined || on(e.matter)) && holds(e.when, answers, seen));
  const matters = sc.matters.filter((m, i) => matterOn[i]);
  // Materials: the catalog's of each matter as the scenario keeps them,
  // then its extras, deduplicated by kind in the order first met.
  const materials = [];
  const add = (kind, matter) => {
    let g = materials.find((x) => x.kind === kind);
    if (!g) materials.push(g = { kind, matters: [] });
    if (matter && !g.matters.includes(matter)) g.matters.push(matter);
  };
  for (const m of matters) {
    const entries = (sc.materials || []).map((e, i) => ({ ...e, on: materialOn[i] })).filter((e) => e.matter === m.code);
    const listed = catalog.get(m.code).materials.map((x) => x.kind);
    for (const kind of listed) {
      const about = entries.filter((e) => e.kind === kind);
      if (about.length === 0 || about.some((e) => e.on)) add(kind, m.code);
    }
    for (const e of entries) if (e.on && !listed.includes(e.kind)) add(e.kind, m.code);
  }
  (sc.materials || []).forEach((e, i) => { if (e.matter === undefined && materialOn[i]) add(e.kind, null); });
  // A licence one matter of the guide issues is not asked of the others:
  // pending until issued.  A matter cannot issue what it needs itself
  // (a branch registration needs the parent company's business licence),
  // and while the issuing matter itself needs one, the guide's one entry
  // for that kind stays "needed": something must still be brought.
  for (const g of materials) {
    const issuers = matters.filter((m) => catalog.get(m.code).licence_kind === g.kind).map((m) => m.code);
    g.pending = issuers.some((p) => !g.matters.includes(p));
  }
  const precautions = (sc.precautions || []).filter((p) => holds(p.when, answers, seen))
    .map((p) => ({ text_zh: p.text_zh, text_en: p.text_en }));
  res.guide = { matters, materials, precautions, seen };
  return res;
}

// An answer as a form shows it (docs: "an option's label, 是/否, a
// number with its unit, a list"), in Chinese or English.
function answerText(q, v, en = false) {
  const label = (o) => (en ? o.label_en : o.label_zh);
  switch (q.type) {
  case 'single': return label(q.options.find((o) => o.value === v));
  case 'yesno': return en ? (v ? 'yes' : 'no') : (v ? '是' : '否');
  case 'multiple': return q.options.filter((o) => v.includes(o.value)).map(label).join(en ? ', ' : '、');
  default: return en ? (q.unit_en ? `${v} ${q.unit_en}` : `${v}`) : `${v}${q.unit_zh || ''}`;
  }
}

// The forms of the guide for `who` (null: anonymous or staff).
function expectedForms(sc, answers, ev, who = null) {
  const value = (from, en) => {
    const [src, what] = from.split(':');
    if (src === 'answer') {
      return ev.guide.seen.has(what) && given(answers, what) ? answerText(question(sc, what), answers[what], en) : null;
    }
    if (!who) return null;
    if (src === 'enterprise') {
      if (!who.enterprise) return null;
      return what === 'credit_code' ? who.login : who.legal_rep_name;
    }
    return { name: who.name, id_number: who.enterprise ? null : who.login, mobile: who.mobile, district: en ? who.district_en : who.district_zh }[what];
  };
  const forms = [];
  for (const m of ev.guide.matters) {
    const f = (sc.forms || []).find((x) => x.matter === m.code);
    if (!f) continue;
    forms.push({ matter: m.code, fields: f.fields.map((x) => ({ key: x.key, label_zh: x.label_zh, label_en: x.label_en, value: value(x.from, false), value_en: value(x.from, true) })) });
  }
  return forms;
}

const asEnterprise = (e) => {
  const reg = registry.find((x) => x.credit_code === e.credit_code);
  const d = districts.get(reg.district);
  return { enterprise: true, login: e.credit_code, name: e.name, mobile: e.mobile, legal_rep_name: reg.legal_rep_name, district_zh: d.name_zh, district_en: d.name_en };
};
const asResident = (p) => {
  const d = districts.get(p.registered_district);
  return { enterprise: false, login: p.id_number, name: p.name, mobile: p.mobile, district_zh: d.name_zh, district_en: d.name_en };
};

// ------------------------------------------------------------------
// Generated answers

function rng(seedText) {
  let a = 0;
  for (const ch of seedText) a = (Math.imul(a, 31) + ch.codePointAt(0)) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Every threshold a condition of the scenario tests on question id.
function thresholds(sc, id) {
  const out = new Set();
  const walk = (c) => {
    if (c === undefined) return;
    for (const k of c.all || c.any || (c.not ? [c.not] : [])) walk(k);
    if (c.q === id) for (const op of ['ge', 'gt', 'le', 'lt']) if (c[op] !== undefined) out.add(c[op]);
  };
  for (const q of sc.questions) for (const e of edges(q)) walk(e.when);
  for (const list of [sc.rules, sc.matters, sc.materials, sc.precautions]) for (const x of list || []) walk(x.when);
  return [...out];
}

function randomAnswer(sc, q, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  switch (q.type) {
  case 'single': return pick(q.options).value;
  case 'yesno': return rand() < 0.5;
  case 'multiple': {
    const min = q.min_choices ?? 1;
    const max = q.max_choices ?? q.options.length;
    const n = min + Math.floor(rand() * (max - min + 1));
    const chosen = new Set();
    while (chosen.size < n) chosen.add(pick(q.options).value);
    return q.options.map((o) => o.value).filter((v) => chosen.has(v));
  }
  default: {
    const integer = q.integer ?? true;
    const step = integer ? 1 : 0.5;
    const near = [q.min, q.max];
    for (const t of thresholds(sc, q.id)) near.push(t - step, t, t + step);
    const ok = near.filter((x) => x >= q.min && x <= q.max && (!integer || Number.isInteger(x)));
    if (rand() < 0.7 && ok.length) return pick(ok);
    const x = q.min + rand() * (q.max - q.min);
    return integer ? Math.round(x) : Math.round(x * 100) / 100;
  }
  }
}

// A complete path: each question on the way answered at random.
function randomPath(sc, rand) {
  const answers = {};
  const seen = new Set();
  for (let cur = sc.start; cur !== 'end';) {
    seen.add(cur);
    const q = question(sc, cur);
    answers[cur] = randomAnswer(sc, q, rand);
    cur = edges(q).find((e) => e.when === undefined || holds(e.when, answers, seen)).goto;
  }
  return answers;
}

// Where two JSON values first differ, for a short message.
function firstDiff(a, b, at = '') {
  if (a === b || (typeof a !== 'object' && typeof b !== 'object' && a === b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDiff(a[k], b[k], `${at}.${k}`);
      if (d) return d;
    }
    return '';
  }
  return `\n    at ${at || '(top)'}: server ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`;
}

// The same answers with their keys in another order.
const reversed = (answers) => Object.fromEntries(Object.entries(answers).reverse());

// ------------------------------------------------------------------
// Fixed answers of the supermarket scenario

// A standard store that sells prepackaged and bulk food, makes food on
// site, sells alcohol, puts up a sign and renovates.
const STANDARD = {
  format: 'standard', area: 800, trade: 'retail', goods: ['prepackaged', 'bulk'], onsite: true,
  alcohol: true, entity: 'existing', signboard: true, equipment: false, renovation: true, prepaid: false,
};
// The same guide's matters, written out by hand from the scenario.
const STANDARD_MATTERS = ['E-MS-016', 'E-CO-001', 'E-HE-001', 'E-FR-001', 'E-GC-001'];
// A small shop of prepackaged food: the fewest matters.
const SMALL = {
  format: 'small', area: 120, trade: 'retail', goods: ['prepackaged'], onsite: false,
  alcohol: false, entity: 'existing', signboard: false, renovation: false, prepaid: false,
};

// Some answers of the newborn scenario with more than one matter.
const NEWBORN = { hukou: 'both', in_hospital: true, married: true, joint: true, birth_reg: true, mother_work: 'employee' };

for (const store of stores()) {
  describe(`guidance (${store})`, () => {
    let s, ent, other, li, zhang, clerk;
    before(async () => {
      s = await startServer({ store });
      ent = await s.signIn(pengpu.credit_code);
      other = await s.signIn(baoshanCo.credit_code);
      li = await s.signIn(liJing.id_number);
      zhang = await s.signIn(zhangWei.id_number);
      clerk = await s.signIn('clerk.pengpu');
    });
    after(async () => { await s.stop(); });

    const evaluateOn = (id, answers, opts = {}) => s.api('POST', `/api/v1/guidance/scenarios/${id}/evaluate`, { ...opts, body: { answers } });
    const evaluateOk = async (id, answers, opts) => {
      const r = await evaluateOn(id, answers, opts);
      assert.equal(r.status, 200, `${id} ${JSON.stringify(answers)}: ${r.text}`);
      return r.json;
    };
    const apply = (id, who, body) => s.api('POST', `/api/v1/guidance/scenarios/${id}/applications`, { token: who?.token, body });
    const myCases = async (who) => {
      const r = await s.api('GET', '/api/v1/me/cases', { token: who.token });
      assert.equal(r.status, 200, r.text);
      return r.json.total;
    };
    const bundles = () => Number(s.sql('SELECT COUNT(*) FROM guidance_bundles')[0]);
    const allCases = () => Number(s.sql('SELECT COUNT(*) FROM cases')[0]);

    describe('scenarios', () => {
      it('lists every shipped scenario with its audience and titles', async () => {
        const r = await s.api('GET', '/api/v1/guidance/scenarios');
        assert.equal(r.status, 200, r.text);
        const items = r.json.items;
        assert.ok(items.length >= 16, `only ${items.length} scenarios`);
        assert.equal(r.json.total, items.length);
        const ids = items.map((x) => x.id);
        for (const id of ['supermarket', 'restaurant', 'newborn', 'unemployment']) assert.ok(ids.includes(id), `no ${id}`);
        assert.deepEqual([...ids].sort(), [...scenarios.keys()].sort(), 'the list is the files of data/guidance');
        for (const x of items) {
          const file = scenarios.get(x.id);
          assert.ok(['enterprise', 'person'].includes(x.audience), x.id);
          assert.equal(x.audience, file.audience, x.id);
          assert.match(x.title_zh, /[\u4e00-\u9fff]/, x.id);
          assert.ok(x.title_en.length > 3, x.id);
          assert.equal(x.title_zh, file.title_zh);
          assert.equal(x.title_en, file.title_en);
          assert.ok(x.summary_zh && x.summary_en, x.id);
          assert.equal(x.questions, file.questions.length, x.id);
        }
        assert.equal(items.find((x) => x.id === 'supermarket').audience, 'enterprise');
        assert.equal(items.find((x) => x.id === 'newborn').audience, 'person');
      });

      it('gives one scenario with its questions, exactly as its file', async () => {
        const r = await s.api('GET', '/api/v1/guidance/scenarios/supermarket');
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.id, 'supermarket');
        assert.equal(r.json.start, 'format');
        assert.deepEqual(r.json.questions.map((q) => q.id), scenarios.get('supermarket').questions.map((q) => q.id));
        assert.deepEqual(r.json, scenarios.get('supermarket'));
      });

      it('answers 404 not_found for an unknown scenario', async () => {
        for (const [method, p, body] of [['GET', '/api/v1/guidance/scenarios/no-such-thing'],
          ['POST', '/api/v1/guidance/scenarios/no-such-thing/evaluate', { answers: {} }],
          ['POST', '/api/v1/guidance/scenarios/no-such-thing/guide.pdf', { answers: {} }]]) {
          const r = await s.api(method, p, { body });
          assert.equal(r.status, 404, `${method} ${p}: ${r.text}`);
          assert.equal(r.json.error.code, 'not_found');
        }
        const r = await apply('no-such-thing', ent, { answers: {} });
        assert.equal(r.status, 404, r.text);
        assert.equal(r.json.error.code, 'not_found');
      });
    });

    describe('evaluate', () => {
      it('with no answers: not complete, the start question next, nothing answered', async () => {
        const sc = scenarios.get('supermarket');
        const r = await evaluateOk('supermarket', {});
        assert.equal(r.scenario, 'supermarket');
        assert.equal(r.complete, false);
        assert.equal(r.next.id, sc.start);
        assert.deepEqual(r.next, question(sc, sc.start), 'the next question as in the file');
        assert.deepEqual(r.path, []);
        assert.deepEqual(r.skipped, []);
        assert.equal(r.progress.answered, 0);
        assert.equal(r.progress.remaining, longest(sc, sc.start));
        assert.equal(r.guide, null);
      });

      it('with some answers: the right following question', async () => {
        let r = await evaluateOk('supermarket', { format: 'standard' });
        assert.equal(r.next.id, 'area');
        assert.deepEqual(r.path, ['format']);
        assert.equal(r.progress.answered, 1);
        const base = { format: 'standard', area: 800 };
        r = await evaluateOk('supermarket', base);
        assert.equal(r.next.id, 'trade');
        // After the goods: a retailer is asked about food made on site, a
        // wholesaler of food about alcohol, a wholesaler of fresh produce
        // neither.
        r = await evaluateOk('supermarket', { ...base, trade: 'retail', goods: ['fresh'] });
        assert.equal(r.next.id, 'onsite');
        r = await evaluateOk('supermarket', { ...base, trade: 'wholesale', goods: ['prepackaged'] });
        assert.equal(r.next.id, 'alcohol');
        r = await evaluateOk('supermarket', { ...base, trade: 'wholesale', goods: ['fresh'] });
        assert.equal(r.next.id, 'entity');
        assert.equal(r.progress.answered, 4);
        assert.equal(r.progress.remaining, longest(scenarios.get('supermarket'), 'entity'));
        assert.equal(r.complete, false);
        // Only large and standard stores are asked about lifts.
        r = await evaluateOk('supermarket', { ...base, trade: 'retail', goods: ['fresh'], onsite: false, entity: 'new', signboard: false });
        assert.equal(r.next.id, 'equipment');
        r = await evaluateOk('supermarket', { ...SMALL, renovation: undefined, prepaid: undefined });
        assert.equal(r.next.id, 'renovation');
      });

      it('answers that change an earlier branch make the later answers skipped', async () => {
        const retail = { format: 'standard', area: 800, trade: 'retail', goods: ['fresh'], onsite: true, entity: 'new' };
        let r = await evaluateOk('supermarket', retail);
        assert.deepEqual(r.path, ['format', 'area', 'trade', 'goods', 'onsite', 'entity']);
        assert.deepEqual(r.skipped, []);
        // The applicant goes back and becomes a wholesaler: the question
        // about food made on site is no longer on the path.
        r = await evaluateOk('supermarket', { ...retail, trade: 'wholesale' });
        assert.deepEqual(r.path, ['format', 'area', 'trade', 'goods', 'entity']);
        assert.deepEqual(r.skipped, ['onsite']);
        assert.equal(r.next.id, 'signboard');
        assert.equal(r.progress.answered, 5);
        // A complete path with answers off it: complete, and they are
        // reported but change nothing.
        const small = { ...SMALL, equipment: true };
        r = await evaluateOk('supermarket', small);
        assert.equal(r.complete, true);
        assert.deepEqual(r.skipped, ['equipment']);
        assert.ok(!r.guide.matters.some((m) => m.code === 'E-MS-024'), 'the lifts of a skipped answer are not in the guide');
        const clean = await evaluateOk('supermarket', SMALL);
        assert.equal(r.digest, clean.digest);
        assert.deepEqual(r.guide, clean.guide);
      });

      it('the full supermarket path gives the matters its answers select', async () => {
        const sc = scenarios.get('supermarket');
        const r = await evaluateOk('supermarket', STANDARD);
        assert.equal(r.complete, true);
        assert.equal(r.next, null);
        assert.equal(r.progress.remaining, 0);
        assert.equal(r.progress.answered, Object.keys(STANDARD).length);
        const codes = r.guide.matters.map((m) => m.code);
        assert.deepEqual(codes, STANDARD_MATTERS);
        assert.deepEqual(codes, evaluate(sc, STANDARD).guide.matters.map((m) => m.code));
        for (const m of r.guide.matters) {
          const c = catalog.get(m.code);
          assert.equal(m.name_zh, c.name_zh);
          assert.equal(m.department.code, c.department);
          assert.equal(m.why_zh, sc.matters.find((x) => x.code === m.code).why_zh);
        }
        const small = await evaluateOk('supermarket', SMALL);
        assert.deepEqual(small.guide.matters.map((m) => m.code), ['E-MS-020', 'E-FR-001']);
      });

      it('materials are deduplicated by kind, each listing its matters', async () => {
        const sc = scenarios.get('supermarket');
        const r = await evaluateOk('supermarket', STANDARD);
        const kinds = r.guide.materials.map((m) => m.kind);
        assert.equal(new Set(kinds).size, kinds.length, `a kind twice: ${kinds}`);
        const codes = r.guide.matters.map((m) => m.code);
        for (const m of r.guide.materials) {
          assert.ok(m.matters.length >= 1, m.kind);
          assert.equal(new Set(m.matters).size, m.matters.length, `${m.kind} names a matter twice`);
          for (const c of m.matters) assert.ok(codes.includes(c), `${m.kind} names ${c}, not in the guide`);
          assert.ok(m.name_zh && m.name_en, m.kind);
        }
        // The application form is asked by every matter and listed once.
        assert.deepEqual(r.guide.materials.find((m) => m.kind === 'APPLICATION-FORM').matters, STANDARD_MATTERS);
        // Renovating brings the fire acceptance; not renovating drops it.
        assert.ok(kinds.includes('E-FIRE-ACCEPTANCE'));
        const plain = await evaluateOk('supermarket', { ...STANDARD, renovation: false });
        assert.ok(!plain.guide.materials.some((m) => m.kind === 'E-FIRE-ACCEPTANCE'));
        assert.deepEqual(r.guide.materials.map((m) => ({ kind: m.kind, matters: m.matters })),
          evaluate(sc, STANDARD).guide.materials.map((m) => ({ kind: m.kind, matters: m.matters })));
      });

      it('the digest and the guide are stable: same answers, same guide', async () => {
        const a = await evaluateOk('supermarket', STANDARD);
        const b = await evaluateOk('supermarket', STANDARD);
        assert.match(a.guide.digest, /^[0-9a-f]{64}$/);
        assert.equal(a.guide.digest, b.guide.digest);
        assert.deepEqual(a.guide, b.guide);
        const c = await evaluateOk('supermarket', reversed(STANDARD));
        assert.equal(c.guide.digest, a.guide.digest, 'answers in another key order');
        assert.deepEqual(c.guide, a.guide);
        const d = await evaluateOk('supermarket', { ...STANDARD, goods: ['bulk', 'prepackaged'] });
        assert.equal(d.guide.digest, a.guide.digest, 'choices in another order');
        const e = await evaluateOk('supermarket', { ...STANDARD, area: 801 });
        assert.notEqual(e.guide.digest, a.guide.digest, 'other answers, another digest');
      });

      it('an enterprise signed in: its electronic business licence satisfies the material', async () => {
        assert.ok(licences.some((l) => l.kind === 'BUSINESS-LICENCE' && l.holder_login === pengpu.credit_code && !l.valid_until),
          'data/licences.json: the demo enterprise holds a business licence');
        const signed = await evaluateOk('supermarket', STANDARD, { token: ent.token });
        const anon = await evaluateOk('supermarket', STANDARD);
        const mine = signed.guide.materials.find((m) => m.kind === 'BUSINESS-LICENCE');
        assert.equal(mine.status, 'satisfied', JSON.stringify(mine));
        assert.equal(mine.way, 'licence');
        assert.ok(mine.reason_zh.includes(pengpu.credit_code), mine.reason_zh);
        const theirs = anon.guide.materials.find((m) => m.kind === 'BUSINESS-LICENCE');
        assert.equal(theirs.status, 'needed', JSON.stringify(theirs));
        for (const m of anon.guide.materials) assert.equal(m.status, 'needed', `anonymous: ${m.kind}`);
        // The same answers, the same digest, whoever asks.
        assert.equal(signed.guide.digest, anon.guide.digest);
        assert.deepEqual(signed.guide.matters, anon.guide.matters);
      });

      it('forms: the enterprise fields are filled for the enterprise, null anonymously', async () => {
        const sc = scenarios.get('supermarket');
        const signed = await evaluateOk('supermarket', STANDARD, { token: ent.token });
        const anon = await evaluateOk('supermarket', STANDARD);
        const field = (guide, matter, key) => guide.forms.find((f) => f.matter === matter).fields.find((x) => x.key === key).value;
        assert.equal(field(signed.guide, 'E-MS-016', 'credit_code'), pengpu.credit_code);
        assert.equal(field(anon.guide, 'E-MS-016', 'credit_code'), null);
        assert.equal(field(signed.guide, 'E-MS-016', 'enterprise_name'), pengpu.name);
        assert.equal(field(signed.guide, 'E-MS-016', 'business_area'), '800平方米');
        assert.equal(field(anon.guide, 'E-MS-016', 'business_area'), '800平方米');
        const ev = evaluate(sc, STANDARD);
        assert.deepEqual(signed.guide.forms, expectedForms(sc, STANDARD, ev, asEnterprise(pengpu)));
        assert.deepEqual(anon.guide.forms, expectedForms(sc, STANDARD, ev));
        // Staff get a guide for no one in particular.
        const staff = await evaluateOk('supermarket', STANDARD, { token: clerk.token });
        assert.deepEqual(staff.guide.forms, anon.guide.forms);
        // A resident's forms carry the resident's own details.
        const nb = scenarios.get('newborn');
        const hers = await evaluateOk('newborn', NEWBORN, { token: li.token });
        assert.deepEqual(hers.guide.forms, expectedForms(nb, NEWBORN, evaluate(nb, NEWBORN), asResident(liJing)));
      });

      it('a number at the top of its range is written out in full in the summary and the forms', async () => {
        // art-business: registered capital up to 1,000,000 (万元).
        const sc = scenarios.get('art-business');
        const q = question(sc, 'capital');
        assert.ok(q && q.max >= 1000000, 'art-business asks the capital up to a million');
        const answers = { business: ['antiques'], capital: q.max, experts: 10, entity: 'existing', signboard: false };
        const r = await evaluateOk('art-business', answers);
        const summary = r.summary.find((x) => x.question === 'capital');
        assert.equal(summary.answer_zh, answerText(q, q.max));
        assert.equal(summary.answer_en, answerText(q, q.max, true));
        assert.equal(summary.answer_zh, `1000000${q.unit_zh}`);
        for (const f of r.guide.forms) {
          for (const x of f.fields) assert.ok(!/e\+/.test(`${x.value} ${x.value_en}`), `${f.matter}.${x.key}: ${x.value} / ${x.value_en}`);
        }
        assert.deepEqual(r.guide.forms, expectedForms(sc, answers, evaluate(sc, answers)));
      });
    });

    describe('refusals of bad answers', () => {
      const refused = async (answers, status, code, field, p = 'evaluate') => {
        const r = await s.api('POST', `/api/v1/guidance/scenarios/supermarket/${p}`, { body: { answers } });
        assert.equal(r.status, status, `${JSON.stringify(answers)}: ${r.text}`);
        assert.equal(r.json.error.code, code, r.text);
        if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
        return r.json.error;
      };

      it('a question the scenario does not have: 400 unknown_field', async () => {
        await refused({ format: 'standard', colour: 'red' }, 400, 'unknown_field', 'answers.colour');
        // A question of another scenario is unknown here too.
        await refused({ hukou: 'both' }, 400, 'unknown_field', 'answers.hukou');
      });

      it('an option the question does not have, or the wrong type: 400 invalid_value', async () => {
        await refused({ format: 'huge' }, 400, 'invalid_value', 'answers.format');
        await refused({ format: ['standard'] }, 400, 'invalid_value', 'answers.format');
        await refused({ goods: ['caviar'] }, 400, 'invalid_value', 'answers.goods');
        await refused({ goods: 'fresh' }, 400, 'invalid_value', 'answers.goods');
        await refused({ goods: ['fresh', 'fresh'] }, 400, 'invalid_value', 'answers.goods');
        await refused({ goods: [] }, 400, 'invalid_value', 'answers.goods');
        await refused({ onsite: 'yes' }, 400, 'invalid_value', 'answers.onsite');
        await refused({ onsite: 1 }, 400, 'invalid_value', 'answers.onsite');
        await refused({ area: '800' }, 400, 'invalid_value', 'answers.area');
      });

      it('a number out of range or not whole: 400 invalid_value', async () => {
        const q = question(scenarios.get('supermarket'), 'area');
        for (const area of [q.min - 1, q.max + 1, 800.5, -5]) {
          await refused({ format: 'standard', area }, 400, 'invalid_value', 'answers.area');
        }
        await evaluateOk('supermarket', { format: 'large', area: q.max });
        await evaluateOk('supermarket', { format: 'small', area: q.min });
      });

      it('a contradiction of a scenario rule: 422 contradictory_answers', async () => {
        const sc = scenarios.get('supermarket');
        const rule = sc.rules[0];
        assert.equal(rule.field, 'area');
        // A convenience store of 500 m²: refused as soon as both are answered.
        const err = await refused({ format: 'small', area: 500 }, 422, 'contradictory_answers', 'answers.area');
        assert.equal(err.message, rule.reason_en);
        assert.equal(err.message_zh, rule.reason_zh);
        await refused({ ...SMALL, area: 300 }, 422, 'contradictory_answers', 'answers.area');
        await refused({ ...STANDARD, area: 6000 }, 422, 'contradictory_answers', 'answers.area');
        await refused({ ...STANDARD, format: 'large', area: 5999 }, 422, 'contradictory_answers', 'answers.area');
        await refused({ ...STANDARD, area: 6000 }, 422, 'contradictory_answers', 'answers.area', 'guide.pdf');
        await evaluateOk('supermarket', { ...SMALL, area: 299 });
      });

      it('a malformed body: 400; another content type: 415', async () => {
        const post = (opts) => s.api('POST', '/api/v1/guidance/scenarios/supermarket/evaluate', opts);
        let r = await post({ body: {} });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.json.error.field, 'answers');
        r = await post({ body: { answers: {}, extra: true } });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.json.error.code, 'unknown_field');
        assert.equal(r.json.error.field, 'extra');
        r = await post({ body: { answers: {}, commit: true } });
        assert.equal(r.status, 400, 'evaluate takes no commit');
        r = await post({ body: { answers: ['format'] } });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.json.error.field, 'answers');
        r = await post({ raw: '{"answers": {"format": "standard"', headers: { 'content-type': 'application/json' } });
        assert.equal(r.status, 400);
        assert.equal(r.json.error.code, 'invalid_json');
        r = await post({ raw: JSON.stringify({ answers: {} }), headers: { 'content-type': 'text/plain' } });
        assert.equal(r.status, 415, r.text);
        assert.equal(r.json.error.code, 'unsupported_media_type');
        r = await post({ raw: 'answers=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(r.status, 415);
      });

      it('the PDF and the applications need a complete path: 422 incomplete_answers', async () => {
        await refused({ format: 'standard', area: 800 }, 422, 'incomplete_answers', 'answers.trade', 'guide.pdf');
        await refused({}, 422, 'incomplete_answers', 'answers.format', 'guide.pdf');
        const before = await myCases(ent);
        const r = await apply('supermarket', ent, { answers: { ...STANDARD, prepaid: undefined } });
        assert.equal(r.status, 422, r.text);
        assert.equal(r.json.error.code, 'incomplete_answers');
        assert.equal(r.json.error.field, 'answers.prepaid');
        assert.equal(await myCases(ent), before);
      });
    });

    describe('guide.pdf', () => {
      it('is a PDF whose text names every matter of the guide in Chinese', async () => {
        for (const [id, answers, who] of [['supermarket', STANDARD, null], ['supermarket', SMALL, ent], ['newborn', NEWBORN, li]]) {
          const res = await fetch(`${s.base}/api/v1/guidance/scenarios/${id}/guide.pdf`, {
            method: 'POST', body: JSON.stringify({ answers }),
            headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${who.token}` } : {}) },
          });
          const bytes = Buffer.from(await res.arrayBuffer());
          assert.equal(res.status, 200, bytes.toString());
          assert.match(res.headers.get('content-type'), /^application\/pdf/);
          assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
          const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8' });
          // A long name may be wrapped over two lines.
          const flat = text.replace(/\s+/g, '');
          const guide = (await evaluateOk(id, answers, who ? { token: who.token } : {})).guide;
          assert.ok(guide.matters.length >= 1);
          for (const m of guide.matters) {
            assert.ok(flat.includes(m.name_zh.replace(/\s+/g, '')), `${id}: "${m.name_zh}" is not in the PDF text:\n${text.slice(0, 3000)}`);
          }
          assert.ok(flat.includes(scenarios.get(id).title_zh.replace(/\s+/g, '')), `${id}: the title is not in the PDF`);
        }
      });
    });

    describe('applications', () => {
      it('anonymous: 401; a resident on an enterprise scenario, or staff: 403; nothing written', async () => {
        const cases0 = allCases();
        const bundles0 = bundles();
        const liBefore = await myCases(li);
        const entBefore = await myCases(ent);
        let r = await apply('supermarket', null, { answers: STANDARD });
        assert.equal(r.status, 401, r.text);
        r = await apply('supermarket', li, { answers: STANDARD });
        assert.equal(r.status, 403, r.text);
        assert.equal(r.json.error.code, 'forbidden');
        r = await apply('supermarket', clerk, { answers: STANDARD });
        assert.equal(r.status, 403, r.text);
        // An enterprise on a scenario for persons.
        r = await apply('newborn', ent, { answers: NEWBORN });
        assert.equal(r.status, 403, r.text);
        // A contradiction.
        r = await apply('supermarket', ent, { answers: { ...STANDARD, area: 6000 } });
        assert.equal(r.status, 422, r.text);
        assert.equal(r.json.error.code, 'contradictory_answers');
        assert.equal(await myCases(li), liBefore);
        assert.equal(await myCases(ent), entBefore);
        assert.equal(allCases(), cases0, 'no case was written');
        assert.equal(bundles(), bundles0, 'no bundle was written');
      });

      it('an enterprise: one draft per matter in a bundle; pre-filled forms; submitted all or nothing', async () => {
        const before = await myCases(ent);
        const guide = (await evaluateOk('supermarket', STANDARD, { token: ent.token })).guide;
        const r = await apply('supermarket', ent, { answers: STANDARD });
        assert.equal(r.status, 201, r.text);
        const bundle = r.json.bundle;
        assert.equal(typeof bundle, 'number');
        assert.equal(r.json.id, bundle);
        assert.equal(r.json.existing, false);
        assert.equal(r.headers.get('location'), `/api/v1/guidance/bundles/${bundle}`);
        assert.equal(r.json.scenario, 'supermarket');
        assert.equal(r.json.digest, guide.digest);
        assert.deepEqual(r.json.answers, STANDARD);
        assert.match(r.json.created_at, RFC3339);
        assert.deepEqual(r.json.cases.map((c) => c.matter), guide.matters.map((m) => m.code));
        assert.deepEqual(r.json.cases.map((c) => c.matter), STANDARD_MATTERS);
        for (const c of r.json.cases) {
          assert.equal(c.state, 'draft');
          assert.equal(c.version, 1);
          assert.match(c.number, /^WEB-\d{8}-\d{4}$/);
          assert.match(c.state_zh, /[\u4e00-\u9fff]/);
          assert.ok(c.state_en);
        }
        assert.equal(await myCases(ent), before + STANDARD_MATTERS.length);

        // Each draft knows its bundle and carries the form of the guide.
        for (const c of r.json.cases) {
          const k = await s.api('GET', `/api/v1/cases/${c.id}`, { token: ent.token });
          assert.equal(k.status, 200, k.text);
          assert.equal(k.json.state, 'draft');
          assert.equal(k.json.bundle, bundle);
          assert.equal(k.json.matter.code, c.matter);
          const form = guide.forms.find((f) => f.matter === c.matter);
          assert.deepEqual(k.json.form, form ? form.fields : null, c.matter);
        }
        const food = await s.api('GET', `/api/v1/cases/${r.json.cases[0].id}`, { token: ent.token });
        assert.equal(food.json.form.find((x) => x.key === 'credit_code').value, pengpu.credit_code);
        // A case filed on its own has neither.
        const single = await s.api('POST', '/api/v1/cases', { token: ent.token, body: { matter: 'E-MS-020' } });
        assert.equal(single.status, 201, single.text);
        const alone = await s.api('GET', `/api/v1/cases/${single.json.id}`, { token: ent.token });
        assert.equal(alone.json.bundle, null);
        assert.equal(alone.json.form, null);

        // The same answers again (a second click), in another key order:
        // the same bundle, no copy.
        const again = await apply('supermarket', ent, { answers: reversed(STANDARD) });
        assert.equal(again.status, 200, again.text);
        assert.equal(again.json.existing, true);
        assert.equal(again.json.bundle, bundle);
        assert.deepEqual(again.json.cases.map((c) => c.id), r.json.cases.map((c) => c.id));
        assert.equal(await myCases(ent), before + STANDARD_MATTERS.length + 1);

        // The bundle: its owner sees it, nobody else.
        let b = await s.api('GET', `/api/v1/guidance/bundles/${bundle}`, { token: ent.token });
        assert.equal(b.status, 200, b.text);
        assert.equal(b.json.id, bundle);
        assert.equal(b.json.scenario, 'supermarket');
        assert.equal(b.json.digest, guide.digest);
        assert.deepEqual(b.json.answers, STANDARD);
        assert.match(b.json.created_at, RFC3339);
        assert.deepEqual(b.json.cases.map((c) => c.id), r.json.cases.map((c) => c.id));
        for (const who of [other, li, clerk]) {
          const x = await s.api('GET', `/api/v1/guidance/bundles/${bundle}`, { token: who.token });
          assert.equal(x.status, 404, x.text);
          assert.equal(x.json.error.code, 'not_found');
        }
        assert.equal((await s.api('GET', `/api/v1/guidance/bundles/${bundle}`)).status, 401);
        assert.equal((await s.api('GET', `/api/v1/guidance/bundles/${bundle + 1000}`, { token: ent.token })).status, 404);
        let x = await s.api('GET', '/api/v1/guidance/bundles/abc', { token: ent.token });
        assert.equal(x.status, 400, x.text);
        assert.equal(x.json.error.field, 'id');
        x = await s.api('POST', `/api/v1/guidance/bundles/${bundle}/submit`, { token: other.token, body: { commit: true } });
        assert.equal(x.status, 404, 'another account cannot submit it');
        x = await s.api('POST', `/api/v1/guidance/bundles/${bundle}/submit`, { body: { commit: true } });
        assert.equal(x.status, 401);
        x = await s.api('POST', `/api/v1/guidance/bundles/${bundle}/submit`, { token: ent.token, body: { commit: true, now: true } });
        assert.equal(x.status, 400);
        assert.equal(x.json.error.code, 'unknown_field');

        // Several matters take commitments: without "commit" the whole
        // bundle is refused, naming those drafts, and no draft moved.
        const committing = [];
        for (const c of r.json.cases) {
          const k = await s.api('GET', `/api/v1/cases/${c.id}`, { token: ent.token });
          if (k.json.materials.some((m) => m.way === 'commitment' && m.status !== 'satisfied')) committing.push(c.id);
        }
        assert.ok(committing.length >= 1);
        x = await s.api('POST', `/api/v1/guidance/bundles/${bundle}/submit`, { token: ent.token, body: {} });
        assert.equal(x.status, 422, x.text);
        assert.equal(x.json.error.code, 'commitment_needed');
        assert.equal(x.json.error.field, 'commit');
        assert.deepEqual(x.json.error.cases.map((c) => c.id).sort((p, q) => p - q), committing.sort((p, q) => p - q));
        for (const c of r.json.cases) {
          const k = await s.api('GET', `/api/v1/cases/${c.id}`, { token: ent.token });
          assert.equal(k.json.state, 'draft', `${c.matter} moved although the bundle was refused`);
          assert.equal(k.json.version, 1);
        }
        b = await s.api('GET', `/api/v1/guidance/bundles/${bundle}`, { token: ent.token });
        assert.ok(b.json.cases.every((c) => c.state === 'draft'));

        // With the commitments signed, every draft is submitted.
        x = await s.api('POST', `/api/v1/guidance/bundles/${bundle}/submit`, { token: ent.token, body: { commit: true } });
        assert.equal(x.status, 200, x.text);
        assert.deepEqual(x.json.cases.map((c) => c.state), STANDARD_MATTERS.map(() => 'submitted'));
        for (const c of r.json.cases) {
          const k = await s.api('GET', `/api/v1/cases/${c.id}`, { token: ent.token });
          assert.equal(k.json.state, 'submitted', c.matter);
          assert.equal(k.json.version, 2);
        }
        assert.equal(await myCases(ent), before + STANDARD_MATTERS.length + 1);
        // Submitted: the same answers now make a new bundle.
        const next = await apply('supermarket', ent, { answers: STANDARD });
        assert.equal(next.status, 201, next.text);
        assert.equal(next.json.existing, false);
        assert.notEqual(next.json.bundle, bundle);
        assert.equal(await myCases(ent), before + 2 * STANDARD_MATTERS.length + 1);
      });

      it('"commit" given with the applications signs the commitments for the submission', async () => {
        const r = await apply('supermarket', ent, { answers: SMALL, commit: true });
        assert.equal(r.status, 201, r.text);
        const x = await s.api('POST', `/api/v1/guidance/bundles/${r.json.bundle}/submit`, { token: ent.token, body: {} });
        assert.equal(x.status, 200, `commit was given with the applications: ${x.text}`);
        assert.ok(x.json.cases.every((c) => c.state === 'submitted'));
      });

      it('a resident applies for the newborn matters: one case per matter, hers', async () => {
        const nb = scenarios.get('newborn');
        const expected = evaluate(nb, NEWBORN).guide.matters.map((m) => m.code);
        assert.ok(expected.length >= 2, `the newborn answers select ${expected}`);
        const before = await myCases(li);
        const zhangBefore = await myCases(zhang);
        const r = await apply('newborn', li, { answers: NEWBORN });
        assert.equal(r.status, 201, r.text);
        assert.deepEqual(r.json.cases.map((c) => c.matter), expected);
        assert.equal(await myCases(li), before + expected.length);
        assert.equal(await myCases(zhang), zhangBefore);
        for (const c of r.json.cases) {
          const k = await s.api('GET', `/api/v1/cases/${c.id}`, { token: li.token });
          assert.equal(k.status, 200);
          assert.equal(k.json.bundle, r.json.bundle);
          assert.equal(k.json.state, 'draft');
          assert.equal((await s.api('GET', `/api/v1/cases/${c.id}`, { token: zhang.token })).status, 404);
        }
        const b = await s.api('GET', `/api/v1/guidance/bundles/${r.json.bundle}`, { token: li.token });
        assert.equal(b.status, 200);
        assert.equal((await s.api('GET', `/api/v1/guidance/bundles/${r.json.bundle}`, { token: zhang.token })).status, 404);
        // A contradiction of the newborn rule writes nothing.
        const n = allCases();
        const bad = await apply('newborn', li, { answers: { ...NEWBORN, in_hospital: false } });
        assert.equal(bad.status, 422, bad.text);
        assert.equal(bad.json.error.code, 'contradictory_answers');
        assert.equal(bad.json.error.field, 'answers.joint');
        assert.equal(allCases(), n);
        assert.equal(await myCases(li), before + expected.length);
      });
    });

    describe('the C engine agrees with docs/guidance.md', () => {
      const PATHS = 50;   // complete paths not refused by a rule, per scenario

      // One generated path (and a prefix of it) against the server; throws
      // at the first disagreement.  Returns whether a rule refused it.
      async function checkPath(sc, answers, n, rand) {
        const id = sc.id;
        const ev = evaluate(sc, answers);
        const what = `${id} ${JSON.stringify(answers)}`;
        assert.equal(ev.complete, true, what);
        assert.equal(ev.rule, ev.literalRule, `${what}: a rule fires or not depending on how "holds on the path" is read`);
        // Now and then answers off the path as well, or the keys in
        // another order: reported as skipped, and they change nothing.
        const noisy = { ...answers };
        if (n % 2) {
          for (const q of sc.questions) if (!(q.id in answers) && rand() < 0.5) noisy[q.id] = randomAnswer(sc, q, rand);
        }
        const r = await evaluateOn(id, n % 3 ? noisy : reversed(noisy));
        if (ev.rule) {
          assert.equal(r.status, 422, `${what}: rule "${ev.rule.reason_en}" should refuse: ${r.text}`);
          assert.equal(r.json.error.code, 'contradictory_answers');
          assert.equal(r.json.error.field, `answers.${ev.rule.field}`, what);
          return true;
        }
        assert.equal(r.status, 200, `${what}: ${r.text}`);
        const g = r.json.guide;
        assert.equal(r.json.complete, true, what);
        assert.deepEqual(r.json.path, ev.path, what);
        assert.deepEqual(r.json.skipped, evaluate(sc, noisy).skipped, what);
        assert.deepEqual(g.matters.map((m) => m.code), ev.guide.matters.map((m) => m.code), `${what}: matters`);
        assert.deepEqual(g.precautions, ev.guide.precautions, `${what}: precautions`);
        assert.deepEqual(g.materials.map((m) => ({ kind: m.kind, matters: m.matters })),
          ev.guide.materials.map((m) => ({ kind: m.kind, matters: m.matters })), `${what}: materials`);
        for (const m of g.matters) {
          const c = catalog.get(m.code);
          assert.equal(c.applicant, sc.audience, `${id}: ${m.code} is not for the audience`);
          assert.deepEqual([m.name_zh, m.name_en, m.department.code, m.mode, m.online, m.promised_days, m.legal_days, m.fee_fen],
            [c.name_zh, c.name_en, c.department, c.mode, c.online, c.promised_days, c.legal_days, c.fee_fen], m.code);
        }
        for (const [i, m] of g.materials.entries()) {
          const pending = ev.guide.materials[i].pending;
          assert.equal(m.status, pending ? 'pending' : 'needed', `${what}: anonymous ${m.kind} of ${m.matters}`);
          if (pending) assert.equal(m.way, 'in-guide', `${what}: ${m.kind}`);
          else assert.ok(['upload', 'licence', 'shared', 'commitment'].includes(m.way), `${what}: ${m.kind} ${m.way}`);
        }
        assert.deepEqual(g.forms, expectedForms(sc, answers, ev), `${what}: forms`);
        assert.equal(g.digest, r.json.digest);
        if (n % 2) {
          const clean = await evaluateOk(id, answers);
          assert.equal(clean.guide.digest, g.digest, `${what}: answers off the path changed the digest`);
        }
        // A prefix of the same path: the next question and the progress.
        const k = Math.floor(rand() * ev.path.length);
        const prefix = Object.fromEntries(ev.path.slice(0, k).map((q) => [q, answers[q]]));
        const pe = evaluate(sc, prefix);
        const p = await evaluateOn(id, prefix);
        const pw = `${id} prefix ${JSON.stringify(prefix)}`;
        assert.equal(pe.rule, null, pw);
        assert.equal(p.status, 200, `${pw}: ${p.text}`);
        assert.equal(p.json.complete, false, pw);
        assert.equal(p.json.next.id, pe.next, pw);
        assert.deepEqual(p.json.path, pe.path, pw);
        assert.deepEqual(p.json.progress, { answered: pe.path.length, remaining: pe.remaining }, pw);
        assert.equal(p.json.guide, null, pw);
        return false;
      }

      for (const id of scenarios.keys()) {
        it(`${id}: ${PATHS} random complete paths and their prefixes`, async () => {
          const sc = scenarios.get(id);
          const rand = rng(`guidance:${id}`);
          const problems = [];
          let done = 0, refused = 0;
          for (let n = 0; done < PATHS && n < PATHS * 20; n++) {
            const answers = randomPath(sc, rand);
            try {
              if (await checkPath(sc, answers, n, rand)) refused++;
              else done++;
            } catch (err) {
              if (!(err instanceof assert.AssertionError)) throw err;
              problems.push(`${err.message.split('\n')[0]}${firstDiff(err.actual, err.expected)}`);
              done++;
            }
          }
          assert.deepEqual(problems.slice(0, 3), [], `${id}: ${problems.length} of ${done + refused} answer sets disagree`);
          assert.equal(done, PATHS, `${id}: only ${done} paths were not refused by a rule (${refused} were)`);
        });
      }
    });
  });

  // Its own server: a request here may take the server down.
  describe(`guidance query parameters (${store})`, () => {
    let s, ent;
    before(async () => {
      s = await startServer({ store });
      ent = await s.signIn(pengpu.credit_code);
    });
    after(async () => { await s.stop(); });

    it('an unknown query parameter answers 400 unknown_parameter, and the server stays up', async () => {
      const e = await s.api('POST', '/api/v1/guidance/scenarios/supermarket/applications', { token: ent.token, body: { answers: SMALL } });
      assert.equal(e.status, 201, e.text);
      for (const [p, who] of [['/api/v1/guidance/scenarios?x=1', null], ['/api/v1/guidance/scenarios/supermarket?x=1', null],
        [`/api/v1/guidance/bundles/${e.json.bundle}?x=1`, ent]]) {
        let x;
        try {
          x = await s.api('GET', p, { token: who?.token });
        } catch (err) {
          assert.fail(`GET ${p}: no answer (${err.cause?.code || err.message})`);
        }
        assert.equal(x.status, 400, `GET ${p}: ${x.text}`);
        assert.equal(x.json.error.code, 'unknown_parameter');
        assert.equal(x.json.error.field, 'x');
      }
      const h = await s.api('GET', '/api/v1/health');
      assert.equal(h.status, 200);
    });
  });
}
