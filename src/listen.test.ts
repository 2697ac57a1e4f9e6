import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listen } from './listen.ts';

describe('listen', () => {
  it('resolves with the port, and names a taken port in one sentence', async () => {
    const first = createServer();
    const second = createServer();
    const port = await listen(first, 0, '127.0.0.1');
    expect(port).toBeGreaterThan(0);
    await expect(listen(second, port, '127.0.0.1')).rejects.toMatchObject({
      code: 'port_unavailable',
      userMessage: `Port ${port} on 127.0.0.1 is in use: stop what uses it, or pick another with --port N (or PORT).`,
    });
    await new Promise((resolve) => first.close(resolve));
  });
});
