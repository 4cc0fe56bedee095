/**
 * The clearinghouse settings from the configuration's CLEARINGHOUSE_* variables (runtime/config.ts hands
 * over the merged environment and config file): the local folder pair with trading partner `local` when
 * none is set, so the embedded default needs nothing. SFTP needs its trading partner said. A problem
 * names the variable to change.
 */
import { SETTING_NAMES } from './setting-names';
import { ClearinghouseSettings } from './settings';

export const CLEARINGHOUSE_KEYS: readonly string[] = Object.values(SETTING_NAMES);

/** Never echoed back in an error. */
export const CLEARINGHOUSE_SECRETS: readonly string[] = [SETTING_NAMES.password, SETTING_NAMES.keyPassphrase];

/** The folder pair's trading partner when CLEARINGHOUSE_TRADING_PARTNER is unset. */
export const LOCAL_TRADING_PARTNER = 'local';

export type ClearinghouseSettingsResult =
  | { ok: true; settings: ClearinghouseSettings }
  | { ok: false; problems: { key: string; message: string }[] };

const variableOf = (field: PropertyKey | undefined): string =>
  typeof field === 'string' && field in SETTING_NAMES ? SETTING_NAMES[field as keyof typeof SETTING_NAMES] : SETTING_NAMES.kind;

export function clearinghouseSettingsFrom(raw: Readonly<Record<string, unknown>>): ClearinghouseSettingsResult {
  const input: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(SETTING_NAMES)) if (raw[key] !== undefined) input[field] = raw[key];
  if ((input.kind ?? 'folder') === 'folder') input.tradingPartner ??= LOCAL_TRADING_PARTNER;
  const result = ClearinghouseSettings.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => ({ key: variableOf(issue.path[0]), message: issue.message })) };
}
