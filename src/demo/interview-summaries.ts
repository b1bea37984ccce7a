/**
 * What the analyst wrote in a few cells of the framework matrix (role categories by the
 * constructs of Greenhalgh's "system readiness for innovation"), in our own words, as a team
 * would after reading the coded segments of each cell.
 */

export interface MatrixSummary {
  /** The row: a role category as the participants hold it. */
  role: string;
  /** The column: a construct's id in frameworks/greenhalgh-2004.yaml. */
  construct: string;
  text: string;
}

const summaries: readonly MatrixSummary[] = [
  {
    role: 'Chief executive',
    construct: 'tension-for-change',
    text: 'Sees the pressure for the merger as coming from the department (fewer bodies, lower overheads) and accepts that staff did not share it at first. Frames the merger as an opportunity rather than a cut.',
  },
  {
    role: 'Chief executive',
    construct: 'support-and-advocacy',
    text: 'Points to the regional directors as the people making joint work happen locally; aware that the centre may not recognise how much they carry.',
  },
  {
    role: 'Programme lead',
    construct: 'tension-for-change',
    text: 'Split. Leads of the smaller programmes saw a clear gain (a back office, one voice to local areas); leads in the largest programme saw little reason to change. Several say the case was never made to staff, who filled the gap with stories about cuts.',
  },
  {
    role: 'Programme lead',
    construct: 'dedicated-time-and-resources',
    text: 'The strongest and most consistent theme: no budget for work across programmes, every pound tied to a programme\'s own targets, and joint work the first thing dropped after each cut. The small development fund of the second year is the one facilitator named.',
  },
  {
    role: 'Programme lead',
    construct: 'support-and-advocacy',
    text: 'Visible support from the chief executive (the regional road shows) is valued; below the top, nobody owns joint work, so it runs on goodwill. Line managers approve small joint projects quickly.',
  },
  {
    role: 'Regional director',
    construct: 'dedicated-time-and-resources',
    text: 'Regional centres are asked by every programme for a share of the same small team, and nobody adds the demands up. Shared services have freed some administrative time.',
  },
  {
    role: 'Regional director',
    construct: 'capacity-to-evaluate',
    text: 'No measure of joint working exists: each programme reports on its own targets. The staff survey is mentioned as the first evidence the management team acted on.',
  },
  {
    role: 'Regional director',
    construct: 'tension-for-change',
    text: 'Regional directors see the merger as natural from where they sit, since they already deal with the same local bodies for every programme; the tension they describe is with national programmes working in straight lines from their funders.',
  },
];

export function matrixSummaries(): readonly MatrixSummary[] {
  return summaries;
}
