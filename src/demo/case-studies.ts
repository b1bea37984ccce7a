import type { Db } from '../db/database.ts';
import { addContacts } from '../modules/casework/case-studies/timelines.ts';
import { drawCaseFileSample, listCaseFiles, recordExtraction, registerCaseFiles } from '../modules/casework/case-studies/case-files.ts';
import { addCommonCriteria, listCriteria, saveJudgements } from '../modules/casework/case-studies/criteria.ts';
import { addField, createForm, type FieldInput } from '../modules/casework/case-studies/extraction-forms.ts';
import { setSiteMethods } from '../modules/casework/case-studies/method-sites.ts';
import { createSite } from '../modules/casework/case-studies/sites.ts';
import { addStakeholder, type StakeholderCategory } from '../modules/casework/case-studies/stakeholders.ts';
import { listDocuments } from '../modules/documents/service.ts';
import { listUnits } from '../modules/organisation/service.ts';
import { listMethods } from '../modules/plans/methods.ts';
import { listInterviews } from '../modules/qualitative/interviews/interviews.ts';
import { seededRandom, type Random } from './random.ts';
import type { DemoStep } from './step.ts';

/**
 * Four fictional case-study sites — rural, urban, metropolitan and London — each with an
 * improvement project that involved two of the partnership's programmes, the selection criteria
 * judged with evidence, stakeholders of every kind (regional directors linked to their interviews),
 * ten case files of which five were sampled by seed and extracted, and the service career of each
 * sampled file. The step draws from its own seeded generator so that it changes nothing the later
 * steps draw.
 */

const CASE_STUDY_SEED = 2019;
const [LENGTH, AGE, PROGRAMMES] = [0, 1, 2];

type Judged = { judgement: 'met' | 'not-met' | 'unknown'; evidence: string; businessPlan?: boolean };

interface DemoSite {
  name: string;
  siteType: string;
  prefix: string;
  projectTitle: string;
  projectDescription: string;
  startsOn: string;
  endsOn: string;
  status: 'selected' | 'active' | 'completed';
  programmes: string[];
  criteria: Judged[];
  stakeholders: { category: StakeholderCategory; name: string; role: string; organisation: string; interviewed?: boolean }[];
  agencies: string[];
  methods: string[];
}

