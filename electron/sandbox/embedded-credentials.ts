// The embedded sandbox's own OAuth client and webhook secret: random, made once per data folder and kept
// there (`sandbox-credentials.json`, owner-only 0600), so no other program or web page on the machine can use
// the demo org's published ones against the sandbox a console runs. The ids that are not secrets (org,
// integration, deployment) stay the demo org's. `npm run sandbox` and the tests keep the fixed demo org.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEMO_ORG, type SandboxOrg } from './demo-org';

export const SANDBOX_CREDENTIALS_FILE = 'sandbox-credentials.json';

const CredentialsSchema = z.object({
  clientId: z.string().min(16),
  clientSecret: z.string().min(32),
  webhookSecret: z.string().min(32),
});
type Credentials = z.infer<typeof CredentialsSchema>;

/** The demo org with this data folder's credentials, creating them on first use. A damaged file is replaced:
 *  nothing but this console's built-in sandbox profile uses them, and it reads them from here at each start. */
export function embeddedSandboxOrg(directory: string): SandboxOrg {
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, SANDBOX_CREDENTIALS_FILE);
  const credentials = readCredentials(file) ?? createCredentials(file);
  return { ...DEMO_ORG, ...credentials };
}

function readCredentials(file: string): Credentials | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let parsed: ReturnType<typeof CredentialsSchema.safeParse>;
  try {
    parsed = CredentialsSchema.safeParse(JSON.parse(text));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return parsed.data;
}

/** Written to a private temporary file, then linked into place: a second console starting on the same folder
 *  at the same moment finds the first one's file (the link fails) and uses it, so both agree. */
function createCredentials(file: string): Credentials {
  const fresh: Credentials = {
    clientId: randomUUID(),
    clientSecret: randomBytes(32).toString('base64url'),
    webhookSecret: randomBytes(32).toString('base64url'),
  };
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    try {
      fs.linkSync(temporary, file);
      return fresh;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const theirs = readCredentials(file);
    if (theirs) return theirs;
    fs.renameSync(temporary, file);
    return fresh;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
