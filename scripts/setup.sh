#!/usr/bin/env bash
# Installs what ordinal needs on a Debian machine, idempotently (fast when everything is present),
# then builds. Usage: bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: build tools for better-sqlite3's native module, kubectl for the tests and users,
# the sandbox and network tools the node agent uses (bubblewrap, iproute2, util-linux's nsenter),
# the engines the image catalog maps to host programs, and the tools the seeds' scripts call inside
# containers (sh, ping, getent, nslookup/dig, redis-cli, etcdctl), and the Ceph RBD path: the
# daemons of `ordinal ceph dev up` (ceph-mon, ceph-mgr, ceph-osd), the `ceph`/`rbd` tools
# (ceph-common), rbd-fuse to attach an image without the kernel's rbd module, mkfs.ext4
# (e2fsprogs), losetup and mount (mount), and fuse3 for /dev/fuse's helpers (fusermount, which
# rbd-fuse's libfuse uses when it does not run as root).
debs=(ca-certificates g++ make python3 kubectl
  bubblewrap iproute2 util-linux mount procps
  redis-server redis-sentinel redis-tools etcd-server etcd-client zookeeper mariadb-server
  dnsutils iputils-ping busybox
  ceph-mon ceph-mgr ceph-osd ceph-common rbd-fuse e2fsprogs fuse3)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: ordinal needs Node.js 20 or newer (found $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# npm packages: only when package-lock.json changed since the last install.
stamp=node_modules/.ordinal-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

npm run --silent build
echo "setup: ready ($(node --version), $(kubectl version --client 2>/dev/null | head -1))"