const sites: DemoSite[] = [
  {
    name: 'Wolds and Coast',
    siteType: 'rural',
    prefix: 'WC',
    projectTitle: 'Crisis response across market towns',
    projectDescription: 'One telephone number and a joint team of mental health nurses and social workers answering crises in five market towns and the villages around them.',
    startsOn: '2005-06-01',
    endsOn: '2006-11-30',
    status: 'active',
    programmes: ['Mental Health Institute', 'Change Agent Team'],
    criteria: [
      { judgement: 'met', evidence: 'Eighteen months from June 2005, by the project plan.' },
      { judgement: 'met', evidence: 'Began two months after the partnership was formed.', businessPlan: true },
      { judgement: 'met', evidence: 'Mental health and workforce programmes both fund staff time.' },
    ],
    stakeholders: [
      { category: 'senior-manager', name: 'Regional director', role: 'Sponsor of the project', organisation: 'Regional development centre', interviewed: true },
      { category: 'senior-manager', name: 'Head of adult mental health', role: 'Project lead', organisation: 'Wolds partnership trust' },
      { category: 'practitioner', name: 'Crisis team nurse', role: 'Team member', organisation: 'Wolds partnership trust' },
      { category: 'community-leader', name: 'Parish council clerk', role: 'Chair of the rural forum', organisation: 'Rural forum' },
      { category: 'service-user-carer', name: 'Carer of a young man with psychosis', role: 'Member of the carers’ group', organisation: 'Carers’ group' },
    ],
    agencies: ['GP', 'Crisis team', 'Police', 'Social care', 'Housing'],
    methods: ['Action learning'],
  },
  {
    name: 'Riverton',
    siteType: 'urban',
    prefix: 'RV',
    projectTitle: 'One equipment store for health and social care',
    projectDescription: 'Merging two equipment stores so that people leaving hospital get beds, hoists and rails delivered within two working days.',
    startsOn: '2005-09-01',
    endsOn: '2006-08-31',
    status: 'completed',
    programmes: ['Integrated Community Equipment Support', 'Integrated Care Network'],
    criteria: [
      { judgement: 'met', evidence: 'Twelve months, September 2005 to August 2006.' },
      { judgement: 'met', evidence: 'Agreed by the joint board in July 2005.' },
      { judgement: 'met', evidence: 'Equipment and integrated care programmes share the project board.' },
    ],
    stakeholders: [
      { category: 'senior-manager', name: 'Regional director', role: 'Member of the project board', organisation: 'Regional development centre', interviewed: true },
      { category: 'senior-manager', name: 'Joint commissioner', role: 'Chair of the project board', organisation: 'Riverton council and primary care trust' },
      { category: 'practitioner', name: 'Occupational therapist', role: 'Prescriber of equipment', organisation: 'Riverton community services' },
      { category: 'community-leader', name: 'Disability forum chair', role: 'Member of the reference group', organisation: 'Riverton disability forum' },
      { category: 'service-user-carer', name: 'Wheelchair user', role: 'Member of the reference group', organisation: 'Riverton disability forum' },
    ],
    agencies: ['Hospital ward', 'Equipment store', 'Social care', 'District nursing'],
    methods: ['Lean thinking', 'Action learning'],
  },
  {
    name: 'Greater Eastburgh',
    siteType: 'metropolitan',
    prefix: 'GE',
    projectTitle: 'Mental health link workers in youth offending teams',
    projectDescription: 'A mental health worker placed in each of four youth offending teams, assessing young people at their first order and referring on.',
    startsOn: '2005-05-01',
    endsOn: '2006-10-31',
    status: 'active',
    programmes: ['Health in Criminal Justice', 'Child and Adolescent Mental Health Support Service'],
    criteria: [
      { judgement: 'met', evidence: 'Eighteen months of funding from May 2005.' },
      { judgement: 'met', evidence: 'The posts were advertised in April 2005.' },
      { judgement: 'met', evidence: 'Jointly led by the criminal justice and child mental health programmes.' },
    ],
    stakeholders: [
      { category: 'senior-manager', name: 'Regional director', role: 'Sponsor of the project', organisation: 'Regional development centre', interviewed: true },
      { category: 'senior-manager', name: 'Youth justice manager', role: 'Project lead', organisation: 'Eastburgh youth offending service' },
      { category: 'practitioner', name: 'Link worker', role: 'Mental health worker', organisation: 'Eastburgh child and adolescent mental health service' },
      { category: 'practitioner', name: 'Youth offending team officer', role: 'Case manager', organisation: 'Eastburgh youth offending service' },
      { category: 'community-leader', name: 'Youth club leader', role: 'Member of the steering group', organisation: 'Eastburgh youth trust' },
      { category: 'service-user-carer', name: 'Parent of a young person on an order', role: 'Parent', organisation: 'Parents’ group' },
    ],
    agencies: ['Youth offending team', 'Child mental health service', 'School', 'Police', 'Social care', 'GP'],
    methods: ['Root cause analysis'],
  },
  {
    name: 'Kingsmere',
    siteType: 'london',
    prefix: 'KM',
    projectTitle: 'Early help for children of parents with mental illness',
    projectDescription: 'Adult mental health teams asking every parent about their children, and a family worker offering early help when the answer calls for it.',
    startsOn: '2005-07-01',
    endsOn: '2006-12-31',
    status: 'selected',
    programmes: ['Mental Health Institute', 'Change for Children'],
    criteria: [
      { judgement: 'met', evidence: 'Eighteen months, July 2005 to December 2006.' },
      { judgement: 'unknown', evidence: 'A pilot may have run in one team before the partnership was formed: to be checked with the trust.' },
      { judgement: 'met', evidence: 'Adult mental health and children’s programmes both named in the bid.' },
    ],
    stakeholders: [
      { category: 'senior-manager', name: 'Regional director', role: 'Sponsor of the project', organisation: 'London development centre', interviewed: true },
      { category: 'practitioner', name: 'Family worker', role: 'Family worker', organisation: 'Kingsmere children’s services' },
      { category: 'community-leader', name: 'Faith leader', role: 'Member of the advisory panel', organisation: 'Kingsmere faith forum' },
      { category: 'service-user-carer', name: 'Young carer', role: 'Member of the young carers’ project', organisation: 'Kingsmere young carers' },
    ],
    agencies: ['Community mental health team', 'Children’s social care', 'School', 'Health visitor'],
    methods: [],
  },
];

const form: { name: string; description: string; fields: FieldInput[] } = {
  name: 'Case file review',
  description: 'Read each sampled case file from the first referral to twelve months on.',
  fields: [
    { label: 'Date of first referral', fieldType: 'date', required: true },
    { label: 'Age band at referral', fieldType: 'choice', options: ['Under 18', '18 to 64', '65 and over'], required: true },
    { label: 'Number of agencies involved', fieldType: 'number', required: true },
    { label: 'Care plan shared between agencies', fieldType: 'yes-no', required: true },
    { label: 'Outcome at twelve months', fieldType: 'choice', options: ['Improved', 'No change', 'Worse', 'Not recorded'] },
    { label: 'Reviewer’s note', fieldType: 'text' },
  ],
};

const contactKinds = ['Referral', 'Assessment', 'Review', 'Visit', 'Telephone call'];
const notes = ['Seen the same week', 'Waited for a joint visit', 'Letter only', 'Shared plan agreed', ''];

