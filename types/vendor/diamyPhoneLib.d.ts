// Types of the bundled libphonenumber-js service module (see vendor/diamyPhoneLib.mjs).
declare module 'c/diamyPhoneLib' {
    export { parsePhoneNumberFromString, isSupportedCountry, getCountryCallingCode } from 'libphonenumber-js/min';
}
