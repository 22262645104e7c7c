/**
 * NHS number check: ten digits whose tenth is the modulus-11 check digit of the first nine (weights 10 to 2;
 * 11 − (sum mod 11), where 11 becomes 0 and 10 means the number is invalid). NHS Data Dictionary, "NHS Number".
 */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce(
    (total, digit, index) => total + Number(digit) * (10 - index),
    0,
  );
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
