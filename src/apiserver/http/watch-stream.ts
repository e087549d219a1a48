import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, OrdinalError } from '../../lib/errors.js';
import { storeErrorCodes, type KubeObject, type StoreEvent } from '../../store/types.js';
import { listPrefix } from '../object-key.js';
import { apiVersionOf, type ResourceInfo } from '../registry/types.js';
import type { ApiContext } from '../rest/context.js';
import { asVersion } from '../rest/read.js';
import { parseSelection, type Selection } from '../rest/selection.js';
import { statusBody } from './respond.js';

/** How each event's object is rendered: plain JSON, or a Table row for kubectl get -w. */
export type EventRenderer = (obj: KubeObject) => KubeObject | string;

const maxBufferedBytes = 16 * 1024 * 1024;

/** The wire line of an event, built once and shared by every plain watcher of it. */
const lines = new WeakMap<StoreEvent, string>();
function plainLine(ev: StoreEvent): string {
  let line = lines.get(ev);
  if (line === undefined) {
    line = `{"type":"${ev.type}","object":${ev.json}}\n`;
    lines.set(ev, line);
  }
  return line;
}
const bookmarkIntervalMs = 15_000;

/**
 * A watch over a collection: replay from resourceVersion (or the current state as ADDED events when
 * none is given), then live events, in revision order, each exactly once. Label/field selectors turn
 * an object leaving the selection into DELETED and one entering it into ADDED, as the watch cache does.
 */
export function serveWatch(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, query: URLSearchParams, req: IncomingMessage, res: ServerResponse, render: EventRenderer | undefined): void {
  const selection = parseSelection(info, query);
  // Start from committed state only: anything still in the open write batch arrives as live events.
  ctx.store.afterCommit(() => {
    if (!res.destroyed) startWatch(ctx, info, namespace, query, req, res, render, selection);
  });
}

function startWatch(ctx: ApiContext, info: ResourceInfo, namespace: string | undefined, query: URLSearchParams, req: IncomingMessage, res: ServerResponse, render: EventRenderer | undefined, selection: Selection): void {
  const rvParam = query.get('resourceVersion') ?? '';
  const bookmarks = query.get('allowWatchBookmarks') === 'true' || query.get('allowWatchBookmarks') === '1';
  const sendInitial = query.get('sendInitialEvents') === 'true';
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '') || 1800 * (1 + Math.random());
  const prefix = listPrefix(info, namespace);
  const relabel = info.custom;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let closed = false;
  let queued = '';
  let unsubscribe: (() => void) | undefined;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;
  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    clearInterval(bookmarkTimer);
    clearTimeout(timeoutTimer);
    if (!res.writableEnded && !res.destroyed) res.end(queued); // what is still queued (an ERROR event) goes out first
    queued = '';
  };

  // Lines are queued and written once per turn: a commit that publishes N events costs one write
  // (one TLS record) per watcher instead of N.
  const flush = (): void => {
    if (closed || queued === '') return;
    const chunk = queued;
    queued = '';
    res.write(chunk);
    if (res.writableLength > maxBufferedBytes) {
      // A consumer this slow is dropped; it resumes from its last resourceVersion like any client.
      ctx.log.warn({ resource: info.resource, buffered: res.writableLength }, 'dropping slow watcher');
      res.destroy();
      cleanup();
    }
  };
  const writeLine = (line: string): void => {
    if (closed) return;
    if (queued === '') setImmediate(flush);
    queued += line;
  };
  const write = (type: string, obj: KubeObject | string): void => {
    writeLine(`{"type":"${type}","object":${typeof obj === 'string' ? obj : JSON.stringify(obj)}}\n`);
  };

  const emit = (type: string, json: string | undefined, parsed?: KubeObject): void => {
    if (!render && !relabel) {
      write(type, json ?? JSON.stringify(parsed));
      return;
    }
    const obj = asVersion(info, parsed ?? (JSON.parse(json ?? 'null') as KubeObject));
    write(type, render ? render(obj) : obj);
  };

  const onEvent = (ev: StoreEvent): void => {
    if (selection.empty) {
      if (!render && !relabel) writeLine(plainLine(ev));
      else emit(ev.type, ev.json);
      return;
    }
    const obj = JSON.parse(ev.json) as KubeObject;
    const now = selection.matches(obj);
    if (ev.type !== 'MODIFIED') {
      if (now) emit(ev.type, ev.json, obj);
      return;
    }
    const before = ev.prevJson !== undefined && selection.matches(JSON.parse(ev.prevJson) as KubeObject);
    if (now && before) emit('MODIFIED', ev.json, obj);
    else if (now) emit('ADDED', ev.json, obj);
    else if (before) emit('DELETED', ev.json, obj);
  };

  const bookmark = (annotations?: Record<string, string>): void => {
    write('BOOKMARK', { kind: info.kind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(ctx.store.currentRevision()), ...(annotations ? { annotations } : {}) } });
  };

  try {
    if (rvParam === '' || rvParam === '0' || sendInitial) {
      const from = ctx.store.currentRevision();
      for (const item of ctx.store.list(prefix).items) {
        if (selection.empty || selection.matches(item.value)) emit('ADDED', undefined, item.value);
      }
      if (sendInitial && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
      unsubscribe = ctx.store.watch(prefix, from, onEvent);
    } else {
      const from = Number(rvParam);
      if (!Number.isInteger(from) || from < 0) throw new ApiError('E_BAD_REQUEST', 400, 'BadRequest', `resourceVersion: Invalid value: "${rvParam}"`);
      unsubscribe = ctx.store.watch(prefix, from, onEvent);
    }
  } catch (e) {
    const err = e instanceof OrdinalError && e.code === storeErrorCodes.compacted
      ? new ApiError('E_GONE', 410, 'Expired', e.message)
      : e instanceof ApiError ? e : new ApiError('E_INTERNAL', 500, 'InternalError', 'watch failed');
    write('ERROR', statusBody(err));
    cleanup();
    return;
  }

  bookmarkTimer = setInterval(() => bookmarks && bookmark(), bookmarkIntervalMs);
  timeoutTimer = setTimeout(cleanup, timeoutSeconds * 1000);
  req.on('close', cleanup);
  res.on('close', cleanup);
  res.on('error', cleanup);
}
