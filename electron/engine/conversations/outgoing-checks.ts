// What a guest message must pass before it is queued: Genesys' limits as protocol/webmessaging/limits.ts
// measures them (text bytes, custom-attribute bytes, the deployment's file rules), and the secrets rule —
// a message holding a vault secret is refused, naming the secret (never its value) and where it was.
import {
  attachmentRefusal,
  BYTES_PER_KB,
  customAttributesBytes,
  GUEST_API_LIMITS,
  textBytes,
  type AttachmentRules,
} from '../../protocol/webmessaging';
import { ConsoleError } from '../console-error';
import type { SecretRedactor } from './redaction';

/** Where a secret may hide in a message, and what to call that place. */
export type MessagePart = [where: string, content: string | Uint8Array];

/** Custom attributes go out with every message, so they are checked for secrets with it. */
export const attributeParts = (attributes: Record<string, string>): MessagePart[] =>
  Object.entries(attributes).map(([key, value]) => [`custom attribute "${key}"`, value]);

export class OutgoingChecks {
  constructor(private readonly redactor: SecretRedactor) {}

  text(text: string): void {
    const bytes = textBytes(text);
    if (bytes > GUEST_API_LIMITS.maxTextBytes) {
      throw new ConsoleError('InvalidRequest', `The message is ${bytes} bytes long; Genesys accepts at most ${GUEST_API_LIMITS.maxTextBytes}. Shorten it or split it.`);
    }
  }

  attributes(attributes: Record<string, string>, limit: number): void {
    const bytes = customAttributesBytes(attributes);
    if (bytes > limit) {
      throw new ConsoleError('InvalidRequest', `The custom attributes are ${bytes} bytes; the deployment accepts at most ${limit}. Remove some or shorten them.`);
    }
  }

  file(rules: AttachmentRules, fileName: string, mime: string, size: number): void {
    if (size === 0) throw new ConsoleError('InvalidRequest', `${fileName} is empty.`);
    const refusal = attachmentRefusal({ fileName, mime, size }, rules);
    switch (refusal?.kind) {
      case 'ExtensionBlocked':
        throw new ConsoleError('InvalidRequest', `The deployment blocks ${refusal.extension} files.`);
      case 'TypeNotAccepted':
        throw new ConsoleError('InvalidRequest', `The deployment does not accept ${mime} files. It accepts: ${refusal.accepted.join(', ')}.`);
      case 'TooLarge':
        throw new ConsoleError('InvalidRequest', `${fileName} is ${Math.ceil(size / BYTES_PER_KB)} KB; the deployment accepts files up to ${refusal.maxFileSizeKB} KB.`);
    }
  }

  /**
   * A secret never goes out in a guest message. Refused rather than replaced: the tester sees why, keeps
   * the draft, and what the agent receives is always exactly what was typed (a scenario step fails).
   */
  secrets(parts: readonly MessagePart[]): void {
    for (const [where, content] of parts) {
      const secret = this.redactor.secretIn(content);
      if (secret) throw new ConsoleError('InvalidRequest', `The ${where} contains ${secret}, so nothing was sent. Remove it and try again.`);
    }
  }
}
