import type { BuildOptions } from 'esbuild';

export function commonBuildOptions(root: string): BuildOptions;
export function functionEntries(root: string): string[];
export function functionBundleOptions(
  root: string,
  entryPoints: BuildOptions['entryPoints'],
  outdir: string,
): BuildOptions;
export function cliBundleOptions(root: string, outfile: string): BuildOptions;
