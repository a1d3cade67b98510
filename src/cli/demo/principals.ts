import { deterministicUuid } from '../../simulator/seed/ids';

/** ward's identity in the demo: its own writes carry this object id and start nothing. */
export const DEMO_WARD_PRINCIPAL = {
  oid: deterministicUuid('ward-demo', 'principal', 'ward-managed-identity'),
  appid: deterministicUuid('ward-demo', 'application', 'ward'),
  name: 'ward (managed identity)',
};
