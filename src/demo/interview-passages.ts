/**
 * What the demo's senior managers say, written for the demo in our own words: for each topic of
 * the interview schedule, the interviewer's question and follow-up prompts, and a handful of
 * answers that different people might give. Each answer carries the Greenhalgh et al. (2004)
 * constructs a coder would apply to it, with the direction in which it bears on the change.
 *
 * Placeholders: {unit} is the speaker's own programme or centre, {programme} a programme they
 * mention, {otherProgramme} another one, {region} a region. The names are replaced by the
 * pseudonymisation before anything is quoted.
 */

export type DemoValence = 'facilitating' | 'inhibiting' | 'mixed' | 'neutral';

/** A construct of the Greenhalgh framework by its id in frameworks/greenhalgh-2004.yaml. */
export type ConstructMark = readonly [construct: string, valence: DemoValence];

export type RoleKind = 'chief-executive' | 'programme-lead' | 'regional-director';

export interface Passage {
  text: string;
  codes: readonly ConstructMark[];
  /** Who could say it; anyone when absent. */
  roles?: readonly RoleKind[];
}

export type TopicId = 'merger' | 'leadership' | 'resources' | 'communication' | 'regional' | 'readiness' | 'pressure' | 'outcomes';

export interface Topic {
  id: TopicId;
  /** The schedule's section heading. */
  section: string;
  /** The main question, in two wordings the interviewer used. */
  questions: readonly [string, string];
  /** Follow-up prompts, as printed under the question in the schedule. */
  prompts: readonly string[];
  answers: readonly Passage[];
}

