/** A Temporal client for one CLI command: an error that says what to check when the server is not there, closed after. */
import type { Client } from '@temporalio/client';
import type { Config } from '../../runtime/config';
import { connectClient } from '../../runtime/temporal';

export async function withClient<T>(config: Config, fn: (client: Client) => Promise<T>): Promise<T> {
  let client: Client;
  try {
    client = await connectClient(config);
  } catch (err) {
    throw new Error(`Cannot reach Temporal at ${config.temporalAddress}: ${(err as Error).message}. Is \`npm start\` running?`);
  }
  try {
    return await fn(client);
  } finally {
    await client.connection.close();
  }
}
