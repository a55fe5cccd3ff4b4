// The Scenarios screen's files: the shipped examples are listed; adding one brings the files it sends, so
// files.yaml runs and passes on the sandbox; an imported folder's files land at their relative paths, and a
// path that would leave the scenarios folder (or hide, or go deep, or through a link) is refused with a reason.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioFile, ScenarioRunResult } from '../../shared/scenario-contract';
import { shippedExamplesDirectory } from '../../electron/engine/scenarios/scenario-service';
import { call, startRig, type Rig } from '../support/console-with-sandbox';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => rig?.close());

const scenariosFolder = () => path.join(rig.dataDirectory, 'scenarios');
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('shipped examples', () => {
  it('are found in the repository and listed, each valid', async () => {
    expect(shippedExamplesDirectory()).toBe(path.resolve(__dirname, '..', '..', 'scenarios', 'examples'));
    const examples = await call<ScenarioFile[]>(rig.engine, 'scenarios.examples', {});
    expect(examples.map((example) => example.fileName)).toEqual(
      fs.readdirSync(shippedExamplesDirectory()!).filter((name) => name.endsWith('.yaml')).sort(),
    );
    expect(examples.every((example) => example.problems.length === 0 && example.stepCount > 0)).toBe(true);
  });

  it('are added with the files they send, and files.yaml then runs and passes', async () => {
    const added = await call<ScenarioFile>(rig.engine, 'scenarios.addExample', { fileName: 'files.yaml' });
    expect(added).toMatchObject({ fileName: 'files.yaml', name: 'Files both ways', problems: [] });
    expect(fs.readFileSync(path.join(scenariosFolder(), 'files', 'order-notes.txt'))).toEqual(
      fs.readFileSync(path.join(shippedExamplesDirectory()!, 'files', 'order-notes.txt')),
    );
    const queued = await call<ScenarioRunResult[]>(rig.engine, 'scenarios.run', { fileName: 'files.yaml', channel: 'webmessaging' });
    await expect
      .poll(async () => (await call<ScenarioRunResult[]>(rig.engine, 'scenarios.runs', {})).find((run) => run.id === queued[0]!.id)?.status, { timeout: 30_000 })
      .toBe('passed');
    const again = await rig.engine.dispatcher.dispatch('scenarios.addExample', { fileName: 'files.yaml' });
    expect(again).toMatchObject({ ok: false, error: { kind: 'Conflict' } });
  });
});

describe('an imported folder', () => {
  it('keeps its files at their relative paths, so the scenario that sends them is valid', async () => {
    await call(rig.engine, 'scenarios.saveFile', { path: 'docs/quote (2).txt', data: base64('the quote') });
    const saved = await call<ScenarioFile>(rig.engine, 'scenarios.save', {
      fileName: 'quote.yaml',
      source: 'name: Quote\nsteps:\n  - attachment: { file: docs/quote (2).txt }\n',
    });
    expect(saved.problems).toEqual([]);
    expect(fs.readFileSync(path.join(scenariosFolder(), 'docs', 'quote (2).txt'), 'utf8')).toBe('the quote');
    expect(fs.statSync(path.join(scenariosFolder(), 'docs', 'quote (2).txt')).mode & 0o777).toBe(0o600);
  });

  it('refuses paths that leave the folder, hide, go deep or pass through a link, and writes nothing', async () => {
    const outside = path.join(rig.dataDirectory, 'outside');
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(scenariosFolder(), 'linked'));
    for (const [bad, reason] of [
      ['../settings.json', /plain names/],
      ['files/../../x.txt', /plain names/],
      ['/etc/passwd', /absolute/],
      ['C:\\\\Windows\\\\x.txt', /absolute/],
      ['.hidden', /plain names/],
      ['a/b/c/d/e.txt', /4 folders deep/],
      ['linked/x.txt', /not a folder inside/],
    ] as const) {
      const result = await rig.engine.dispatcher.dispatch('scenarios.saveFile', { path: bad, data: base64('x') });
      expect(result, bad).toMatchObject({ ok: false, error: { kind: 'InvalidRequest', message: expect.stringMatching(reason) } });
    }
    expect(fs.readdirSync(outside)).toEqual([]);
    const large = await rig.engine.dispatcher.dispatch('scenarios.saveFile', { path: 'big.bin', data: Buffer.alloc(720 * 1024).toString('base64') });
    expect(large).toMatchObject({ ok: false });
  });
});
