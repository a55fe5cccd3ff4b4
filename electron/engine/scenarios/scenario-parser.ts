// Scenario YAML → a checked Scenario, or every problem with its line and column. Positions come from the
// `yaml` package's document API (a LineCounter and each node's range); shapes from the zod schemas in
// scenario-format.ts; then the checks zod cannot make: one kind per expectation, an `ai` step's `until` with a
// condition, attachment files inside
// the scenario's folder, patterns RE2 can run, variables the run may read and that have a value. Aliases
// that expand beyond the yaml package's limit (a "billion laughs" file) are a problem too, never a throw.
// A file with any problem yields no Scenario, so nothing runs.
import path from 'node:path';
import { isAlias, isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { ScenarioProblem } from '../../../shared/scenario-contract';
import {
  AI_STEP_KEYS,
  DURATION_PATTERN,
  OTHER_EXPECTATIONS,
  REPLY_CONDITIONS,
  ScenarioDocumentSchema,
  STEP_KINDS,
  type ParticipantExpectationSchema,
  type ReplyExpectationSchema,
  type STEP_BODIES,
} from './scenario-format';
import { attachmentFile } from './attachment-file';
import { DEFAULT_AI_MAX_TURNS } from '../../../shared/ai-contract';
import { DEFAULT_AI_STEP_TIME_LIMIT_MS, DEFAULT_TIMEOUT_MS, matchersOf, type Act, type AiStep, type Expectation, type ParticipantMatcher, type ReplyMatcher, type Scenario, type Step, type ValueMatcher } from './scenario';
import { scenarioEnvironment, type ScenarioEnvironment } from './scenario-environment';
import { compilePattern } from './scenario-pattern';
import { referencesIn } from './scenario-variables';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

export interface ParseOptions {
  /** The scenario's folder: `attachment.file` paths stay inside it; without it, file attachments are refused. */
  baseDirectory?: string;
  /** What `${env.X}` may read (default: GUEST_CONSOLE_VAR_ names, none set); refused and unset variables are problems. */
  environment?: ScenarioEnvironment;
}

type Path = (string | number)[];
type RawDocument = z.output<typeof ScenarioDocumentSchema>;
type RawReply = z.output<typeof ReplyExpectationSchema>;
type RawStep = { [K in keyof typeof STEP_BODIES]?: z.output<(typeof STEP_BODIES)[K]> };

const MIME_BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
};

export function mimeOf(fileName: string): string {
  return MIME_BY_EXTENSION[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export function durationMs(value: number | string): number {
  if (typeof value === 'number') return value;
  const [, amount, unit] = DURATION_PATTERN.exec(value.trim())!;
  return Math.round(Number(amount) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
}

export function parseScenario(text: string, options: ParseOptions = {}): ParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({ ...at(error.pos[0]), path: '', message: error.message.split('\n')[0]! })),
    };
  }
  const problems: ScenarioProblem[] = [];
  const report = (where: Path, message: string, key?: string) => {
    problems.push({ ...at(offsetOf(document, where, key)), path: [...where, ...(key ? [key] : [])].join('.'), message });
  };
  const plain = plainValueOf(document);
  if (!plain.ok) return { ok: false, problems: [{ ...at(plain.offset), path: '', message: plain.message }] };
  const raw = plain.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    report([], 'A scenario is a YAML mapping with at least `name` and `steps`.');
    return { ok: false, problems };
  }
  const parsed = ScenarioDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) explain(issue, raw, [], report);
    return { ok: false, problems: sorted(problems) };
  }
  const lineAt = (where: Path) => at(offsetOf(document, where)).line;
  const scenario = normalize(parsed.data, lineAt, options, report);
  return problems.length > 0 ? { ok: false, problems: sorted(problems) } : { ok: true, scenario };
}

/** The yaml package's own default: enough for any scenario that reuses a few values. */
const MAX_ALIAS_COUNT = 100;

/**
 * The document as plain values, or why not at an offset: an alias without an anchor, or aliases that
 * expand past the limit (the yaml package throws a ReferenceError for both; the first is checked before).
 */
