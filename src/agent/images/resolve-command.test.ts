import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandEnv, expandVars, lookupIn } from './expand-vars.js';
import { KNOWN_IMAGES } from './known-images.js';
import { mergeImageEnv, resolveCommand, type CommandSpec } from './resolve-command.js';

const image = { name: 'test', entrypoint: ['/ep', 'e1'], cmd: ['c1', 'c2'] };

function argv(container: CommandSpec, env: Record<string, string> = {}, img = image): string[] {
  const r = resolveCommand(container, img, env);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.argv;
}

describe('resolveCommand', () => {
  it('no command, no args: ENTRYPOINT + CMD', () => {
    assert.deepEqual(argv({}), ['/ep', 'e1', 'c1', 'c2']);
    assert.deepEqual(argv({ command: [], args: [] }), ['/ep', 'e1', 'c1', 'c2'], 'empty lists count as absent');
  });

  it('args only: ENTRYPOINT + args (CMD ignored)', () => {
    assert.deepEqual(argv({ args: ['a1'] }), ['/ep', 'e1', 'a1']);
    assert.deepEqual(argv({ command: [], args: ['a1'] }), ['/ep', 'e1', 'a1']);
  });

  it('command only: command (ENTRYPOINT and CMD ignored)', () => {
    assert.deepEqual(argv({ command: ['/bin/cmd', 'x'] }), ['/bin/cmd', 'x']);
    assert.deepEqual(argv({ command: ['/bin/cmd'], args: [] }), ['/bin/cmd']);
  });

  it('command and args: command + args', () => {
    assert.deepEqual(argv({ command: ['/bin/cmd'], args: ['a1', 'a2'] }), ['/bin/cmd', 'a1', 'a2']);
  });

  it('an image without ENTRYPOINT runs args as the command, like upstream etcd/busybox', () => {
    const busybox = { name: 'busybox', entrypoint: [], cmd: ['sh'] };
    assert.deepEqual(argv({}, {}, busybox), ['sh']);
    assert.deepEqual(argv({ args: ['sleep', '10'] }, {}, busybox), ['sleep', '10']);
  });

  it('fails when nothing is left to run', () => {
    const r = resolveCommand({}, { name: 'scratch', entrypoint: [], cmd: [] });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.reason === 'CreateContainerError' && r.message.includes('no command specified'));
  });

  it('seed 001: redis with command redis-server and a config file', () => {
    const redis = KNOWN_IMAGES.find((k) => k.image.name === 'redis')?.image;
    assert.ok(redis);
    assert.deepEqual(argv({ command: ['redis-server'], args: ['/etc/redis/redis.conf', '--protected-mode', 'no'] }, {}, redis),
      ['redis-server', '/etc/redis/redis.conf', '--protected-mode', 'no']);
    assert.deepEqual(argv({}, {}, redis), ['redis-server']);
    assert.deepEqual(argv({ args: ['--port', '7000'] }, {}, redis), ['redis-server', '--port', '7000']);
  });

  it('expands $(VAR) in command and args, not in the image ENTRYPOINT or CMD', () => {
    const env = { NAME: 'web-0', PORT: '6379' };
    assert.deepEqual(argv({ command: ['echo', '$(NAME)'], args: ['--port=$(PORT)', '$(NAME).$(PORT)'] }, env), ['echo', 'web-0', '--port=6379', 'web-0.6379']);
    assert.deepEqual(argv({ args: ['$(NAME)'] }, env), ['/ep', 'e1', 'web-0']);
    assert.deepEqual(argv({}, env, { name: 'x', entrypoint: ['$(NAME)'], cmd: ['$(PORT)'] }), ['$(NAME)', '$(PORT)']);
  });

  it('merges image ENV under the container env', () => {
    assert.deepEqual(mergeImageEnv({ env: { PATH: '/bin', A: 'img' } }, { A: 'pod', B: 'b' }), { PATH: '/bin', A: 'pod', B: 'b' });
  });
});

describe('expandVars', () => {
  const lookup = lookupIn({ VAR: 'value', EMPTY: '', 'WITH SPACE': 'ws' }, { VAR: 'shadowed', SVC: 'svc' });
  const cases: Array<[string, string]> = [
    ['$(VAR)', 'value'],
    ['x$(VAR)y', 'xvaluey'],
    ['$(VAR)$(VAR)', 'valuevalue'],
    ['$(EMPTY)', ''],
    ['$(SVC)', 'svc'],
    ['$(WITH SPACE)', 'ws'],
    ['$(UNKNOWN)', '$(UNKNOWN)'],
    ['$()', '$()'],
    ['$$(VAR)', '$(VAR)'],
    ['$$$(VAR)', '$value'],
    ['$$$$(VAR)', '$$(VAR)'],
    ['$$', '$'],
    ['a$$b', 'a$b'],
    ['$', '$'],
    ['x$', 'x$'],
    ['$1', '$1'],
    ['${VAR}', '${VAR}'],
    ['$VAR', '$VAR'],
    ['$(VAR', '$(VAR'],
    ['$(VAR $(VAR)', '$(VAR $(VAR)'],
    ['$(VAR)$(', 'value$('],
    ['no vars', 'no vars'],
    ['', ''],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(want)}`, () => assert.equal(expandVars(input, lookup), want));
  }
});

describe('expandEnv', () => {
  it('expands each value against the variables defined before it, like the kubelet', () => {
    const env = expandEnv(
      [{ name: 'A', value: 'a' }, { name: 'B', value: '$(A)-$(C)' }, { name: 'C', value: 'c' }, { name: 'D', value: '$(SVC_HOST)' }, { name: 'S' }, { name: 'E' }],
      { S: '$(A)' },
      { SVC_HOST: '10.0.0.1' },
    );
    assert.deepEqual(env, { A: 'a', B: 'a-$(C)', C: 'c', D: '10.0.0.1', S: '$(A)', E: '' });
  });

  it('lets a later definition win and see the earlier one', () => {
    assert.deepEqual(expandEnv([{ name: 'A', value: '1' }, { name: 'A', value: '$(A)2' }]), { A: '12' });
  });
});
