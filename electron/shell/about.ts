// The About dialog: the version of the console and of what it runs on, and where settings and transcripts
// live on this machine, with a button that opens that folder. Electron's dialog and the folder opener are
// passed in, so the text is tested without Electron.
import path from 'node:path';
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import { SETTINGS_FILE_NAME } from '../engine/profiles/conf-backend';

export interface AboutFacts {
  version: string;
  electron: string;
  chrome: string;
  node: string;
  /** app.getPath('userData'). */
  dataDirectory: string;
}

export interface AboutDialogDeps {
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
  openFolder(folder: string): Promise<void>;
}

/** Settings sit at the top of the data folder; transcripts in its transcripts/ folder (see console-engine.ts). */
export function aboutDetail(facts: AboutFacts): string {
  return [
    `Version ${facts.version}`,
    `Electron ${facts.electron} · Chromium ${facts.chrome} · Node ${facts.node}`,
    '',
    `Settings and profiles: ${path.join(facts.dataDirectory, `${SETTINGS_FILE_NAME}.json`)}`,
    `Transcripts: ${path.join(facts.dataDirectory, 'transcripts')}`,
  ].join('\n');
}

export const ABOUT_BUTTONS = ['OK', 'Open Data Folder'] as const;

export async function showAboutDialog(deps: AboutDialogDeps, facts: AboutFacts): Promise<void> {
  const { response } = await deps.showMessageBox({
    type: 'info',
    title: 'About Guest Console',
    message: 'Guest Console',
    detail: aboutDetail(facts),
    buttons: [...ABOUT_BUTTONS],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  if (ABOUT_BUTTONS[response] === 'Open Data Folder') await deps.openFolder(facts.dataDirectory);
}
