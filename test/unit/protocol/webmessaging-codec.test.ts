// The Web Messaging codec: client frames decode to typed frames or error values (never a throw), server
// frames decode by class with unknown classes reported, and the builders produce frames the decoders accept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientFrame, parseClientFrame, checkServerFrame, parseServerFrame, SERVER_CLASS_BODIES, SERVER_CLASSES, serverFrame } from '../../../electron/protocol/webmessaging';

describe('parseClientFrame', () => {
  it('decodes a configureSession and keeps unknown fields', () => {
    const parsed = parseClientFrame(JSON.stringify({ action: 'configureSession', token: 't', deploymentId: 'd', startNew: false, future: 1 }));
    expect(parsed).toEqual({ ok: true, frame: { action: 'configureSession', token: 't', deploymentId: 'd', startNew: false, future: 1 } });
  });

  it('reports bad JSON, non-objects, unknown actions, missing and invalid fields as error kinds', () => {
    expect(parseClientFrame('{')).toMatchObject({ ok: false, error: { kind: 'BadJson' } });
    expect(parseClientFrame('[1]')).toMatchObject({ ok: false, error: { kind: 'NotAnObject' } });
    expect(parseClientFrame('{"action":"refreshSession","tracingId":"x"}')).toMatchObject({
      ok: false,
      error: { kind: 'UnknownAction', action: 'refreshSession', tracingId: 'x' },
    });
    expect(parseClientFrame('{"action":"getJwt"}')).toMatchObject({ ok: false, error: { kind: 'MissingParameter', field: 'token' } });
    expect(parseClientFrame('{"action":"getJwt","token":5}')).toMatchObject({ ok: false, error: { kind: 'InvalidFrame', action: 'getJwt' } });
  });

  it('accepts echo without a token, as some community clients send it', () => {
    expect(parseClientFrame('{"action":"echo","message":"ping"}')).toMatchObject({ ok: true, frame: { action: 'echo' } });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.record({ action: fc.constantFrom('onMessage', 'configureSession', 'x'), token: fc.anything() }).map((v) => JSON.stringify(v))), (raw) => {
        const parsed = parseClientFrame(raw);
        expect(typeof parsed.ok).toBe('boolean');
      }),
    );
  });

  it('round-trips every builder', () => {
    const frames = [
      clientFrame.configureSession({ token: 't', deploymentId: 'd', tracingId: 'x' }),
      clientFrame.configureAuthenticatedSession({ token: 't', deploymentId: 'd', data: { code: 'jwt' } }),
      clientFrame.text('t', 'hello', { tracingId: 'x', customAttributes: { a: 'b' } }),
      clientFrame.typing('t'),
      clientFrame.presence('t', 'Join'),
      clientFrame.buttonResponse('t', { text: 'Yes', payload: 'Y', type: 'QuickReply' }),
      clientFrame.onAttachment({ token: 't', fileName: 'a.png', fileType: 'image/png', fileSize: 1 }),
      clientFrame.getAttachment({ token: 't', attachmentId: 'a' }),
      clientFrame.deleteAttachment({ token: 't', attachmentId: 'a' }),
      clientFrame.getJwt({ token: 't' }),
      clientFrame.echo({ token: 't' }),
      clientFrame.closeSession({ token: 't' }),
      clientFrame.getConfiguration({ token: 't', deploymentId: 'd' }),
    ];
    for (const frame of frames) expect(parseClientFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
  });
});

