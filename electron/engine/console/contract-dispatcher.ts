// The Node side of the contract, shared by both transports (Electron IPC, the web host's WebSocket):
// checks the channel, validates the payload, calls the handler, validates the reply, and always answers
// with a `Result` — a bad payload gets a typed error and the process keeps running.
import { z } from 'zod';
import {
  isRequestChannel,
  issuesOf,
  requests,
  type ParsedRequestOf,
  type RequestChannel,
  type ResponseOf,
  type Result,
} from '../../../shared/contract';
import { ConsoleError } from '../console-error';
import { silentLogger, type Logger } from '../logger';

export type ContractHandlers = {
  [C in RequestChannel]: (payload: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

export class ContractDispatcher {
  constructor(
    private readonly handlers: ContractHandlers,
    private readonly logger: Logger = silentLogger,
  ) {}

  async dispatch(channel: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isRequestChannel(channel)) {
      const shown = typeof channel === 'string' ? `"${channel.slice(0, 80)}"` : typeof channel;
      return { ok: false, error: { kind: 'UnknownChannel', message: `There is no request ${shown} in the contract.` } };
    }
    const parsed = requests[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { kind: 'InvalidRequest', message: `The ${channel} request was not valid.`, issues: issuesOf(parsed.error) },
      };
    }
    let result: unknown;
    try {
      const handler = this.handlers[channel] as (payload: unknown) => unknown;
      result = await handler(parsed.data);
    } catch (error) {
      if (error instanceof ConsoleError) return { ok: false, error: error.toContractError() };
      if (error instanceof z.ZodError) {
        return { ok: false, error: { kind: 'InvalidRequest', message: `The ${channel} request was not valid.`, issues: issuesOf(error) } };
      }
      this.logger.error('request failed', { channel, error: (error as Error)?.message });
      return internalError(channel);
    }
    // A reply that fails its own schema is the console's fault, not the caller's: logged, and answered as Internal.
    const reply = requests[channel].response.safeParse(result);
    if (!reply.success) {
      this.logger.error('reply failed its schema', { channel, issues: issuesOf(reply.error) });
      return internalError(channel);
    }
    return { ok: true, data: reply.data };
  }
}

function internalError(channel: RequestChannel): Result<unknown> {
  return { ok: false, error: { kind: 'Internal', message: `${channel} failed unexpectedly. The console is still running; try again.` } };
}
