import { DEMO_ACCESS_PRINCIPALS } from '../../simulator/seed/demo-access';
import { deterministicUuid } from '../../simulator/seed/ids';

/** ward's identity in the demo: its own writes carry this object id and start nothing. */
export const DEMO_WARD_PRINCIPAL = {
  // The same id the demo's role assignments name (src/simulator/seed/demo-access.ts).
  oid: DEMO_ACCESS_PRINCIPALS.ward,
  appid: deterministicUuid('ward-demo', 'application', 'ward'),
  name: 'ward (managed identity)',
};
