// This console session's scenario runs: `scenarios.runs` once, then every `scenarios.run` event replaces
// the run it names, so a step passing or failing shows up at once.
import { useEffect, useState } from 'react';
import type { ScenarioRunResult } from '../../../shared/scenario-contract';
import { api } from '../transport/api';

export function useScenarioRuns(): ScenarioRunResult[] {
  const [runs, setRuns] = useState<ScenarioRunResult[]>([]);
  useEffect(() => {
    let live = true;
    const stop = api.on('scenarios.run', (run) => setRuns((current) => [run, ...current.filter((candidate) => candidate.id !== run.id)]));
    void api['scenarios.runs']({}).then((result) => {
      if (!live || !result.ok) return;
      setRuns((current) => [...current, ...result.data.filter((run) => !current.some((candidate) => candidate.id === run.id))]);
    });
    return () => {
      live = false;
      stop();
    };
  }, []);
  return runs;
}
