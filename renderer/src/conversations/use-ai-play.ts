// The AI's play of one conversation (null when it never played it), kept current through `ai.play`.
import type { AiPlayView } from '../../../shared/ai-contract';
import { useContractData, type FollowedData } from '../data/use-contract-data';

export function useAiPlay(conversationId: string): FollowedData<AiPlayView | null> {
  return useContractData(
    'ai.play.get',
    { conversationId },
    { event: 'ai.play', apply: (current, view, payload) => (view.conversationId === payload.conversationId ? view : current) },
  );
}
