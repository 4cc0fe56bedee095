// Issue #12, remittance uploads: a stream that fails mid-way (a client that goes away, a full disk) is
// answered (507 for a full disk) instead of crashing the process, and leaves no partial file behind.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from '../support/eventually';
import { startProductApp } from '../web/support/test-app';

describe('remittance upload stream errors', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-'));
  const uploads = path.join(dataDir, 'uploads');
  let product: Awaited<ReturnType<typeof startProductApp>>;
  let key: string;

  beforeAll(async () => {
    product = await startProductApp(dataDir);
    key = (await product.app.identity.apiKeys.create({ label: 'feed', role: 'automation' })).key;
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await product?.close();
  });

  it('a client that goes away mid-upload leaves no partial file, and the server keeps serving', async () => {
    const { port } = new URL(product.base);
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/remittances', headers: { authorization: `Bearer ${key}`, 'content-length': '9000' } });
    req.on('error', () => undefined);
    req.write('ISA*00*'.padEnd(4000, 'X'));
    await eventually('the partial upload on disk', () => (fs.readdirSync(uploads).length ? true : undefined), 10_000);
    req.destroy();
    await eventually('the partial upload removed', () => (fs.readdirSync(uploads).length === 0 ? true : undefined), 10_000);
    expect((await fetch(`${product.base}/api/openapi.json`)).status).toBe(200);
  });

  it('a full disk answers 507 naming the cause, and leaves no partial file', async () => {
    const real = fs.createWriteStream;
    vi.spyOn(fs, 'createWriteStream').mockImplementation(((file: fs.PathLike, options?: Parameters<typeof fs.createWriteStream>[1]) => {
      const out = real(file, options);
      // The first chunk reaches the disk, the next one finds it full.
      let writes = 0;
      const write = out._write.bind(out);
      // Every chunk through _write, which fails from the second one on.
      out._writev = undefined;
      out._write = (chunk, encoding, done) => (writes++ === 0 ? write(chunk, encoding, done) : done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })));
      return out;
    }) as typeof fs.createWriteStream);
    const body = new Uint8Array(9000).fill(0x58);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < body.length; i += 1000) controller.enqueue(body.subarray(i, i + 1000));
        controller.close();
      },
    });
    const r = await fetch(`${product.base}/api/remittances`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: stream, duplex: 'half' } as RequestInit);
    expect(r.status).toBe(507);
    const err = (await r.json()) as { code: string; message: string };
    expect(err.code).toBe('insufficient_storage');
    expect(err.message).toMatch(/disk .* is full/);
    expect(fs.readdirSync(uploads)).toEqual([]);
  });
});
