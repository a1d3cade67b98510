import type { BuildOptions } from 'esbuild';

export const root: string;
export const common: BuildOptions;
export function functionEntries(): string[];
export function functionBundleOptions(outdir: string): BuildOptions;
