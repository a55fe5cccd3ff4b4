// The preload: exposes exactly one object, `window.guestConsole`, built from the contract's channel lists.
// Only contract channels pass; listeners never receive Electron's event object. Bundled as one CommonJS
// file (sandboxed preloads cannot load modules).
import { contextBridge, ipcRenderer } from 'electron';
import { isEventChannel, isRequestChannel, type ContractTransport, type Result } from '../../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from './security-policy';

const guestConsole: ContractTransport = {
  async invoke(channel, payload) {
    if (!isRequestChannel(channel)) {
      return { ok: false, error: { kind: 'UnknownChannel', message: `There is no request "${String(channel)}" in the contract.` } };
    }
    return (await ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, payload)) as Result<unknown>;
  },
  on(event, listener) {
    if (!isEventChannel(event)) throw new Error(`There is no event "${String(event)}" in the contract.`);
    const relay = (_sender: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
  },
};

contextBridge.exposeInMainWorld('guestConsole', guestConsole);
