// The AI's plays, kept current through `ai.play`: one conversation's (null when it never played it), or the ids of
// the conversations it is playing now (the list marks them).
import type { AiPlayView } from '../../../shared/ai-contract';
import { useContractData, type FollowedData } from '../data/use-contract-data';

export function useAiPlay(conversationId: string): FollowedData<AiPlayView | null> {
  return useContractData(
    'ai.play.get',
    { conversationId },
    { event: 'ai.play', apply: (current, view, payload) => (view.conversationId === payload.conversationId ? view : current) },
  );
}

export function useAiPlayingIds(): ReadonlySet<string> {
  const plays = useContractData('ai.play.list', {}, {
    event: 'ai.play',
    apply: (current, view) => [...(current ?? []).filter((play) => play.conversationId !== view.conversationId), view],
  });
  return new Set((plays.data ?? []).filter((play) => play.status !== 'stopped').map((play) => play.conversationId));
}
