import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { invalidPayloadPath, writeAtomically, type Payload } from './atomic-writer.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'ordinal-h-e-aw-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const file = (s: string, mode = 0o644): { data: Buffer; mode: number } => ({ data: Buffer.from(s), mode });

describe('writeAtomically', () => {
  it('publishes versions through ..data, rewrites only on a change of content or mode, and tidies up', async () => {
    const dir = join(root, 'v');
    await mkdir(dir);
    assert.equal(await writeAtomically(dir, new Map([['a', file('1')], ['d/b', file('2')]]) as Payload), true);
    const first = await readlink(join(dir, '..data'));
    assert.equal(await readlink(join(dir, 'd')), '..data/d');
    assert.equal(await readFile(join(dir, 'd/b'), 'utf8'), '2');
    assert.equal(await writeAtomically(dir, new Map([['a', file('1')], ['d/b', file('2')]])), false);
    assert.equal(await writeAtomically(dir, new Map([['a', file('1', 0o600)], ['d/b', file('2')]])), true);
    // a crash left a temporary link and an unreferenced version behind
    await symlink(first, join(dir, '..data_tmp'));
    await mkdir(join(dir, '..2000_01_01_00_00_00.dead'));
    assert.equal(await writeAtomically(dir, new Map([['a', file('one')]])), true);
    const entries = (await readdir(dir)).sort();
    assert.deepEqual(entries.length, 3, entries.join(' '));
    assert.ok(entries.includes('..data') && entries.includes('a'));
    assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'one');
  });

  it('refuses paths that are absolute or step out', async () => {
    assert.match(invalidPayloadPath('/etc/x')!, /must be relative/);
    assert.match(invalidPayloadPath('a/../../x')!, /must not contain '\.\.'/);
    assert.match(invalidPayloadPath('..data')!, /must not start with '\.\.'/);
    assert.equal(invalidPayloadPath('a/b.c'), undefined);
    await assert.rejects(writeAtomically(join(root, 'v'), new Map([['../x', file('x')]])), /must not contain/);
  });
});
