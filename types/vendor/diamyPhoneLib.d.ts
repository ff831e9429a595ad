// Types of the bundled libphonenumber-js service module (see vendor/diamyPhoneLib.mjs). c/diamyPhoneMatch imports it
// dynamically (import('c/diamyPhoneLib')); PhoneLibrary is the module it resolves to.
declare module 'c/diamyPhoneLib' {
    export { parsePhoneNumberFromString, isSupportedCountry, getCountryCallingCode } from 'libphonenumber-js/min';
    export type PhoneLibrary = typeof import('c/diamyPhoneLib');
}
