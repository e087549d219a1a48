#!/usr/bin/env bash
# The Ceph side of seed 002, as the seed did it by hand: the image volume101 in pool rbd made with
# `rbd create` and the features krbd could not map disabled, and the Secret ceph-secret (data.key)
# that the static PV names. ordinal makes the pool and the user (admin here, as in the seed).
# Usage: bash examples/seed-002/ceph.sh && bin/ordinal up -f examples/seed-002/
set -euo pipefail
ordinal="$(dirname "$0")/../../bin/ordinal"
home="${ORDINAL_HOME:-$HOME/.ordinal}"
"$ordinal" ceph dev up "$@"
"$ordinal" ceph prepare --pool rbd --user admin --namespace default --admin-secret ceph-secret --admin-secret-namespace default --no-storage-class "$@"
export CEPH_CONF="$home/ceph/dev/ceph.conf"
if ! rbd info rbd/volume101 >/dev/null 2>&1; then
  rbd create volume101 --size 1024 --pool rbd
  rbd feature disable rbd/volume101 exclusive-lock,object-map,fast-diff,deep-flatten
fi
