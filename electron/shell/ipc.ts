// Binds every contract request to Electron IPC: sender check → dispatcher (which validates the payload
// and the reply) → Result. Engine events go to every window on one event channel.
import { ipcMain, type BrowserWindow } from 'electron';
import { REQUEST_CHANNELS } from '../../shared/contract';
import type { ConsoleEngine } from '../engine/console/console-engine';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, isTrustedSender } from './security-policy';

export function registerContract(engine: ConsoleEngine, windows: () => BrowserWindow[]): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, (event, payload: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame ? { url: frame.url, isTopLevel: frame.parent === null } : null)) {
        return { ok: false, error: { kind: 'Forbidden', message: 'This request did not come from the console window.' } };
      }
      return engine.dispatcher.dispatch(channel, payload);
    });
  }
  const unsubscribe = engine.bus.subscribe((event, payload) => {
    for (const window of windows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event, payload);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(`${IPC_PREFIX}${channel}`);
  };
}
