/**
 * Common British given names and surnames for the fictional staff directory. Any resemblance of a
 * generated name to a real person is chance: names are drawn at random and joined.
 */
export const givenNames: readonly string[] = [
  'Aisha', 'Alan', 'Alison', 'Amanda', 'Amir', 'Andrew', 'Angela', 'Anthony', 'Barbara', 'Brian',
  'Caroline', 'Catherine', 'Charlotte', 'Christine', 'Christopher', 'Claire', 'Colin', 'Daniel', 'David', 'Deborah',
  'Declan', 'Derek', 'Diane', 'Donna', 'Edward', 'Elizabeth', 'Emma', 'Fatima', 'Fiona', 'Gareth',
  'Geoffrey', 'Gillian', 'Graham', 'Hannah', 'Helen', 'Ian', 'Imran', 'Jacqueline', 'James', 'Janet',
  'Jennifer', 'Joanne', 'John', 'Jonathan', 'Julie', 'Karen', 'Katherine', 'Keith', 'Kevin', 'Laura',
  'Linda', 'Lorraine', 'Margaret', 'Mark', 'Martin', 'Michael', 'Michelle', 'Mohammed', 'Nadia', 'Neil',
  'Nicola', 'Niamh', 'Nigel', 'Patricia', 'Paul', 'Peter', 'Philip', 'Priya', 'Rachel', 'Rajesh',
  'Rebecca', 'Richard', 'Robert', 'Rosemary', 'Ruth', 'Samantha', 'Sandra', 'Sarah', 'Simon', 'Siobhan',
  'Stephen', 'Steven', 'Susan', 'Thomas', 'Timothy', 'Tracey', 'Valerie', 'Wendy', 'William', 'Yvonne',
];

export const surnames: readonly string[] = [
  'Adams', 'Ahmed', 'Allen', 'Anderson', 'Atkinson', 'Bailey', 'Baker', 'Barker', 'Barnes', 'Bell',
  'Bennett', 'Brown', 'Butler', 'Campbell', 'Carter', 'Chapman', 'Clarke', 'Collins', 'Cook', 'Cooper',
  'Cox', 'Davies', 'Dawson', 'Dixon', 'Doherty', 'Edwards', 'Ellis', 'Evans', 'Fisher', 'Fletcher',
  'Foster', 'Fox', 'Gibson', 'Graham', 'Gray', 'Green', 'Griffiths', 'Hall', 'Harris', 'Harrison',
  'Hart', 'Hill', 'Holmes', 'Hughes', 'Hunt', 'Hussain', 'Jackson', 'James', 'Jenkins', 'Johnson',
  'Jones', 'Kaur', 'Kelly', 'Kennedy', 'Khan', 'King', 'Knight', 'Lawrence', 'Lee', 'Lewis',
  'Lloyd', 'Marshall', 'Martin', 'Mason', 'Matthews', 'Mills', 'Mitchell', 'Moore', 'Morgan', 'Morris',
  'Murphy', "O'Brien", "O'Connor", 'Owen', 'Palmer', 'Parker', 'Patel', 'Pearson', 'Phillips', 'Powell',
  'Price', 'Reid', 'Richards', 'Roberts', 'Robinson', 'Rogers', 'Russell', 'Scott', 'Shah', 'Shaw',
  'Simpson', 'Singh', 'Smith', 'Stevens', 'Stewart', 'Taylor', 'Thomas', 'Thompson', 'Turner', 'Walker',
  'Ward', 'Watson', 'White', 'Wilkinson', 'Williams', 'Wilson', 'Wood', 'Wright', 'Young',
];

/** Short forms people use for themselves, which a directory then records as a second person. */
export const shortForms: Readonly<Record<string, string>> = {
  Andrew: 'Andy',
  Anthony: 'Tony',
  Catherine: 'Cathy',
  Christopher: 'Chris',
  Daniel: 'Dan',
  David: 'Dave',
  Deborah: 'Debbie',
  Edward: 'Ed',
  Elizabeth: 'Liz',
  Geoffrey: 'Geoff',
  Jacqueline: 'Jackie',
  James: 'Jim',
  Jennifer: 'Jenny',
  Jonathan: 'Jon',
  Katherine: 'Kate',
  Margaret: 'Maggie',
  Michael: 'Mike',
  Nicola: 'Nicky',
  Patricia: 'Pat',
  Philip: 'Phil',
  Rebecca: 'Becky',
  Richard: 'Rich',
  Robert: 'Bob',
  Samantha: 'Sam',
  Stephen: 'Steve',
  Susan: 'Sue',
  Thomas: 'Tom',
  Timothy: 'Tim',
  William: 'Bill',
};
