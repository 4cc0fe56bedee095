/** The web server: plain node:http in front of the web app's router. */
import type { Config } from '../../runtime/config';
import { createWebApp, type WebApp, type WebDeps } from './app';
import { listen, type Listening } from './http/listen';

export type { WebDeps } from './app';

export interface WebServer {
  url: string;
  app: WebApp;
  close(): Promise<void>;
}

export async function startWebServer(config: Config, deps: WebDeps): Promise<WebServer> {
  const url = config.PUBLIC_URL ?? `http://${config.WEB_HOST}:${config.WEB_PORT}`;
  const app = await createWebApp(config, url, deps);
  let server: Listening;
  try {
    server = await listen(app.router.handle, config.WEB_HOST, config.WEB_PORT);
  } catch (err) {
    await app.close();
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    throw new Error(`WEB_PORT ${config.WEB_PORT} is already in use on ${config.WEB_HOST}: stop the other process or set WEB_PORT.`);
  }
  return {
    url,
    app,
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}
