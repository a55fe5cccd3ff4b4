// The agent the reliability suites talk to: answers every guest text at once with "re: <text>", so each
// guest message has exactly one predictable answer, and a parent-side chatter adds unprompted agent
// messages (operator replies) while the console is down or busy.
import type { Sandbox } from '../../../electron/sandbox';

export const RELAY_AGENT = {
  name: 'relay',
  description: 'Answers every text with re: <text>.',
  persona: { name: 'Relay', originatingEntity: 'Bot' },
  fallback: [{ say: 're: {{text}}' }],
};

/** Operator messages on every active conversation at random moments; returns a stop function. */
export function startAgentChatter(sandbox: Sandbox, random: () => number, everyMs = 250): { stop(): void; sent(): number } {
  let sent = 0;
  const timer = setInterval(() => {
    for (const conversation of sandbox.control.listConversations()) {
      if (conversation.state !== 'active' || random() < 0.5) continue;
      sent += 1;
      sandbox.control.operatorReply(conversation.id, { text: `agent says ${sent}`, nickname: 'Olive' });
    }
  }, everyMs);
  return {
    stop: () => clearInterval(timer),
    sent: () => sent,
  };
}
