// Variables in scenario texts: `${env.NAME}` from the environment of the run — read only through the
// run's ScenarioEnvironment, which refuses secrets and names it was not allowed — and `${name}` from a
// named group (`(?<name>…)`) of an earlier `matches`. `$${` writes a literal `${`. Values put into a
// regular expression are escaped, so a captured "1+1" matches itself.
import type { ScenarioEnvironment } from './scenario-environment';

const REFERENCE = /\$?\$\{(env\.)?([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface VariableReference {
  env: boolean;
  name: string;
}

export class MissingVariable extends Error {
  constructor(readonly reference: VariableReference, reason?: string) {
    super(
      reason ??
        (reference.env
          ? `The environment variable ${reference.name} is not set. Set it before running the scenario.`
          : `The variable ${reference.name} has no value: no earlier \`matches\` captured a group named ${reference.name}.`),
    );
    this.name = 'MissingVariable';
  }
}

export function referencesIn(text: string): VariableReference[] {
  return [...text.matchAll(REFERENCE)].filter((match) => !match[0].startsWith('$$')).map((match) => ({ env: match[1] !== undefined, name: match[2]! }));
}

/** Fill in the variables of `text`; throws MissingVariable for one without a value or one the environment refuses. */
export function interpolate(
  text: string,
  values: { variables: ReadonlyMap<string, string>; environment: ScenarioEnvironment },
  options: { forRegex?: boolean } = {},
): string {
  return text.replace(REFERENCE, (whole, env: string | undefined, name: string) => {
    if (whole.startsWith('$$')) return whole.slice(1);
    const reference = { env: env !== undefined, name };
    let value: string | undefined;
    if (env) {
      const read = values.environment.read(name);
      if (read.kind === 'refused') throw new MissingVariable(reference, `${read.reason}.`);
      value = read.kind === 'value' ? read.value : undefined;
    } else value = values.variables.get(name);
    if (value === undefined) throw new MissingVariable(reference);
    return options.forRegex ? value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : value;
  });
}
