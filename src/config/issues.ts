import type { z } from 'zod';
import type { ConfigProblem } from './errors';

/** `['scopes', 0, 'rules']` → `scopes[0].rules` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Rule-keyed maps: an unknown key there is a mistyped or retired rule id. */
function isRuleMap(path: readonly PropertyKey[]): boolean {
  const last = path.at(-1);
  if (last !== 'rules') return false;
  return path.length === 1 || (path.length === 3 && path[0] === 'scopes');
}

/** Every zod issue as a problem with its path; unknown keys are named one by one. */
export function problemsFromZod(error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      const ruleMap = isRuleMap(issue.path);
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: ruleMap
          ? `unknown rule id ${JSON.stringify(key)}; see \`ward rules\``
          : `unknown setting ${JSON.stringify(key)}`,
      }));
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}
