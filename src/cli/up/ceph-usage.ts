/**
 * Which of the applied objects need Ceph RBD (pure), so that `ordinal up` can say at once that no
 * Ceph cluster is configured instead of leaving claims Pending and pods ContainerCreating.
 */
import type { KubeObject } from './objects.js';

export const rbdProvisioners = ['kubernetes.io/rbd', 'rbd.csi.ceph.com'];

const isRbdClass = (sc: KubeObject | undefined): boolean => rbdProvisioners.includes(String(sc?.['provisioner'] ?? ''));
const defaultClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
const isDefault = (sc: KubeObject): boolean => defaultClassAnnotations.some((a) => sc['metadata']?.annotations?.[a] === 'true');

function podSpecOf(o: KubeObject): KubeObject | undefined {
  if (o['kind'] === 'Pod') return o['spec'];
  return o['spec']?.template?.spec ?? o['spec']?.jobTemplate?.spec?.template?.spec;
}

function claimSpecs(o: KubeObject): Array<{ name: string; spec: KubeObject; annotations: Record<string, string> }> {
  if (o['kind'] === 'PersistentVolumeClaim') return [{ name: String(o['metadata']?.name), spec: o['spec'] ?? {}, annotations: o['metadata']?.annotations ?? {} }];
  if (o['kind'] === 'StatefulSet') {
    return ((o['spec']?.volumeClaimTemplates ?? []) as KubeObject[]).map((t) => ({ name: `${o['metadata']?.name}/${t['metadata']?.name}`, spec: t['spec'] ?? {}, annotations: t['metadata']?.annotations ?? {} }));
  }
  return [];
}

/** Human descriptions of every use of RBD in `objects`; `serverClasses` are the classes that exist already. */
export function rbdUses(objects: readonly KubeObject[], serverClasses: readonly KubeObject[]): string[] {
  const uses: string[] = [];
  const fileClasses = objects.filter((o) => o['kind'] === 'StorageClass');
  const classes = new Map<string, KubeObject>();
  for (const sc of [...serverClasses, ...fileClasses]) classes.set(String(sc['metadata']?.name), sc);
  const defaults = [...classes.values()].filter(isDefault);
  for (const sc of fileClasses) if (isRbdClass(sc)) uses.push(`StorageClass ${sc['metadata']?.name} (${sc['provisioner']})`);
  for (const o of objects) {
    const spec = o['spec'] ?? {};
    if (o['kind'] === 'PersistentVolume' && (spec.rbd || spec.csi?.driver === 'rbd.csi.ceph.com')) uses.push(`PersistentVolume ${o['metadata']?.name} (${spec.rbd ? `rbd image ${spec.rbd.pool ?? 'rbd'}/${spec.rbd.image}` : 'rbd.csi.ceph.com'})`);
    for (const v of (podSpecOf(o)?.volumes ?? []) as KubeObject[]) if (v['rbd']) uses.push(`${o['kind']} ${o['metadata']?.name}: volume ${v['name']} (rbd image ${v['rbd'].pool ?? 'rbd'}/${v['rbd'].image})`);
    for (const c of claimSpecs(o)) {
      const named = c.annotations['volume.beta.kubernetes.io/storage-class'] ?? c.spec['storageClassName'];
      if (named === '' || (named === undefined && c.spec['volumeName'])) continue;
      const sc = named === undefined ? defaults[defaults.length - 1] : classes.get(String(named));
      if (sc && isRbdClass(sc) && !fileClasses.includes(sc)) uses.push(`claim ${c.name} (StorageClass ${sc['metadata']?.name}: ${sc['provisioner']})`);
    }
  }
  return uses;
}

export function noCephMessage(uses: readonly string[], dataDir: string): string {
  return [
    `these files use Ceph RBD, but no Ceph cluster is configured for ${dataDir}:`,
    ...uses.slice(0, 6).map((u) => `  ${u}`),
    ...(uses.length > 6 ? [`  ... and ${uses.length - 6} more`] : []),
    'get one first (nothing was applied):',
    '  ordinal ceph dev up                                   # a one-node Ceph on this machine (mon, mgr, OSD)',
    '  ordinal ceph prepare --pool kube --user kube --namespace <ns>   # pool, cephx user, Secrets, StorageClass',
    'or point ordinal at an existing cluster: ordinal ceph connect --conf FILE --keyring FILE',
  ].join('\n');
}
