import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile } from '../../runtime/json-file';

describe('readJsonFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-file-'));
  const schema = z.object({ from: z.email(), teams: z.record(z.string(), z.array(z.email())) });

  it('names the setting and the file when the file is not JSON', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{ "from": ');
    expect(() => readJsonFile('NOTIFICATIONS_CONFIG', file, schema)).toThrow(/^NOTIFICATIONS_CONFIG .*broken\.json: cannot read it as JSON/);
  });

  it('names the field that is wrong', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ from: 'denials@example.org', teams: { coding: ['not an address'] } }));
    expect(() => readJsonFile('NOTIFICATIONS_CONFIG', file, schema)).toThrow(/bad\.json: teams\.coding\.0: /);
  });

  it('returns the parsed value', () => {
    const file = path.join(dir, 'good.json');
    fs.writeFileSync(file, JSON.stringify({ from: 'denials@example.org', teams: {} }));
    expect(readJsonFile('NOTIFICATIONS_CONFIG', file, schema)).toEqual({ from: 'denials@example.org', teams: {} });
  });
});
