// Many scenario runs at once: every (file, channel) pair as one job, at most `parallel` at a time, results
// in job order. The CLI uses it; each job is an independent guest, so parallel runs never share state.
import type { Channel } from '../../../shared/contract';
import type { ScenarioRunResult } from '../../../shared/scenario-contract';
import type { Scenario } from './scenario';
import type { ScenarioEnvironment } from './scenario-environment';
import type { ScenarioRunner } from './scenario-runner';

export interface ScenarioJob {
  file: string;
  scenario: Scenario;
  channel: Channel;
}

export async function runScenarioJobs(
  jobs: readonly ScenarioJob[],
  options: {
    runner: ScenarioRunner;
    profile: { id: string; name: string };
    environment: ScenarioEnvironment;
    parallel: number;
    onUpdate?: (result: ScenarioRunResult) => void;
  },
): Promise<ScenarioRunResult[]> {
  const requests = jobs.map((job) => ({ ...job, profile: options.profile, environment: options.environment, ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}) }));
  const queued = requests.map((request) => options.runner.queued(request));
  for (const result of queued) options.onUpdate?.(result);
  const results: ScenarioRunResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      results[index] = await options.runner.run(requests[index]!, queued[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, jobs.length)) }, worker));
  return results;
}

/** Jobs for scenarios: one per channel each names, or only `channel` when given. */
export function jobsFor(files: readonly { file: string; scenario: Scenario }[], channel?: Channel): ScenarioJob[] {
  return files.flatMap(({ file, scenario }) => (channel ? [channel] : scenario.channels).map((each) => ({ file, scenario, channel: each })));
}
