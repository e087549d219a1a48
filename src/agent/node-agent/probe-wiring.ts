/**
 * Wires a started container's probes the way the kubelet does: the startup probe first (liveness
 * and readiness wait for it); readiness decides `ready`; a failed liveness or startup probe
 * restarts the container. Lifecycle hooks (postStart, preStop) run through the same target.
 */
import type { KubeObject } from '../../controllers/runtime/types.js';
import { ProbeWorker, runHandler, type ProbeKind, type ProbeTarget } from '../probes/index.js';
import type { RunningInstance } from './container-record.js';

export type ProbeTargetFactory = (inst: RunningInstance, spec: KubeObject | undefined) => ProbeTarget;

export interface ProbeCallbacks {
  /** Something the status shows changed (ready, started). */
  changed(): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Restart the container (liveness or startup probe failed). */
  restart(why: string): void;
}

const label: Record<ProbeKind, string> = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' };

export function startProbes(spec: KubeObject, target: ProbeTarget, inst: RunningInstance, cb: ProbeCallbacks): void {
  const startedAt = Date.parse(inst.startedAt) || Date.now();
  const startup = spec['startupProbe'];
  const readiness = spec['readinessProbe'];
  const liveness = spec['livenessProbe'];
  inst.started = !startup;
  inst.ready = !readiness;
  const workers: ProbeWorker[] = [];
  const make = (kind: ProbeKind, probe: KubeObject, onChange: (healthy: boolean, output: string) => void): ProbeWorker => {
    const w = new ProbeWorker({
      kind, probe, target, startedAt,
      isStarted: () => inst.started,
      onChange: (healthy, output) => {
        if (inst.stopping) return;
        if (!healthy) cb.event('Warning', 'Unhealthy', `${label[kind]} probe failed: ${output.trim()}`);
        onChange(healthy, output);
      },
    });
    workers.push(w);
    inst.probes.push(w);
    return w;
  };
  if (readiness) make('readiness', readiness, (healthy) => {
    inst.ready = healthy;
    cb.changed();
  });
  if (liveness) make('liveness', liveness, (healthy) => {
    if (!healthy) cb.restart('failed liveness probe');
  });
  if (startup) make('startup', startup, (healthy) => {
    if (!healthy) return cb.restart('failed startup probe');
    inst.started = true;
    for (const w of workers) if (w.kind !== 'startup') w.trigger();
    cb.changed();
  });
  for (const w of workers) w.start();
  if (!readiness || !startup) cb.changed();
}

/** Runs a postStart/preStop handler; 'ok' or the failure message. */
export async function runLifecycleHandler(handler: KubeObject, target: ProbeTarget): Promise<string> {
  const r = await runHandler(handler, target);
  return r.ok ? 'ok' : r.message;
}
