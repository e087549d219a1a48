import type { KubeObject } from '../../controllers/runtime/types.js';
import type { PodInputSource } from './types.js';

/** An in-memory PodInputSource for unit tests (plays the agent's informer caches). */
export class FakePodInputSource implements PodInputSource {
  readonly objects = new Map<string, KubeObject>();

  add(kind: 'secret' | 'configmap' | 'pvc' | 'pv', obj: KubeObject): this {
    const m = obj['metadata'] ?? {};
    this.objects.set(`${kind}/${kind === 'pv' ? '' : (m.namespace ?? 'default')}/${m.name}`, obj);
    return this;
  }

  secret(ns: string, name: string): KubeObject | undefined {
    return this.objects.get(`secret/${ns}/${name}`);
  }
  configMap(ns: string, name: string): KubeObject | undefined {
    return this.objects.get(`configmap/${ns}/${name}`);
  }
  persistentVolumeClaim(ns: string, name: string): KubeObject | undefined {
    return this.objects.get(`pvc/${ns}/${name}`);
  }
  persistentVolume(name: string): KubeObject | undefined {
    return this.objects.get(`pv//${name}`);
  }
}

export function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}
