// What the AI-step tests share: the checks that the API key went only where it should, and a deterministic
// "model" behind the local model server (test/support/model-server.ts):
// it reads the request as a real model would — the customer's goal in the system message, the numbered options
// and the conversation in the user message — and answers in the documented JSON. As the customer it picks
// "Order status" to learn about an order, says it is done once it read "arrives tomorrow", and picks "No, thanks"
// when its goal is to need nothing else. As the judge it finds a criterion about rudeness not met, any other met.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { transcriptOf, type ModelRequest, type ModelServer } from '../support/model-server';

/** Every request the model server received carried the key as its bearer token, and nowhere else. */
export function expectKeyOnlyInAuthorization(model: ModelServer, key: string): void {
  expect(model.rawRequests.length).toBeGreaterThan(0);
  for (const raw of model.rawRequests) {
    const [, headerLine, ...body] = raw.split('\n');
    const headers = JSON.parse(headerLine!) as Record<string, string>;
    expect(headers.authorization).toBe(`Bearer ${key}`);
    expect(JSON.stringify({ ...headers, authorization: undefined }) + body.join('\n')).not.toContain(key);
  }
}

/** No file below `folder` (transcripts, settings, reports, the sandbox's state) holds `secret`. */
export function expectNoFileHolds(folder: string, secret: string): void {
  for (const file of fs.readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(folder, file);
    if (fs.statSync(full).isFile()) expect(fs.readFileSync(full, 'utf8'), file).not.toContain(secret);
  }
}

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
