// Genesys Cloud regions and the hosts each derives from one domain (specs/web-messaging-guest-api.md §1.2).
// Environment-neutral data: the renderer lists them, the engine turns a region into URLs.

export interface Region {
  id: string; // AWS region name, the key stored in profiles
  name: string;
  domain: string;
}

export const REGIONS: readonly Region[] = [
  { id: 'us-east-1', name: 'Americas (US East)', domain: 'mypurecloud.com' },
  { id: 'us-east-2', name: 'Americas (US East 2, FedRAMP)', domain: 'use2.us-gov-pure.cloud' },
  { id: 'us-west-2', name: 'Americas (US West)', domain: 'usw2.pure.cloud' },
  { id: 'ca-central-1', name: 'Americas (Canada)', domain: 'cac1.pure.cloud' },
  { id: 'sa-east-1', name: 'Americas (São Paulo)', domain: 'sae1.pure.cloud' },
  { id: 'mx-central-1', name: 'Americas (Mexico)', domain: 'mxc1.pure.cloud' },
  { id: 'eu-west-1', name: 'EMEA (Dublin)', domain: 'mypurecloud.ie' },
  { id: 'eu-west-2', name: 'EMEA (London)', domain: 'euw2.pure.cloud' },
  { id: 'eu-central-1', name: 'EMEA (Frankfurt)', domain: 'mypurecloud.de' },
  { id: 'eu-central-2', name: 'EMEA (Zurich)', domain: 'euc2.pure.cloud' },
  { id: 'me-central-1', name: 'EMEA (UAE)', domain: 'mec1.pure.cloud' },
  { id: 'ap-south-1', name: 'Asia Pacific (Mumbai)', domain: 'aps1.pure.cloud' },
  { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)', domain: 'apse1.pure.cloud' },
  { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)', domain: 'mypurecloud.com.au' },
  { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)', domain: 'mypurecloud.jp' },
  { id: 'ap-northeast-2', name: 'Asia Pacific (Seoul)', domain: 'apne2.pure.cloud' },
  { id: 'ap-northeast-3', name: 'Asia Pacific (Osaka)', domain: 'apne3.pure.cloud' },
];

export const SANDBOX_REGION_ID = 'sandbox';
/** The built-in profile that talks to the local sandbox. */
export const SANDBOX_PROFILE_ID = 'sandbox';

export function findRegion(id: string): Region | undefined {
  return REGIONS.find((region) => region.id === id);
}

/** A profile whose hosts the user enters: a staging org's domain, or a proxy's base URL (`customHost`). */
export const CUSTOM_REGION_ID = 'custom';

/** Where a profile's sign-in, Platform API, deployment configuration and Guest WebSocket are. */
export interface GenesysHosts {
  loginUrl: string;
  apiUrl: string;
  configUrl: string;
  webSocketUrl: string;
  /** How messages name the place: a domain, or the base URL's host. */
  place: string;
  /** `domain`: each service on its sub-domain of `place`; `baseUrl`: one address serves them all. */
  kind: 'domain' | 'baseUrl';
}

/** A region's hosts: one domain, each service on its own sub-domain (spec §1.2). */
export function hostsOfDomain(domain: string): GenesysHosts {
  return {
    loginUrl: `https://login.${domain}`,
    apiUrl: `https://api.${domain}`,
    configUrl: `https://api-cdn.${domain}`,
    webSocketUrl: `wss://webmessaging.${domain}/v1`,
    place: domain,
    kind: 'domain',
  };
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const THIS_MACHINE = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A custom region's hosts from what the user typed: a domain, whose hosts derive as a region's do (a staging
 * org, `inindca.com`), or a base URL that serves every service itself as the sandbox does (a proxy,
 * `https://genesys-proxy.example.com/prefix`). HTTPS only, except on this machine (localhost, 127.0.0.1, [::1]);
 * no user name, password, query or fragment.
 */
export function customHosts(text: string): { ok: true; hosts: GenesysHosts } | { ok: false; problem: string } {
  const entered = text.trim();
  if (entered === '') return { ok: false, problem: 'Enter the org’s domain (e.g. inindca.com) or a base URL (e.g. https://proxy.example.com).' };
  if (!entered.includes('://')) {
    return DOMAIN.test(entered)
      ? { ok: true, hosts: hostsOfDomain(entered.toLowerCase()) }
      : { ok: false, problem: `“${entered.slice(0, 80)}” is not a domain like inindca.com or a URL like https://proxy.example.com.` };
  }
  let url: URL;
  try {
    url = new URL(entered);
  } catch {
    return { ok: false, problem: `“${entered.slice(0, 80)}” is not a valid URL.` };
  }
  const local = THIS_MACHINE.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return { ok: false, problem: 'Use an https:// address (http:// only for localhost, 127.0.0.1 or [::1]).' };
  }
  if (url.username || url.password) return { ok: false, problem: 'Leave the user name and password out of the address; secrets go in the profile’s secrets.' };
  if (url.search || url.hash) return { ok: false, problem: 'Give the base URL without a query (?…) or fragment (#…).' };
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const socket = new URL(base);
  socket.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { ok: true, hosts: { loginUrl: base, apiUrl: base, configUrl: base, webSocketUrl: `${socket.toString().replace(/\/+$/, '')}/v1`, place: url.host, kind: 'baseUrl' } };
}
