// Saved personas and presentation settings live in the same versioned settings document as profiles:
// a version 1 file migrates, each service writes only its own section, damaged entries are skipped.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { PersonaService } from '../../electron/engine/personas/personas';
import { PresentationSettings } from '../../electron/engine/presentation/presentation-settings';
import { ProfileService } from '../../electron/engine/profiles/profile-service';
import { createMemoryVault } from '../../electron/engine/profiles/secret-vault';
import { loadSettings, SETTINGS_VERSION } from '../../electron/engine/profiles/settings-store';
import { makeTempDir } from '../support/temp-dir';

describe('personas and presentation in the settings document', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const backend = () => createConfBackend(dir.path, () => 1700000000000);
  const file = () => path.join(dir.path, 'settings.json');
  const open = () => {
    const loaded = loadSettings(backend());
    let ids = 0;
    return {
      loaded,
      profiles: new ProfileService({ backend: backend(), vault: createMemoryVault(), sandbox: null, loaded }),
      personas: new PersonaService({ backend: backend(), initial: loaded.personas, newId: () => `p${++ids}` }),
      presentation: new PresentationSettings(backend(), loaded.presentation),
    };
  };

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('migrates a version 1 document: profiles kept, no personas, default presentation', () => {
    fs.writeFileSync(file(), JSON.stringify({ schemaVersion: 1, profiles: [{ id: 'a', name: 'Acme', region: 'eu-west-1' }] }));
    const { loaded } = open();
    expect(loaded.profiles.map((profile) => profile.name)).toEqual(['Acme']);
    expect(loaded.personas).toEqual([]);
    expect(loaded.presentation).toEqual({ brandColour: '#c2410c', title: '' });
    expect(loaded.notices).toEqual([]);
  });

  it('keeps every section when one service saves', () => {
    const first = open();
    first.profiles.save({ name: 'Acme', region: 'us-east-1' });
    first.personas.save({ name: 'Jamie', email: 'jamie@example.com', language: 'en-GB', customAttributes: { tier: 'gold' }, snippets: ['Where is my order?'] });
    first.presentation.save({ brandColour: '#0b6e4f', title: 'Acme Bank' });
    first.profiles.save({ name: 'Beta', region: 'eu-west-2' });

    const document = JSON.parse(fs.readFileSync(file(), 'utf8')) as Record<string, unknown>;
    expect(document.schemaVersion).toBe(SETTINGS_VERSION);
    const again = open();
    expect(again.profiles.list().map((profile) => profile.name)).toEqual(['Acme', 'Beta']);
    expect(again.personas.list()).toEqual([
      { id: 'p1', name: 'Jamie', email: 'jamie@example.com', language: 'en-GB', customAttributes: { tier: 'gold' }, snippets: ['Where is my order?'] },
    ]);
    expect(again.presentation.get()).toEqual({ brandColour: '#0b6e4f', title: 'Acme Bank' });
  });

  it('refuses a duplicate persona name, edits and removes personas', () => {
    const { personas } = open();
    const jamie = personas.save({ name: 'Jamie' });
    expect(() => personas.save({ name: 'jamie' })).toThrow(/already exists/);
    personas.save({ ...jamie, name: 'Jamie Rivera', phone: '+44 20 7946 0000' });
    expect(open().personas.list()).toMatchObject([{ id: jamie.id, name: 'Jamie Rivera', phone: '+44 20 7946 0000' }]);
    personas.remove(jamie.id);
    expect(open().personas.list()).toEqual([]);
    expect(() => personas.remove(jamie.id)).toThrow(/already removed/);
  });

  it('skips a damaged persona and damaged presentation settings, saying so', () => {
    fs.writeFileSync(
      file(),
      JSON.stringify({ schemaVersion: 2, profiles: [], personas: [{ id: 'ok', name: 'Good' }, { id: 'bad', name: 'Broken', avatar: 'http://x/y.png' }], presentation: { brandColour: 'orange' } }),
    );
    const { loaded } = open();
    expect(loaded.personas.map((persona) => persona.name)).toEqual(['Good']);
    expect(loaded.notices.join(' ')).toMatch(/Persona "Broken".*damaged/);
    expect(loaded.notices.join(' ')).toMatch(/presentation settings/);
    expect(loaded.presentation.brandColour).toBe('#c2410c');
  });

  it('refuses a brand colour or logo that is not one', () => {
    const { presentation } = open();
    expect(() => presentation.save({ brandColour: 'red', title: '' })).toThrow();
    expect(() => presentation.save({ brandColour: '#112233', title: '', logo: 'https://cdn.example.com/logo.png' })).toThrow();
  });
});
