/**
 * Words for the synthetic transcripts: the everyday vocabulary of people talking about a merger
 * of improvement programmes, plus function words so the text reads like speech to the parser.
 * Picked by a skewed random draw, so a few words are very common and most are rare, as in talk.
 */
export const functionWords = `the and to of a in that we it is was for on with they have be at as this but not
are so what there about our them if you all were just more when had would can from which who
really think know very been because then people time there one out also much some them well
going into how their other only about even could still said get did quite lot things much any`
  .split(/\s+/)
  .filter(Boolean);

export const topicWords = `programme programmes merger partnership centre centres regional region director directors
board chief executive lead leads leadership manager managers management staff team teams
budget funding money resources resourcing cuts savings allocation commissioning commissioners
strategy strategic plan plans planning business deliverables workstream workstreams priorities
priority targets target outcomes outcome evidence evaluation evaluators review reviewed
change changes changing tension pressure urgency culture cultural values trust relationships
networks network partners partner stakeholders stakeholder external internal structure
structures restructuring reorganisation hierarchy accountability governance decisions decision
support supportive advocacy champion champions sponsor sponsorship engagement involvement
involve involved consultation communication communications meetings meeting email newsletter
training development learning skills capacity capability expertise knowledge sharing
mental health learning disabilities children services older criminal justice integrated care
community equipment social improvement innovation innovations adoption adopt spread
sustain sustainability pilot pilots project projects site sites practitioners front line
clinicians nurses therapists patients users carers families service delivery quality safety
waiting times access referral referrals pathway pathways local national government department
policy policies guidance framework frameworks standards measures measurement data information
systems technology workload overload morale motivation burnout recruitment retention posts
vacancies contracts contract variation protocol fieldwork survey surveys interviews findings
report reports interim final recommendations barriers barrier facilitators facilitator enablers
difficult difficulty problem problems issue issues concern concerns worry worried frustrated
positive negative helpful unhelpful slow quickly slowly early late delayed delay timescale
timescales deadline deadlines months years week weeks year month history legacy previous
before after during since across between within beyond towards together separate separately
joint jointly shared common different similar duplicated duplication overlap overlapping
confusion confused clarity clear unclear vision mission purpose direction direct indirect
credibility credible reputation profile visibility visible invisible hidden informal formal
senior junior middle operational tactical day ground reality realistic ambitious ambition`
  .split(/\s+/)
  .filter(Boolean);
