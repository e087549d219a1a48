export { buildTable } from './build-table.js';
export { humanDuration, since } from './duration.js';
export { evaluateJsonPath, JsonPathError, parseJsonPath, type JsonPath } from './jsonpath.js';
export { printerFor } from './printers.js';
export type { Cell, ColumnDefinition, Printer, PrinterColumn, RowCondition, Table, TableOptions, TableRow } from './types.js';
