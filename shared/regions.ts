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
