/**
 * The start scripts of the Redis and Sentinel containers (POSIX sh, run as `sh -c`). They write the
 * runtime config into an emptyDir (the password comes from the environment, never from argv), and
 * ask the Sentinels who the master is: a restarted pod never starts as master blindly.
 */
import { namesOf, REDIS_PORT, SENTINEL_PORT, type ResolvedSpec } from './kind.js';
import { authConfLines } from '../redis/index.js';

export const CONF_DIR = '/etc/redis-conf';
export const RUN_DIR = '/etc/redis-run';
export const DATA_DIR = '/data';
export const SENTINEL_DIR = '/sentinel';

/** A shell fragment: MASTER=<host> from the first Sentinel that names a master (empty if none). */
function askSentinels(spec: ResolvedSpec, skipSelf: boolean): string {
  const n = namesOf(spec);
  const hosts = Array.from({ length: spec.sentinel.replicas }, (_, i) => n.sentinelHost(i)).join(' ');
  return [
    'MASTER=""',
    `for S in ${hosts}; do`,
    ...(skipSelf ? ['  [ "$S" = "$FQDN" ] && continue'] : []),
    `  M=$(timeout 3 redis-cli --no-auth-warning -h "$S" -p ${SENTINEL_PORT} --raw sentinel get-master-addr-by-name ${n.masterName} 2>/dev/null | head -n 1)`,
    '  case "$M" in ""|*ERR*|*rror*) ;; *) MASTER="$M"; break;; esac',
    'done',
  ].join('\n');
}

/**
 * Redis: asks the Sentinels for the master. Another pod -> replica of it. This pod -> it was the
 * master and restarted: wait (closed port) until Sentinel fails over to a replica, then join as a
 * replica; if nobody takes over in time (no replica to promote), start as master with its data.
 * No Sentinel knows a master (bootstrap) -> pod 0 is master, the others replicate pod 0.
 */
export function redisStartScript(spec: ResolvedSpec): string {
  const n = namesOf(spec);
  // Sentinel retries a failover that did not complete (a split vote, or no good replica yet) only
  // after 2 x failover-timeout, and a Sentinel in TILT mode (its clock or event loop jumped > 2 s -
  // seen when all three were blocked a few seconds right after the master's pod went) does nothing
  // for 30 s: wait past both before concluding that nobody will take over
  const waitSeconds = Math.ceil((2 * spec.sentinel.downAfterMilliseconds + 2 * spec.sentinel.failoverTimeout) / 1000) + 30 + 10;
  return [
    'set -u',
    `FQDN="$POD_NAME.${n.redis}.${spec.namespace}.svc.cluster.local"`,
    askSentinels(spec, false),
    // a pod with data restarted: it must learn the master from Sentinel (DNS or the Sentinels may
    // need a moment); only an empty pod may fall back to the bootstrap layout
    `if [ -z "$MASTER" ] && { [ -e ${DATA_DIR}/appendonlydir ] || [ -e ${DATA_DIR}/dump.rdb ]; }; then`,
    '  for TRY in $(seq 1 60); do',
    '    sleep 1',
    `  ${askSentinels(spec, false).split('\n').join('\n  ')}`,
    '    [ -n "$MASTER" ] && break',
    '  done',
    '  [ -z "$MASTER" ] && echo "no Sentinel answered in 60 s: falling back to the bootstrap layout"',
    'fi',
    `if [ "$MASTER" = "$FQDN" ] && [ ${spec.replicas} -gt 1 ]; then`,
    '  echo "Sentinel names this pod as master: waiting for a failover before starting"',
    `  END=$(( $(date +%s) + ${waitSeconds} ))`,
    '  while [ "$(date +%s)" -lt "$END" ]; do',
    '    sleep 1',
    `  ${askSentinels(spec, false).split('\n').join('\n  ')}`,
    '    [ -n "$MASTER" ] && [ "$MASTER" != "$FQDN" ] && break',
    '  done',
    '  [ -z "$MASTER" ] && MASTER="$FQDN"',
    'fi',
    `if [ -z "$MASTER" ]; then`,
    `  if [ "$POD_NAME" = "${n.redis}-0" ]; then MASTER="$FQDN"; else MASTER="${n.redisHost(0)}"; fi`,
    'fi',
    `mkdir -p ${RUN_DIR} ${DATA_DIR}`,
    `CONF=${RUN_DIR}/redis.conf`,
    `: > "$CONF"; chmod 600 "$CONF"`,
    `echo "include ${CONF_DIR}/redis.conf" >> "$CONF"`,
    ...authConfLines('$CONF'),
    'echo "replica-announce-ip $FQDN" >> "$CONF"',
    'if [ "$MASTER" = "$FQDN" ]; then',
    '  echo "starting as master"',
    'else',
    '  echo "starting as a replica of $MASTER"',
    `  echo "replicaof $MASTER ${REDIS_PORT}" >> "$CONF"`,
    'fi',
    'exec redis-server "$CONF"',
  ].join('\n');
}

/**
 * Sentinel: a fresh config at every start (Sentinel rewrites it), a stable myid derived from the pod
 * name, hostnames for every address, and the master the other Sentinels know (pod 0 at bootstrap).
 */
export function sentinelStartScript(spec: ResolvedSpec): string {
  const n = namesOf(spec);
  const s = spec.sentinel;
  return [
    'set -u',
    `FQDN="$POD_NAME.${n.sentinel}.${spec.namespace}.svc.cluster.local"`,
    askSentinels(spec, true),
    `[ -z "$MASTER" ] && MASTER="${n.redisHost(0)}"`,
    // Sentinel refuses to start when the master's name does not resolve yet
    'for I in $(seq 1 120); do getent hosts "$MASTER" >/dev/null 2>&1 && break; sleep 1; done',
    `mkdir -p ${SENTINEL_DIR}`,
    `CONF=${SENTINEL_DIR}/sentinel.conf`,
    `: > "$CONF"; chmod 600 "$CONF"`,
    'PASS=$(printf %s "$REDIS_PASSWORD" | sed \'s/\\\\/\\\\\\\\/g; s/"/\\\\"/g\')',
    'MYID=$(printf %s "$POD_NAME" | sha1sum | cut -c1-40)',
    'cat >> "$CONF" <<CONF',
    `port ${SENTINEL_PORT}`,
    'bind 0.0.0.0',
    'protected-mode no',
    `dir ${SENTINEL_DIR}`,
    'sentinel myid $MYID',
    'sentinel resolve-hostnames yes',
    'sentinel announce-hostnames yes',
    'sentinel announce-ip $FQDN',
    `sentinel monitor ${n.masterName} $MASTER ${REDIS_PORT} ${s.quorum}`,
    `sentinel down-after-milliseconds ${n.masterName} ${s.downAfterMilliseconds}`,
    `sentinel failover-timeout ${n.masterName} ${s.failoverTimeout}`,
    `sentinel parallel-syncs ${n.masterName} 1`,
    'CONF',
    `printf 'sentinel auth-pass ${n.masterName} "%s"\\n' "$PASS" >> "$CONF"`,
    'echo "monitoring $MASTER"',
    'exec redis-sentinel "$CONF"',
  ].join('\n');
}
