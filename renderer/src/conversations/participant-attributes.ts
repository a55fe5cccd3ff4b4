// What the guest sent as custom attributes beside what the platform holds as the customer's participant data,
// one row per key: arrived (same value), different (another value), missing (sent, not held) or only on the
// platform (held, not among what the guest sends with every message: a flow's Set Participant Data, say). Pure, so the panel only draws it; the order is the keys' alphabetical order.
import type { ParticipantData } from '../../../shared/participants-contract';

export type AttributeMatch = 'arrived' | 'different' | 'missing' | 'platformOnly';

export interface AttributeRow {
  key: string;
  sent?: string;
  held?: string;
  match: AttributeMatch;
}

export function compareAttributes(sent: Record<string, string>, held: Record<string, string>): AttributeRow[] {
  const keys = [...new Set([...Object.keys(sent), ...Object.keys(held)])].sort((a, b) => a.localeCompare(b));
  return keys.map((key) => {
    const sentValue = Object.hasOwn(sent, key) ? sent[key] : undefined;
    const heldValue = Object.hasOwn(held, key) ? held[key] : undefined;
    const match: AttributeMatch = sentValue === undefined ? 'platformOnly' : heldValue === undefined ? 'missing' : sentValue === heldValue ? 'arrived' : 'different';
    return { key, ...(sentValue !== undefined ? { sent: sentValue } : {}), ...(heldValue !== undefined ? { held: heldValue } : {}), match };
  });
}

/** The customer first (the guest), then the others in the platform's order. */
export function customerFirst(participants: ParticipantData[]): ParticipantData[] {
  const customers = participants.filter((participant) => participant.purpose === 'customer');
  return [...customers, ...participants.filter((participant) => participant.purpose !== 'customer')];
}

/** A line on what arrived: "2 of 3 sent attributes arrived". */
export function arrivalSummary(rows: AttributeRow[]): string {
  const sent = rows.filter((row) => row.sent !== undefined);
  if (sent.length === 0) return 'The guest sent no custom attributes.';
  const arrived = sent.filter((row) => row.match === 'arrived').length;
  if (arrived === sent.length) return sent.length === 1 ? 'The sent attribute arrived.' : `All ${sent.length} sent attributes arrived.`;
  return `${arrived} of ${sent.length} sent attributes arrived.`;
}
