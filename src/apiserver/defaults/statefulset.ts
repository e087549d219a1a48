import { arrayAt, ensureObject, isObject, setDefault, type JsonObject } from '../validation/json-value.js';
import { defaultPodTemplate } from './pod-spec.js';
import { defaultPersistentVolumeClaim } from './storage.js';

/** SetDefaults_StatefulSet (apps/v1), including its pod template and claim templates. */

function defaultUpdateStrategy(spec: JsonObject): void {
  const strategy = ensureObject(spec, 'updateStrategy');
  if (!strategy) return;
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    setDefault(strategy, 'rollingUpdate', {});
  }
  if (strategy.type === 'RollingUpdate' && isObject(strategy.rollingUpdate)) setDefault(strategy.rollingUpdate, 'partition', 0);
}

/** Claim templates come back with apiVersion/kind first, as kube-apiserver serialises them. */
function defaultClaimTemplates(spec: JsonObject): void {
  const templates = arrayAt(spec.volumeClaimTemplates);
  templates.forEach((t, i) => {
    if (!isObject(t)) return;
    const withType: JsonObject = { apiVersion: t.apiVersion ?? 'v1', kind: t.kind ?? 'PersistentVolumeClaim', ...t };
    defaultPersistentVolumeClaim(withType);
    templates[i] = withType;
  });
}

export function defaultStatefulSet(obj: JsonObject): void {
  const spec = obj.spec;
  if (!isObject(spec)) return;
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  defaultUpdateStrategy(spec);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    setDefault(retention, 'whenDeleted', 'Retain');
    setDefault(retention, 'whenScaled', 'Retain');
  }
  defaultPodTemplate(spec.template);
  defaultClaimTemplates(spec);
}
