// The agent side of one sandbox conversation: who answers the customer, and the moves between them. One
// agent holds the conversation at a time. The conversation's scripted agent (the bot) holds it until a human
// joins — the operator through the control API, or a scripted transfer — and then it has left: it stays
// silent, as a bot flow does after a transfer to ACD, until the conversation is handed back to it. A human a
// script transfers to is played by the script when it lists them under `humans`; any other human is a person
// who answers through the control API. The opening plays once, only if the guest has not spoken before.
// Who holds the conversation and where its scripted agent is are plain data (`progress()`) to resume from.
import type { Clock } from '../../protocol/clock';
import type { AgentOutput, CustomerInput, Participant } from '../conversation-hub';
import type { AgentScript, HumanAgent } from './agent-script';
import type { LatencyProfile } from './reply-pace';
import { createScriptedAgent, type AgentProgress, type PublishedFile, type ScriptedAgent } from './scripted-agent';

/** What the roster does to its conversation; the conversation implements it. */
export interface RosterStage {
  emit(output: AgentOutput): void;
  /** Someone joins the agent side of the conversation. */
  join(purpose: 'agent' | 'workflow', name: string): Participant;
  leave(participant: Participant): void;
  /** Who is in the conversation changed. */
  changed(): void;
  /** A scripted agent ended the conversation. */
  disconnect(): void;
  setParticipantData(data: Record<string, string>): void;
  route(queue: string): void;
}

export interface AgentRosterDeps {
  script: AgentScript;
  clock: Clock;
  newHexId: () => string;
  publishFile: (file: { filename: string; mime: string; bytes: Buffer }) => PublishedFile;
  stage: RosterStage;
  /** Every scripted agent answers at this pace, whatever its script says (the sandbox's `replyLatency`). */
  pace?: LatencyProfile;
  /** Jitter for the pace. */
  random?: () => number;
  /** An earlier run's progress, and the participant holding the conversation then (the sandbox's state, after a restart). */
  resume?: { progress: RosterProgress; holder: Participant };
}

/** Whether the conversation has opened, and who holds it: the bot, a human the script plays (`played`), or a person. */
export interface RosterProgress {
  opened: boolean;
  holder: { participantId: string; isBot: boolean; played?: string; agent?: AgentProgress };
}

export interface AgentRoster {
  /** Customer input for the agent holding the conversation; a person answers it through the control API instead. */
  receive(input: Exclude<CustomerInput, { kind: 'receipt' }>, customAttributes: Record<string, string>): void;
  /** A person answers as the human agent `name` from now on: the agent holding the conversation leaves, unless it is
   *  `name` already (then the person takes over its voice). */
  operatorJoin(name: string): void;
  /** The agent holding the conversation leaves; the person `to` joins and answers from now on. */
  operatorTransfer(to: string): void;
  /** The humans leave and the conversation's scripted agent answers again (nothing changes while it holds it). */
  handBack(): void;
  /** Stops the scripted agent holding the conversation (its end, or the sandbox's shutdown). */
  stop(): void;
  progress(): RosterProgress;
}

/** The agent holding the conversation: its participant, and the script playing it (none: a person answers). */
interface Holder {
  participant: Participant;
  agent?: ScriptedAgent;
  /** The conversation's own scripted agent, as opposed to a human. */
  isBot: boolean;
  /** The human the script plays. */
  played?: string;
}

/** The script a transferring script plays the human `human` with. */
const humanScript = (from: AgentScript, human: HumanAgent): AgentScript => ({
  ...from,
  latency: human.latency ?? from.latency,
  persona: { name: human.name, originatingEntity: 'Human', ...(human.image ? { image: human.image } : {}) },
  onJoin: [],
  rules: human.rules,
  fallback: human.fallback,
});

export function createAgentRoster(deps: AgentRosterDeps): AgentRoster {
  const { script, stage } = deps;
  let opened = deps.resume?.progress.opened ?? false;

  const scripted = (played: AgentScript, resume?: AgentProgress): ScriptedAgent =>
    createScriptedAgent({
      script: played,
      clock: deps.clock,
      newHexId: deps.newHexId,
      publishFile: deps.publishFile,
      stage: { emit: stage.emit, transfer: (to) => handOver(to, played), setParticipantData: stage.setParticipantData, route: stage.route, disconnect: stage.disconnect },
      pace: deps.pace ?? played.latency,
      ...(deps.random ? { random: deps.random } : {}),
      ...(resume ? { resume } : {}),
    });

  const seatBot = (): Holder => {
    const agent = scripted(script);
    const purpose = agent.persona.originatingEntity === 'Bot' ? 'workflow' : 'agent';
    return { participant: stage.join(purpose, agent.persona.name), agent, isBot: true };
  };

  const reseat = ({ progress, holder: participant }: NonNullable<AgentRosterDeps['resume']>): Holder => {
    const { isBot, played, agent } = progress.holder;
    const human = played !== undefined ? script.humans.find((h) => h.name === played) : undefined;
    const playing = isBot ? script : human ? humanScript(script, human) : undefined;
    return { participant, isBot, ...(human ? { played } : {}), ...(playing && agent ? { agent: scripted(playing, agent) } : {}) };
  };

  let holder = deps.resume ? reseat(deps.resume) : seatBot();

  /** The holder leaves and `next` joins. */
  const replace = (next: () => Holder) => {
    holder.agent?.stop();
    stage.leave(holder.participant);
    holder = next();
    stage.changed();
  };

  /** A person at the control API. */
  const seatPerson = (name: string): Holder => ({ participant: stage.join('agent', name), isBot: false });

  /** A scripted transfer: the human `to`, played by the transferring script when it lists them. */
  const handOver = (to: string, from: AgentScript) => {
    const human = from.humans.find((h) => h.name === to);
    replace(() => (human ? { participant: stage.join('agent', to), agent: scripted(humanScript(from, human)), isBot: false, played: to } : seatPerson(to)));
  };

  return {
    receive(input, customAttributes) {
      if (input.kind === 'message') {
        opened = true;
        holder.agent?.handle(input, customAttributes);
        return;
      }
      const joined = input.events.some((e) => e.eventType === 'Presence' && e.presence?.type === 'Join');
      if (!joined || opened) return;
      opened = true;
      holder.agent?.open(input, customAttributes);
    },
    operatorJoin(name) {
      if (holder.participant.name !== name) return replace(() => seatPerson(name));
      holder.agent?.stop();
      holder = { participant: holder.participant, isBot: false };
    },
    operatorTransfer(to) {
      replace(() => seatPerson(to));
    },
    handBack() {
      if (holder.isBot) return;
      replace(seatBot);
    },
    stop() {
      holder.agent?.stop();
    },
    progress: () => ({
      opened,
      holder: {
        participantId: holder.participant.id,
        isBot: holder.isBot,
        ...(holder.played !== undefined ? { played: holder.played } : {}),
        ...(holder.agent ? { agent: holder.agent.progress() } : {}),
      },
    }),
  };
}
