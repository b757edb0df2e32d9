/** Types of build-explorer.mjs. */
export const REPO: string;
export const OUT_DIR: string;
export function explorerIsFresh(): boolean;
export function buildExplorer(options?: { force?: boolean }): Promise<{ built: boolean }>;
