/** Types of chromium.mjs (for TypeScript callers such as the end-to-end test). */
import type { BrowserContext } from 'playwright-core';
export const CHROMIUM_PATH: string;
export function chromiumProblem(): string | null;
export function launchChromium(options?: { viewport?: { width: number; height: number }; deviceScaleFactor?: number }): Promise<{ context: BrowserContext; close(): Promise<void> }>;
