/**
 * API keys for automation: `dk_<id>_<secret>`, shown once, stored as SHA-256, each with a role and a label,
 * revocable. Legacy intake keys (INTAKE_API_KEYS, data/intake-api-key) are imported as automation keys
 * so existing scripts keep working with the key they have.
 */
import { z } from 'zod';
import { RoleSchema } from '../../../domain/lifecycle/tasks';
import type { ApiKeyRecord, IdentityStore } from './identity-store';
import type { Principal } from './principal';
import { newApiKey, sha256 } from './tokens';

export const NewApiKeySchema = z.object({
  label: z.string().trim().min(1, { error: 'give the key a label saying what uses it (--label)' }).max(120),
  role: RoleSchema.default('automation'),
});

export type PublicApiKey = Omit<ApiKeyRecord, 'keyHash'>;

export function publicApiKey({ keyHash: _hash, ...key }: ApiKeyRecord): PublicApiKey {
  return key;
}

export type ApiKeyCheck = { ok: true; principal: Principal } | { ok: false; reason: string };

const TOUCH_EVERY_MS = 60_000;

export class ApiKeys {
  constructor(
    private readonly store: IdentityStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The new key in clear (the only time it exists so) and its stored record. */
  async create(input: z.input<typeof NewApiKeySchema>): Promise<{ key: string; record: PublicApiKey }> {
    const { label, role } = NewApiKeySchema.parse(input);
    const { id, key } = newApiKey();
    const record: ApiKeyRecord = { id, keyHash: sha256(key), label, role, source: 'created', createdAt: this.now().toISOString(), lastUsedAt: null, revokedAt: null };
    if (!(await this.store.addApiKey(record))) throw new Error(`API key id ${id} collided with an existing key; create the key again.`);
    return { key, record: publicApiKey(record) };
  }

  async check(presented: string): Promise<ApiKeyCheck> {
    // Looked up by the hash of the whole key: a B-tree probe on a SHA-256 tells an attacker nothing useful.
    const key = await this.store.apiKeyByHash(sha256(presented));
    if (!key) return { ok: false, reason: 'The API key is not recognised: check it, or have an admin create one (`npm run users -- keys create`).' };
    if (key.revokedAt) return { ok: false, reason: `API key ${key.id} (${key.label}) was revoked at ${key.revokedAt}; ask an admin for a new one.` };
    const now = this.now();
    if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) >= TOUCH_EVERY_MS) await this.store.touchApiKey(key.id, now.toISOString());
    return { ok: true, principal: { kind: 'api_key', id: key.id, role: key.role, displayName: key.label } };
  }

  async list(): Promise<PublicApiKey[]> {
    return (await this.store.apiKeys()).map(publicApiKey);
  }

  /** False when there is no such key, or it was revoked already. */
  async revoke(id: string): Promise<boolean> {
    return this.store.revokeApiKey(id, this.now().toISOString());
  }

  /**
   * Accepts the configured intake keys as automation keys: each is added once (by hash); a legacy key that
   * is no longer configured is revoked, so removing it from INTAKE_API_KEYS still shuts it out.
   */
  async syncLegacyIntakeKeys(keys: readonly string[]): Promise<void> {
    const hashes = new Set(keys.map(sha256));
    const at = this.now().toISOString();
    for (const keyHash of hashes) {
      // Another process of this deployment may import the same key at the same moment: first one wins.
      const id = `intake-${keyHash.slice(0, 12)}`;
      await this.store.addApiKey({ id, keyHash, label: 'intake key (INTAKE_API_KEYS or DATA_DIR/intake-api-key)', role: 'automation', source: 'intake_legacy', createdAt: at, lastUsedAt: null, revokedAt: null });
    }
    for (const key of await this.store.apiKeys()) {
      if (key.source === 'intake_legacy' && !key.revokedAt && !hashes.has(key.keyHash)) await this.store.revokeApiKey(key.id, at);
    }
  }
}
