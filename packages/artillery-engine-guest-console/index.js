// An Artillery engine whose virtual users are Genesys Web Messaging guests, connected by Guest Console's
// own guest engine (electron/engine, TypeScript, loaded through tsx). Steps: `say: <text>` sends a message
// and waits for the first agent reply (metrics: guest_console.messages_sent, guest_console.replies,
// histogram guest_console.reply_latency; error guest_console.no_reply), `think`, `loop`.
// Script config, under `guest-console`: webSocketUrl, apiBaseUrl, configBaseUrl, deploymentId, origin?,
// replyTimeoutMs. Made by `guest-console load --export-artillery`.
'use strict';

const path = require('node:path');
const { randomUUID } = require('node:crypto');

const repoRoot = path.resolve(__dirname, '..', '..');
let engineModules;

/** The guest engine, loaded once per Artillery worker through tsx's ESM loader. */
function loadGuestEngine() {
  engineModules ??= (async () => {
    const { register } = await import('tsx/esm/api');
    register();
    const connector = await import(path.join(repoRoot, 'electron', 'engine', 'genesys', 'guest-connector.ts'));
    const clock = await import(path.join(repoRoot, 'electron', 'protocol', 'clock.ts'));
    return { GuestConnector: connector.GuestConnector, systemClock: clock.systemClock };
  })();
  return engineModules;
}

class GuestConsoleEngine {
  constructor(script, ee, helpers) {
    this.script = script;
    this.ee = ee;
    this.helpers = helpers;
    this.settings = { replyTimeoutMs: 30000, ...(script.config['guest-console'] || {}) };
    for (const field of ['webSocketUrl', 'apiBaseUrl', 'configBaseUrl', 'deploymentId']) {
      if (!this.settings[field]) throw new Error(`config["guest-console"].${field} is required (export the script from Guest Console)`);
    }
  }

  createScenario(scenarioSpec, ee) {
    const steps = scenarioSpec.flow.map((step) => this.step(step, ee));
    const settings = this.settings;
    return (initialContext, done) => {
      ee.emit('started');
      const run = async () => {
        const { GuestConnector, systemClock } = await loadGuestEngine();
        const guest = { waiting: undefined };
        const connector = new GuestConnector({ clock: systemClock, sandbox: null, openMessaging: null });
        const connection = connector.connection({
          profile: {
            id: 'artillery',
            name: 'Artillery',
            builtIn: false,
            region: 'us-east-1',
            webMessaging: { deploymentId: settings.deploymentId, origin: settings.origin || '' },
            openMessaging: { integrationId: '', clientId: '', receiveMode: 'webhook', webhookHost: '127.0.0.1', webhookPort: 0 },
          },
          channel: 'webmessaging',
          guestId: randomUUID(),
          persona: { name: 'Artillery guest', customAttributes: {} },
          knownMessageIds: [],
          resumed: false,
          autoStart: false,
          endpoints: { webSocketUrl: settings.webSocketUrl, apiBaseUrl: settings.apiBaseUrl, configBaseUrl: settings.configBaseUrl },
          listener: (event) => {
            if (event.type === 'state' && event.state === 'live') guest.live?.();
            if (event.type === 'state' && event.state === 'failed') guest.failed?.(new Error(event.detail || 'the guest could not connect'));
            if (event.type === 'frame' && event.direction === 'out' && guest.waiting && event.text.includes(guest.waiting.clientId)) guest.waiting.sentAt = Date.now();
            if (event.type === 'message' && event.message.direction === 'Outbound' && guest.waiting) {
              const waiting = guest.waiting;
              guest.waiting = undefined;
              waiting.answer(Date.now() - waiting.sentAt);
            }
          },
        });
        await new Promise((resolve, reject) => {
          guest.live = resolve;
          guest.failed = reject;
          connection.connect();
        });
        const context = { ...initialContext, vars: { ...initialContext.vars, $guest: { connection, guest, settings } } };
        let current = context;
        try {
          for (const step of steps) current = await new Promise((resolve, reject) => step(current, (error, next) => (error ? reject(error) : resolve(next))));
        } finally {
          await connection.closeSession().catch(() => undefined);
        }
        return current;
      };
      run().then((context) => done(null, context), (error) => {
        ee.emit('error', error.message);
        done(error, initialContext);
      });
    };
  }

  step(spec, ee) {
    if (spec.loop) {
      const steps = spec.loop.map((inner) => this.step(inner, ee));
      return this.helpers.createLoopWithCount(spec.count || -1, steps, {});
    }
    if (spec.think !== undefined) return this.helpers.createThink(spec, {});
    if (spec.say !== undefined) {
      return (context, callback) => {
        const { connection, guest, settings } = context.vars.$guest;
        const clientId = randomUUID();
        const timer = setTimeout(() => {
          guest.waiting = undefined;
          ee.emit('error', 'guest_console.no_reply');
          callback(null, context);
        }, settings.replyTimeoutMs);
        guest.waiting = {
          clientId,
          sentAt: Date.now(),
          answer: (latencyMs) => {
            clearTimeout(timer);
            ee.emit('counter', 'guest_console.replies', 1);
            ee.emit('histogram', 'guest_console.reply_latency', latencyMs);
            callback(null, context);
          },
        };
        connection.send({ type: 'text', clientId, text: this.helpers.template(spec.say, context) });
        ee.emit('counter', 'guest_console.messages_sent', 1);
      };
    }
    return (context, callback) => callback(null, context);
  }
}

module.exports = GuestConsoleEngine;
