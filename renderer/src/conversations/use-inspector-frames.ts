// The raw frames of one conversation for the inspector: loaded when the inspector mounts (it is only
// mounted while open), then appended from `inspector.frame` events, deduplicated by sequence number.
import { useMemo } from 'react';
import type { EventOf, InspectorFrame } from '../../../shared/contract';
import { loadedOf, type Loaded } from '../data/contract-data';
import { useContractData } from '../data/use-contract-data';

function mergeFrames(current: InspectorFrame[], incoming: InspectorFrame[]): InspectorFrame[] {
  const bySeq = new Map(current.map((frame) => [frame.seq, frame]));
  for (const frame of incoming) bySeq.set(frame.seq, frame);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function addFrame(frames: InspectorFrame[] | undefined, event: EventOf<'inspector.frame'>, { conversationId }: { conversationId: string }) {
  return frames && event.conversationId === conversationId ? mergeFrames(frames, [event.frame]) : frames;
}

export function useInspectorFrames(conversationId: string): Loaded<InspectorFrame[]> {
  const { data, error } = useContractData(
    'inspector.frames',
    { conversationId },
    { select: (frames) => mergeFrames([], frames), event: 'inspector.frame', apply: addFrame },
  );
  return useMemo(() => loadedOf({ data, error }), [data, error]);
}
