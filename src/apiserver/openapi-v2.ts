/**
 * /openapi/v2: an empty Swagger 2.0 document (no paths, no definitions). kubectl only falls back to
 * it for kinds the v3 documents do not cover (for example a removed API version such as
 * apps/v1beta1); with nothing to look up it skips client-side validation and reports the real
 * problem ("no matches for kind ..."). client-go asks for the gnostic protobuf encoding.
 */
const requested = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const served = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function field(no: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(no << 3) | 2, payload.length]), payload]);
}

export function openApiV2(accept: string | undefined): { contentType: string; body: Buffer } {
  if (accept?.includes(requested) || accept?.includes(served)) {
    // Document{swagger=1: "2.0", info=2: Info{title=1, version=2}, paths=8: {}}
    const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from('v1.32.0'))]);
    return { contentType: served, body: Buffer.concat([field(1, Buffer.from('2.0')), field(2, info), field(8, Buffer.alloc(0))]) };
  }
  const doc = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions: {} };
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify(doc)) };
}
