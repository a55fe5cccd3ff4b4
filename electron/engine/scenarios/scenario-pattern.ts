// `matches` patterns run on text an agent sends, so they run on RE2 (re2js, pure JavaScript): matching
// takes time linear in the text whatever the pattern, where JavaScript's backtracking RegExp can take
// years on `^(a+)+$`. The syntax is RE2's — JavaScript's without lookaround or backreferences, `\x{…}`
// for `\u…` — and a pattern RE2 refuses is a problem in the file, before anything runs.
import { RE2JS } from 're2js';

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

export interface ScenarioPattern {
  /** The named groups of the first match (unmatched optional groups left out), or undefined without a match. */
  exec(text: string): Record<string, string> | undefined;
  /** The names of the groups it captures. */
  readonly groupNames: string[];
}

export type PatternResult = { ok: true; pattern: ScenarioPattern } | { ok: false; message: string };

export function compilePattern(source: string, flags: string): PatternResult {
  const unknown = [...flags].filter((flag) => !(flag in FLAGS));
  if (unknown.length > 0) return { ok: false, message: `the flag${unknown.length > 1 ? 's' : ''} ${unknown.join('')} cannot be used; use i, m, s or u` };
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, [...flags].reduce((all, flag) => all | FLAGS[flag]!, 0));
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    return { ok: false, message: `not a regular expression this console can run (${reason}); patterns are RE2's: no lookaround or backreferences, \\x{e9} for \\u00e9` };
  }
  return {
    ok: true,
    pattern: {
      groupNames: Object.keys(compiled.namedGroups()),
      exec(text) {
        // re2js types exec() as any[]; at run time it is a RegExpExecArray, `groups` included.
        const match = compiled.exec(text) as RegExpExecArray | null;
        if (!match) return undefined;
        return Object.fromEntries(Object.entries(match.groups ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      },
    },
  };
}
