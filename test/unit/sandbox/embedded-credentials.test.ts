// The embedded sandbox's credentials: random, made once per data folder, kept owner-only, the same at every
// start on that folder, different from the published demo org and from another folder's; a damaged file is
// replaced; the ids that are not secrets stay the demo org's.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../../electron/sandbox/demo-org';
import { SANDBOX_CREDENTIALS_FILE, embeddedSandboxOrg } from '../../../electron/sandbox/embedded-credentials';
import { makeTempDir } from '../../support/temp-dir';

const dirs: { path: string; remove(): void }[] = [];
const folder = () => {
  const dir = makeTempDir('guest-console-credentials-');
  dirs.push(dir);
  return dir.path;
};
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

describe('embeddedSandboxOrg', () => {
  it('makes random credentials once per data folder, keeps them owner-only and gives the same ones at every start', () => {
    const data = folder();
    const first = embeddedSandboxOrg(data);
    expect(first).toMatchObject({ deploymentId: DEMO_ORG.deploymentId, integrationId: DEMO_ORG.integrationId, orgName: DEMO_ORG.orgName });
    for (const kind of ['clientId', 'clientSecret', 'webhookSecret'] as const) expect(first[kind]).not.toBe(DEMO_ORG[kind]);
    expect(first.clientSecret.length).toBeGreaterThanOrEqual(40);
    expect(embeddedSandboxOrg(data)).toEqual(first);
    expect(embeddedSandboxOrg(folder()).clientSecret).not.toBe(first.clientSecret);
    const file = path.join(data, SANDBOX_CREDENTIALS_FILE);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(data)).toEqual([SANDBOX_CREDENTIALS_FILE]);
  });

  it('tightens a file that was made readable by others, and replaces a damaged one', () => {
    const data = folder();
    const file = path.join(data, SANDBOX_CREDENTIALS_FILE);
    const first = embeddedSandboxOrg(data);
    if (process.platform !== 'win32') {
      fs.chmodSync(file, 0o644);
      expect(embeddedSandboxOrg(data)).toEqual(first);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    fs.writeFileSync(file, '{"clientId": "short"');
    const replaced = embeddedSandboxOrg(data);
    expect(replaced.clientSecret).not.toBe(first.clientSecret);
    expect(embeddedSandboxOrg(data)).toEqual(replaced);
    expect(fs.readdirSync(data)).toEqual([SANDBOX_CREDENTIALS_FILE]);
  });
});
