// Builds (or finds in the cache) the real Temporal servers, and finds or installs PostgreSQL and Chromium, before any test starts them.
import { setupToolchain } from '../worker/toolchain/setup';

export default async function setup(): Promise<void> {
  await setupToolchain({ log: (line) => console.log(line), postgres: true, chromium: true });
}