export const topics: readonly Topic[] = [
  {
    id: 'merger',
    section: 'Bringing the programmes together',
    questions: [
      'Why do you think the programmes were brought together into one organisation?',
      'Looking back, what was the case for merging the programmes, as you saw it at the time?',
    ],
    prompts: ['Was the case for the merger made to staff, and by whom?', 'How well does the merger fit the way your own work was already organised?', 'What did you expect to gain or lose?'],
    answers: [
      {
        text: 'The honest answer is that the department wanted fewer bodies to deal with. There were eight separate teams, each with its own board and its own way of reporting, and ministers were asking why so much money went on overheads. So there was a real push from above. Whether people at my level felt that push as their own is another matter. I think most of us understood the logic, even if we did not much like it.',
        codes: [['tension-for-change', 'mixed'], ['sociopolitical-climate', 'neutral']],
      },
      {
        text: 'For {unit} it made a lot of sense on paper. We were already working with the same local councils and the same health bodies as two or three of the other programmes, and we kept turning up at the same meetings with slightly different messages. One organisation should mean one conversation with a local area. That was the promise, and I still believe in it, but we have not delivered it yet.',
        codes: [['innovation-system-fit', 'facilitating'], ['tension-for-change', 'facilitating']],
        roles: ['programme-lead'],
      },
      {
        text: 'Nobody asked us. It arrived as a decision, with a date, and the work since then has been about making the best of it. I do not say that bitterly, because these things are rarely consulted on, but it meant there was no shared sense of why we were doing it. People filled the gap with their own stories, and most of those stories were about cuts.',
        codes: [['tension-for-change', 'inhibiting'], ['assessment-of-implications', 'inhibiting']],
      },
      {
        text: 'I think the case was strongest for the smaller programmes. They had no infrastructure of their own, no finance team, no one to do the contracts, and they were spending half their energy on administration. Joining something bigger gave them a back office. For the larger programmes the gain was much less obvious, and you could see that in how they behaved in the first year.',
        codes: [['assessment-of-implications', 'mixed'], ['slack-resources', 'mixed']],
        roles: ['programme-lead', 'regional-director'],
      },
      {
        text: 'We were told it was about joining up improvement work around the person rather than around the funding stream. That is a good aim. But nobody worked through what it would mean for contracts, for staff terms, for the host organisations that employed us. The implications were left for us to discover, one at a time, and each one took months to sort out.',
        codes: [['assessment-of-implications', 'inhibiting'], ['shared-meanings-and-mission', 'mixed']],
      },
      {
        text: 'There was a lot of uncertainty in the wider system at the time, too. The health bodies around us were being reorganised as well, so we were merging while our partners were merging. Every few months the people we worked with changed. It is hard to build something new when the ground under you keeps moving.',
        codes: [['environmental-stability', 'inhibiting']],
      },
    ],
  },
  {
    id: 'leadership',
    section: 'Leadership and support',
    questions: [
      'How has the change been led, from the top and within your own area?',
      'Who has been championing the new organisation, and how visible has that been?',
    ],
    prompts: ['What has the chief executive or the board done that helped?', 'Is there anyone who has acted as a champion for joint working?', 'How much say have you had in decisions?'],
    answers: [
      {
        text: 'The chief executive has been very visible, and that matters. There were road shows in every region in the first six months, and people could ask awkward questions and get a straight answer. I did not always agree with the answers. But you knew where the organisation was going, and you knew someone was prepared to stand up and argue for it.',
        codes: [['support-and-advocacy', 'facilitating'], ['leadership-and-vision', 'facilitating']],
        roles: ['programme-lead', 'regional-director'],
      },
      {
        text: 'At the top there is a clear vision. Below that, it gets thinner. The programme leads were each appointed to run their own programme, and most of us still see that as our main job. Nobody has been given the job of leading the joint work, so it depends on goodwill, and goodwill runs out when the deadlines come.',
        codes: [['leadership-and-vision', 'mixed'], ['hands-on-leadership', 'inhibiting']],
      },
      {
        text: 'I would single out a couple of the regional directors. They have been the ones pulling programmes together locally, getting people from {programme} and {otherProgramme} into the same room with a council, and showing that it can work. They are the real champions, and I am not sure the centre has noticed how much they are doing.',
        codes: [['champions', 'facilitating'], ['support-and-advocacy', 'facilitating']],
        roles: ['chief-executive', 'programme-lead'],
      },
      {
        text: 'Decisions are still made in a small circle. The management team meets, something is decided, and we hear about it through a note. That is not a criticism of any one person; it is how organisations behave when they are under pressure. But it does not help people feel that this is their organisation rather than something done to them.',
        codes: [['devolved-decision-making', 'inhibiting'], ['support-and-advocacy', 'mixed']],
        roles: ['programme-lead', 'regional-director'],
      },
      {
        text: 'My own manager has been supportive. When I wanted to second someone into a joint project with another programme, it was agreed in a week. So at that level there is backing for trying things. What is missing is backing that lasts, that turns a good local project into the normal way of working.',
        codes: [['support-and-advocacy', 'facilitating'], ['risk-taking-climate', 'facilitating']],
        roles: ['programme-lead', 'regional-director'],
      },
    ],
  },
  {
    id: 'resources',
    section: 'Time and resources',
    questions: [
      'What time and resources have been available for the work of bringing the programmes together?',
      'How have money and people been found for the joint work?',
    ],
    prompts: ['Is there a budget for work that crosses programmes?', 'How is the money shared between programmes?', 'Who does the joint work, and what do they stop doing?'],
    answers: [
      {
        text: 'There is no money for it. Every pound we have is tied to a programme, with targets attached from whoever funds that programme. If I put staff time into a joint project, I have to explain to my own funders why their targets slipped. So the joint work happens in the margins, in people\'s spare hours, and there are not many of those.',
        codes: [['dedicated-time-and-resources', 'inhibiting'], ['incentives-and-mandates', 'inhibiting']],
      },
      {
        text: 'The budget is very uneven. One programme holds most of the money, and everyone knows it. That shapes every conversation. When we talk about joint work the smaller programmes assume they will be asked to contribute time while the big one contributes its name. I do not think that is fair, but it is what people believe, and it holds things back.',
        codes: [['dedicated-time-and-resources', 'inhibiting'], ['differentiation', 'inhibiting']],
      },
      {
        text: 'We did get a small development fund in the second year, for projects that needed at least two programmes. It was not much, but it was enough to pay for some backfill, and that made a real difference. People could say yes to a joint project without dropping something else. I would like to see it doubled.',
        codes: [['dedicated-time-and-resources', 'facilitating'], ['implementation-resources', 'facilitating']],
      },
      {
        text: 'Our resources went down, not up. There was a cut in the first year and another one halfway through the second, and each time we had to decide what to drop. Joint work is always the easiest thing to drop, because nobody outside is measuring it. That is the uncomfortable truth.',
        codes: [['dedicated-time-and-resources', 'inhibiting'], ['environmental-stability', 'inhibiting']],
      },
      {
        text: 'The shared services have helped. We now have one finance team, one contracts team and one communications team, and for a programme the size of {unit} that is a real gain. I no longer spend Friday afternoons chasing invoices. So some time has been freed, although I would not claim it has all gone into joint work.',
        codes: [['slack-resources', 'facilitating'], ['implementation-resources', 'facilitating']],
        roles: ['programme-lead'],
      },
    ],
  },
  {
    id: 'communication',
    section: 'Working across programmes',
    questions: [
      'How much do the programmes talk to each other and work together now?',
      'Can you tell me about the contact you have with the other programmes?',
    ],
    prompts: ['Are there examples of joint projects?', 'Where do people meet across programmes?', 'Do the programmes understand each other\'s work?'],
    answers: [
      {
        text: 'Much more than before, but from a very low base. Before the merger I could not have told you who led {otherProgramme}. Now I see them every month at the management team, and we have a couple of things going together. It is still mostly personal contact, though. If either of us left, I am not sure the link would survive.',
        codes: [['social-networks', 'facilitating'], ['internal-communication', 'mixed']],
        roles: ['programme-lead'],
      },
      {
        text: 'The programmes still speak different languages. Mental health people talk about recovery, the children\'s people talk about outcomes frameworks, the equipment people talk about procurement. When we sit down together, the first hour is spent working out what the other person means. There is no shared way of describing what we are all trying to do.',
        codes: [['shared-meanings-and-mission', 'inhibiting'], ['internal-communication', 'inhibiting']],
      },
      {
        text: 'The intranet and the weekly bulletin have made a difference to what people know. You can now see what every programme is doing and who to ring. That sounds small, but a year ago the information simply was not there. Knowing is not the same as working together, of course, but it is the first step.',
        codes: [['internal-communication', 'facilitating'], ['communication-and-information', 'facilitating']],
      },
      {
        text: 'Some of our staff have become go-betweens. They have worked in two programmes, or they sit in a regional centre and deal with everyone, and they carry ideas from one to the other. They are enormously valuable and completely unofficial. Nobody has written their role down, and nobody would miss it until it was gone.',
        codes: [['boundary-spanners', 'facilitating'], ['social-networks', 'facilitating']],
      },
      {
        text: 'There is still competition. Programmes bid against each other for the same pots of money and the same ministerial attention. You cannot expect people to share openly with someone they will be competing with next month. Until the funding rewards joint bids, the behaviour will not change much.',
        codes: [['internal-communication', 'inhibiting'], ['incentives-and-mandates', 'inhibiting']],
      },
    ],
  },
  {
    id: 'regional',
    section: 'The regions and the centre',
    questions: [
      'How does the relationship between the regional centres and the national programmes work?',
      'What part do the regional development centres play in the new organisation?',
    ],
    prompts: ['Who decides what the regions work on?', 'How do national programmes reach local services?', 'Has the balance changed since the merger?'],
    answers: [
      {
        text: 'The regions are where the programmes meet the real world. In {region} we deal with the same councils and health bodies whatever the programme, so it is natural for us to join things up. The national programmes, by contrast, still think in straight lines from their own funder down to a local site. There is a tension between those two ways of seeing the work.',
        codes: [['decentralisation', 'mixed'], ['interorganisational-networks', 'facilitating']],
        roles: ['regional-director'],
      },
      {
        text: 'The regional centres have too many masters. Each programme wants a slice of regional time for its own priorities, and the regional director has to juggle them. Nobody in the centre adds up all the demands, so the regions get asked for more than they can possibly deliver, and then get blamed for delivering it late.',
        codes: [['differentiation', 'inhibiting'], ['dedicated-time-and-resources', 'inhibiting']],
        roles: ['chief-executive', 'regional-director'],
      },
      {
        text: 'I would like more decisions to be made in the regions. We know which local areas are ready for change and which are not. At the moment a national programme can decide to work somewhere without asking us, and we find out when a local director rings to ask what is going on. That does not make us look like one organisation.',
        codes: [['devolved-decision-making', 'inhibiting'], ['decentralisation', 'inhibiting']],
        roles: ['regional-director'],
      },
      {
        text: 'It has got better. The regional directors now sit on the management team, which they did not in the first year, and the programme plans are shared with the regions before they are signed off. There is still a long way to go, but the regions have a voice now, and people in the programmes are starting to listen.',
        codes: [['devolved-decision-making', 'facilitating'], ['internal-communication', 'facilitating']],
      },
      {
        text: 'From a programme\'s point of view, the regions are essential but uneven. In some places the regional team knows our work well and opens doors for us. In others we hardly see them. I do not think that is anyone\'s fault; they are stretched. But it means the reach of {unit} depends on which region you happen to be in.',
        codes: [['interorganisational-networks', 'mixed'], ['decentralisation', 'mixed']],
        roles: ['programme-lead'],
      },
    ],
  },
  {
    id: 'readiness',
    section: 'Readiness for change',
    questions: [
      'How ready were people in your part of the organisation for the change?',
      'How did staff respond to the merger, and how ready do you think they are now?',
    ],
    prompts: ['Were staff involved in planning the change?', 'What worries did people have?', 'Is the organisation able to tell whether the change is working?'],
    answers: [
      {
        text: 'People were anxious, mostly about jobs and terms. Many of our staff are on secondment from other bodies, and they did not know whether they would have a post at the end of it. When people are worried about their own future, it is very hard to get them interested in joint working. The human side of it was underestimated.',
        codes: [['human-resource-issues', 'inhibiting'], ['tension-for-change', 'inhibiting']],
      },
      {
        text: 'In {unit} people were quite ready, actually. We are used to change; that is what an improvement programme does for a living. Once people saw that their own projects would carry on, most of them were willing to give the new arrangements a go. The ones who struggled were the long-serving staff who had built the programme from nothing.',
        codes: [['tension-for-change', 'facilitating'], ['risk-taking-climate', 'facilitating']],
      },
      {
        text: 'Staff were not involved in the planning, and it shows. A few were invited to a workshop, but the big decisions had already been made. If you want people to own a change, they have to help shape it. We missed that chance, and we have been paying for it since in low morale and in people leaving.',
        codes: [['user-involvement', 'inhibiting'], ['human-resource-issues', 'inhibiting']],
      },
      {
        text: 'We have no good way of knowing whether the merger is working. Each programme reports on its own targets, and none of those targets is about joint work. So we can tell you how many events the programmes ran, but not whether the organisation is any more joined up than it was. That makes it hard to argue for more of it.',
        codes: [['capacity-to-evaluate', 'inhibiting'], ['feedback-on-progress', 'inhibiting']],
      },
      {
        text: 'I think readiness is growing. The survey last year was a shock to the management team, because it showed how unsettled people were. But it was taken seriously. There is now a staff group, and the changes to the structure were talked through with them first. People notice when they are listened to.',
        codes: [['capacity-to-evaluate', 'facilitating'], ['user-involvement', 'facilitating']],
      },
    ],
  },
  {
    id: 'pressure',
    section: 'Pressure of work',
    questions: [
      'How would you describe the pressure of work since the merger?',
      'What has the workload been like for you and your staff over the last year?',
    ],
    prompts: ['Where does the pressure come from?', 'What gets squeezed out?', 'How do staff cope?'],
    answers: [
      {
        text: 'Relentless. We are doing the programme work we always did, plus all the work of the merger: new systems, new policies, new meetings. Nobody took anything away. I have people working evenings to keep up, and that is not something you can ask of them for long. Sooner or later it shows in sickness or in people leaving.',
        codes: [['human-resource-issues', 'inhibiting'], ['dedicated-time-and-resources', 'inhibiting']],
      },
      {
        text: 'Much of the pressure comes from outside. Every programme has targets set by its funder, and those targets did not change when we merged. In a way we are answerable to eight different masters, and each one expects full attention. Until the targets are brought together, the pressure will pull the programmes apart.',
        codes: [['incentives-and-mandates', 'inhibiting'], ['sociopolitical-climate', 'inhibiting']],
      },
      {
        text: 'It has been hard, but I would not say it is worse than before. Some of the administration has gone to the shared services, which has helped. The pressure now is more about uncertainty than volume: not knowing what next year\'s budget will be, or whether the organisation itself will survive the next review.',
        codes: [['environmental-stability', 'inhibiting'], ['slack-resources', 'facilitating']],
      },
      {
        text: 'What gets squeezed out is thinking time. We are so busy delivering that we hardly stop to ask whether it is working, or to learn from each other. The joint projects that succeeded were the ones where somebody protected a few days a month for it. That protection is the exception, not the rule.',
        codes: [['dedicated-time-and-resources', 'mixed'], ['capacity-to-evaluate', 'inhibiting']],
      },
      {
        text: 'My team copes because they believe in the work. That is the great strength of an organisation like this: people came into it because they care about services for older people, or for people with learning disabilities. But belief is not a plan. You cannot run an organisation on goodwill for ever.',
        codes: [['human-resource-issues', 'mixed'], ['shared-meanings-and-mission', 'facilitating']],
        roles: ['programme-lead', 'regional-director'],
      },
    ],
  },
  {
    id: 'outcomes',
    section: 'What has changed',
    questions: [
      'What difference has the new organisation made so far, for your programme and for local services?',
      'If you look at what has come out of the merger so far, what would you point to?',
    ],
    prompts: ['Have any of the results surprised you?', 'What has been lost?', 'What would you want the evaluation to look at?'],
    answers: [
      {
        text: 'For local services, I can point to a handful of places where two or three programmes worked together and the result was better than any of us could have done alone. A joint piece on discharge from hospital, for example. Those are real. But they are still the exception, and they depended on particular people.',
        codes: [['desirable-or-undesirable', 'facilitating'], ['champions', 'facilitating']],
      },
      {
        text: 'Something we did not expect: our profile with the department has gone up. Speaking as one organisation, we are taken more seriously, and doors open that were closed to a small programme. That was never the point of the merger, but it has been one of the clearest gains.',
        codes: [['anticipated-or-unanticipated', 'facilitating'], ['sociopolitical-climate', 'facilitating']],
      },
      {
        text: 'We have lost some of our identity. {unit} had a name people knew and trusted, and now we are one part of something bigger that fewer people recognise. Some of our local partners still do not know we have merged. That loss of identity is a real cost, and I do not think it was ever weighed.',
        codes: [['desirable-or-undesirable', 'inhibiting'], ['assessment-of-implications', 'inhibiting']],
        roles: ['programme-lead'],
      },
      {
        text: 'Honestly, it is too early to say. Two years is not long for a change of this size, and most of that time has gone on getting the organisation to work at all. I would want the evaluation to come back in another two years and look at whether the joint working has become the normal way of doing things.',
        codes: [['feedback-on-progress', 'neutral'], ['capacity-to-evaluate', 'neutral']],
      },
      {
        text: 'Internally, the biggest change is that people now know each other. That sounds trivial, but it is the basis for everything else. The management team works as a team now, most of the time, and the programme leads will pick up the phone to each other. A year ago that did not happen.',
        codes: [['social-networks', 'facilitating'], ['desirable-or-undesirable', 'facilitating']],
      },
    ],
  },
];

