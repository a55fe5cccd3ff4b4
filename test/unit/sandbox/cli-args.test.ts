// The sandbox CLI's flags: fault flags map to fault settings, bad values are refused with the flag named.
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../electron/sandbox/cli';

describe('sandbox CLI arguments', () => {
  it('maps every fault flag', () => {
    expect(
      parseCliArgs(['--port', '8123', '--json', '--drop-sockets-every', '30', '--latency', '250', '--429-burst', '5', '--5xx-rate', '0.1', '--fail-webhooks', '-1', '--token-lifetime', '60']),
    ).toEqual({
      ok: true,
      port: 8123,
      json: true,
      tokenLifetimeSec: 60,
      faults: { dropSocketsEverySec: 30, latencyMs: 250, burst429: { count: 5, retryAfterSec: 1 }, http5xxRate: 0.1, failWebhookDeliveries: -1, tokenLifetimeSec: 60 },
    });
  });

  it('defaults to any free port and no faults', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, port: 0, json: false, faults: {} });
    expect(parseCliArgs(['--help'])).toBe('help');
  });

  it('refuses bad values and unknown flags', () => {
    expect(parseCliArgs(['--5xx-rate', '2'])).toMatchObject({ ok: false, message: expect.stringContaining('--5xx-rate') });
    expect(parseCliArgs(['--port', '-1'])).toMatchObject({ ok: false, message: expect.stringContaining('--port') });
    expect(parseCliArgs(['--frobnicate'])).toMatchObject({ ok: false });
  });
});

describe('the --agent flag', () => {
  it('names the agent script new conversations get', () => {
    expect(parseCliArgs(['--agent', 'echo'])).toMatchObject({ ok: true, agent: 'echo' });
    expect(parseCliArgs([])).not.toHaveProperty('agent');
  });
});

describe('the --reply-latency flag', () => {
  it('sets every agent\'s pace, and refuses a pace it does not know', () => {
    expect(parseCliArgs(['--reply-latency', 'instant'])).toMatchObject({ ok: true, replyLatency: 'instant' });
    expect(parseCliArgs(['--reply-latency', 'human'])).toMatchObject({ ok: true, replyLatency: 'human' });
    expect(parseCliArgs([])).not.toHaveProperty('replyLatency');
    expect(parseCliArgs(['--reply-latency', 'sloth'])).toEqual({ ok: false, message: '--reply-latency must be one of instant, bot, human (got "sloth")' });
  });
});
