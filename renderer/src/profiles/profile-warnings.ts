// What looks wrong in a profile's fields but may be meant (testers use bad data on purpose): warnings shown
// beside a field, never a reason to refuse saving. Genesys gives deployments, integrations and OAuth clients
// UUIDs; an Origin is a scheme and a host.
import type { Draft } from './profile-draft';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DraftWarnings = Partial<Record<'deploymentId' | 'origin' | 'integrationId' | 'clientId', string>>;

export function draftWarnings(draft: Draft): DraftWarnings {
  const warnings: DraftWarnings = {};
  const uuid = (field: 'deploymentId' | 'integrationId' | 'clientId', what: string) => {
    const value = draft[field].trim();
    if (value !== '' && !UUID.test(value)) warnings[field] = `This does not look like ${what} (a UUID such as 3f2b…-…); you can still save it.`;
  };
  uuid('deploymentId', 'a deployment ID');
  uuid('integrationId', 'an integration ID');
  uuid('clientId', 'an OAuth client ID');
  const origin = draft.origin.trim();
  if (origin !== '' && !isOrigin(origin)) warnings.origin = 'An Origin is a scheme and host such as https://www.example.com (no path); you can still save it.';
  return warnings;
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text.replace(/\/$/, '');
  } catch {
    return false;
  }
}
