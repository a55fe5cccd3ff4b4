// Opens a link from the console page in the system browser, the way security-policy.ts decides: refused
// links are only logged, every other one waits for the person's answer to a native question, and only one
// question is open at a time (a page asking again and again gets one dialog, not a stack of them). The
// dialog and the browser are passed in, so tests drive it without Electron.
import { externalLinkDecision, type LinkQuestion } from './security-policy';

export interface ExternalLinkDeps {
  /** Shows the question; resolves true when the person chose to open the link. */
  ask(question: LinkQuestion): Promise<boolean>;
  /** Hands the URL to the system browser (shell.openExternal). */
  open(url: string): Promise<void>;
  /** Tells the person the browser did not open. */
  failed(message: string): void;
  log(line: string): void;
}

export type LinkOutcome = 'opened' | 'declined' | 'refused' | 'busy' | 'failed';

export function createExternalLinkOpener(deps: ExternalLinkDeps): (target: string) => Promise<LinkOutcome> {
  let asking = false;
  return async (target) => {
    const decision = externalLinkDecision(target);
    if (decision.kind === 'refuse') {
      deps.log(`links: not opened, ${decision.reason}`);
      return 'refused';
    }
    if (asking) {
      deps.log('links: not opened, another link is waiting for an answer');
      return 'busy';
    }
    asking = true;
    let open = false;
    try {
      open = await deps.ask(decision.question);
    } catch (error) {
      deps.log(`links: not opened, the question could not be shown (${(error as Error).message})`);
    } finally {
      asking = false;
    }
    if (!open) return 'declined';
    try {
      await deps.open(decision.url);
      return 'opened';
    } catch (error) {
      deps.failed(`The browser did not open ${decision.url}: ${(error as Error).message}. Copy the address from the conversation into a browser instead.`);
      return 'failed';
    }
  };
}
