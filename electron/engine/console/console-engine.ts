// The engine as the transports see it: one dispatcher that answers every contract request and one event
// bus. Composition roots (electron/shell/main.ts, electron/host/) build it with their own storage, vault
// and sandbox endpoints; nothing here knows which transport or process it runs in.
import path from 'node:path';
import type { AppInfo } from '../../../shared/contract';
import type { ParticipantsRead } from '../../../shared/participants-contract';
import { systemClock, type Clock } from '../../protocol/clock';
import { ContractDispatcher, type ContractHandlers } from './contract-dispatcher';
import { EventBus } from '../event-bus';
import { silentLogger, type Logger } from '../logger';
import { ConversationService } from '../conversations/conversation-service';
import { SecretRedactor } from '../conversations/redaction';
import { securePrivateDataFolder } from '../data-folder';
import { GuestConnector, type SessionTuning } from '../genesys/guest-connector';
import { loadServerFrameSchemas } from '../genesys/webmessaging/incoming-frames';
import { createOpenMessagingGuests } from '../genesys/openmessaging/open-messaging-channel';
import type { OpenMessagingGuestsOptions } from '../genesys/openmessaging/open-messaging-channel';
import { TranscriptJournal } from '../journal/transcript-journal';
import { LoadResultStore } from '../load/load-result-store';
import { LoadService } from '../load/load-service';
import { SANDBOX_PROFILE_ID } from '../profiles/profile-service';
import type { ScenarioService } from '../scenarios/scenario-service';
import { ProfileService } from '../profiles/profile-service';
import type { SecretVault } from '../profiles/secret-vault';
import { loadSettings, type SettingsBackend } from '../profiles/settings-store';
import { exportTranscript } from '../conversations/transcript-export';
import { OperatorDeskService } from '../operator/operator-desk';
import { ParticipantDataReader } from '../genesys/participants/participant-data-reader';
import { followSandboxConversationIds } from './sandbox-conversation-ids';
import { testConnection } from '../genesys/connection-test';
import { PersonaService } from '../personas/personas';
import { PresentationSettings } from '../presentation/presentation-settings';
import { exportProfiles, importProfiles } from '../profiles/profile-portability';
import { AiModelSettings } from '../ai/ai-model-settings';
import { aiModel as createAiModel, type AiModel } from '../ai/ai-model';
import { chatCompletion, ModelError } from '../ai/model-client';
import { AiPlayService } from '../ai/ai-play-service';

export interface SandboxConnection {
  baseUrl: string;
  wsUrl: string;
  /** Bearer token of the sandbox's HTTP control API (the operator's agent desk uses it). */
  controlToken?: string;
  org: { deploymentId: string; integrationId: string; clientId: string; clientSecret: string; webhookSecret: string };
  /** What the sandbox could not read back from its kept state (and set aside), or could not write since. */
  stateProblems?: readonly { file: string; reason: string; setAsideIn?: string }[];
}

export interface ConsoleEngineOptions {
  host: AppInfo['host'];
  version: string;
  versions: Record<string, string>;
  dataDirectory: string;
  settings: SettingsBackend;
  vault: SecretVault;
  /** The local sandbox, handed in exactly as a region's URLs would be (its own object fits this shape). */
  sandbox: SandboxConnection | null;
  logger?: Logger;
  /** Extra notices from the composition root (e.g. how secrets are stored), shown at start. */
  notices?: string[];
  clock?: Clock;
  /** Guest session timings (tests shorten them). */
  session?: SessionTuning;
  /** fsync every transcript line (survives power loss, not only a killed process). */
  fsyncTranscripts?: boolean;
  /** The environment scenarios may read (`${env.GUEST_CONSOLE_VAR_…}`): the one the composition root was
   *  started with, so the web host, the CLI and the desktop app hand in theirs. */
  env: Readonly<Record<string, string | undefined>>;
  /** Open Messaging tuning (tests shorten the poller and the budget). */
  openMessaging?: Partial<Omit<OpenMessagingGuestsOptions, 'clock' | 'secrets' | 'sandbox'>>;
}

export interface ConsoleEngine {
  dispatcher: ContractDispatcher;
  bus: EventBus;
  profiles: ProfileService;
  conversations: ConversationService;
  /** The Platform API read of a console conversation's participant data (as `participants.read`). */
  participants: (conversationId: string) => Promise<ParticipantsRead>;
  load: LoadService;
  /** The AI customer's model (settings in force, requests shown in a conversation's inspector, redaction). */
  ai: AiModel;
  close(): Promise<void>;
}

