// Loads scripted agents from YAML files (a directory) and inline definitions, validates them and reports
// every problem with its file name and path inside the file. Attachment files are read at load time so a
// broken reference shows up when the sandbox starts, not in the middle of a demo.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AgentScriptSchema, type AgentScript } from './agent-script';

export type AgentCatalog = ReadonlyMap<string, AgentScript>;

export interface ScriptProblem {
  kind: 'ScriptInvalid';
  /** File name, or `inline:<name>` for inline scripts. */
  source: string;
  /** Dotted path inside the script, empty for whole-file problems. */
  path: string;
  message: string;
}

export type CatalogResult = { ok: true; catalog: AgentCatalog } | { ok: false; problems: ScriptProblem[] };

export interface ScriptSources {
  /** Directory of `*.yaml` / `*.yml` files; each file is one agent named after `name:` or the file. */
  dir?: string;
  /** Inline scripts: YAML text or an already-parsed object, keyed by agent name. Override files of the same name. */
  inline?: Record<string, string | object>;
}

export function describeProblem(p: ScriptProblem): string {
  return `${p.source}${p.path ? ` at ${p.path}` : ''}: ${p.message}`;
}

export function loadAgentCatalog(sources: ScriptSources): CatalogResult {
  const catalog = new Map<string, AgentScript>();
  const problems: ScriptProblem[] = [];
  const add = (source: string, fallbackName: string, raw: unknown, baseDir: string) => {
    const result = compileScript(source, fallbackName, raw, baseDir);
    if (result.ok) catalog.set(result.script.name, result.script);
    else problems.push(...result.problems);
  };

  if (sources.dir !== undefined) {
    const dir = resolve(sources.dir);
    if (!existsSync(dir)) {
      problems.push({ kind: 'ScriptInvalid', source: dir, path: '', message: 'scripts directory does not exist' });
    } else {
      for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
        const text = readFileSync(join(dir, file), 'utf8');
        const parsed = parseYamlText(file, text);
        if (parsed.ok) add(file, file.replace(/\.ya?ml$/, ''), parsed.value, dir);
        else problems.push(parsed.problem);
      }
    }
  }
  for (const [name, definition] of Object.entries(sources.inline ?? {})) {
    const source = `inline:${name}`;
    if (typeof definition === 'string') {
      const parsed = parseYamlText(source, definition);
      if (parsed.ok) add(source, name, withName(parsed.value, name), process.cwd());
      else problems.push(parsed.problem);
    } else {
      add(source, name, withName(definition, name), process.cwd());
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, catalog };
}

function withName(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { name, ...value } : value;
}

function parseYamlText(source: string, text: string): { ok: true; value: unknown } | { ok: false; problem: ScriptProblem } {
  try {
    return { ok: true, value: parseYaml(text) };
  } catch (cause) {
    return { ok: false, problem: { kind: 'ScriptInvalid', source, path: '', message: `not valid YAML: ${(cause as Error).message}` } };
  }
}

function compileScript(
  source: string,
  fallbackName: string,
  raw: unknown,
  baseDir: string,
): { ok: true; script: AgentScript } | { ok: false; problems: ScriptProblem[] } {
  const parsed = AgentScriptSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ kind: 'ScriptInvalid', source, path: issue.path.join('.'), message: issue.message })),
    };
  }
  const definition = parsed.data;
  const files = new Map<string, Buffer>();
  const problems: ScriptProblem[] = [];
  const actionLists: Array<[string, typeof definition.onJoin]> = [
    ['onJoin', definition.onJoin],
    ['fallback', definition.fallback],
    ...definition.rules.map((rule, i) => [`rules.${i}.do`, rule.do] as [string, typeof definition.onJoin]),
    ...definition.humans.flatMap((human, h) => [
      [`humans.${h}.fallback`, human.fallback] as [string, typeof definition.onJoin],
      ...human.rules.map((rule, i) => [`humans.${h}.rules.${i}.do`, rule.do] as [string, typeof definition.onJoin]),
    ]),
  ];
  for (const [path, actions] of actionLists) {
    actions.forEach((action, i) => {
      if (action.kind !== 'attachment' || action.body.file === undefined) return;
      const full = resolve(baseDir, action.body.file);
      if (existsSync(full)) files.set(action.body.file, readFileSync(full));
      else problems.push({ kind: 'ScriptInvalid', source, path: `${path}.${i}.attachment.file`, message: `file not found: ${full}` });
    });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, script: { ...definition, name: definition.name ?? fallbackName, source, files } };
}
