// Each wire limit is one rule that the engine and the sandbox both enforce: for every limit a guest
// message is driven to the boundary through the engine's pre-send check and, with hand-written frames,
// into the sandbox — exactly at the limit both accept, one unit over both refuse (the sandbox with its code).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectorFrame, ThreadItem } from '../../shared/contract';
import { RequestBudget } from '../../electron/engine/genesys/openmessaging/request-budget';
import { DEFAULT_REQUEST_BUDGET_PER_MINUTE } from '../../electron/engine/genesys/openmessaging/open-messaging-channel';
import { createRequestBudget } from '../../electron/sandbox/openmessaging/request-budget';
import { PLATFORM_REQUESTS_PER_CLIENT_PER_MINUTE } from '../../electron/protocol/openmessaging/limits';
import { call, startGuest, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';
import { configuredGuest, errorFrame, inbound, isClass, type GuestWire } from './sandbox/guest-wire';
import { createFakeClock } from './sandbox/openmessaging-harness';

/** A small deployment limit, so the boundary files are small: 2 KB, a KB being 1000 bytes (spec §5.6). */
const MAX_FILE_SIZE_KB = 2;
const AT_FILE_LIMIT = 2000;
const MAX_CUSTOM_DATA_BYTES = 2048;

let rig: Rig;
let wireUrl: string;
let deploymentId: string;

beforeAll(async () => {
  rig = await startRig({
    defaultAgentScript: 'operator',
    autoStart: false,
    limits: { maxFileSizeKB: MAX_FILE_SIZE_KB },
    allowedFileTypes: ['image/*', 'text/plain'],
  });
  deploymentId = rig.sandbox.org.deploymentId;
  wireUrl = `${rig.sandbox.wsUrl}/v1?deploymentId=${deploymentId}`;
});
afterAll(() => rig.close());

async function liveGuest(): Promise<string> {
  const guest = await startGuest(rig.engine);
  await waitLive(rig.engine, guest.id);
  return guest.id;
}

async function wireGuest(): Promise<{ wire: GuestWire; token: string }> {
  const token = randomUUID();
  const { guest } = await configuredGuest(wireUrl, deploymentId, token);
  return { wire: guest, token };
}

async function delivered(conversationId: string, itemId: string): Promise<void> {
  await expect
    .poll(async () => (await threadOf(rig.engine, conversationId)).find((item) => item.id === itemId)?.delivery, { timeout: 10_000 })
    .toBe('sent');
}

async function engineRefusal(channel: string, payload: object): Promise<string> {
  const result = await rig.engine.dispatcher.dispatch(channel, payload);
  if (result.ok) throw new Error(`${channel} was accepted`);
  expect(result.error.kind).toBe('InvalidRequest');
  return result.error.message;
}

const file = (conversationId: string, fileName: string, mime: string, size: number) => ({
  conversationId,
  fileName,
  mime,
  data: Buffer.alloc(size, 7).toString('base64'),
});

describe('the attachment size limit (maxFileSizeKB, KB = 1000 bytes)', () => {
  it('lets a file of exactly the limit through the engine and into the sandbox', async () => {
    const conversationId = await liveGuest();
    const item = await call<ThreadItem>(rig.engine, 'attachments.send', file(conversationId, 'at-limit.png', 'image/png', AT_FILE_LIMIT));
    await delivered(conversationId, item.id);

    const { wire, token } = await wireGuest();
    wire.send({ action: 'onAttachment', token, fileName: 'at-limit.png', fileType: 'image/png', fileSize: AT_FILE_LIMIT });
    const presigned = await wire.take(isClass('PresignedUrlResponse'));
    const put = await fetch(presigned.body.url, { method: 'PUT', headers: { ...presigned.body.headers, 'Content-Type': 'image/png' }, body: Buffer.alloc(AT_FILE_LIMIT) });
    expect(put.status).toBe(200);
    await wire.take(isClass('UploadSuccessEvent'));
    wire.close();
  });

  it('refuses one byte more in the engine before sending, and in the sandbox with 4002 (announced or uploaded)', async () => {
    const conversationId = await liveGuest();
    expect(await engineRefusal('attachments.send', file(conversationId, 'over.png', 'image/png', AT_FILE_LIMIT + 1))).toMatch(/up to 2 KB/);
    expect((await threadOf(rig.engine, conversationId)).filter((item) => item.from === 'guest')).toHaveLength(0);

    const { wire, token } = await wireGuest();
    wire.send({ action: 'onAttachment', token, fileName: 'over.png', fileType: 'image/png', fileSize: AT_FILE_LIMIT + 1 });
    expect((await wire.take(isClass('GenerateUrlError'))).body.errorCode).toBe(4002);
    wire.send({ action: 'onAttachment', token, fileName: 'unsized.png', fileType: 'image/png' });
    const presigned = await wire.take(isClass('PresignedUrlResponse'));
    await fetch(presigned.body.url, { method: 'PUT', headers: { ...presigned.body.headers, 'Content-Type': 'image/png' }, body: Buffer.alloc(AT_FILE_LIMIT + 1) });
    expect((await wire.take(isClass('UploadFailureEvent'))).body.errorCode).toBe(4002);
    wire.close();
  });
});

describe('the custom attributes budget (UTF-8 bytes of keys plus values)', () => {
  // 'é' is two bytes: a count of characters instead of bytes would let the over-limit map through.
  const atLimit = { note: 'é'.repeat((MAX_CUSTOM_DATA_BYTES - 'note'.length) / 2) };
  const overLimit = { ...atLimit, x: '' };

  it('has boundary maps of exactly the budget and one byte over', () => {
    const bytes = (attributes: Record<string, string>) => Object.entries(attributes).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    expect([bytes(atLimit), bytes(overLimit)]).toEqual([MAX_CUSTOM_DATA_BYTES, MAX_CUSTOM_DATA_BYTES + 1]);
  });

  it('sends attributes of exactly the budget through both, and refuses one byte more in both (4013)', async () => {
    const conversationId = await liveGuest();
    const sent = await call<ThreadItem>(rig.engine, 'messages.send', { conversationId, text: 'at the budget', customAttributes: atLimit });
    await delivered(conversationId, sent.id);
    expect(await engineRefusal('messages.send', { conversationId, text: 'over the budget', customAttributes: overLimit })).toMatch(/2049 bytes.*2048/);

    const { wire, token } = await wireGuest();
    const message = (customAttributes: Record<string, string>, tracingId: string) => ({
      action: 'onMessage',
      token,
      tracingId,
      message: { type: 'Text', text: tracingId, channel: { metadata: { customAttributes } } },
    });
    wire.send(message(atLimit, 'at'));
    expect((await wire.take(inbound)).tracingId).toBe('at');
    wire.send(message(overLimit, 'over'));
    expect(await wire.take(errorFrame(4013))).toMatchObject({ tracingId: 'over' });
    wire.close();
  });
});

describe('blocked extensions and allowedMedia types', () => {
  it('refuses a blocked extension (in any case) and a type the deployment does not accept in both (4001), and passes an accepted one', async () => {
    const conversationId = await liveGuest();
    expect(await engineRefusal('attachments.send', file(conversationId, 'setup.EXE', 'image/png', 10))).toMatch(/blocks \.exe/);
    expect(await engineRefusal('attachments.send', file(conversationId, 'terms.pdf', 'application/pdf', 10))).toMatch(/does not accept application\/pdf/);
    const accepted = await call<ThreadItem>(rig.engine, 'attachments.send', file(conversationId, 'notes.txt', 'text/plain', 10));
    await delivered(conversationId, accepted.id);

    const { wire, token } = await wireGuest();
    for (const [fileName, fileType] of [
      ['setup.EXE', 'image/png'],
      ['terms.pdf', 'application/pdf'],
    ]) {
      wire.send({ action: 'onAttachment', token, fileName, fileType, fileSize: 10 });
      expect((await wire.take(isClass('GenerateUrlError'), fileName)).body.errorCode).toBe(4001);
    }
    wire.send({ action: 'onAttachment', token, fileName: 'photo.jpg', fileType: 'image/jpeg', fileSize: 10 });
    await wire.take(isClass('PresignedUrlResponse'));
    wire.close();
  });
});

describe('the per-session message rate (2 in any second)', () => {
  it('is refused by the sandbox one message past the window (4029), and never reached by the engine', async () => {
    const { wire, token } = await wireGuest();
    for (const tracingId of ['first', 'second', 'third']) wire.send({ action: 'onMessage', token, tracingId, message: { type: 'Text', text: tracingId } });
    const refused = await wire.take(isClass('TooManyRequestsErrorMessage'));
    expect(refused).toMatchObject({ tracingId: 'third', body: { errorCode: 4029 } });
    wire.close();

    const conversationId = await liveGuest();
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const items = await Promise.all(texts.map((text) => call<ThreadItem>(rig.engine, 'messages.send', { conversationId, text })));
    for (const item of items) await delivered(conversationId, item.id);
    const frames = await call<InspectorFrame[]>(rig.engine, 'inspector.frames', { conversationId });
    expect(frames.filter((frame) => frame.direction === 'in' && frame.text.includes('TooManyRequestsErrorMessage'))).toEqual([]);
    const sentAt = frames.filter((frame) => frame.direction === 'out' && frame.text.includes('"onMessage"')).map((frame) => Date.parse(frame.time));
    expect(sentAt.length).toBeGreaterThanOrEqual(texts.length);
    for (let index = 2; index < sentAt.length; index += 1) expect(sentAt[index]! - sentAt[index - 2]!).toBeGreaterThanOrEqual(1000);
  });
});

describe('the Platform API request rate (300 per OAuth client per minute)', () => {
  it('is never exceeded by the engine’s request budget, as the sandbox counts it', async () => {
    const clock = createFakeClock();
    const engine = new RequestBudget({ clock, perMinute: DEFAULT_REQUEST_BUDGET_PER_MINUTE });
    const sandbox = createRequestBudget({ clock, perMinute: PLATFORM_REQUESTS_PER_CLIENT_PER_MINUTE });
    let granted = 0;
    const refusals: number[] = [];
    for (let index = 0; index < 1000; index += 1) {
      engine.take('send').then(
        () => {
          granted += 1;
          if (!sandbox.take('client').ok) refusals.push(granted);
        },
        () => undefined, // still waiting when the budget closes
      );
    }
    for (let step = 0; step < 3 * 600; step += 1) {
      clock.advance(100);
      await Promise.resolve();
    }
    engine.close();
    expect(granted).toBeGreaterThan(DEFAULT_REQUEST_BUDGET_PER_MINUTE);
    expect(refusals).toEqual([]);
  });
});
