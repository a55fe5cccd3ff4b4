// "Test connection": checks each part of a profile on its own — the Web Messaging deployment's published
// configuration, the OAuth sign-in, the Open Messaging integration, the webhook receiver — and for every
// part that fails says what failed and what to change. Never throws; a check that cannot run says why.
import type { Profile } from '../../../shared/contract';
import type { ConnectionCheck } from '../../../shared/profile-files-contract';
import { CUSTOM_REGION_ID, customHosts, findRegion } from '../../../shared/regions';
import { webMessagingEndpoints, type SandboxUrls } from './endpoints';
import type { OpenMessagingGuests } from './openmessaging/open-messaging-guests';
import { PlatformError } from './openmessaging/platform-error';

const DEPLOYMENT_TIMEOUT_MS = 8000;

export interface ConnectionTestDeps {
  sandbox: SandboxUrls | null;
  openMessaging: OpenMessagingGuests | null;
  fetch: typeof fetch;
}

export async function testConnection(profile: Profile, deps: ConnectionTestDeps): Promise<ConnectionCheck[]> {
  const place = placeOf(profile);
  const checks: ConnectionCheck[] = [];
  const hasWebMessaging = profile.webMessaging.deploymentId !== '';
  const hasOpenMessaging = profile.openMessaging.integrationId !== '' || profile.openMessaging.clientId !== '';
  if (!hasWebMessaging && !hasOpenMessaging) {
    return [
      {
        name: 'Profile settings',
        status: 'failed',
        detail: 'There is nothing to test yet: the profile has neither a deployment ID nor an Open Messaging integration.',
        fix: 'Add a Web Messaging deployment ID, or an Open Messaging integration ID and client ID, then save.',
      },
    ];
  }
  if (hasWebMessaging) checks.push(await checkDeployment(profile, place, deps));
  if (hasOpenMessaging) checks.push(...(await checkOpenMessaging(profile, place, deps)));
  return checks;
}

/** The place in the words of the checks: the sandbox, a region's name, or a custom domain or host. */
function placeOf(profile: Profile): string {
  if (profile.builtIn) return 'the built-in sandbox';
  if (profile.region === CUSTOM_REGION_ID) {
    const custom = customHosts(profile.customHost);
    return custom.ok ? custom.hosts.place : profile.customHost || 'the custom region';
  }
  return findRegion(profile.region)?.name ?? profile.region;
}

async function checkDeployment(profile: Profile, place: string, deps: ConnectionTestDeps): Promise<ConnectionCheck> {
  const name = 'Web Messaging deployment';
  const { deploymentId, origin } = profile.webMessaging;
  let url: string;
  try {
    url = `${webMessagingEndpoints(profile, deps.sandbox).configBaseUrl}/webdeployments/v1/deployments/${encodeURIComponent(deploymentId)}/config.json`;
  } catch (error) {
    return { name, status: 'failed', detail: (error as Error).message, fix: 'Choose a Genesys Cloud region for the profile, or enter a usable custom domain or base URL.' };
  }
  try {
    const response = await deps.fetch(url, { signal: AbortSignal.timeout(DEPLOYMENT_TIMEOUT_MS), ...(origin ? { headers: { Origin: origin } } : {}) });
    if (response.ok) return { name, status: 'passed', detail: `Deployment ${deploymentId} is published in ${place}.` };
    if (response.status === 404 || response.status === 403) {
      return {
        name,
        status: 'failed',
        detail: `No published deployment ${deploymentId} in ${place} (HTTP ${response.status}).`,
        fix: 'Copy the deployment ID from Admin › Message › Messenger Deployments, check the region, and make sure the deployment is active.',
      };
    }
    return { name, status: 'failed', detail: `${place} answered HTTP ${response.status} for the deployment's configuration.`, fix: 'Try again in a minute; if it persists, check the Genesys Cloud status page.' };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      name,
      status: 'failed',
      detail: timedOut ? `${place} did not answer within ${DEPLOYMENT_TIMEOUT_MS / 1000} s.` : `${new URL(url).host} could not be reached (${causeOf(error)}).`,
      fix: 'Check the network connection, a proxy or firewall, and that the region is the one your org lives in.',
    };
  }
}

