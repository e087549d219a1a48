import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastAppliedAnnotation, type JsonObject } from '../../client/index.js';
import { eventsSection } from './describe-events.js';
import { describeObject } from './describe-object.js';
import { describeSecret } from './describe-secret.js';
import { humanDuration } from './duration.js';

const now = new Date('2025-01-01T00:10:00Z');

describe('describeObject', () => {
  it('shows metadata, then spec and status generically, then conditions', () => {
    const obj: JsonObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'redis', namespace: 'default', labels: { tier: 'db', app: 'redis' }, annotations: { [lastAppliedAnnotation]: '{}' }, creationTimestamp: '2025-01-01T00:05:00Z' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'redis' } }, template: { spec: { containers: [{ name: 'redis', image: 'redis:7', ports: [{ containerPort: 6379 }] }] } }, args: ['a', 'b'] },
      status: { replicas: 2, conditions: [{ type: 'Ready', status: 'True', reason: 'AllUp', message: 'fine' }] },
    };
    const text = describeObject(obj, now);
    assert.equal(
      text,
      [
        'Name:               redis',
        'Namespace:          default',
        'Labels:             app=redis',
        '                    tier=db',
        'Annotations:        <none>',
        'CreationTimestamp:  2025-01-01T00:05:00Z (5m ago)',
        'API Version:        apps/v1',
        'Kind:               StatefulSet',
        'Spec:',
        '  replicas:  2',
        '  selector:',
        '    matchLabels:',
        '      app:  redis',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name:   redis',
        '          image:  redis:7',
        '          ports:',
        '            - containerPort:  6379',
        '  args:      a, b',
        'Status:',
        '  replicas:  2',
        'Conditions:',
        '  Type   Status  Reason  Message',
        '  ----   ------  ------  -------',
        '  Ready  True    AllUp   fine',
        '',
      ].join('\n'),
    );
  });
});

describe('describeSecret', () => {
  it('shows sizes, never values', () => {
    const text = describeSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, type: 'Opaque', data: { password: Buffer.from('hunter22').toString('base64'), a: '' } }, now);
    assert.match(text, /Type: {2}Opaque\n\nData\n====\na: {9}0 bytes\npassword: {2}8 bytes\n$/);
    assert.equal(text.includes('hunter22') || text.includes(Buffer.from('hunter22').toString('base64')), false);
  });
});

describe('eventsSection', () => {
  it('lists events oldest first with counts', () => {
    const ev = (reason: string, last: string, count = 1): JsonObject => ({ type: 'Normal', reason, message: `${reason} done`, count, firstTimestamp: '2025-01-01T00:00:00Z', lastTimestamp: last, source: { component: 'statefulset-controller' } });
    assert.equal(
      eventsSection([ev('B', '2025-01-01T00:09:00Z', 3), ev('A', '2025-01-01T00:08:00Z')], now),
      [
        'Events:',
        '  Type    Reason  Age                From                    Message',
        '  ----    ------  ----               ----                    -------',
        '  Normal  A       2m                 statefulset-controller  A done',
        '  Normal  B       60s (x3 over 10m)  statefulset-controller  B done',
        '',
      ].join('\n'),
    );
    assert.equal(eventsSection([], now), 'Events:  <none>\n');
  });
});

describe('humanDuration', () => {
  it('prints ages as kubectl does', () => {
    const s = 1000;
    assert.deepEqual([5 * s, 119 * s, 150 * s, 600 * s, 3 * 3600 * s + 60 * s, 30 * 3600 * s, 3 * 86400 * s + 3600 * s, 400 * 86400 * s, 800 * 86400 * s].map(humanDuration), [
      '5s', '119s', '2m30s', '10m', '3h1m', '30h', '3d1h', '400d', '2y70d',
    ]);
  });
});
