// How a guest introduces itself on a fresh socket (spec §3.1, §3.2, §5.9): configureSession with its token
// (which resumes a known session), or configureAuthenticatedSession with the sign-in's JWT, refreshed once
// per socket on a 401. A requested "start new" rides on every configure until the server accepts one.
import { clientFrame } from '../../../protocol/webmessaging/client-frame-builders';
import type { ClientFrame } from '../../../protocol/webmessaging/client-frames';
import { GuestErrorCode } from '../../../protocol/webmessaging/error-codes';
import type { GuestAuthentication } from './guest-authentication';

export interface SessionConfigurerOptions {
  token: string;
  deploymentId: string;
  authentication?: GuestAuthentication;
}

export class SessionConfigurer {
  private startNewRequested = false;
  private refreshed = false;

  constructor(private readonly options: SessionConfigurerOptions) {}

  /** The next configure asks for a new conversation (the session is read-only). */
  requestStartNew(): void {
    this.startNewRequested = true;
  }

  /** The configure on its way asks for a new conversation (so a new session in the answer is no surprise). */
  get startingNew(): boolean {
    return this.startNewRequested;
  }

  /**
   * The configure frame for this socket; `refresh` after a 401. At once for an anonymous guest (nothing can
   * overtake the configure on a new socket); a promise for a signed-in one, rejected when no sign-in can be had.
   */
  frame(refresh = false): ClientFrame | Promise<ClientFrame> {
    const base = {
      token: this.options.token,
      deploymentId: this.options.deploymentId,
      ...(this.startNewRequested ? { startNew: true } : {}),
    };
    const authentication = this.options.authentication;
    if (!authentication) return clientFrame.configureSession(base);
    return (refresh ? authentication.refresh() : authentication.jwt()).then((jwt) => {
      this.refreshed = refresh;
      return clientFrame.configureAuthenticatedSession({ ...base, data: { code: jwt } });
    });
  }

  /** Whether an error before the session was accepted is worth one configure with a refreshed sign-in. */
  mayRefreshAfter(code: number): boolean {
    return code === GuestErrorCode.Unauthorized && this.options.authentication !== undefined && !this.refreshed;
  }

  /** The server accepted a configure. */
  accepted(): void {
    this.startNewRequested = false;
  }
}
