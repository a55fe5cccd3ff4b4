// What `${env.X}` may read: GUEST_CONSOLE_VAR_ names and names the user approved, never a profile secret
// (by the names the secrets-by-name helpers read, or by value), and from the console nothing unless
// allowed. Refusals are problems with line and column that name the variable and never show its value.
import { describe, expect, it } from 'vitest';
import { secretEnvName } from '../../electron/engine/profiles/secret-vault';
import { isSecretEnvName, scenarioEnvironment, unapprovableName, withoutConsent } from '../../electron/engine/scenarios/scenario-environment';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { interpolate } from '../../electron/engine/scenarios/scenario-variables';

const SECRET = 'acme-client-secret-value';
const ENV = {
  GUEST_CONSOLE_ACME_CLIENT_SECRET: SECRET,
  GUEST_CONSOLE_VAR_DRINK: 'Coffee',
  GUEST_CONSOLE_VAR_COPY: SECRET,
  GUEST_CONSOLE_VAR_VAULT_COPY: 'Bearer vault-only-secret',
  GUEST_CONSOLE_VAR_X_WEBHOOK_SECRET: 'w',
  HOME: '/home/someone',
  TEAM_EMAIL: 'team@example.com',
};

function problemsOf(text: string, environment = scenarioEnvironment(ENV, { secrets: () => ['vault-only-secret'] })): string[] {
  const result = parseScenario(text, { environment });
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
}

describe('scenario environment variables', () => {
  it('recognise every variable the secrets-by-name helpers read, by profile name or id, in any case', () => {
    for (const kind of ['clientSecret', 'webhookSecret'] as const) {
      for (const profile of ['Acme Prod', 'sandbox', '6f0c2a7e-1b2c-4d5e-8f90-123456789abc', 'var x']) expect(isSecretEnvName(secretEnvName(profile, kind))).toBe(true);
    }
    expect(isSecretEnvName('guest_console_acme_client_secret')).toBe(true);
    expect(isSecretEnvName('GUEST_CONSOLE_VAR_DRINK')).toBe(false);
    expect(unapprovableName('GUEST_CONSOLE_ACME_WEBHOOK_SECRET')).toMatch(/holds a profile secret/);
    expect(unapprovableName('TEAM_EMAIL')).toBeUndefined();
    expect(unapprovableName('A-B')).toMatch(/not an environment variable name/);
  });

  it('read GUEST_CONSOLE_VAR_ variables and approved names, and refuse the rest with the variable named, never its value', () => {
    const problems = problemsOf(
      [
        'name: Leaky',
        'steps:',
        '  - say: "echo ${env.GUEST_CONSOLE_ACME_CLIENT_SECRET}"',
        '  - say: "home ${env.HOME}"',
        '  - say: "${env.GUEST_CONSOLE_VAR_COPY}"',
        '  - say: { text: fine, attributes: { k: "${env.GUEST_CONSOLE_VAR_VAULT_COPY}" } }',
        '  - attachment: { name: a.txt, content: x, text: "${env.GUEST_CONSOLE_VAR_X_WEBHOOK_SECRET}" }',
        '  - say: "${env.GUEST_CONSOLE_VAR_DRINK} for ${env.guest_console_acme_client_secret}"',
      ].join('\n'),
    );
    expect(problems).toEqual([
      "3:10 `${env.GUEST_CONSOLE_ACME_CLIENT_SECRET}` names a profile secret's variable; scenarios never read secrets",
      expect.stringMatching(/^4:10 `\$\{env\.HOME\}` is not a scenario variable: scenarios read only variables named GUEST_CONSOLE_VAR_…/),
      '5:10 the environment variable GUEST_CONSOLE_VAR_COPY holds the value of a profile secret; scenarios never read secrets',
      '6:10 the environment variable GUEST_CONSOLE_VAR_VAULT_COPY holds the value of a profile secret; scenarios never read secrets',
      "7:17 `${env.GUEST_CONSOLE_VAR_X_WEBHOOK_SECRET}` names a profile secret's variable; scenarios never read secrets",
      "8:10 `${env.guest_console_acme_client_secret}` names a profile secret's variable; scenarios never read secrets",
    ]);
    for (const problem of problems) expect(problem).not.toMatch(/acme-client-secret-value|vault-only-secret/);

    const approved = scenarioEnvironment(ENV, { approved: ['team_email'] });
    const parsed = parseScenario('name: Fine\nsteps:\n  - say: "${env.GUEST_CONSOLE_VAR_DRINK} for ${env.TEAM_EMAIL}"\n', { environment: approved });
    if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
    const [say] = parsed.scenario.steps;
    const text = say?.type === 'act' && say.act.kind === 'say' ? say.act.text : '';
    expect(interpolate(text, { variables: new Map(), environment: approved })).toBe('Coffee for team@example.com');
  });

  it('read nothing from the console unless the user allowed it, and refuse at interpolation too', () => {
    const off = withoutConsent(scenarioEnvironment(ENV));
    expect(problemsOf('name: Off\nsteps:\n  - say: "${env.GUEST_CONSOLE_VAR_DRINK}"\n  - say: "${env.HOME}"\n', off)).toEqual([
      expect.stringMatching(/^3:10 `\$\{env\.GUEST_CONSOLE_VAR_DRINK\}`: this run reads no environment variables/),
      expect.stringMatching(/^4:10 `\$\{env\.HOME\}` is not a scenario variable/),
    ]);
    expect(() => interpolate('${env.GUEST_CONSOLE_ACME_CLIENT_SECRET}', { variables: new Map(), environment: scenarioEnvironment(ENV) })).toThrow(/profile secret/);
    expect(() => interpolate('${env.GUEST_CONSOLE_VAR_DRINK}', { variables: new Map(), environment: off })).toThrow(/reads no environment variables/);
  });
});
