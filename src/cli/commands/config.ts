import type { Command } from 'commander';
import { ConfigError } from '../../config/errors';
import { loadPolicyFile } from '../../config/load-policy';
import type { Policy } from '../../config/policy';
import { policyJsonSchema } from '../../config/policy-json-schema';
import type { CliContext } from '../context';
import { EXIT } from '../io';
import { printConfigError } from '../print-config-error';

function summary(path: string, policy: Policy): string {
  const ruleOverrides = Object.keys(policy.rules).length;
  return (
    `${path}: valid policy (${policy.dryRun ? 'dry run' : 'live'}; ` +
    `${ruleOverrides} rule mode overrides, ${policy.scopes.length} scopes, ` +
    `${policy.exemptions.length} exemptions, ${policy.guardrails.protectedScopes.length} protected scopes)\n`
  );
}

/** `ward config validate FILE` and `ward config schema`. */
export function registerConfigCommand(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('check and describe the policy file');

  config
    .command('validate')
    .description('validate a policy file (YAML or JSON); prints every problem with its path')
    .argument('<file>', 'policy file')
    .action((file: string) => {
      try {
        ctx.io.stdout.write(summary(file, loadPolicyFile(file)));
      } catch (cause) {
        if (!(cause instanceof ConfigError)) throw cause;
        printConfigError(ctx.io.stderr, cause);
        const count = cause.problems.length;
        if (cause.code === 'config-unreadable') {
          ctx.exit(EXIT.unreadable);
        } else {
          ctx.io.stderr.write(`${file}: ${count} problem${count === 1 ? '' : 's'}\n`);
          ctx.exit(EXIT.problems);
        }
      }
    });

  config
    .command('schema')
    .description('print the JSON Schema of the policy file (for editor completion)')
    .action(() => {
      ctx.io.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
    });
}
