import type { SimulatorPlugin } from './core';
import { keyVaultPlugin } from './keyvault/plugin';
import { resourceGraphPlugin } from './resource-graph/plugin';

/**
 * Plugins every simulator gets unless `options.plugins` says otherwise (the Key Vault data
 * plane and Resource Graph add themselves here).
 */
export function defaultPlugins(): SimulatorPlugin[] {
  return [keyVaultPlugin(), resourceGraphPlugin()];
}
