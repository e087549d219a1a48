import { isIP } from 'node:net';
import { base64ErrorOffset } from '../ajv-causes.js';
import { isDns1123Subdomain } from '../name-rules.js';

/**
 * String formats kube-apiserver checks in CRD schemas. Number formats (int32, double, ...) are not
 * checked by kube for custom resources, and unknown formats are ignored, so neither is listed here.
 */

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const goDuration = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w))+$/;

function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.getUTCDate() === Number(m[3]);
}

function isCidr(s: string): boolean {
  const [ip, bits, ...rest] = s.split('/');
  if (rest.length || ip === undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  const fam = isIP(ip);
  return fam !== 0 && Number(bits) <= (fam === 4 ? 32 : 128);
}

function isUri(s: string): boolean {
  try {
    return new URL(s).protocol.length > 0;
  } catch {
    return false;
  }
}

export const crdStringFormats: Record<string, (s: string) => boolean> = {
  byte: (s) => base64ErrorOffset(s) < 0,
  date: isValidDate,
  'date-time': (s) => rfc3339.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))),
  datetime: (s) => rfc3339.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))),
  duration: (s) => goDuration.test(s),
  uuid: (s) => uuid.test(s),
  uuid3: (s) => uuid.test(s) && s.replace(/-/g, '')[12] === '3',
  uuid4: (s) => uuid.test(s) && s.replace(/-/g, '')[12] === '4',
  uuid5: (s) => uuid.test(s) && s.replace(/-/g, '')[12] === '5',
  email: (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
  hostname: (s) => isDns1123Subdomain(s.toLowerCase()).length === 0,
  ipv4: (s) => isIP(s) === 4,
  ipv6: (s) => isIP(s) === 6,
  cidr: isCidr,
  mac: (s) => /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(s),
  uri: isUri,
  password: () => true,
};
