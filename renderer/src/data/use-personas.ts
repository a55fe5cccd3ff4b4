// The saved personas: loaded once, then replaced by every `personas.changed` event. A console that cannot
// answer (an older host) simply has none.
import { useEffect, useState } from 'react';
import type { SavedPersona } from '../../../shared/console-contract';
import { api } from '../transport/api';

export function usePersonas(): SavedPersona[] {
  const [personas, setPersonas] = useState<SavedPersona[]>([]);
  useEffect(() => {
    let live = true;
    const stop = api.on('personas.changed', ({ personas: next }) => setPersonas(next));
    void api['personas.list']({}).then((result) => live && result.ok && setPersonas(result.data));
    return () => {
      live = false;
      stop();
    };
  }, []);
  return personas;
}
