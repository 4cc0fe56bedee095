/**
 * Search over sealed fields by keyed hashes (a blind index): a denial's search words are stored as
 * HMAC-SHA256 terms under a key derived from the deployment's claim-id key, which never changes, so a
 * search for "smith" looks up the term of "smith" and the store never holds a name or an account number in
 * clear. Equal words give equal terms: the index tells which denials share a word, nothing more.
 */
import crypto from 'node:crypto';
import { loadClaimIdKey } from './claim-id-key';
import { SEARCH_TERM_HEX, querySearchWords, subjectSearchWords, type DenialSubject } from '../../domain/lifecycle/denial-subject';

export class DenialSearchIndex {
  private readonly key: Buffer;

  constructor(claimIdKey: Buffer) {
    // Its own key, so a term can never be compared with a workflow id or an event key made with the claim-id key.
    this.key = crypto.createHmac('sha256', claimIdKey).update('denial-search-index/v1').digest();
  }

  private term(word: string): string {
    return crypto.createHmac('sha256', this.key).update(word).digest('hex').slice(0, SEARCH_TERM_HEX);
  }

  termsOfSubject(s: DenialSubject): string[] {
    return subjectSearchWords(s).map((w) => this.term(w));
  }

  /** The terms of a search; empty when it has no word to look for. */
  termsOfQuery(q: string): string[] {
    return querySearchWords(q).map((w) => this.term(w));
  }
}

/**
 * The deployment's search index, keyed from its claim-id key (created here when embedded and not made yet).
 * A node that joins a cluster without DENIAL_ID_KEY has none, and says so: it still works denials, which are
 * then found by reference only.
 */
export function deploymentSearchIndex(config: { DENIAL_ID_KEY?: string | undefined; dataDir: string; embedded: boolean }, warn: (m: string) => void): DenialSearchIndex | undefined {
  try {
    return new DenialSearchIndex(loadClaimIdKey({ ...(config.DENIAL_ID_KEY ? { configured: config.DENIAL_ID_KEY } : {}), dataDir: config.dataDir, embedded: config.embedded, warn }));
  } catch (err) {
    warn(`Search by patient, account or claim number is off: ${(err as Error).message}`);
    return undefined;
  }
}
