// Worker-thread entry of the quantum-jump pool (jumps-parallel.ts): loads the TypeScript worker module
// through tsx, as bin/lindblad.mjs does for the CLI, and exports its task function for piscina.
import { register } from 'tsx/esm/api';
register();
const { runJumpTask } = await import('./jumps-worker.ts');
export default runJumpTask;
