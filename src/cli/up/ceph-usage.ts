/**
 * Which of the applied objects need Ceph RBD (pure), so that `ordinal up` can say at once that no
 * Ceph cluster is configured instead of leaving claims Pending and pods ContainerCreating.
 */
import { classForClaim } from '../../controllers/volume/storage-class.js';
import type { KubeObject } from './objects.js';

export const rbdProvisioners = ['kubernetes.io/rbd', 'rbd.csi.ceph.com'];

const isRbdClass = (sc: KubeObject | undefined): boolean => rbdProvisioners.includes(String(sc?.['provisioner'] ?? ''));

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
  // a class in the files replaces the server's of that name, and is the newest (it is applied now):
  // the claim binder's rules then pick the class of each claim
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const byName = new Map<string, KubeObject>();
  for (const sc of serverClasses) byName.set(String(sc['metadata']?.name), sc);
  for (const sc of fileClasses) byName.set(String(sc['metadata']?.name), { ...sc, metadata: { ...sc['metadata'], creationTimestamp: now } });
  const classes = [...byName.values()];
  for (const sc of fileClasses) if (isRbdClass(sc)) uses.push(`StorageClass ${sc['metadata']?.name} (${sc['provisioner']})`);
  for (const o of objects) {
    const spec = o['spec'] ?? {};
    if (o['kind'] === 'PersistentVolume' && (spec.rbd || spec.csi?.driver === 'rbd.csi.ceph.com')) uses.push(`PersistentVolume ${o['metadata']?.name} (${spec.rbd ? `rbd image ${spec.rbd.pool ?? 'rbd'}/${spec.rbd.image}` : 'rbd.csi.ceph.com'})`);
    for (const v of (podSpecOf(o)?.volumes ?? []) as KubeObject[]) if (v['rbd']) uses.push(`${o['kind']} ${o['metadata']?.name}: volume ${v['name']} (rbd image ${v['rbd'].pool ?? 'rbd'}/${v['rbd'].image})`);
    for (const c of claimSpecs(o)) {
      const choice = classForClaim({ metadata: { annotations: c.annotations }, spec: c.spec }, classes);
      // a claim that names a volume and no class binds that volume, whatever the default class
      if (choice.kind !== 'class' || (choice.defaulted && c.spec['volumeName'])) continue;
      const sc = choice.storageClass;
      const inFiles = fileClasses.some((f) => f['metadata']?.name === sc['metadata']?.name);
      if (isRbdClass(sc) && !inFiles) uses.push(`claim ${c.name} (StorageClass ${sc['metadata']?.name}: ${sc['provisioner']})`);
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
