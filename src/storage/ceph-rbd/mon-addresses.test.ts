import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientMonitor, clientMonitors, splitMonHost } from './mon-addresses.js';

describe('mon addresses', () => {
  it('splits a mon host on commas and spaces, keeping address vectors whole', () => {
    assert.deepEqual(splitMonHost('[v2:10.0.0.1:3300,v1:10.0.0.1:6789] [v2:10.0.0.2:3300,v1:10.0.0.2:6789],10.0.0.3'), ['[v2:10.0.0.1:3300,v1:10.0.0.1:6789]', '[v2:10.0.0.2:3300,v1:10.0.0.2:6789]', '10.0.0.3']);
    assert.deepEqual(splitMonHost(' 10.0.0.1:6789 ,  10.0.0.2:6789;10.0.0.3 '), ['10.0.0.1:6789', '10.0.0.2:6789', '10.0.0.3']);
  });

  it("gives the seeds' ip:6789 form on the default ports, the v2 port otherwise", () => {
    assert.equal(clientMonitor('[v2:127.0.0.1:3300,v1:127.0.0.1:6789]'), '127.0.0.1:6789');
    assert.equal(clientMonitor('[v2:127.0.0.1:24001,v1:127.0.0.1:24000]'), '127.0.0.1:24001');
    assert.equal(clientMonitor('v2:127.0.0.1:3300'), '127.0.0.1:3300');
    assert.equal(clientMonitor('v1:127.0.0.1:6789'), '127.0.0.1:6789');
    assert.equal(clientMonitor('v1:127.0.0.1:7000'), 'v1:127.0.0.1:7000');
    assert.equal(clientMonitor('127.0.0.1:6789'), '127.0.0.1:6789');
    assert.equal(clientMonitor('mon1.example'), 'mon1.example');
    assert.equal(clientMonitor('[v2:[::1]:3300,v1:[::1]:6789]'), '[::1]:6789');
    assert.equal(clientMonitor('[::1]:6789'), '[::1]:6789');
  });

  it('maps every monitor of a mon host', () => {
    assert.deepEqual(clientMonitors('[v2:10.0.0.1:3300,v1:10.0.0.1:6789],[v2:10.0.0.2:3300,v1:10.0.0.2:6789]'), ['10.0.0.1:6789', '10.0.0.2:6789']);
  });
});
