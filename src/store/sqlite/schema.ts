/** Tables of the SQLite store. The change log's primary key is the global revision. */
export const schemaSql = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  rev INTEGER NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log (
  rev INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  type INTEGER NOT NULL,
  value TEXT NOT NULL,
  prev_rev INTEGER
);
CREATE TABLE IF NOT EXISTS meta (
  k TEXT PRIMARY KEY,
  v INTEGER NOT NULL
) WITHOUT ROWID;
`;

export const eventTypeCodes = { ADDED: 0, MODIFIED: 1, DELETED: 2 } as const;
export const eventTypeNames = ['ADDED', 'MODIFIED', 'DELETED'] as const;
