/**
 * Which cached objects refer to an owner uid: the collector's graph, kept by informer handlers so
 * an owner's dependents are found without scanning every cache.
 */
export class OwnerIndex {
  private readonly dependentsByOwner = new Map<string, Set<string>>();
  private readonly ownersByDependent = new Map<string, string[]>();

  /** Record the owner uids `key` refers to now (an empty list forgets it). */
  set(key: string, ownerUids: string[]): void {
    for (const uid of this.ownersByDependent.get(key) ?? []) {
      const deps = this.dependentsByOwner.get(uid);
      deps?.delete(key);
      if (deps?.size === 0) this.dependentsByOwner.delete(uid);
    }
    if (ownerUids.length === 0) {
      this.ownersByDependent.delete(key);
      return;
    }
    this.ownersByDependent.set(key, ownerUids);
    for (const uid of ownerUids) {
      let deps = this.dependentsByOwner.get(uid);
      if (!deps) this.dependentsByOwner.set(uid, (deps = new Set()));
      deps.add(key);
    }
  }

  dependents(ownerUid: string): string[] {
    return [...(this.dependentsByOwner.get(ownerUid) ?? [])];
  }

  hasDependents(ownerUid: string): boolean {
    return (this.dependentsByOwner.get(ownerUid)?.size ?? 0) > 0;
  }

  clear(): void {
    this.dependentsByOwner.clear();
    this.ownersByDependent.clear();
  }
}
