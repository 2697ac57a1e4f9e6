/**
 * Listening on a port, with the one sentence a person needs when it is taken or not allowed
 * (instead of Node's EADDRINUSE stack): used by `renubu serve` and `renubu sandbox`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RenubuError } from './errors.ts';

/** Listen on `port` (0: any free one) at `host`; resolves with the port listened on. */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      const where = `Port ${port}${host ? ` on ${host}` : ''}`;
      const why =
        error.code === 'EADDRINUSE'
          ? 'is in use: stop what uses it, or pick another'
          : error.code === 'EACCES'
            ? 'may not be used by this user: pick another'
            : undefined;
      reject(
        why
          ? new RenubuError('port_unavailable', `${where} ${why} with --port N (or PORT).`, {
              cause: error,
            })
          : error,
      );
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
