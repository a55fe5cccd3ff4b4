// The sandbox's conversation records with participant data: a record written before participant data was kept
// still reads, and one with attributes, a queue and a wrap-up reads back as written; a malformed wrap-up is refused.
import { describe, expect, it } from 'vitest';
import { ConversationRecordSchema } from '../../../electron/sandbox/conversation-records';

const record = (participants: unknown[]) => ({
  id: 'c1',
  channel: 'openmessaging',
  endpointId: 'i1',
  customerId: 'u1',
  script: 'default',
  state: 'ended',
  participants,
  customAttributes: { tier: 'gold' },
});

describe('conversation records', () => {
  it('read a record from before participant data was kept', () => {
    const old = record([{ id: 'p1', purpose: 'customer', name: 'Kim', state: 'disconnected' }]);
    expect(ConversationRecordSchema.safeParse(old).success).toBe(true);
  });

  it('keep participant data, the queue and the wrap-up, and refuse a wrap-up without a code', () => {
    const participants = [
      { id: 'p1', purpose: 'customer', name: 'Kim', state: 'disconnected', attributes: { Intent: 'Billing' } },
      { id: 'p2', purpose: 'agent', name: 'Alex', state: 'disconnected', queue: { id: 'q1', name: 'Billing' }, wrapup: { code: 'Resolved', notes: 'ok' } },
    ];
    expect(ConversationRecordSchema.parse(record(participants)).participants).toEqual(participants);
    expect(ConversationRecordSchema.safeParse(record([{ ...participants[1], wrapup: { notes: 'no code' } }])).success).toBe(false);
  });
});
