import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAim, addQuestion } from '../src/modules/evaluations/protocol/aims.ts';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { loadFramework } from '../src/modules/qualitative/codebook/load-framework.ts';
import { testPassword } from '../test/app.ts';
import { backends } from '../test/databases.ts';
import { useBrowser } from './support/browser.ts';
import { followNavigation } from './support/navigation.ts';
import { useServer } from './support/server.ts';
import { ParagraphPage } from './support/pages/coding-page.ts';
import { EvaluationOverviewPage } from './support/pages/evaluation-overview-page.ts';
import { FrameworkMatrixPage, InterviewScreen, InterviewsPage, quotesShown, TranscriptPage } from './support/pages/interview-pages.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';

const browser = useBrowser();

// One long journey through a dozen pages, each checked by axe.
const journey = 180_000;

// A small WebVTT transcript as a recorder's software would write it, with voice tags.
const captions = `WEBVTT

00:00:01.000 --> 00:00:05.000
<v Interviewer>What made the merger necessary, as you saw it?

00:00:05.500 --> 00:00:14.000
<v SM01>There was real tension for change after the review. The board said the programmes could not go on alone.

00:00:14.500 --> 00:00:17.000
<v Interviewer>And the resources for the joint work?

00:00:17.500 --> 00:00:24.000
<v SM01>We never had dedicated time for it, not once.
`;

