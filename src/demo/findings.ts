import type { Db } from '../db/database.ts';
import { listDocuments } from '../modules/documents/service.ts';
import { listContextEvents } from '../modules/evaluations/protocol/context-events.ts';
import { createFinding, createRecommendation, linkEvidence, listFindings, type EvidenceInput, type FindingInput } from '../modules/findings/service.ts';
import { surveyChoices } from '../modules/findings/result-specs.ts';
import { listQuotes } from '../modules/qualitative/quotes/service.ts';
import { listCodes, segmentsForCode, type Code } from '../modules/qualitative/service.ts';
import { listAnalysableSurveys } from '../modules/results/service.ts';
import type { DemoStep } from './step.ts';

/**
 * The demo's emerging findings, as the team drafted them for the interim report: eight statements
 * about what helps and what holds back the merger, each tagged with Greenhalgh constructs and
 * backed by the demo's own quotes, coded segments, survey results, documents, plan and budget
 * analyses and context events — including evidence that cuts the other way — and four
 * recommendations that follow from them. Everything is found through the modules' services and
 * chosen by rule, not by chance, so the same demo always gets the same findings.
 */

const FRAMEWORK = 'greenhalgh-2004';

type Want =
  | { kind: 'quote' | 'coding'; construct: string; valence?: string; stance?: 'supports' | 'contradicts'; note?: string }
  | { kind: 'survey'; view: 'scale-by-unit' | 'wave-change'; scale: string; main?: 'first' | 'last'; stance?: 'supports' | 'contradicts'; note?: string }
  | { kind: 'document'; title: string; stance?: 'supports' | 'contradicts'; note?: string }
  | { kind: 'context'; title: string; stance?: 'supports' | 'contradicts'; note?: string }
  | { kind: 'plans'; view: 'cross-cutting' | 'theme-matrix' | 'programmes-by-year'; note?: string }
  | { kind: 'budget'; view: 'concentration' | 'change'; note?: string };

interface DemoFinding extends Omit<FindingInput, 'constructIds'> {
  constructs: string[];
  evidence: Want[];
}

