// The saved personas, kept current through `personas.changed`; none until the host answers (or when it
// cannot: an older host simply has none). Read by the Personas screen and by "New conversation".
import type { SavedPersona } from '../../../shared/personas-contract';
import { useContractData } from './use-contract-data';

const NONE: SavedPersona[] = [];

export function usePersonas(): SavedPersona[] {
  return useContractData('personas.list', {}, { event: 'personas.changed', apply: (_, { personas }) => personas }).data ?? NONE;
}
