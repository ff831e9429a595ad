// Entry of the diamyPhoneLib LWC service module: the parts of libphonenumber-js the package uses, bundled
// with the "min" metadata set (all countries, enough to parse and validate numbers; no number-type data).
// Built by `npm run build` (scripts/bundle-vendor.mjs) into force-app/main/default/lwc/diamyPhoneLib/.
export {
    parsePhoneNumberFromString,
    isSupportedCountry,
    getCountryCallingCode
} from 'libphonenumber-js/min';
