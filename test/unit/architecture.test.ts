// The layering of docs/architecture.md, checked on the source text: only electron/shell/ imports
// `electron`, the renderer imports nothing from electron/, the engine and the sandbox never import each other;
// the allow-list of eslint.layers.js has no circle, lint refuses an import it does not allow, and no two
// folders of the product import each other, directly or around a circle.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../eslint.layers.js';

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

  it('has an allow-list of layers without a circle', () => {
    expect(circlesOf(new Map(Object.entries(LAYERS).map(([layer, allowed]) => [layer, new Set(allowed)])))).toEqual([]);
  });

  it('fails lint on an import the allow-list does not name', async () => {
    const eslint = new ESLint({ cwd: root });
    const probes = [
      { file: 'electron/engine/load/probe.ts', code: "import { ScenarioRunner } from '../scenarios/scenario-runner';\nexport const a = ScenarioRunner;\n" },
      { file: 'electron/engine/genesys/probe.ts', code: "import { ConversationService } from '../conversations/conversation-service';\nexport const a = ConversationService;\n" },
      { file: 'electron/sandbox/probe.ts', code: "import { requests } from '../../shared/contract';\nexport const a = requests;\n" },
      { file: 'electron/protocol/probe.ts', code: "import { ConsoleError } from '../engine/console-error';\nexport const a = ConsoleError;\n" },
      { file: 'renderer/src/ui/probe.ts', code: "import { ConversationsScreen } from '../conversations/ConversationsScreen';\nexport const a = ConversationsScreen;\n" },
      { file: 'renderer/src/operator/probe.ts', code: "import { ConversationsScreen } from '../conversations/ConversationsScreen';\nexport const a = ConversationsScreen;\n" },
    ];
    for (const probe of probes) {
      const [result] = await eslint.lintText(probe.code, { filePath: path.join(root, probe.file) });
      expect(result!.messages.map((message) => message.ruleId), probe.file).toContain('boundaries/dependencies');
    }
    const [allowed] = await eslint.lintText("import { ConversationService } from '../conversations/conversation-service';\nexport const a = ConversationService;\n", {
      filePath: path.join(root, 'electron/engine/scenarios/probe.ts'),
    });
    expect(allowed!.messages.filter((message) => message.ruleId === 'boundaries/dependencies')).toEqual([]);
  });

  it('has no two folders that import each other, directly or around a circle', () => {
    const graph = new Map<string, Set<string>>();
    for (const file of ['electron', 'renderer/src', 'shared'].flatMap(sourceFiles)) {
      const from = path.dirname(file);
      for (const specifier of importsOf(file).filter((name) => name.startsWith('.'))) {
        const to = path.dirname(path.relative(root, path.resolve(root, from, specifier)));
        // Compare siblings: the two folders just below the deepest folder that holds both.
        const [a, b] = siblingsBelowCommonParent(from, to);
        if (a === undefined || b === undefined || a === b) continue;
        if (!graph.has(a)) graph.set(a, new Set());
        graph.get(a)!.add(b);
      }
    }
    expect(circlesOf(graph)).toEqual([]);
  });
});

function siblingsBelowCommonParent(from: string, to: string): [string | undefined, string | undefined] {
  const a = from.split(path.sep);
  const b = to.split(path.sep);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  if (common === a.length || common === b.length) return [undefined, undefined]; // one holds the other
  return [a.slice(0, common + 1).join('/'), b.slice(0, common + 1).join('/')];
}

/** Each circle of a directed graph once, as the list of its nodes (Tarjan's strongly connected components). */
function circlesOf(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, order.get(next)!));
      }
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return circles;
}
