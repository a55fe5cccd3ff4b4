// Frames in arrival order while the full schemas load on first need: a frame that needs them holds back the
// frames and the drop that came after it, then all are handled in order; a stop drops what is held back; once
// loaded, every frame is handled at once.
import { describe, expect, it } from 'vitest';
import { IncomingFrames, loadServerFrameSchemas } from '../../../electron/engine/genesys/webmessaging/incoming-frames';
import { serverFrame, type ParsedServerFrame } from '../../../electron/protocol/webmessaging';

const plain = (id: string) => JSON.stringify(serverFrame.structuredMessage({ id, type: 'Text', text: id, direction: 'Outbound' }));
const withEvents = (id: string) =>
  JSON.stringify(serverFrame.structuredMessage({ id, type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'On' } }] }));
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

function incoming() {
  const handled: string[] = [];
  const frames = new IncomingFrames((parsed: ParsedServerFrame) => {
    handled.push(parsed.ok && parsed.frame.class === 'StructuredMessage' ? parsed.frame.body.id : 'other');
  });
  return { frames, handled };
}

describe('incoming frames', () => {
  // One test: the schemas load once per process, and each step needs them not yet loaded.
  it('handles plain frames at once, holds back what follows a frame that waits for the schemas, and handles it in order', async () => {
    const { frames, handled } = incoming();
    frames.push(plain('a'));
    expect(handled).toEqual(['a']);
    // Held back, then dropped by a stop before the schemas arrive.
    frames.push(withEvents('lost'));
    frames.push(plain('lost too'));
    frames.clear();
    frames.push(withEvents('b'));
    frames.push(plain('c'));
    frames.after(() => handled.push('dropped'));
    frames.push(plain('d'));
    expect(handled).toEqual(['a']);
    await loadServerFrameSchemas();
    await settled();
    expect(handled).toEqual(['a', 'b', 'c', 'dropped', 'd']);
    // Loaded: nothing waits any more.
    frames.push(withEvents('e'));
    frames.after(() => handled.push('dropped again'));
    expect(handled).toEqual(['a', 'b', 'c', 'dropped', 'd', 'e', 'dropped again']);
  });
});
