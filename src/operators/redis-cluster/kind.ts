/**
 * The RedisCluster kind (group ordinal.dev/v1alpha1, plural redisclusters, short name rdc) defined
 * with the framework's defineKind: the CRD schema comes from the TypeBox schemas in types.ts.
 */
import { Type } from '@sinclair/typebox';
import { defineKind, operatorStatusProperties } from '../framework/index.js';
import { RedisClusterNodeStatusSchema, RedisClusterSpecSchema } from './types.js';

export const RedisClusterStatusSchema = Type.Object({
  ...operatorStatusProperties,
  clusterState: Type.Optional(Type.String({ description: 'cluster_state as Redis reports it (ok, fail)' })),
  slotsAssigned: Type.Optional(Type.Integer()),
  nodes: Type.Optional(Type.Array(RedisClusterNodeStatusSchema)),
});

export const redisClusterKind = defineKind({
  kind: 'RedisCluster',
  plural: 'redisclusters',
  shortNames: ['rdc'],
  description: 'A Redis Cluster: masters own the 16384 hash slots, each with replicasPerMaster replicas on other nodes.',
  spec: RedisClusterSpecSchema,
  status: RedisClusterStatusSchema,
  printerColumns: [
    { name: 'Masters', type: 'integer', jsonPath: '.spec.masters' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicasPerMaster' },
    { name: 'State', type: 'string', jsonPath: '.status.clusterState' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  ],
});

export const REDIS_CLUSTER_KIND = redisClusterKind;

export function redisClusterPath(namespace?: string, name?: string): string {
  return namespace ? redisClusterKind.path(namespace, name) : redisClusterKind.listPath;
}

export function redisClusterCrd(): Record<string, unknown> {
  return redisClusterKind.crd;
}
