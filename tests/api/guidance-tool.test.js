// `tongban guidance check|paths FILE`: the authoring tools.  Every shipped
// scenario checks clean; a broken file is refused naming the path inside
// it; answers no path can reach and materials no path needs are listed;
// paths counts the outcomes; and `tongban init` refuses a data folder
// with a bad scenario, naming the file and the path.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, bin } from '../lib/server.js';

function run(args) {
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// A small valid scenario; each test changes what it needs.
function mini() {
  return {
    id: 'mini', audience: 'enterprise', title_zh: '测试', title_en: 'Test',
    summary_zh: '测试', summary_en: 'Test', start: 'size',
    questions: [
      { id: 'size', type: 'single', text_zh: '规模', text_en: 'Size',
        options: [{ value: 'large', label_zh: '大', label_en: 'Large' },
          { value: 'small', label_zh: '小', label_en: 'Small' }],
        next: [{ when: { q: 'size', is: 'large' }, goto: 'area' }, { goto: 'alcohol' }] },
      { id: 'area', type: 'number', text_zh: '面积', text_en: 'Area', min: 1, max: 100000, next: 'alcohol' },
      { id: 'alcohol', type: 'yesno', text_zh: '卖酒', text_en: 'Alcohol', next: 'end' },
    ],
    rules: [],
    matters: [
      { code: 'E-MS-020', why_zh: '预包装', why_en: 'packed' },
      { code: 'E-CO-001', when: { q: 'alcohol', is: true }, why_zh: '酒', why_en: 'alcohol' },
    ],
    materials: [{ matter: 'E-CO-001', kind: 'PREMISES-LAYOUT', when: { q: 'area', ge: 5000 } }],
  };
}

describe('tongban guidance', () => {
  let dir;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guidance-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (doc, name = 'mini') => {
    const f = path.join(dir, `${name}.json`);
    fs.writeFileSync(f, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return f;
  };

  it('checks every shipped scenario clean', () => {
    const files = fs.readdirSync(path.join(root, 'data/guidance')).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 16, `${files.length} scenarios`);
    for (const f of files) {
      const r = run(['guidance', 'check', `data/guidance/${f}`]);
      assert.equal(r.code, 0, `${f}: ${r.out}${r.err}`);
      assert.match(r.out, /: ok, \d+ questions, \d+ matters, \d+ paths, \d+ outcomes/);
    }
  });

  it('accepts a good file and counts its paths and outcomes', () => {
    const f = write(mini());
    const r = run(['guidance', 'check', f]);
    assert.equal(r.code, 0, r.out + r.err);
    // large: area ∈ {1, 4999, 5000, 5001, 100000} × alcohol 2 = 10; small: 2.
    assert.match(r.out, /ok, 3 questions, 2 matters, 12 paths, 3 outcomes, 0 warnings/);
    const p = run(['guidance', 'paths', f]);
    assert.equal(p.code, 0, p.err);
    assert.match(p.out, /^mini: 12 paths, 3 distinct outcomes$/m);
    assert.match(p.out, /matters: E-MS-020 E-CO-001 \| materials: 0/);
    assert.match(p.out, /e\.g\. \{"size":"large","area":\d+,"alcohol":true\}/);
  });

  it('lists answers no path reaches and materials no path needs', () => {
    const doc = mini();
    // A rule refuses every large shop: "large" is on no path, and the
    // area question with it; the layout material is needed nowhere.
    doc.rules = [{ when: { q: 'size', is: 'large' }, field: 'size', reason_zh: '不', reason_en: 'no' }];
    const r = run(['guidance', 'check', write(doc)]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /warning: answer "large" of question "size" is on no path/);
    assert.match(r.out, /warning: question "area" is on no path/);
    assert.match(r.out, /warning: material PREMISES-LAYOUT \(materials\[0\]\) is needed on no path/);
  });

  it('fails a scenario where a path ends without a matter', () => {
    const doc = mini();
    doc.matters[0].when = { q: 'alcohol', is: false };
    doc.matters[1].when = { q: 'size', is: 'large' };
    doc.materials = [];
    const r = run(['guidance', 'check', write(doc)]);
    assert.equal(r.code, 1);
    assert.match(r.out, /error: 1 paths end with no matter, e\.g\. \{"size":"small","alcohol":true\}/);
  });

  it('refuses bad files naming the path inside them', () => {
    const cases = [
      [(d) => { d.questions[1].type = 'text'; }, /questions\[1\]\.type: must be single, multiple, yesno or number/],
      [(d) => { d.matters[0].code = 'E-XX-999'; }, /matters\[0\]\.code: no matter E-XX-999 in the catalog/],
      [(d) => { d.matters[0].code = 'C-PS-001'; }, /matters\[0\]\.code: the applicant of this matter is not the scenario's audience/],
      [(d) => { d.materials[0].kind = 'NO-SUCH-KIND'; }, /materials\[0\]\.kind: no material kind NO-SUCH-KIND/],
      [(d) => { d.questions[2].next = 'size'; }, /cycle/],
      [(d) => { d.colour = 'red'; }, /\(top\): unknown field "colour"/],
    ];
    for (const [change, want] of cases) {
      const doc = mini();
      change(doc);
      const r = run(['guidance', 'check', write(doc)]);
      assert.equal(r.code, 1, JSON.stringify(doc));
      assert.match(r.err, want);
    }
    const bad = run(['guidance', 'check', write('{"id": "mini",', 'broken')]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /broken\.json:1: /);
    assert.equal(run(['guidance', 'frobnicate', 'x']).code, 2);
    assert.equal(run(['guidance']).code, 2);
  });

  it('makes init refuse a data folder with a bad scenario, changing nothing', () => {
    const data = path.join(dir, 'data');
    fs.cpSync(path.join(root, 'data'), data, { recursive: true, dereference: true });
    const doc = JSON.parse(fs.readFileSync(path.join(data, 'guidance/supermarket.json'), 'utf8'));
    doc.questions[0].options[0].value = 'Not An Id';
    fs.writeFileSync(path.join(data, 'guidance/supermarket.json'), JSON.stringify(doc));
    const db = path.join(dir, 'init.db');
    const r = run(['init', '--demo', '--db', `sqlite:${db}`, '--data', data]);
    assert.equal(r.code, 1);
    assert.match(r.err, /guidance\/supermarket\.json: questions\[0\]\.options\[0\]: value must be/);
    // One transaction: nothing of the city was loaded.
    const again = run(['init', '--demo', '--db', `sqlite:${db}`]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /\d+ guidance scenarios/);
  });
});
