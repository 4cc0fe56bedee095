/**
 * The sender and receiver ids (ISA06/GS02, ISA08/GS03) of a file for the clearinghouse: our trading
 * partner id, and CLEARINGHOUSE_RECEIVER_ID or else the payer's id. X12 takes 15 characters at most;
 * a longer one is refused naming the variable to set.
 */
import { CLEARINGHOUSE_SETTING_NAMES as S, type ClearinghouseSettings } from '../../runtime/clearinghouse';

export const ISA_ID_MAX = 15;

export function interchangeIds(settings: Pick<ClearinghouseSettings, 'tradingPartner' | 'receiverId'>, payerId: string): { senderId: string; receiverId: string } | { problem: string } {
  if (settings.tradingPartner.length > ISA_ID_MAX) return { problem: `${S.tradingPartner} is longer than the ${ISA_ID_MAX} characters of an interchange sender id (ISA06).` };
  const receiverId = settings.receiverId ?? payerId;
  if (receiverId.length > ISA_ID_MAX) return { problem: `The payer id is longer than the ${ISA_ID_MAX} characters of an interchange receiver id (ISA08): set ${S.receiverId}.` };
  return { senderId: settings.tradingPartner, receiverId };
}
