// The people and organisations of a stored claim that the claim reader does not keep (names are not on
// SubmittedClaim), read from its original segments: the submitter (1000A), the subscriber (2010BA) and,
// when the patient is a dependent, the patient (2010CA). Names are PHI: data for an outbound file only.
import type { OriginalSegments } from './model';

export interface PersonName {
  lastName: string;
  firstName?: string;
}

export interface OriginalParties {
  /** NM1*41: the submitter's name and its id (NM109, the ETIN the clearinghouse gave it). */
  submitter?: { name: string; id?: string };
  /** NM1*IL. */
  subscriber?: PersonName;
  /** NM1*QC, only when the claim sits under a 2000C patient loop. */
  patient?: PersonName;
}

export function originalParties(original: OriginalSegments): OriginalParties {
  const nm1 = (segments: readonly string[] | undefined, entity: string) =>
    segments?.map((s) => s.split(original.delimiters.element)).find((e) => e[0] === 'NM1' && e[1] === entity);
  const person = (e: string[] | undefined): PersonName | undefined =>
    e?.[3] ? { lastName: e[3], ...(e[4] ? { firstName: e[4] } : {}) } : undefined;
  const submitter = nm1(original.header, '41');
  const subscriber = person(nm1(original.subscriber, 'IL'));
  const patient = person(nm1(original.patient, 'QC'));
  return {
    ...(submitter?.[3] ? { submitter: { name: submitter[3], ...(submitter[9] ? { id: submitter[9] } : {}) } } : {}),
    ...(subscriber ? { subscriber } : {}),
    ...(patient ? { patient } : {}),
  };
}
