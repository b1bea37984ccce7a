/**
 * The fictional partnership's structure: one organisation, eight programmes, eight regional
 * development centres and a corporate unit. Unit names are unique, so later steps find units by name.
 */
export const organisationUnit = { name: 'Care Services Improvement Partnership', shortName: 'CSIP' };

export const programmes = [
  { name: 'Mental Health Institute', shortName: 'MHI' },
  { name: 'Valuing People Support Team', shortName: 'VPST' },
  { name: 'Change Agent Team', shortName: 'CAT' },
  { name: 'Integrated Care Network', shortName: 'ICN' },
  { name: 'Change for Children', shortName: 'CfC' },
  { name: 'Integrated Community Equipment Support', shortName: 'ICES' },
  { name: 'Child and Adolescent Mental Health Support Service', shortName: 'CAMHS' },
  { name: 'Health in Criminal Justice', shortName: 'HCJ' },
] as const;

export const regions = [
  { name: 'Eastern', shortName: 'East' },
  { name: 'London', shortName: 'London' },
  { name: 'North East, Yorkshire and Humber', shortName: 'NEYH' },
  { name: 'North West', shortName: 'NW' },
  { name: 'East Midlands', shortName: 'EM' },
  { name: 'West Midlands', shortName: 'WM' },
  { name: 'South East', shortName: 'SE' },
  { name: 'South West', shortName: 'SW' },
] as const;

export const corporateUnit = { name: 'Accommodation and servicing', shortName: '' };

export type ProgrammeName = (typeof programmes)[number]['name'];
export type RegionName = (typeof regions)[number]['name'];
