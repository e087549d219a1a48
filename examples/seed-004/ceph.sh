#!/usr/bin/env bash
# The Ceph side of seed 004: a one-node Ceph (the seed ran ceph/demo in Docker), the image foo in
# pool rbd made with `rbd create foo -s 1024` - and nothing else: no `rbd map`, no mkfs.ext4, no
# mount point made by hand. The node makes the filesystem on first use. The Secret ceph-secret
# holds client.admin's key in data.key, as the seed's did (prepare makes it from the admin user).
# Usage: bash examples/seed-004/ceph.sh && bin/ordinal up -f examples/seed-004/
set -euo pipefail
ordinal="$(dirname "$0")/../../bin/ordinal"
home="${ORDINAL_HOME:-$HOME/.ordinal}"
"$ordinal" ceph dev up "$@"
"$ordinal" ceph prepare --pool rbd --user admin --namespace default --admin-secret ceph-secret --admin-secret-namespace default --no-storage-class "$@"
export CEPH_CONF="$home/ceph/dev/ceph.conf"
rbd info rbd/foo >/dev/null 2>&1 || rbd create foo -s 1024 --pool rbd
