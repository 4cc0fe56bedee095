/** Who signs the letters and where each payer takes appeals: configuration, validated at start-up. */
import { z } from 'zod';
import { readJsonFile } from '../../runtime/json-file';
import { PacketPayer, PacketProvider, PacketSigner } from './packet-input';

export const OrganizationConfig = z.object({
  provider: PacketProvider,
  signer: PacketSigner,
  /** By payer id; "*" is used for a payer that is not listed. */
  payers: z.record(z.string(), PacketPayer.omit({ payerClass: true, payerId: true })),
});
export type OrganizationConfig = z.output<typeof OrganizationConfig>;

export function loadOrganization(file: string): OrganizationConfig {
  return readJsonFile('ORGANIZATION_CONFIG', file, OrganizationConfig);
}
