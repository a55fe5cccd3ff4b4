// The presentation settings (brand colour, logo, title): loaded once, then followed through
// `presentation.changed`. Defaults until the host answers.
import { useEffect, useState } from 'react';
import type { Presentation } from '../../../shared/console-contract';
import { api } from '../transport/api';

export const DEFAULT_PRESENTATION: Presentation = { brandColour: '#c2410c', title: '' };

export function usePresentation(): Presentation {
  const [presentation, setPresentation] = useState<Presentation>(DEFAULT_PRESENTATION);
  useEffect(() => {
    let live = true;
    const stop = api.on('presentation.changed', ({ presentation: next }) => setPresentation(next));
    void api['presentation.get']({}).then((result) => live && result.ok && setPresentation(result.data));
    return () => {
      live = false;
      stop();
    };
  }, []);
  return presentation;
}
