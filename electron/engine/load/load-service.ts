// Load runs as the console and the CLI see them: one run at a time, live progress on the event bus,
// results saved when the run ends, and the safety rule — against a real org, more than a few guests need
// an explicit confirmation that the load test was approved. A plan with AI guests needs a model set up: without
// one it is refused before anything starts, with the words saying how to add one.
import { randomUUID } from 'node:crypto';
import type { AiSettings } from '../../../shared/ai-contract';
import type { LoadPlan } from '../../../shared/load-plan';
import { UNAPPROVED_GUEST_LIMIT, aiGuestCount } from '../../../shared/load-plan';
import type { AiModel } from '../ai/ai-model';
import { HOW_TO_CONFIGURE_AI } from '../ai/ai-model';
import type { Clock } from '../../protocol/clock';
import { GUEST_API_LIMITS } from '../../protocol/webmessaging';
import { ConsoleError } from '../console-error';
import type { EventBus } from '../event-bus';
import type { GuestConnector } from '../genesys/guest-connector';
import { DEFAULT_REQUEST_BUDGET_PER_MINUTE } from '../genesys/openmessaging/open-messaging-channel';
import type { ProfileService } from '../profiles/profile-service';
import { SANDBOX_PROFILE_ID } from '../profiles/profile-service';
import { snapshotView, type LoadResultStore } from './load-result-store';
import { NEW_CONNECTIONS_PER_MINUTE, connectionLimitNote } from './connection-ramp';
import { LoadRun, type LoadResult } from './load-run';

export interface LoadServiceOptions {
  profiles: ProfileService;
  connector: GuestConnector;
  bus: EventBus;
  clock: Clock;
  store: LoadResultStore;
  messagesPerSecondPerSession?: number;
  newId?: () => string;
  /** The model AI guests talk to (the engine's); without it a plan with AI guests is refused. */
  ai?: AiModel;
}

export class LoadService {
  private current: { runId: string; run: LoadRun; plan: LoadPlan; done: Promise<LoadResult> } | undefined;
  private readonly newId: () => string;

  constructor(private readonly options: LoadServiceOptions) {
    this.newId = options.newId ?? randomUUID;
  }

  limits(profileId: string) {
    this.options.profiles.get(profileId);
    return {
      isSandbox: profileId === SANDBOX_PROFILE_ID,
      messagesPerSecondPerSession: this.options.messagesPerSecondPerSession ?? GUEST_API_LIMITS.messagesPerSessionPerSecond,
      platformRequestsPerMinute: DEFAULT_REQUEST_BUDGET_PER_MINUTE,
      unapprovedGuestLimit: UNAPPROVED_GUEST_LIMIT,
      newConnectionsPerMinute: NEW_CONNECTIONS_PER_MINUTE,
      ai: this.aiSettings(),
    };
  }

  /** Whether a model is set up for AI guests, with the budget and prices the plan form estimates with. */
  private aiSettings() {
    let settings: AiSettings;
    try {
      settings = this.model().settings;
    } catch {
      return { configured: false, tokenBudget: 0 };
    }
    const { tokenBudget, pricePerMillionPrompt, pricePerMillionCompletion } = settings;
    return {
      configured: true,
      tokenBudget,
      ...(pricePerMillionPrompt !== undefined ? { pricePerMillionPrompt } : {}),
      ...(pricePerMillionCompletion !== undefined ? { pricePerMillionCompletion } : {}),
    };
  }

  /** The model and its settings; throws (Unavailable, saying how to add a model) when none is set up. */
  private model(): { model: AiModel; settings: AiSettings } {
    const model = this.options.ai;
    if (!model) throw new ConsoleError('Unavailable', HOW_TO_CONFIGURE_AI);
    return { model, settings: model.settings() };
  }

  /** `notes`: what a person should know about the plan before it runs (its ramp slowed to the connection limit). */
  async start(requested: LoadPlan, approved: boolean): Promise<{ runId: string; done: Promise<LoadResult>; notes: string[] }> {
    if (this.current) throw new ConsoleError('Conflict', 'A load run is already in progress; stop it or wait for it to finish.');
    const { plan, ai } = this.withModel(requested);
    const profile = this.options.profiles.get(plan.profileId);
    if (profile.id !== SANDBOX_PROFILE_ID && plan.guests > UNAPPROVED_GUEST_LIMIT && !approved) {
      throw new ConsoleError(
        'Forbidden',
        `A run of ${plan.guests} guests against ${profile.name} needs confirmation that this load test was approved by the org's owners (limit without it: ${UNAPPROVED_GUEST_LIMIT} guests).`,
      );
    }
    if (plan.channel === 'openmessaging') await this.options.connector.prepareOpenMessaging(profile);
    if (this.current) throw new ConsoleError('Conflict', 'A load run is already in progress; stop it or wait for it to finish.');
    const runId = `load-${new Date(this.options.clock.now()).toISOString().replace(/[:.]/g, '-')}-${this.newId().slice(0, 8)}`;
    const run = new LoadRun({
      id: runId,
      plan,
      profile,
      connector: this.options.connector,
      clock: this.options.clock,
      newId: this.newId,
      ...(ai ? { ai } : {}),
      onProgress: (snapshot, state) => this.options.bus.emit('load.progress', { runId, state, snapshot: snapshotView(snapshot) }),
    });
    const done = run.run().then((result) => {
      this.options.store.save(result);
      this.current = undefined;
      return result;
    });
    this.current = { runId, run, plan, done };
    const note = connectionLimitNote(plan);
    return { runId, done, notes: note ? [note] : [] };
  }

  /** The plan with its AI guests' token budget settled (the settings' when it names none), and the model for them. */
  private withModel(plan: LoadPlan) {
    if (!plan.ai || aiGuestCount(plan) === 0) return { plan, ai: undefined };
    const { model, settings } = this.model();
    return {
      plan: { ...plan, ai: { ...plan.ai, tokenBudget: plan.ai.tokenBudget ?? settings.tokenBudget } },
      ai: {
        ask: (messages: Parameters<AiModel['ask']>[0], maxTokens: number) => model.ask(messages, maxTokens),
        redact: (text: string) => model.redact(text),
        requestTimeoutMs: settings.requestTimeoutSec * 1000,
        ...(settings.pricePerMillionPrompt !== undefined ? { pricePerMillionPrompt: settings.pricePerMillionPrompt } : {}),
        ...(settings.pricePerMillionCompletion !== undefined ? { pricePerMillionCompletion: settings.pricePerMillionCompletion } : {}),
      },
    };
  }

  stop(runId: string): void {
    if (this.current?.runId !== runId) {
      throw new ConsoleError('NotFound', 'That load run is not in progress.');
    }
    this.current.run.stop();
  }

  currentRun() {
    if (!this.current) return null;
    const { runId, run, plan } = this.current;
    return { runId, state: run.state, plan, snapshot: snapshotView(run.snapshot()) };
  }

  results() {
    return this.options.store.list();
  }

  result(id: string) {
    return this.options.store.get(id);
  }

  async close(): Promise<void> {
    const current = this.current;
    if (!current) return;
    current.run.stop();
    await current.done.catch(() => undefined);
  }
}
