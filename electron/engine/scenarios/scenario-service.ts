// Scenarios in the console: YAML files in the data folder's `scenarios/` (listed, read, saved — also when
// invalid, so they can be fixed — and removed without parsing), runs of a saved file with every update
// published as a `scenarios.run` event, and recording a conversation as a new file there. Files are only
// ever addressed by a plain file name inside that folder, which only the user can read (0700, files 0600).
// A run reads no environment variable unless the request allows it, and then only what
// scenario-environment.ts allows. The shipped examples (scenarios/examples) are listed and copied in with the
// files they send; an imported folder's files land at their relative paths inside the folder, checked.
import type { ParticipantsRead } from '../../../shared/participants-contract';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { Channel, Profile } from '../../../shared/contract';
import type { ScenarioFile, ScenarioRunResult } from '../../../shared/scenario-contract';
import type { Clock } from '../../protocol/clock';
import { ConsoleError } from '../console-error';
import type { EventBus } from '../event-bus';
import type { ConversationService } from '../conversations/conversation-service';
import type { ProfileService } from '../profiles/profile-service';
import { jobsFor, runScenarioJobs } from './scenario-batch';
import { parseScenario, type ParseResult } from './scenario-parser';
import { findProfile } from './scenario-profile';
import { scenarioEnvironment, withoutConsent, type ScenarioEnvironment } from './scenario-environment';
import { recordScenario } from './scenario-recorder';
import { ScenarioRunner } from './scenario-runner';
import type { SavedAiPersona } from './scenario-ai';
import type { AiModel } from '../ai/ai-model';

const RUNS_KEPT = 50;
const PARALLEL_CHANNELS = 2;

export interface ScenarioServiceOptions {
  /** `<data folder>/scenarios`. */
  directory: string;
  conversations: ConversationService;
  /** The Platform API read of a console conversation's participant data. */
  participants: (conversationId: string) => Promise<ParticipantsRead>;
  profiles: ProfileService;
  bus: EventBus;
  clock: Clock;
  /** The process's environment; runs read from it only what scenario-environment.ts allows. */
  env: Readonly<Record<string, string | undefined>>;
  /** Every secret the console knows (the vault's, the sandbox's): a variable holding one is never read. */
  secrets: () => readonly string[];
  /** The shipped examples; by default found next to this module's bundle or in the repository. */
  examplesDirectory?: string | null;
  /** The AI customer's model, for `ai` and `judge` steps. */
  ai?: AiModel;
  /** The saved personas an `ai` step may name. */
  personas?: () => readonly SavedAiPersona[];
}

/** A path inside `scenarios/` for a scenario's file: plain names, at most 4 deep, nothing hidden. */
const FILE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9 ._()+-]{0,99}$/;
const MAX_FILE_BYTES = 700 * 1024;

/**
 * Where the examples are: next to the bundle (the Electron build copies them to ./scenario-examples), or
 * scenarios/examples in the repository this module runs from (source, or dist/node's bundles). Null if neither.
 */
export function shippedExamplesDirectory(moduleUrl: string = import.meta.url): string | null {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const candidates = [path.join(here, 'scenario-examples'), ...[1, 2, 3, 4].map((up) => path.join(here, ...Array<string>(up).fill('..'), 'scenarios', 'examples'))];
  return candidates.find((candidate) => fs.existsSync(path.join(candidate, 'greeting-and-echo.yaml'))) ?? null;
}

export class ScenarioService {
  private readonly runner: ScenarioRunner;
  private readonly results = new Map<string, ScenarioRunResult>();
  /** What files may read when allowed: GUEST_CONSOLE_VAR_ names, never a secret. */
  private readonly environment: ScenarioEnvironment;

  constructor(private readonly options: ScenarioServiceOptions) {
    this.runner = new ScenarioRunner({
      conversations: options.conversations,
      participants: options.participants,
      bus: options.bus,
      clock: options.clock,
      ...(options.ai ? { ai: options.ai } : {}),
      ...(options.personas ? { personas: options.personas } : {}),
    });
    this.environment = scenarioEnvironment(options.env, { secrets: options.secrets });
  }

  /** Every YAML file of the folder, each with its problems; one that cannot be read is listed with that problem. */
  list(): ScenarioFile[] {
    if (!fs.existsSync(this.options.directory)) return [];
    return fs
      .readdirSync(this.options.directory)
      .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
      .sort((a, b) => a.localeCompare(b))
      .map((fileName) => {
        try {
          return this.read(fileName).file;
        } catch (error) {
          const reason = error instanceof ConsoleError ? error.message : (error as NodeJS.ErrnoException).code ?? 'unreadable';
          return { fileName, channels: [], stepCount: 0, problems: [{ line: 1, column: 1, path: '', message: `the file cannot be read (${reason})` }] };
        }
      });
  }