export const demoFindings: readonly DemoFinding[] = [
  {
    statement: 'Senior managers accept that the programmes had to come together, but many doubt that a merger was the way to do it.',
    detail: 'Most interviewees named a reason for change in their own words; fewer could say what the merger would change for the people their programmes serve.',
    valence: 'mixed',
    strength: 'strong',
    constructs: ['tension-for-change'],
    evidence: [
      { kind: 'coding', construct: 'tension-for-change', valence: 'facilitating' },
      { kind: 'coding', construct: 'tension-for-change', valence: 'inhibiting', stance: 'contradicts', note: 'Sees no need for change in the programme’s own work.' },
      { kind: 'survey', view: 'scale-by-unit', scale: 'tension_for_change', note: 'Staff agree on average that change is needed, in every programme.' },
      { kind: 'context', title: 'The partnership is formed from eight improvement programmes' },
    ],
  },
  {
    statement: 'The programmes still plan and work largely apart: little of the planned work involves more than one of them.',
    valence: 'inhibiting',
    strength: 'strong',
    constructs: ['differentiation', 'decentralisation'],
    evidence: [
      { kind: 'plans', view: 'cross-cutting', note: 'The share of deliverables shared between programmes is small in every plan year.' },
      { kind: 'plans', view: 'programmes-by-year' },
      { kind: 'quote', construct: 'differentiation' },
      { kind: 'document', title: 'Mental Health Institute: headline management plan 2006/07', note: 'Written for one programme; no deliverable names another.' },
    ],
  },
  {
    statement: 'Informal networks between programme leads carry much of the joint work that the formal structure does not.',
    valence: 'facilitating',
    strength: 'moderate',
    constructs: ['social-networks', 'interorganisational-networks'],
    evidence: [
      { kind: 'coding', construct: 'social-networks', valence: 'facilitating' },
      { kind: 'coding', construct: 'interorganisational-networks' },
      { kind: 'plans', view: 'theme-matrix', note: 'Shared themes such as workforce appear in several programmes’ plans.' },
    ],
  },
  {
    statement: 'One programme holds most of the budget, and the smaller programmes have little time or money to spare for joint work.',
    valence: 'inhibiting',
    strength: 'strong',
    constructs: ['dedicated-time-and-resources', 'slack-resources'],
    evidence: [
      { kind: 'budget', view: 'concentration', note: 'One programme holds about three fifths of the budget.' },
      { kind: 'coding', construct: 'dedicated-time-and-resources', valence: 'inhibiting' },
      { kind: 'quote', construct: 'dedicated-time-and-resources' },
      { kind: 'survey', view: 'scale-by-unit', scale: 'time_resources', note: 'Time and resources for change score lowest of the scales.' },
      { kind: 'coding', construct: 'slack-resources', valence: 'facilitating', stance: 'contradicts', note: 'The largest programme says it can lend staff to joint work.' },
    ],
  },
  {
    statement: 'National reviews and budget cuts have made staff cautious about committing to change that takes longer than a year.',
    valence: 'inhibiting',
    strength: 'moderate',
    constructs: ['environmental-stability', 'sociopolitical-climate'],
    evidence: [
      { kind: 'context', title: "Departmental review of arm's-length bodies announced" },
      { kind: 'context', title: 'Budget for 2006/07 set at 8% below the year before' },
      { kind: 'quote', construct: 'environmental-stability' },
      { kind: 'document', title: 'Board minutes, October 2006', note: 'The board asked that work promised to regions be protected in the review.' },
    ],
  },
  {
    statement: 'The chief executive and several programme leads argue for the merger openly and often.',
    valence: 'facilitating',
    strength: 'moderate',
    constructs: ['support-and-advocacy', 'champions'],
    evidence: [
      { kind: 'coding', construct: 'support-and-advocacy', valence: 'facilitating' },
      { kind: 'coding', construct: 'champions', valence: 'facilitating' },
      { kind: 'document', title: 'About the partnership' },
      { kind: 'survey', view: 'wave-change', scale: 'staff_involvement', stance: 'contradicts', note: 'Staff do not feel more involved a year on, despite the advocacy.' },
    ],
  },
  {
    statement: 'Front-line staff feel they were told about the change rather than asked, and training has not kept up.',
    valence: 'inhibiting',
    strength: 'moderate',
    constructs: ['human-resource-issues', 'internal-communication'],
    evidence: [
      { kind: 'survey', view: 'scale-by-unit', scale: 'staff_involvement', note: 'Below the 2004 baseline in most programmes.' },
      { kind: 'quote', construct: 'human-resource-issues' },
      { kind: 'coding', construct: 'internal-communication', valence: 'inhibiting' },
    ],
  },
  {
    statement: 'Few programmes can show what their work achieves: each collects its own measures, in its own way.',
    valence: 'inhibiting',
    strength: 'weak',
    constructs: ['capacity-to-evaluate'],
    evidence: [
      { kind: 'quote', construct: 'capacity-to-evaluate' },
      { kind: 'document', title: 'Annual report 2005/06', note: 'Reports activity, not outcomes.' },
    ],
  },
];

export const demoRecommendations: readonly { text: string; addressedTo: string; findings: number[] }[] = [
  { text: 'Plan work that needs more than one programme jointly, in one plan per year, and give each shared deliverable a lead programme.', addressedTo: 'The board', findings: [1, 2] },
  { text: 'Set aside a share of the budget for work between programmes, so that the smaller programmes can take part.', addressedTo: 'The board and the funder', findings: [3] },
  { text: 'Ask front-line staff what the change should mean for their work before the next plans are written, and fund the training it needs.', addressedTo: 'Programme leads', findings: [0, 6, 5] },
  { text: 'Agree a small set of outcome measures that every programme collects the same way.', addressedTo: 'The performance team', findings: [7] },
];

interface Found {
  codes: Map<string, Code>;
  used: Set<string>;
}

