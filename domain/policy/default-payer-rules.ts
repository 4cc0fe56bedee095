import raw from '../../config/payer-rules.json';
import { parsePayerRuleSet, type PayerRuleSet } from './payer-rules';

/**
 * The payer rules shipped with the product, bundled at build time (a static import, not I/O, so
 * workflows can use it). Validated once at load: a broken config fails loudly at startup.
 */
export const DEFAULT_PAYER_RULES: PayerRuleSet = parsePayerRuleSet(raw);
