/**
 * Password hashing with scrypt (node:crypto): a random salt per user, the cost parameters stored in the
 * hash so they can be raised later without breaking old hashes, and a timing-safe comparison.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** N=2^15, r=8, p=1: about 32 MiB and tens of milliseconds per hash, slow enough to make guessing costly. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export const PasswordSchema = z
  .string()
  .min(12, { error: 'a password needs at least 12 characters' })
  .max(1024, { error: 'a password may have at most 1024 characters' });

const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }, keylen: number): Promise<Buffer> {
  return scrypt(password.normalize('NFKC'), salt, keylen, { ...cost, maxmem: 256 * cost.N * cost.r });
}

/** `scrypt$N$r$p$salt$key`, both base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_BYTES);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_FORMAT.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(password, Buffer.from(m[4]!, 'base64url'), { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }, expected.length);
  return crypto.timingSafeEqual(key, expected);
}

/** A hash no password matches, so an unknown user id costs as much time as a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomBytes(32).toString('base64url'));
  return decoy;
}

/** A password for a new account, shown once: 24 characters of base64url. */
export function generatePassword(): string {
  return crypto.randomBytes(18).toString('base64url');
}
