/** Who signs the letters and where each payer takes appeals: configuration, validated at start-up. */
import fs from 'node:fs';
import { z } from 'zod';
import { PacketPayer, PacketProvider, PacketSigner } from './packet-input';

export const OrganizationConfig = z.object({
  provider: PacketProvider,
  signer: PacketSigner,
  /** By payer id; "*" is used for a payer that is not listed. */
  payers: z.record(z.string(), PacketPayer.omit({ payerClass: true, payerId: true })),
});
export type OrganizationConfig = z.output<typeof OrganizationConfig>;

export function loadOrganization(file: string): OrganizationConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`ORGANIZATION_CONFIG ${file}: cannot read it as JSON (${(err as Error).message})`);
  }
  const r = OrganizationConfig.safeParse(raw);
  if (!r.success) throw new Error(`ORGANIZATION_CONFIG ${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}
