import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { secretData } from './secret-sources.js';

const dir = mkdtempSync(join(tmpdir(), 'secret-sources-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('secretData', () => {
  it('encodes literals and files (key from the name, or given), and directories', () => {
    writeFileSync(join(dir, 'tls.key'), 'KEY');
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'a'), 'A');
    const data = secretData('s', ['password=p=w', 'empty='], [join(dir, 'tls.key'), `other=${join(dir, 'tls.key')}`, join(dir, 'd')]);
    assert.deepEqual(data, { password: b64('p=w'), empty: '', 'tls.key': b64('KEY'), other: b64('KEY'), a: b64('A') });
  });

  it('rejects bad literals without echoing them, duplicate keys and missing files', () => {
    assert.throws(() => secretData('s', ['novalue-hunter2'], []), (e: unknown) => e instanceof Error && !e.message.includes('hunter2'));
    assert.throws(() => secretData('s', ['a=1', 'a=2'], []), /cannot add key a/);
    assert.throws(() => secretData('s', ['bad key=1'], []), /not a valid key/);
    assert.throws(() => secretData('s', [], [join(dir, 'absent')]), /no such file/);
  });
});
