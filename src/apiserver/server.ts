import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../lib/log.js';
import { writeSecretFile } from '../lib/secret-file.js';
import { SqliteStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { ensureToken } from './auth.js';
import { bootstrapObjects, syncCustomResourceDefinitions } from './bootstrap.js';
import type { ResourceHandlerHooks } from './http/resource-handler.js';
import { createRouter } from './http/router.js';
import { writeKubeconfig } from './kubeconfig.js';
import { NamespaceFinalizer } from './namespace-finalizer.js';
import { handleStreamUpgrade, proxyPodLogs } from './node-proxy/index.js';
import { ensureServingPki } from './pki.js';
import { ResourceRegistry } from './registry/resource-registry.js';
import type { ApiContext } from './rest/context.js';

export interface ApiServerOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log: Logger;
  sync?: 'normal' | 'full';
  serviceCidr?: string;
  /** Every interval the change log is compacted to the revision seen at the previous tick. */
  compactionIntervalMs?: number;
  now?: () => Date;
  hooks?: ResourceHandlerHooks;
}

export interface RunningApiServer {
  url: string;
  kubeconfigPath: string;
  context: ApiContext;
  stop(): Promise<void>;
}

/**
 * The embedded control plane's API: HTTPS, bearer token, SQLite store. Once listening it writes
 * DATA_DIR/kubeconfig and DATA_DIR/apiserver.json ({pid, url}), removed again on a clean stop.
 */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const { dataDir, log } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const host = options.host ?? '127.0.0.1';
  const store: Store = new SqliteStore({ path: join(dataDir, 'state.db'), sync: options.sync ?? 'normal' });
  const pki = await ensureServingPki(dataDir, [host]);
  const token = ensureToken(dataDir);
  const ctx: ApiContext = {
    store,
    registry: new ResourceRegistry(),
    log,
    now: options.now ?? (() => new Date()),
    newUid: randomUUID,
    serviceCidr: options.serviceCidr ?? '10.96.0.0/16',
  };
  const stopCrdSync = syncCustomResourceDefinitions(ctx);
  bootstrapObjects(ctx);
  const nsFinalizer = new NamespaceFinalizer(ctx);
  nsFinalizer.start();

  let url = '';
  let ready = false;
  const router = createRouter(ctx, { token, serverAddress: () => url.replace(/^https:\/\//, ''), ready: () => ready, hooks: { podLogs: proxyPodLogs(ctx, token), ...options.hooks } });
  const server: Server = createServer({ key: pki.key, cert: pki.cert, ca: pki.caCert }, (req, res) => void router(req, res));
  server.keepAliveTimeout = 65_000;
  // pods/exec: WebSocket upgrades proxied to the node agent's kubelet server
  server.on('upgrade', handleStreamUpgrade(ctx, token));
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 6443, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  url = `https://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  const kubeconfigPath = join(dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, { server: url, caCert: pki.caCert, token });
  const statePath = join(dataDir, 'apiserver.json');
  writeSecretFile(statePath, JSON.stringify({ pid: process.pid, url, startedAt: new Date().toISOString() }) + '\n', 0o644);

  let lastSeen = store.currentRevision();
  const compaction = setInterval(() => {
    store.compact(lastSeen);
    lastSeen = store.currentRevision();
  }, options.compactionIntervalMs ?? 5 * 60_000);
  compaction.unref();
  ready = true;
  log.info({ url, dataDir, revision: store.currentRevision() }, 'API server listening');

  return {
    url,
    kubeconfigPath,
    context: ctx,
    async stop() {
      ready = false;
      clearInterval(compaction);
      nsFinalizer.stop();
      stopCrdSync();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      store.close();
      rmSync(statePath, { force: true });
      log.info('API server stopped');
    },
  };
}
