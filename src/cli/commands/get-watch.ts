import { resourcePath, type JsonObject, type WatchEvent, type WatchHandle } from '../../client/index.js';
import { columnWidths, renderRows, tableStyle } from '../print/align.js';
import { formatObject, type ObjectFormat } from '../print/object-output.js';
import { isTable, tableCells, type Table, type TableOptions } from '../print/table.js';
import type { Connection } from './connection.js';
import { fetchObjects, fetchTable, tableAccept, withTypeMeta, type GetScope, type ResolvedRequest } from './get-fetch.js';
import { print, reportError } from './run-action.js';

export interface WatchOutput {
  format: 'table' | ObjectFormat;
  table: TableOptions;
  showSecrets: boolean;
}

function watchScope(req: ResolvedRequest, scope: GetScope): GetScope {
  const name = req.names[0];
  if (!name) return scope;
  const byName = `metadata.name=${name}`;
  return { ...scope, fieldSelector: scope.fieldSelector ? `${scope.fieldSelector},${byName}` : byName };
}

/** `get -w`: print what there is now, then each change until the server ends the watch. */
export async function watchAndPrint(conn: Connection, req: ResolvedRequest, scope: GetScope, out: WatchOutput): Promise<void> {
  const s = watchScope(req, scope);
  const listReq: ResolvedRequest = { resource: req.resource, names: [] };
  const ns = req.resource.namespaced ? s.namespace : undefined;
  const path = resourcePath(req.resource, { namespace: ns });
  let resourceVersion: string | undefined;
  let onEvent: (ev: WatchEvent) => void;
  if (out.format === 'table') {
    const table = (await fetchTable(conn, listReq, s)) as Table;
    resourceVersion = table.metadata?.resourceVersion;
    const { header, rows } = tableCells(table, out.table);
    const first = out.table.noHeaders ? rows : [header, ...rows];
    let widths = columnWidths(first, tableStyle);
    print(renderRows(first, widths));
    onEvent = (ev) => {
      if (!isTable(ev.object)) return;
      const cells = tableCells(ev.object, out.table).rows;
      widths = columnWidths(cells, tableStyle, widths);
      print(renderRows(cells, widths));
    };
  } else {
    const fetched = await fetchObjects(conn, listReq, s);
    resourceVersion = fetched.resourceVersion;
    const format = out.format;
    let count = 0;
    const printOne = (obj: JsonObject): void => {
      if (format === 'yaml' && count > 0) print('---\n');
      print(formatObject(withTypeMeta(obj, req.resource), format, out.showSecrets));
      count += 1;
    };
    fetched.items.forEach(printOne);
    onEvent = (ev) => printOne(ev.object as JsonObject);
  }
  // The callback can run before watch() returns its handle: keep both in one place.
  const state: { handle?: WatchHandle; failed: boolean } = { failed: false };
  const handle = await conn.client.watch(
    path,
    { accept: out.format === 'table' ? tableAccept : 'application/json', query: { labelSelector: s.labelSelector, fieldSelector: s.fieldSelector, resourceVersion, allowWatchBookmarks: 'false' } },
    (ev) => {
      if (ev.type === 'BOOKMARK' || state.failed) return;
      if (ev.type === 'ERROR') {
        const st = ev.object as { reason?: string; message?: string };
        reportError(new Error(`watch ended: ${st.reason ?? ''} ${st.message ?? ''}`.trim()));
        state.failed = true;
        state.handle?.stop();
        return;
      }
      onEvent(ev);
    },
  );
  state.handle = handle;
  if (state.failed) handle.stop();
  await handle.done;
}
