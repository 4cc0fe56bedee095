/**
 * What went wrong with the clearinghouse, said so that someone can fix it: which setting, which folder,
 * which file name. Messages never carry file contents (they hold PHI), and the error keeps no stack or
 * cause, so logging it whole prints one line.
 */
export type ClearinghouseProblem =
  | 'unreachable'
  | 'host-key-mismatch'
  | 'auth-refused'
  | 'key-unreadable'
  | 'folder-missing'
  | 'permission-denied'
  | 'file-exists'
  | 'file-missing'
  | 'invalid-name'
  | 'wrong-kind'
  | 'transfer-failed';

export class ClearinghouseError extends Error {
  override readonly name = 'ClearinghouseError';

  constructor(
    readonly problem: ClearinghouseProblem,
    message: string,
  ) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}
