import { builtinResources } from '../registry/builtin-resources.js';
import type { ResourceInfo } from '../registry/types.js';
import type { JsonObject } from './json-value.js';

/** Shared fixtures for the validation and defaults tests. */

export function resource(kind: string): ResourceInfo {
  const info = builtinResources.find((r) => r.kind === kind);
  if (!info) throw new Error(`no built-in resource ${kind}`);
  return info;
}

export function customResource(kind: string, namespaced = true): ResourceInfo {
  const plural = `${kind.toLowerCase()}s`;
  return {
    group: 'example.com', version: 'v1', resource: plural, kind, listKind: `${kind}List`, singular: kind.toLowerCase(),
    namespaced, shortNames: [], categories: [], verbs: [], subresources: [], custom: true,
  };
}

/** The seed StatefulSet (redis in devops), as a client would send it. */
export function seedStatefulSet(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'redis', namespace: 'devops' },
    spec: {
      serviceName: 'redis',
      replicas: 2,
      selector: { matchLabels: { app: 'redis' } },
      template: {
        metadata: { labels: { app: 'redis' } },
        spec: {
          containers: [{
            name: 'redis',
            image: 'harbor.frognew.com/rg/redis:1.0',
            ports: [{ containerPort: 6379 }],
            env: [{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis', key: 'password' } } }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
            volumeMounts: [{ name: 'redis-volume', mountPath: '/data' }],
          }],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'redis-volume' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
      }],
    },
  };
}

export function seedPod(): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'redis-0', namespace: 'devops', labels: { app: 'redis' } },
    spec: { containers: [{ name: 'redis', image: 'redis:7', ports: [{ containerPort: 6379, name: 'redis' }] }] },
  };
}
