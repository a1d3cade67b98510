import type { SimulatorPlugin } from './core';

/**
 * Plugins every simulator gets unless `options.plugins` says otherwise (the Key Vault data
 * plane and Resource Graph add themselves here).
 */
export function defaultPlugins(): SimulatorPlugin[] {
  return [];
}
