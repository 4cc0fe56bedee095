/**
 * What the denial workflow asks of the packet activity: the patient identity the letter needs travels
 * here, inside the encrypted payload, and nowhere else.
 */
import type { DenialCase } from '../denial-case';
import type { Route } from '../policy';
import type { Correction, DocumentRef } from './tasks';

export interface AppealPacketRequest {
  workflowId: string;
  denial: DenialCase;
  patient: { name?: string; memberId?: string };
  appealLevel: number;
  route: Route;
  category: string;
  documents: (DocumentRef & { description?: string })[];
  corrections: Correction[];
  argument?: string;
  letterDate: string;
}

export interface AppealPacketResult {
  ref: DocumentRef;
  pages: number;
}
