// Which environment variables a scenario may read with `${env.NAME}`: only names that start with
// GUEST_CONSOLE_VAR_ and names the user approved for the run (the CLI's --allow-env), and never one that
// holds a profile secret or the AI model's key — by its name (GUEST_CONSOLE_<PROFILE>_CLIENT_SECRET / _WEBHOOK_SECRET,
// GUEST_CONSOLE_AI_API_KEY: what secretEnvName gives) or by its value (one that holds a secret the console knows). Refusals name the variable,
// never its value. Windows compares environment names without case, so the checks do too.
import { secretEnvName } from '../profiles/secret-vault';

export const SCENARIO_VARIABLE_PREFIX = 'GUEST_CONSOLE_VAR_';

export type EnvironmentRead = { kind: 'value'; value: string } | { kind: 'unset' } | { kind: 'refused'; reason: string };

export interface ScenarioEnvironment {
  read(name: string): EnvironmentRead;
}

const SECRET_NAME_SUFFIXES = (['clientSecret', 'webhookSecret', 'apiKey'] as const).map((kind) => secretEnvName('', kind).slice('GUEST_CONSOLE_'.length));

/** A variable the secrets-by-name helpers read a profile secret from (any profile). */
export function isSecretEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return upper.startsWith('GUEST_CONSOLE_') && SECRET_NAME_SUFFIXES.some((suffix) => upper.endsWith(suffix));
}

/** Why a name may not be approved for scenarios, or undefined when it may. */
export function unapprovableName(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `${name} is not an environment variable name (letters, digits and _)`;
  if (isSecretEnvName(name)) return `${name} holds a profile secret; scenarios never read secrets`;
  return undefined;
}

export function scenarioEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  options: { approved?: readonly string[]; secrets?: () => readonly string[] } = {},
): ScenarioEnvironment {
  const approved = new Set((options.approved ?? []).map((name) => name.toUpperCase()));
  return {
    read(name) {
      const upper = name.toUpperCase();
      if (isSecretEnvName(name)) return { kind: 'refused', reason: `\`\${env.${name}}\` names a profile secret's variable; scenarios never read secrets` };
      if (!upper.startsWith(SCENARIO_VARIABLE_PREFIX) && !approved.has(upper)) {
        return {
          kind: 'refused',
          reason: `\`\${env.${name}}\` is not a scenario variable: scenarios read only variables named ${SCENARIO_VARIABLE_PREFIX}… (or, from the command line, names approved with --allow-env)`,
        };
      }
      const value = env[name];
      if (value === undefined) return { kind: 'unset' };
      const secrets = [...(options.secrets?.() ?? []), ...secretValuesIn(env)].filter((secret) => secret !== '');
      if (secrets.some((secret) => value.includes(secret))) {
        return { kind: 'refused', reason: `the environment variable ${name} holds the value of a profile secret; scenarios never read secrets` };
      }
      return { kind: 'value', value };
    },
  };
}

/**
 * The environment of a run started from the page without the user's consent: reads nothing. What
 * `environment` would refuse anyway keeps its own reason, so the problem says what would actually help.
 */
export function withoutConsent(environment: ScenarioEnvironment): ScenarioEnvironment {
  return {
    read(name) {
      const read = environment.read(name);
      if (read.kind === 'refused') return read;
      return {
        kind: 'refused',
        reason: `\`\${env.${name}}\`: this run reads no environment variables; allow ${SCENARIO_VARIABLE_PREFIX}… variables for the run to use them`,
      };
    },
  };
}

function secretValuesIn(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env).flatMap(([name, value]) => (value && isSecretEnvName(name) ? [value] : []));
}