/** The answer to "tell me about your role", in a few forms per role. */
export const roleAnswers: Record<RoleKind, readonly string[]> = {
  'chief-executive': [
    'I was appointed as chief executive when the partnership was set up, so I have been here from the start. My job is to hold the whole thing together: the programmes, the regional centres, the board, and the relationship with the department that funds most of us.',
    'I lead the organisation as a whole. In practice that means a lot of time with the board and the department, making the case for what we do, and the rest of it with the management team, trying to turn eight programmes into one organisation.',
  ],
  'programme-lead': [
    'I lead {unit}. I have been with the programme for about four years, so I was there before the merger and I have seen it from both sides. Most of my time goes on our own projects, with the rest on the management team and on whatever the merger needs that week.',
    'My role is head of {unit}, one of the programmes that came into the partnership. I manage a team spread between the national office and several regions, and I report to the chief executive. I joined the programme not long before the merger was announced.',
    'I look after a strand of work within {unit}. I have a small team and a budget of my own, and I work closely with the regional centres, because almost everything we do is delivered locally rather than from the national office.',
  ],
  'regional-director': [
    'I am the regional director for {region}. I run the development centre there, with a team of about a dozen people, and my job is to make the national programmes work for the local councils and health bodies in the region.',
    'I direct the centre in {region}. Before the merger the centre worked mainly for one programme; now it is meant to work for all of them, and a good deal of my time goes on deciding whose priorities come first.',
  ],
};

