// How update news reaches the person, natively: download progress on the taskbar/dock icon of every
// window, dialogs for the outcome of a check they asked for, and a "Restart now / Later" choice once an
// update is ready. The renderer is not told: the contract has no update event yet.
import { BrowserWindow, dialog } from 'electron';
import type { UpdateNotices } from './updater';

export function createUpdateNotices(): UpdateNotices {
  const info = (message: string, detail: string) => void dialog.showMessageBox({ type: 'info', title: 'Updates', message, detail, buttons: ['OK'], noLink: true });
  return {
    progress(fraction) {
      for (const window of BrowserWindow.getAllWindows()) {
        if (!window.isDestroyed()) window.setProgressBar(fraction ?? -1);
      }
    },
    upToDate(currentVersion) {
      info('Guest Console is up to date', `Version ${currentVersion} is the newest release.`);
    },
    downloading(version) {
      info(`Downloading Guest Console ${version}`, 'Progress shows on the app icon. The update installs when you quit the console.');
    },
    async ready(version) {
      const { response } = await dialog.showMessageBox({
        type: 'info',
        title: 'Update ready',
        message: `Guest Console ${version} is ready to install`,
        detail: 'It installs when you quit the console. Restart now to install it straight away.',
        buttons: ['Restart Now', 'Later'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      return response === 0;
    },
    failed(message) {
      void dialog.showMessageBox({ type: 'warning', title: 'Updates', message: 'The update did not complete', detail: message, buttons: ['OK'], noLink: true });
    },
    unavailable(reason) {
      info('Updates are not available', reason);
    },
  };
}
