#!/usr/bin/env bash
# The Ceph side of seed 000, done by ordinal instead of by hand: a one-node Ceph on this machine,
# the pool `kube`, the cephx user client.kube (mon 'profile rbd', osd/mgr 'profile rbd pool=kube' -
# the seed's mon 'allow r' could not blocklist a dead node), the Secrets ceph-secret (kube-system)
# and ceph-secret-user (devops) of type kubernetes.io/rbd, and the Redis password Secret the seed
# skipped over. The StorageClass is the seed's own (storage-class.yaml), applied by `ordinal up`.
# Usage: bash examples/seed-000/ceph.sh && bin/ordinal up -f examples/seed-000/
set -euo pipefail
ordinal="$(dirname "$0")/../../bin/ordinal"
"$ordinal" ceph dev up "$@"
"$ordinal" ceph prepare --pool kube --user kube --namespace devops --no-storage-class "$@"
export KUBECONFIG="${ORDINAL_HOME:-$HOME/.ordinal}/kubeconfig"
kubectl -n devops get secret devopssecret >/dev/null 2>&1 ||
  kubectl -n devops create secret generic devopssecret --from-literal=redisAuthPass="$(head -c 18 /dev/urandom | base64)"
