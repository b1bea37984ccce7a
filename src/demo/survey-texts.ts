/**
 * The words of the demo staff survey: what respondents read before, around and after the
 * questions, and the fictional comments the demo's respondents write in the two open questions.
 * Survey texts are plain text; a blank line starts a new paragraph.
 */

const aboutTheSurvey = [
  'This survey asks what you think about one change: the bringing together of eight improvement programmes and eight regional development centres into one partnership in 2005. When a question says "this change", it means that.',
  'There are no right or wrong answers. Please answer for the part of the partnership you know best. It takes about 10 minutes. You can skip any question, and you can save your answers and come back later.',
  'The survey is anonymous. We do not record your name, your e-mail address or when you answered, so no one, including us, can tell which answers are yours.',
];

export const mainWelcome = [
  'Thank you for taking part in this year’s staff survey.',
  ...aboutTheSurvey,
  'We ask the same questions every year, so that we can see how things change as the partnership develops.',
].join('\n\n');

export const pilotWelcome = [
  'Thank you for helping us try out the staff survey before it goes to everyone.',
  'You are one of 30 members of staff chosen at random for this trial run. Your answers help us find questions that are unclear or hard to answer, and they count as real answers too.',
  ...aboutTheSurvey,
].join('\n\n');

export const privacyNotice = [
  'Who runs this survey: the independent evaluation team at the University of Westbridge, as part of the evaluation of the Care Services Improvement Partnership. The partnership does not run the survey and never sees your individual answers.',
  'What we keep: only your answers. We do not keep your name, e-mail address, computer address or the time you answered.',
  'How we report: we publish results only for groups of five or more people, so that no one can be picked out. If you write a comment, we may quote it in a report, with the names of people, places and programmes taken out.',
  'How long we keep it: until the end of the evaluation in March 2008. After that we keep only summary tables.',
  'Taking part is up to you. If you have a question or a concern, write to the evaluation team at evaluation@westbridge.example.ac.uk, or to the University of Westbridge research ethics committee (reference REC 05/117).',
].join('\n\n');

export const thankYou = [
  'Thank you. Your answers have been saved.',
  'We will share what the survey found with all staff, in a short summary, once the survey has closed.',
].join('\n\n');

/** What helps the change, in any year. Some name programmes, as real comments do, so quotes need names taken out. */
export const helpsComments: readonly string[] = [
  'Regional staff meet every month, so we hear what the other programmes are doing.',
  'Our programme lead explains the reasons for the changes at every team meeting.',
  'Working with Change for Children on a joint project showed what we can do together.',
  'Having one finance system instead of eight.',
  'The shared intranet makes it easier to find out who does what.',
  'Goodwill among staff who have been through reorganisations before.',
  'The MHI regional leads are keen to work with the other programmes.',
  'Being asked for our views, as in this survey.',
  'Cross-programme workshops at the regional development centre.',
  'A clear business plan for the year.',
  'Colleagues from the Valuing People Support Team sharing what they know about working with councils.',
  'Nothing much yet, to be honest.',
];

/** By Year 3 staff involvement has improved, and some say so. */
export const helpsCommentsLater: readonly string[] = [
  'Staff reference groups now have a real say in how the work is planned.',
  'The planning round this year asked every team for ideas, and some of them were used.',
  'We are told about decisions before they are announced, which was not the case before.',
];

/** What holds the change back, in any year. */
export const hindersComments: readonly string[] = [
  'Too many changes at once, and nobody says which ones matter most.',
  'The Mental Health Institute has most of the money and the rest of us feel like an afterthought.',
  'Each programme still has its own way of doing things and its own reports.',
  'Staff in the regions hear about decisions after they are made.',
  'Not knowing whether our posts will exist next year.',
  'The national office and the regions do not talk to each other enough.',
  'Time. We are expected to do this on top of the day job.',
  'ICES and ICN are so small that their work gets lost in the bigger picture.',
  'Too many meetings about the merger and not enough about the work itself.',
  'Health in Criminal Justice works with different partners, so the joint plans do not fit us.',
  'Different terms and conditions for staff who came from different organisations.',
  'No one can tell us whether the changes make any difference to services.',
];

/** Year 2 follows a budget cut, and the comments show it. */
export const hindersCommentsAfterCut: readonly string[] = [
  'The budget cut this year means projects have stopped half way through.',
  'Since the cut in funding, posts are left empty and the rest of us cover.',
  'We lost our administrator in the savings round, so the change work is the first thing to go.',
  'The CAMHS work was cut back with no explanation of why.',
];
