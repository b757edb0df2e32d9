import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

// The public API is the export list of src/index.ts (values and types alike, read by the TypeScript
// checker). It is compared with the snapshot beside this test, so the API changes only on purpose: after
// an intended change, run `LINDBLAD_UPDATE_API=1 node scripts/run-tests.mjs test/architecture/exports`
// and commit the snapshot with the change.

const SNAPSHOT = resolve('test/architecture/exports.snapshot.txt');

function publicExports(entry: string): string[] {
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowImportingTsExtensions: true, noEmit: true, strict: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  assert.ok(source, `${entry} not found`);
  const symbol = checker.getSymbolAtLocation(source);
  assert.ok(symbol, `${entry} is not a module`);
  return checker.getExportsOfModule(symbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    const kind = target.flags & ts.SymbolFlags.Value ? (target.flags & ts.SymbolFlags.Class ? 'class' : target.flags & ts.SymbolFlags.Function ? 'function' : target.flags & ts.SymbolFlags.ValueModule ? 'namespace' : 'value') : 'type';
    return `${s.name} (${kind})`;
  }).sort();
}

test('the export list of src/index.ts equals its snapshot', () => {
  const current = publicExports(resolve('src/index.ts'));
  assert.ok(current.length > 50, `only ${current.length} exports`);
  assert.ok(current.includes('steadyState (function)') && current.includes('linalg (namespace)') && current.includes('LindbladError (class)'));
  const text = current.join('\n') + '\n';
  if (process.env.LINDBLAD_UPDATE_API === '1') writeFileSync(SNAPSHOT, text);
  const expected = readFileSync(SNAPSHOT, 'utf8').split('\n').filter((l) => l !== '');
  const added = current.filter((x) => !expected.includes(x)), removed = expected.filter((x) => !current.includes(x));
  assert.deepEqual({ added, removed }, { added: [], removed: [] }, 'the public API changed; if on purpose, update the snapshot (see the comment at the top of this test)');
});
