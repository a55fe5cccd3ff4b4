// The sandbox's fixed demo org: the same ids on every machine and every run, so the README,
// scenarios and third-party tools can name them. These are sandbox-only credentials.

export interface SandboxOrg {
  orgName: string;
  clientId: string;
  clientSecret: string;
  integrationId: string;
  integrationName: string;
  webhookSecret: string;
  deploymentId: string;
}

/** The org's second Messenger deployment: the demo one in every way but its allowed domains, which admit only
 *  this one, so a client's "domain not allowed" path can be tested (a socket from any other Origin, or none, gets 403). */
export const RESTRICTED_DEPLOYMENT = {
  id: 'e7a2c9f4-5b1d-4f8e-9a3c-6d0b2e4f8a15',
  allowedOrigins: ['https://shop.example.com'],
} as const;

export const DEMO_ORG: SandboxOrg = {
  orgName: 'Guest Console Sandbox',
  clientId: '6f1c3a52-0d4e-4b8a-9c21-5a7e0f3d9b10',
  clientSecret: 'sandbox-client-secret-2f9c7e1a',
  integrationId: '8d2b6c44-3f1a-4e7b-a5d9-1c0e7f2b4a63',
  integrationName: 'Sandbox Open Messaging',
  webhookSecret: 'sandbox-webhook-secret-7b3e91d0',
  deploymentId: 'a3e5c1d7-9b2f-4c6e-8d0a-2f4b6c8e0a13',
};
