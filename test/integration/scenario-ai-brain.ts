// A deterministic "model" for the AI-step tests, behind the local model server (test/support/model-server.ts):
// it reads the request as a real model would — the customer's goal in the system message, the numbered options
// and the conversation in the user message — and answers in the documented JSON. As the customer it picks
// "Order status" to learn about an order, says it is done once it read "arrives tomorrow", and picks "No, thanks"
// when its goal is to need nothing else. As the judge it finds a criterion about rudeness not met, any other met.
import { transcriptOf, type ModelRequest } from '../support/model-server';

export const JUDGE_DISAGREES = 'The assistant stayed polite throughout; nothing it said was rude.';

export function customerBrain(request: ModelRequest): string {
  const system = request.body.messages?.find((message) => message.role === 'system')?.content ?? '';
  const user = transcriptOf(request);
  if (system.startsWith('You judge')) {
    const criterion = /^Criterion: (.*)$/m.exec(user)?.[1] ?? '';
    return JSON.stringify(/rude/i.test(criterion) ? { met: false, reasoning: JUDGE_DISAGREES } : { met: true, reasoning: 'Flo said that order 1042 arrives tomorrow.' });
  }
  const goal = /^Your goal: (.*)$/m.exec(system)?.[1] ?? '';
  const option = (label: string) => {
    const number = new RegExp(`\\[(\\d+)\\] ${label}$`, 'm').exec(user)?.[1];
    return number === undefined ? undefined : Number(number);
  };
  if (/nothing else/i.test(goal)) {
    const no = option('No, thanks');
    return JSON.stringify(no ? { choose: no } : { say: 'No, thanks, that is all.' });
  }
  if (user.includes('arrives tomorrow')) return JSON.stringify({ done: true, reason: 'Flo said the order arrives tomorrow.' });
  const status = option('Order status');
  return JSON.stringify(status ? { choose: status } : { say: 'Hi, when does my order 1042 arrive?' });
}
