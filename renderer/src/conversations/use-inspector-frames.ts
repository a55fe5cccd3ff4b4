// The raw frames of one conversation for the inspector: loaded when the inspector mounts (it is only
// mounted while open), then appended from `inspector.frame` events, deduplicated by sequence number.
import { useEffect, useState } from 'react';
import type { InspectorFrame } from '../../../shared/contract';
import { api } from '../transport/api';

function mergeFrames(current: InspectorFrame[], incoming: InspectorFrame[]): InspectorFrame[] {
  const bySeq = new Map(current.map((frame) => [frame.seq, frame]));
  for (const frame of incoming) bySeq.set(frame.seq, frame);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export type FramesState = { status: 'loading' } | { status: 'ready'; frames: InspectorFrame[] } | { status: 'failed'; message: string };

export function useInspectorFrames(conversationId: string): FramesState {
  const [state, setState] = useState<FramesState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    let early: InspectorFrame[] | null = [];
    setState({ status: 'loading' });
    const stop = api.on('inspector.frame', (event) => {
      if (event.conversationId !== conversationId) return;
      if (early) early.push(event.frame);
      else setState((current) => (current.status === 'ready' ? { status: 'ready', frames: mergeFrames(current.frames, [event.frame]) } : current));
    });
    void api['inspector.frames']({ conversationId }).then((result) => {
      if (!live) return;
      const pending = early ?? [];
      early = null;
      setState(result.ok ? { status: 'ready', frames: mergeFrames(result.data, pending) } : { status: 'failed', message: result.error.message });
    });
    return () => {
      live = false;
      stop();
    };
  }, [conversationId]);

  return state;
}
