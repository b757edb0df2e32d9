// Worker-thread entry of the sweep pool (run.ts): loads the TypeScript worker module through tsx, as
// bin/lindblad.mjs does for the CLI, and exports its task function for piscina.
import { register } from 'tsx/esm/api';
register();
const { runSweepTask } = await import('./worker.ts');
export default runSweepTask;
