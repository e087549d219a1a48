/** Which printer serves which resource. */
import type { ResourceInfo } from '../registry/types.js';
import { controllerRevisionPrinter, podDisruptionBudgetPrinter, statefulSetPrinter } from './print-apps.js';
import { eventPrinter, leasePrinter, namespacePrinter, nodePrinter } from './print-cluster.js';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './print-config.js';
import { customResourcePrinter, defaultPrinter } from './print-custom.js';
import { endpointsPrinter, servicePrinter } from './print-network.js';
import { podPrinter } from './print-pod.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './print-storage.js';
import type { Printer, PrinterColumn } from './types.js';

/** Keyed by "group/resource" ("" group for core). */
const builtinPrinters = new Map<string, Printer>([
  ['/pods', podPrinter],
  ['/services', servicePrinter],
  ['/endpoints', endpointsPrinter],
  ['/persistentvolumeclaims', persistentVolumeClaimPrinter],
  ['/persistentvolumes', persistentVolumePrinter],
  ['/secrets', secretPrinter],
  ['/configmaps', configMapPrinter],
  ['/events', eventPrinter],
  ['/nodes', nodePrinter],
  ['/namespaces', namespacePrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['apps/statefulsets', statefulSetPrinter],
  ['apps/controllerrevisions', controllerRevisionPrinter],
  ['storage.k8s.io/storageclasses', storageClassPrinter],
  ['policy/poddisruptionbudgets', podDisruptionBudgetPrinter],
  ['coordination.k8s.io/leases', leasePrinter],
]);

export function printerFor(info: Pick<ResourceInfo, 'group' | 'resource' | 'custom'>, printerColumns?: PrinterColumn[]): Printer {
  if (info.custom) return customResourcePrinter(printerColumns);
  return builtinPrinters.get(`${info.group}/${info.resource}`) ?? defaultPrinter;
}
