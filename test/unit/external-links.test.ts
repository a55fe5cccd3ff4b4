// Links from the console page, as the desktop shell opens them: only after the person's "Open", never
// for a refused scheme, one question at a time, and a failing browser reported to the person.
import { describe, expect, it } from 'vitest';
import { createExternalLinkOpener } from '../../electron/shell/external-links';
import type { LinkQuestion } from '../../electron/shell/security-policy';

function opener(answer: (question: LinkQuestion) => Promise<boolean>, open: (url: string) => Promise<void> = async () => undefined) {
  const asked: string[] = [];
  const opened: string[] = [];
  const failures: string[] = [];
  const log: string[] = [];
  const openLink = createExternalLinkOpener({
    ask: (question) => (asked.push(question.message), answer(question)),
    open: async (url) => {
      await open(url);
      opened.push(url);
    },
    failed: (message) => failures.push(message),
    log: (line) => log.push(line),
  });
  return { openLink, asked, opened, failures, log };
}

describe('opening a link from a conversation', () => {
  it('opens a web link only when the person answers "Open", and asks every time', async () => {
    const answers = [false, true];
    const { openLink, asked, opened } = opener(async () => answers.shift()!);
    expect(await openLink('https://help.mypurecloud.com/a')).toBe('declined');
    expect(opened).toEqual([]);
    expect(await openLink('https://help.mypurecloud.com/a')).toBe('opened');
    expect(asked).toEqual(['Open help.mypurecloud.com in your browser?', 'Open help.mypurecloud.com in your browser?']);
    expect(opened).toEqual(['https://help.mypurecloud.com/a']);
  });

  it('never asks about, and never opens, a link of another kind', async () => {
    const { openLink, asked, opened, log } = opener(async () => true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@example.com', 'ms-settings:privacy', 'https://user:pw@example.com/']) {
      expect(await openLink(url)).toBe('refused');
    }
    expect(asked).toEqual([]);
    expect(opened).toEqual([]);
    expect(log).toHaveLength(5);
    expect(log.join('\n')).not.toContain('pw@');
  });

  it('keeps one question open at a time: a page asking again meanwhile gets nothing', async () => {
    let answer!: (open: boolean) => void;
    const { openLink, asked, opened } = opener(() => new Promise<boolean>((resolve) => (answer = resolve)));
    const first = openLink('https://a.example/');
    expect(await openLink('https://b.example/')).toBe('busy');
    expect(await openLink('https://c.example/')).toBe('busy');
    answer(true);
    expect(await first).toBe('opened');
    expect(asked).toEqual(['Open a.example in your browser?']);
    expect(opened).toEqual(['https://a.example/']);
    const next = openLink('https://b.example/');
    answer(false);
    expect(await next).toBe('declined');
  });

  it('tells the person when the browser does not open, and a dialog that fails counts as "no"', async () => {
    const broken = opener(async () => true, async () => {
      throw new Error('xdg-open not found');
    });
    expect(await broken.openLink('https://a.example/')).toBe('failed');
    expect(broken.failures).toEqual([expect.stringContaining('xdg-open not found')]);

    const noDialog = opener(async () => {
      throw new Error('Object has been destroyed');
    });
    expect(await noDialog.openLink('https://a.example/')).toBe('declined');
    expect(noDialog.opened).toEqual([]);
    expect(await noDialog.openLink('https://a.example/')).toBe('declined'); // not stuck "busy"
  });
});
