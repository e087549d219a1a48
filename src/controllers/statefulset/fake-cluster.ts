/**
 * An in-memory stand-in for the API server for planner tests: applies a plan's actions the way the
 * API would (created pods start Pending, deletes are immediate unless `graceful`), and lets the test
 * play the kubelet (setRunning, setPhase). Pure test support: no I/O.
 */
import type { KubeObject } from '../runtime/index.js';
import { formatPlan } from './format-plan.js';
import { planStatefulSet } from './plan.js';
import { nextUid, t0 } from './test-fixtures.js';
import type { Observed, Plan } from './types.js';

export class FakeCluster {
  readonly pods = new Map<string, KubeObject>();
  readonly claims = new Map<string, KubeObject>();
  readonly revisions = new Map<string, KubeObject>();
  readonly events: string[] = [];
  /** Every pod name deleted, in order. */
  readonly deleted: string[] = [];
  now = t0;
  /** Pods deleted by the controller stay Terminating until finishDeletion (as if bound to a node). */
  graceful = false;
  private rv = 1;

  constructor(public set: KubeObject) {}

  observed(): Observed {
    return { set: this.set, pods: [...this.pods.values()], claims: [...this.claims.values()], revisions: [...this.revisions.values()] };
  }

  plan(): Plan {
    return planStatefulSet(structuredClone(this.observed()), this.now);
  }

  /** Plan from the current state and apply it; returns the plan. */
  sync(): Plan {
    const plan = this.plan();
    this.apply(plan);
    return plan;
  }

  private stamp(obj: KubeObject, prefix: string): KubeObject {
    const copy = structuredClone(obj);
    copy['metadata'].uid ??= nextUid(prefix);
    copy['metadata'].resourceVersion = String(++this.rv);
    return copy;
  }

  private createClaims(claims: KubeObject[]): void {
    for (const c of claims) if (!this.claims.has(c['metadata'].name)) this.claims.set(c['metadata'].name, { ...this.stamp(c, 'pvc'), status: { phase: 'Pending' } });
  }

  apply(plan: Plan): void {
    for (const a of plan.actions) {
      switch (a.type) {
        case 'AdoptPod':
        case 'ReleasePod':
        case 'UpdatePod':
          this.pods.set(a.pod, this.stamp(a.object, 'pod'));
          break;
        case 'AdoptRevision':
        case 'CreateRevision':
        case 'UpdateRevisionNumber':
          this.revisions.set(a.revision, this.stamp(a.object, 'rev'));
          break;
        case 'CreatePod':
          this.createClaims(a.claims);
          this.pods.set(a.pod, { ...this.stamp(a.object, 'pod'), status: { phase: 'Pending' } });
          break;
        case 'CreateClaims':
          this.createClaims(a.claims);
          break;
        case 'DeletePod':
          this.deletePod(a.pod);
          break;
        case 'UpdateClaimOwners':
          this.claims.set(a.claim, this.stamp(a.object, 'pvc'));
          break;
        case 'UpdateStatus':
          this.set = { ...this.set, status: { ...this.set['status'], ...a.status } };
          break;
        case 'DeleteRevision':
          this.revisions.delete(a.revision);
          break;
        case 'RecordEvent':
          this.events.push(`${a.reason}: ${a.message}`);
          break;
      }
    }
  }

  deletePod(name: string): void {
    const pod = this.pods.get(name);
    if (!pod) return;
    this.deleted.push(name);
    if (this.graceful && pod['status']?.phase !== 'Failed' && pod['status']?.phase !== 'Succeeded') {
      this.pods.set(name, { ...pod, metadata: { ...pod['metadata'], deletionTimestamp: this.now.toISOString() } });
    } else this.pods.delete(name);
  }

  finishDeletion(name: string): void {
    this.pods.delete(name);
  }

  setRunning(name: string, ready = true): void {
    const pod = this.pods.get(name);
    if (!pod) throw new Error(`no pod ${name}`);
    const conditions = [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: this.now.toISOString() }];
    this.pods.set(name, { ...pod, status: { ...pod['status'], phase: 'Running', conditions } });
  }

  setPhase(name: string, phase: string): void {
    const pod = this.pods.get(name);
    if (!pod) throw new Error(`no pod ${name}`);
    this.pods.set(name, { ...pod, status: { phase, conditions: [] } });
  }

  /** Change the spec as a user would (generation + 1). */
  updateSpec(spec: KubeObject): void {
    const meta = this.set['metadata'];
    this.set = { ...this.set, metadata: { ...meta, generation: meta.generation + 1 }, spec: { ...this.set['spec'], ...spec } };
  }

  setImage(image: string): void {
    const template = structuredClone(this.set['spec'].template);
    template.spec.containers[0].image = image;
    this.updateSpec({ template });
  }

  /** The garbage collector's part: claims whose owning pod is gone go too. */
  collectGarbage(): void {
    for (const [name, claim] of this.claims) {
      const podRef = (claim['metadata'].ownerReferences ?? []).find((r: KubeObject) => r['kind'] === 'Pod');
      if (podRef && this.pods.get(podRef['name'])?.['metadata'].uid !== podRef['uid']) this.claims.delete(name);
    }
  }

  /** Sync until nothing is left to do, with every live pod made Running and Ready as a kubelet would. */
  settle(maxSteps = 50): void {
    let plan: Plan | undefined;
    for (let i = 0; i < maxSteps; i++) {
      for (const [name, pod] of this.pods) {
        const phase = pod['status']?.phase;
        if (pod['metadata'].deletionTimestamp) this.finishDeletion(name);
        else if (phase === 'Pending' || (phase === 'Running' && pod['status'].conditions?.[0]?.status !== 'True')) this.setRunning(name);
      }
      this.collectGarbage();
      plan = this.sync();
      if (plan.actions.length === 0 && plan.waiting.length === 0) return;
    }
    throw new Error(`the set did not settle:\n${plan ? formatPlan(plan) : ''}`);
  }

  podNames(): string[] {
    return [...this.pods.keys()].sort();
  }

  revisionOf(name: string): string | undefined {
    return this.pods.get(name)?.['metadata'].labels?.['controller-revision-hash'];
  }
}
