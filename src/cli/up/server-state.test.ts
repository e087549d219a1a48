import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isProcessAlive, isServerFor, readServerState, serverDataDirOf } from './server-state.js';

const env = { HOME: '/home/u' };

describe('serverDataDirOf', () => {
  it('reads --data-dir of `ordinal server`, relative to the process cwd', () => {
    assert.equal(serverDataDirOf({ args: ['node', '/x/dist/src/cli/main.js', 'server', '--data-dir', 'd', '--nodes', '3'], cwd: '/w', env }), '/w/d');
    assert.equal(serverDataDirOf({ args: ['node', '/usr/bin/ordinal', 'server', '--data-dir=/abs/'], cwd: '/w', env }), '/abs');
  });
  it('falls back to ORDINAL_HOME, then ~/.ordinal, of that process', () => {
    assert.equal(serverDataDirOf({ args: ['node', '/o/bin/ordinal', 'server'], cwd: '/', env: { ...env, ORDINAL_HOME: '/srv/o' } }), '/srv/o');
    assert.equal(serverDataDirOf({ args: ['node', '/o/bin/ordinal', 'server'], cwd: '/', env }), '/home/u/.ordinal');
  });
  it('is undefined for anything that is not an ordinal server', () => {
    assert.equal(serverDataDirOf({ args: ['node', '/x/dist/src/cli/main.js', 'up', '--data-dir', '/d'], cwd: '/', env }), undefined);
    assert.equal(serverDataDirOf({ args: ['redis-server', '--data-dir', '/d'], cwd: '/', env }), undefined);
    assert.equal(serverDataDirOf({ args: ['sleep', 'server'], cwd: '/', env }), undefined);
  });
});

describe('process checks', () => {
  it('reads apiserver.json and tells a live pid from a gone one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordinal-up-state-'));
    try {
      assert.equal(readServerState(dir), undefined);
      writeFileSync(join(dir, 'apiserver.json'), 'not json');
      assert.equal(readServerState(dir), undefined);
      writeFileSync(join(dir, 'apiserver.json'), JSON.stringify({ pid: 42, url: 'https://127.0.0.1:1' }));
      assert.deepEqual(readServerState(dir), { pid: 42, url: 'https://127.0.0.1:1' });
      assert.equal(isProcessAlive(process.pid), true);
      // a process that pretends to be `ordinal server --data-dir DIR` by its command line
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', '/fake/cli/main.js', 'server', '--data-dir', dir], { stdio: 'ignore' });
      await new Promise((r) => child.once('spawn', r));
      // node -e puts the script in argv; /proc shows exactly what was exec'd
      assert.equal(isServerFor(child.pid!, dir), true);
      assert.equal(isServerFor(child.pid!, join(dir, 'other')), false);
      assert.equal(isServerFor(process.pid, dir), false);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      assert.equal(isProcessAlive(child.pid!), false);
      assert.equal(isServerFor(child.pid!, dir), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