describe('parseServerFrame', () => {
  it('decodes a known class and keeps the tracingId', () => {
    const parsed = parseServerFrame('{"type":"response","class":"JwtResponse","code":200,"body":{"jwt":"j","exp":5},"tracingId":"t"}');
    expect(parsed).toEqual({ ok: true, frame: { type: 'response', class: 'JwtResponse', code: 200, body: { jwt: 'j', exp: 5 }, tracingId: 't' } });
  });

  it('reports an unknown class as Unknown with its original name instead of failing', () => {
    const parsed = parseServerFrame('{"type":"message","class":"CoBrowseOffer","code":200,"body":{"x":1}}');
    expect(parsed).toMatchObject({ ok: true, frame: { class: 'Unknown', originalClass: 'CoBrowseOffer', body: { x: 1 } } });
  });

  it('reports a broken envelope or body as an error value', () => {
    expect(parseServerFrame('nope')).toMatchObject({ ok: false, error: { kind: 'BadJson' } });
    expect(parseServerFrame('{"class":"string"}')).toMatchObject({ ok: false, error: { kind: 'BadEnvelope' } });
    expect(parseServerFrame('{"type":"response","class":"JwtResponse","code":200,"body":{}}')).toMatchObject({ ok: false, error: { kind: 'BadBody', class: 'JwtResponse' } });
  });

  it('decodes a string error body', () => {
    expect(parseServerFrame('{"type":"response","class":"string","code":4011,"body":"Message length 5000 is larger than 4096"}')).toMatchObject({
      ok: true,
      frame: { class: 'string', code: 4011, body: 'Message length 5000 is larger than 4096' },
    });
  });

  it('round-trips the builders with the envelope type and code of the spec', () => {
    const frames = [
      serverFrame.error(4006, 'Session has expired.', 't'),
      serverFrame.sessionResponse({ connected: true, newSession: true }),
      serverFrame.structuredMessage({ id: 'i', type: 'Text', text: 'hi', direction: 'Outbound' }),
      serverFrame.echoReply({ id: 'i', type: 'Text', text: 'ping', direction: 'Inbound' }, 't'),
      serverFrame.presignedUrl({ attachmentId: 'a', headers: {}, url: 'u' }),
      serverFrame.uploadSuccess({ attachmentId: 'a', downloadUrl: 'u', timestamp: 't' }),
      serverFrame.uploadFailure({ attachmentId: 'a', errorCode: 4003, errorMessage: 'm' }),
      serverFrame.generateUrlError({ errorCode: 4001, errorMessage: 'm' }),
      serverFrame.attachmentDeleted({ attachmentId: 'a' }),
      serverFrame.jwt({ jwt: 'j', exp: 1 }),
      serverFrame.sessionExpired(),
      serverFrame.sessionCleared(),
      serverFrame.connectionClosed('signedIn'),
      serverFrame.logout(),
      serverFrame.tooManyRequests({ retryAfter: 3, errorCode: 4029, errorMessage: 'Message rate too high for this session' }),
      serverFrame.configuration({ maxCustomDataBytes: 2048 }),
    ];
    for (const frame of frames) expect(parseServerFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
    expect(serverFrame.tooManyRequests({ retryAfter: 1, errorCode: 4029, errorMessage: '' })).toMatchObject({ type: 'response', code: 429 });
    expect(serverFrame.structuredMessage({ id: 'i', type: 'Text', direction: 'Inbound' })).toMatchObject({ type: 'message', code: 200 });
  });

  it('reads the frequent frames field by field, accepting exactly what the schemas accept', () => {
    expect([...SERVER_CLASSES].sort()).toEqual(Object.keys(SERVER_CLASS_BODIES).sort());
    // Each field: mostly a value of the right type, sometimes absent or any JSON at all.
    const field = (right: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.jsonValue() });
    const names = fc.record({ firstName: field(fc.string()), nickname: field(fc.string()), image: field(fc.string()) }, { requiredKeys: [] });
    const message = fc.record(
      {
        id: field(fc.string()),
        type: field(fc.constantFrom('Text', 'Structured')),
        direction: field(fc.constantFrom('Inbound', 'Outbound')),
        text: field(fc.string()),
        originatingEntity: field(fc.string()),
        status: field(fc.string()),
        metadata: field(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.string(), fc.integer()))),
        channel: field(fc.record({ time: field(fc.string()), messageId: field(fc.string()), from: field(names), to: field(names) }, { requiredKeys: [] })),
        content: field(fc.oneof(fc.constant([]), fc.constant([]), fc.array(fc.record({ contentType: fc.string() })))),
        events: field(fc.constant([])),
        extra: field(fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const fileTypes = fc.array(fc.oneof(fc.record({ type: fc.string() }), fc.jsonValue()), { maxLength: 3 });
    const session = fc.record(
      {
        connected: field(fc.boolean()),
        newSession: field(fc.boolean()),
        readOnly: field(fc.boolean()),
        autoStarted: field(fc.boolean()),
        maxCustomDataBytes: field(fc.integer()),
        expirationDate: field(fc.integer()),
        blockedExtensions: field(fc.array(fc.oneof(fc.string(), fc.string(), fc.integer()), { maxLength: 3 })),
        allowedMedia: field(fc.record({ inbound: field(fc.record({ fileTypes: field(fileTypes), maxFileSizeKB: field(fc.integer()) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    );
    const bodies = {
      StructuredMessage: message,
      SessionResponse: session,
      string: field(fc.string()),
      TooManyRequestsErrorMessage: fc.record({ retryAfter: field(fc.integer()), errorCode: field(fc.integer()), errorMessage: field(fc.string()) }, { requiredKeys: [] }),
      JwtResponse: fc.record({ jwt: field(fc.string()), exp: field(fc.integer()) }, { requiredKeys: [] }),
      ConnectionClosedEvent: field(fc.record({ reason: field(fc.string()), reasonCode: field(fc.string()) }, { requiredKeys: [] })),
      SessionExpiredEvent: field(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 })),
      LogoutEvent: field(fc.constant({})),
      PresignedUrlResponse: fc.record({ attachmentId: field(fc.string()), headers: field(fc.constant({})), url: field(fc.string()) }, { requiredKeys: [] }),
      CoBrowseOffer: fc.jsonValue(),
    };
    const envelope = fc
      .constantFrom(...(Object.keys(bodies) as (keyof typeof bodies)[]))
      .chain((cls) =>
        fc.record(
          { type: field(fc.constantFrom('message', 'response')), class: fc.constant(cls), code: field(fc.integer()), body: bodies[cls], tracingId: field(fc.string()) },
          { requiredKeys: ['class'] },
        ),
      );
    // Found by this property (seed -968755647): an own "__proto__" key, which the schemas' copy does not keep.
    const protoKey = '{"type":"message","class":"StructuredMessage","code":0,"body":{"id":"","type":"Text","direction":"Inbound","channel":{"from":{"__proto__":""}}}}';
    expect(parseServerFrame(protoKey)).toEqual(checkServerFrame(JSON.parse(protoKey)));
    fc.assert(
      fc.property(envelope, (value) => {
        const raw = JSON.stringify(value);
        expect(parseServerFrame(raw)).toEqual(checkServerFrame(JSON.parse(raw)));
      }),
      { numRuns: 4000 },
    );
  });
});
