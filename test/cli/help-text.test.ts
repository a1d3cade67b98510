import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addCommandHelp, COMMAND_HELP } from '../../src/cli/help-text';
import { runCli } from './run-cli';

/** Every command path under `ward`, as `ward --help` and each group's help list them. */
async function commandPaths(): Promise<string[]> {
  const paths: string[] = [];
  const list = async (prefix: string[]): Promise<void> => {
    const run = await runCli([...prefix, '--help']);
    const section = run.stdout.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
    for (const line of section.split('\n')) {
      const name = /^ {2}(\S+)/.exec(line)?.[1];
      if (!name || name === 'help') continue;
      paths.push([...prefix, name].join(' '));
      await list([...prefix, name]);
    }
  };
  await list([]);
  return paths;
}

describe('--help', () => {
  it('gives every command examples and its exit codes', async () => {
    const paths = await commandPaths();
    expect(paths).toEqual(expect.arrayContaining(['evaluate', 'scan', 'demo', 'config validate']));
    expect(paths.sort()).toEqual(Object.keys(COMMAND_HELP).sort());
    for (const path of paths) {
      const run = await runCli([...path.split(' '), '--help']);
      expect(run.code, path).toBe(0);
      expect(run.stdout, path).toMatch(/\nExamples:\n {2}\$ ward /);
      expect(run.stdout, path).toMatch(/\nExit codes:\n {2}0 {2}\S/);
    }
  });

  it('tells a newcomer to start with ward demo', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Start with `ward demo`');
    // With no arguments at all, the same help.
    expect((await runCli([])).stdout).toContain('Start with `ward demo`');
  });

  it('refuses a command that has no examples and exit codes', () => {
    const program = new Command('ward');
    program.command('mystery').description('not documented');
    expect(() => {
      addCommandHelp(program);
    }).toThrow(/ward mystery has no examples and exit codes/);
  });
});
