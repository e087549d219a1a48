import type { IncomingMessage } from 'node:http';

export interface TableRequest {
  includeObject: 'None' | 'Metadata' | 'Object';
}

/** kubectl asks for server-side printing with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. */
export function wantsTable(req: IncomingMessage, query: URLSearchParams): TableRequest | undefined {
  const accept = req.headers.accept ?? '';
  const wants = accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io');
  });
  if (!wants) return undefined;
  const io = query.get('includeObject');
  return { includeObject: io === 'None' || io === 'Object' ? io : 'Metadata' };
}
