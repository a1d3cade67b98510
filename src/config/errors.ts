/** One thing wrong with a configuration, at a dotted path (`scopes[0].rules.x`). */
export interface ConfigProblem {
  path: string;
  message: string;
}

/**
 * - `config-unreadable`: the file cannot be read.
 * - `config-syntax`: the file is not valid YAML / JSON.
 * - `config-invalid`: the policy does not match the schema.
 * - `env-invalid`: an app setting is missing or malformed.
 */
export type ConfigErrorCode =
  'config-unreadable' | 'config-syntax' | 'config-invalid' | 'env-invalid';

/** A configuration that cannot be used: the message lists every problem with its path. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly code: ConfigErrorCode,
    /** The file path, or the name of the setting / record the configuration came from. */
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `${source}: ${describeCode(code)}\n` +
        problems.map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'),
    );
  }
}

function describeCode(code: ConfigErrorCode): string {
  switch (code) {
    case 'config-unreadable':
      return 'cannot read the policy file';
    case 'config-syntax':
      return 'not valid YAML or JSON';
    case 'config-invalid':
      return 'invalid policy';
    case 'env-invalid':
      return 'invalid app settings';
  }
}
