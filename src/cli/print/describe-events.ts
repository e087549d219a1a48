import { isJsonObject, type JsonObject } from '../../client/index.js';
import { alignRows, describeStyle } from './align.js';
import { ageOf } from './duration.js';

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function lastTime(e: JsonObject): string {
  const series = isJsonObject(e['series']) ? e['series'] : undefined;
  return str(series?.['lastObservedTime']) || str(e['lastTimestamp']) || str(e['eventTime']) || str(e['firstTimestamp']) || str(isJsonObject(e['metadata']) ? e['metadata']['creationTimestamp'] : '');
}

function firstTime(e: JsonObject): string {
  return str(e['firstTimestamp']) || str(e['eventTime']) || lastTime(e);
}

function ageColumn(e: JsonObject, now: Date): string {
  const count = typeof e['count'] === 'number' ? e['count'] : isJsonObject(e['series']) && typeof e['series']['count'] === 'number' ? e['series']['count'] : 1;
  const last = ageOf(lastTime(e), now);
  return count > 1 ? `${last} (x${count} over ${ageOf(firstTime(e), now)})` : last;
}

function source(e: JsonObject): string {
  const src = isJsonObject(e['source']) ? e['source'] : {};
  const component = str(src['component']) || str(e['reportingComponent']) || str(e['reportingController']);
  const host = str(src['host']);
  return host ? `${component}, ${host}` : component;
}

/** The `Events:` section of a describe view, oldest first. */
export function eventsSection(events: JsonObject[], now: Date = new Date()): string {
  if (events.length === 0) return 'Events:  <none>\n';
  const sorted = [...events].sort((a, b) => Date.parse(lastTime(a)) - Date.parse(lastTime(b)));
  const rows = [['Type', 'Reason', 'Age', 'From', 'Message'], ['----', '------', '----', '----', '-------']];
  for (const e of sorted) rows.push([str(e['type']), str(e['reason']), ageColumn(e, now), source(e), str(e['message']).trim()]);
  return 'Events:\n' + alignRows(rows, describeStyle, '  ');
}
