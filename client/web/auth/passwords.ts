/**
 * Password hashing with scrypt (node:crypto): a random salt per user, the cost parameters stored in the
 * hash so they can be raised without breaking old hashes (a hash of an older cost is replaced at the next
 * sign-in, see `needsRehash`), and a timing-safe comparison.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * The OWASP Password Storage Cheat Sheet's scrypt minimum: N=2^17, r=8, p=1 (128 MiB; close to a second
 * per hash on a 2-core machine, which also bounds how fast anyone can guess through the sign-in form).
 */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/**
 * For tests only, which create and sign in many users on a shared 2-core machine: about 1 ms a hash.
 * Nothing in the product passes it; `createIdentity`'s `passwordCostForTests` is the one way in.
 */
export const TEST_PASSWORD_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

/** Stored hashes above this are refused rather than computed: a tampered row must not cost gigabytes. */
const MAX_N = 2 ** 20;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export const PasswordSchema = z
  .string()
  .min(12, { error: 'a password needs at least 12 characters' })
  .max(1024, { error: 'a password may have at most 1024 characters' });

const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, cost: ScryptCost, keylen: number): Promise<Buffer> {
  return scrypt(password.normalize('NFKC'), salt, keylen, { ...cost, maxmem: 256 * cost.N * cost.r });
}

/** `scrypt$N$r$p$salt$key`, both base64url. */
export async function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, KEY_BYTES);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function costOf(stored: string): ScryptCost | undefined {
  const m = HASH_FORMAT.exec(stored);
  return m ? { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) } : undefined;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_FORMAT.exec(stored);
  const cost = costOf(stored);
  if (!m || !cost || cost.N > MAX_N || cost.r > 32 || cost.p > 16) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(password, Buffer.from(m[4]!, 'base64url'), cost, expected.length);
  return crypto.timingSafeEqual(key, expected);
}

/** Whether a hash that just verified was made with other parameters than `cost`. */
export function needsRehash(stored: string, cost: ScryptCost = PASSWORD_COST): boolean {
  const c = costOf(stored);
  return !c || c.N !== cost.N || c.r !== cost.r || c.p !== cost.p;
}

/** A hash no password matches, per cost, so an unknown user id costs as much time as a wrong password. */
const decoys = new Map<string, Promise<string>>();
export function decoyHash(cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const key = `${cost.N}/${cost.r}/${cost.p}`;
  let decoy = decoys.get(key);
  if (!decoy) decoys.set(key, (decoy = hashPassword(crypto.randomBytes(32).toString('base64url'), cost)));
  return decoy;
}

/** A password for a new account, shown once: 24 characters of base64url. */
export function generatePassword(): string {
  return crypto.randomBytes(18).toString('base64url');
}