/** What people say when asked if there is anything else. */
export const closingAnswers: readonly string[] = [
  'Only that I hope the evaluation is used. We have had reviews before, and they sat on a shelf. If this one helps us see what is working and what is not, it will be worth the time.',
  'Just that people here are committed, whatever the difficulties. I would not want the report to lose sight of that.',
  'I think we have covered most of it. The one thing I would add is that the next year will decide whether this works, so the timing of your report matters.',
  'No, I think that is everything. Thank you for listening; it has been useful to stop and think about it.',
  'Perhaps that the smaller programmes feel the change more than the larger ones. I hope you speak to all of them.',
];

/** Short ways into an answer, so the same passage does not always start the same way. */
export const openers: readonly string[] = ['', '', '', 'Well, ', 'I think ', 'That is a good question. ', 'Let me think about that. ', 'It depends who you ask. '];

/** Shorter ways into an answer to a follow-up. */
export const followUpOpeners: readonly string[] = ['', '', '', 'Yes. ', 'Right. ', 'Well, ', 'I suppose ', 'Partly. '];

/** Ways the interviewer moves on or follows up. */
export const followUps: readonly string[] = ['Can you say a little more about that?', 'Could you give me an example?', 'How did that feel at the time?', 'And has that changed since?', 'Why do you think that is?'];
