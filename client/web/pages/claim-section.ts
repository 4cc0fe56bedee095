/**
 * The denial page's "The claim as sent, with your corrections" (corrected-claim route): the claim's header,
 * diagnoses and service lines as the practice sent them, a value the specialist's corrections change
 * struck through with its corrected value beside it, and the corrections the claim cannot carry.
 */
import type { ShownValue } from '../../../domain/claims/claim-under-correction';
import type { ClaimFrequency } from '../../../domain/policy/routes';
import type { ClaimUnderCorrectionOnFile } from '../../denials/claim-under-correction';
import { claimHeaderRows, NO_CLAIM_ON_FILE, notAppliedText } from '../../denials/claim-under-correction-text';
import { html, type Html } from './html';

const none = (v: string) => v || 'none';

function value(v: ShownValue): Html {
  return v.corrected === undefined ? html`${none(v.sent)}` : html`<del>${none(v.sent)}</del> <ins>${none(v.corrected)}</ins>`;
}

const SENT_AS: Record<ClaimFrequency, string> = {
  '7': "The workflow sends it as a replacement (frequency 7) naming the payer's claim.",
  '8': 'The route voids the claim (frequency 8): it goes out as sent, and a void carries none of the corrections.',
  '1': 'The route asks for a new claim (frequency 1): the billing system sends it, with these corrections.',
};

export function claimSection(onFile: ClaimUnderCorrectionOnFile | undefined, frequency: ClaimFrequency): Html {
  const heading = html`<h2 id="claim-h">The claim as sent, with your corrections</h2>`;
  if (!onFile || onFile.status === 'unreadable') {
    const why = onFile ? `The stored claim ${onFile.claimId} cannot be read back: build the corrected claim in the billing system.` : NO_CLAIM_ON_FILE;
    return html`<section aria-labelledby="claim-h" data-testid="claim-under-correction">${heading}<p class="muted">${why}</p></section>`;
  }
  const c = onFile.claim;
  return html`<section aria-labelledby="claim-h" data-testid="claim-under-correction">${heading}
  <p class="muted">Claim ${onFile.claimId}. A corrected value shows as <del>sent</del> <ins>corrected</ins>. ${SENT_AS[frequency]}</p>
  ${c.problem ? html`<p class="error" role="alert">These corrections cannot be put into the claim: ${c.problem}</p>` : ''}
  <table class="claim-header"><tbody>${claimHeaderRows(c).map((r) => html`<tr><th scope="row">${r.label}</th><td>${value(r.value)}</td></tr>`)}
    <tr><th scope="row">Diagnoses (pointer: code)</th><td>${c.diagnoses.length ? c.diagnoses.map((d, i) => html`${i ? ', ' : ''}${d.pointer}: ${value(d.code)}`) : 'none'}</td></tr>
  </tbody></table>
  <table class="claim-lines"><thead><tr><th>Line</th>${c.kind === 'institutional' ? html`<th>Revenue code</th>` : ''}<th>Procedure</th><th>Modifiers</th><th class="num">Units</th><th class="num">Charge</th><th>Diagnosis pointers</th></tr></thead><tbody>
  ${c.lines.map(
    (l) =>
      html`<tr><td>${l.number}</td>${l.revenueCode ? html`<td>${value(l.revenueCode)}</td>` : ''}<td>${value(l.procedure)}</td><td>${value(l.modifiers)}</td><td class="num">${value(l.units)}</td><td class="num">${value(l.charge)}</td><td>${value(l.diagnosisPointers)}</td></tr>`,
  )}
  </tbody></table>
  ${c.notApplied.length ? html`<p>Not applied: the claim's segments cannot carry these; change them in the billing system or with the payer.</p><ul data-testid="not-applied">${c.notApplied.map((n) => html`<li>${notAppliedText(n)}</li>`)}</ul>` : ''}
</section>`;
}
