/**
 * The PHI-free search attributes that drive live worklists. Declared once: workflows upsert them, the
 * launcher registers them on the dev server, clients filter on them.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const DenialStage = defineSearchAttributeKey('DenialStage', SearchAttributeType.KEYWORD);
export const DenialCategory = defineSearchAttributeKey('DenialCategory', SearchAttributeType.KEYWORD);
export const OwnerTeam = defineSearchAttributeKey('OwnerTeam', SearchAttributeType.KEYWORD);
export const AssignedTo = defineSearchAttributeKey('AssignedTo', SearchAttributeType.KEYWORD);
export const PayerId = defineSearchAttributeKey('PayerId', SearchAttributeType.KEYWORD);
export const Route = defineSearchAttributeKey('Route', SearchAttributeType.KEYWORD);
export const AmountAtRisk = defineSearchAttributeKey('AmountAtRisk', SearchAttributeType.DOUBLE);
export const NextDeadline = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);

export const denialSearchAttributes = [DenialStage, DenialCategory, OwnerTeam, AssignedTo, PayerId, Route, AmountAtRisk, NextDeadline];

/** The CLI's `--search-attribute` spelling of each type. */
export const cliTypeName: Record<SearchAttributeType, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};
