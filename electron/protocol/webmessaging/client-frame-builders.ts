// Builders of the client → server frames (spec §2.1, §3): the exact frames a well-behaved guest client sends,
// typed by the schemas in client-frames.ts but free of zod at run time, so a guest that never decodes a client
// frame (every guest; only the sandbox does) does not load it.
import type { ClientAction, ClientFrameOf } from './client-frames';

/** The fields of a frame minus `action` and the index signature that `.loose()` adds. */
type Build<A extends ClientAction> = {
  [K in keyof ClientFrameOf<A> as string extends K ? never : K extends 'action' ? never : K]: ClientFrameOf<A>[K];
};

/** Builders: the exact frames a well-behaved guest client sends. */
export const clientFrame = {
  configureSession: (f: Build<'configureSession'>): ClientFrameOf<'configureSession'> => ({ action: 'configureSession', ...f }),
  configureAuthenticatedSession: (f: Build<'configureAuthenticatedSession'>): ClientFrameOf<'configureAuthenticatedSession'> => ({
    action: 'configureAuthenticatedSession',
    ...f,
  }),
  onMessage: (f: Build<'onMessage'>): ClientFrameOf<'onMessage'> => ({ action: 'onMessage', ...f }),
  text: (token: string, text: string, opts: { tracingId?: string; customAttributes?: Record<string, string> } = {}) =>
    clientFrame.onMessage({
      token,
      ...(opts.tracingId ? { tracingId: opts.tracingId } : {}),
      message: {
        type: 'Text',
        text,
        ...(opts.customAttributes ? { channel: { metadata: { customAttributes: opts.customAttributes } } } : {}),
      },
    }),
  typing: (token: string, tracingId?: string) =>
    clientFrame.onMessage({
      token,
      ...(tracingId ? { tracingId } : {}),
      message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] },
    }),
  /** Presence Join may carry the guest's custom attributes (the mobile SDK's auto-start does), so the flow has them from its first step. */
  presence: (token: string, type: 'Join' | 'Clear', tracingId?: string, customAttributes?: Record<string, string>) =>
    clientFrame.onMessage({
      token,
      ...(tracingId ? { tracingId } : {}),
      message: {
        type: 'Event',
        events: [{ eventType: 'Presence', presence: { type } }],
        ...(customAttributes && Object.keys(customAttributes).length > 0 ? { channel: { metadata: { customAttributes } } } : {}),
      },
    }),
  buttonResponse: (
    token: string,
    reply: { text: string; payload: string; type: 'QuickReply' | 'Button' | 'DatePicker' },
    tracingId?: string,
  ) =>
    clientFrame.onMessage({
      token,
      ...(tracingId ? { tracingId } : {}),
      message: {
        type: reply.type === 'QuickReply' ? 'Text' : 'Structured',
        text: reply.type === 'QuickReply' ? '' : reply.text,
        content: [{ contentType: 'ButtonResponse', buttonResponse: reply }],
      },
    }),
  onAttachment: (f: Build<'onAttachment'>): ClientFrameOf<'onAttachment'> => ({ action: 'onAttachment', ...f }),
  getAttachment: (f: Build<'getAttachment'>): ClientFrameOf<'getAttachment'> => ({ action: 'getAttachment', ...f }),
  deleteAttachment: (f: Build<'deleteAttachment'>): ClientFrameOf<'deleteAttachment'> => ({ action: 'deleteAttachment', ...f }),
  getJwt: (f: Build<'getJwt'>): ClientFrameOf<'getJwt'> => ({ action: 'getJwt', ...f }),
  echo: (f: { token: string; tracingId?: string }): ClientFrameOf<'echo'> => ({
    action: 'echo',
    ...f,
    message: { type: 'Text', text: 'ping' },
  }),
  closeSession: (f: { token: string; tracingId?: string }): ClientFrameOf<'closeSession'> => ({
    action: 'closeSession',
    closeAllConnections: true,
    ...f,
  }),
  getConfiguration: (f: Build<'getConfiguration'>): ClientFrameOf<'getConfiguration'> => ({ action: 'getConfiguration', ...f }),
};
