import type { ArmResource, RuleOutcome } from '../domain';
import { error, fail, pass } from './outcome';
import { readPath } from './paths';

/** One boolean property judged against the value it must hold, with the words for each case. */
export interface BooleanSetting {
  path: string;
  /** The compliant value. */
  want: boolean;
  /** Absent or null means the service default, which is never the compliant value here. */
  absent: { message: string; note: string };
  /** Pass message. */
  compliant: string;
  /** Fail message when set to the other value; the note says why it cannot simply be flipped. */
  wrong: { message: string; note?: string };
}

/**
 * Judges a boolean property: absent or null fails (the service default is the unsafe value),
 * a non-boolean is an error, and only the wanted value passes.
 */
export function judgeBoolean(body: ArmResource, setting: BooleanSetting): RuleOutcome {
  const { path, want } = setting;
  const expected = String(want);
  const actual = readPath(body, path);
  if (actual === undefined || actual === null) {
    return fail(setting.absent.message, [{ path, actual, expected, note: setting.absent.note }]);
  }
  if (typeof actual !== 'boolean') {
    return error(`${path} is not a boolean.`, [{ path, actual, expected }]);
  }
  if (actual === want) return pass(setting.compliant, [{ path, actual, expected }]);
  const { message, note } = setting.wrong;
  return fail(message, [{ path, actual, expected, ...(note !== undefined && { note }) }]);
}