async function checkOpenMessaging(profile: Profile, place: string, deps: ConnectionTestDeps): Promise<ConnectionCheck[]> {
  const signIn = 'Sign-in (OAuth client credentials)';
  const integrationCheck = 'Open Messaging integration';
  const webhookCheck = 'Webhook receiver';
  const openMessaging = deps.openMessaging;
  if (!openMessaging) return [{ name: signIn, status: 'skipped', detail: 'Open Messaging is not available in this console.' }];
  const { integrationId, clientId, receiveMode } = profile.openMessaging;
  if (!clientId) {
    return [
      { name: signIn, status: 'failed', detail: 'The profile has no OAuth client ID.', fix: 'Create a client-credentials OAuth client in Admin › Integrations › OAuth and enter its client ID and secret.' },
      { name: integrationCheck, status: 'skipped', detail: 'Needs a successful sign-in first.' },
    ];
  }
  let integrations;
  try {
    integrations = await openMessaging.listIntegrations(profile);
  } catch (error) {
    return [
      { name: signIn, status: 'failed', detail: (error as Error).message, fix: signInFix(error, place) },
      { name: integrationCheck, status: 'skipped', detail: 'Needs a successful sign-in first.' },
    ];
  }
  const checks: ConnectionCheck[] = [{ name: signIn, status: 'passed', detail: `Signed in to ${place} with client ${clientId}.` }];
  const integration = integrations.find((candidate) => candidate.id === integrationId);
  if (!integrationId) {
    checks.push({ name: integrationCheck, status: 'failed', detail: 'The profile has no integration ID.', fix: 'Enter the ID of an Open Messaging integration (Admin › Message › Platforms).' });
  } else if (!integration) {
    checks.push({
      name: integrationCheck,
      status: 'failed',
      detail: `Integration ${integrationId} was not found among the ${integrations.length} Open Messaging integration(s) this client can see.`,
      fix: 'Copy the integration ID from Admin › Message › Platforms, and check that the OAuth client belongs to the same org.',
    });
  } else {
    checks.push({ name: integrationCheck, status: 'passed', detail: `Found "${integration.name}"; ${integration.webhookUrl ? `it sends replies to ${integration.webhookUrl}` : 'no webhook URL is set on it yet'}.` });
  }
  if (receiveMode === 'poll') {
    checks.push({ name: webhookCheck, status: 'skipped', detail: 'This profile receives replies by polling; no webhook is needed.' });
    return checks;
  }
  try {
    const result = await openMessaging.checkWebhook(profile);
    const webhookUrl = await openMessaging.webhookUrl(profile);
    if (result.correctlySigned.accepted && !result.wronglySigned.accepted) {
      checks.push({
        name: webhookCheck,
        status: 'passed',
        detail: `The receiver at ${webhookUrl} accepts a correctly signed delivery and refuses a wrongly signed one.` +
          (profile.builtIn ? '' : ' Genesys reaches it only through a public HTTPS tunnel pointed at this address.'),
      });
    } else {
      checks.push({
        name: webhookCheck,
        status: 'failed',
        detail: `The receiver answered ${result.correctlySigned.status} to a correctly signed delivery and ${result.wronglySigned.status} to a wrongly signed one.`,
        fix: 'Set the webhook secret to the one configured on the integration.',
      });
    }
  } catch (error) {
    checks.push({ name: webhookCheck, status: 'failed', detail: (error as Error).message, fix: 'Set the webhook secret in Secrets, and pick a free webhook port (0 picks one).' });
  }
  return checks;
}

/** fetch says only "fetch failed"; the system's code (ENOTFOUND, ECONNREFUSED …) is in its cause. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' ? cause.message : (error as Error).message;
}

function signInFix(error: unknown, place: string): string {
  if (!(error instanceof PlatformError)) return 'Check the client ID and secret, then try again.';
  switch (error.failure) {
    case 'BadCredentials':
      return `Check the client ID and client secret, and that the OAuth client is a client-credentials grant in ${place}.`;
    case 'NotConfigured':
      return 'Set the client secret in Secrets below.';
    case 'Forbidden':
      return 'Give the OAuth client a role with the Open Messaging permissions (conversation:message:create, messaging:integration:view).';
    case 'Unreachable':
    case 'Timeout':
      return 'Check the network connection, a proxy or firewall, and that the region is the one your org lives in.';
    default:
      return 'Try again in a minute; if it persists, check the Genesys Cloud status page.';
  }
}
