/**
 * An empty consumer project with the packed `lindblad` tarball installed, shared by the consumer test
 * (test/package/consumer.test.ts) and the start-up bench (bench/startup.bench.ts). The install is pinned
 * by the runtime part of our package-lock.json and runs offline (`npm ci --offline`: after our own
 * `npm ci` every runtime package is in the npm cache); if that fails it falls back to
 * `npm install --prefer-offline` and says so.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { lstatSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The environment for child processes: without the outer npm run's variables and without tsx (NODE_OPTIONS). */
export function cleanEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())) env[k] = v;
  delete env.NODE_OPTIONS;
  return env;
}

/** A child process with cleanEnv, its output as text. */
export function run(cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout, maxBuffer: 1 << 26 });
}

/** package.json and package-lock.json of a consumer that depends on the tarball `tgz` (a file: spec) only, pinned by `lockText`. */
export function consumerFiles(tgz: string, lockText: string): { pkg: object; lock: object } {
  const ours = JSON.parse(lockText) as { packages: Record<string, Record<string, unknown>> };
  const root = ours.packages[''] as { version: string; license: string; dependencies: Record<string, string>; bin: object; engines: object };
  const deps = { lindblad: `file:${tgz}` };
  const packages: Record<string, object> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: deps },
    'node_modules/lindblad': { version: root.version, resolved: `file:${tgz}`, license: root.license, dependencies: root.dependencies, bin: root.bin, engines: root.engines },
  };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path === '' || entry.dev === true) continue; // the runtime tree only
    const { devOptional: _, ...rest } = entry;
    packages[path] = entry.devOptional === true ? { ...rest, optional: true } : rest;
  }
  return {
    pkg: { name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies: deps },
    lock: { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages },
  };
}

/**
 * Writes the consumer files into the (empty) `project` and installs; returns how it was installed, or
 * throws with npm's output when even the fallback fails.
 */
export function installConsumer(project: string, tgz: string, lockText: string, timeout = 300_000): string {
  const { pkg, lock } = consumerFiles(tgz, lockText);
  writeFileSync(join(project, 'package.json'), JSON.stringify(pkg, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 2));
  const offline = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project, timeout);
  if (offline.status === 0) return 'npm ci --offline (lockfile derived from ours)';
  rmSync(join(project, 'package-lock.json'), { force: true });
  rmSync(join(project, 'node_modules'), { recursive: true, force: true });
  const r = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project, timeout);
  if (r.status !== 0) throw new Error(`npm install --prefer-offline failed (${r.status ?? r.signal ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  return `npm install --prefer-offline (the offline install failed: ${offline.stderr.trim().split('\n')[0] ?? ''})`;
}

/** Apparent size (bytes) of the files under dir (symbolic links counted as links). */
export function treeSize(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name), s = lstatSync(p);
    bytes += s.isDirectory() ? treeSize(p) : s.size;
  }
  return bytes;
}
