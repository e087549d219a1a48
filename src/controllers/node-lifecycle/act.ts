/**
 * The node lifecycle controller's writes, in plan order: the node's status (PUT, guarded by the
 * resourceVersion seen), then its taints (merge patch guarded by the resourceVersion the status
 * write returned), then its pods' Ready conditions. A 409 fails the reconcile, which retries from
 * fresh state.
 */
import type { ControllerContext, KubeObject } from '../runtime/types.js';
import type { NodeAction } from './plan.js';
import { patchPodStatus } from './pod-writes.js';
import { timestamp } from './node-conditions.js';

const nodePath = (name: string): string => `/api/v1/nodes/${encodeURIComponent(name)}`;

export async function actOnNode(ctx: ControllerContext, node: KubeObject, actions: NodeAction[]): Promise<void> {
  let current = node;
  const name: string = node['metadata'].name;
  const log = ctx.log.child({ node: name });
  for (const action of actions) {
    switch (action.type) {
      case 'SetNodeConditions': {
        const body = { ...current, status: { ...(current['status'] ?? {}), conditions: action.conditions } };
        current = await ctx.client.request<KubeObject>('PUT', `${nodePath(name)}/status`, { body });
        log.info({ ready: action.conditions.find((c) => c['type'] === 'Ready')?.['status'] }, 'node stopped posting status: conditions set to Unknown');
        break;
      }
      case 'RecordNodeEvent':
        ctx.events.event({ ...current, kind: 'Node', apiVersion: 'v1' }, 'Normal', action.reason, action.message);
        break;
      case 'SetNodeTaints': {
        const body = { metadata: { resourceVersion: current['metadata']?.resourceVersion }, spec: { taints: action.taints.length > 0 ? action.taints : null } };
        current = await ctx.client.request<KubeObject>('PATCH', nodePath(name), { body, contentType: 'application/merge-patch+json' });
        log.info({ taints: action.taints.map((t) => `${t.key}:${t.effect}`) }, 'node taints updated');
        break;
      }
      case 'MarkPodNotReady': {
        const condition = { type: 'Ready', status: 'False', lastTransitionTime: timestamp(ctx.now().getTime()) };
        if (await patchPodStatus(ctx.client, action, { conditions: [condition] })) {
          log.info({ pod: `${action.namespace}/${action.name}` }, 'marked pod not ready: its node is unreachable');
          ctx.events.event({ kind: 'Pod', apiVersion: 'v1', metadata: { namespace: action.namespace, name: action.name, uid: action.uid } }, 'Warning', 'NodeNotReady', 'Node is not ready');
        }
        break;
      }
    }
  }
}
