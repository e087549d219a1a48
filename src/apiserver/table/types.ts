/** Shapes of the meta.k8s.io/v1 Table and the printers that fill it. */
import type { KubeObject } from '../../store/types.js';

/** A CRD's spec.versions[].additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface TableOptions {
  /** From ?includeObject=; kube-apiserver's default is Metadata. */
  includeObject: 'None' | 'Metadata' | 'Object';
  now: Date;
  /** For custom resources: the served version's additionalPrinterColumns. */
  printerColumns?: PrinterColumn[];
  /** The list's metadata; for a get, pass the object's resourceVersion here. */
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

/** metav1.TableColumnDefinition: every field is always present on the wire. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** metav1.TableRowCondition; kube-apiserver marks finished pods "Completed". */
export interface RowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export type Cell = string | number | boolean | null;

export interface TableRow {
  cells: Cell[];
  conditions?: RowCondition[];
  object?: KubeObject;
}

/** A type alias rather than an interface, so it is assignable to Record<string, unknown>. */
export type Table = {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: ColumnDefinition[];
  rows: TableRow[];
};

/**
 * Prints one kind. `cells` returns every column, wide ones included: the server always
 * sends them and kubectl hides priority > 0 columns unless asked for -o wide.
 */
export interface Printer {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: Date): Cell[];
  conditions?(obj: KubeObject): RowCondition[] | undefined;
}
