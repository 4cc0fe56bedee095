import crypto from 'node:crypto';
import { EncryptionCodec, makeKeyring, type CodecKey, type CodecKeyring } from '../../runtime/codec';

export function randomKey(id: string): CodecKey {
  return { id, key: crypto.randomBytes(32) };
}

export function codecWith(...keys: CodecKey[]): EncryptionCodec {
  return new EncryptionCodec(makeKeyring(keys));
}

export function keyringWith(...keys: CodecKey[]): CodecKeyring {
  return makeKeyring(keys);
}
