// The Platform API's limits for Open Messaging (spec §3), written once: the sandbox refuses with them, the
// engine's request budget stays below them. Genesys documents few exact figures here; each says where its
// number comes from and how sure it is.

/** Platform API requests per OAuth client per minute: the org-wide figure Genesys cites (per-endpoint limits uncertain). */
export const PLATFORM_REQUESTS_PER_CLIENT_PER_MINUTE = 300;

/** The window that figure is counted in. */
export const PLATFORM_RATE_WINDOW_MS = 60_000;

/**
 * Inbound text limit. No source states one for Open Messaging; the Guest API's 4096, counted the same way
 * (UTF-8 bytes, which also satisfies a character reading), is assumed.
 */
export const MAX_INBOUND_TEXT_BYTES = 4096;

export const inboundTextBytes = (text: string): number => Buffer.byteLength(text, 'utf8');
