// Where a profile's guests connect: a Genesys Cloud region's hosts (one domain per region, spec §1.2),
// a custom region's (a staging org's domain or a proxy's base URL), or the local sandbox's URLs, handed in
// by the composition root exactly as a region would be.
import type { Profile } from '../../../shared/contract';
import { CUSTOM_REGION_ID, customHosts, findRegion, hostsOfDomain, SANDBOX_REGION_ID, type GenesysHosts } from '../../../shared/regions';
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
  const hosts = genesysHosts(profile);
  return { webSocketUrl: hosts.webSocketUrl, apiBaseUrl: hosts.apiUrl, configBaseUrl: hosts.configUrl };
}

/** A real org's hosts: its region's, or the custom domain or base URL the profile names. */
export function genesysHosts(profile: { region: string; customHost?: string }): GenesysHosts {
  if (profile.region === CUSTOM_REGION_ID) {
    const custom = customHosts(profile.customHost ?? '');
    if (!custom.ok) throw new ConsoleError('InvalidRequest', `The profile's custom host is not usable: ${custom.problem}`);
    return custom.hosts;
  }
  const region = findRegion(profile.region);
  if (!region) throw new ConsoleError('InvalidRequest', `The profile's region "${profile.region}" is not a Genesys Cloud region.`);
  return hostsOfDomain(region.domain);
}
