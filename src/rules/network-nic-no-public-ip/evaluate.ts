import type { Evidence, RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass } from '../outcome';
import { armBody, isRecord, readPath } from '../paths';

const CONFIGS = 'properties.ipConfigurations';
const EXPECTED = 'no public IP address';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM network interface body.');
  const configs = readPath(body, CONFIGS);
  if (!Array.isArray(configs)) {
    return error(`${CONFIGS} is not an array.`, [
      { path: CONFIGS, actual: configs, expected: 'an array of ip configurations' },
    ]);
  }
  const evidence: Evidence[] = [];
  const attached: string[] = [];
  for (const [index, config] of configs.entries()) {
    const path = `${CONFIGS}[${index}].properties.publicIPAddress`;
    if (!isRecord(config)) {
      return error(`${CONFIGS}[${index}] is not an object.`, [
        { path: `${CONFIGS}[${index}]`, actual: config, expected: 'an ip configuration' },
      ]);
    }
    const publicIp = readPath(config, 'properties.publicIPAddress');
    if (publicIp === undefined || publicIp === null) {
      evidence.push({ path, actual: publicIp, expected: EXPECTED });
      continue;
    }
    const id = readPath(publicIp, 'id');
    if (!isRecord(publicIp) || typeof id !== 'string' || id === '') {
      return error(`${path} has no public IP resource id.`, [
        {
          path: `${path}.id`,
          actual: id,
          expected: 'a public IP resource id or no publicIPAddress',
        },
      ]);
    }
    const name = typeof config.name === 'string' ? config.name : `#${index}`;
    attached.push(name);
    evidence.push({
      path: `${path}.id`,
      actual: id,
      expected: EXPECTED,
      note: `ip configuration ${name} is reachable from the internet through this address.`,
    });
  }
  if (attached.length > 0) {
    return fail(
      `Public IP associated with ip configuration${attached.length > 1 ? 's' : ''} ${attached.join(', ')}.`,
      evidence.filter((entry) => entry.actual !== undefined && entry.actual !== null),
    );
  }
  return pass(`None of the ${configs.length} ip configurations has a public IP.`, evidence);
}
