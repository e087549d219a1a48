import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CliError } from './cli-error.js';
import { splitManifests, validateManifest } from './manifest-split.js';
import { parseTypeArgs } from './type-args.js';

describe('splitManifests', () => {
  it('splits documents and skips empty ones', () => {
    const text = '---\n# just a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n...\n';
    assert.deepEqual(
      splitManifests(text, 'x.yaml').map((o) => (o['metadata'] as { name: string }).name),
      ['a', 'b'],
    );
  });

  it('reads JSON and expands Lists', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } }] });
    assert.equal(splitManifests(text, 'x.json').length, 2);
  });

  it('reports syntax errors with the line, never the text', () => {
    const text = 'apiVersion: v1\nkind: Secret\nstringData:\n  password: hunter2: more\n';
    assert.throws(
      () => splitManifests(text, 'bad.yaml'),
      (e: unknown) => e instanceof CliError && /^error parsing bad\.yaml: .+ \(line 4, column \d+\)$/.test(e.message) && !e.message.includes('hunter2'),
    );
  });

  it('rejects documents that are not objects', () => {
    assert.throws(() => splitManifests('- a\n- b\n', 'l.yaml'), /is not an object/);
  });
});

describe('validateManifest', () => {
  it('needs apiVersion, kind and a name', () => {
    assert.throws(() => validateManifest({ metadata: { name: 'x' } }, 'f.yaml', false), /\[apiVersion not set, kind not set\]/);
    assert.throws(() => validateManifest({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'x-' } }, 'f.yaml', false), /no metadata.name/);
    validateManifest({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'x-' } }, 'f.yaml', true);
  });
});

describe('parseTypeArgs', () => {
  it('reads TYPE[,TYPE] NAME... and TYPE/NAME forms', () => {
    assert.deepEqual(parseTypeArgs(['pods']), [{ type: 'pods', names: [] }]);
    assert.deepEqual(parseTypeArgs(['pods,sts', 'a']), [{ type: 'pods', names: ['a'] }, { type: 'sts', names: ['a'] }]);
    assert.deepEqual(parseTypeArgs(['pod/a', 'svc/b', 'pod/c']), [{ type: 'pod', names: ['a', 'c'] }, { type: 'svc', names: ['b'] }]);
    assert.throws(() => parseTypeArgs(['pod/a', 'b']));
    assert.throws(() => parseTypeArgs(['pods', 'svc/b']));
    assert.throws(() => parseTypeArgs([]));
  });
});
