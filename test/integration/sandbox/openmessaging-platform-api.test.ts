// The sandbox's Platform API over real loopback HTTP (plain fetch, handler behind node:http):
// OAuth, Bearer checks, integrations, inbound calls with validation and idempotency, conversation
// reads, the request budget and the fault gate. Time runs on a fake clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../../electron/sandbox/demo-org';
import { ErrorBodySchema } from '../../../electron/protocol/openmessaging/error-body';
import { MessageConversationSchema, MessageDataSchema } from '../../../electron/protocol/openmessaging/conversation-read';
import { OpenIntegrationListingSchema } from '../../../electron/protocol/openmessaging/integration';
import { call, login, startPlatformHarness, type PlatformHarness } from './openmessaging-harness';

const INBOUND = `/api/v2/conversations/messages/${DEMO_ORG.integrationId}/inbound/open`;
const INTEGRATIONS = '/api/v2/conversations/messaging/integrations/open';

function inboundMessage(text: string, fromId = 'customer-1', messageId?: string) {
  return {
    channel: {
      from: { id: fromId, idType: 'Opaque', nickname: 'Ada' },
      time: '2026-11-24T10:00:00.000Z',
      ...(messageId ? { messageId } : {}),
    },
    text,
  };
}

function expectErrorBody(json: unknown, status: number, code: string): void {
  const body = ErrorBodySchema.parse(json);
  expect(body).toMatchObject({ status, code, details: [], errors: [] });
  expect(body.message.length).toBeGreaterThan(0);
  expect(body.contextId).toMatch(/^[0-9a-f-]{36}$/);
}

