/**
 * The finalizers of Kubernetes' storage-object-in-use protection (kube's pkg/volume/util): the API
 * server's admission puts them on every new claim and volume, and the pvc-protection and
 * pv-protection controllers remove them once the object is no longer in use.
 */
export const pvcProtectionFinalizer = 'kubernetes.io/pvc-protection';
export const pvProtectionFinalizer = 'kubernetes.io/pv-protection';
