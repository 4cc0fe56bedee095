/** Who signs the letters and where each payer takes appeals: configuration, validated at start-up. */
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../../runtime/json-file';
import { PACKAGE_ROOT } from '../../runtime/package-root';
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

/** ORGANIZATION_CONFIG, or the sample clinic of config/organization.json. */
export function loadConfiguredOrganization(config: { ORGANIZATION_CONFIG?: string | undefined }): OrganizationConfig {
  return loadOrganization(config.ORGANIZATION_CONFIG ?? path.join(PACKAGE_ROOT, 'config', 'organization.json'));
}
