/** PodInputSource over the agent's shared informers (Secrets, ConfigMaps, claims, volumes). */
import type { InformerFactory } from '../../controllers/runtime/types.js';
import type { PodInputSource } from './types.js';

export function informerPodInputSource(informers: InformerFactory): PodInputSource {
  const secrets = informers.informer('/api/v1/secrets');
  const configMaps = informers.informer('/api/v1/configmaps');
  const claims = informers.informer('/api/v1/persistentvolumeclaims');
  const volumes = informers.informer('/api/v1/persistentvolumes');
  return {
    secret: (ns, name) => secrets.get(ns, name),
    configMap: (ns, name) => configMaps.get(ns, name),
    persistentVolumeClaim: (ns, name) => claims.get(ns, name),
    persistentVolume: (name) => volumes.get(undefined, name),
  };
}