describe.each(backends)('interviews in a browser, on $name', (backend) => {
  const server = useServer(backend);

  it('writes a schedule, records an interview, imports its transcript, codes it, quotes it and shows the matrix by role', async () => {
    const title = 'Interview journey';
    const slug = 'interview-journey';
    const user = await server.addUser('Ida Interviewer');
    const db = server.database.db;
    const evaluation = await createEvaluation(db, user.id, { title, slug });
    await loadFramework(db, user.id, evaluation.id, 'greenhalgh-2004');
    const aim = await addAim(db, user.id, evaluation.id, { text: 'To describe how the programmes are brought together' });
    await addQuestion(db, user.id, evaluation.id, { text: 'What do senior managers see as helping and hindering the merger?', aimIds: [aim.id] });
    const folder = mkdtempSync(join(tmpdir(), 'formative-e2e-'));
    const file = join(folder, 'sm01-interview.vtt');
    writeFileSync(file, captions);

    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(user.email, testPassword);
    await page.goto(`/evaluations/${slug}`);
    await new EvaluationOverviewPage(page, title).expectLoaded();

    // The schedule: first sent back without a title, then saved with a section, a question linked to Q1 and a prompt.
    const interviews = await InterviewsPage.fromNavigation(page);
    const schedules = await interviews.follow({ link: 'Interview schedules' }, 'Interview schedules', 'interview-schedules');
    const scheduleForm = await schedules.follow({ button: 'Write a schedule' }, 'Write an interview schedule', 'schedule-new');
    await scheduleForm.fill('Sections, questions and prompts', '# Bringing the programmes together\n1. Why were the programmes merged? [Q1]\n- Who made the case for it?\n> Ask for an example.');
    const untitled = await scheduleForm.follow({ button: 'Save the schedule' }, 'Write an interview schedule', 'schedule-new-errors');
    expect((await untitled.summaryErrors()).map((e) => e.href)).toEqual(['#title']);
    await untitled.fill('Title', 'Senior manager interviews');
    const schedule = await untitled.follow({ button: 'Save the schedule' }, 'Senior manager interviews', 'schedule');
    const scheduleText = (await page.locator('main').textContent()) ?? '';
    expect(scheduleText).toContain('Bringing the programmes together');
    expect(scheduleText).toContain('Why were the programmes merged?');
    expect(scheduleText).toContain('Who made the case for it?');
    expect(scheduleText).toContain('What do senior managers see as helping and hindering the merger?');

    // The participant and the interview, with its consents.
    const participants = await schedule.follow({ link: 'Participants' }, 'Participants', 'participants');
    const participantForm = await participants.follow({ button: 'Add a participant' }, 'Add a participant', 'participant-new');
    await participantForm.fill('Label', 'SM01');
    await participantForm.select('Role category', 'Programme lead');
    const withParticipant = await participantForm.follow({ button: 'Add participant' }, 'Participants', 'participants');
    const interviewList = await withParticipant.follow({ link: 'Interviews' }, 'Interviews', 'interviews');
    const interviewForm = await interviewList.follow({ button: 'Add an interview' }, 'Add an interview', 'interview-new');
    await interviewForm.select('Participant', /^SM01/);
    await interviewForm.fill('Day', '14');
    await interviewForm.fill('Month', '3');
    await interviewForm.fill('Year', '2006');
    await interviewForm.check('Face to face');
    for (const consent of ['The interview being recorded', 'The recording or notes being transcribed', 'Being quoted anonymously']) await interviewForm.check(consent);
    await interviewForm.select('Status', 'Held');
    await interviewForm.select('Interview schedule followed (optional)', /^Senior manager interviews/);
    const interview = await interviewForm.follow({ button: 'Add interview' }, 'Interview with SM01', 'interview');
    expect(await interview.summary()).toMatchObject({
      Participant: 'SM01 (Programme lead)',
      'Held by': 'Face to face',
      'Consent to quote': 'Yes',
      'Schedule followed': 'Senior manager interviews, version 1',
    });

    // The transcript, uploaded as a WebVTT file: one turn per speaker change, labels from the voice tags.
    const importForm = await interview.follow({ button: 'Add a transcript' }, 'Add a transcript', 'transcript-import');
    await page.getByLabel('Transcript file', { exact: true }).setInputFiles(file);
    await followNavigation(page, () => page.getByRole('button', { name: 'Add transcript', exact: true }).click());
    const transcript = await new TranscriptPage(page, 'Interview with SM01, 2006-03-14').expectLoaded();
    expect(importForm).toBeDefined();
    expect(await transcript.turns()).toEqual([
      'Interviewer: What made the merger necessary, as you saw it?',
      'SM01: There was real tension for change after the review. The board said the programmes could not go on alone.',
      'Interviewer: And the resources for the joint work?',
      'SM01: We never had dedicated time for it, not once.',
    ]);

    // Coding the first answer with the paragraph form, which works without JavaScript.
    const coding = await transcript.codeIt();
    await followNavigation(page, () => page.locator('.coding-paragraph', { hasText: 'real tension for change' }).getByRole('link', { name: /^Code this paragraph/ }).click());
    const paragraph = await new ParagraphPage(page).expectLoaded();
    expect(await paragraph.paragraphText()).toBe('There was real tension for change after the review. The board said the programmes could not go on alone.');
    const coded = await paragraph.code({ codes: ['Tension for change'], valence: 'Facilitating' }, coding.heading);
    expect(await coded.banner()).toBe('1 coding saved.');

    // The framework matrix by role category, the system readiness constructs as columns.
    await coded.backToSources();
    const matrix = await (await FrameworkMatrixPage.fromNavigation(page)).show('Role categories', 'System readiness for innovation');
    const cells = await matrix.cells();
    expect(Object.keys(cells)).toEqual(['Programme lead']);
    expect(cells['Programme lead']!['Tension for change']).toBe('1 segment for Programme lead, Tension for change');
    expect(cells['Programme lead']!['Dedicated time and resources']).toBe('0 segments for Programme lead, Dedicated time and resources');
    const cell = await matrix.openCell('Programme lead', 'Tension for change');
    await cell.fill('Summary', 'Sees the review as the trigger for the merger.');
    const summarised = await cell.follow({ button: 'Save summary' }, 'Framework matrix', 'framework-matrix-summarised');
    expect(await page.locator('#framework-matrix').textContent()).toContain('Sees the review as the trigger for the merger.');

    // A quote picked from the cell's segment, part of it only, into the quote bank.
    const again = await new FrameworkMatrixPage(summarised.page).openCell('Programme lead', 'Tension for change');
    await followNavigation(page, () => page.getByRole('link', { name: /^Add to the quote bank/ }).click());
    const newQuote = await new InterviewScreen(page, 'Add a quote', 'quote-new').expectLoaded();
    expect(again).toBeDefined();
    await newQuote.fill('Start at the words', 'real tension');
    await newQuote.fill('End with the words', 'the review');
    await newQuote.follow({ button: 'Add to the quote bank' }, 'Quote bank', 'quote-bank');
    expect(await quotesShown(page)).toEqual([{ text: '“real tension for change after the review”', attribution: 'Interviewee' }]);
  }, journey);
});
