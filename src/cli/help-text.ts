import type { Command } from 'commander';

/** What `--help` adds under a command's options: examples and what each exit code means. */
export interface CommandHelp {
  examples: readonly string[];
  /** Exit code → meaning, in the order shown. */
  exits: readonly (readonly [code: number, meaning: string])[];
}

/** Keyed by the command's path under `ward` (`config validate`). Every command has an entry. */
export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  rules: {
    examples: ['ward rules', 'ward rules --format json'],
    exits: [
      [0, 'the catalog was printed'],
      [1, 'a usage error'],
    ],
  },
  evaluate: {
    examples: [
      'ward evaluate workspace.json',
      'ward evaluate snapshots/ --format json   # every .json file in the folder',
      'ward evaluate vault.json --policy policy.yaml',
    ],
    exits: [
      [0, 'every file was judged (also when rules fail)'],
      [1, 'a usage error'],
      [2, 'a file or the policy could not be read or is not a snapshot (each is named)'],
    ],
  },
  config: {
    examples: ['ward config validate policy.yaml', 'ward config schema > policy.schema.json'],
    exits: [
      [0, 'done'],
      [1, 'a usage error'],
    ],
  },
  'config validate': {
    examples: ['ward config validate policy.yaml'],
    exits: [
      [0, 'the policy is valid'],
      [1, 'the policy has problems (each printed with its path)'],
      [2, 'the file cannot be read or parsed'],
    ],
  },
  'config schema': {
    examples: ['ward config schema > policy.schema.json'],
    exits: [[0, 'the schema was printed']],
  },
  scan: {
    examples: [
      'ward scan --simulator',
      'ward scan --subscription <id> --format html > ward.html',
      'ward scan --subscription <id> --format sarif > ward.sarif',
    ],
    exits: [
      [0, 'the scan finished (findings do not change the code)'],
      [1, 'a usage error, no subscription named, or some reads failed'],
      [2, 'the policy cannot be read, or no Azure credentials (run az login)'],
    ],
  },
  preflight: {
    examples: [
      'ward preflight --subscription <id>',
      'ward preflight --subscription <id> --vault /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>',
      'ward preflight --subscription <id> --policy ward-policy.json --events arn --format json',
      'ward preflight --simulator   # every subscription, vault and the workspace of the bundled estate',
    ],
    exits: [
      [0, 'every check is ok'],
      [1, 'a check needs a fix (each is printed with what to run or pass), or a usage error'],
      [
        2,
        'something could not be read (named), no Azure credentials (run az login), or the policy cannot be read',
      ],
    ],
  },
  demo: {
    examples: ['ward demo', 'ward demo --keep', 'ward demo --format json'],
    exits: [
      [0, 'the demo ran with no errors'],
      [1, 'the demo could not start, or ward reported errors'],
      [2, 'the policy cannot be read'],
    ],
  },
  undo: {
    examples: [
      'ward undo <ledger-id>',
      'ward undo <ledger-id> --simulator   # on `ward demo --keep`',
    ],
    exits: [
      [0, 'the state before the remediation is restored'],
      [1, 'undo was refused (the reason is printed) or the configuration is incomplete'],
    ],
  },
  simulator: {
    examples: ['ward simulator', 'ward simulator --seed estate.yaml --port 8443'],
    exits: [
      [0, 'stopped by SIGINT or SIGTERM'],
      [1, 'the simulator could not start'],
      [2, 'the seed file cannot be read or is invalid'],
    ],
  },
};

/** The text `--help` prints after the options of the command at `path`. */
export function helpFooter(help: CommandHelp): string {
  const examples = help.examples.map((line) => `  $ ${line}`).join('\n');
  const exits = help.exits.map(([code, meaning]) => `  ${code}  ${meaning}`).join('\n');
  return `\nExamples:\n${examples}\n\nExit codes:\n${exits}\n`;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Adds each command's examples and exit codes to its `--help`; a command without any throws. */
export function addCommandHelp(program: Command): void {
  const visit = (command: Command): void => {
    for (const sub of command.commands) {
      const path = commandPath(sub);
      const help = COMMAND_HELP[path];
      if (!help) throw new Error(`ward ${path} has no examples and exit codes in COMMAND_HELP.`);
      sub.addHelpText('after', helpFooter(help));
      visit(sub);
    }
  };
  visit(program);
  program.addHelpText(
    'after',
    '\nNew here? Start with `ward demo`: the whole service on a bundled insecure estate, locally.\n' +
      'Then `ward scan --subscription <id>` for a read-only look at your own subscription.\n' +
      'Run `ward <command> --help` for examples and exit codes.\n',
  );
}
