import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCell, formatTable, type Table } from './table.js';

const table: Table = {
  kind: 'Table',
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
    { name: 'Containers', type: 'string', priority: 1 },
    { name: 'Images', type: 'string', priority: 1 },
  ],
  rows: [
    { cells: ['redis', '0/2', '5s', 'redis', 'redis:7'], object: { metadata: { name: 'redis', namespace: 'default' } } },
    { cells: ['zookeeper-long-name', '3/3', '12d', 'zk', 'zookeeper:3.9'], object: { metadata: { name: 'zookeeper-long-name', namespace: 'infra' } } },
  ],
};

describe('formatTable', () => {
  it('prints priority-0 columns, upper-case headers, aligned with 3 spaces, last column unpadded', () => {
    assert.equal(
      formatTable(table),
      ['NAME                  READY   AGE', 'redis                 0/2     5s', 'zookeeper-long-name   3/3     12d', ''].join('\n'),
    );
  });

  it('prints every column with wide, and a NAMESPACE column first for all namespaces', () => {
    assert.equal(
      formatTable(table, { wide: true, withNamespace: true }),
      [
        'NAMESPACE   NAME                  READY   AGE   CONTAINERS   IMAGES',
        'default     redis                 0/2     5s    redis        redis:7',
        'infra       zookeeper-long-name   3/3     12d   zk           zookeeper:3.9',
        '',
      ].join('\n'),
    );
  });

  it('prefixes names with the kind when several types are printed, and can omit headers', () => {
    const out = formatTable(table, { namePrefix: 'statefulset.apps/', noHeaders: true });
    assert.equal(out.split('\n')[0], 'statefulset.apps/redis                 0/2   5s');
  });

  it('gives short columns a minimum width of 6', () => {
    const t: Table = { kind: 'Table', columnDefinitions: [{ name: 'A' }, { name: 'B' }], rows: [{ cells: ['x', 1] }] };
    assert.equal(formatTable(t), 'A     B\nx     1\n');
  });

  it('prints missing cells as <none> and other values as text', () => {
    assert.equal(formatCell(null), '<none>');
    assert.equal(formatCell(undefined), '<none>');
    assert.equal(formatCell(3), '3');
    assert.equal(formatCell(false), 'false');
    assert.equal(formatCell(['a']), '["a"]');
  });
});

describe('formatTable without a name column', () => {
  it('prefixes nothing when no column holds names', () => {
    const t: Table = { kind: 'Table', columnDefinitions: [{ name: 'Last Seen' }, { name: 'Name', format: 'name', priority: 1 }], rows: [{ cells: ['5s', 'ev1'] }] };
    assert.equal(formatTable(t, { namePrefix: 'event/' }), 'LAST SEEN\n5s\n');
  });
});
