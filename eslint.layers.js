// The architecture as an allow-list, the way VS Code's layering rule reads: each layer (a folder) names the
// layers it MAY import; every other import between layers is a lint error (eslint-plugin-boundaries).
// The first matching folder names a file's layer, so inner folders come before their parent. Imports inside
// one layer are always allowed; packages from node_modules are governed by `no-restricted-imports` instead.
// test/unit/architecture.test.ts checks that this table has no circle and that a forbidden import fails lint.

/** Layer → the layers it may import. */
export const LAYERS = {
  // Environment-neutral: the contract and what both sides of it agree on.
  shared: [],

  // Wire schemas and codecs, under both the engine and the sandbox.
  'electron/protocol': [],

  // The local Genesys look-alike: only the wire.
  'electron/sandbox': ['electron/protocol'],

  // The engine, inside out. Its root files are its base (errors, events, logger, data folder); console/ is
  // its composition (console-engine.ts, contract-dispatcher.ts), which alone wires every part together.
  'electron/engine/channels': ['electron/engine', 'electron/protocol', 'shared'],
  'electron/engine/journal': ['electron/engine/channels', 'electron/engine', 'electron/protocol', 'shared'],
  'electron/engine/profiles': ['electron/engine', 'electron/protocol', 'shared'],
  'electron/engine/personas': ['electron/engine/profiles', 'electron/engine', 'shared'],
  'electron/engine/presentation': ['electron/engine/profiles', 'electron/engine', 'shared'],
  'electron/engine/operator': ['electron/engine', 'electron/protocol', 'shared'],
  'electron/engine/genesys': ['electron/engine/channels', 'electron/engine/profiles', 'electron/engine', 'electron/protocol', 'shared'],
  'electron/engine/conversations': [
    'electron/engine/channels',
    'electron/engine/genesys',
    'electron/engine/journal',
    'electron/engine/profiles',
    'electron/engine',
    'electron/protocol',
    'shared',
  ],
  // The AI customer: the model client, its prompts, the guest's loop and its seat in a console conversation.
  'electron/engine/ai': ['electron/engine/conversations', 'electron/engine/profiles', 'electron/engine', 'electron/protocol', 'shared'],
  'electron/engine/load': ['electron/engine/ai', 'electron/engine/channels', 'electron/engine/genesys', 'electron/engine/profiles', 'electron/engine', 'electron/protocol', 'shared'],
  'electron/engine/scenarios': ['electron/engine/ai', 'electron/engine/conversations', 'electron/engine/profiles', 'electron/engine', 'electron/protocol', 'shared'],
  'electron/engine/console': [
    'electron/engine/journal',
    'electron/engine/channels',
    'electron/engine/profiles',
    'electron/engine/personas',
    'electron/engine/presentation',
    'electron/engine/operator',
    'electron/engine/genesys',
    'electron/engine/conversations',
    'electron/engine/load',
    'electron/engine/scenarios',
    'electron/engine/ai',
    'electron/engine',
    'electron/protocol',
    'shared',
  ],
  'electron/engine': ['electron/protocol', 'shared'],

  // Composition roots: the web host and CLI, and the Electron shell.
  'electron/host': ['electron/engine/console', ...engineParts(), 'electron/sandbox', 'electron/protocol', 'shared'],
  'electron/shell': ['electron/engine/console', ...engineParts(), 'electron/sandbox', 'electron/protocol', 'shared'],

  // The page: only the contract, and inside it features over shared UI, data hooks and the transport.
  'renderer/src/transport': ['shared'],
  'renderer/src/data': ['renderer/src/transport', 'shared'],
  'renderer/src/ui': ['shared'],
  'renderer/src/styles': [],
  'renderer/src/frame': rendererFeatureBase(),
  'renderer/src/operator': rendererFeatureBase(),
  'renderer/src/personas': rendererFeatureBase(),
  'renderer/src/profiles': rendererFeatureBase(),
  'renderer/src/presentation': rendererFeatureBase(),
  'renderer/src/scenarios': rendererFeatureBase(),
  'renderer/src/load': rendererFeatureBase(),
  'renderer/src/conversations': ['renderer/src/operator', ...rendererFeatureBase()],
  'renderer/src': [
    'renderer/src/conversations',
    'renderer/src/operator',
    'renderer/src/personas',
    'renderer/src/profiles',
    'renderer/src/presentation',
    'renderer/src/scenarios',
    'renderer/src/load',
    'renderer/src/frame',
    ...rendererFeatureBase(),
    'renderer/src/styles',
  ],
  renderer: ['shared'],
};

/** What every feature folder of the page may use. */
function rendererFeatureBase() {
  return ['renderer/src/ui', 'renderer/src/data', 'renderer/src/transport', 'shared'];
}

function engineParts() {
  return ['electron/engine', ...['journal', 'channels', 'profiles', 'personas', 'presentation', 'operator', 'genesys', 'conversations', 'load', 'scenarios', 'ai'].map((part) => `electron/engine/${part}`)];
}

/** The boundaries plugin's element list: a file belongs to the most specific folder that holds it. */
export function layerElements() {
  return Object.keys(LAYERS)
    .sort((a, b) => b.split('/').length - a.split('/').length)
    .map((layer) => ({ type: layer, pattern: layer }));
}

/** The boundaries plugin's policies: each layer may import itself and what it names. */
export function layerPolicies() {
  return Object.entries(LAYERS).map(([layer, allowed]) => ({
    from: { element: { type: layer } },
    allow: { to: { element: { types: { anyOf: [layer, ...allowed] } } } },
  }));
}
