/**
 * The few envelope fields that tell what an X12 file is: ST01 (the transaction set), ST03 and GS08 (the
 * implementation guide). Only the envelope is read; nothing from the claims themselves.
 */
export interface X12Envelope {
  /** ST01: 835, 277, 999, 837, 276… */
  transactionSet: string;
  /** GS08, or ST03 when GS is missing: e.g. 005010X214 for the 277CA. */
  guide: string | undefined;
}

/** ISA is fixed-width: the element separator is its 4th character, the segment terminator its 106th. */
function separators(text: string): { element: string; segment: string } {
  if (text.startsWith('ISA') && text.length >= 106) return { element: text[3]!, segment: text[105]! };
  return { element: '*', segment: '~' };
}

/** The envelope sits at the top: a remittance of many megabytes need not be split whole to find it. */
const ENVELOPE_CHARS = 8192;

export function x12EnvelopeOf(text: string): X12Envelope | undefined {
  const body = text.slice(0, ENVELOPE_CHARS).replace(/^\uFEFF/, '').trimStart();
  const { element, segment } = separators(body);
  let gs08: string | undefined;
  // The first ST is enough: a file from the clearinghouse holds one kind of transaction set.
  for (const raw of body.split(segment)) {
    const fields = raw.trim().split(element);
    if (fields[0] === 'GS' && gs08 === undefined) gs08 = fields[8]?.trim() || undefined;
    if (fields[0] === 'ST') {
      const transactionSet = fields[1]?.trim();
      if (!transactionSet) return undefined;
      return { transactionSet, guide: gs08 ?? (fields[3]?.trim() || undefined) };
    }
  }
  return undefined;
}
