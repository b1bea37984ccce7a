import { corporateUnit, organisationUnit, programmes, regions, type RegionName } from './structure.ts';

/**
 * How many distinct people each unit has in the demo directory, what its first person is called
 * (the senior manager the interviews would approach) and what the others do.
 */
export interface Staffing {
  unit: string;
  count: number;
  leadTitle: string;
  titles: readonly string[];
  /** The share of staff based in a region rather than at the national office. */
  regionShare: number;
  /** For a regional centre: the region everyone is based in. */
  homeRegion?: RegionName;
}

// Titles repeat to weight them: most staff manage projects or run the office.
const programmeTitles = [
  'Deputy programme lead', 'Project manager', 'Project manager', 'Project manager', 'Programme manager',
  'Development worker', 'Development worker', 'Associate', 'Analyst', 'Information officer',
  'Communications officer', 'Administrator', 'Administrator', 'Administrator', 'Personal assistant',
];

const regionTitles = [
  'Regional development manager', 'Regional development manager', 'Project manager', 'Project manager',
  'Regional associate', 'Analyst', 'Finance officer', 'Administrator', 'Administrator', 'Personal assistant',
];

const corporateTitles = [
  'Facilities officer', 'Finance officer', 'Finance officer', 'Human resources adviser', 'IT support officer',
  'Receptionist', 'Administrator', 'Administrator',
];

// About 460 distinct people, so that once leavers are left out and the pilot's 30 set aside, the
// main sample of 400 can still be drawn from every programme; the mental health programme, with
// most of the money, has most of the staff.
const programmeSizes: Record<(typeof programmes)[number]['shortName'], number> = {
  MHI: 152,
  VPST: 33,
  CAT: 28,
  ICN: 17,
  CfC: 27,
  ICES: 20,
  CAMHS: 24,
  HCJ: 37,
};

const REGIONAL_CENTRE_SIZE = 13;

export const staffing: readonly Staffing[] = [
  { unit: organisationUnit.name, count: 2, leadTitle: 'Chief executive', titles: ['Personal assistant'], regionShare: 0 },
  ...programmes.map((p) => ({
    unit: p.name,
    count: programmeSizes[p.shortName],
    leadTitle: 'Programme lead',
    titles: programmeTitles,
    // The mental health programme works mostly through the regional centres.
    regionShare: p.shortName === 'MHI' ? 0.7 : 0.4,
  })),
  ...regions.map((r) => ({
    unit: r.name,
    count: REGIONAL_CENTRE_SIZE,
    leadTitle: 'Regional director',
    titles: regionTitles,
    regionShare: 1,
    homeRegion: r.name,
  })),
  { unit: corporateUnit.name, count: 16, leadTitle: 'Head of accommodation and servicing', titles: corporateTitles, regionShare: 0 },
];

/**
 * Telephone numbers from the ranges Ofcom keeps for fiction, so no generated number reaches anyone:
 * each region gets a nearby area's range; national staff sit in London.
 */
export const phonePrefixes: Readonly<Record<RegionName | 'mobile', string>> = {
  Eastern: '01632 960',
  London: '020 7946 0',
  'North East, Yorkshire and Humber': '0113 496 0',
  'North West': '0161 496 0',
  'East Midlands': '0115 496 0',
  'West Midlands': '0121 496 0',
  'South East': '0118 496 0',
  'South West': '0117 496 0',
  mobile: '07700 900',
};