/** A quote or coded segment of a construct, first in the order the services give, not used before. */
async function qualitative(db: Db, evaluationId: string, found: Found, want: Extract<Want, { kind: 'quote' | 'coding' }>): Promise<EvidenceInput | null> {
  const code = found.codes.get(want.construct);
  if (!code) return null;
  if (want.kind === 'quote') {
    const quote = (await listQuotes(db, evaluationId, code.id)).find((q) => q.mayQuote && !found.used.has(q.id));
    if (quote) {
      found.used.add(quote.id);
      // The segment a quote was taken from is not offered again as a coding.
      if (quote.codingId) found.used.add(quote.codingId);
      return { kind: 'quote', quoteId: quote.id };
    }
    // No quote of this construct in the bank: a coded segment of it stands in.
  }
  const segments = await segmentsForCode(db, evaluationId, code.id);
  const segment = segments.find((s) => (!want.valence || s.valence === want.valence) && !found.used.has(s.codingId)) ?? segments.find((s) => !found.used.has(s.codingId));
  if (!segment) return null;
  found.used.add(segment.codingId);
  return { kind: 'coding', codingId: segment.codingId };
}

async function evidenceFor(db: Db, evaluationId: string, found: Found, want: Want): Promise<EvidenceInput | null> {
  switch (want.kind) {
    case 'quote':
    case 'coding':
      return qualitative(db, evaluationId, found, want);
    case 'survey': {
      const main = (await listAnalysableSurveys(db, evaluationId)).filter((s) => s.purpose === 'main' && s.waveId);
      const survey = main[0];
      if (!survey) return null;
      const choices = await surveyChoices(db, evaluationId, survey.id);
      if (!choices.scales.some((s) => s.value === want.scale)) return null;
      if (want.view === 'wave-change') return choices.waves > 1 ? { kind: 'survey-result', surveyId: survey.id, view: 'wave-change', scale: want.scale } : null;
      const by = choices.groupings.find((g) => g.value !== 'wave') ?? choices.groupings[0];
      return by ? { kind: 'survey-result', surveyId: survey.id, view: 'scale-by-unit', by: by.value, scale: want.scale } : null;
    }
    case 'document': {
      const document = (await listDocuments(db, evaluationId)).find((d) => d.title === want.title);
      return document ? { kind: 'document', documentId: document.id } : null;
    }
    case 'context': {
      const event = (await listContextEvents(db, evaluationId)).find((e) => e.title === want.title);
      return event ? { kind: 'context-event', contextEventId: event.id } : null;
    }
    case 'plans':
      return { kind: 'plan-analysis', view: want.view };
    case 'budget':
      return { kind: 'budget-analysis', view: want.view };
  }
}

export const findingsStep: DemoStep = {
  name: 'findings',
  async run({ db, evaluationId, leadUserId }) {
    if ((await listFindings(db, evaluationId)).length) return { findings: 0, evidence: 0, recommendations: 0 };
    const codes = new Map<string, Code>();
    for (const code of await listCodes(db, evaluationId)) {
      if (code.frameworkRef?.startsWith(`${FRAMEWORK}/`)) codes.set(code.frameworkRef.slice(FRAMEWORK.length + 1), code);
    }
    const found: Found = { codes, used: new Set() };
    const ids: string[] = [];
    let evidence = 0;
    for (const { constructs, evidence: wanted, ...input } of demoFindings) {
      const constructIds = constructs.flatMap((c) => (codes.has(c) ? [codes.get(c)!.id] : []));
      const finding = await createFinding(db, leadUserId, evaluationId, { ...input, constructIds });
      ids.push(finding.id);
      for (const want of wanted) {
        const link = await evidenceFor(db, evaluationId, found, want);
        if (!link) continue;
        await linkEvidence(db, leadUserId, evaluationId, finding.id, { ...link, stance: 'stance' in want ? want.stance : 'supports', note: want.note ?? '' });
        evidence += 1;
      }
    }
    for (const r of demoRecommendations) {
      await createRecommendation(db, leadUserId, evaluationId, { text: r.text, addressedTo: r.addressedTo, findingIds: r.findings.map((i) => ids[i]!) });
    }
    return { findings: ids.length, evidence, recommendations: demoRecommendations.length };
  },
};
