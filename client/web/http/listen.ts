/** A node:http server for a request handler: listening once the promise resolves, closed with its connections. */
import http from 'node:http';
import type net from 'node:net';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

export async function listen(handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>, host: string, port: number): Promise<Listening> {
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
