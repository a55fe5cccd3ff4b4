// The `participant` expectation: parsed with the customer as the default purpose and values as equals, contains
// or an RE2 pattern; refused with a line when it is not alone or its pattern cannot run; checked against a read
// (whose attributes by purpose, the queue on any participant, the wrap-up on any agent) with the actual data in words.
import { describe, expect, it } from 'vitest';
import type { ParticipantsRead } from '../../shared/participants-contract';
import { checkParticipants } from '../../electron/engine/scenarios/participant-expectation';
import { describeExpectation } from '../../electron/engine/scenarios/reply-matching';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import type { ParticipantMatcher } from '../../electron/engine/scenarios/scenario';

const parse = (expectation: string) => parseScenario(['name: P', 'steps:', '  - say: billing', `  - expect: ${expectation}`].join('\n'));

const read: ParticipantsRead = {
  available: true,
  conversationId: 'c1',
  readAt: '2026-01-01T00:00:00.000Z',
  participants: [
    { id: 'p1', purpose: 'customer', name: 'Kim', state: 'connected', attributes: { tier: 'gold', Intent: 'Billing' } },
    { id: 'p2', purpose: 'workflow', name: 'Sandy', state: 'disconnected', attributes: {} },
    { id: 'p3', purpose: 'acd', name: 'Billing', state: 'disconnected', attributes: {}, queueId: 'q1', queueName: 'Billing' },
    { id: 'p4', purpose: 'agent', name: 'Alex', state: 'disconnected', attributes: {}, queueId: 'q1', queueName: 'Billing', wrapup: { code: 'Resolved' } },
  ],
};

describe('the participant expectation', () => {
  it('parses any subset, the customer by default, values as text, contains or a pattern', () => {
    const parsed = parse('{ participant: { attributes: { Intent: Billing, tier: { contains: ol } }, queue: { matches: "/^bill/i" }, wrapup: Resolved }, timeout: 20s }');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.scenario.steps[1]).toMatchObject({
      type: 'expect',
      timeoutMs: 20_000,
      expectation: {
        kind: 'participant',
        matcher: { purpose: 'customer', attributes: { Intent: { equals: 'Billing' }, tier: { contains: 'ol' } }, queue: { matches: { source: '^bill', flags: 'i' } }, wrapup: { equals: 'Resolved' } },
      },
    });
    const step = parsed.scenario.steps[1]!;
    if (step.type !== 'expect') throw new Error('expected an expect step');
    expect(describeExpectation(step.expectation)).toBe(
      'participant data: customer attributes Intent "Billing", tier containing "ol"; queue matching /^bill/i; wrap-up "Resolved"',
    );
  });

  it('refuses it beside a reply condition, a pattern RE2 cannot run, and an unknown key, each with its line', () => {
    const problems = (expectation: string) => {
      const parsed = parse(expectation);
      return parsed.ok ? [] : parsed.problems.map((problem) => `${problem.line} ${problem.message}`);
    };
    expect(problems('{ participant: { queue: Billing }, contains: x }')).toEqual(['4 `participant` stands alone in an expectation; found it with contains (use a separate step)']);
    expect(problems('{ participant: { queue: { matches: "(?=x)" } } }')).toEqual([expect.stringMatching(/^4 not a regular expression this console can run/)]);
    expect(problems('{ participant: { queues: Billing } }')).toEqual([expect.stringMatching(/^4 .*queues/)]);
  });

  it('holds when the chosen participant has the attributes, any participant the queue and any agent the wrap-up', () => {
    const check = (matcher: ParticipantMatcher) => checkParticipants(matcher, read).status;
    expect(check({ purpose: 'customer', attributes: { Intent: { equals: 'Billing' } }, queue: { equals: 'Billing' }, wrapup: { equals: 'Resolved' } })).toBe('passed');
    expect(check({ purpose: 'customer', attributes: { Intent: { equals: 'Sales' } } })).toBe('failed');
    expect(check({ purpose: 'customer', attributes: { Missing: { contains: '' } } })).toBe('failed');
    expect(check({ purpose: 'agent', attributes: { Intent: { equals: 'Billing' } } })).toBe('failed');
    expect(check({ purpose: 'customer', queue: { equals: 'Sales' } })).toBe('failed');
    expect(check({ purpose: 'customer', wrapup: { matches: { source: '^resolved$', flags: 'i' } } })).toBe('passed');
    expect(check({ purpose: 'supervisor' })).toBe('failed');
  });

  it('says what the platform holds, or why it cannot be read', () => {
    expect(checkParticipants({ purpose: 'customer', attributes: { Intent: { equals: 'Sales' } } }, read).actual).toBe(
      'customer ("Kim", connected, attributes {"tier":"gold","Intent":"Billing"}); workflow ("Sandy", disconnected); acd ("Billing", disconnected, queue Billing); agent ("Alex", disconnected, queue Billing, wrap-up Resolved)',
    );
    expect(checkParticipants({ purpose: 'customer' }, { available: false, reason: 'Add an OAuth client to this profile to check participant data' })).toEqual({
      status: 'failed',
      actual: 'Add an OAuth client to this profile to check participant data',
    });
  });
});
