// The participant-data panel's comparison: what the guest sent beside what the platform holds on the customer.
import { describe, expect, it } from 'vitest';
import { arrivalSummary, compareAttributes, customerFirst } from '../../../renderer/src/conversations/participant-attributes';

describe('compareAttributes', () => {
  it('marks each key as arrived, different, missing or only on the platform, in key order', () => {
    const rows = compareAttributes({ plan: 'Gold', accountId: 'A-1', locale: 'en-GB' }, { accountId: 'A-1', plan: 'Silver', Intent: 'Billing' });
    expect(rows).toEqual([
      { key: 'accountId', sent: 'A-1', held: 'A-1', match: 'arrived' },
      { key: 'Intent', held: 'Billing', match: 'platformOnly' },
      { key: 'locale', sent: 'en-GB', match: 'missing' },
      { key: 'plan', sent: 'Gold', held: 'Silver', match: 'different' },
    ]);
    expect(arrivalSummary(rows)).toBe('1 of 3 sent attributes arrived.');
  });

  it('an empty value sent and held is an arrival; a key named like an Object method is only data', () => {
    const rows = compareAttributes({ note: '', constructor: 'x' }, { note: '' });
    expect(rows.map((row) => row.match)).toEqual(['missing', 'arrived']);
    expect(arrivalSummary(compareAttributes({ note: '' }, { note: '' }))).toBe('The sent attribute arrived.');
    expect(arrivalSummary(compareAttributes({}, { Intent: 'Billing' }))).toBe('The guest sent no custom attributes.');
  });
});

describe('customerFirst', () => {
  it('puts the customer first and keeps the others in the platform order', () => {
    const of = (id: string, purpose: string) => ({ id, purpose, attributes: {} });
    expect(customerFirst([of('a', 'agent'), of('w', 'workflow'), of('c', 'customer'), of('q', 'acd')]).map((p) => p.id)).toEqual(['c', 'a', 'w', 'q']);
  });
});
