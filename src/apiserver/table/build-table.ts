/** Turns a list (or one object) into the meta.k8s.io/v1 Table kubectl asks for with `Accept: ...;as=Table`. */
import type { KubeObject } from '../../store/types.js';
import { apiVersionOf, type ResourceInfo } from '../registry/types.js';
import { printerFor } from './printers.js';
import type { Table, TableOptions, TableRow } from './types.js';

function rowObject(info: ResourceInfo, obj: KubeObject, includeObject: TableOptions['includeObject']): KubeObject | undefined {
  switch (includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      return { ...obj, apiVersion: obj['apiVersion'] ?? apiVersionOf(info), kind: obj['kind'] ?? info.kind };
    default:
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj['metadata'] ?? {} };
  }
}

function listMetadata(listMeta: TableOptions['listMeta']): Table['metadata'] {
  const out: Table['metadata'] = {};
  if (listMeta?.resourceVersion !== undefined) out.resourceVersion = listMeta.resourceVersion;
  if (listMeta?.continue) out.continue = listMeta.continue;
  if (listMeta?.remainingItemCount !== undefined) out.remainingItemCount = listMeta.remainingItemCount;
  return out;
}

/**
 * Builds the Table for `objects` of one resource. Every column is included, wide ones too;
 * kubectl shows priority > 0 columns only with -o wide. Row objects share structure with the
 * input objects (nothing is copied deeply), so serialise the result before changing them.
 */
export function buildTable(info: ResourceInfo, objects: KubeObject[], options: TableOptions): Table {
  const printer = printerFor(info, options.printerColumns);
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, options.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    const object = rowObject(info, obj, options.includeObject);
    if (object) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata(options.listMeta),
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
