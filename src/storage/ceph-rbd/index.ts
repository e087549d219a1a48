export type { CephCluster, CephCredentials, CephRunOptions, CephRunner, CephTarget } from './types.js';
export { CephCommandError, cephMessageOf, errnoOf, isCephCommandError } from './ceph-command-error.js';
export { CephCli, clientConf, keyringFor, type CephCliOptions } from './ceph-cli.js';
export { cephCsiClusters, cephCsiConfigMap, monitorsOf, withCluster } from './csi-config.js';
