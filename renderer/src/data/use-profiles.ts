// The connection profiles (the built-in sandbox first), kept current through `profiles.changed`. Read by the
// Profiles screen and by every form that picks a profile (new conversation, scenario run, load run).
import type { ContractError, Profile } from '../../../shared/contract';
import { useContractData } from './use-contract-data';

const NONE: Profile[] = [];

export function useProfiles(): { profiles: Profile[]; loaded: boolean; error: ContractError | null } {
  const { data, error } = useContractData('profiles.list', {}, { event: 'profiles.changed', apply: (_, { profiles }) => profiles });
  return { profiles: data ?? NONE, loaded: data !== undefined, error };
}