function plainValueOf(document: Document): { ok: true; value: unknown } | { ok: false; offset: number; message: string } {
  const aliases: Alias[] = [];
  visit(document, { Alias: (_, alias) => void aliases.push(alias) });
  const dangling = aliases.find((alias) => !alias.resolve(document));
  if (dangling) return { ok: false, offset: dangling.range?.[0] ?? 0, message: `the alias *${dangling.source} has no anchor &${dangling.source} before it` };
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const largest = largestAlias(document, aliases);
    return {
      ok: false,
      offset: largest.range?.[0] ?? 0,
      message: `the alias *${largest.source} expands to too many values (aliases nested inside aliases, as in a "billion laughs" file); write the values out instead`,
    };
  }
}

/** The alias that expands to the most nodes (the first of equals), to point the problem at. */
function largestAlias(document: Document, aliases: readonly Alias[]): Alias {
  const sizes = new Map<Node, number>();
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) return sizeOf(node.resolve(document));
    if (!isCollection(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, Number.POSITIVE_INFINITY); // an alias inside its own anchor counts as endless
    let size = 1;
    for (const item of node.items) size += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item);
    sizes.set(node, size);
    return size;
  };
  return aliases.reduce((largest, alias) => (sizeOf(alias) > sizeOf(largest) ? alias : largest));
}

function sorted(problems: ScenarioProblem[]): ScenarioProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

// ---- zod issues → problems at nodes -------------------------------------------------------------

type Issue = z.core.$ZodIssue;

/** Report one zod issue; a failed union is explained by the branch the author meant. */
function explain(issue: Issue, root: unknown, base: Path, report: (where: Path, message: string, key?: string) => void): void {
  const where = [...base, ...(issue.path as Path)];
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) report(where, `unknown key \`${key}\`${suggestion(where, key)}`, key);
    return;
  }
  if (issue.code !== 'invalid_union') {
    report(where, missing(issue) ? `\`${String(where[where.length - 1])}\` is required` : issue.message);
    return;
  }
  const value = valueAt(root, where);
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const isStep = where.length === 2 && where[0] === 'steps';
  if (isStep && isObject) {
    const keys = Object.keys(value);
    const kind = keys.length === 1 ? STEP_KINDS.indexOf(keys[0] as (typeof STEP_KINDS)[number]) : -1;
    if (kind < 0) {
      report(where, `a step has exactly one of the keys ${STEP_KINDS.join(', ')}; found ${keys.length > 0 ? keys.join(', ') : 'none'}`);
      return;
    }
    for (const inner of issue.errors[kind] ?? []) explain(inner, root, where, report);
    return;
  }
  // A union of an object form and a short form: when an object was given, the object branch's problems say most.
  const objectBranch = isObject ? issue.errors.find((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0)) : undefined;
  if (objectBranch) for (const inner of objectBranch) explain(inner, root, where, report);
  else report(where, issue.message);
}

function missing(issue: Issue): boolean {
  return issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
}

