// The application menu as a template: the usual Edit/View/Window roles plus About, "Check for Updates…"
// and "Open Data Folder". macOS gets its app menu; Windows and Linux find About under Help. Pure data
// built from the actions passed in, so the layout is tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  about(): void;
  checkForUpdates(): void;
  openDataFolder(): void;
}

export function applicationMenuTemplate(platform: NodeJS.Platform, isPackaged: boolean, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About Guest Console', click: () => actions.about() };
  const updates: MenuItemConstructorOptions = { label: 'Check for Updates…', click: () => actions.checkForUpdates() };
  const dataFolder: MenuItemConstructorOptions = { label: 'Open Data Folder', click: () => actions.openDataFolder() };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Guest Console',
      submenu: [about, updates, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    { label: 'File', submenu: [dataFolder, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(isPackaged ? [] : ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? [dataFolder] : [updates, dataFolder, { type: 'separator' }, about] },
  );
  return template;
}
