// Where a profile's guests connect: a Genesys Cloud region's hosts (one domain per region, spec §1.2),
// or the local sandbox's URLs, handed in by the composition root exactly as a region would be.
import type { Profile } from '../../../shared/contract';
import { findRegion, SANDBOX_REGION_ID } from '../../../shared/regions';
import { ConsoleError } from '../console-error';
import type { GuestSessionEndpoints } from './webmessaging/guest-session';

export interface SandboxUrls {
  baseUrl: string;
  wsUrl: string;
}

export function webMessagingEndpoints(profile: Profile, sandbox: SandboxUrls | null): GuestSessionEndpoints {
  if (profile.region === SANDBOX_REGION_ID) {
    if (!sandbox) throw new ConsoleError('Unavailable', 'The built-in sandbox is not running in this console.');
    const ws = new URL(sandbox.wsUrl);
    if (ws.pathname === '/' || ws.pathname === '') ws.pathname = '/v1';
    return { webSocketUrl: ws.toString(), apiBaseUrl: sandbox.baseUrl, configBaseUrl: sandbox.baseUrl };
  }
  const region = findRegion(profile.region);
  if (!region) throw new ConsoleError('InvalidRequest', `The profile's region "${profile.region}" is not a Genesys Cloud region.`);
  return {
    webSocketUrl: `wss://webmessaging.${region.domain}/v1`,
    apiBaseUrl: `https://api.${region.domain}`,
    configBaseUrl: `https://api-cdn.${region.domain}`,
  };
}
