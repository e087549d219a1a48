/** Nodes, Namespaces, Events and Leases. */
import type { INode } from 'kubernetes-models/v1/Node';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { ILease } from 'kubernetes-models/coordination.k8s.io/v1/Lease';
import type { KubeObject } from '../../store/types.js';
import { ageColumn, column, joinOrNone, nameColumn, nameDescription, wide } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

const nodeRolePrefix = 'node-role.kubernetes.io/';
const legacyRoleLabel = 'kubernetes.io/role';

/** Sorted roles from node-role.kubernetes.io/<role> labels and the legacy kubernetes.io/role label. */
export function nodeRoles(node: INode): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(nodeRolePrefix)) {
      const role = key.slice(nodeRolePrefix.length);
      if (role) roles.add(role);
    } else if (key === legacyRoleLabel && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

/** "Ready", "NotReady", "Unknown" (no Ready condition), plus ",SchedulingDisabled" when cordoned. */
export function nodeStatus(node: INode): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: INode, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', 'Kubelet version reported by the node.'),
    wide('Internal-IP', 'string', 'The node\'s first InternalIP address.'),
    wide('External-IP', 'string', 'The node\'s first ExternalIP address.'),
    wide('OS-Image', 'string', 'OS image reported by the node.'),
    wide('Kernel-Version', 'string', 'Kernel version reported by the node.'),
    wide('Container-Runtime', 'string', 'Container runtime version reported by the node.'),
  ],
  cells(obj: KubeObject, now: Date) {
    const node = obj as INode;
    const info = node.status?.nodeInfo;
    return [
      node.metadata?.name ?? '',
      nodeStatus(node),
      joinOrNone(nodeRoles(node)),
      since(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespacePrinter: Printer = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(obj: KubeObject, now: Date) {
    const ns = obj as INamespace;
    return [ns.metadata?.name ?? '', ns.status?.phase ?? '', since(ns.metadata?.creationTimestamp, now)];
  },
};

function eventSource(ev: IEvent): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  if (!component) return '<unknown>';
  return instance ? `${component}, ${instance}` : component;
}

/** Events: no leading Name column; kube-apiserver puts Last Seen first and Name last (wide). */
export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 'Time since the event was last observed.'),
    column('Type', 'string', 'Normal or Warning.'),
    column('Reason', 'string', 'Short machine-readable reason for the event.'),
    column('Object', 'string', 'kind/name of the object the event is about.'),
    wide('Subobject', 'string', 'Field path within the object (e.g. a container).'),
    wide('Source', 'string', 'The component (and host) that reported the event.'),
    column('Message', 'string', 'Human-readable description of the event.'),
    wide('First Seen', 'string', 'Time since the event was first observed.'),
    wide('Count', 'string', 'How many times the event was observed.'),
    column('Name', 'string', nameDescription, { priority: 1, format: 'name' }),
  ],
  cells(obj: KubeObject, now: Date) {
    const ev = obj as IEvent;
    const first = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
    let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = since(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      count = 1; // events.k8s.io singletons carry no count
    }
    const involved = ev.involvedObject;
    const kind = (involved?.kind ?? '').toLowerCase();
    return [
      last,
      ev.type ?? '',
      ev.reason ?? '',
      involved?.name ? `${kind}/${involved.name}` : kind,
      involved?.fieldPath ?? '',
      eventSource(ev),
      (ev.message ?? '').trim(),
      first,
      count,
      ev.metadata?.name ?? '',
    ];
  },
};

export const leasePrinter: Printer = {
  columns: [nameColumn, column('Holder', 'string', 'Identity of the current holder of the lease.'), ageColumn],
  cells(obj: KubeObject, now: Date) {
    const lease = obj as ILease;
    return [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', since(lease.metadata?.creationTimestamp, now)];
  },
};
