/**
 * Which StorageClass provisions a claim (rule 16). A claim that names a class uses it; a claim with
 * no storageClassName at all falls back to the default class; an explicit "" means "no class, bind
 * existing volumes only". There is no DefaultStorageClass admission plugin here, so an unset class is
 * not filled in on create: the binder first tries class-less static volumes, then the default class.
 */
import type { KubeObject } from '../runtime/types.js';
import { annDefaultClass } from './annotations.js';
import { claimClassName } from './volume-match.js';

const betaDefaultClass = 'storageclass.beta.kubernetes.io/is-default-class';
const betaClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

export type ClassChoice =
  | { kind: 'none' }
  | { kind: 'missing'; name: string }
  | { kind: 'class'; storageClass: KubeObject; defaulted: boolean };

export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc['metadata']?.annotations ?? {};
  return a[annDefaultClass] === 'true' || a[betaDefaultClass] === 'true';
}

/** The default class; with several, the newest wins (as kube-apiserver's admission picks), then by name. */
export function defaultClass(classes: readonly KubeObject[]): KubeObject | undefined {
  const defaults = classes.filter(isDefaultClass);
  defaults.sort((a, b) => {
    const ta = String(a['metadata']?.creationTimestamp ?? '');
    const tb = String(b['metadata']?.creationTimestamp ?? '');
    return ta === tb ? String(a['metadata']?.name).localeCompare(String(b['metadata']?.name)) : tb.localeCompare(ta);
  });
  return defaults[0];
}

/** The claim asked for no class at all (not even ""). */
export function hasUnsetClass(claim: KubeObject): boolean {
  const spec = claim['spec'] ?? {};
  return (spec.storageClassName === undefined || spec.storageClassName === null) && claim['metadata']?.annotations?.[betaClassAnnotation] === undefined;
}

export function classForClaim(claim: KubeObject, classes: readonly KubeObject[]): ClassChoice {
  if (hasUnsetClass(claim)) {
    const d = defaultClass(classes);
    return d ? { kind: 'class', storageClass: d, defaulted: true } : { kind: 'none' };
  }
  const name = claimClassName(claim);
  if (name === '') return { kind: 'none' };
  const sc = classes.find((c) => c['metadata']?.name === name);
  return sc ? { kind: 'class', storageClass: sc, defaulted: false } : { kind: 'missing', name };
}

export function isWaitForFirstConsumer(sc: KubeObject | undefined): boolean {
  return sc?.['volumeBindingMode'] === 'WaitForFirstConsumer';
}
