// Passwords are scrypt hashes with a salt of their own, checked in constant time; tokens and keys have fixed shapes.
import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, PasswordSchema, TEST_PASSWORD_COST, verifyPassword } from '../../client/web/auth/passwords';
import { csrfTokenFor, newApiKey, sameSecret } from '../../client/web/auth/tokens';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts each hash, so the same password never hashes the same', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here', TEST_PASSWORD_COST), hashPassword('same password here', TEST_PASSWORD_COST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', b)).toBe(true);
  });

  it('refuses a malformed or tampered hash instead of throwing', async () => {
    const hash = await hashPassword('another long password', TEST_PASSWORD_COST);
    expect(await verifyPassword('another long password', 'plain-text')).toBe(false);
    const tampered = hash.slice(0, -2) + (hash.endsWith('AA') ? 'BB' : 'AA');
    expect(await verifyPassword('another long password', tampered)).toBe(false);
  });

  it('asks for 12 characters or more and generates passwords that pass', () => {
    expect(PasswordSchema.safeParse('short').error?.issues[0]?.message).toBe('a password needs at least 12 characters');
    const generated = generatePassword();
    expect(generated).toHaveLength(24);
    expect(PasswordSchema.safeParse(generated).success).toBe(true);
  });
});

describe('tokens', () => {
  it('API keys read dk_<id>_<secret>; CSRF tokens derive from the session token', () => {
    const { id, key } = newApiKey();
    expect(key).toMatch(new RegExp(`^dk_${id}_[A-Za-z0-9_-]{43}$`));
    expect(csrfTokenFor('session-a')).toBe(csrfTokenFor('session-a'));
    expect(csrfTokenFor('session-a')).not.toBe(csrfTokenFor('session-b'));
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});
