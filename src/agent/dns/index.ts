export { ClusterDnsRecords, buildClusterDnsRecords, endpointHostname, isHeadless, normalizeName } from './cluster-dns-records.js';
export { DnsServer, type DnsServerDeps, type DnsServerOptions } from './dns-server.js';
export { DnsFormatError, decodeMessage, readName } from './decode.js';
export { encodeMessage } from './encode.js';
export { respond, answerQuestion, type RespondOptions } from './responder.js';
export * from './message.js';
export * from './types.js';
