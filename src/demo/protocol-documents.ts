/**
 * The demo's study documents and the events in the partnership's outer context. Written for the
 * demo: every organisation, person, date and source here is invented.
 */

export const informationLeaflet = {
  title: 'Evaluation of the partnership: information for people we interview',
  body: `# What is this study about?
The partnership was formed in 2005 by bringing eight improvement programmes together. Its funder has asked an independent team to follow the change for three years and to report, while the change is still going on, what is helping it and what is holding it back.

# Why are we asking you?
You hold a senior role in the partnership or work closely with it. We would like to hear how you see the changes, in your own words.

# What would taking part involve?
- One interview of about an hour, face to face or by telephone, at a time that suits you
- With your agreement, the interview is recorded and typed up
- You can stop the interview, or withdraw, at any time without giving a reason

# What happens to what you tell us?
Recordings are kept on encrypted storage and deleted once the transcript has been checked. Reports quote people only as "Senior Manager", and the names of programmes are replaced by "[name of programme]".

# Who can I contact?
The evaluation team, on the telephone number and e-mail address printed on the covering letter.`,
};

/** The leaflet as revised after the ethics committee's conditions. */
export const informationLeafletRevised = {
  title: informationLeaflet.title,
  body: informationLeaflet.body.replace(
    'The evaluation team, on the telephone number and e-mail address printed on the covering letter.',
    'The evaluation team, on the telephone number and e-mail address printed on the covering letter. If you have a concern about how the study is run, you can also write to the chair of the university research ethics committee.',
  ),
  changeNote: "Added the ethics committee's contact, as its conditions asked",
};

export const consentForm = {
  title: 'Consent to take part in an interview',
  body: `# Consent form
Please tick each box you agree with, then sign below.

[ ] I have read the information leaflet and had the chance to ask questions
[ ] I understand that taking part is voluntary and that I can withdraw at any time
[ ] I agree to the interview being recorded and typed up
[ ] I agree to be quoted as "Senior Manager", without my name or programme

Name:
Signature:
Date:`,
};

export const contactSheet = {
  title: 'Interview contact sheet',
  body: `# Contact sheet
Complete one sheet for each person invited to an interview.

Name and role:
Date of first contact:
How contacted (letter, e-mail, telephone, voicemail):
Reminder sent on:
Outcome (agreed, declined, no reply):
Interview date and place:`,
};

export type DemoContextEvent = {
  kind: 'policy' | 'review' | 'budget' | 'media' | 'other';
  title: string;
  date: string;
  description: string;
  source: string;
};

export const contextEvents: readonly DemoContextEvent[] = [
  {
    kind: 'review',
    title: 'The partnership is formed from eight improvement programmes',
    date: '2005-04-01',
    description: 'Eight national programmes and their regional teams come under one body, with eight regional development centres.',
    source: 'Departmental circular on the partnership (fictional), March 2005',
  },
  {
    kind: 'review',
    title: "Departmental review of arm's-length bodies announced",
    date: '2005-07',
    description: 'The department announces that it will review all the bodies it funds at arm’s length, with a view to fewer and smaller ones.',
    source: 'Department press notice (fictional), July 2005',
  },
  {
    kind: 'budget',
    title: 'Programme budgets for 2006/07 to be reduced',
    date: '2005-11-15',
    description: 'A letter to the partnership warns that programme budgets will fall in the next financial year.',
    source: 'Letter from the department to the partnership’s chief executive (fictional), 15 November 2005',
  },
  {
    kind: 'budget',
    title: 'Budget for 2006/07 set at 8% below the year before',
    date: '2006-03',
    description: 'The reduction falls mostly on the smaller programmes; the mental health programme keeps most of its budget.',
    source: 'Partnership board papers (fictional), March 2006',
  },
  {
    kind: 'media',
    title: 'Trade press asks whether the partnership has a future',
    date: '2006-05-10',
    description: 'A feature article quotes unnamed staff worried about the review and about jobs in the regional centres.',
    source: 'Care Services Weekly (fictional), 10 May 2006',
  },
  {
    kind: 'review',
    title: 'Review recommends fewer, larger improvement bodies',
    date: '2006-07-20',
    description: "The review of arm's-length bodies reports, recommending that improvement programmes be merged further.",
    source: "Report of the review of arm's-length bodies (fictional), July 2006",
  },
  {
    kind: 'review',
    title: 'Reorganisation announced: regional centres to move to a new national body',
    date: '2006-10-02',
    description: 'The regional development centres are to transfer to a new national body from April 2008.',
    source: 'Ministerial statement (fictional), 2 October 2006',
  },
  {
    kind: 'policy',
    title: 'White paper on health and social care in the community',
    date: '2007-01-30',
    description: 'The white paper sets new priorities for community services that several programmes were set up to support.',
    source: 'White paper (fictional), January 2007',
  },
  {
    kind: 'media',
    title: 'National newspaper reports job losses at improvement bodies',
    date: '2007-06',
    description: 'The article names the partnership among bodies expected to shed posts.',
    source: 'The Daily Record (fictional), June 2007',
  },
  {
    kind: 'budget',
    title: 'Funding extended for one year only',
    date: '2008-03-31',
    description: 'The partnership is funded for 2008/09 while the new national body is set up.',
    source: 'Letter from the department (fictional), 31 March 2008',
  },
];
