/**
 * Sample packet inputs (one per letter template) and generated PDF attachments, shared by the packet tests,
 * the sample render and bench/packets.ts. All people, numbers and addresses are made up.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { DocumentRef, DocumentStore } from '../../services/documents';
import type { AppealPacketInput, LetterTemplateId } from '../../services/packets';

/** A PDF of `pages` pages with a few lines of text each (stands in for a scanned record). */
export async function makePdf(pages: number, label = 'Attachment', size: [number, number] = [612, 792]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage(size);
    page.drawText(`${label}, page ${i} of ${pages}`, { x: 60, y: size[1] - 80, size: 16, font });
    for (let l = 0; l < 12; l++) {
      page.drawText(`Clinical documentation line ${l + 1}: findings, assessment and plan recorded by the treating clinician.`, {
        x: 60,
        y: size[1] - 120 - l * 18,
        size: 10,
        font,
        color: rgb(0.2, 0.2, 0.2),
      });
    }
  }
  return doc.save();
}

export async function storePdf(store: DocumentStore, pages: number, name: string, label = name): Promise<DocumentRef> {
  return store.put(await makePdf(pages, label), { name, contentType: 'application/pdf' });
}

/** PHI values of the sample inputs: the notification and log tests look for them. */
export const SAMPLE_PHI = { patientName: 'Margaret O\u2019Leary-Nguyen', memberId: '1EG4-TE5-MK73', dateOfBirth: '1948-07-19' };

export function baseInput(attachments: { ref: DocumentRef; title: string; description?: string }[] = []): AppealPacketInput {
  return {
    workflowId: 'denial-6f1c2a9e0b7d4c13a5e8',
    category: 'medical_necessity',
    letterDate: '2026-04-14',
    payer: {
      name: 'Example Medicare Administrative Contractor, Jurisdiction F Part B',
      payerClass: 'medicare_ffs',
      payerId: '03302',
      attention: 'Part B Redeterminations',
      address: { street: ['PO Box 6781'], city: 'Fargo', state: 'ND', postalCode: '58108-6781' },
      fax: '(701) 555-0140',
    },
    provider: {
      name: 'Riverside Orthopedic Associates, PC',
      npi: '1234567893',
      tin: '123456789',
      address: { street: ['1200 River Road', 'Suite 300'], city: 'Boise', state: 'ID', postalCode: '83702' },
      phone: '(208) 555-0100',
      fax: '(208) 555-0101',
      email: 'billing@riverside-ortho.example',
    },
    signer: { name: 'Dana Whitfield', title: 'Senior Accounts Receivable Specialist', credentials: 'CPC, CRCR', phone: '(208) 555-0123', email: 'dwhitfield@riverside-ortho.example' },
    patient: { name: SAMPLE_PHI.patientName, memberId: SAMPLE_PHI.memberId, dateOfBirth: SAMPLE_PHI.dateOfBirth },
    claim: {
      patientAccountNumber: 'RA-2026-004417',
      payerClaimControlNumber: '2226030412345',
      serviceDateFrom: '2026-02-09',
      billedCents: 168_500,
      allowedCents: 11_518,
      paidCents: 9_214,
      patientResponsibilityCents: 2_304,
      noticeDate: '2026-03-02',
      checkOrEftNumber: 'EFT 884102277',
      adjustments: [],
      remarks: [],
    },
    serviceLines: [
      {
        line: 1,
        serviceDateFrom: '2026-02-09',
        procedureCode: '99214',
        modifiers: ['25'],
        units: 1,
        billedCents: 18_500,
        allowedCents: 11_518,
        paidCents: 9_214,
        adjustments: [
          { group: 'CO', code: '45', amountCents: 6_982 },
          { group: 'PR', code: '2', amountCents: 2_304 },
        ],
        remarks: [],
      },
      {
        line: 2,
        serviceDateFrom: '2026-02-09',
        procedureCode: '20610',
        modifiers: ['RT'],
        units: 1,
        billedCents: 35_000,
        allowedCents: 0,
        paidCents: 0,
        adjustments: [{ group: 'CO', code: '50', amountCents: 35_000 }],
        remarks: [{ code: 'N115' }],
      },
      {
        line: 3,
        serviceDateFrom: '2026-02-09',
        procedureCode: 'J7325',
        modifiers: ['RT', 'JZ'],
        units: 48,
        billedCents: 115_000,
        allowedCents: 0,
        paidCents: 0,
        adjustments: [{ group: 'CO', code: '50', amountCents: 115_000 }],
        remarks: [{ code: 'N115' }],
      },
    ],
    appeal: { level: 1, name: 'Redetermination (MAC)', kind: 'appeal', payerForm: 'CMS-20027' },
    argument: {
      summary:
        'The patient has radiographically confirmed Kellgren-Lawrence grade 3 osteoarthritis of the right knee with pain that limits walking to less than one block. ' +
        'She completed more than three months of conservative treatment (supervised physical therapy, weight-bearing exercise and scheduled NSAIDs) without adequate relief, ' +
        'and an intra-articular corticosteroid injection on 10/20/2025 gave relief for less than six weeks. These facts satisfy each indication for hyaluronan injection in the applicable LCD.',
      points: [
        'Weight-bearing radiographs of 01/12/2026 show joint-space narrowing and osteophytes (grade 3).',
        'Physical therapy notes document 14 visits from 09/2025 to 12/2025 with no functional improvement.',
        'The WOMAC pain score was 14/20 at the visit of 02/09/2026.',
      ],
      references: ['LCD L39529, Hyaluronic Acid Injections for Knee Osteoarthritis (indications 1-4)', 'Medicare Claims Processing Manual, Chapter 12, section 30.6.6 (modifier 25)'],
    },
    facts: {
      diagnoses: [
        { code: 'M17.11', description: 'Unilateral primary osteoarthritis, right knee' },
        { code: 'M25.561', description: 'Pain in right knee' },
      ],
      treatingProvider: 'Alan Reyes, MD (NPI 1234567893)',
    },
    corrections: [],
    attachments,
  };
}

