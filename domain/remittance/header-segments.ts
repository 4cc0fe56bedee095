// Segment → model for the 835 header and loops 1000A/1000B/2000. Each function reads one segment's
// elements (e[0] is the segment id).
import { type FieldReader, opt } from './fields';
import {
  type Contact,
  type DateReference,
  type FunctionalGroup,
  type HeaderNumber,
  type Interchange,
  type Party,
  type Payment,
  type Reference,
  type Trace,
} from './model';


/** ISA fields are space padded to fixed width; the padding is not part of the value. */
function isaField(e: readonly string[], i: number): string {
  return (e[i] ?? '').trim();
}

export function readInterchange(e: readonly string[], delimiters: Interchange['delimiters']): Interchange {
  return {
    controlNumber: isaField(e, 13),
    senderQualifier: isaField(e, 5),
    senderId: isaField(e, 6),
    receiverQualifier: isaField(e, 7),
    receiverId: isaField(e, 8),
    date: isaField(e, 9),
    time: isaField(e, 10),
    version: isaField(e, 12),
    usage: isaField(e, 15),
    delimiters,
  };
}

export function readGroup(e: readonly string[]): FunctionalGroup {
  return {
    functionalId: e[1] ?? '',
    senderCode: e[2] ?? '',
    receiverCode: e[3] ?? '',
    date: e[4] ?? '',
    time: e[5] ?? '',
    controlNumber: e[6] ?? '',
    version: e[8] ?? '',
  };
}

export function readPayment(e: readonly string[], f: FieldReader): Payment {
  return {
    handling: e[1] ?? '',
    amount: f.money(e[2], 'BPR', 2, true, false),
    creditDebit: opt(e, 3),
    method: opt(e, 4),
    format: opt(e, 5),
    companyId: opt(e, 10),
    date: f.date(opt(e, 16), 'BPR', 16),
  };
}

export function readTrace(e: readonly string[]): Trace {
  return { type: e[1] ?? '', traceNumber: e[2] ?? '', originatorId: opt(e, 3), supplemental: opt(e, 4) };
}

export function readReference(e: readonly string[]): Reference {
  return { qualifier: e[1] ?? '', value: e[2] ?? '', description: opt(e, 3) };
}

export function readDate(e: readonly string[], f: FieldReader): DateReference {
  return { qualifier: e[1] ?? '', date: f.date(e[2], 'DTM', 2) ?? '', time: opt(e, 3) };
}

export function readContact(e: readonly string[]): Contact {
  const channels: Contact['channels'] = [];
  for (let i = 3; i + 1 < e.length; i += 2) {
    const qualifier = e[i];
    const value = e[i + 1];
    if (qualifier && value) channels.push({ qualifier, value });
  }
  return { function: e[1] ?? '', name: opt(e, 2), channels };
}

export function readParty(e: readonly string[]): Party {
  return {
    entityCode: e[1] ?? '',
    name: opt(e, 2),
    idQualifier: opt(e, 3),
    id: opt(e, 4),
    address: undefined,
    references: [],
    contacts: [],
    remittanceDelivery: undefined,
  };
}

export function applyStreet(party: Party, e: readonly string[]): void {
  const address = (party.address ??= { lines: [] });
  for (let i = 1; i < e.length; i++) {
    const line = e[i];
    if (line) address.lines.push(line);
  }
}

export function applyCity(party: Party, e: readonly string[]): void {
  const address = (party.address ??= { lines: [] });
  address.city = opt(e, 1);
  address.state = opt(e, 2);
  address.postalCode = opt(e, 3);
  address.country = opt(e, 4);
}

export function applyDelivery(party: Party, e: readonly string[]): void {
  party.remittanceDelivery = { method: e[1] ?? '', name: opt(e, 2), address: opt(e, 3) };
}

export function readHeaderNumber(e: readonly string[]): HeaderNumber {
  return { number: e[1] ?? '', providerSummary: undefined, supplementalSummary: undefined };
}
