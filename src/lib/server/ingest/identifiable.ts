// Ingest takes pseudonyms only. These checks catch the identifiers a source system is most likely to leak into a
// pseudonym field by mistake; they are a safety net, not a substitute for the source's pseudonymisation.

/** NHS numbers are 10 digits whose last is a modulus-11 check digit. */
export function isNhsNumber(digits: string): boolean {
	if (!/^\d{10}$/.test(digits)) return false;
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
	const check = 11 - (sum % 11);
	if (check === 10) return false;
	return (check === 11 ? 0 : check) === Number(digits[9]);
}

const POSTCODE = /\b(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/i;
const DATE_LIKE = /\b(\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b/;
const PERSON_NAME = /^[A-Z][a-z'-]+(?: [A-Z][a-z'-]+)+$/;

/** Field names that can only carry identifiable data. */
export const IDENTIFIABLE_FIELDS = new Set([
	'name',
	'firstname',
	'forename',
	'givenname',
	'surname',
	'lastname',
	'familyname',
	'fullname',
	'patientname',
	'nhsnumber',
	'nhsno',
	'nhs',
	'dob',
	'dateofbirth',
	'birthdate',
	'postcode',
	'address',
	'hospitalnumber',
	'mrn',
	'phone',
	'telephone',
	'email'
]);

export const isIdentifiableFieldName = (field: string) =>
	IDENTIFIABLE_FIELDS.has(field.toLowerCase().replace(/[^a-z]/g, ''));

/** Why a pseudonymous identifier looks identifiable, or null. */
export function identifiableReason(value: string): string | null {
	const digitRuns = value.match(/\d[\d -]{8,}\d/g) ?? [];
	for (const run of digitRuns) {
		if (isNhsNumber(run.replace(/[ -]/g, '')))
			return 'identifiable data not accepted: looks like an NHS number';
	}
	if (POSTCODE.test(value)) return 'identifiable data not accepted: looks like a postcode';
	if (DATE_LIKE.test(value)) return 'identifiable data not accepted: looks like a date (of birth?)';
	if (PERSON_NAME.test(value.trim())) return "identifiable data not accepted: looks like a person's name";
	return null;
}
