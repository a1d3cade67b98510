// Started by azurite.test.ts as a separate process that gets killed without calling stop().
import { startAzurite } from '../../src/store/azurite';

const azurite = await startAzurite();
process.stdout.write(`${JSON.stringify({ pid: azurite.pid })}\n`);
setInterval(() => undefined, 60_000);
