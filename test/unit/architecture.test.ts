// The layering of docs/architecture.md, checked on the source text: only electron/shell/ imports
// `electron`, the renderer imports nothing from electron/, the engine and the sandbox never import each other.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

function sourceFiles(folder: string): string[] {
  const absolute = path.join(root, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|mjs|js)$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}

function resolvesInto(file: string, specifier: string, folder: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const target = path.relative(root, path.resolve(root, path.dirname(file), specifier));
  return target === folder || target.startsWith(`${folder}${path.sep}`);
}

describe('architecture', () => {
  const everything = ['electron', 'renderer', 'shared', 'test', 'bench', 'scripts'].flatMap(sourceFiles);

  it('has source files to check', () => {
    expect(everything.length).toBeGreaterThan(10);
  });

  it('imports electron only in electron/shell/', () => {
    const offenders = everything.filter(
      (file) => !file.startsWith(`electron${path.sep}shell${path.sep}`) && importsOf(file).some((name) => name === 'electron' || name.startsWith('electron/')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the renderer on shared/ only', () => {
    const offenders = sourceFiles('renderer').filter((file) => importsOf(file).some((name) => resolvesInto(file, name, 'electron')));
    expect(offenders).toEqual([]);
  });

  it('keeps the engine and the sandbox apart, and protocol below both', () => {
    const engineToSandbox = sourceFiles('electron/engine').filter((file) => importsOf(file).some((name) => resolvesInto(file, name, 'electron/sandbox')));
    const sandboxToEngine = sourceFiles('electron/sandbox').filter((file) => importsOf(file).some((name) => resolvesInto(file, name, 'electron/engine')));
    const protocolUp = sourceFiles('electron/protocol').filter((file) =>
      importsOf(file).some((name) => ['electron/engine', 'electron/sandbox', 'electron/shell', 'electron/host'].some((folder) => resolvesInto(file, name, folder))),
    );
    expect({ engineToSandbox, sandboxToEngine, protocolUp }).toEqual({ engineToSandbox: [], sandboxToEngine: [], protocolUp: [] });
  });
});
