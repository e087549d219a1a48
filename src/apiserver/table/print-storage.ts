/** PersistentVolumeClaims, PersistentVolumes and StorageClasses. */
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPersistentVolume } from 'kubernetes-models/v1/PersistentVolume';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta as ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { KubeObject } from '../../store/types.js';
import { ageColumn, column, nameColumn, wide } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';
const defaultClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

const accessModeAbbreviations: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** "RWO,RWX": abbreviations in a fixed order, duplicates dropped. */
export function accessModes(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  return accessModeAbbreviations.filter(([mode]) => set.has(mode)).map(([, short]) => short).join(',');
}

/** The beta annotation still wins over spec.storageClassName, as in kube-apiserver. */
function storageClassOf(metadata: ObjectMeta | undefined, className: string | undefined): string {
  return metadata?.annotations?.[betaStorageClassAnnotation] ?? className ?? '';
}

function phaseOf(metadata: ObjectMeta | undefined, phase: string | undefined): string {
  return metadata?.deletionTimestamp ? 'Terminating' : (phase ?? '');
}

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'string', 'The claim\'s phase (Pending, Bound, Lost) or Terminating.'),
    column('Volume', 'string', 'The volume bound to the claim.'),
    column('Capacity', 'string', 'Storage capacity of the bound volume.'),
    column('Access Modes', 'string', 'Access modes of the bound volume.'),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    wide('VolumeMode', 'string', 'Filesystem or Block.'),
  ],
  cells(obj: KubeObject, now: Date) {
    const pvc = obj as IPersistentVolumeClaim;
    const bound = Boolean(pvc.spec?.volumeName);
    return [
      pvc.metadata?.name ?? '',
      phaseOf(pvc.metadata, pvc.status?.phase),
      pvc.spec?.volumeName ?? '',
      bound ? (pvc.status?.capacity?.['storage'] ?? '0') : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc.metadata, pvc.spec?.storageClassName),
      pvc.spec?.volumeAttributesClassName || '<unset>',
      since(pvc.metadata?.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn,
    column('Capacity', 'string', 'Storage capacity of the volume.'),
    column('Access Modes', 'string', 'Ways the volume can be mounted.'),
    column('Reclaim Policy', 'string', 'What happens to the volume when its claim is released.'),
    column('Status', 'string', 'The volume\'s phase (Available, Bound, Released, Failed) or Terminating.'),
    column('Claim', 'string', 'namespace/name of the claim bound to the volume.'),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', 'Why the volume is in its phase.'),
    ageColumn,
    wide('VolumeMode', 'string', 'Filesystem or Block.'),
  ],
  cells(obj: KubeObject, now: Date) {
    const pv = obj as IPersistentVolume;
    const ref = pv.spec?.claimRef;
    return [
      pv.metadata?.name ?? '',
      pv.spec?.capacity?.['storage'] ?? '0',
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phaseOf(pv.metadata, pv.status?.phase),
      ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
      storageClassOf(pv.metadata, pv.spec?.storageClassName),
      pv.spec?.volumeAttributesClassName || '<unset>',
      pv.status?.reason ?? '',
      since(pv.metadata?.creationTimestamp, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export function isDefaultStorageClass(metadata: ObjectMeta | undefined): boolean {
  return defaultClassAnnotations.some((a) => metadata?.annotations?.[a] === 'true');
}

export const storageClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Provisioner', 'string', 'The volume plugin that provisions volumes of this class.'),
    column('ReclaimPolicy', 'string', 'Reclaim policy of volumes provisioned for this class.'),
    column('VolumeBindingMode', 'string', 'When volumes are provisioned and bound (Immediate, WaitForFirstConsumer).'),
    column('AllowVolumeExpansion', 'string', 'Whether claims of this class may be resized.'),
    ageColumn,
  ],
  cells(obj: KubeObject, now: Date) {
    const sc = obj as IStorageClass;
    const name = sc.metadata?.name ?? '';
    return [
      isDefaultStorageClass(sc.metadata) ? `${name} (default)` : name,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      since(sc.metadata?.creationTimestamp, now),
    ];
  },
};
