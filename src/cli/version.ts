import packageJson from '../../package.json';

/** The package version, inlined by the bundler. */
export const WARD_VERSION: string = packageJson.version;
