// The presentation settings (brand colour, logo, title): loaded once, then followed through
// `presentation.changed`. Defaults until the host answers.
import type { Presentation } from '../../../shared/presentation-contract';
import { useContractData } from '../data/use-contract-data';

export const DEFAULT_PRESENTATION: Presentation = { brandColour: '#c2410c', title: '' };

export function usePresentation(): Presentation {
  return useContractData('presentation.get', {}, { event: 'presentation.changed', apply: (_, { presentation }) => presentation }).data ?? DEFAULT_PRESENTATION;
}
