import { hostFsView } from './fs-view.js';

/** A host tool's absolute path from the usual system dirs, whatever the agent's own PATH is. */
export function systemTool(name: string): string {
  for (const dir of ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin']) {
    if (hostFsView.isExecutable(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return name;
}