export function createConsoleEngine(options: ConsoleEngineOptions): ConsoleEngine {
  const dataFolderNotices = securePrivateDataFolder(options.dataDirectory);
  const bus = new EventBus();
  const settings = loadSettings(options.settings);
  const sandbox = options.sandbox;
  // One redactor knows every secret value: the vault's (read again when one is set or removed) and the sandbox's.
  const redactor = new SecretRedactor();
  const sandboxSecrets = sandbox
    ? [
        { value: sandbox.org.clientSecret, name: "the sandbox's client secret" },
        { value: sandbox.org.webhookSecret, name: "the sandbox's webhook secret" },
      ]
    : [];
  const profiles: ProfileService = new ProfileService({
    loaded: settings,
    backend: options.settings,
    vault: options.vault,
    sandbox: options.sandbox?.org ?? null,
    onChange: (list) => bus.emit('profiles.changed', { profiles: list }),
    onSecretsChange: () => redactor.setSecrets(secretValues()),
  });
  const aiModel = new AiModelSettings({
    backend: options.settings,
    vault: options.vault,
    initial: settings.ai,
    env: options.env,
    onSecretsChange: () => redactor.setSecrets(secretValues()),
  });
  const secretValues = () => [...sandboxSecrets, ...profiles.secretValues(), ...aiModel.secretValues()];
  redactor.setSecrets(secretValues());
  const clock = options.clock ?? systemClock;
  const openMessaging = createOpenMessagingGuests({
    clock,
    sandbox: sandbox ? { baseUrl: sandbox.baseUrl } : null,
    webhookDeliveriesDirectory: path.join(options.dataDirectory, 'webhook-deliveries'),
    secrets: (profileId, kind) => (profileId === SANDBOX_PROFILE_ID && sandbox ? sandbox.org[kind] : options.vault.get(profileId, kind)),
    ...options.openMessaging,
  });
  const connector = new GuestConnector({
    clock,
    sandbox: sandbox ? { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl } : null,
    openMessaging,
    ...(options.session ? { session: options.session } : {}),
  });
  // Conversations decode every Web Messaging frame at once, from the first (load guests never load these schemas).
  void loadServerFrameSchemas();
  const conversations = new ConversationService({
    journal: new TranscriptJournal({ directory: path.join(options.dataDirectory, 'transcripts'), fsync: options.fsyncTranscripts ?? false }),
    profiles,
    bus,
    clock,
    connector,
    redactor,
  });
  conversations.restore();

  // ---- personas, presentation, profile files and connection tests, transcripts, Reset demo, the agent desk
  const personas = new PersonaService({ backend: options.settings, initial: settings.personas, onChange: (list) => bus.emit('personas.changed', { personas: list }) });
  const presentation = new PresentationSettings(options.settings, settings.presentation, (next) => bus.emit('presentation.changed', { presentation: next }));
  const operatorDesk = new OperatorDeskService(
    sandbox?.controlToken ? { url: `${sandbox.baseUrl}/sandbox/control/`, token: sandbox.controlToken } : null,
    (conversationId, change) => conversations.noteHandOver(conversationId, change),
  );
  const deskConversation = (conversationId: string) => {
    const { conversation, items } = conversations.thread(conversationId);
    return {
      id: conversation.id,
      isSandbox: conversation.profileId === SANDBOX_PROFILE_ID,
      ...(conversation.platformConversationId ? { platformConversationId: conversation.platformConversationId } : {}),
      items,
    };
  };
  const participantData = new ParticipantDataReader({
    clock,
    sandbox: sandbox ? { baseUrl: sandbox.baseUrl } : null,
    clientSecret: (profileId) => (profileId === SANDBOX_PROFILE_ID && sandbox ? sandbox.org.clientSecret : options.vault.get(profileId, 'clientSecret')),
  });
  const readParticipants = async (conversationId: string): Promise<ParticipantsRead> => {
    const { conversation, items } = conversations.thread(conversationId);
    const read = await participantData.read({
      profile: profiles.get(conversation.profileId),
      ...(conversation.platformConversationId ? { platformConversationId: conversation.platformConversationId } : {}),
      messageIds: items.flatMap((item) => (item.serverId ? [item.serverId] : [])),
    });
    // A Web Messaging thread found from a message id keeps the id: the thread and its export show it, and the next read is one request.
    if (read.available && !conversation.platformConversationId) conversations.notePlatformConversation(conversationId, read.conversationId);
    return read;
  };
  const stopFindingIds = sandbox?.controlToken
    ? followSandboxConversationIds({ bus, conversations, find: async (id) => (await operatorDesk.desk(deskConversation(id))).sandboxConversationId })
    : () => undefined;
  const consoleHandlers = {
    'personas.list': () => personas.list(),
    'personas.save': (input) => personas.save(input),
    'personas.remove': ({ id }) => {
      personas.remove(id);
      return { id };
    },
    'presentation.get': () => presentation.get(),
    'presentation.save': (input) => presentation.save(input),
    'profiles.export': () => exportProfiles(profiles, new Date(clock.now())),
    'profiles.import': ({ content }) => importProfiles(profiles, content),
    'profiles.testConnection': async ({ profileId }) => ({
      profileId,
      checks: await testConnection(profiles.get(profileId), { sandbox: sandbox ? { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl } : null, openMessaging, fetch }),
    }),
    'transcripts.export': ({ conversationId, format }) => {
      const { conversation, items } = conversations.thread(conversationId);
      return exportTranscript({ conversation, items, redact: (text) => redactor.wire(text), exportedAt: new Date(clock.now()) }, format);
    },
    'demo.reset': async () => {
      const all = conversations.list();
      for (const conversation of all) {
        if (conversation.profileId === SANDBOX_PROFILE_ID) await operatorDesk.endIfOpen(deskConversation(conversation.id));
        if (conversation.state !== 'ended' && conversation.state !== 'failed') {
          await Promise.race([conversations.closeConversation(conversation.id).catch(() => undefined), new Promise<void>((resolve) => clock.setTimeout(resolve, 3000))]);
        }
        conversations.remove(conversation.id);
      }
      return { removed: all.length };
    },
    'operator.desk': ({ conversationId }) => operatorDesk.desk(deskConversation(conversationId)),
    'operator.act': ({ conversationId, action }) => operatorDesk.act(deskConversation(conversationId), action),
    'participants.read': ({ conversationId }) => readParticipants(conversationId),
  } satisfies Partial<ContractHandlers>;
  // ---- end of the workspace features

  // ---- the AI customer: its model's settings, a test request, and the conversations it plays
  const ai = createAiModel({ settings: aiModel, redact: (text) => redactor.text(text), inspectorNote: (id, direction, text) => conversations.inspectorNote(id, direction, text) });
  const aiPlays = new AiPlayService({ conversations, personas: () => personas.list(), bus, clock, model: ai });
  const aiHandlers = {
    'ai.status': () => aiModel.status(),
    'ai.saveSettings': (input) => aiModel.save(input),
    'ai.setApiKey': ({ value }) => aiModel.setApiKey(value),
    'ai.test': async () => {
      const config = aiModel.config();
      const started = clock.now();
      try {
        const reply = await chatCompletion(config, [{ role: 'user', content: 'Reply with the single word: ready' }], 10);
        return { ok: true, detail: `The model answered: ${JSON.stringify(redactor.text(reply.text.trim()).slice(0, 80))}`, model: reply.model, latencyMs: clock.now() - started, tokens: reply.tokens };
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        return { ok: false, detail: redactor.text(error.message) };
      }
    },
    'ai.play.start': (request) => aiPlays.start(request),
    'ai.play.control': ({ conversationId, action }) => aiPlays.control(conversationId, action),
    'ai.play.list': () => aiPlays.list(),
    'ai.play.get': ({ conversationId }) => aiPlays.get(conversationId),
  } satisfies Partial<ContractHandlers>;
  // ---- end of the AI customer

  // ---- load runs
  const load = new LoadService({
    profiles,
    connector,
    bus,
    clock,
    store: new LoadResultStore(path.join(options.dataDirectory, 'load-results')),
    ...(options.session?.messagesPerSecond ? { messagesPerSecondPerSession: options.session.messagesPerSecond } : {}),
    ai,
  });
  const loadHandlers = {
    'load.limits': ({ profileId }) => load.limits(profileId),
    'load.start': async ({ plan, approved }) => ({ runId: (await load.start(plan, approved)).runId }),
    'load.stop': ({ runId }) => {
      load.stop(runId);
      return { runId };
    },
    'load.current': () => load.currentRun(),
    'load.results': () => load.results(),
    'load.result': ({ id }) => load.result(id),
  } satisfies Partial<ContractHandlers>;
  // ---- end of load runs

  // ---- scenarios: files in <data>/scenarios, runs, recording. The scenario engine (YAML, RE2, the runner) is
  // loaded on the first scenario request, so the console's first screen does not wait for it.
  let scenarioService: Promise<ScenarioService> | undefined;
  const scenarios = () =>
    (scenarioService ??= import('../scenarios/scenario-service').then(
      ({ ScenarioService }) =>
        new ScenarioService({
          directory: path.join(options.dataDirectory, 'scenarios'),
          conversations,
          participants: readParticipants,
          profiles,
          bus,
          clock,
          env: options.env,
          secrets: () => secretValues().map((secret) => secret.value),
          ai,
          personas: () => personas.list(),
        }),
    ));
  const scenarioHandlers = {
    'scenarios.list': async () => (await scenarios()).list(),
    'scenarios.read': async ({ fileName }) => (await scenarios()).read(fileName),
    'scenarios.save': async (request) => (await scenarios()).save(request),
    'scenarios.remove': async ({ fileName }) => {
      (await scenarios()).remove(fileName);
      return { fileName };
    },
    'scenarios.run': async (request) => (await scenarios()).run(request),
    'scenarios.runs': async () => (await scenarios()).runs(),
    'scenarios.record': async (request) => (await scenarios()).record(request),
    'scenarios.saveFile': async (request) => (await scenarios()).saveFile(request),
    'scenarios.examples': async () => (await scenarios()).examples(),
    'scenarios.addExample': async ({ fileName }) => (await scenarios()).addExample(fileName),
  } satisfies Partial<ContractHandlers>;
  // ---- end of scenarios

  const dispatcher = new ContractDispatcher(
    {
      'app.info': () => ({
        name: 'Guest Console',
        version: options.version,
        host: options.host,
        platform: process.platform,
        versions: options.versions,
        dataDirectory: options.dataDirectory,
        sandbox: sandbox
          ? { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl, deploymentId: sandbox.org.deploymentId, integrationId: sandbox.org.integrationId }
          : null,
        secretProtection: options.vault.protection,
        notices: [...(options.notices ?? []), ...dataFolderNotices, ...profiles.notices, ...conversations.notices, ...sandboxStateNotices(sandbox)],
      }),
      'profiles.list': () => profiles.list(),
      'profiles.save': (input) => profiles.save(input),
      'profiles.remove': ({ id }) => {
        profiles.remove(id);
        return { id };
      },
      'profiles.setSecret': ({ profileId, kind, value }) => profiles.setSecret(profileId, kind, value),
      'profiles.secretStatus': ({ profileId }) => profiles.secretStatus(profileId),
      'conversations.list': () => conversations.list(),
      'conversations.start': (request) => conversations.start(request),
      'conversations.thread': ({ conversationId }) => conversations.thread(conversationId),
      'conversations.markRead': ({ conversationId }) => conversations.markRead(conversationId),
      'conversations.startNew': ({ conversationId }) => conversations.startNew(conversationId),
      'conversations.close': ({ conversationId }) => conversations.closeConversation(conversationId),
      'conversations.remove': ({ conversationId }) => {
        conversations.remove(conversationId);
        return { conversationId };
      },
      'conversations.typing': ({ conversationId }) => ({ sent: conversations.typing(conversationId) }),
      'messages.send': (request) => conversations.send(request),
      'messages.retry': (request) => conversations.retry(request),
      'messages.choose': (request) => conversations.choose(request),
      'attachments.send': (request) => conversations.sendAttachment(request),
      'inspector.frames': ({ conversationId }) => conversations.inspectorFrames(conversationId),
      'openMessaging.setup': async ({ profileId }) => {
        const profile = profiles.get(profileId);
        const [webhookUrl, integrations] = await Promise.all([openMessaging.webhookUrl(profile), openMessaging.listIntegrations(profile)]);
        return { webhookUrl, integrations, attempts: openMessaging.webhookAttempts(profile) };
      },
      'openMessaging.saveIntegration': ({ profileId, ...input }) => openMessaging.saveIntegration(profiles.get(profileId), input),
      'openMessaging.checkWebhook': ({ profileId }) => openMessaging.checkWebhook(profiles.get(profileId)),
      ...consoleHandlers,
      ...aiHandlers,
      ...loadHandlers,
      ...scenarioHandlers,
    },
    options.logger ?? silentLogger,
  );
  return {
    dispatcher,
    bus,
    profiles,
    conversations,
    participants: readParticipants,
    load,
    ai,
    async close() {
      stopFindingIds();
      participantData.close();
      await aiPlays.close();
      await load.close();
      await conversations.close();
      await openMessaging.close();
    },
  };
}

/** The built-in org's kept state, when part of it could not be read or written: what happened and where the damaged part went. */
function sandboxStateNotices(sandbox: SandboxConnection | null): string[] {
  return (sandbox?.stateProblems ?? []).map((problem) => {
    const reason = /[.!?]$/.test(problem.reason) ? problem.reason : `${problem.reason}.`;
    const where = problem.setAsideIn ? ` The damaged part was moved to ${problem.setAsideIn}.` : '';
    return `The built-in sandbox's saved state: ${path.basename(problem.file)}: ${reason}${where} A sandbox conversation it no longer holds says so in its thread, with Start new.`;
  });
}
