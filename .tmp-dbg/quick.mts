import { benchResourceNotifications } from '../scripts/bench/resource-notifications';
const r = await benchResourceNotifications({ steadyChanges: 40, steadyConcurrency: 4, burstChanges: 100, burstConcurrency: 64, burstCapMs: 5_000, sweepResources: 1_000, latencyMs: 100 });
console.log(JSON.stringify(r, null, 1));
