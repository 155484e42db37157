import { goFormatFixed } from './go-format-float.js';
import { goParseFloat } from './go-parse-float.js';

/**
 * The rancher CLI's `parseResourceString` (rancher-kubernetes §1.3), quirks included: `Ki` and `Mi`
 * become "GB" that are really GiB, every occurrence of the suffix is removed before parsing, a value
 * Go cannot parse is printed as it came, and any other suffix (`Gi`, `k`, bare integers, empty) is
 * printed raw.
 */
export function formatResource(quantity: string): string {
  if (quantity.endsWith('Ki')) return binaryGiB(quantity, 'Ki', (n) => n / 1024 / 1024);
  if (quantity.endsWith('Mi')) return binaryGiB(quantity, 'Mi', (n) => n / 1024);
  if (quantity.endsWith('m')) {
    const number = goParseFloat(quantity.replaceAll('m', ''));
    // FormatFloat(num/1000, 'f', 2, 32): the float64 quotient is rounded to float32 before printing.
    return number === null ? quantity : goFormatFixed(number / 1000, 2, 32);
  }
  return quantity;
}

function binaryGiB(quantity: string, suffix: string, toGiB: (n: number) => number): string {
  const number = goParseFloat(quantity.replaceAll(suffix, ''));
  // %.2f formats the float64 as it is; the CLI's TrimSuffix(".0") afterwards can never match.
  return number === null ? quantity : goFormatFixed(toGiB(number), 2, 64);
}

/** The PROVIDER column (§1.4): the cluster `driver`, refined by `provider` for imported clusters. */
export function providerName(driver: string | undefined, provider: string | undefined): string {
  switch (driver ?? '') {
    case 'imported':
      if (provider === 'rke2') return 'RKE2';
      if (provider === 'k3s') return 'K3S';
      return 'Imported';
    case 'k3s':
      return 'K3S';
    case 'rke2':
      return 'RKE2';
    case 'rancherKubernetesEngine':
      return 'Rancher Kubernetes Engine';
    case 'azureKubernetesService':
    case 'AKS':
      return 'Azure Kubernetes Service';
    case 'googleKubernetesEngine':
    case 'GKE':
      return 'Google Kubernetes Engine';
    case 'EKS':
      return 'Elastic Kubernetes Service';
    default:
      return 'Unknown';
  }
}

/**
 * The cluster the CLI calls current: the part of the config's `project` (`c-xxxxx:p-yyyyy`) before
 * the first `:`. Go's `FocusedCluster` returns "" when there is no `:`, which matches no real
 * cluster id; fedwatch says `null`.
 */
export function focusedCluster(project: string | null | undefined): string | null {
  const colon = project?.indexOf(':') ?? -1;
  return colon < 0 ? null : project!.slice(0, colon);
}
