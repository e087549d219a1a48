/** StatefulSets, ControllerRevisions and PodDisruptionBudgets. */
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IControllerRevision } from 'kubernetes-models/apps/v1/ControllerRevision';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { KubeObject } from '../../store/types.js';
import { ageColumn, column, nameColumn, wide } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

export const statefulSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Ready pods out of desired replicas.'),
    ageColumn,
    wide('Containers', 'string', 'Names of the containers in the pod template.'),
    wide('Images', 'string', 'Images of the containers in the pod template.'),
  ],
  cells(obj: KubeObject, now: Date) {
    const sts = obj as IStatefulSet;
    const containers = sts.spec?.template?.spec?.containers ?? [];
    return [
      sts.metadata?.name ?? '',
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
      since(sts.metadata?.creationTimestamp, now),
      containers.map((c) => c.name).join(','),
      containers.map((c) => c.image ?? '').join(','),
    ];
  },
};

/** "statefulset.apps/web" for the managing controller, as formatResourceName prints a GroupKind. */
function controllerName(rev: IControllerRevision): string {
  const ref = (rev.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
  if (!ref.kind) return ref.name;
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    nameColumn,
    column('Controller', 'string', 'The controller that owns this revision.'),
    column('Revision', 'number', 'The revision number of the state data.'),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date) {
    const rev = obj as IControllerRevision;
    return [rev.metadata?.name ?? '', controllerName(rev), rev.revision ?? 0, since(rev.metadata?.creationTimestamp, now)];
  },
};

function intOrString(v: number | string | undefined): string {
  return v === undefined || v === null ? 'N/A' : String(v);
}

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Min Available', 'string', 'Pods that must stay available during an eviction (number or percentage).'),
    column('Max Unavailable', 'string', 'Pods that may be unavailable after an eviction (number or percentage).'),
    column('Allowed Disruptions', 'integer', 'Pod disruptions currently allowed.'),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date) {
    const pdb = obj as IPodDisruptionBudget;
    return [
      pdb.metadata?.name ?? '',
      intOrString(pdb.spec?.minAvailable),
      intOrString(pdb.spec?.maxUnavailable),
      pdb.status?.disruptionsAllowed ?? 0,
      since(pdb.metadata?.creationTimestamp, now),
    ];
  },
};