/** One complete input per letter template. */
export function inputFor(template: LetterTemplateId, attachments: { ref: DocumentRef; title: string; description?: string }[] = []): AppealPacketInput {
  const base = baseInput(attachments);
  const commercial = {
    ...base.payer,
    name: 'Summit Health Plan',
    payerClass: 'commercial' as const,
    payerId: '87726',
    attention: 'Provider Appeals',
    address: { street: ['PO Box 30555'], city: 'Salt Lake City', state: 'UT', postalCode: '84130-0555' },
  };
  switch (template) {
    case 'underpayment':
      // 99214-25 allowed $115.18 where the contract says $142.00: $26.82 short; no denial code explains it.
      return {
        ...base,
        category: 'contractual',
        template: 'underpayment',
        payer: commercial,
        appeal: { level: 1, name: 'Payment dispute review', kind: 'reconsideration' },
        serviceLines: [base.serviceLines![0]!],
        disputedLines: [1],
        claim: { ...base.claim, billedCents: 18_500, amountInDisputeCents: 2_682 },
        argument: { points: [], references: [] },
        facts: { diagnoses: [] },
        underpayment: { basis: 'contract', lines: [{ line: 1, procedure: '99214-25', expectedCents: 14_200, allowedCents: 11_518, paidCents: 9_214, varianceCents: 2_682 }] },
      };
    case 'medical-necessity':
      return base;
    case 'coding':
      return {
        ...base,
        category: 'bundling',
        payer: commercial,
        appeal: { level: 1, name: 'Claim reconsideration', kind: 'reconsideration' },
        serviceLines: [
          { ...base.serviceLines![0]!, adjustments: [{ group: 'CO', code: '97', amountCents: 18_500 }], remarks: [{ code: 'M15' }], paidCents: 0, allowedCents: 0 },
          { ...base.serviceLines![1]!, adjustments: [{ group: 'CO', code: '45', amountCents: 12_000 }], remarks: [], paidCents: 23_000, allowedCents: 23_000 },
        ],
        claim: { ...base.claim, billedCents: 53_500, paidCents: 23_000, allowedCents: 23_000 },
        argument: {
          summary:
            'The evaluation and management service on line 1 was significant and separately identifiable from the knee injection on line 2: the patient was also evaluated for new left shoulder pain, with a separate history, examination and plan.',
          points: [],
          references: ['NCCI Policy Manual for Medicare Services, Chapter 11, section B (evaluation and management services with minor procedures)', 'CPT guidelines for modifier 25'],
        },
        corrections: [{ line: 1, field: 'Diagnosis pointer', from: 'M17.11', to: 'M75.102, M25.512', reason: 'Link the E/M service to the shoulder diagnoses it addressed.' }],
      };
    case 'authorization':
      return {
        ...base,
        category: 'authorization',
        payer: commercial,
        appeal: { level: 1, name: 'Claim reconsideration', kind: 'reconsideration' },
        serviceLines: [{ ...base.serviceLines![0]!, procedureCode: '73721', modifiers: ['RT'], adjustments: [{ group: 'CO', code: '197', amountCents: 18_500 }], remarks: [{ code: 'N54' }], paidCents: 0, allowedCents: 0 }],
        claim: { ...base.claim, billedCents: 18_500, paidCents: 0, allowedCents: 0 },
        argument: { points: [], references: [] },
        facts: { authorizationNumber: 'A26-0193844', authorizationDate: '2026-01-30', authorizationSource: 'the payer\u2019s provider portal', authorizationReference: 'call 55102' },
      };
    case 'timely-filing':
      return {
        ...base,
        category: 'timely_filing',
        payer: { ...commercial, payerClass: 'commercial' },
        appeal: { level: 1, name: 'Claim reconsideration', kind: 'reconsideration' },
        serviceLines: [{ ...base.serviceLines![0]!, adjustments: [{ group: 'CO', code: '29', amountCents: 18_500 }], remarks: [], paidCents: 0, allowedCents: 0 }],
        claim: { ...base.claim, billedCents: 18_500, paidCents: 0, allowedCents: 0 },
        argument: { points: [], references: [] },
        facts: { originalSubmissionDate: '2026-02-11', acceptanceReference: '277CA 000184432', payerReceivedDate: '2026-02-12', clearinghouseName: 'Example Clearinghouse' },
      };
    case 'duplicate':
      return {
        ...base,
        category: 'duplicate',
        payer: commercial,
        appeal: { level: 1, name: 'Claim reconsideration', kind: 'reconsideration' },
        serviceLines: [{ ...base.serviceLines![1]!, modifiers: ['LT'], adjustments: [{ group: 'OA', code: '18', amountCents: 35_000 }], remarks: [] }],
        claim: { ...base.claim, billedCents: 35_000, paidCents: 0, allowedCents: 0 },
        argument: { points: [], references: [] },
        facts: {
          relatedClaimControlNumber: '2226030412001',
          distinguishingFacts: 'Claim 2226030412001 reports the injection of the right knee (modifier RT). This claim reports the injection of the left knee (modifier LT), performed at the same visit and documented separately in the procedure note.',
        },
      };
    case 'coordination-of-benefits':
      return {
        ...base,
        category: 'coordination_of_benefits',
        payer: commercial,
        appeal: { level: 1, name: 'Claim reconsideration', kind: 'reconsideration' },
        serviceLines: [{ ...base.serviceLines![0]!, adjustments: [{ group: 'OA', code: '22', amountCents: 18_500 }], remarks: [{ code: 'MA04' }], paidCents: 0, allowedCents: 0 }],
        claim: { ...base.claim, billedCents: 18_500, paidCents: 0, allowedCents: 0 },
        argument: { points: [], references: [] },
        facts: { primaryPayerName: 'Granite Mutual Insurance', otherCoverageEndDate: '2025-12-31', coverageOrderSource: 'the patient\u2019s coordination-of-benefits questionnaire of 02/09/2026 and the employer\u2019s termination notice' },
      };
    case 'generic':
      return {
        ...base,
        category: 'eligibility',
        template: 'generic',
        payer: { ...commercial, payerClass: 'medicaid', name: 'Idaho Medicaid Example Plan' },
        appeal: { level: 1, name: 'State Medicaid reconsideration / administrative review', kind: 'reconsideration' },
        serviceLines: [{ ...base.serviceLines![0]!, adjustments: [{ group: 'CO', code: '27', amountCents: 18_500 }], remarks: [], paidCents: 0, allowedCents: 0 }],
        claim: { ...base.claim, billedCents: 18_500, paidCents: 0, allowedCents: 0 },
        argument: {
          summary: 'The member was eligible on the date of service. The enclosed eligibility response (271) obtained on 02/09/2026 shows active coverage from 01/01/2026 with no end date, and the retroactive termination was later reversed by the State.',
          points: [],
          references: [],
        },
      };
  }
}
