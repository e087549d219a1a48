/**
 * The images ordinal knows, as host programs from Debian bookworm packages.
 *
 * Matching rule (explicit, see host-image-catalog.ts): an image reference matches an entry when the
 * LAST component of its repository path equals the entry's name or one of its aliases, whatever the
 * registry, the rest of the path, the tag or the digest. So `redis`, `redis:7.0`,
 * `docker.io/library/redis:7`, `bitnami/redis` and the private mirror `harbor.frognew.com/rg/redis:1.0`
 * (seed 000) all run the host's redis-server. The host has one version of each engine; the tag is
 * not checked. `kubernetes-zookeeper` and other lookalikes do not match: their scripts are not here.
 *
 * ENTRYPOINT/CMD: images whose upstream entrypoint script only prepends the server when the first
 * argument is a flag (redis, mysql, mariadb) get the server as ENTRYPOINT and an empty CMD, so
 * `args: ["--port", "7000"]` and `args: ["/etc/redis/redis.conf"]` behave as upstream. Differences:
 * `args: ["redis-server", ...]` (a program as the first arg) runs `redis-server redis-server ...`,
 * and no entrypoint script initialises a MySQL data directory. etcd and busybox have no ENTRYPOINT
 * upstream either, so they are exact.
 */
import type { HostImage } from './types.js';

/** A Docker-like default PATH that includes sbin, where Debian puts mariadbd. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const ZOOKEEPER_MAIN = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';

export interface KnownImage {
  image: HostImage;
  aliases: string[];
}

function hostImage(name: string, fields: Omit<HostImage, 'name' | 'env'> & { env?: Record<string, string> }): HostImage {
  return { name, ...fields, env: { PATH: DEFAULT_PATH, ...(fields.env ?? {}) } };
}

const redis = hostImage('redis', {
  entrypoint: ['redis-server'],
  cmd: [],
  workingDir: '/data',
  requires: [{ kind: 'binary', name: 'redis-server', package: 'redis-server' }],
  notes: 'upstream ENTRYPOINT docker-entrypoint.sh + CMD redis-server; here ENTRYPOINT redis-server',
});

const mariadb = hostImage('mariadb', {
  entrypoint: ['mariadbd'],
  cmd: [],
  workingDir: '',
  requires: [{ kind: 'binary', name: 'mariadbd', package: 'mariadb-server' }],
  notes: 'MariaDB 10.11 from Debian serves mysql images too; no data directory initialisation',
});

const zookeeper = hostImage('zookeeper', {
  entrypoint: [],
  cmd: ['java', '-cp', '/conf:/usr/share/java/*', ZOOKEEPER_MAIN, '/conf/zoo.cfg'],
  workingDir: '',
  env: { ZOO_CONF_DIR: '/conf', ZOO_DATA_DIR: '/data', ZOO_DATA_LOG_DIR: '/datalog' },
  requires: [
    { kind: 'binary', name: 'java', package: 'default-jre-headless' },
    { kind: 'file', path: '/usr/share/java/zookeeper.jar', package: 'zookeeper' },
  ],
  notes: 'upstream CMD zkServer.sh start-foreground; here QuorumPeerMain with the jars of /usr/share/java and /conf/zoo.cfg',
});

const etcd = hostImage('etcd', {
  entrypoint: [],
  cmd: ['etcd'],
  workingDir: '',
  requires: [{ kind: 'binary', name: 'etcd', package: 'etcd-server' }],
  notes: 'etcd 3.4 from Debian, whatever the tag',
});

const busybox = hostImage('busybox', {
  entrypoint: [],
  cmd: ['sh'],
  workingDir: '',
  requires: [{ kind: 'binary', name: 'sh', package: 'dash' }],
  notes: 'the host sh and coreutils stand in for busybox applets',
});

const pause = hostImage('pause', {
  entrypoint: ['sleep', 'infinity'],
  cmd: [],
  workingDir: '',
  requires: [{ kind: 'binary', name: 'sleep', package: 'coreutils' }],
  notes: 'upstream ENTRYPOINT /pause (sleeps until signalled); here sleep infinity',
});

export const KNOWN_IMAGES: readonly KnownImage[] = [
  { image: redis, aliases: [] },
  { image: mariadb, aliases: ['mysql'] },
  { image: zookeeper, aliases: [] },
  { image: etcd, aliases: [] },
  { image: busybox, aliases: [] },
  { image: pause, aliases: [] },
];
