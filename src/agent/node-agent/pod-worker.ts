/**
 * One pod on one node, as a kubelet's pod worker runs it: sandbox (network namespace, pod files,
 * volumes), init containers in order, then the containers with restarts, back-off, probes and
 * lifecycle hooks; the status is posted when it changes. Termination runs preStop, SIGTERM, waits
 * the grace period, SIGKILLs, and releases the RBD images and the network.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeObject } from '../../controllers/runtime/types.js';
import { isPodInputError, resolveContainerEnv } from '../env/index.js';
import { isImageFound, resolveCommand } from '../images/index.js';
import type { PodAttachment } from '../network/index.js';
import { hostsFile, podHostname, resolvConf } from '../pod-files/index.js';
import type { ExecProcess, SandboxMount } from '../sandbox/types.js';
import { StreamError, type ContainerLogRef } from '../streaming/types.js';
import { containerMounts, prepareVolumes, refreshVolumes, type PreparedVolumes } from '../volumes/index.js';
import { ContainerRecord, type RunningInstance } from './container-record.js';
import { backoffMessage, nextBackoff, remainingBackoff } from './crash-backoff.js';
import { buildPodStatus, kubeTime, statusHeld, type ObservedPod } from './pod-status.js';
import { startProbes, runLifecycleHandler, type ProbeTargetFactory } from './probe-wiring.js';
import type { PodWorkerDeps } from './types.js';

const VOLUME_REFRESH_MS = 10_000;
type Spec = KubeObject;

export class PodWorker {
  readonly uid: string;
  private pod: KubeObject;
  private readonly podDir: string;
  private attachment: PodAttachment | undefined;
  private volumes: PreparedVolumes | undefined;
  private sandboxProblem: string | undefined;
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly inits = new Map<string, ContainerRecord>();
  private terminating: Promise<void> | undefined;
  private startTime: string | undefined;
  private lastRefresh = 0;
  private finished = false;

  constructor(pod: KubeObject, private readonly deps: PodWorkerDeps, private readonly enqueue: () => void) {
    this.pod = pod;
    this.uid = pod['metadata'].uid;
    this.podDir = join(deps.podsDir, this.uid);
    const previous: KubeObject[] = [...(pod['status']?.containerStatuses ?? []), ...(pod['status']?.initContainerStatuses ?? [])];
    for (const [list, map] of [[pod['spec'].initContainers ?? [], this.inits], [pod['spec'].containers ?? [], this.containers]] as const) {
      for (const c of list as Spec[]) {
        const rec = new ContainerRecord(c['name'], c['image']);
        // a pod that ran before (agent or node restart): its containers count as restarted
        const prior = previous.find((s) => s['name'] === c['name']);
        if (prior && (prior['state']?.running || prior['state']?.terminated || prior['lastState']?.terminated)) {
          rec.restartCount = prior['restartCount'] ?? 0;
          rec.instances = rec.restartCount + 1;
          rec.lastTerminated = prior['state']?.terminated ? { terminated: prior['state'].terminated } : prior['lastState']?.terminated ? { terminated: prior['lastState'].terminated } : undefined;
          if (prior['state']?.terminated && map === this.inits && prior['state'].terminated.exitCode === 0) rec.done = true;
        }
        map.set(c['name'], rec);
      }
    }
  }

  get namespace(): string {
    return this.pod['metadata'].namespace;
  }
  get name(): string {
    return this.pod['metadata'].name;
  }
  isTerminating(): boolean {
    return this.terminating !== undefined;
  }
  terminationGracePeriod(): number {
    return Number(this.pod['spec']?.terminationGracePeriodSeconds ?? 30);
  }
  /** Every container has stopped and the network is released. */
  isFinished(): boolean {
    return this.finished;
  }

  /** Brings the pod towards running; returns when to look again (ms), if something waits on time. */
  async sync(pod: KubeObject): Promise<number | undefined> {
    this.pod = pod;
    if (this.terminating) return undefined;
    const now = this.deps.now();
    this.startTime ??= pod['status']?.startTime ?? kubeTime(now);
    if (!(await this.ensureSandbox())) {
      await this.postStatus();
      return 3000;
    }
    this.refreshVolumesIfDue(now.getTime());
    let wake: number | undefined;
    const min = (ms: number | undefined): void => {
      if (ms !== undefined) wake = wake === undefined ? ms : Math.min(wake, ms);
    };
    const initDone = await this.runInitContainers(min);
    if (initDone) {
      for (const spec of pod['spec'].containers as Spec[]) {
        const rec = this.containers.get(spec['name']);
        if (rec) min(await this.ensureContainer(rec, spec, false));
      }
    }
    await this.postStatus();
    return wake;
  }

  /** Graceful stop: preStop hooks, SIGTERM, the grace period, SIGKILL; then the network goes. */
  terminate(graceSeconds: number): Promise<void> {
    const deadline = Date.now() + Math.max(0, graceSeconds) * 1000;
    return this.stopAll(async (rec, inst) => {
      const spec = this.specOf(rec.name);
      const preStop = spec?.['lifecycle']?.preStop;
      if (preStop) {
        const timeout = sleep(Math.max(0, deadline - Date.now()), 'timeout', { ref: false });
        const outcome = await Promise.race([runLifecycleHandler(preStop, this.target(inst, spec)), timeout]);
        if (outcome !== 'ok') this.event('Warning', 'FailedPreStopHook', `PreStopHook failed: ${outcome}`);
      }
      this.event('Normal', 'Killing', `Stopping container ${rec.name}`);
      await this.deps.sandbox.stop(inst.container, Math.max(0, deadline - Date.now()));
    });
  }

  /** A power cut: SIGKILL every container, no hooks, no status. */
  kill(): Promise<void> {
    return this.stopAll((_rec, inst) => this.deps.sandbox.stop(inst.container, 0).then(() => undefined));
  }

  /** Stops every running container with `stopOne` (once per pod), then releases the network. */
  private stopAll(stopOne: (rec: ContainerRecord, inst: RunningInstance) => Promise<void>): Promise<void> {
    this.terminating ??= (async () => {
      const all = [...this.inits.values(), ...this.containers.values()];
      await Promise.all(all.map(async (rec) => {
        const inst = rec.running;
        if (!inst) return;
        inst.stopping = true;
        for (const p of inst.probes) p.stop();
        await stopOne(rec, inst);
      }));
      await this.releaseVolumes();
      await this.releaseNetwork();
      this.finished = true;
    })();
    return this.terminating;
  }

  /** Removes what the pod left on disk (logs, writable layers, projected volumes). Claims stay. */
  removeFiles(): void {
    rmSync(this.podDir, { recursive: true, force: true });
  }

  containerLog(container: string, previous: boolean): ContainerLogRef {
    const rec = this.pick(container);
    if (previous) {
      if (!rec.previousLogPath) throw new StreamError(400, `previous terminated container "${rec.name}" in pod "${this.name}" not found`);
      return { path: rec.previousLogPath, isRunning: () => false };
    }
    const inst = rec.running;
    if (inst) return { path: inst.logPath, isRunning: () => rec.running === inst };
    if (rec.previousLogPath) return { path: rec.previousLogPath, isRunning: () => false };
    throw new StreamError(400, `container "${rec.name}" in pod "${this.name}" is waiting to start: ${rec.waiting?.reason ?? 'ContainerCreating'}`);
  }

  exec(container: string, command: string[], tty: boolean): ExecProcess {
    const rec = this.pick(container);
    const inst = rec.running;
    if (!inst) throw new StreamError(400, `container ${rec.name} is not running in pod ${this.name}`);
    return this.deps.sandbox.exec(inst.container, { command, env: inst.env, workingDir: inst.workingDir, tty });
  }

  private pick(container: string): ContainerRecord {
    const all = [...this.containers.values(), ...this.inits.values()];
    if (!container) {
      if (this.containers.size === 1) return [...this.containers.values()][0]!;
      throw new StreamError(400, `a container name must be specified for pod ${this.name}, choose one of: [${[...this.containers.keys()].join(' ')}]`);
    }
    const rec = all.find((r) => r.name === container);
    if (!rec) throw new StreamError(400, `container ${container} is not valid for pod ${this.name}`);
    return rec;
  }

  private specOf(name: string): Spec | undefined {
    const spec = this.pod['spec'];
    return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].find((c: Spec) => c['name'] === name);
  }

  private hostNetwork(): boolean {
    return this.pod['spec']?.hostNetwork === true;
  }

  private podIP(): string | undefined {
    return this.hostNetwork() ? this.deps.hostIP : this.attachment?.ip;
  }

  private async ensureSandbox(): Promise<boolean> {
    if (this.volumes && (this.attachment || this.hostNetwork())) return true;
    try {
      mkdirSync(this.podDir, { recursive: true, mode: 0o700 });
      if (!this.attachment && !this.hostNetwork()) this.attachment = await this.deps.network.attach(this.uid);
      const ip = this.podIP()!;
      writeFileSync(join(this.podDir, 'etc-hosts'), hostsFile(this.pod, ip));
      writeFileSync(join(this.podDir, 'resolv.conf'), resolvConf(this.pod, { nameserver: this.deps.dns.nameserver, zone: this.deps.dns.zone }));
      writeFileSync(join(this.podDir, 'hostname'), `${podHostname(this.pod, this.deps.dns.zone).containerHostname}\n`);
      this.volumes = await prepareVolumes(this.pod, this.podDir, this.deps.source, this.facts(), this.deps.rbd ? {
        rbd: { attacher: this.deps.rbd, nodeName: this.deps.nodeName, event: (type, reason, message) => this.event(type, reason, message) },
      } : {});
      this.lastRefresh = Date.now();
      this.sandboxProblem = undefined;
      return true;
    } catch (err) {
      const input = isPodInputError(err) ? err : undefined;
      const message = input?.message ?? (err as Error).message;
      if (message !== this.sandboxProblem) {
        this.event('Warning', input?.reason ?? 'FailedCreatePodSandBox', message);
        this.deps.log.warn({ pod: `${this.namespace}/${this.name}`, reason: input?.reason, message }, 'pod sandbox not ready');
      }
      this.sandboxProblem = message;
      return false;
    }
  }

  /** configMap, secret and downward API volumes follow their sources (like the kubelet's periodic sync). */
  private refreshVolumesIfDue(now: number): void {
    if (!this.volumes || now - this.lastRefresh < VOLUME_REFRESH_MS) return;
    this.lastRefresh = now;
    refreshVolumes(this.pod, this.podDir, this.deps.source, this.facts()).then((r) => {
      for (const f of r.failures) this.event('Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${f.volume}" : ${f.error.message}`);
    }, (err: unknown) => this.deps.log.debug({ err: (err as Error).message }, 'volume refresh failed'));
  }

  private facts(): { podIP: string; podIPs: string[]; hostIP: string; nodeName: string; serviceAccountName: string } {
    const ip = this.podIP() ?? '';
    return { podIP: ip, podIPs: ip ? [ip] : [], hostIP: this.deps.hostIP, nodeName: this.deps.nodeName, serviceAccountName: this.pod['spec']?.serviceAccountName ?? 'default' };
  }

  /** Runs init containers one at a time; true when all completed. */
  private async runInitContainers(min: (ms: number | undefined) => void): Promise<boolean> {
    for (const spec of (this.pod['spec'].initContainers ?? []) as Spec[]) {
      const rec = this.inits.get(spec['name']);
      if (!rec) continue;
      if (rec.done) continue;
      if (rec.running) return false;
      const last = rec.lastTerminated && 'terminated' in rec.lastTerminated ? rec.lastTerminated.terminated : undefined;
      if (last && last.exitCode === 0 && rec.instances > 0) {
        rec.done = true;
        continue;
      }
      min(await this.ensureContainer(rec, spec, true));
      return false;
    }
    return true;
  }

  /** Starts the container if it should run now; returns ms until it should be looked at again. */
  private async ensureContainer(rec: ContainerRecord, spec: Spec, init: boolean): Promise<number | undefined> {
    if (rec.running || rec.done || this.terminating) return undefined;
    const now = Date.now();
    const policy: string = this.pod['spec'].restartPolicy ?? 'Always';
    if (rec.instances > 0 && rec.lastTerminated && 'terminated' in rec.lastTerminated) {
      const exitCode = rec.lastTerminated.terminated.exitCode;
      const restart = init ? policy !== 'Never' || exitCode === 0 : policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
      if (!restart) {
        rec.done = true;
        return undefined;
      }
      const left = remainingBackoff(rec.backoff, now);
      if (left > 0) {
        rec.waiting = { reason: 'CrashLoopBackOff', message: backoffMessage(rec.backoff!.delayMs, rec.name, this.name, this.namespace, this.uid) };
        return left;
      }
    }
    const image = this.deps.images.resolve(spec['image']);
    if (!isImageFound(image)) {
      const left = remainingBackoff(rec.imageBackoff, now);
      if (left > 0) {
        if (rec.waiting?.reason !== 'ImagePullBackOff') {
          this.event('Normal', 'BackOff', `Back-off pulling image "${spec['image']}"`);
          this.event('Warning', 'Failed', 'Error: ImagePullBackOff');
        }
        rec.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${spec['image']}": ${image.message}` };
        return left;
      }
      rec.imageBackoff = nextBackoff(rec.imageBackoff, now, 0);
      rec.waiting = { reason: image.kind, message: image.message };
      this.event('Normal', 'Pulling', `Pulling image "${spec['image']}"`);
      this.event('Warning', 'Failed', `Failed to pull image "${spec['image']}": ${image.message}`);
      this.event('Warning', 'Failed', `Error: ${image.kind}`);
      return remainingBackoff(rec.imageBackoff, now);
    }
    rec.imageBackoff = undefined;
    let env: Record<string, string>;
    let mounts: SandboxMount[];
    try {
      env = resolveContainerEnv(this.pod, spec, image.image.env, this.deps.source, this.facts());
      mounts = [...containerMounts(this.pod, spec, this.volumes!, env), ...this.podFileMounts(spec)];
    } catch (err) {
      const input = isPodInputError(err) ? err : undefined;
      if (!input) throw err;
      if (rec.waiting?.message !== input.message) this.event('Warning', 'Failed', `Error: ${input.message}`);
      rec.waiting = { reason: input.reason, message: input.message };
      return 5000;
    }
    const command = resolveCommand(spec, image.image, env);
    if (!command.ok) {
      if (rec.waiting?.message !== command.message) this.event('Warning', 'Failed', `Error: ${command.message}`);
      rec.waiting = { reason: command.reason, message: command.message };
      return 10_000;
    }
    if (rec.instances > 0) rec.restartCount++;
    const n = rec.instances++;
    const id = `${this.uid}_${rec.name}_${n}`;
    const logDir = join(this.podDir, 'logs', rec.name);
    const rootDir = join(this.podDir, 'containers', `${rec.name}-${n}`);
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    rmSync(join(this.podDir, 'containers', `${rec.name}-${n - 1}`), { recursive: true, force: true });
    rmSync(join(logDir, `${n - 2}.log`), { force: true });
    mkdirSync(rootDir, { recursive: true, mode: 0o755 });
    const logPath = join(logDir, `${n}.log`);
    const workingDir: string = spec['workingDir'] || image.image.workingDir || '';
    if (n === 0) this.event('Normal', 'Pulled', `Container image "${spec['image']}" already present on machine`);
    try {
      const running = await this.deps.sandbox.start({
        id, hostname: podHostname(this.pod, this.deps.dns.zone).containerHostname, command: command.argv, env, workingDir, mounts, rootDir, logPath,
        ...(this.attachment ? { netns: this.attachment.netns } : {}),
      });
      const inst: RunningInstance = {
        container: running, containerID: `ordinal://${id}`, startedAt: kubeTime(running.startedAt), logPath, rootDir, env, workingDir,
        probes: [], ready: false, started: false, stopping: false,
      };
      rec.running = inst;
      rec.waiting = undefined;
      this.event('Normal', 'Created', `Created container ${rec.name}`);
      this.event('Normal', 'Started', `Started container ${rec.name}`);
      void running.exited.then((exit) => this.onExit(rec, inst, exit.exitCode, exit.signal, exit.finishedAt));
      this.afterStart(rec, inst, spec, init);
      return undefined;
    } catch (err) {
      const message = (err as Error).message;
      rec.previousLogPath = logPath;
      rec.lastTerminated = { terminated: { exitCode: 128, reason: 'StartError', message, finishedAt: kubeTime(new Date()), containerID: `ordinal://${id}` } };
      rec.backoff = rec.backoff ? nextBackoff(rec.backoff, now, 0) : { delayMs: 0, until: now };
      rec.waiting = { reason: 'RunContainerError', message };
      this.event('Warning', 'Failed', `Error: ${message}`);
      this.enqueue();
      return undefined;
    }
  }

  /** postStart, then probes (startup first, then readiness and liveness). */
  private afterStart(rec: ContainerRecord, inst: RunningInstance, spec: Spec, init: boolean): void {
    const postStart = spec['lifecycle']?.postStart;
    const begin = (): void => {
      if (init) {
        inst.started = true;
        return;
      }
      startProbes(spec, this.target(inst, spec), inst, {
        changed: () => this.enqueue(),
        event: (type, reason, message) => this.event(type, reason, message),
        restart: (why) => {
          if (inst.stopping || rec.running !== inst) return;
          inst.stopping = true;
          this.event('Normal', 'Killing', `Container ${rec.name} ${why}, will be restarted`);
          const grace = Number(this.pod['spec'].terminationGracePeriodSeconds ?? 30);
          void this.deps.sandbox.stop(inst.container, grace * 1000);
        },
      });
    };
    if (!postStart) return begin();
    void runLifecycleHandler(postStart, this.target(inst, spec)).then((outcome) => {
      if (outcome === 'ok') return begin();
      this.event('Warning', 'FailedPostStartHook', `PostStartHook failed: ${outcome}`);
      inst.stopping = true;
      void this.deps.sandbox.stop(inst.container, 0);
    });
  }

  private target: ProbeTargetFactory = (inst, spec) => ({
    podIP: this.podIP() ?? '127.0.0.1',
    containerPorts: spec?.['ports'] ?? [],
    exec: async (command: string[], timeoutMs: number) => {
      const proc = this.deps.sandbox.exec(inst.container, { command, env: inst.env, workingDir: inst.workingDir, tty: false });
      proc.stdin.end();
      let output = '';
      proc.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-10_240)));
      proc.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-10_240)));
      const timer = timeoutMs > 0 ? setTimeout(() => proc.kill(), timeoutMs) : undefined;
      const { exitCode } = await proc.exited;
      clearTimeout(timer);
      return { exitCode, output };
    },
  });

  private onExit(rec: ContainerRecord, inst: RunningInstance, exitCode: number, signal: string | undefined, finishedAt: Date): void {
    if (rec.running !== inst) return;
    for (const p of inst.probes) p.stop();
    rec.running = undefined;
    rec.previousLogPath = inst.logPath;
    rec.lastTerminated = {
      terminated: {
        exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: inst.startedAt, finishedAt: kubeTime(finishedAt), containerID: inst.containerID,
        ...(signal ? { signal: signalNumber(signal) } : {}),
      },
    };
    const now = Date.now();
    rec.backoff = rec.backoff ? nextBackoff(rec.backoff, now, finishedAt.getTime() - Date.parse(inst.startedAt)) : { delayMs: 0, until: now };
    rec.waiting = undefined;
    if (!this.terminating && exitCode !== 0) this.deps.log.info({ pod: `${this.namespace}/${this.name}`, container: rec.name, exitCode, signal }, 'container exited');
    this.enqueue();
  }

  /** The kubelet-managed /etc/hosts, /etc/resolv.conf and /etc/hostname, unless the container mounts its own. */
  private podFileMounts(spec: Spec): SandboxMount[] {
    const own = new Set(((spec['volumeMounts'] ?? []) as Spec[]).map((m) => m['mountPath']));
    const files: Array<[string, string]> = [['etc-hosts', '/etc/hosts'], ['resolv.conf', '/etc/resolv.conf'], ['hostname', '/etc/hostname']];
    return files.filter(([, target]) => !own.has(target)).map(([file, target]) => ({ hostPath: join(this.podDir, file), containerPath: target, readOnly: false }));
  }

  private observe(): ObservedPod {
    const inits = ((this.pod['spec'].initContainers ?? []) as Spec[]).map((c) => this.inits.get(c['name'])!.observe());
    const initDone = ((this.pod['spec'].initContainers ?? []) as Spec[]).every((c) => this.inits.get(c['name'])!.done);
    const podIP = this.podIP();
    return {
      sandboxReady: this.volumes !== undefined && podIP !== undefined,
      hostIP: this.deps.hostIP,
      ...(podIP ? { podIP } : {}),
      ...(this.startTime ? { startTime: this.startTime } : {}),
      initContainers: inits,
      containers: ((this.pod['spec'].containers ?? []) as Spec[]).map((c) => {
        const o = this.containers.get(c['name'])!.observe();
        return initDone ? o : { ...o, state: { waiting: { reason: 'PodInitializing' } } };
      }),
      initDone,
    };
  }

  private async postStatus(): Promise<void> {
    if (this.terminating) return;
    const status = buildPodStatus(this.pod, this.observe(), this.deps.now());
    const current = this.pod['status'] ?? {};
    // compared with what the API holds now: another writer (the node lifecycle controller marking
    // pods not ready) may have changed it since we last posted
    if (statusHeld(status, current)) return;
    try {
      await this.deps.client.request('PATCH', `/api/v1/namespaces/${this.namespace}/pods/${this.name}/status`, { body: { status }, contentType: 'application/merge-patch+json' });
    } catch (err) {
      if ((err as { status?: number }).status === 404) return;
      throw err;
    }
  }

  /**
   * Releases the pod's RBD images once its processes are dead - after a graceful stop and after
   * kill() (node stop, a simulated power cut) alike: nothing writes any more, so unmounting is safe,
   * and the image is free at once for the pod rescheduled elsewhere. A real power cut would leave
   * rbd-fuse's watch on the image until the OSD times it out (~30 s, osd_client_watch_timeout), and a
   * node that is merely cut off would keep it; fencing such a node (blocklisting its client) is a
   * later issue.
   */
  private async releaseVolumes(): Promise<void> {
    if (!this.deps.rbd) return;
    try {
      await this.deps.rbd.detachPod(this.uid);
    } catch (err) {
      const message = (err as Error).message;
      this.event('Warning', 'FailedUnMount', `UnmountVolume.TearDown failed for pod "${this.name}" (UID: "${this.uid}") : ${message}`);
      this.deps.log.warn({ pod: `${this.namespace}/${this.name}`, err: message }, 'rbd volumes not released');
    }
  }

  private async releaseNetwork(): Promise<void> {
    if (!this.attachment) return;
    await this.deps.network.detach(this.uid);
    this.attachment = undefined;
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.events.event({ ...this.pod, kind: 'Pod', apiVersion: 'v1' }, type, reason, message);
  }
}

function signalNumber(signal: string): number {
  return constants.signals[signal as NodeJS.Signals] ?? 0;
}
