// This console session's scenario runs, newest first: `scenarios.runs` once, then every `scenarios.run` event
// replaces the run it names (and puts it first), so a step passing or failing shows up at once.
import type { ScenarioRunResult } from '../../../shared/scenario-contract';
import { useContractData } from '../data/use-contract-data';

const NONE: ScenarioRunResult[] = [];

function putFirst(runs: ScenarioRunResult[] | undefined, run: ScenarioRunResult): ScenarioRunResult[] {
  return [run, ...(runs ?? []).filter((candidate) => candidate.id !== run.id)];
}

export function useScenarioRuns(): ScenarioRunResult[] {
  return useContractData('scenarios.runs', {}, { event: 'scenarios.run', apply: putFirst }).data ?? NONE;
}