/** Contacts in date order, with 3 to 6 of the site's agencies, starting at the referral. */
function career(random: Random, agencies: readonly string[], referredOn: string) {
  const used = agencies.slice(0, Math.min(agencies.length, random.int(3, 6)));
  const end = new Date(Date.parse(`${referredOn}T00:00:00Z`) + 365 * 86_400_000).toISOString().slice(0, 10);
  const contacts = used.flatMap((agency, i) => Array.from({ length: random.int(1, 2) }, () => ({
    contactedOn: i === 0 ? referredOn : random.date(referredOn, end),
    agency,
    kind: i === 0 ? 'Referral' : random.pick(contactKinds),
    note: random.pick(notes),
  })));
  return contacts.sort((a, b) => a.contactedOn.localeCompare(b.contactedOn));
}

async function judgeCriteria(db: Db, leadUserId: string, evaluationId: string, siteId: string, judged: Judged[], businessPlanId: string | null) {
  const criteria = await listCriteria(db, evaluationId);
  const order = [LENGTH, AGE, PROGRAMMES];
  await saveJudgements(db, leadUserId, evaluationId, siteId, order.map((index) => ({
    criterionId: criteria[index]!.id,
    judgement: judged[index]!.judgement,
    evidence: judged[index]!.evidence,
    documentId: judged[index]!.businessPlan ? businessPlanId : null,
  })));
}

export const caseStudiesStep: DemoStep = {
  name: 'case studies',
  async run({ db, evaluationId, leadUserId }) {
    const random = seededRandom(CASE_STUDY_SEED);
    const units = await listUnits(db, evaluationId);
    const unitId = (name: string) => units.find((u) => u.name === name)!.id;
    const methods = await listMethods(db, evaluationId);
    const directors = (await listInterviews(db, evaluationId)).filter((i) => i.roleCategory === 'Regional director');
    const businessPlan = (await listDocuments(db, evaluationId)).find((d) => d.kind === 'business-plan');
    await addCommonCriteria(db, leadUserId, evaluationId);
    const reviewForm = await createForm(db, leadUserId, evaluationId, { name: form.name, description: form.description });
    const fields = [];
    for (const field of form.fields) fields.push(await addField(db, leadUserId, evaluationId, reviewForm.id, field));

    const counts = { caseStudySites: 0, stakeholders: 0, caseFiles: 0, extracted: 0, contacts: 0 };
    for (const [index, demo] of sites.entries()) {
      const site = await createSite(db, leadUserId, evaluationId, {
        name: demo.name, siteType: demo.siteType, projectTitle: demo.projectTitle, projectDescription: demo.projectDescription,
        startsOn: demo.startsOn, endsOn: demo.endsOn, status: demo.status, unitIds: demo.programmes.map(unitId),
      });
      counts.caseStudySites++;
      await judgeCriteria(db, leadUserId, evaluationId, site.id, demo.criteria, businessPlan?.id ?? null);
      for (const person of demo.stakeholders) {
        const interviewId = person.interviewed ? (directors[index]?.id ?? null) : null;
        await addStakeholder(db, leadUserId, evaluationId, site.id, { category: person.category, name: person.name, role: person.role, organisation: person.organisation, interviewId });
        counts.stakeholders++;
      }
      const used = methods.filter((m) => demo.methods.includes(m.name)).map((m) => m.id);
      if (used.length) await setSiteMethods(db, leadUserId, evaluationId, site.id, used);

      counts.caseFiles += await registerCaseFiles(db, leadUserId, evaluationId, site.id, { references: Array.from({ length: 10 }, (_, i) => `${demo.prefix}-${String(i + 1).padStart(3, '0')}`) });
      await drawCaseFileSample(db, leadUserId, evaluationId, site.id, { size: 5, seed: String(2006 + index) });
      for (const file of (await listCaseFiles(db, evaluationId, site.id)).filter((f) => f.sampleId)) {
        const referredOn = random.date(demo.startsOn, '2006-03-31');
        const contacts = career(random, demo.agencies, referredOn);
        const answers = [
          referredOn,
          demo.prefix === 'GE' ? 'Under 18' : random.pick(['18 to 64', '18 to 64', '65 and over']),
          String(new Set(contacts.map((c) => c.agency)).size),
          random.chance(0.6) ? 'yes' : 'no',
          random.pick(['Improved', 'Improved', 'No change', 'Worse', 'Not recorded']),
          random.chance(0.4) ? 'Two agencies assessed the same need within a month.' : '',
        ];
        await recordExtraction(db, leadUserId, evaluationId, site.id, file.id, reviewForm.id, Object.fromEntries(fields.map((f, i) => [f.id, answers[i]])));
        counts.extracted++;
        counts.contacts += await addContacts(db, leadUserId, evaluationId, site.id, file.id, contacts);
      }
    }
    return counts;
  },
};