  read(fileName: string): { file: ScenarioFile; source: string } {
    const file = this.pathOf(fileName);
    if (!fs.existsSync(file)) throw new ConsoleError('NotFound', `There is no scenario file ${fileName} in ${this.options.directory}.`);
    if (!fs.statSync(file).isFile()) throw new ConsoleError('InvalidRequest', `${fileName} in ${this.options.directory} is not a file.`);
    const source = fs.readFileSync(file, 'utf8');
    return { file: this.describe(fileName, source), source };
  }

  save(args: { fileName: string; source: string }): ScenarioFile {
    const fileName = this.fileNameOf(args.fileName);
    // Folders made by earlier versions were 0755 and files 0644: tightened on every save.
    fs.mkdirSync(this.options.directory, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.options.directory, 0o700);
    const file = this.pathOf(fileName);
    fs.writeFileSync(file, args.source, { encoding: 'utf8', mode: 0o600 });
    fs.chmodSync(file, 0o600);
    return this.describe(fileName, args.source);
  }

  /** Without parsing: a file that breaks the parser can always be removed. */
  remove(fileName: string): void {
    const file = this.pathOf(fileName);
    if (!fs.existsSync(file)) throw new ConsoleError('NotFound', `There is no scenario file ${fileName} in ${this.options.directory}.`);
    fs.rmSync(file);
  }

  /**
   * Start the runs of a saved file (one per channel); a file with problems is refused and nothing runs.
   * `allowEnv` is the user's consent to read GUEST_CONSOLE_VAR_ variables; without it, none is read.
   */
  run(args: { fileName: string; profileId?: string; channel?: Channel; allowEnv?: boolean }): ScenarioRunResult[] {
    const { source } = this.read(args.fileName);
    const environment = args.allowEnv ? this.environment : withoutConsent(this.environment);
    const parsed = this.parse(source, environment);
    if (!parsed.ok) {
      const first = parsed.problems[0]!;
      throw new ConsoleError(
        'InvalidRequest',
        `${args.fileName} has ${parsed.problems.length} problem(s); nothing ran. First: line ${first.line}, column ${first.column}: ${first.message}`,
        parsed.problems.map((problem) => ({ path: `line ${problem.line}, column ${problem.column}`, message: problem.message })),
      );
    }
    const profile = this.profileFor(args.profileId, parsed.scenario.profile);
    const jobs = jobsFor([{ file: args.fileName, scenario: parsed.scenario }], args.channel);
    const queued: ScenarioRunResult[] = [];
    void runScenarioJobs(jobs, {
      runner: this.runner,
      profile,
      environment,
      parallel: PARALLEL_CHANNELS,
      onUpdate: (result) => {
        if (result.status === 'queued') queued.push(result);
        this.remember(result);
        this.options.bus.emit('scenarios.run', result);
      },
    });
    return queued;
  }

  /** The shipped examples, each parsed against its own folder. */
  examples(): ScenarioFile[] {
    const directory = this.examplesDirectory();
    if (!directory) return [];
    return fs
      .readdirSync(directory)
      .filter((name) => /\.ya?ml$/i.test(name))
      .sort((a, b) => a.localeCompare(b))
      .map((fileName) => this.describe(fileName, fs.readFileSync(path.join(directory, fileName), 'utf8'), directory));
  }

  /** Copies an example and every file it sends (at the same relative paths) into the folder. */
  addExample(requested: string): ScenarioFile {
    const directory = this.examplesDirectory();
    const fileName = this.fileNameOf(requested);
    const source = directory && fs.existsSync(path.join(directory, fileName)) ? fs.readFileSync(path.join(directory, fileName), 'utf8') : undefined;
    if (!directory || source === undefined) throw new ConsoleError('NotFound', `There is no shipped example ${fileName}.`);
    if (fs.existsSync(this.pathOf(fileName))) {
      throw new ConsoleError('Conflict', `${fileName} is already in ${this.options.directory}; rename or remove it to add the example again.`);
    }
    const parsed = this.parse(source, this.environment, directory);
    const sent = parsed.ok
      ? parsed.scenario.steps.flatMap((step) => (step.type === 'act' && step.act.kind === 'attachment' && 'file' in step.act.source ? [step.act.source.file] : []))
      : [];
    for (const file of sent) this.saveFile({ path: file, data: fs.readFileSync(path.join(directory, file)).toString('base64') });
    return this.save({ fileName, source });
  }