function suggestion(where: Path, key: string): string {
  const last = where[where.length - 1];
  const known =
    where.length === 0
      ? Object.keys(ScenarioDocumentSchema.shape)
      : last === 'expect'
        ? [...REPLY_CONDITIONS, ...OTHER_EXPECTATIONS, 'timeout']
        : last === 'ai'
          ? AI_STEP_KEYS
          : last === 'until'
            ? REPLY_CONDITIONS
            : [];
  const close = known.find((candidate) => candidate.toLowerCase() === key.toLowerCase() || editDistance(candidate, key) <= 2);
  return close ? ` (did you mean \`${close}\`?)` : known.length > 0 ? `; expected one of ${known.join(', ')}` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function valueAt(root: unknown, where: Path): unknown {
  let value = root;
  for (const key of where) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  return value;
}

/** The offset of the node at `where` (or of the key `key` in that mapping); the nearest existing parent otherwise. */
function offsetOf(document: Document, where: Path, key?: string): number {
  for (let depth = where.length; depth >= 0; depth -= 1) {
    const node = document.getIn(where.slice(0, depth), true) as Node | undefined;
    if (!node) continue;
    if (key !== undefined && depth === where.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    if (node.range) return node.range[0];
  }
  return 0;
}

// ---- normalizing ----------------------------------------------------------------------------------

function normalize(
  raw: RawDocument,
  lineAt: (where: Path) => number,
  options: ParseOptions,
  report: (where: Path, message: string, key?: string) => void,
): Scenario {
  const defaultTimeout = raw.timeout === undefined ? DEFAULT_TIMEOUT_MS : durationMs(raw.timeout);
  const captured = new Set<string>();
  const environment = options.environment ?? scenarioEnvironment({});
  const checkText = (text: string | undefined, where: Path) => {
    for (const reference of referencesIn(text ?? '')) {
      if (reference.env) {
        const read = environment.read(reference.name);
        if (read.kind === 'refused') report(where, read.reason);
        else if (read.kind === 'unset') report(where, `the environment variable ${reference.name} is not set; set it before running`);
      } else if (!captured.has(reference.name)) {
        report(where, `\`\${${reference.name}}\` is not captured by an earlier \`matches\` (use a named group like (?<${reference.name}>…)), nor \`\${env.${reference.name}}\``);
      }
    }
  };
  const steps: Step[] = [];
  raw.steps.forEach((value, index) => {
    const where: Path = ['steps', index];
    const line = lineAt(where);
    const step = value as RawStep;
    const kind = Object.keys(step)[0] as keyof RawStep;
    if (kind === 'expect') {
      const expect = step.expect!;
      const expectation = toExpectation(expect, [...where, 'expect'], report, checkText);
      if (!expectation) return;
      for (const matcher of matchersOf(expectation)) for (const name of matcher.matches?.groups ?? []) captured.add(name);
      if (expect.timeout !== undefined && expectation.kind === 'noReply') report([...where, 'expect'], '`noReply` is its own time window; leave out `timeout`', 'timeout');
      steps.push({ line, type: 'expect', expectation, timeoutMs: expect.timeout === undefined ? defaultTimeout : durationMs(expect.timeout) });
      return;
    }
    if (kind === 'ai') {
      const ai = toAiStep(step.ai!, [...where, 'ai'], report, checkText, captured);
      if (ai) steps.push({ line, type: 'ai', ai });
      return;
    }
    if (kind === 'judge') {
      checkText(step.judge, [...where, 'judge']);
      steps.push({ line, type: 'judge', criterion: step.judge! });
      return;
    }
    const act = toAct(step, [...where, kind], options, report, checkText);
    if (act) steps.push({ line, type: 'act', act });
  });
  const channels = raw.channel === undefined ? ['webmessaging' as const] : Array.isArray(raw.channel) ? [...new Set(raw.channel)] : [raw.channel];
  return {
    name: raw.name,
    ...(raw.description ? { description: raw.description } : {}),
    ...(raw.profile ? { profile: raw.profile } : {}),
    channels,
    persona: { ...(raw.persona ?? { name: 'Scenario guest' }), customAttributes: raw.persona?.customAttributes ?? {} },
    timeoutMs: defaultTimeout,
    steps,
  };
}

function toAct(
  step: RawStep,
  where: Path,
  options: ParseOptions,
  report: (where: Path, message: string, key?: string) => void,
  checkText: (text: string | undefined, where: Path) => void,
): Act | undefined {
  if (step.say !== undefined) {
    const say = typeof step.say === 'string' ? { text: step.say, attributes: {} } : { text: step.say.text, attributes: step.say.attributes ?? {} };
    for (const text of [say.text, ...Object.values(say.attributes)]) checkText(text, where);
    return { kind: 'say', ...say };
  }
  if (step.choose !== undefined) {
    checkText(step.choose, where);
    return { kind: 'choose', label: step.choose };
  }
  if (step.attachment !== undefined) {
    const { file, name, content, mime, text } = step.attachment;
    if ((file === undefined) === (content === undefined) || (content !== undefined && name === undefined)) {
      report(where, 'an attachment has either `file` (a path next to the scenario) or `name` and `content`');
      return undefined;
    }
    if (file !== undefined) {
      if (!options.baseDirectory) {
        report(where, 'this scenario has no folder to read files from; use `name` and `content`', 'file');
        return undefined;
      }
      const found = attachmentFile(options.baseDirectory, file);
      if (!found.ok) report(where, found.message, 'file');
      checkText(text, where);
      return { kind: 'attachment', fileName: path.basename(file), mime: mime ?? mimeOf(file), source: { folder: options.baseDirectory, file }, ...(text ? { text } : {}) };
    }
    checkText(text, where);
    return { kind: 'attachment', fileName: name!, mime: mime ?? mimeOf(name!), source: { content: content! }, ...(text ? { text } : {}) };
  }
  if (step.typing !== undefined) return { kind: 'typing', on: step.typing === 'on' };
  if (step.attributes !== undefined) {
    for (const value of Object.values(step.attributes)) checkText(value, where);
    return { kind: 'attributes', attributes: step.attributes };
  }
  if (step.wait !== undefined) return { kind: 'wait', ms: durationMs(step.wait) };
  if (step.reconnect !== undefined) return { kind: 'reconnect', offlineMs: step.reconnect === true ? 0 : durationMs(step.reconnect.offline) };
  if (step.startNew !== undefined) return { kind: 'startNew' };
  return { kind: 'close' };
}

function toAiStep(
  raw: NonNullable<RawStep['ai']>,
  where: Path,
  report: (where: Path, message: string, key?: string) => void,
  checkText: (text: string | undefined, where: Path) => void,
  captured: Set<string>,
): AiStep | undefined {
  checkText(raw.goal, [...where, 'goal']);
  if (typeof raw.persona === 'object') checkText(raw.persona.facts, [...where, 'persona', 'facts']);
  let until: ReplyMatcher | undefined;
  if (raw.until !== undefined) {
    if (REPLY_CONDITIONS.every((condition) => raw.until![condition] === undefined)) {
      report([...where, 'until'], `\`until\` needs a reply condition: ${REPLY_CONDITIONS.join(', ')}`);
      return undefined;
    }
    until = toMatcher(raw.until, [...where, 'until'], report, checkText);
    if (!until) return undefined;
    // What `until`'s pattern captures is there for the step's own judge and every later step.
    for (const name of until.matches?.groups ?? []) captured.add(name);
  }
  checkText(raw.judge, [...where, 'judge']);
  const persona = raw.persona === undefined ? undefined : typeof raw.persona === 'string' ? { saved: raw.persona } : raw.persona;
  return {
    goal: raw.goal,
    ...(persona ? { persona } : {}),
    maxTurns: raw.maxTurns ?? DEFAULT_AI_MAX_TURNS,
    timeLimitMs: raw.timeLimit === undefined ? DEFAULT_AI_STEP_TIME_LIMIT_MS : durationMs(raw.timeLimit),
    ...(raw.budget !== undefined ? { budget: raw.budget } : {}),
    ...(until ? { until } : {}),
    ...(raw.judge !== undefined ? { judge: raw.judge } : {}),
  };
}

function toExpectation(
  raw: NonNullable<RawStep['expect']>,
  where: Path,
  report: (where: Path, message: string, key?: string) => void,
  checkText: (text: string | undefined, where: Path) => void,
): Expectation | undefined {
  const replyKeys = REPLY_CONDITIONS.filter((key) => raw[key] !== undefined);
  const otherKeys = OTHER_EXPECTATIONS.filter((key) => raw[key] !== undefined);
  if (replyKeys.length + otherKeys.length === 0) {
    report(where, `an expectation needs a condition: ${[...REPLY_CONDITIONS, ...OTHER_EXPECTATIONS].join(', ')}`);
    return undefined;
  }
  if (otherKeys.length > 1 || (otherKeys.length === 1 && replyKeys.length > 0)) {
    report(where, `\`${otherKeys[0]}\` stands alone in an expectation; found it with ${[...replyKeys, ...otherKeys.slice(1)].join(', ')} (use a separate step)`, otherKeys[0]);
    return undefined;
  }
  if (replyKeys.length > 0) {
    const matcher = toMatcher(raw, where, report, checkText);
    return matcher && { kind: 'reply', matcher };
  }
  const key = otherKeys[0]!;
  switch (key) {
    case 'anyOf':
    case 'unordered': {
      const members = raw[key]!.map((member, index) => {
        const at = [...where, key, index];
        if (REPLY_CONDITIONS.every((condition) => member[condition] === undefined)) {
          report(at, `each entry of \`${key}\` needs a reply condition: ${REPLY_CONDITIONS.join(', ')}`);
          return undefined;
        }
        return toMatcher(member, at, report, checkText);
      });
      return members.every((member) => member !== undefined) ? { kind: key, matchers: members as ReplyMatcher[] } : undefined;
    }
    case 'agentJoined':
    case 'agentLeft': {
      const name = raw[key];
      return typeof name === 'string' ? { kind: key, name } : { kind: key };
    }
    case 'ended':
    case 'readOnly':
      return { kind: key };
    case 'noReply':
      return { kind: 'noReply', withinMs: durationMs(raw.noReply!) };
    case 'participant':
      return toParticipantMatcher(raw.participant!, [...where, 'participant'], report, checkText);
  }
}

function toParticipantMatcher(
  raw: NonNullable<NonNullable<RawStep['expect']>['participant']>,
  where: Path,
  report: (where: Path, message: string, key?: string) => void,
  checkText: (text: string | undefined, where: Path) => void,
): Expectation | undefined {
  let valid = true;
  const value = (given: NonNullable<z.output<typeof ParticipantExpectationSchema>['queue']>, at: Path): ValueMatcher | undefined => {
    if (typeof given === 'string') {
      checkText(given, at);
      return { equals: given };
    }
    if ('contains' in given) {
      checkText(given.contains, at);
      return { contains: given.contains };
    }
    const literal = /^\/(.*)\/([a-z]*)$/s.exec(given.matches);
    const regex = literal ? { source: literal[1]!, flags: literal[2]! } : { source: given.matches, flags: '' };
    const compiled = compilePattern(withoutVariables(regex.source), regex.flags);
    if (!compiled.ok) {
      report(at, compiled.message, 'matches');
      valid = false;
      return undefined;
    }
    checkText(regex.source, at);
    return { matches: regex };
  };
  const matcher: ParticipantMatcher = { purpose: raw.purpose ?? 'customer' };
  if (raw.attributes) {
    const attributes: Record<string, ValueMatcher> = {};
    for (const [key, given] of Object.entries(raw.attributes)) {
      const expected = value(given, [...where, 'attributes', key]);
      if (expected) attributes[key] = expected;
    }
    matcher.attributes = attributes;
  }
  for (const key of ['queue', 'wrapup'] as const) {
    const given = raw[key];
    const expected = given === undefined ? undefined : value(given, [...where, key]);
    if (expected) matcher[key] = expected;
  }
  return valid ? { kind: 'participant', matcher } : undefined;
}

function toMatcher(
  raw: RawReply,
  where: Path,
  report: (where: Path, message: string, key?: string) => void,
  checkText: (text: string | undefined, where: Path) => void,
): ReplyMatcher | undefined {
  const list = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
  const matcher: ReplyMatcher = {};
  if (raw.equals !== undefined) matcher.equals = raw.equals;
  if (raw.contains !== undefined) matcher.contains = raw.contains;
  if (raw.from !== undefined) matcher.from = raw.from;
  if (raw.card !== undefined) matcher.card = raw.card;
  for (const key of ['quickReplies', 'buttons', 'carousel'] as const) {
    const labels = list(raw[key]);
    if (labels) matcher[key] = labels;
  }
  if (raw.attachment !== undefined) matcher.attachment = typeof raw.attachment === 'string' ? { name: raw.attachment } : raw.attachment;
  if (raw.matches !== undefined) {
    const literal = /^\/(.*)\/([a-z]*)$/s.exec(raw.matches);
    const regex = literal ? { source: literal[1]!, flags: literal[2]! } : { source: raw.matches, flags: '' };
    const compiled = compilePattern(withoutVariables(regex.source), regex.flags);
    if (!compiled.ok) {
      report(where, compiled.message, 'matches');
      return undefined;
    }
    matcher.matches = { ...regex, groups: compiled.pattern.groupNames };
  }
  const texts = [matcher.equals, matcher.contains, matcher.matches?.source, matcher.from, matcher.card, ...(matcher.quickReplies ?? []), ...(matcher.buttons ?? []), ...(matcher.carousel ?? [])];
  for (const text of texts) checkText(text, where);
  return matcher;
}

/** A pattern as it compiles before its variables have values (each stands for a plain `x`). */
function withoutVariables(source: string): string {
  return source.replace(/\$\{(env\.)?[A-Za-z_][A-Za-z0-9_]*\}/g, 'x');
}
