import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { addDocument, sourceForCoding, type DocumentInput } from '../modules/documents/service.ts';
import type { DemoStep } from './step.ts';

/**
 * The partnership's documents in the register: two plans as Word documents, a leaflet and a web
 * page as HTML, and text-only entries for a poster, board minutes and a report. Every word here was
 * written for the demo; the organisation, people and addresses are invented.
 */

async function word(title: string, paragraphs: string[]): Promise<Buffer> {
  const children = [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(title)] }), ...paragraphs.map((text) => new Paragraph({ children: [new TextRun(text)] }))];
  return Packer.toBuffer(new Document({ creator: 'Formative demo', title, sections: [{ children }] }));
}

const html = (title: string, body: string) => Buffer.from(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>body { font-family: sans-serif }</style></head>
<body><main>${body}</main><footer><p>Care Services Improvement Partnership (a fictional organisation)</p></footer></body></html>
`);

const businessPlan = [
  'This plan sets out what the partnership will deliver in its first year, after eight improvement programmes were brought together in one organisation.',
  'Our purpose is to help local services for people with mental health problems, people with learning disabilities, children and older people to improve, by spreading what works and supporting those who lead change.',
  'In this first year we will keep the programmes’ existing commitments while we build shared corporate services, a single performance framework and eight regional development centres.',
  'We expect tension between the programmes’ national work and the regions’ local priorities. Programme leads and regional directors will meet monthly to agree where their plans overlap.',
  'Workforce development, commissioning and social inclusion run through every programme. Each will have a lead, and deliverables that touch them will be marked as cross-cutting.',
  'The budget for 2005/06 is £39.4 million. About three fifths of it funds the mental health programme, which brings its own grant commitments from before the merger.',
];

const managementPlan = [
  'The institute’s headline management plan for 2006/07 lists its workstreams, the deliverables in each and the regional centres and other programmes involved.',
  'Acute care: complete the ward improvement toolkit with the Change Agent Team; run four action learning sets for ward managers.',
  'Community services: publish commissioning guidance for crisis resolution with the Integrated Care Network; support two regions to redesign day services.',
  'Social inclusion: agree shared outcome measures with the Valuing People Support Team; fund local employment projects.',
  'Several deliverables were carried over from last year because staff time went into the organisation’s review.',
];

const documents: { entry: DocumentInput; file?: () => Promise<{ fileName: string; content: Buffer }>; code?: boolean }[] = [
  {
    entry: { kind: 'business-plan', title: 'Business plan 2005/06', issuer: 'Care Services Improvement Partnership', issuedOn: '2005-04-01', notes: 'Approved by the board in March 2005.' },
    file: async () => ({ fileName: 'business-plan-2005-06.docx', content: await word('Business plan 2005/06', businessPlan) }),
    code: true,
  },
  {
    entry: { kind: 'management-plan', title: 'Mental Health Institute: headline management plan 2006/07', issuer: 'Mental Health Institute', issuedOn: '2006-05-15' },
    file: async () => ({ fileName: 'mhi-management-plan-2006-07.docx', content: await word('Headline management plan 2006/07', managementPlan) }),
  },
  {
    entry: { kind: 'leaflet', title: 'Improvement support from your regional development centre', issuer: 'North West development centre', issuedOn: '2006-02-01' },
    file: async () => ({
      fileName: 'regional-support-leaflet.html',
      content: html('Improvement support from your regional development centre', `
<h1>Improvement support from your regional development centre</h1>
<p>Your regional development centre helps health and social care services in the region to improve, drawing on all eight of the partnership’s programmes.</p>
<h2>What we offer</h2>
<ul><li>Action learning sets for team leaders</li><li>Facilitated workshops using appreciative inquiry</li><li>Help with measuring change, including statistical process control charts</li></ul>
<p>Ask us before you start a project: we can often put you in touch with a team that has already solved the same problem.</p>`),
    }),
    code: true,
  },
  {
    entry: { kind: 'web-page', title: 'About the partnership', issuer: 'Care Services Improvement Partnership', address: 'https://csip.example.org/about', accessedOn: '2006-09-12' },
    file: async () => ({
      fileName: 'about-the-partnership.html',
      content: html('About the partnership', `
<h1>About the partnership</h1>
<p>The partnership was formed in April 2005 from eight improvement programmes that had worked separately.</p>
<p>It supports change in services for people with mental health problems and learning disabilities, children and families, older people and people in contact with the criminal justice system.</p>
<p>It works nationally through its programmes and locally through eight regional development centres.</p>`),
    }),
  },
  {
    entry: { kind: 'poster', title: 'Learning sets: join one this autumn', issuer: 'Change Agent Team', issuedOn: '2006-08-01', text: 'Learning sets: join one this autumn.\n\nSix meetings, one real problem from your own service, peers who will ask good questions.\n\nSpeak to your regional development centre.' },
  },
  {
    entry: { kind: 'minutes', title: 'Board minutes, October 2006', issuer: 'Board of the partnership', issuedOn: '2006-10-19', text: 'Item 4: organisational review. The chief executive reported that the review would reduce the number of directorates. Members asked that programme work already promised to regions be protected.\n\nItem 5: budget 2006/07. The board noted that the mental health programme’s share had fallen as grants came to an end, and that regional centres would receive more.' },
  },
  {
    entry: { kind: 'report', title: 'Annual report 2005/06', issuer: 'Care Services Improvement Partnership', issuedOn: '2006-07-01', notes: 'Only the printed copy was supplied; the entry records it for the citation.' },
  },
];

export const documentsStep: DemoStep = {
  name: 'documents',
  async run({ db, evaluationId, leadUserId }) {
    let opened = 0;
    for (const document of documents) {
      const entry = await addDocument(db, leadUserId, evaluationId, document.entry, document.file ? await document.file() : undefined);
      if (document.code) {
        await sourceForCoding(db, leadUserId, evaluationId, entry.id);
        opened += 1;
      }
    }
    return { documents: documents.length, documentSources: opened };
  },
};
