import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { writeSecretFile } from '../lib/secret-file.js';

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface ServingPki {
  caCert: string;
  cert: string;
  key: string;
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

/**
 * A CA and a serving certificate for the API server, made at first start under DATA_DIR/pki and
 * reused afterwards. Private keys are written 0600. ECDSA P-256: fast to make, accepted by kubectl.
 */
export async function ensureServingPki(dataDir: string, extraHosts: string[] = []): Promise<ServingPki> {
  const dir = join(dataDir, 'pki');
  const paths = { caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'apiserver.crt'), key: join(dir, 'apiserver.key') };
  if (existsSync(paths.caCert) && existsSync(paths.cert) && existsSync(paths.key)) {
    return { caCert: readFileSync(paths.caCert, 'utf8'), cert: readFileSync(paths.cert, 'utf8'), key: readFileSync(paths.key, 'utf8') };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  x509.cryptoProvider.set(webcrypto as never);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const caKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=ordinal-ca',
    keys: caKeys as never,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey as never),
    ],
  });
  const leafKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const dns = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
  const ips = ['127.0.0.1', '::1', '10.96.0.1'];
  for (const h of extraHosts) {
    if (/^[\d.]+$/.test(h) || h.includes(':')) {
      if (!ips.includes(h)) ips.push(h);
    } else if (!dns.includes(h)) dns.push(h);
  }
  const leaf = await x509.X509CertificateGenerator.create({
    subject: 'CN=ordinal-apiserver',
    issuer: ca.subject,
    publicKey: leafKeys.publicKey as never,
    signingKey: caKeys.privateKey as never,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...dns.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const out: ServingPki = { caCert: ca.toString('pem') + '\n', cert: leaf.toString('pem') + '\n', key: await exportKey(leafKeys.privateKey) };
  writeSecretFile(paths.caKey, await exportKey(caKeys.privateKey));
  writeSecretFile(paths.key, out.key);
  writeSecretFile(paths.caCert, out.caCert, 0o644);
  writeSecretFile(paths.cert, out.cert, 0o644);
  return out;
}
