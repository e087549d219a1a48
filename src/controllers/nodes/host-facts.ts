/**
 * What a virtual node reports about the machine it runs on: every virtual node advertises the whole
 * host (cores, RAM, the data dir's filesystem), as several kubelets on one machine would.
 */
import { readFileSync, statfsSync } from 'node:fs';
import { availableParallelism, release, tmpdir, totalmem } from 'node:os';

export interface HostFacts {
  cpus: number;
  memoryBytes: number;
  /** Size of the filesystem pods' scratch space lives on (undefined if unknown). */
  ephemeralStorageBytes: number | undefined;
  kernelVersion: string;
  osImage: string;
  /** GOARCH spelling: amd64, arm64, ... */
  architecture: string;
}

function osImage(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m?.[1]) return m[1];
  } catch {
    // not Linux, or no os-release
  }
  return 'Unknown';
}

function goArch(arch: string): string {
  return ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[arch] ?? arch;
}

function filesystemBytes(path: string): number | undefined {
  try {
    const s = statfsSync(path);
    return s.blocks * s.bsize;
  } catch {
    return undefined;
  }
}

/** Read the host once; `storagePath` is where pod scratch space lives (the data dir). */
export function readHostFacts(storagePath: string = tmpdir()): HostFacts {
  return {
    cpus: availableParallelism(),
    memoryBytes: totalmem(),
    ephemeralStorageBytes: filesystemBytes(storagePath),
    kernelVersion: release(),
    osImage: osImage(),
    architecture: goArch(process.arch),
  };
}
