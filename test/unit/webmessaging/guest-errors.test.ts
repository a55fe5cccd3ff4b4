import { describe, expect, it } from 'vitest';
import {
  connectionLost,
  GuestError,
  guestErrorFromCode,
  unreachable,
  upgradeFailed,
  upgradeRefusal,
} from '../../../electron/engine/genesys/webmessaging/guest-errors';
import { GuestErrorCode } from '../../../electron/protocol/webmessaging';

describe('Web Messaging error kinds', () => {
  it('classifies the Guest API codes once, with words and the server text quoted', () => {
    const cases: [number, string][] = [
      [GuestErrorCode.SessionExpired, 'SessionExpired'],
      [GuestErrorCode.SessionNotFound, 'SessionExpired'],
      [GuestErrorCode.TooManyRequests, 'RateLimited'],
      [GuestErrorCode.RequestRateTooHigh, 'RateLimited'],
      [GuestErrorCode.MessageTooLong, 'TooLarge'],
      [GuestErrorCode.FileSizeInvalid, 'TooLarge'],
      [GuestErrorCode.CustomAttributesTooLarge, 'TooLarge'],
      [GuestErrorCode.FileTypeInvalid, 'FileRefused'],
      [GuestErrorCode.Forbidden, 'Blocked'],
      [GuestErrorCode.FeatureUnavailable, 'Blocked'],
      [GuestErrorCode.Unauthorized, 'SignInRefused'],
      [GuestErrorCode.BadRequest, 'Rejected'],
      [GuestErrorCode.UnexpectedError, 'ServerError'],
      [4999, 'Rejected'],
      [503, 'ServerError'],
    ];
    for (const [code, failure] of cases) expect(guestErrorFromCode(code)).toMatchObject({ failure, details: { code } });
    const tooLong = guestErrorFromCode(4011, '  Message length 5000 is larger than 4096  ');
    expect(tooLong.message).toBe('The message is longer than Genesys accepts. (4011: Message length 5000 is larger than 4096)');
    expect(guestErrorFromCode(4321).message).toBe('Genesys answered with error 4321. (4321)');
  });

  it('is a console error whose contract kind the dispatcher can pass on', () => {
    const expired = guestErrorFromCode(4006);
    expect(expired).toBeInstanceOf(GuestError);
    expect(expired.toContractError()).toEqual({ kind: 'Conflict', message: expired.message });
    expect(guestErrorFromCode(4002).kind).toBe('InvalidRequest');
    expect(guestErrorFromCode(429).kind).toBe('Unavailable');
  });

  it('tells a blocked origin from a wrong deployment on a refused upgrade, and retries anything else', () => {
    expect(upgradeRefusal(403)).toMatchObject({ failure: 'Blocked', kind: 'Forbidden', message: expect.stringContaining("profile's Origin") });
    expect(upgradeRefusal(401)?.failure).toBe('Blocked');
    expect(upgradeRefusal(404)).toMatchObject({ failure: 'DeploymentNotFound', kind: 'NotFound', message: expect.stringContaining('deployment id and the region') });
    expect(upgradeRefusal(400)?.failure).toBe('DeploymentNotFound');
    expect(upgradeRefusal(502)).toBeUndefined();
    expect(upgradeFailed(502)).toMatchObject({ failure: 'ServerError', details: { status: 502 } });
    expect(upgradeFailed(429).failure).toBe('RateLimited');
  });

  it('names the real cause when a host cannot be reached: DNS, refused connection, TLS', () => {
    const dns = unreachable('webmessaging.mypurecloud.ie', Object.assign(new Error('getaddrinfo ENOTFOUND webmessaging.mypurecloud.ie'), { code: 'ENOTFOUND' }));
    expect(dns).toMatchObject({ failure: 'Unreachable', kind: 'Unavailable' });
    expect(dns.message).toBe(
      "Could not reach webmessaging.mypurecloud.ie: the host name does not resolve (ENOTFOUND). Check the profile's region and your network connection.",
    );
    // fetch wraps the system error in `cause`.
    const refused = unreachable('api.example', new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    expect(refused.message).toContain('the connection was refused (ECONNREFUSED)');
    expect(unreachable('h', Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' })).message).toContain('TLS certificate has expired');
    expect(unreachable('h', Object.assign(new Error('x'), { code: 'EWHATEVER' })).message).toContain('h: EWHATEVER.');
    expect(unreachable('h', new Error('Opening handshake has timed out')).message).toContain('h: Opening handshake has timed out.');
    expect(connectionLost('h', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toMatchObject({
      failure: 'ConnectionLost',
      message: 'The connection to h was lost: the connection was reset (ECONNRESET).',
    });
  });
});
