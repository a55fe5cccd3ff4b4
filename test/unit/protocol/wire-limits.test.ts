// The Guest API's measuring rules and the sliding rate window (electron/protocol), checked alone: how bytes
// are counted, which media types a wildcard accepts, how an extension is read, and when a window frees.
import { describe, expect, it } from 'vitest';
import { createRateWindow } from '../../../electron/protocol/rate-window';
import { attachmentRefusal, customAttributesBytes, fileExtension, maxFileBytes, mediaTypeAccepted } from '../../../electron/protocol/webmessaging';

describe('Guest API limits', () => {
  it('counts custom attributes as UTF-8 bytes of keys plus values, and a KB as 1000 bytes', () => {
    expect(customAttributesBytes({ é: 'ab', k: '€' })).toBe(2 + 2 + 1 + 3);
    expect(maxFileBytes(10240)).toBe(10_240_000);
  });

  it('accepts a media type named exactly, by its family wildcard or by the all-types wildcard, in any case', () => {
    expect(mediaTypeAccepted([{ type: 'image/*' }], 'IMAGE/PNG')).toBe(true);
    expect(mediaTypeAccepted([{ type: 'text/plain' }], 'text/plain')).toBe(true);
    expect(mediaTypeAccepted([{ type: '*/*' }], 'application/x-anything')).toBe(true);
    expect(mediaTypeAccepted([{ type: 'image/*' }, { type: 'text/plain' }], 'application/pdf')).toBe(false);
    expect(mediaTypeAccepted([{ type: 'image/*' }], 'imagex/png')).toBe(false);
  });

  it('reads the last extension in lower case, and none without a dot', () => {
    expect([fileExtension('Report.Final.PDF'), fileExtension(' notes.txt '), fileExtension('README')]).toEqual(['.pdf', '.txt', '']);
  });

  it('refuses a blocked extension first, then a type not accepted, then a size over the limit (when stated)', () => {
    const rules = { allowedMedia: { inbound: { fileTypes: [{ type: 'image/*' }], maxFileSizeKB: 1 } }, blockedExtensions: ['.EXE'] };
    expect(attachmentRefusal({ fileName: 'a.exe', mime: 'text/plain', size: 5000 }, rules)).toEqual({ kind: 'ExtensionBlocked', code: 4001, extension: '.exe' });
    expect(attachmentRefusal({ fileName: 'a.txt', mime: 'text/plain', size: 5000 }, rules)).toEqual({ kind: 'TypeNotAccepted', code: 4001, accepted: ['image/*'] });
    expect(attachmentRefusal({ fileName: 'a.png', mime: 'image/png', size: 1001 }, rules)).toEqual({ kind: 'TooLarge', code: 4002, maxFileSizeKB: 1 });
    expect(attachmentRefusal({ fileName: 'a.png', mime: 'image/png', size: 1000 }, rules)).toBeUndefined();
    expect(attachmentRefusal({ fileName: 'a.png', mime: 'image/png' }, rules)).toBeUndefined();
    expect(attachmentRefusal({ fileName: 'a.bin', mime: 'application/octet-stream', size: 1e9 }, {})).toBeUndefined();
  });
});

describe('rate window', () => {
  it('lets `limit` requests into any window, frees a slot exactly one window after it was taken, and counts no refusal', () => {
    let now = 0;
    const window = createRateWindow(() => now, 2, 1000);
    expect([window.hit(), window.hit()]).toEqual([{ allowed: true }, { allowed: true }]);
    now = 400;
    expect(window.waitMs()).toBe(600);
    expect(window.hit()).toEqual({ allowed: false, retryAfterSec: 1 });
    now = 1000;
    expect(window.waitMs()).toBe(0);
    expect(window.hit()).toEqual({ allowed: true });
    expect(window.hit()).toEqual({ allowed: true });
    expect(window.hit()).toEqual({ allowed: false, retryAfterSec: 1 });
  });

  it('refuses everything when the limit is zero', () => {
    const window = createRateWindow(() => 0, 0, 60_000);
    expect(window.hit()).toEqual({ allowed: false, retryAfterSec: 60 });
  });
});
