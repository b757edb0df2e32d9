/** Types of static-server.mjs (for TypeScript callers such as the end-to-end test). */
export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}
export function serveStatic(dir: string, options?: { host?: string; port?: number }): Promise<StaticServer>;
