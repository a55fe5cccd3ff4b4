// Automatic updates on electron-updater: check once on start (quietly — a machine without network just
// logs it) and whenever the menu asks (then every outcome is shown), download in the background with
// progress, install on quit or on "Restart now". electron-updater's signature and SHA-512 checks stay as
// they are: this controller sets the four settings in UPDATER_SETTINGS and, on Linux, adds the release
// signature check of update-signature.ts in front of every download. The updater object and the native
// notices are injected, so tests drive it without Electron.
import type { KeyObject } from 'node:crypto';
import type { FeedChoice } from './update-feed';
import { checkSignedUpdate, readPublicKey } from './update-signature';

/** The part of electron-updater's `autoUpdater` this console uses. */
export interface AutoUpdater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  forceDevUpdateConfig: boolean;
  /** Asked about each announced update before it is downloaded; a throw stops the update and is reported. */
  isUpdateSupported: (info: unknown) => boolean | Promise<boolean>;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** What the person sees: native dialogs and the taskbar/dock progress bar (see update-notices.ts). */
export interface UpdateNotices {
  /** 0..1 while downloading, null to clear. */
  progress(fraction: number | null): void;
  upToDate(currentVersion: string): void;
  downloading(version: string): void;
  /** Resolves true when the person chooses to restart and install now. */
  ready(version: string): Promise<boolean>;
  failed(message: string): void;
  unavailable(reason: string): void;
}

export type UpdateState =
  | { phase: 'disabled'; reason: string }
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'downloading'; version: string; percent: number }
  | { phase: 'ready'; version: string }
  | { phase: 'failed'; message: string };

export const UPDATER_SETTINGS = { autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: false, forceDevUpdateConfig: false } as const;

export interface UpdateControllerOptions {
  /** Called only when updates are enabled, so a build without a feed never loads electron-updater. */
  updater: () => AutoUpdater;
  notices: UpdateNotices;
  feed: FeedChoice;
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** The release-signing public key the build carries (base64 SPKI), needed on Linux. */
  updateKey: string | null;
  currentVersion: string;
  log: (line: string) => void;
}

export class UpdateController {
  private current: UpdateState;
  private updater: AutoUpdater | null = null;
  /** Linux only: the key every announced update must be signed with. */
  private readonly releaseKey: KeyObject | null;
  /** True while a check the person asked for is running: its outcome is shown, not just logged. */
  private asked = false;

  constructor(private readonly options: UpdateControllerOptions) {
    this.releaseKey = options.platform === 'linux' ? readPublicKey(options.updateKey) : null;
    this.current = this.initialState();
    if (this.current.phase === 'disabled') {
      options.log(`updates: ${this.current.reason}`);
      return;
    }
    const updater = (this.updater = options.updater());
    Object.assign(updater, UPDATER_SETTINGS);
    const key = this.releaseKey;
    if (key) {
      const supported = updater.isUpdateSupported;
      updater.isUpdateSupported = (info) => {
        const refused = checkSignedUpdate(info, key);
        if (refused) throw new Error(refused);
        return supported(info);
      };
    }
    updater.on('checking-for-update', () => {
      this.current = { phase: 'checking' };
    });
    updater.on('update-not-available', () => this.noUpdate());
    updater.on('update-available', (info: { version: string }) => this.downloading(info.version));
    updater.on('download-progress', (progress: { percent: number }) => this.progress(progress.percent));
    updater.on('update-downloaded', (event: { version: string }) => void this.downloaded(event.version));
    updater.on('error', (error: Error) => this.fail(error));
  }

  get state(): UpdateState {
    return this.current;
  }

  /** The quiet check on start. */
  async start(): Promise<void> {
    if (this.current.phase === 'disabled') return;
    await this.check();
  }

  /** "Check for Updates…" in the menu. */
  async checkFromMenu(): Promise<void> {
    const { notices } = this.options;
    switch (this.current.phase) {
      case 'disabled':
        notices.unavailable(this.current.reason);
        return;
      case 'checking':
        this.asked = true;
        return;
      case 'downloading':
        notices.downloading(this.current.version);
        return;
      case 'ready':
        await this.offerRestart(this.current.version);
        return;
      default:
        this.asked = true;
        await this.check();
    }
  }

  private initialState(): UpdateState {
    const { feed, isPackaged } = this.options;
    if (!isPackaged) return { phase: 'disabled', reason: 'Updates are checked only in an installed build (this one runs from the source tree).' };
    if (feed.kind === 'none') return { phase: 'disabled', reason: feed.reason };
    if (feed.kind === 'invalid') return { phase: 'disabled', reason: feed.message };
    if (this.options.platform === 'linux' && !this.releaseKey) {
      return { phase: 'disabled', reason: 'This Linux build carries no key to check the signatures of updates, so it does not look for them; install new versions by hand (see docs/releasing.md).' };
    }
    return { phase: 'idle' };
  }

  private async check(): Promise<void> {
    this.current = { phase: 'checking' };
    try {
      await this.updater!.checkForUpdates();
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private noUpdate() {
    this.current = { phase: 'idle' };
    if (this.takeAsked()) this.options.notices.upToDate(this.options.currentVersion);
  }

  private downloading(version: string) {
    this.current = { phase: 'downloading', version, percent: 0 };
    this.options.notices.progress(0);
    if (this.takeAsked()) this.options.notices.downloading(version);
  }

  private progress(percent: number) {
    if (this.current.phase !== 'downloading') return;
    this.current = { ...this.current, percent };
    this.options.notices.progress(Math.max(0, Math.min(1, percent / 100)));
  }

  private async downloaded(version: string) {
    this.current = { phase: 'ready', version };
    this.options.notices.progress(null);
    this.asked = false;
    await this.offerRestart(version);
  }

  private async offerRestart(version: string) {
    if (await this.options.notices.ready(version)) this.updater!.quitAndInstall();
  }

  /** electron-updater may report one failure both as an event and as a rejected check: show it once. */
  private fail(error: Error) {
    if (this.current.phase === 'failed') return;
    const message = `Could not update Guest Console: ${error.message}. The console keeps working; updates are tried again on the next start or from the menu.`;
    this.current = { phase: 'failed', message };
    this.options.notices.progress(null);
    this.options.log(`updates: ${error.message}`);
    if (this.takeAsked()) this.options.notices.failed(message);
  }

  private takeAsked(): boolean {
    const asked = this.asked;
    this.asked = false;
    return asked;
  }
}
