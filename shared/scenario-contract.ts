// The contract of scenarios: the files in the data folder's `scenarios/`, runs and their
// step-by-step results, and recording a conversation as a scenario. shared/contract.ts spreads these maps
// into its `requests` / `events`; the same result shapes are what the CLI writes to its JSON report.
import { z } from 'zod';
import { AiStopReasonSchema, AiTokensSchema } from './ai-contract';
import { ParticipantDataSchema } from './participants-contract';

const ChannelSchema = z.enum(['webmessaging', 'openmessaging']);

/** A problem found in a scenario file, at a 1-based line and column. */
export const ScenarioProblemSchema = z.object({
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  /** Where in the document, e.g. `steps.3.expect.contains`; empty for syntax errors. */
  path: z.string(),
  message: z.string(),
});
export type ScenarioProblem = z.infer<typeof ScenarioProblemSchema>;

export const ScenarioFileSchema = z.object({
  fileName: z.string(),
  /** The scenario's `name`, when the file is valid enough to have one. */
  name: z.string().optional(),
  description: z.string().optional(),
  channels: z.array(ChannelSchema),
  profile: z.string().optional(),
  stepCount: z.number().int().min(0),
  problems: z.array(ScenarioProblemSchema),
});
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;

export const StepStatusSchema = z.enum(['pending', 'running', 'passed', 'failed', 'skipped']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

/** What an `ai` or `judge` step did: the messages the AI sent and the agent's answers, why it stopped, the tokens. */
export const ScenarioAiResultSchema = z.object({
  turns: z.array(z.object({ from: z.enum(['ai', 'agent']), text: z.string() })),
  /** Why the AI stopped (an `ai` step; a `judge` step has none). */
  stopReason: AiStopReasonSchema.optional(),
  detail: z.string().optional(),
  tokens: AiTokensSchema,
  /** The model's verdict on the step's `judge` criterion. */
  judge: z.object({ criterion: z.string(), met: z.boolean(), reasoning: z.string() }).optional(),
});
export type ScenarioAiResult = z.infer<typeof ScenarioAiResultSchema>;

export const ScenarioStepResultSchema = z.object({
  index: z.number().int().min(0),
  /** The step's line in the scenario file. */
  line: z.number().int().min(1),
  kind: z.enum(['act', 'expect', 'ai', 'judge']),
  /** The step in words, e.g. `say "hello"` or `expect a reply containing "Hello"`. */
  label: z.string(),
  status: StepStatusSchema,
  expected: z.string().optional(),
  actual: z.string().optional(),
  durationMs: z.number().min(0).optional(),
  /** `ai` and `judge` steps: the AI's turns, stop reason, tokens and verdict (redacted). */
  ai: ScenarioAiResultSchema.optional(),
});
export type ScenarioStepResult = z.infer<typeof ScenarioStepResultSchema>;

export const RunStatusSchema = z.enum(['queued', 'running', 'passed', 'failed', 'error']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const ScenarioRunResultSchema = z.object({
  id: z.string(),
  /** The file the scenario came from (a path for the CLI, a file name in the console). */
  file: z.string(),
  scenario: z.string(),
  channel: ChannelSchema,
  profileName: z.string(),
  status: RunStatusSchema,
  /** The console's conversation (its transcript). */
  conversationId: z.string().optional(),
  /** The platform's conversation id, to look the run up in the org (Open Messaging reports it; the Guest API does not). */
  platformConversationId: z.string().optional(),
  steps: z.array(ScenarioStepResultSchema),
  /** The participant data the platform held when the run ended (scenarios with a `participant` expectation). */
  participants: z.array(ParticipantDataSchema).optional(),
  /** Tokens the run's `ai` and `judge` steps spent in all. */
  aiTokens: AiTokensSchema.optional(),
  /** Why the run failed or could not run, in full: step, expected, actual, the last replies seen. */
  failure: z.string().optional(),
  startedAt: z.string().optional(),
  durationMs: z.number().min(0).optional(),
});
export type ScenarioRunResult = z.infer<typeof ScenarioRunResultSchema>;

const fileRef = z.object({ fileName: z.string().min(1).max(255) }).strict();

export const scenarioRequests = {
  /** The scenario files in the data folder's `scenarios/`, each parsed (problems with line numbers). */
  'scenarios.list': { request: z.object({}).strict(), response: z.array(ScenarioFileSchema) },
  'scenarios.read': { request: fileRef, response: z.object({ file: ScenarioFileSchema, source: z.string() }) },
  /** Write (create or replace) a scenario file; invalid YAML is saved too, and its problems come back. */
  'scenarios.save': {
    request: z
      .object({
        fileName: z.string().trim().min(1, 'Give the file a name').max(255),
        source: z.string().max(1_000_000),
      })
      .strict(),
    response: ScenarioFileSchema,
  },
  'scenarios.remove': { request: fileRef, response: z.object({ fileName: z.string() }) },
  /**
   * A file a scenario sends (`attachment: { file }`), written at `path` inside `scenarios/` (e.g. files/notes.txt)
   * when a folder is imported: a relative path of plain names, no `..`, hidden names or links out; base64.
   */
  'scenarios.saveFile': {
    request: z.object({ path: z.string().trim().min(1).max(300), data: z.string().max(1_000_000, 'The file is larger than 700 KB.') }).strict(),
    response: z.object({ path: z.string() }),
  },
  /** The examples that ship with the console (scenarios/examples), each parsed; none when this build has none. */
  'scenarios.examples': { request: z.object({}).strict(), response: z.array(ScenarioFileSchema) },
  /** Copy a shipped example, with the files it sends, into `scenarios/`; refused when a file of that name exists. */
  'scenarios.addExample': { request: fileRef, response: ScenarioFileSchema },
  /**
   * Run a saved file (one run per channel it names, or only `channel`); results arrive as `scenarios.run` events.
   * `${env.X}` reads nothing unless `allowEnv` is true, and then only GUEST_CONSOLE_VAR_ variables that hold no secret.
   */
  'scenarios.run': {
    request: z
      .object({
        fileName: z.string().min(1).max(255),
        profileId: z.string().min(1).optional(),
        channel: ChannelSchema.optional(),
        allowEnv: z.boolean().optional(),
      })
      .strict(),
    response: z.array(ScenarioRunResultSchema),
  },
  /** This console session's runs, newest first. */
  'scenarios.runs': { request: z.object({}).strict(), response: z.array(ScenarioRunResultSchema) },
  /** Turn a conversation into a scenario file in `scenarios/` (to be edited). */
  'scenarios.record': {
    request: z.object({ conversationId: z.string().min(1), fileName: z.string().trim().min(1).max(255).optional() }).strict(),
    response: z.object({ file: ScenarioFileSchema, source: z.string() }),
  },
} as const;

export const scenarioEvents = {
  /** A run changed (a step started, passed or failed, or the run finished): the whole run, replacing the last. */
  'scenarios.run': ScenarioRunResultSchema,
} as const;
