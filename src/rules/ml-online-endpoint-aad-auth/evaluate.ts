import type { RuleOutcome, Snapshot } from '../../domain';
import { readEnum } from '../ml-enum';
import { kubernetesCompute } from '../ml-online-endpoint-compute';
import { armBody } from '../paths';
import { error, fail, pass } from '../outcome';

const PATH = 'properties.authMode';
const MANAGED_EXPECTED = 'AADToken (AMLToken accepted)';
const KUBERNETES_EXPECTED = 'AMLToken (Kubernetes endpoints do not support AADToken)';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM online endpoint body.');
  const kubernetes = kubernetesCompute(body) !== undefined;
  const expected = kubernetes ? KUBERNETES_EXPECTED : MANAGED_EXPECTED;
  const read = readEnum(body, PATH, ['AADToken', 'AMLToken', 'Key']);
  switch (read.kind) {
    case 'invalid':
      return error(read.problem, [{ path: PATH, actual: read.actual, expected }]);
    case 'absent':
      // authMode is required by the spec: a body without it is incomplete, not insecure.
      return error(`${PATH} is missing: the endpoint's authentication cannot be judged.`, [
        { path: PATH, actual: read.actual, expected },
      ]);
    case 'value':
      switch (read.value) {
        case 'Key':
          return fail('Online endpoint accepts static keys that never expire.', [
            {
              path: PATH,
              actual: read.actual,
              expected,
              note: 'Switching authMode breaks callers that send a key: they move to tokens first.',
            },
          ]);
        case 'AMLToken':
          return pass('Online endpoint uses expiring Azure ML tokens.', [
            kubernetes
              ? { path: PATH, actual: read.actual, expected }
              : {
                  path: PATH,
                  actual: read.actual,
                  expected,
                  note: 'AADToken is stronger: Entra ID checks the caller on every request.',
                },
          ]);
        case 'AADToken':
          return pass('Online endpoint uses Microsoft Entra ID tokens.', [
            { path: PATH, actual: read.actual, expected },
          ]);
      }
  }
}
