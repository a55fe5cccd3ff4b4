// A Messenger deployment's public configuration (spec §7.2: api-cdn …/config.json), read once per
// deployment. Only what the guest engine acts on is kept; an unreadable config means "defaults", never a
// failed conversation.
export interface DeploymentConfig {
  /** Send Presence Join on a new session, so the bot or agent speaks first. */
  autoStart: boolean;
}

/** A new session's messages wait for this read (Presence Join goes first), so it never waits longer than this. */
const CONFIG_READ_TIMEOUT_MS = 5_000;

export async function readDeploymentConfig(url: string, fetchImpl: typeof fetch, origin?: string): Promise<DeploymentConfig> {
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(CONFIG_READ_TIMEOUT_MS), ...(origin ? { headers: { Origin: origin } } : {}) });
    if (!response.ok) return { autoStart: false };
    const { DeploymentConfigSchema } = await import('./guest-rest-schemas');
    const config = DeploymentConfigSchema.parse(await response.json());
    return { autoStart: config.messenger?.apps?.conversations?.autoStart?.enabled ?? false };
  } catch {
    return { autoStart: false };
  }
}