describe('OAuth client credentials', () => {
  let h: PlatformHarness;
  beforeEach(async () => {
    h = await startPlatformHarness({ tokenLifetimeSec: 60 });
  });
  afterEach(() => h.close());

  it('issues a bearer token with its lifetime for the demo client', async () => {
    const res = await fetch(`${h.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${DEMO_ORG.clientId}:${DEMO_ORG.clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ token_type: 'bearer', expires_in: 60 });
    expect(typeof json.access_token).toBe('string');
  });

  it('accepts the client in the form body too', async () => {
    const res = await fetch(`${h.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO_ORG.clientId, client_secret: DEMO_ORG.clientSecret }).toString(),
    });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong secret with 401 invalid_client and both description fields', async () => {
    const res = await fetch(`${h.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${DEMO_ORG.clientId}:wrong`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(401);
    const json = (await res.json()) as Record<string, string>;
    expect(json.error).toBe('invalid_client');
    expect(json.description).toBeTruthy();
    expect(json.error_description).toBe(json.description);
  });

  it('refuses a missing or unsupported grant type with 400', async () => {
    const auth = { Authorization: `Basic ${Buffer.from(`${DEMO_ORG.clientId}:${DEMO_ORG.clientSecret}`).toString('base64')}` };
    const missing = await fetch(`${h.baseUrl}/oauth/token`, { method: 'POST', headers: auth, body: '' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Record<string, string>).error).toBe('invalid_request');
    const password = await fetch(`${h.baseUrl}/oauth/token`, { method: 'POST', headers: auth, body: 'grant_type=password' });
    expect(((await password.json()) as Record<string, string>).error).toBe('unsupported_grant_type');
  });

  it('checks the bearer token on every /api/v2 call', async () => {
    const none = await call(h.baseUrl, 'GET', INTEGRATIONS);
    expect(none.status).toBe(401);
    expectErrorBody(none.json, 401, 'authentication.required');
    const unknown = await call(h.baseUrl, 'GET', INTEGRATIONS, { token: 'not-a-token' });
    expect(unknown.status).toBe(401);
    expectErrorBody(unknown.json, 401, 'bad.credentials');
  });

  it('expires tokens on the clock, and on expireTokens()', async () => {
    const token = await login(h.baseUrl);
    expect((await call(h.baseUrl, 'GET', INTEGRATIONS, { token })).status).toBe(200);
    h.clock.advance(59_000);
    expect((await call(h.baseUrl, 'GET', INTEGRATIONS, { token })).status).toBe(200);
    h.clock.advance(1_000);
    const expired = await call(h.baseUrl, 'GET', INTEGRATIONS, { token });
    expect(expired.status).toBe(401);
    expect(expired.json.message).toMatch(/expired/);

    const fresh = await login(h.baseUrl);
    expect((await call(h.baseUrl, 'GET', INTEGRATIONS, { token: fresh })).status).toBe(200);
    h.api.expireTokens();
    expect((await call(h.baseUrl, 'GET', INTEGRATIONS, { token: fresh })).status).toBe(401);
    const after = await login(h.baseUrl);
    expect((await call(h.baseUrl, 'GET', INTEGRATIONS, { token: after })).status).toBe(200);
  });

  it('takes the token lifetime from the faults override when set', async () => {
    h.faults.set({ tokenLifetimeSec: 5 });
    const res = await fetch(`${h.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${DEMO_ORG.clientId}:${DEMO_ORG.clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(((await res.json()) as Record<string, number>).expires_in).toBe(5);
  });
});

describe('integrations', () => {
  let h: PlatformHarness;
  let token: string;
  beforeEach(async () => {
    h = await startPlatformHarness();
    token = await login(h.baseUrl);
  });
  afterEach(() => h.close());

  it('lists the demo integration with paging fields', async () => {
    const res = await call(h.baseUrl, 'GET', INTEGRATIONS, { token });
    expect(res.status).toBe(200);
    const listing = OpenIntegrationListingSchema.parse(res.json);
    expect(listing).toMatchObject({ pageNumber: 1, pageSize: 25, total: 1, pageCount: 1 });
    expect(listing.entities[0]).toMatchObject({
      id: DEMO_ORG.integrationId,
      name: DEMO_ORG.integrationName,
      outboundNotificationWebhookSignatureSecretToken: DEMO_ORG.webhookSecret,
      status: 'Active',
    });
  });

  it('creates, reads, updates, pages and deletes', async () => {
    const created = await call(h.baseUrl, 'POST', INTEGRATIONS, {
      token,
      body: {
        name: 'QA channel',
        outboundNotificationWebhookUrl: 'https://hooks.example.com/genesys',
        outboundNotificationWebhookSignatureSecretToken: 's3cret',
        webhookHeaders: { 'X-Team': 'qa' },
      },
    });
    expect(created.status).toBe(200);
    const id = created.json.id as string;
    expect(created.json).toMatchObject({ name: 'QA channel', createStatus: 'Completed', webhookHeaders: { 'X-Team': 'qa' } });

    expect((await call(h.baseUrl, 'GET', `${INTEGRATIONS}/${id}`, { token })).json.name).toBe('QA channel');
    const patched = await call(h.baseUrl, 'PATCH', `${INTEGRATIONS}/${id}`, {
      token,
      body: { name: 'QA channel 2', outboundNotificationWebhookUrl: 'http://127.0.0.1:9999/hook' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: 'QA channel 2', outboundNotificationWebhookUrl: 'http://127.0.0.1:9999/hook', outboundNotificationWebhookSignatureSecretToken: 's3cret' });

    const page2 = await call(h.baseUrl, 'GET', `${INTEGRATIONS}?pageSize=1&pageNumber=2`, { token });
    expect(page2.json).toMatchObject({ total: 2, pageCount: 2, pageNumber: 2, pageSize: 1 });
    expect(page2.json.entities).toHaveLength(1);
    expect(page2.json.previousUri).toContain('pageNumber=1');

    expect((await call(h.baseUrl, 'DELETE', `${INTEGRATIONS}/${id}`, { token })).status).toBe(204);
    const gone = await call(h.baseUrl, 'GET', `${INTEGRATIONS}/${id}`, { token });
    expect(gone.status).toBe(404);
    expectErrorBody(gone.json, 404, 'not.found');
  });

  it('validates bodies and ids', async () => {
    const noName = await call(h.baseUrl, 'POST', INTEGRATIONS, {
      token,
      body: { outboundNotificationWebhookUrl: 'https://x.example/h', outboundNotificationWebhookSignatureSecretToken: 's' },
    });
    expect(noName.status).toBe(400);
    expectErrorBody(noName.json, 400, 'bad.request');
    expect(noName.json.message).toContain('name');

    const plainHttp = await call(h.baseUrl, 'POST', INTEGRATIONS, {
      token,
      body: { name: 'x', outboundNotificationWebhookUrl: 'http://example.com/h', outboundNotificationWebhookSignatureSecretToken: 's' },
    });
    expect(plainHttp.status).toBe(400);
    expect(plainHttp.json.message).toContain('loopback');

    expect((await call(h.baseUrl, 'PATCH', `${INTEGRATIONS}/nope`, { token, body: { name: 'y' } })).status).toBe(404);
    expect((await call(h.baseUrl, 'DELETE', `${INTEGRATIONS}/nope`, { token })).status).toBe(404);
    expect((await call(h.baseUrl, 'GET', `${INTEGRATIONS}?pageSize=0`, { token })).status).toBe(400);
  });
});

describe('inbound open messages and conversation reads', () => {
  let h: PlatformHarness;
  let token: string;
  beforeEach(async () => {
    h = await startPlatformHarness({ agentScript: 'echo' });
    token = await login(h.baseUrl);
  });
  afterEach(() => h.close());

  it('creates a conversation per sender, returns its id with prefetchConversationId, and shows both sides', async () => {
    const sent = await call(h.baseUrl, 'POST', `${INBOUND}/message?prefetchConversationId=true`, { token, body: inboundMessage('hello there') });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({
      type: 'Text',
      text: 'hello there',
      direction: 'Inbound',
      channel: { id: DEMO_ORG.integrationId, platform: 'Open', from: { id: 'customer-1' }, to: { id: DEMO_ORG.integrationId } },
    });
    const conversationId = sent.json.conversationId as string;
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);

    const again = await call(h.baseUrl, 'POST', `${INBOUND}/message`, { token, body: inboundMessage('second') });
    expect(again.json.conversationId).toBeUndefined();
    const other = await call(h.baseUrl, 'POST', `${INBOUND}/message?prefetchConversationId=true`, { token, body: inboundMessage('hi', 'customer-2') });
    expect(other.json.conversationId).not.toBe(conversationId);

    const read = await call(h.baseUrl, 'GET', `/api/v2/conversations/messages/${conversationId}`, { token });
    expect(read.status).toBe(200);
    const conversation = MessageConversationSchema.parse(read.json);
    const customer = conversation.participants.find((p) => p.purpose === 'customer');
    const agent = conversation.participants.find((p) => p.purpose !== 'customer');
    expect(customer?.state).toBe('connected');
    expect(customer?.messages?.map((m) => m.messageId)).toEqual([sent.json.id, again.json.id]);
    expect(customer?.messages?.every((m) => m.messageStatus === 'received')).toBe(true);
    expect(agent?.messages).toHaveLength(2); // the echo agent answered both

    const ids = conversation.participants.flatMap((p) => p.messages ?? []).map((m) => m.messageId);
    const bulk = await call(h.baseUrl, 'POST', `/api/v2/conversations/messages/${conversationId}/messages/bulk`, { token, body: ids });
    expect(bulk.status).toBe(200);
    const texts = (bulk.json.entities as unknown[]).map((e) => MessageDataSchema.parse(e)).map((e) => [e.normalizedMessage?.direction, e.normalizedMessage?.text]);
    expect(texts).toEqual([
      ['Inbound', 'hello there'],
      ['Outbound', 'hello there'],
      ['Inbound', 'second'],
      ['Outbound', 'second'],
    ]);

    const one = await call(h.baseUrl, 'GET', `/api/v2/conversations/messages/${conversationId}/messages/${sent.json.id as string}`, { token });
    expect(MessageDataSchema.parse(one.json)).toMatchObject({ id: sent.json.id, direction: 'inbound', status: 'received', conversationId, messengerType: 'open' });
  });

  it('does not duplicate a message retried with the same channel.messageId', async () => {
    const first = await call(h.baseUrl, 'POST', `${INBOUND}/message?prefetchConversationId=true`, { token, body: inboundMessage('once', 'c-idem', 'ext-1') });
    const retry = await call(h.baseUrl, 'POST', `${INBOUND}/message?prefetchConversationId=true`, { token, body: inboundMessage('once', 'c-idem', 'ext-1') });
    expect(retry.status).toBe(200);
    expect(retry.json.id).toBe(first.json.id);
    expect(retry.json.conversationId).toBe(first.json.conversationId);
    const conversation = h.hub.get(first.json.conversationId as string);
    expect(conversation?.messages.filter((m) => m.direction === 'Inbound')).toHaveLength(1);
    // another sender may reuse the same external id
    const other = await call(h.baseUrl, 'POST', `${INBOUND}/message`, { token, body: inboundMessage('once', 'c-other', 'ext-1') });
    expect(other.json.id).not.toBe(first.json.id);
  });

  it('answers validation problems with the Genesys ErrorBody', async () => {
    const noFrom = await call(h.baseUrl, 'POST', `${INBOUND}/message`, {
      token,
      body: { channel: { from: { idType: 'Opaque' }, time: '2026-11-24T10:00:00.000Z' }, text: 'x' },
    });
    expect(noFrom.status).toBe(400);
    expectErrorBody(noFrom.json, 400, 'bad.request');
    expect(noFrom.json.message).toContain('channel.from.id');

    const tooLong = await call(h.baseUrl, 'POST', `${INBOUND}/message`, { token, body: inboundMessage('x'.repeat(4097)) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.message).toContain('4097');
    expect((await call(h.baseUrl, 'POST', `${INBOUND}/message`, { token, body: inboundMessage('x'.repeat(4096)) })).status).toBe(200);

    const empty = await call(h.baseUrl, 'POST', `${INBOUND}/message`, { token, body: inboundMessage('') });
    expect(empty.status).toBe(400);

    const unknown = await call(h.baseUrl, 'POST', '/api/v2/conversations/messages/no-such-integration/inbound/open/message', { token, body: inboundMessage('x') });
    expect(unknown.status).toBe(404);
    expectErrorBody(unknown.json, 404, 'not.found');

    const badJson = await call(h.baseUrl, 'POST', `${INBOUND}/message`, { token, rawBody: '{"channel": ' });
    expect(badJson.status).toBe(400);
    expectErrorBody(badJson.json, 400, 'bad.request');

    const missingConversation = await call(h.baseUrl, 'GET', '/api/v2/conversations/messages/00000000-0000-0000-0000-000000000000', { token });
    expect(missingConversation.status).toBe(404);
  });

  it('accepts attachments as content', async () => {
    const sent = await call(h.baseUrl, 'POST', `${INBOUND}/message?prefetchConversationId=true`, {
      token,
      body: {
        channel: { from: { id: 'c-att', idType: 'Opaque' }, time: '2026-11-24T10:00:00.000Z' },
        content: [{ attachment: { mediaType: 'Image', url: 'https://example.com/a.png', mime: 'image/png', filename: 'a.png' } }],
      },
    });
    expect(sent.status).toBe(200);
    const stored = h.hub.get(sent.json.conversationId as string)?.messages[0];
    expect(stored?.content[0]).toMatchObject({ contentType: 'Attachment', attachment: { filename: 'a.png' } });
  });

  it('passes typing events to an active conversation and drops them otherwise', async () => {
    const typing = {
      channel: { from: { id: 'c-typing', idType: 'Opaque' }, time: '2026-11-24T10:00:00.000Z' },
      events: [{ eventType: 'Typing', typing: { type: 'On', duration: 5000 } }],
    };
    const before = await call(h.baseUrl, 'POST', `${INBOUND}/event`, { token, body: typing });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ type: 'Event', events: [{ eventType: 'Typing' }] });
    expect(h.hub.list().filter((c) => c.customerId === 'c-typing')).toHaveLength(0);

    await call(h.baseUrl, 'POST', `${INBOUND}/message`, { token, body: inboundMessage('hi', 'c-typing') });
    const received: string[] = [];
    h.hub.watch((a) => {
      if (a.kind === 'customer') received.push(a.input.kind);
    });
    await call(h.baseUrl, 'POST', `${INBOUND}/event`, { token, body: typing });
    expect(received).toEqual(['event']);
    const noEvents = await call(h.baseUrl, 'POST', `${INBOUND}/event`, { token, body: { ...typing, events: [] } });
    expect(noEvents.status).toBe(400);
  });

  it('applies receipts to outbound messages and refuses unknown ones', async () => {
    const sent = await call(h.baseUrl, 'POST', `${INBOUND}/message?prefetchConversationId=true`, { token, body: inboundMessage('ping', 'c-receipt') });
    const conversationId = sent.json.conversationId as string;
    const outbound = h.hub.get(conversationId)!.messages.find((m) => m.direction === 'Outbound')!;
    const receipt = (id: string) => ({
      id,
      channel: { to: { id: 'c-receipt', idType: 'Opaque' }, time: '2026-11-24T10:00:01.000Z' },
      status: 'Read',
      isFinalReceipt: true,
    });
    const ok = await call(h.baseUrl, 'POST', `${INBOUND}/receipt`, { token, body: receipt(outbound.id) });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ id: outbound.id, type: 'Receipt', status: 'Read', direction: 'Inbound', isFinalReceipt: true });
    const read = await call(h.baseUrl, 'GET', `/api/v2/conversations/messages/${conversationId}`, { token });
    const details = (read.json.participants as Array<{ messages: Array<{ messageId: string; messageStatus: string }> }>)
      .flatMap((p) => p.messages)
      .find((m) => m.messageId === outbound.id);
    expect(details?.messageStatus).toBe('read');

    const unknown = await call(h.baseUrl, 'POST', `${INBOUND}/receipt`, { token, body: receipt('f'.repeat(32)) });
    expect(unknown.status).toBe(404);
    const badStatus = await call(h.baseUrl, 'POST', `${INBOUND}/receipt`, { token, body: { ...receipt(outbound.id), status: 'Seen' } });
    expect(badStatus.status).toBe(400);
  });

  it('records a quick-reply answer as a ButtonResponse message', async () => {
    const sent = await call(h.baseUrl, 'POST', `${INBOUND}/structured/response`, {
      token,
      body: {
        channel: { from: { id: 'c-button', idType: 'Opaque' }, time: '2026-11-24T10:00:00.000Z', messageId: 'ext-b1' },
        buttonResponse: { type: 'QuickReply', text: 'Tea', payload: 'QR_TEA' },
        originatingMessageId: 'a'.repeat(32),
      },
    });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ type: 'Structured', direction: 'Inbound', content: [{ contentType: 'ButtonResponse' }] });
    const conversation = h.hub.list().find((c) => c.customerId === 'c-button')!;
    expect(conversation.messages[0]).toMatchObject({
      text: 'Tea',
      content: [{ contentType: 'ButtonResponse', buttonResponse: { payload: 'QR_TEA', originatingMessageId: 'a'.repeat(32) } }],
    });
  });

  it('serves the older /inbound/open form with the integration id in channel.id', async () => {
    const legacy = await call(h.baseUrl, 'POST', '/api/v2/conversations/messages/inbound/open', {
      token,
      body: {
        channel: {
          id: DEMO_ORG.integrationId,
          platform: 'Open',
          type: 'Private',
          messageId: 'legacy-1',
          to: { id: DEMO_ORG.integrationId },
          from: { id: 'c-legacy', idType: 'Opaque' },
          time: '2026-11-24T10:00:00.000Z',
        },
        type: 'Text',
        text: 'old school',
        direction: 'Inbound',
      },
    });
    expect(legacy.status).toBe(200);
    expect(legacy.json).toMatchObject({ type: 'Text', text: 'old school' });
    expect(h.hub.list().find((c) => c.customerId === 'c-legacy')?.messages[0]?.text).toBe('old school');
    const noId = await call(h.baseUrl, 'POST', '/api/v2/conversations/messages/inbound/open', { token, body: { type: 'Text', channel: {} } });
    expect(noId.status).toBe(400);
    expect(noId.json.message).toContain('channel.to.id');
  });

  it('takes the integration id of the older form from channel.to.id, as its clients send it', async () => {
    const body = (channel: object, text: string) => ({
      channel: { to: { id: DEMO_ORG.integrationId, idType: 'Opaque' }, from: { id: 'c-to', idType: 'Opaque' }, time: '2026-11-24T10:00:00.000Z', ...channel },
      type: 'Text',
      text,
    });
    const toOnly = await call(h.baseUrl, 'POST', '/api/v2/conversations/messages/inbound/open', { token, body: body({}, 'to only') });
    expect(toOnly.status).toBe(200);
    expect(toOnly.json).toMatchObject({ type: 'Text', text: 'to only', direction: 'Inbound' });
    expect(h.hub.list().find((c) => c.customerId === 'c-to')?.messages.filter((m) => m.direction === 'Inbound').map((m) => m.text)).toEqual(['to only']);

    const disagree = await call(h.baseUrl, 'POST', '/api/v2/conversations/messages/inbound/open', { token, body: body({ id: 'another-integration' }, 'x') });
    expect(disagree.status).toBe(400);
    expectErrorBody(disagree.json, 400, 'bad.request');
    expect(disagree.json.message).toContain('channel.id');
    const unknown = await call(h.baseUrl, 'POST', '/api/v2/conversations/messages/inbound/open', {
      token,
      body: { ...body({}, 'x'), channel: { to: { id: 'no-such-integration' }, from: { id: 'c-to' }, time: '2026-11-24T10:00:00.000Z' } },
    });
    expect(unknown.status).toBe(404);
  });

  it('reads one message by its id alone, with its conversation id (/messages/{messageId}/details)', async () => {
    const sent = await call(h.baseUrl, 'POST', `${INBOUND}/message?prefetchConversationId=true`, { token, body: inboundMessage('find me', 'c-details') });
    const details = await call(h.baseUrl, 'GET', `/api/v2/conversations/messages/${sent.json.id}/details`, { token });
    expect(details.status).toBe(200);
    const data = MessageDataSchema.parse(details.json);
    expect(data).toMatchObject({ id: sent.json.id, conversationId: sent.json.conversationId, direction: 'inbound', messengerType: 'open' });
    expect(data.normalizedMessage).toMatchObject({ text: 'find me', direction: 'Inbound' });

    const missing = await call(h.baseUrl, 'GET', `/api/v2/conversations/messages/${'0'.repeat(32)}/details`, { token });
    expect(missing.status).toBe(404);
    expectErrorBody(missing.json, 404, 'not.found');
    expect((await call(h.baseUrl, 'GET', `/api/v2/conversations/messages/${sent.json.id}/details`)).status).toBe(401);

    const generic = await call(h.baseUrl, 'GET', `/api/v2/conversations/${sent.json.conversationId}`, { token });
    expect(generic.status).toBe(200);
    expect(generic.json).toMatchObject({ id: sent.json.conversationId, selfUri: `/api/v2/conversations/${sent.json.conversationId}` });
    const customer = generic.json.participants.find((p: { purpose: string }) => p.purpose === 'customer');
    expect(customer).toMatchObject({ address: 'c-details', messages: [{ state: 'connected', direction: 'inbound', type: 'open', messages: [{ messageId: sent.json.id }] }] });
    expect(customer.messages[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await call(h.baseUrl, 'GET', '/api/v2/conversations/nope', { token })).status).toBe(404);
  });

  it('answers unknown routes with 404, wrong methods with 405, and leaves foreign paths alone', async () => {
    const unknown = await call(h.baseUrl, 'GET', '/api/v2/users/me', { token });
    expect(unknown.status).toBe(404);
    expectErrorBody(unknown.json, 404, 'not.found');
    expect((await call(h.baseUrl, 'PUT', INTEGRATIONS, { token, body: {} })).status).toBe(405);
    const foreign = await fetch(`${h.baseUrl}/api/v2/webmessaging/messages`);
    expect(await foreign.text()).toBe('not handled by the platform API');
  });
});

describe('request budget and faults', () => {
  let h: PlatformHarness;
  let token: string;
  beforeEach(async () => {
    h = await startPlatformHarness({ requestsPerMinute: 3 });
    token = await login(h.baseUrl);
  });
  afterEach(() => h.close());

  it('answers 429 with Retry-After once the per-client budget is spent, and recovers', async () => {
    for (let i = 0; i < 3; i++) expect((await call(h.baseUrl, 'GET', INTEGRATIONS, { token })).status).toBe(200);
    h.clock.advance(20_000);
    const limited = await call(h.baseUrl, 'GET', INTEGRATIONS, { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expectErrorBody(limited.json, 429, 'too.many.requests');
    h.clock.advance(40_000);
    expect((await call(h.baseUrl, 'GET', INTEGRATIONS, { token })).status).toBe(200);
  });

  it('injects 429 bursts and 5xx from the faults, switchable while running', async () => {
    h.faults.set({ burst429: { count: 1, retryAfterSec: 7 } });
    const burst = await call(h.baseUrl, 'GET', INTEGRATIONS, { token });
    expect(burst.status).toBe(429);
    expect(burst.headers.get('retry-after')).toBe('7');
    h.faults.set({ http5xxRate: 1 });
    const fault = await call(h.baseUrl, 'GET', INTEGRATIONS, { token });
    expect(fault.status).toBe(503);
    expectErrorBody(fault.json, 503, 'service.unavailable');
    h.faults.set({ http5xxRate: 0 });
    expect((await call(h.baseUrl, 'GET', INTEGRATIONS, { token })).status).toBe(200);
  });

  it('holds answers for the fault latency on the clock', async () => {
    h.faults.set({ latencyMs: 2_000 });
    let settled = false;
    const pending = call(h.baseUrl, 'GET', INTEGRATIONS, { token }).then((r) => {
      settled = true;
      return r;
    });
    while (h.clock.pendingTimers() === 0) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    h.clock.advance(2_000);
    expect((await pending).status).toBe(200);
  });
});
