// Third-party npm code that runs in the org, bundled by rollup (scripts/bundle-vendor.mjs) into LWC service
// modules. budgetBytes guards the size of each emitted module: Salesforce has documented a 131,072-character
// cap per LWC JavaScript file, so stay under it. The generated files are minified npm code: not linted.
const VENDOR_BUNDLES = [
    {
        name: 'diamyPhoneLib',
        entry: 'vendor/diamyPhoneLib.mjs',
        budgetBytes: 128 * 1024
    }
];

module.exports = {
    VENDOR_BUNDLES,
    VENDOR_MODULE_GLOBS: VENDOR_BUNDLES.map(({ name }) => `force-app/**/lwc/${name}/${name}.js`)
};