  /** A file a scenario sends, written at its relative path inside the folder (an imported folder's files). */
  saveFile(args: { path: string; data: string }): { path: string } {
    const segments = args.path.replace(/\\/g, '/').split('/');
    const problem =
      path.isAbsolute(args.path) || path.win32.isAbsolute(args.path)
        ? 'an absolute path'
        : segments.length > 4
          ? 'more than 4 folders deep'
          : segments.some((segment) => !FILE_SEGMENT.test(segment))
            ? 'not a path of plain names (letters, digits, spaces and . _ ( ) + -, none hidden, no ..)'
            : undefined;
    if (problem) {
      throw new ConsoleError('InvalidRequest', `The file ${args.path.slice(0, 120)} was not imported: ${problem}.`, [{ path: 'path', message: problem }]);
    }
    const bytes = Buffer.from(args.data, 'base64');
    if (bytes.length > MAX_FILE_BYTES) throw new ConsoleError('InvalidRequest', `The file ${args.path} is larger than 700 KB; scenarios send small files.`);
    const relative = segments.join('/');
    const target = path.join(this.options.directory, ...segments);
    fs.mkdirSync(this.options.directory, { recursive: true, mode: 0o700 });
    const root = fs.realpathSync(this.options.directory);
    // Every folder on the way is created here, or was, inside the scenarios folder: a link out of it is refused.
    let folder = root;
    for (const segment of segments.slice(0, -1)) {
      folder = path.join(folder, segment);
      if (!fs.existsSync(folder)) fs.mkdirSync(folder, { mode: 0o700 });
      if (fs.lstatSync(folder).isSymbolicLink() || !fs.statSync(folder).isDirectory()) {
        throw new ConsoleError('InvalidRequest', `The file ${relative} was not imported: ${path.relative(root, folder)} is not a folder inside the scenarios folder.`);
      }
    }
    if (fs.existsSync(target) && (fs.lstatSync(target).isSymbolicLink() || !fs.statSync(target).isFile())) {
      throw new ConsoleError('InvalidRequest', `The file ${relative} was not imported: something that is not a file is there already.`);
    }
    fs.writeFileSync(target, bytes, { mode: 0o600 });
    return { path: relative };
  }

  runs(): ScenarioRunResult[] {
    return [...this.results.values()].reverse();
  }

  record(args: { conversationId: string; fileName?: string }): { file: ScenarioFile; source: string } {
    const { conversation, items } = this.options.conversations.thread(args.conversationId);
    const source = recordScenario(conversation, items, new Date(this.options.clock.now()).toISOString().slice(0, 10));
    const fileName = args.fileName ? this.fileNameOf(args.fileName) : this.freeName(`${conversation.personaName}-${conversation.channel}`);
    return { file: this.save({ fileName, source }), source };
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private parse(source: string, environment = this.environment, baseDirectory = this.options.directory): ParseResult {
    return parseScenario(source, { baseDirectory, environment });
  }

  private examplesDirectory(): string | null {
    return this.options.examplesDirectory === undefined ? shippedExamplesDirectory() : this.options.examplesDirectory;
  }

  private describe(fileName: string, source: string, baseDirectory = this.options.directory): ScenarioFile {
    const parsed = this.parse(source, this.environment, baseDirectory);
    if (parsed.ok) {
      const { scenario } = parsed;
      return {
        fileName,
        name: scenario.name,
        ...(scenario.description ? { description: scenario.description } : {}),
        channels: scenario.channels,
        ...(scenario.profile ? { profile: scenario.profile } : {}),
        stepCount: scenario.steps.length,
        problems: [],
      };
    }
    const name: unknown = parseDocument(source).get('name');
    return { fileName, ...(typeof name === 'string' ? { name } : {}), channels: [], stepCount: 0, problems: parsed.problems };
  }

  private profileFor(profileId: string | undefined, wanted: string | undefined): Profile {
    if (profileId) return this.options.profiles.get(profileId);
    const list = this.options.profiles.list();
    const found = findProfile(list, wanted ?? 'sandbox') ?? (wanted ? undefined : list[0]);
    if (!found) throw new ConsoleError('NotFound', `The scenario names the profile "${wanted}", which this console does not have. Pick a profile to run it on.`);
    return found;
  }

  private remember(result: ScenarioRunResult): void {
    this.results.delete(result.id);
    this.results.set(result.id, result);
    while (this.results.size > RUNS_KEPT) this.results.delete(this.results.keys().next().value!);
  }

  private fileNameOf(requested: string): string {
    const trimmed = requested.trim();
    const fileName = /\.ya?ml$/i.test(trimmed) ? trimmed : `${trimmed}.yaml`;
    if (fileName !== path.basename(fileName) || fileName.startsWith('.') || /[\\/:*?"<>|]/.test(fileName)) {
      throw new ConsoleError('InvalidRequest', 'Use a plain file name such as greeting.yaml (no folders or special characters).', [
        { path: 'fileName', message: 'a plain file name such as greeting.yaml' },
      ]);
    }
    return fileName;
  }

  private freeName(base: string): string {
    const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'recorded';
    for (let index = 1; ; index += 1) {
      const fileName = `${slug}${index === 1 ? '' : `-${index}`}.yaml`;
      if (!fs.existsSync(this.pathOf(fileName))) return fileName;
    }
  }

  private pathOf(fileName: string): string {
    return path.join(this.options.directory, this.fileNameOf(fileName));
  }
}
